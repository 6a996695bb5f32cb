"""Brokers and standing: betweenness, bridging, signed strengths, PageRank."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.alliances import blocs, brokers, signed_graph
from graph.alliances.brokers import support_betweenness
from graph.alliances.synthetic import edge, planted_blocs, snapshot
from graph.model import RelationType
from tests.unit.test_alliances_signed import reference_snapshot

SUP, OPP = RelationType.SUPPORTS, RelationType.OPPOSES


def two_camps_and_a_broker() -> nx.MultiDiGraph:
    """Two tight camps that fight each other; "go-between" supports one member of each."""
    edges = []
    for camp in "ab":
        members = [f"{camp}{i}" for i in range(5)]
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                edges.append(edge(x, y, SUP))
    edges += [edge(f"a{i}", f"b{i}", OPP, mentions=2) for i in range(5)]
    edges += [edge("go-between", "a0", SUP, mentions=3), edge("go-between", "b0", SUP, mentions=3)]
    return snapshot([], edges)


def test_the_go_between_is_the_top_broker_and_bridge() -> None:
    graph = signed_graph(two_camps_and_a_broker())
    found = blocs(graph)
    result = brokers(graph, found)
    assert result.brokers[0].actor == "go-between"
    assert result.bridges[0].actor == "go-between"
    standing = {s.actor: s for s in result.actors}
    # its support is split evenly between two blocs (its own is one of them, or neither)
    assert standing["go-between"].bridging == pytest.approx(0.5)
    assert standing["a3"].bridging == 0.0  # all its support stays inside its camp
    assert standing["a3"].betweenness == 0.0
    assert result.betweenness_exact


def test_betweenness_matches_networkx_on_the_support_graph() -> None:
    graph = signed_graph(planted_blocs([20, 20, 20], ties=500, noise=0.1, seed=2).snapshot)
    values, exact, used = support_betweenness(graph)
    assert exact and used == len(graph.nodes)
    support = nx.Graph()
    support.add_nodes_from(range(len(graph.nodes)))
    support.add_edges_from((u, v) for u, v, w in graph.rows() if w > 0)
    expected = nx.betweenness_centrality(support, normalized=True)
    assert values.tolist() == pytest.approx([expected[i] for i in range(len(graph.nodes))])


def test_sampled_betweenness_estimates_the_exact_ranking() -> None:
    graph = signed_graph(planted_blocs([100] * 4, ties=2000, noise=0.1, seed=3).snapshot)
    exact, _, _ = support_betweenness(graph, sources=10_000)
    sampled, is_exact, used = support_betweenness(graph, sources=150, seed=1)
    assert not is_exact and used == 150
    top_exact = set(exact.argsort()[-10:].tolist())
    top_sampled = set(sampled.argsort()[-10:].tolist())
    assert len(top_exact & top_sampled) >= 7
    assert float(sampled.sum()) == pytest.approx(float(exact.sum()), rel=0.15)


def test_signed_strengths_in_and_out() -> None:
    edges = [
        edge("a", "target", SUP, confidence=1.0),  # 1.0
        edge("b", "target", SUP, confidence=1.0, mentions=3),  # 2.0
        edge("c", "target", OPP, confidence=0.5),  # 0.5
        edge("target", "c", OPP, confidence=1.0),  # 1.0
        edge("c", "enemy", OPP, confidence=1.0, mentions=7),  # 3.0
        edge("a", "enemy", OPP, confidence=1.0, mentions=3),  # 2.0
    ]
    graph = signed_graph(snapshot([], edges))
    result = brokers(graph)
    standing = {s.actor: s for s in result.actors}
    target = standing["target"]
    assert (target.support_in, target.support_out) == (3.0, 0.0)
    assert (target.opposition_in, target.opposition_out) == (0.5, 1.0)
    assert [s.actor for s in result.most_supported] == ["target"]
    assert [s.actor for s in result.most_opposed] == ["enemy", "c", "target"]
    assert result.most_opposed[0].score == 5.0
    assert standing["a"].bloc is None  # no blocs were given


def test_pagerank_follows_support_and_matches_networkx() -> None:
    graph = signed_graph(planted_blocs([15, 15], ties=200, noise=0.1, seed=4).snapshot)
    result = brokers(graph, top=5)
    support = nx.DiGraph()
    support.add_nodes_from(graph.nodes)
    for u, v, s in zip(graph.arc_u, graph.arc_v, graph.arc_support, strict=True):
        if s > 0:
            support.add_edge(graph.nodes[u], graph.nodes[v], weight=float(s))
    expected = nx.pagerank(support, alpha=0.85, weight="weight", tol=1e-12, max_iter=1000)
    for s in result.actors:
        assert s.pagerank == pytest.approx(expected[s.actor], abs=1e-5)
    assert result.pagerank[0].actor == max(expected, key=lambda a: (expected[a], a))
    assert len(result.pagerank) == 5


def test_reference_article_standing() -> None:
    graph = signed_graph(reference_snapshot(), fold=True)
    result = brokers(graph, blocs(graph))
    assert result.most_supported[0].actor == "syria"
    assert result.most_opposed[0].actor == "hayat-tahrir-al-sham"
    assert result.pagerank[0].actor == "syria"
    standing = {s.actor: s for s in result.actors}
    assert standing["syria"].bloc == standing["iran"].bloc != standing["hayat-tahrir-al-sham"].bloc


def test_standing_is_deterministic_and_json() -> None:
    graph = signed_graph(planted_blocs([30, 30, 30], ties=700, seed=5).snapshot)
    found = blocs(graph)
    first = brokers(graph, found, betweenness_sources=20).model_dump(mode="json")
    assert brokers(graph, found, betweenness_sources=20).model_dump(mode="json") == first
    assert first["betweenness_sources"] == 20 and not first["betweenness_exact"]
    assert [s["actor"] for s in first["actors"]] == sorted(graph.nodes)

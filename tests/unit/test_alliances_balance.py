"""Structural balance: textbook triangles, the balance ratio and who sits in tensions."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from graph.alliances import balance, signed_graph
from graph.alliances.balance import triangles
from graph.alliances.synthetic import edge, planted_blocs, snapshot
from graph.model import RelationType
from tests.unit.test_alliances_signed import reference_snapshot

SUP, OPP = RelationType.SUPPORTS, RelationType.OPPOSES


def triad(ab: RelationType, ac: RelationType, bc: RelationType) -> nx.MultiDiGraph:
    return snapshot([], [edge("a", "b", ab), edge("c", "a", ac), edge("b", "c", bc)])


@pytest.mark.parametrize(
    ("signs", "kind", "balanced"),
    [
        ((SUP, SUP, SUP), "+++", True),  # the friend of my friend is my friend
        ((SUP, OPP, OPP), "+--", True),  # the enemy of my friend is my enemy
        ((OPP, OPP, SUP), "+--", True),  # the enemy of my enemy is my friend
        ((SUP, SUP, OPP), "++-", False),  # two friends of mine fight each other
        ((OPP, SUP, SUP), "++-", False),
        ((OPP, OPP, OPP), "---", False),  # three mutual enemies
    ],
)
def test_textbook_triangles(
    signs: tuple[RelationType, RelationType, RelationType], kind: str, balanced: bool
) -> None:
    result = balance(signed_graph(triad(*signs)))
    assert result.triangles == 1
    assert result.by_kind[kind] == 1
    assert sum(result.by_kind.values()) == 1
    assert result.balance_ratio == (1.0 if balanced else 0.0)
    assert [a.unbalanced for a in result.actors] == [0 if balanced else 1] * 3
    if balanced:
        assert result.unbalanced_triangles == []
    else:
        [triangle] = result.unbalanced_triangles
        assert triangle.actors == ["a", "b", "c"] and triangle.kind == kind
        assert not triangle.balanced


def test_triangle_signs_are_reported_per_pair_in_id_order() -> None:
    result = balance(signed_graph(triad(SUP, SUP, OPP)))
    [triangle] = result.unbalanced_triangles
    # (a, b) supports, (a, c) supports (c -> a), (b, c) opposes
    assert triangle.signs == ["supports", "supports", "opposes"]
    assert triangle.weight == pytest.approx(0.9)


def test_balance_ratio_and_who_sits_in_the_tensions() -> None:
    edges = [
        # a balanced +++ triangle a, b, c
        edge("a", "b", SUP),
        edge("a", "c", SUP),
        edge("b", "c", SUP),
        # c, d, e: ++- (d and e, both friends of c, fight)
        edge("c", "d", SUP),
        edge("c", "e", SUP),
        edge("d", "e", OPP),
        # d, e, f: --- with d - e
        edge("d", "f", OPP),
        edge("e", "f", OPP),
    ]
    result = balance(signed_graph(snapshot([], edges)))
    assert result.triangles == 3
    assert result.by_kind == {"+++": 1, "++-": 1, "+--": 0, "---": 1}
    assert result.balance_ratio == pytest.approx(1 / 3, abs=1e-6)
    rows = {a.actor: (a.triangles, a.unbalanced) for a in result.actors}
    assert rows == {
        "a": (1, 0),
        "b": (1, 0),
        "c": (2, 1),
        "d": (2, 2),
        "e": (2, 2),
        "f": (1, 1),
    }
    # most unbalanced first, then by id
    assert [a.actor for a in result.actors] == ["d", "e", "c", "f", "a", "b"]


def test_every_triangle_is_found_once() -> None:
    planted = planted_blocs([25, 25, 25], ties=900, noise=0.2, seed=6)
    graph = signed_graph(planted.snapshot)
    found = triangles(graph)
    undirected = nx.Graph()
    undirected.add_nodes_from(range(len(graph.nodes)))
    undirected.add_edges_from(zip(graph.tie_u.tolist(), graph.tie_v.tolist(), strict=True))
    expected = sorted(tuple(sorted(c)) for c in nx.enumerate_all_cliques(undirected) if len(c) == 3)
    assert [t[:3] for t in found] == expected
    assert len(expected) > 100
    for a, b, c, w_ab, w_ac, w_bc in found[:50]:
        assert (w_ab, w_ac, w_bc) == (
            graph.adjacency[a][b],
            graph.adjacency[a][c],
            graph.adjacency[b][c],
        )


def test_a_hub_does_not_confuse_the_count() -> None:
    # a star of 60 spokes whose rim is a ring: exactly 60 triangles
    edges = [edge("hub", f"s{i:02d}", SUP) for i in range(60)]
    edges += [edge(f"s{i:02d}", f"s{(i + 1) % 60:02d}", OPP) for i in range(60)]
    result = balance(signed_graph(snapshot([], edges)))
    assert result.triangles == 60 and result.by_kind["++-"] == 60
    assert result.actors[0].actor == "hub" and result.actors[0].unbalanced == 60


def test_the_reference_article_is_balanced() -> None:
    result = balance(signed_graph(reference_snapshot(), fold=True))
    # Syria, Russia, HTS: Syria and Russia friends, both fighting HTS
    assert result.triangles == 1 and result.by_kind["+--"] == 1
    assert result.balance_ratio == 1.0


def test_noise_lowers_the_balance_ratio() -> None:
    ratios = []
    for noise in (0.0, 0.1, 0.3):
        # two camps: with three, a triangle across all three would be --- (weak balance only)
        planted = planted_blocs([45, 45], ties=1200, noise=noise, seed=8)
        ratio = balance(signed_graph(planted.snapshot)).balance_ratio
        assert ratio is not None
        ratios.append(ratio)
    assert ratios[0] == 1.0  # planted blocs without noise: perfectly balanced
    assert ratios[0] > ratios[1] > ratios[2]


def test_no_triangle_no_ratio_and_the_limit_holds() -> None:
    assert balance(signed_graph(snapshot([], [edge("a", "b", SUP)]))).balance_ratio is None
    rng = random.Random(3)
    names = [f"n{i}" for i in range(14)]
    edges = [
        edge(x, y, OPP if rng.random() < 0.5 else SUP) for x, y in itertools.combinations(names, 2)
    ]
    result = balance(signed_graph(snapshot([], edges)), limit=5)
    assert result.unbalanced > 5 and len(result.unbalanced_triangles) == 5
    weights = [t.weight for t in result.unbalanced_triangles]
    assert weights == sorted(weights, reverse=True)

"""Inferred relations: balance-theory predictions, labelled, explained, never evidence."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.alliances import (
    actor_position,
    balance,
    blocs,
    brokers,
    inferred_relations,
    signed_graph,
)
from graph.alliances.results import InferredRelation
from graph.alliances.synthetic import edge, snapshot
from graph.model import RelationType
from tests.unit.test_alliances_signed import reference_snapshot

SUP, OPP = RelationType.SUPPORTS, RelationType.OPPOSES


def certainty(strength: float) -> float:
    return 1.0 - math.exp(-strength)


def test_the_enemy_of_my_enemy_is_predicted_a_friend_with_its_triangle() -> None:
    graph = signed_graph(snapshot([], [edge("a", "x", OPP), edge("x", "b", OPP)]))
    [relation] = inferred_relations(graph).relations
    assert (relation.source, relation.target, relation.type) == ("a", "b", "supports")
    assert relation.inferred is True
    [path] = relation.because
    assert (path.via, path.first, path.second, path.rule) == (
        "x",
        "opposes",
        "opposes",
        "enemy_of_enemy",
    )
    evidence = certainty(0.9) ** 2
    assert path.strength == pytest.approx(evidence, abs=1e-6)
    assert relation.score == pytest.approx(1 - math.exp(-evidence), abs=1e-6)
    assert relation.confidence == relation.score
    assert (relation.support_paths, relation.opposition_paths) == (1, 0)


def test_the_friend_of_my_enemy_is_predicted_an_enemy() -> None:
    graph = signed_graph(snapshot([], [edge("a", "x", OPP), edge("x", "b", SUP)]))
    [relation] = inferred_relations(graph).relations
    assert relation.type == "opposes" and relation.score < 0
    [path] = relation.because
    # seen from a: x is its enemy, b the friend of that enemy
    assert path.rule == "friend_of_enemy"
    flipped = signed_graph(snapshot([], [edge("a", "x", SUP), edge("x", "b", OPP)]))
    [relation] = inferred_relations(flipped).relations
    assert relation.type == "opposes" and relation.because[0].rule == "enemy_of_friend"


def test_paths_add_up_and_contradicting_paths_cancel() -> None:
    one = signed_graph(snapshot([], [edge("a", "x", OPP), edge("x", "b", OPP)]))
    three = signed_graph(
        snapshot(
            [],
            [edge("a", v, OPP) for v in ("x", "y", "z")]
            + [edge(v, "b", OPP) for v in ("x", "y", "z")],
        )
    )
    mixed = signed_graph(
        snapshot(
            [],
            [edge("a", "x", OPP), edge("x", "b", OPP), edge("a", "y", SUP), edge("y", "b", OPP)],
        )
    )
    [weak] = inferred_relations(one).relations
    [strong] = [
        r for r in inferred_relations(three).relations if (r.source, r.target) == ("a", "b")
    ]
    assert strong.confidence > weak.confidence
    assert strong.support_paths == 3 and [p.via for p in strong.because] == ["x", "y", "z"]
    pairs = {(r.source, r.target) for r in inferred_relations(mixed).relations}
    assert ("a", "b") not in pairs  # one path says friend, one says enemy, equally strong


def test_pairs_with_a_tie_of_their_own_get_no_prediction() -> None:
    graph = signed_graph(reference_snapshot(), fold=True)
    result = inferred_relations(graph)
    predicted = {(r.source, r.target): r for r in result.relations}
    tied = {(t.source, t.target) for t in graph.ties()}
    assert not predicted.keys() & tied
    # Iran, a friend of Syria, is predicted an enemy of HTS, Syria's enemy
    iran_hts = predicted[("hayat-tahrir-al-sham", "iran")]
    assert iran_hts.type == "opposes"
    assert [p.via for p in iran_hts.because] == ["syria"]
    # and a friend of Russia, Syria's other friend
    assert predicted[("iran", "russia")].type == "supports"
    assert result.candidates == 2


def test_rules_can_be_chosen() -> None:
    graph = signed_graph(reference_snapshot(), fold=True)
    only_enemies = inferred_relations(graph, rules={"friend_of_enemy"})
    assert [(r.source, r.target) for r in only_enemies.relations] == [
        ("hayat-tahrir-al-sham", "iran")
    ]
    with pytest.raises(ValueError, match="unknown rules"):
        inferred_relations(graph, rules={"cousin_of_friend"})


def test_inferred_relations_are_never_evidence_and_leave_the_snapshot_alone() -> None:
    snap = reference_snapshot()
    before = nx.node_link_data(snap, edges="links")
    relations = inferred_relations(signed_graph(snap, fold=True)).relations
    assert relations
    assert nx.node_link_data(snap, edges="links") == before
    assert "evidence" not in InferredRelation.model_fields
    assert all(r.model_dump()["inferred"] is True for r in relations)
    with pytest.raises(ValueError):
        InferredRelation.model_validate({**relations[0].model_dump(), "inferred": False})


def test_most_confident_first_limit_and_minimum() -> None:
    edges = [edge("hub", f"e{i}", OPP, mentions=i + 1) for i in range(6)]
    graph = signed_graph(snapshot([], edges))
    result = inferred_relations(graph, limit=4)
    assert result.candidates == 15  # every pair of the hub's enemies
    assert len(result.relations) == 4
    confidences = [r.confidence for r in result.relations]
    assert confidences == sorted(confidences, reverse=True)
    assert (result.relations[0].source, result.relations[0].target) == ("e4", "e5")
    strict = inferred_relations(graph, min_confidence=0.5)
    assert all(r.confidence >= 0.5 for r in strict.relations)
    assert 0 < len(strict.relations) < 15


def test_one_actors_predictions_and_position() -> None:
    graph = signed_graph(reference_snapshot(), fold=True)
    mine = inferred_relations(graph, actor="abbas-araghchi")  # speaks for Iran
    assert {(r.source, r.target) for r in mine.relations} == {
        ("hayat-tahrir-al-sham", "iran"),
        ("iran", "russia"),
    }
    assert inferred_relations(graph, actor="nobody").relations == []
    found = blocs(graph)
    position = actor_position(
        graph,
        "bashar-al-assad",
        found,
        balance_result=balance(graph),
        brokers_result=brokers(graph, found),
    )
    assert position.represented_by == "syria"
    assert position.bloc == found.membership["syria"] and position.bloc_label == "syria"
    assert position.triangles == 1 and position.unbalanced_triangles == 0
    assert position.standing is not None and position.standing.actor == "syria"
    assert position.inferred == []  # Syria is tied to everyone it could be predicted with

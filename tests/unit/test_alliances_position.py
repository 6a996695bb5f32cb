"""An actor's position (allies inside its bloc and outside it, adversaries, tensions), and the
minimum confidence the analytics share with /relations."""

from __future__ import annotations

from graph.alliances import actor_position, analyse, balance, blocs, brokers, signed_graph
from graph.alliances.synthetic import edge, snapshot
from graph.model import RelationType
from tests.unit.test_alliances_signed import reference_snapshot

SUP, OPP = RelationType.SUPPORTS, RelationType.OPPOSES


def two_camps() -> list[dict[str, object]]:
    """East (e1, e2, e3) and west (w1, w2) support each other inside and oppose across; e3 also
    opposes e1 (a tension inside the east) and supports w1 (a tension across)."""
    return [
        edge("e1", "e2", SUP, mentions=4),
        edge("e2", "e3", SUP, mentions=4),
        edge("e1", "e3", SUP, mentions=2),
        edge("e3", "e1", OPP),
        edge("w1", "w2", SUP, mentions=4),
        edge("e1", "w1", OPP, mentions=3),
        edge("e2", "w2", OPP, mentions=3),
        edge("e3", "w1", SUP),
    ]


def test_position_lists_allies_inside_and_outside_adversaries_and_tensions() -> None:
    graph = signed_graph(snapshot([], two_camps()))
    found = blocs(graph)
    assert found.membership["e3"] == found.membership["e1"] != found.membership["w1"]
    position = actor_position(graph, "e3", found, balance_result=balance(graph))
    assert [t.actor for t in position.allies_inside] == ["e2", "e1"]  # strongest first
    assert all(t.sign == "supports" and t.bloc == position.bloc for t in position.allies_inside)
    [outside] = position.allies_outside
    assert (outside.actor, outside.bloc) == ("w1", found.membership["w1"])
    assert position.adversaries == []  # e3's support and opposition of e1 net to support
    # Support across blocs is a tension; e3 nets its tie with e1 to support, so no other.
    [tension] = position.tensions
    assert (tension.source, tension.target, tension.sign) == ("e3", "w1", "supports")
    assert (tension.source_bloc, tension.target_bloc) == (
        found.membership["e3"],
        found.membership["w1"],
    )
    e1 = actor_position(graph, "e1", found)
    assert [t.actor for t in e1.adversaries] == ["w1"]
    assert e1.tensions == []


def test_opposition_inside_a_bloc_is_a_tension() -> None:
    ties = [
        edge("a", "b", SUP, mentions=6),
        edge("b", "c", SUP, mentions=6),
        edge("a", "c", OPP),  # a and c are in one bloc through b, and oppose each other
    ]
    graph = signed_graph(snapshot([], ties))
    found = blocs(graph)
    assert len({found.membership[x] for x in "abc"}) == 1
    position = actor_position(graph, "a", found, limit=1)
    [tension] = position.tensions
    assert (tension.source, tension.target, tension.sign) == ("a", "c", "opposes")
    assert [t.actor for t in position.adversaries] == ["c"]
    assert len(position.allies_inside) == 1  # cut at the limit


def test_a_folded_actor_speaks_through_its_state() -> None:
    graph = signed_graph(reference_snapshot(), fold=True)
    found = blocs(graph)
    report = analyse(reference_snapshot(), fold=True)
    position = actor_position(graph, "bashar-al-assad", found, brokers_result=brokers(graph, found))
    assert position.represented_by == "syria"
    assert {t.actor for t in position.allies_inside} == {"iran", "russia"}
    assert [t.actor for t in position.adversaries] == ["hayat-tahrir-al-sham"]
    assert report.blocs.membership["bashar-al-assad"] == position.bloc
    nobody = actor_position(graph, "aleppo-nobody", found)
    assert nobody.bloc is None and nobody.allies_inside == nobody.adversaries == []


def test_min_confidence_leaves_out_less_certain_edges() -> None:
    ties = [edge("a", "b", SUP, confidence=0.9), edge("b", "c", OPP, confidence=0.3)]
    everything = signed_graph(snapshot([], ties))
    assert everything.tie("b", "c") < 0
    sure = signed_graph(snapshot([], ties), min_confidence=0.5)
    assert sure.tie("b", "c") == 0.0 and sure.tie("a", "b") > 0
    assert sure.summary().min_confidence == 0.5
    assert analyse(snapshot([], ties), min_confidence=0.5).signed.ties == 1

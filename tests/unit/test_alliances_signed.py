"""The signed actor graph: signs, strengths, modalities, windows, recency and folding."""

from __future__ import annotations

import math
import random
from datetime import date

import networkx as nx
import pytest

from graph.alliances import signed_graph, signed_graph_from_edges, tie_strength
from graph.alliances.synthetic import actor, edge, planted_blocs, snapshot
from graph.model import ActorType, Modality, RelationType

SUP, OPP = RelationType.SUPPORTS, RelationType.OPPOSES


def reference_snapshot() -> nx.MultiDiGraph:
    """The reference article's facts, by hand (Iran and Russia back Syria/Assad, Syria and
    Russia fight HTS, Assad leads Syria), with its non-signed relations around them."""
    actors = [
        actor("syria", "Syria"),
        actor("bashar-al-assad", "Bashar al-Assad", ActorType.LEADER, country="syria"),
        actor("iran", "Iran"),
        actor("russia", "Russia"),
        actor("hayat-tahrir-al-sham", "Hayat Tahrir al-Sham", ActorType.ARMED_GROUP),
        actor("aleppo", "Aleppo", ActorType.CITY),
        actor("abbas-araghchi", "Abbas Araghchi", ActorType.LEADER, country="iran"),
        actor("sergey-lavrov", "Sergey Lavrov", ActorType.LEADER, country="russia"),
    ]
    edges = [
        edge("iran", "syria", SUP, mentions=2),
        edge("iran", "bashar-al-assad", SUP),
        edge("russia", "syria", SUP),
        edge("russia", "bashar-al-assad", SUP, mentions=2),
        edge("syria", "hayat-tahrir-al-sham", OPP),
        edge("bashar-al-assad", "hayat-tahrir-al-sham", OPP),
        edge("russia", "hayat-tahrir-al-sham", OPP),
        edge("bashar-al-assad", "syria", RelationType.LEADS),
        edge("abbas-araghchi", "iran", RelationType.MEMBER_OF),
        edge("sergey-lavrov", "russia", RelationType.MEMBER_OF),
        edge("hayat-tahrir-al-sham", "aleppo", RelationType.CONTROLS),
        edge("aleppo", "syria", RelationType.LOCATED_IN),
        edge("abbas-araghchi", "syria", RelationType.CALLS, modalities=("planned",)),
        edge("sergey-lavrov", "abbas-araghchi", RelationType.CALLS),
        edge("syria", "aleppo", RelationType.CONTROLS, modalities=("historical",)),
    ]
    return snapshot(actors, edges)


def test_supports_are_positive_opposes_negative_and_other_relations_unsigned() -> None:
    g = signed_graph(reference_snapshot())
    assert g.tie("iran", "syria") > 0
    assert g.tie("syria", "iran") == g.tie("iran", "syria")  # a tie has no direction
    assert g.tie("russia", "hayat-tahrir-al-sham") < 0
    # calls, controls, leads, member_of, located_in are no signed ties
    assert g.tie("sergey-lavrov", "abbas-araghchi") == 0.0
    assert g.tie("hayat-tahrir-al-sham", "aleppo") == 0.0
    assert g.tie("bashar-al-assad", "syria") == 0.0
    assert set(g.nodes) == {"bashar-al-assad", "hayat-tahrir-al-sham", "iran", "russia", "syria"}
    assert g.unaligned == ("abbas-araghchi", "aleppo", "sergey-lavrov")


def test_strength_grows_with_mentions_and_confidence_with_diminishing_returns() -> None:
    assert tie_strength(1, 0.9, None, None) == pytest.approx(0.9)
    assert tie_strength(3, 0.9, None, None) == pytest.approx(0.9 * 2)
    assert tie_strength(1, 0.5, None, None) < tie_strength(1, 0.9, None, None)
    # ten times the mentions is not ten times the weight
    assert tie_strength(10, 0.9, None, None) < 4 * tie_strength(1, 0.9, None, None)
    g = signed_graph(snapshot([], [edge("a", "b", SUP, mentions=3, confidence=0.8)]))
    assert g.tie("a", "b") == pytest.approx(0.8 * math.log2(4))


def test_the_net_tie_sums_both_directions_and_subtracts_opposition() -> None:
    edges = [
        edge("a", "b", SUP, mentions=3, confidence=1.0),  # 2.0
        edge("b", "a", SUP, mentions=1, confidence=1.0),  # 1.0
        edge("a", "b", OPP, mentions=1, confidence=0.5),  # -0.5
    ]
    g = signed_graph(snapshot([], edges))
    assert g.tie("a", "b") == pytest.approx(2.5)
    # directed strengths stay apart, for standing
    i, j = g.index["a"], g.index["b"]
    arcs = {
        (int(u), int(v)): (float(s), float(o))
        for u, v, s, o in zip(g.arc_u, g.arc_v, g.arc_support, g.arc_opposition, strict=True)
    }
    assert arcs[(i, j)] == pytest.approx((2.0, 0.5))
    assert arcs[(j, i)] == pytest.approx((1.0, 0.0))


def test_support_and_opposition_that_cancel_leave_no_tie() -> None:
    edges = [edge("a", "b", SUP, confidence=0.7), edge("b", "a", OPP, confidence=0.7)]
    g = signed_graph(snapshot([], edges))
    assert g.nodes == ()
    assert g.unaligned == ("a", "b")


def test_asserted_and_claimed_by_default_historical_only_when_asked() -> None:
    edges = [
        edge("a", "b", SUP, modalities=("asserted",)),
        edge("c", "d", SUP, modalities=("claimed",)),
        edge("e", "f", OPP, modalities=("historical",)),
        edge("g", "h", OPP, modalities=("historical", "asserted")),  # kept: partly asserted
        edge("i", "j", SUP, modalities=("planned",)),
    ]
    default = signed_graph(snapshot([], edges))
    assert default.tie("a", "b") > 0 and default.tie("c", "d") > 0 and default.tie("g", "h") < 0
    assert default.tie("e", "f") == 0.0 and default.tie("i", "j") == 0.0
    historical = signed_graph(
        snapshot([], edges),
        modalities={Modality.ASSERTED, Modality.CLAIMED, Modality.HISTORICAL},
    )
    assert historical.tie("e", "f") < 0
    assert historical.tie("i", "j") == 0.0


def test_a_date_window_keeps_the_edges_seen_in_it() -> None:
    edges = [
        edge("a", "b", SUP, first_seen="2026-01-05", last_seen="2026-01-20"),
        edge("c", "d", SUP, first_seen="2026-02-10", last_seen="2026-03-02"),
        edge("e", "f", SUP, first_seen="2026-04-01"),
        edge("g", "h", SUP, first_seen=None),
    ]
    g = signed_graph(snapshot([], edges), since=date(2026, 2, 1), until=date(2026, 3, 1))
    assert set(g.nodes) == {"c", "d"}
    everything = signed_graph(snapshot([], edges))
    assert set(everything.nodes) == set("abcdefgh")
    with pytest.raises(ValueError, match="since is after until"):
        signed_graph(snapshot([], edges), since=date(2026, 3, 1), until=date(2026, 2, 1))


def test_a_half_life_discounts_old_ties_from_the_newest_date_of_the_snapshot() -> None:
    edges = [
        edge("a", "b", SUP, confidence=1.0, first_seen="2026-03-01", last_seen="2026-03-31"),
        edge("c", "d", SUP, confidence=1.0, first_seen="2026-01-01", last_seen="2026-03-01"),
        edge("e", "f", SUP, confidence=1.0, first_seen="2025-12-01", last_seen="2026-01-30"),
    ]
    g = signed_graph(snapshot([], edges), half_life_days=30)
    assert g.as_of == date(2026, 3, 31)
    assert g.tie("a", "b") == pytest.approx(1.0)
    assert g.tie("c", "d") == pytest.approx(0.5)
    assert g.tie("e", "f") == pytest.approx(0.25)
    pinned = signed_graph(snapshot([], edges), half_life_days=30, as_of=date(2026, 4, 30))
    assert pinned.tie("a", "b") == pytest.approx(0.5)
    with pytest.raises(ValueError, match="half_life_days"):
        signed_graph(snapshot([], edges), half_life_days=0)


def test_fold_puts_leaders_units_and_cities_into_their_state() -> None:
    g = signed_graph(reference_snapshot(), fold=True)
    assert dict(g.folded) == {
        "abbas-araghchi": "iran",
        "aleppo": "syria",
        "bashar-al-assad": "syria",
        "sergey-lavrov": "russia",
    }
    assert set(g.nodes) == {"hayat-tahrir-al-sham", "iran", "russia", "syria"}
    # Iran's support of Assad is support of Syria, added to its support of Syria
    unfolded = signed_graph(reference_snapshot())
    assert g.tie("iran", "syria") == pytest.approx(
        unfolded.tie("iran", "syria") + unfolded.tie("iran", "bashar-al-assad")
    )
    assert g.tie("bashar-al-assad", "hayat-tahrir-al-sham") == g.tie(
        "syria", "hayat-tahrir-al-sham"
    )
    assert g.represent("bashar-al-assad") == "syria"
    assert g.unaligned == ()


def test_fold_never_folds_a_state_nor_into_a_place() -> None:
    actors = [
        actor("syria"),
        actor("arab-league", type=ActorType.ORGANIZATION),
        actor("middle-east", type=ActorType.REGION),
        actor("tahrir", type=ActorType.ARMED_GROUP),
        actor("idlib", type=ActorType.CITY),
        actor("jolani", type=ActorType.LEADER),
        actor("x"),
    ]
    edges = [
        edge("syria", "arab-league", RelationType.MEMBER_OF),
        edge("syria", "middle-east", RelationType.LOCATED_IN),
        edge("tahrir", "idlib", RelationType.LOCATED_IN),  # a group is not folded into a city
        edge("jolani", "tahrir", RelationType.LEADS),
        edge(
            "jolani", "syria", RelationType.LOCATED_IN
        ),  # leading a group wins over being in Syria
        edge("x", "syria", OPP),
        edge("jolani", "x", SUP),
    ]
    g = signed_graph(snapshot(actors, edges), fold=True)
    assert dict(g.folded) == {"jolani": "tahrir"}
    assert g.tie("tahrir", "x") > 0


def test_fold_follows_chains_and_survives_cycles() -> None:
    actors = [
        actor("unit", type=ActorType.ARMED_GROUP),
        actor("army", type=ActorType.ARMED_GROUP),
        actor("state"),
        actor("p", type=ActorType.ORGANIZATION),
        actor("q", type=ActorType.ORGANIZATION),
    ]
    edges = [
        edge("unit", "army", RelationType.MEMBER_OF),
        edge("army", "state", RelationType.MEMBER_OF),
        edge("p", "q", RelationType.MEMBER_OF),
        edge("q", "p", RelationType.MEMBER_OF),
        edge("unit", "p", OPP),
    ]
    g = signed_graph(snapshot(actors, edges), fold=True)
    assert dict(g.folded) == {"army": "state", "q": "p", "unit": "state"}
    assert g.tie("state", "p") < 0


def test_the_snapshot_is_not_modified() -> None:
    snap = reference_snapshot()
    before = nx.node_link_data(snap, edges="links")
    signed_graph(snap, fold=True, half_life_days=10)
    assert nx.node_link_data(snap, edges="links") == before


def test_edge_order_does_not_change_the_graph() -> None:
    planted = planted_blocs([20, 20], ties=150, seed=3)
    rows = list(planted.snapshot.edges(keys=True, data=True))
    nodes = list(planted.snapshot.nodes(data=True))
    shuffled = rows[:]
    random.Random(1).shuffle(shuffled)
    a = signed_graph_from_edges(nodes, rows, fold=True)
    b = signed_graph_from_edges(nodes[::-1], shuffled, fold=True)
    assert a.nodes == b.nodes
    assert a.tie_u.tolist() == b.tie_u.tolist() and a.tie_v.tolist() == b.tie_v.tolist()
    assert a.tie_w.tolist() == b.tie_w.tolist()  # bit for bit


def test_summary_and_ties_are_plain_json() -> None:
    g = signed_graph(reference_snapshot(), fold=True)
    summary = g.summary().model_dump(mode="json")
    assert summary["aligned"] == 4 and summary["ties"] == 4
    assert summary["positive"] == 2 and summary["negative"] == 2
    assert summary["modalities"] == ["asserted", "claimed"]
    ties = [t.model_dump() for t in g.ties()]
    assert ties[0] == {
        "source": "hayat-tahrir-al-sham",
        "target": "russia",
        "sign": "opposes",
        "weight": pytest.approx(0.9, abs=1e-6),
    }

"""Blocs: known partitions recovered, frustration, cohesion, hostility, determinism."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

import networkx as nx
import pytest

from graph.alliances import adjusted_rand_index, blocs, describe_partition, signed_graph
from graph.alliances.blocs import ITERATIONS, leiden_runs
from graph.alliances.results import BlocsResult
from graph.alliances.synthetic import actor, edge, planted, planted_blocs, snapshot
from graph.model import RelationType
from tests.unit.test_alliances_signed import reference_snapshot

SUP, OPP = RelationType.SUPPORTS, RelationType.OPPOSES


def brute_force_ari(a: Sequence[int], b: Sequence[int]) -> float:
    """The adjusted Rand index from its definition, over every pair of items."""
    n = len(a)
    pairs = list(itertools.combinations(range(n), 2))
    both = sum(1 for i, j in pairs if a[i] == a[j] and b[i] == b[j])
    in_a = sum(1 for i, j in pairs if a[i] == a[j])
    in_b = sum(1 for i, j in pairs if b[i] == b[j])
    expected = in_a * in_b / len(pairs)
    best = (in_a + in_b) / 2
    return (both - expected) / (best - expected)


def recovered(result: BlocsResult, truth: dict[str, int]) -> float:
    actors = sorted(result.stability)  # the actors of the signed graph
    found = {b: k for k, b in enumerate(sorted(set(result.membership.values())))}
    return adjusted_rand_index(
        [found[result.membership[a]] for a in actors], [truth[a] for a in actors]
    )


def test_adjusted_rand_index_matches_its_definition() -> None:
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(
        0.242424, abs=1e-6
    )
    assert adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]) == 1.0
    rng = random.Random(7)
    for _ in range(20):
        a = [rng.randrange(4) for _ in range(30)]
        b = [rng.randrange(3) for _ in range(30)]
        assert adjusted_rand_index(a, b) == pytest.approx(brute_force_ari(a, b))


@pytest.mark.parametrize(
    ("sizes", "ties", "noise", "seed"),
    [
        ([40, 40, 40], 900, 0.05, 0),
        ([60, 45, 30, 25], 1400, 0.10, 1),
        ([50, 50, 50, 50, 50], 2000, 0.10, 2),
        ([120] * 8 + [40] * 4, 8000, 0.12, 3),
    ],
)
def test_planted_blocs_are_recovered_despite_noise(
    sizes: list[int], ties: int, noise: float, seed: int
) -> None:
    planted_graph = planted_blocs(sizes, ties=ties, noise=noise, seed=seed)
    assert planted_graph.wrong_sign > 0  # the noise is real
    result = blocs(signed_graph(planted_graph.snapshot))
    assert recovered(result, planted_graph.truth) >= 0.9
    # the wrong-signed ties are what frustration finds
    assert 0 < result.frustration < 2 * noise


def test_without_the_negative_layer_hostile_blocs_joined_by_support_noise_would_merge() -> None:
    # Two blocs that support each other now and then but mostly fight: only the opposition
    # keeps them apart, so this fails if opposition were ignored.
    planted_graph = planted_blocs([30, 30], ties=500, inside=0.5, noise=0.1, seed=5, hubs=None)
    result = blocs(signed_graph(planted_graph.snapshot))
    assert recovered(result, planted_graph.truth) >= 0.9
    assert len([b for b in result.blocs if b.size > 1]) == 2


def clusterable() -> tuple[nx.MultiDiGraph, dict[str, int]]:
    """Three camps: all support inside, only opposition between (weak balance holds)."""
    rng = random.Random(11)
    truth = {f"{camp}{i}": k for k, camp in enumerate("abc") for i in range(8)}
    edges = []
    for x, y in itertools.combinations(sorted(truth), 2):
        if truth[x] == truth[y] and rng.random() < 0.7:
            edges.append(edge(x, y, SUP, mentions=rng.randint(1, 4)))
        elif truth[x] != truth[y] and rng.random() < 0.2:
            edges.append(edge(x, y, OPP, mentions=rng.randint(1, 4)))
    return snapshot([], edges), truth


def test_a_clusterable_graph_is_found_with_zero_frustration() -> None:
    snap, truth = clusterable()
    result = blocs(signed_graph(snap))
    assert result.frustration == 0.0
    assert result.frustrated_ties == 0 and result.frustrated == []
    assert [b.size for b in result.blocs] == [8, 8, 8]
    assert recovered(result, truth) == 1.0
    for bloc in result.blocs:
        assert bloc.cohesion == 1.0
        assert bloc.opposition_inside == 0.0 and bloc.support_outside == 0.0
        assert all(r.hostility == 1.0 for r in bloc.relations)
        assert bloc.stability == 1.0


def test_the_reference_article_puts_syria_iran_and_russia_together_and_hts_apart() -> None:
    for fold in (False, True):
        result = blocs(signed_graph(reference_snapshot(), fold=fold))
        camp = result.membership["syria"]
        for ally in ("bashar-al-assad", "iran", "russia"):
            assert result.membership[ally] == camp, (fold, ally)
        assert result.membership["hayat-tahrir-al-sham"] != camp
        [regime] = [b for b in result.blocs if b.id == camp]
        [hts] = [b for b in result.blocs if b.id == result.membership["hayat-tahrir-al-sham"]]
        assert hts.members == ["hayat-tahrir-al-sham"]
        [relation] = regime.relations
        assert relation.other == hts.id and relation.hostility == 1.0
        assert result.frustration == 0.0
    folded = blocs(signed_graph(reference_snapshot(), fold=True))
    [regime] = [b for b in folded.blocs if "syria" in b.members]
    assert regime.members == ["iran", "russia", "syria"]
    assert regime.folded == ["abbas-araghchi", "aleppo", "bashar-al-assad", "sergey-lavrov"]
    assert regime.label == "syria"  # the most supported member names the bloc


def test_actors_without_a_signed_tie_are_in_no_bloc() -> None:
    result = blocs(signed_graph(reference_snapshot()))
    assert result.unaligned == ["abbas-araghchi", "aleppo", "sergey-lavrov"]
    assert not set(result.unaligned) & set(result.membership)
    assert all(a not in b.members for b in result.blocs for a in result.unaligned)


def test_an_actor_that_only_opposes_stands_alone() -> None:
    snap, _ = clusterable()
    edges = [dict(d) for _, _, d in snap.edges(data=True)]
    # "loner" opposes camp c only: nothing says whom it is with
    edges += [edge("loner", f"c{i}", OPP, mentions=3) for i in range(4)]
    result = blocs(signed_graph(snapshot([], edges)))
    [alone] = [b for b in result.blocs if "loner" in b.members]
    assert alone.members == ["loner"]
    assert alone.cohesion is None


def test_two_actors_that_fight_are_never_one_bloc_however_many_enemies_they_have() -> None:
    # Modularity's expectation of opposition between two actors with many enemies each is
    # higher than their one opposition tie: the signed multiplex alone puts them together.
    edges = [edge("hawk", f"t{i}", OPP, mentions=3) for i in range(10)]
    edges += [edge("raptor", f"s{i}", OPP, mentions=3) for i in range(10)]
    edges += [edge("hawk", "raptor", OPP)]
    result = blocs(signed_graph(snapshot([], edges)))
    assert result.membership["hawk"] != result.membership["raptor"]
    assert all(b.size == 1 for b in result.blocs)


def test_an_actor_goes_with_the_camp_it_does_not_fight() -> None:
    # "swing" supports a0 more than b0, but fights a1 and a2: it belongs with B. Without the
    # negative layer, its stronger support would put it with A.
    edges = []
    for camp in "ab":
        members = [f"{camp}{i}" for i in range(6)]
        edges += [edge(x, y, SUP) for x, y in itertools.combinations(members, 2)]
    edges += [edge(f"a{i}", f"b{i}", OPP) for i in range(3, 6)]
    edges += [edge("swing", "a0", SUP, mentions=3), edge("swing", "b0", SUP)]
    edges += [edge("swing", "a1", OPP, mentions=3), edge("swing", "a2", OPP, mentions=3)]
    result = blocs(signed_graph(snapshot([], edges)))
    assert result.membership["swing"] == result.membership["b0"] != result.membership["a0"]


def test_cohesion_hostility_and_frustration_of_a_small_partition() -> None:
    edges = [
        edge("a1", "a2", SUP, confidence=1.0),  # 1.0 inside A
        edge("a1", "a3", SUP, confidence=1.0),
        edge("a2", "a3", OPP, confidence=0.5),  # 0.5 opposition inside A: frustrated
        edge("b1", "b2", SUP, confidence=1.0),
        edge("a1", "b1", OPP, confidence=1.0, mentions=3),  # 2.0 between A and B
        edge("a3", "b2", SUP, confidence=0.5),  # 0.5 support across: frustrated
    ]
    g = signed_graph(snapshot([], edges))
    result = describe_partition(g, {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"})
    a, b = result.blocs
    assert a.members == ["a1", "a2", "a3"] and b.members == ["b1", "b2"]
    assert a.support_inside == 2.0 and a.opposition_inside == 0.5
    assert a.cohesion == pytest.approx(0.8)
    assert b.cohesion == 1.0
    [a_to_b] = a.relations
    assert (a_to_b.support, a_to_b.opposition) == (0.5, 2.0)
    assert a_to_b.hostility == pytest.approx(0.8)
    assert result.frustrated_ties == 2
    assert result.frustration == pytest.approx(1.0 / 6.0, abs=1e-6)
    assert [(t.source, t.target, t.sign) for t in result.frustrated] == [
        ("a2", "a3", "opposes"),
        ("a3", "b2", "supports"),
    ]
    assert (a.frustrated_ties, b.frustrated_ties) == (2, 1)
    assert a.label == "a1"


def test_identical_input_gives_identical_output_whatever_the_edge_order() -> None:
    planted_graph = planted({f"x{i:03d}": i % 4 for i in range(160)}, ties=900, noise=0.1, seed=9)
    first = blocs(signed_graph(planted_graph.snapshot)).model_dump(mode="json")
    again = blocs(signed_graph(planted_graph.snapshot)).model_dump(mode="json")
    assert first == again
    shuffled = nx.MultiDiGraph()
    nodes = list(planted_graph.snapshot.nodes(data=True))
    rows = list(planted_graph.snapshot.edges(keys=True, data=True))
    random.Random(2).shuffle(nodes)
    random.Random(3).shuffle(rows)
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(rows)
    assert blocs(signed_graph(shuffled)).model_dump(mode="json") == first


def test_runs_and_their_consensus_are_reported() -> None:
    planted_graph = planted_blocs([30, 30, 30], ties=600, noise=0.1, seed=4)
    result = blocs(signed_graph(planted_graph.snapshot), runs=5, seed=10)
    assert [r.seed for r in result.runs] == [10, 11, 12, 13, 14]
    assert 0.0 < result.agreement <= 1.0
    assert all(0.0 <= s <= 1.0 for s in result.stability.values())
    assert result.blocs[0].id == "bloc-1"
    assert [b.size for b in result.blocs] == sorted((b.size for b in result.blocs), reverse=True)
    assert sorted(a for b in result.blocs for a in b.members) == sorted(result.stability)
    with pytest.raises(ValueError, match="runs"):
        blocs(signed_graph(planted_graph.snapshot), runs=0)


def test_the_consensus_is_the_run_that_agrees_most_with_the_others() -> None:
    noisy = planted_blocs([12] * 10, ties=300, inside=0.6, noise=0.25, seed=0)
    graph = signed_graph(noisy.snapshot)
    result = blocs(graph, runs=6)
    memberships = [m for m, _ in leiden_runs(graph, 6, 0, 1.0, ITERATIONS)]
    summed = [sum(adjusted_rand_index(m, other) for other in memberships) for m in memberships]
    assert max(summed) > min(summed) + 0.5  # the runs do disagree
    [chosen] = [k for k, r in enumerate(result.runs) if r.chosen]
    assert summed[chosen] == max(summed)
    # stability: the mean, over runs, of the Jaccard of the actor's bloc with its run community
    actor = "actor-000"
    index = graph.index[actor]
    bloc = {a for a, b in result.membership.items() if b == result.membership[actor]}
    expected = 0.0
    for m in memberships:
        community = {graph.nodes[i] for i in range(len(graph.nodes)) if m[i] == m[index]}
        expected += len(bloc & community) / len(bloc | community) / len(memberships)
    assert result.stability[actor] == pytest.approx(expected, abs=1e-6)
    assert min(result.stability.values()) < 0.5
    for b in result.blocs:
        assert b.stability == pytest.approx(
            sum(result.stability[a] for a in b.members) / b.size, abs=1e-5
        )


def test_an_empty_graph_has_no_bloc() -> None:
    result = blocs(signed_graph(snapshot([actor("lonely")], [])))
    assert result.blocs == [] and result.unaligned == ["lonely"] and result.frustration == 0.0


def test_results_round_trip_as_json() -> None:
    result = blocs(signed_graph(reference_snapshot(), fold=True))
    assert BlocsResult.model_validate_json(result.model_dump_json()) == result

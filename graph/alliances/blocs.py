"""Blocs: signed community detection with leidenalg, a consensus of several seeds, and what holds
each bloc together or apart.

Detection: a multiplex of the positive layer (support ties, their strengths as weights) and the
negative layer (opposition ties, absolute strengths) on the same actors, each an
``RBConfigurationVertexPartition`` (modularity without normalisation, resolution 1 by default),
with layer weights +1 and -1: support inside a bloc above what the degrees lead to expect
counts for it, opposition inside counts against it (Traag & Bruggeman 2009). Unnormalised, so
one opposition tie weighs as much as one support tie whatever the layers' totals.

Consensus: ``runs`` runs with seeds ``seed, seed + 1, ...``; the consensus is the medoid run,
the one with the highest summed adjusted Rand index with the others (ties: higher quality, then
lower seed). Each actor's stability is the mean Jaccard overlap, over runs, of its consensus
bloc with the community the run put it in: 1.0 when every run agrees.

A bloc is held together by support: each consensus community is split into the connected
components of its internal support ties, so an actor that only opposes others stands alone (a
bloc of one) rather than being placed with actors it has no support tie with, and two groups
kept together only by common enemies are two blocs. Then blocs that are net allies (more support
than opposition between them) are merged, the largest surplus first: modularity splits a ring
of allies into halves on small graphs (Iran and Syria apart from Russia and Assad), which no
structural-balance reading supports; each such merge lowers the frustration. Actors without
any signed tie are not in the signed graph at all: they are ``unaligned`` and in no bloc.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Mapping, Sequence

import igraph as ig
import leidenalg as la
import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from graph.alliance_params import DEFAULT_RUNS
from graph.alliances.results import (
    Bloc,
    BlocRelation,
    BlocsResult,
    FrustratedTie,
    RunSummary,
)
from graph.alliances.signed import EPSILON, FloatArray, IntArray, SignedGraph

ITERATIONS = 1


def _r(x: float) -> float:
    return round(float(x), 6)


def adjusted_rand_index(a: Sequence[int] | IntArray, b: Sequence[int] | IntArray) -> float:
    """Adjusted Rand index of two labellings of the same items (1.0 = the same partition)."""
    x, y = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    if x.shape != y.shape:
        raise ValueError("labellings of different lengths")
    n = len(x)
    if n < 2:
        return 1.0
    _, xi = np.unique(x, return_inverse=True)
    _, yi = np.unique(y, return_inverse=True)
    cells = np.unique(xi * (int(yi.max()) + 1) + yi, return_counts=True)[1].astype(np.float64)
    rows = np.bincount(xi).astype(np.float64)
    cols = np.bincount(yi).astype(np.float64)
    together = float((cells * (cells - 1) / 2).sum())
    row_pairs = float((rows * (rows - 1) / 2).sum())
    col_pairs = float((cols * (cols - 1) / 2).sum())
    expected = row_pairs * col_pairs / (n * (n - 1) / 2)
    best = (row_pairs + col_pairs) / 2
    if best == expected:
        return 1.0 if together == best else 0.0
    return (together - expected) / (best - expected)


def leiden_runs(
    graph: SignedGraph, runs: int, seed: int, resolution: float, iterations: int
) -> list[tuple[IntArray, float]]:
    """(membership, quality) of each run of the signed multiplex Leiden."""
    n = len(graph.nodes)
    positive = graph.tie_w > 0
    negative = ~positive
    layers = []
    for mask in (positive, negative):
        edges = np.column_stack([graph.tie_u[mask], graph.tie_v[mask]]).tolist()
        layers.append((ig.Graph(n=n, edges=edges), np.abs(graph.tie_w[mask]).tolist()))
    (g_pos, w_pos), (g_neg, w_neg) = layers
    found = []
    for run in range(runs):
        p_pos = la.RBConfigurationVertexPartition(
            g_pos, weights=w_pos, resolution_parameter=resolution
        )
        p_neg = la.RBConfigurationVertexPartition(
            g_neg, weights=w_neg, resolution_parameter=resolution
        )
        optimiser = la.Optimiser()
        optimiser.set_rng_seed(seed + run)
        optimiser.optimise_partition_multiplex(
            [p_pos, p_neg], layer_weights=[1, -1], n_iterations=iterations
        )
        quality = float(p_pos.quality()) - float(p_neg.quality())
        found.append((np.asarray(p_pos.membership, dtype=np.int64), quality))
    return found


def _support_components(graph: SignedGraph, labels: IntArray) -> IntArray:
    """Split each community into the connected components of its internal support ties."""
    n = len(graph.nodes)
    keep = (graph.tie_w > 0) & (labels[graph.tie_u] == labels[graph.tie_v])
    adjacency = coo_matrix(
        (np.ones(int(keep.sum())), (graph.tie_u[keep], graph.tie_v[keep])), shape=(n, n)
    )
    _, components = connected_components(adjacency, directed=False)
    return np.asarray(components, dtype=np.int64)


def _merge_allies(graph: SignedGraph, labels: IntArray) -> IntArray:
    """Merge blocs whose ties between them are more support than opposition, the largest
    surplus first, until no two blocs are net allies. Each merge lowers the frustration by the
    surplus (their support stops contradicting the partition, their opposition starts to)."""
    across = labels[graph.tie_u] != labels[graph.tie_v]
    if not across.any():
        return labels
    a = np.minimum(labels[graph.tie_u], labels[graph.tie_v])[across].tolist()
    b = np.maximum(labels[graph.tie_u], labels[graph.tie_v])[across].tolist()
    net: dict[tuple[int, int], float] = {}
    for x, y, w in zip(a, b, graph.tie_w[across].tolist(), strict=True):
        net[(x, y)] = net.get((x, y), 0.0) + w
    neighbours: dict[int, set[int]] = {}
    for x, y in net:
        neighbours.setdefault(x, set()).add(y)
        neighbours.setdefault(y, set()).add(x)
    heap = [(-w, x, y) for (x, y), w in net.items() if w > EPSILON]
    heapq.heapify(heap)
    into: dict[int, int] = {}
    while heap:
        surplus, x, y = heapq.heappop(heap)
        if x in into or y in into or net.get((x, y)) != -surplus:
            continue  # stale: one side was merged since, or the sum changed
        into[y] = x  # y joins x (x < y)
        del net[(x, y)]
        neighbours[x].discard(y)
        for z in sorted(neighbours.pop(y) - {x}):
            w = net.pop((min(y, z), max(y, z)))
            neighbours[z].discard(y)
            key = (min(x, z), max(x, z))
            net[key] = net.get(key, 0.0) + w
            neighbours[x].add(z)
            neighbours[z].add(x)
            if net[key] > EPSILON:
                heapq.heappush(heap, (-net[key], *key))
    if not into:
        return labels

    def root(x: int) -> int:
        while x in into:
            x = into[x]
        return x

    mapping = np.arange(int(labels.max()) + 1)
    for y in into:
        mapping[y] = root(y)
    return mapping[labels]


def _canonical(labels: IntArray) -> IntArray:
    """Relabel blocs 0..k-1: largest first, then by their smallest member (nodes are sorted)."""
    _, first, inverse, sizes = np.unique(
        labels, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.lexsort((first, -sizes))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[inverse]


def _stability(consensus: IntArray, runs: Sequence[IntArray]) -> FloatArray:
    total = np.zeros(len(consensus), dtype=np.float64)
    c_sizes = np.bincount(consensus)
    for labels in runs:
        _, run = np.unique(labels, return_inverse=True)
        r_sizes = np.bincount(run)
        width = int(run.max()) + 1
        codes = consensus * width + run
        _, cell_of, cells = np.unique(codes, return_inverse=True, return_counts=True)
        both = cells[cell_of].astype(np.float64)
        total += both / (c_sizes[consensus] + r_sizes[run] - both)
    return total / max(len(runs), 1)


def blocs(
    graph: SignedGraph,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    resolution: float = 1.0,
    iterations: int = ITERATIONS,
    limit: int = 50,
) -> BlocsResult:
    """Blocs of the signed graph, their cohesion, hostility and frustration (see the module)."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    n = len(graph.nodes)
    unaligned = _unaligned(graph)
    if n == 0:
        return BlocsResult(
            blocs=[],
            membership={},
            stability={},
            unaligned=unaligned,
            ties=0,
            frustrated_ties=0,
            frustration=0.0,
            frustrated=[],
            runs=[],
            agreement=1.0,
        )
    found = leiden_runs(graph, runs, seed, resolution, iterations)
    memberships = [m for m, _ in found]
    ari = np.ones((runs, runs))
    for i in range(runs):
        for j in range(i + 1, runs):
            ari[i, j] = ari[j, i] = adjusted_rand_index(memberships[i], memberships[j])
    medoid = max(range(runs), key=lambda r: (round(float(ari[r].sum()), 9), found[r][1], -r))
    labels = _canonical(_merge_allies(graph, _support_components(graph, memberships[medoid])))
    stability = _stability(labels, memberships)
    agreement = [adjusted_rand_index(labels, m) for m in memberships]
    result = _describe(graph, labels, stability, limit)
    return result.model_copy(
        update={
            "unaligned": unaligned,
            "runs": [
                RunSummary(
                    seed=seed + r,
                    blocs=len(np.unique(memberships[r])),
                    quality=_r(found[r][1]),
                    agreement=_r(agreement[r]),
                    chosen=r == medoid,
                )
                for r in range(runs)
            ],
            "agreement": _r(float(np.mean(agreement))),
        }
    )


def _unaligned(graph: SignedGraph) -> list[str]:
    """Actors in no bloc: no signed tie, or folded into an actor without one."""
    alone = set(graph.unaligned)
    return sorted({*alone, *(a for a, r in graph.folded.items() if r in alone)})


def bloc_ids(count: int) -> list[str]:
    return [f"bloc-{k + 1}" for k in range(count)]


def _describe(
    graph: SignedGraph, labels: IntArray, stability: FloatArray, limit: int
) -> BlocsResult:
    """The statistics of a given partition (labels canonical: 0 is the largest bloc)."""
    nodes = graph.nodes
    k = int(labels.max()) + 1 if len(labels) else 0
    ids = bloc_ids(k)
    u, v, w = graph.tie_u, graph.tie_v, graph.tie_w
    bu, bv = labels[u], labels[v]
    inside = bu == bv
    positive = w > 0
    strength = np.abs(w)

    def per_bloc(mask: npt.NDArray[np.bool_], ends: IntArray) -> FloatArray:
        return np.bincount(ends[mask], weights=strength[mask], minlength=k).astype(np.float64)

    support_in = per_bloc(inside & positive, bu)
    opposition_in = per_bloc(inside & ~positive, bu)
    across = ~inside
    support_out = per_bloc(across & positive, bu) + per_bloc(across & positive, bv)
    opposition_out = per_bloc(across & ~positive, bu) + per_bloc(across & ~positive, bv)
    frustrated = (inside & ~positive) | (across & positive)
    frustrated_count = np.bincount(bu[frustrated], minlength=k) + np.bincount(
        bv[frustrated & across], minlength=k
    )
    frustrated_weight = per_bloc(frustrated, bu) + per_bloc(frustrated & across, bv)

    # Relations between blocs, from the ties across them.
    relations: list[list[BlocRelation]] = [[] for _ in range(k)]
    if across.any():
        lo, hi = np.minimum(bu[across], bv[across]), np.maximum(bu[across], bv[across])
        keys, inverse = np.unique(lo * k + hi, return_inverse=True)
        sup = np.bincount(inverse, weights=np.where(positive[across], strength[across], 0.0))
        opp = np.bincount(inverse, weights=np.where(positive[across], 0.0, strength[across]))
        for key, s, o in zip(keys.tolist(), sup.tolist(), opp.tolist(), strict=True):
            a, b = divmod(key, k)
            hostility = _r(o / (s + o))
            relations[a].append(
                BlocRelation(other=ids[b], support=_r(s), opposition=_r(o), hostility=hostility)
            )
            relations[b].append(
                BlocRelation(other=ids[a], support=_r(s), opposition=_r(o), hostility=hostility)
            )

    # The label: the member with the most support inside the bloc.
    inner = np.bincount(u[inside & positive], weights=w[inside & positive], minlength=len(nodes))
    inner += np.bincount(v[inside & positive], weights=w[inside & positive], minlength=len(nodes))
    order = np.lexsort((np.arange(len(nodes)), -np.round(inner, 9), labels))
    members: list[list[int]] = [[] for _ in range(k)]
    label_of = [-1] * k
    for i in order.tolist():
        b = int(labels[i])
        if label_of[b] < 0:
            label_of[b] = i
        members[b].append(i)
    folded_into: dict[str, list[str]] = {}
    for actor, rep in graph.folded.items():
        folded_into.setdefault(rep, []).append(actor)

    result_blocs = []
    membership: dict[str, str] = {}
    for b in range(k):
        ids_b = sorted(nodes[i] for i in members[b])
        folded = sorted(a for m in ids_b for a in folded_into.get(m, ()))
        for actor in (*ids_b, *folded):
            membership[actor] = ids[b]
        s_in, o_in = float(support_in[b]), float(opposition_in[b])
        result_blocs.append(
            Bloc(
                id=ids[b],
                label=nodes[label_of[b]],
                members=ids_b,
                folded=folded,
                size=len(ids_b),
                stability=_r(float(np.mean(stability[members[b]]))),
                support_inside=_r(s_in),
                opposition_inside=_r(o_in),
                support_outside=_r(support_out[b]),
                opposition_outside=_r(opposition_out[b]),
                cohesion=_r(s_in / (s_in + o_in)) if s_in + o_in > 0 else None,
                frustrated_ties=int(frustrated_count[b]),
                frustrated_weight=_r(frustrated_weight[b]),
                relations=sorted(relations[b], key=lambda r: (-r.hostility, r.other)),
            )
        )

    idx = np.flatnonzero(frustrated)
    heaviest = idx[np.lexsort((v[idx], u[idx], -strength[idx]))][:limit]
    total = float(strength.sum())
    return BlocsResult(
        blocs=result_blocs,
        membership=dict(sorted(membership.items())),
        stability={nodes[i]: _r(s) for i, s in enumerate(stability.tolist())},
        unaligned=[],
        ties=len(w),
        frustrated_ties=int(frustrated.sum()),
        frustration=_r(float(strength[frustrated].sum()) / total) if total > 0 else 0.0,
        frustrated=[
            FrustratedTie(
                source=nodes[u[t]],
                target=nodes[v[t]],
                sign="supports" if w[t] > 0 else "opposes",
                weight=_r(strength[t]),
                source_bloc=ids[bu[t]],
                target_bloc=ids[bv[t]],
            )
            for t in heaviest.tolist()
        ],
        runs=[],
        agreement=1.0,
    )


def describe_partition(
    graph: SignedGraph, partition: Mapping[str, Hashable], *, limit: int = 50
) -> BlocsResult:
    """Cohesion, hostility and frustration of a partition given by hand (actor -> bloc key), e.g.
    to score a known partition or one from another method. Actors of the signed graph missing
    from ``partition`` are each a bloc of their own."""
    keys: dict[Hashable, int] = {}
    raw = []
    for node in graph.nodes:
        key = partition.get(node, ("alone", node))
        raw.append(keys.setdefault(key, len(keys)))
    labels = _canonical(np.asarray(raw, dtype=np.int64))
    result = _describe(graph, labels, np.ones(len(graph.nodes)), limit)
    return result.model_copy(update={"unaligned": _unaligned(graph)})

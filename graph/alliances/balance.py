"""Structural balance: every signed triangle, balanced (+++, +--) or not (++-, ---).

Triangles are enumerated once each by orienting every tie from the lower to the higher (degree,
index) end and intersecting forward neighbour sets (the standard O(m^1.5) method), so a hub does
not make it quadratic. Signs are those of the net ties of the signed graph.
"""

from __future__ import annotations

import heapq

import numpy as np

from graph.alliances.results import ActorBalance, BalanceResult, Sign, Triangle, TriangleKind
from graph.alliances.signed import SignedGraph

KINDS: tuple[TriangleKind, ...] = ("+++", "++-", "+--", "---")  # by number of oppositions
BALANCED = frozenset({"+++", "+--"})


def _sign(w: float) -> Sign:
    return "supports" if w > 0 else "opposes"


def triangles(graph: SignedGraph) -> list[tuple[int, int, int, float, float, float]]:
    """Every triangle as (a, b, c, w_ab, w_ac, w_bc) with node indices a < b < c, sorted."""
    found = []
    for u, v, x, w_uv, w_ux, w_vx in _raw_triangles(graph):
        found.append(_ordered(u, v, x, w_uv, w_ux, w_vx))
    found.sort()
    return found


def _raw_triangles(graph: SignedGraph) -> list[tuple[int, int, int, float, float, float]]:
    adjacency = graph.adjacency
    degree = [len(a) for a in adjacency]
    forward: list[dict[int, float]] = [
        {j: w for j, w in adj.items() if (degree[j], j) > (degree[i], i)}
        for i, adj in enumerate(adjacency)
    ]
    forward_sets = [set(f) for f in forward]
    found: list[tuple[int, int, int, float, float, float]] = []
    for u, out in enumerate(forward):
        if len(out) < 2:
            continue
        out_set = forward_sets[u]
        for v, w_uv in out.items():
            common = out_set & forward_sets[v]
            if common:
                out_v = forward[v]
                found.extend((u, v, x, w_uv, out[x], out_v[x]) for x in common)
    return found


def _ordered(
    u: int, v: int, x: int, w_uv: float, w_ux: float, w_vx: float
) -> tuple[int, int, int, float, float, float]:
    """The same triangle with its actors in index order (weights of ab, ac, bc)."""
    weights = {(u, v): w_uv, (u, x): w_ux, (v, x): w_vx}
    weights.update({(b, a): w for (a, b), w in list(weights.items())})
    a, b, c = sorted((u, v, x))
    return a, b, c, weights[(a, b)], weights[(a, c)], weights[(b, c)]


def balance(graph: SignedGraph, *, limit: int = 50) -> BalanceResult:
    """The triangles' balance: counts by kind, the balance ratio, per actor the unbalanced
    triangles it sits in, and the heaviest unbalanced triangles (weight = weakest tie)."""
    n = len(graph.nodes)
    in_triangles = [0] * n
    in_unbalanced = [0] * n
    by_negatives = [0, 0, 0, 0]
    unbalanced: list[tuple[float, int, int, int, float, float, float]] = []
    for u, v, x, w_uv, w_ux, w_vx in _raw_triangles(graph):
        negatives = (w_uv < 0) + (w_ux < 0) + (w_vx < 0)
        by_negatives[negatives] += 1
        in_triangles[u] += 1
        in_triangles[v] += 1
        in_triangles[x] += 1
        if negatives & 1:  # ++- and ---: an odd number of oppositions
            in_unbalanced[u] += 1
            in_unbalanced[v] += 1
            in_unbalanced[x] += 1
            weakest = min(abs(w_uv), abs(w_ux), abs(w_vx))
            unbalanced.append((-weakest, *_ordered(u, v, x, w_uv, w_ux, w_vx)))
    counts = {kind: by_negatives[i] for i, kind in enumerate(KINDS)}
    total = sum(by_negatives)
    balanced = counts["+++"] + counts["+--"]
    nodes = graph.nodes
    order = np.lexsort((np.arange(n), -np.asarray(in_unbalanced, dtype=np.int64)))
    actors = [
        ActorBalance.model_construct(  # one per actor, of checked types: no re-validation
            actor=nodes[i],
            triangles=in_triangles[i],
            unbalanced=in_unbalanced[i],
            unbalanced_share=round(in_unbalanced[i] / in_triangles[i], 6),
        )
        for i in order.tolist()
        if in_triangles[i]
    ]
    return BalanceResult(
        triangles=total,
        balanced=balanced,
        unbalanced=total - balanced,
        by_kind=counts,
        balance_ratio=round(balanced / total, 6) if total else None,
        actors=actors,
        unbalanced_triangles=[
            triangle(graph, a, b, c, w_ab, w_ac, w_bc)
            for _, a, b, c, w_ab, w_ac, w_bc in heapq.nsmallest(limit, unbalanced)
        ],
    )


def triangle(
    graph: SignedGraph, a: int, b: int, c: int, w_ab: float, w_ac: float, w_bc: float
) -> Triangle:
    kind = KINDS[(w_ab < 0) + (w_ac < 0) + (w_bc < 0)]
    return Triangle(
        actors=[graph.nodes[a], graph.nodes[b], graph.nodes[c]],
        signs=[_sign(w_ab), _sign(w_ac), _sign(w_bc)],
        kind=kind,
        balanced=kind in BALANCED,
        weight=round(min(abs(w_ab), abs(w_ac), abs(w_bc)), 6),
    )

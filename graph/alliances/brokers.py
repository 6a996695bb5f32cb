"""Brokers and standing: who sits between camps, who is supported, who is opposed.

- betweenness on the support graph (support ties, undirected, counted in hops), normalised by
  (n-1)(n-2)/2. Exact up to ``betweenness_sources`` actors; above, the Brandes-Pich estimate
  from that many source actors drawn with the seed (scaled by n / sources), which ranks the
  brokers of a 10,000-actor graph in a fraction of a second;
- bridging: the participation coefficient of an actor's support ties over blocs,
  1 - sum_b (s_b / s)^2, with s_b its support strength to members of bloc b (its own bloc
  included): 0 when all its support stays in one bloc, higher the more evenly it spreads;
- signed strengths in and out (directed, after folding): most supported, most opposed;
- PageRank on the directed support graph (supporter -> supported, weighted by strength).
"""

from __future__ import annotations

import random

import igraph as ig
import numpy as np

from graph.alliances.results import ActorScore, ActorStanding, BlocsResult, BrokersResult
from graph.alliances.signed import FloatArray, IntArray, SignedGraph

DEFAULT_BETWEENNESS_SOURCES = 512


def _sums(index: IntArray, weights: FloatArray, n: int) -> FloatArray:
    return np.bincount(index, weights=weights, minlength=n).astype(np.float64)


def support_betweenness(
    graph: SignedGraph, *, sources: int = DEFAULT_BETWEENNESS_SOURCES, seed: int = 0
) -> tuple[FloatArray, bool, int]:
    """(normalised betweenness per node, exact?, number of sources used)."""
    n = len(graph.nodes)
    positive = graph.tie_w > 0
    g = ig.Graph(
        n=n, edges=np.column_stack([graph.tie_u[positive], graph.tie_v[positive]]).tolist()
    )
    exact = n <= sources
    if exact:
        raw = np.asarray(g.betweenness(directed=False), dtype=np.float64)
        used = n
    else:
        sample = sorted(random.Random(seed).sample(range(n), sources))
        raw = np.asarray(g.betweenness(directed=False, sources=sample), dtype=np.float64)
        raw *= n / sources
        used = sources
    pairs = (n - 1) * (n - 2) / 2
    return (raw / pairs if pairs > 0 else np.zeros(n)), exact, used


def brokers(
    graph: SignedGraph,
    blocs: BlocsResult | None = None,
    *,
    top: int = 10,
    betweenness_sources: int = DEFAULT_BETWEENNESS_SOURCES,
    seed: int = 0,
    damping: float = 0.85,
) -> BrokersResult:
    """Every signed-graph actor's standing, and the ``top`` of each ranking (scores > 0)."""
    n = len(graph.nodes)
    nodes = graph.nodes
    if n == 0:
        return BrokersResult(
            actors=[],
            brokers=[],
            bridges=[],
            most_supported=[],
            most_opposed=[],
            pagerank=[],
            betweenness_exact=True,
            betweenness_sources=0,
        )
    betweenness, exact, used = support_betweenness(graph, sources=betweenness_sources, seed=seed)

    membership = blocs.membership if blocs is not None else {}
    bloc_names = sorted(set(membership.values()))
    bloc_index = {b: k for k, b in enumerate(bloc_names)}
    labels = np.asarray([bloc_index.get(membership.get(a, ""), -1) for a in nodes], dtype=np.int64)
    bridging = np.zeros(n)
    reached = np.zeros(n, dtype=np.int64)
    positive = graph.tie_w > 0
    if bloc_names and positive.any():
        k = len(bloc_names)
        ends = np.concatenate([graph.tie_u[positive], graph.tie_v[positive]])
        others = np.concatenate([graph.tie_v[positive], graph.tie_u[positive]])
        weights = np.concatenate([graph.tie_w[positive], graph.tie_w[positive]])
        known = labels[others] >= 0
        ends, others, weights = ends[known], others[known], weights[known]
        keys, inverse = np.unique(ends * k + labels[others], return_inverse=True)
        per_bloc = _sums(inverse, weights, len(keys))
        owner = keys // k
        total = _sums(owner, per_bloc, n)
        share = per_bloc / total[owner]
        bridging = 1.0 - _sums(owner, share**2, n)
        bridging[total == 0] = 0.0
        foreign = (keys % k) != labels[owner]
        reached = np.bincount(owner[foreign], minlength=n)

    support_in = _sums(graph.arc_v, graph.arc_support, n)
    support_out = _sums(graph.arc_u, graph.arc_support, n)
    opposition_in = _sums(graph.arc_v, graph.arc_opposition, n)
    opposition_out = _sums(graph.arc_u, graph.arc_opposition, n)

    supporting = graph.arc_support > 0
    directed = ig.Graph(
        n=n,
        edges=np.column_stack([graph.arc_u[supporting], graph.arc_v[supporting]]).tolist(),
        directed=True,
    )
    pagerank = np.asarray(
        directed.pagerank(
            weights=graph.arc_support[supporting].tolist() if supporting.any() else None,
            damping=damping,
            directed=True,
        ),
        dtype=np.float64,
    )

    # One row per actor, from values of the right types already: built without re-validation.
    columns = {
        "betweenness": betweenness,
        "bridging": bridging,
        "support_in": support_in,
        "support_out": support_out,
        "opposition_in": opposition_in,
        "opposition_out": opposition_out,
        "pagerank": pagerank,
    }
    values = {name: np.round(column, 6).tolist() for name, column in columns.items()}
    supported = reached.tolist()
    actors = [
        ActorStanding.model_construct(
            actor=actor,
            bloc=membership.get(actor),
            blocs_supported=supported[i],
            **{name: column[i] for name, column in values.items()},
        )
        for i, actor in enumerate(nodes)
    ]

    def ranking(scores: FloatArray) -> list[ActorScore]:
        rounded = np.round(scores, 6)
        order = np.lexsort((np.arange(n), -rounded))[:top]
        return [
            ActorScore(actor=nodes[i], score=float(rounded[i])) for i in order if rounded[i] > 0
        ]

    return BrokersResult(
        actors=actors,
        brokers=ranking(betweenness),
        bridges=ranking(bridging),
        most_supported=ranking(support_in),
        most_opposed=ranking(opposition_in),
        pagerank=ranking(pagerank),
        betweenness_exact=exact,
        betweenness_sources=used,
    )

"""Node positions computed in Python, for graphs too big to lay out with the browser's physics."""

from __future__ import annotations

import math
from collections import OrderedDict

import networkx as nx

_CACHE: OrderedDict[tuple[object, ...], dict[str, tuple[float, float]]] = OrderedDict()
_CACHE_SIZE = 8


def precomputed_layout(graph: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold positions in vis-network pixels, the same for the same graph.

    The result is cached by the graph's shape: reopening the explorer on an unchanged graph
    (the usual case for a large one) does not pay for the layout again.
    """
    key = (seed, tuple(sorted(graph.nodes)), tuple(sorted((u, v) for u, v in graph.edges())))
    cached = _CACHE.get(key)
    if cached is not None:
        _CACHE.move_to_end(key)
        return cached
    simple = nx.Graph(graph.to_undirected(as_view=True))
    n = max(len(simple), 1)
    # Fewer iterations as the graph grows keep the cost near-linear in practice; the browser
    # only draws these positions, so a rougher layout is better than a page that hangs.
    iterations = max(10, min(50, 20_000 // n))
    positions = nx.spring_layout(simple, seed=seed, iterations=iterations, method="force")
    scale = 60.0 * math.sqrt(n)
    result = {str(node): (float(x) * scale, float(y) * scale) for node, (x, y) in positions.items()}
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result

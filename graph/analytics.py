"""Analytics as pure functions of a networkx graph (the store's aggregated snapshot)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.model import RelationType


def restrict(graph: nx.MultiDiGraph, types: Iterable[RelationType] = ()) -> nx.MultiDiGraph:
    """The graph with only edges of the given types (all types when none are given)."""
    wanted = {t.value for t in types}
    if not wanted:
        return graph
    view = nx.MultiDiGraph()
    view.add_nodes_from(graph.nodes(data=True))
    view.add_edges_from(
        (u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if k in wanted
    )
    return view


def neighbourhood(
    graph: nx.MultiDiGraph, actor: str, hops: int, types: Iterable[RelationType] = ()
) -> nx.MultiDiGraph:
    """Everything within ``hops`` links of an actor, in either direction."""
    g = restrict(graph, types)
    if actor not in g:
        return nx.MultiDiGraph()
    reach = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), actor, hops)
    return g.subgraph(reach).copy()


def shortest_paths(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    max_hops: int,
    types: Iterable[RelationType] = (),
    limit: int = 10,
) -> list[list[dict[str, Any]]]:
    """Shortest paths between two actors, ignoring direction; each step names the relation."""
    g = restrict(graph, types)
    if source not in g or target not in g:
        return []
    undirected = nx.Graph(g.to_undirected(as_view=True))
    try:
        paths = nx.all_shortest_paths(undirected, source, target)
        found = []
        for path in paths:
            if len(path) - 1 > max_hops:
                break
            found.append(path)
            if len(found) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return [_steps(g, path) for path in found]


def _steps(g: nx.MultiDiGraph, path: list[str]) -> list[dict[str, Any]]:
    steps = []
    for a, b in itertools.pairwise(path):
        forward = [k for k in g.get_edge_data(a, b, default={})]
        backward = [k for k in g.get_edge_data(b, a, default={})]
        steps.append(
            {"from": a, "to": b, "types": sorted(forward), "reverse_types": sorted(backward)}
        )
    return steps


def degree_centrality(graph: nx.MultiDiGraph) -> dict[str, int]:
    """How many edges touch each actor (node size in the explorer)."""
    return {node: int(degree) for node, degree in graph.degree()}

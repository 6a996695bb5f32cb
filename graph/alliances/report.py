"""Everything at once, and one actor's position: the shapes the API and CLI will serve."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Unpack

import networkx as nx

from graph.alliance_params import DEFAULT_RUNS
from graph.alliances.balance import balance
from graph.alliances.blocs import blocs
from graph.alliances.brokers import DEFAULT_BETWEENNESS_SOURCES, brokers
from graph.alliances.inferred import RULES, inferred_relations
from graph.alliances.results import (
    ActorPosition,
    AllianceReport,
    BalanceResult,
    BlocsResult,
    BrokersResult,
    FrustratedTie,
    PositionTie,
)
from graph.alliances.signed import SignedGraph, SignedGraphOptions, signed_graph


def analyse(
    snapshot: nx.MultiDiGraph,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    resolution: float = 1.0,
    limit: int = 50,
    top: int = 10,
    betweenness_sources: int = DEFAULT_BETWEENNESS_SOURCES,
    rules: Iterable[str] = RULES,
    **options: Unpack[SignedGraphOptions],
) -> AllianceReport:
    """Signed graph (``options``: which ties, see ``signed_graph_from_edges``), blocs, balance,
    brokers and inferred relations of one snapshot."""
    graph = signed_graph(snapshot, **options)
    return report_of(
        graph,
        runs=runs,
        seed=seed,
        resolution=resolution,
        limit=limit,
        top=top,
        betweenness_sources=betweenness_sources,
        rules=rules,
    )


def report_of(
    graph: SignedGraph,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    resolution: float = 1.0,
    limit: int = 50,
    top: int = 10,
    betweenness_sources: int = DEFAULT_BETWEENNESS_SOURCES,
    rules: Iterable[str] = RULES,
) -> AllianceReport:
    """The same from a signed graph already built (a caller that keeps the graph, e.g. to
    answer ``actor_position`` later, builds it once)."""
    found = blocs(graph, runs=runs, seed=seed, resolution=resolution, limit=limit)
    return AllianceReport(
        signed=graph.summary(),
        blocs=found,
        balance=balance(graph, limit=limit),
        brokers=brokers(graph, found, top=top, betweenness_sources=betweenness_sources, seed=seed),
        inferred=inferred_relations(graph, limit=limit, rules=rules),
    )


def actor_position(
    graph: SignedGraph,
    actor: str,
    found: BlocsResult,
    *,
    balance_result: BalanceResult | None = None,
    brokers_result: BrokersResult | None = None,
    inferred_limit: int = 10,
    rules: Iterable[str] = RULES,
    limit: int = 50,
) -> ActorPosition:
    """Where one actor stands: its bloc, stability, standing, triangles, its allies inside its
    bloc and outside it, its adversaries, its tensions (ties that contradict the partition) and
    the relations balance predicts for it. A folded actor is answered for through its
    representative."""
    rep = graph.represent(actor)
    bloc_id = found.membership.get(rep)
    ties = _ties_of(graph, rep, found)
    label = next((b.label for b in found.blocs if b.id == bloc_id), None)
    standing = None
    if brokers_result is not None:
        standing = next((s for s in brokers_result.actors if s.actor == rep), None)
    triangles = unbalanced = 0
    if balance_result is not None:
        row = next((a for a in balance_result.actors if a.actor == rep), None)
        if row is not None:
            triangles, unbalanced = row.triangles, row.unbalanced
    return ActorPosition(
        actor=actor,
        represented_by=rep,
        bloc=bloc_id,
        bloc_label=label,
        stability=found.stability.get(rep),
        standing=standing,
        triangles=triangles,
        unbalanced_triangles=unbalanced,
        inferred=inferred_relations(graph, actor=rep, limit=inferred_limit, rules=rules).relations,
        allies_inside=[t for t in ties if t.sign == "supports" and _same(bloc_id, t.bloc)][:limit],
        allies_outside=[t for t in ties if t.sign == "supports" and not _same(bloc_id, t.bloc)][
            :limit
        ],
        adversaries=[t for t in ties if t.sign == "opposes"][:limit],
        tensions=[
            FrustratedTie(
                source=min(rep, t.actor),
                target=max(rep, t.actor),
                sign=t.sign,
                weight=t.weight,
                source_bloc=(bloc_id if rep < t.actor else t.bloc) or "",
                target_bloc=(t.bloc if rep < t.actor else bloc_id) or "",
            )
            for t in ties
            if bloc_id is not None
            and t.bloc is not None
            and (t.sign == "opposes") == (t.bloc == bloc_id)
        ][:limit],
    )


def _same(bloc: str | None, other: str | None) -> bool:
    return bloc is not None and bloc == other


def _ties_of(graph: SignedGraph, actor: str, found: BlocsResult) -> list[PositionTie]:
    """The actor's net ties, strongest first, then by the other actor's id."""
    i = graph.index.get(actor)
    if i is None:
        return []
    rows = sorted(
        ((graph.nodes[j], w) for j, w in graph.adjacency[i].items()),
        key=lambda row: (-round(abs(row[1]), 6), row[0]),
    )
    return [
        PositionTie(
            actor=other,
            bloc=found.membership.get(other),
            sign="supports" if w > 0 else "opposes",
            weight=round(abs(w), 6),
        )
        for other, w in rows
    ]

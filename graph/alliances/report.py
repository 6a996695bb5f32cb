"""Everything at once, and one actor's position: the shapes the API and CLI will serve."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import networkx as nx

from graph.alliances.balance import balance
from graph.alliances.blocs import DEFAULT_RUNS, blocs
from graph.alliances.brokers import DEFAULT_BETWEENNESS_SOURCES, brokers
from graph.alliances.inferred import RULES, inferred_relations
from graph.alliances.results import (
    ActorPosition,
    AllianceReport,
    BalanceResult,
    BlocsResult,
    BrokersResult,
)
from graph.alliances.signed import DEFAULT_MODALITIES, SignedGraph, signed_graph
from graph.model import Modality


def analyse(
    snapshot: nx.MultiDiGraph,
    *,
    modalities: Iterable[Modality] = DEFAULT_MODALITIES,
    since: date | None = None,
    until: date | None = None,
    half_life_days: float | None = None,
    as_of: date | None = None,
    fold: bool = False,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    resolution: float = 1.0,
    limit: int = 50,
    top: int = 10,
    betweenness_sources: int = DEFAULT_BETWEENNESS_SOURCES,
    rules: Iterable[str] = RULES,
) -> AllianceReport:
    """Signed graph, blocs, balance, brokers and inferred relations of one snapshot."""
    graph = signed_graph(
        snapshot,
        modalities=modalities,
        since=since,
        until=until,
        half_life_days=half_life_days,
        as_of=as_of,
        fold=fold,
    )
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
) -> ActorPosition:
    """Where one actor stands: its bloc, stability, standing, triangles and the relations
    balance predicts for it. A folded actor is answered for through its representative."""
    rep = graph.represent(actor)
    bloc_id = found.membership.get(rep)
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
    )

"""Snapshots with known answers, in the store's shape: for tests, benchmarks and demos.

``snapshot`` builds what ``store.snapshot()`` returns (a MultiDiGraph: nodes = actors with
their fields, edges keyed by relation type with the aggregated fields of ``Edge``), from plain
records; ``planted`` and ``planted_blocs`` generate signed graphs whose blocs are known: support
inside blocs, opposition between them, a share of ties with the wrong sign (noise), and
actors of very different prominence (a few hubs, a long tail), as in news.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import networkx as nx

from graph.model import ActorType, RelationType


def actor(
    actor_id: str,
    name: str | None = None,
    type: ActorType | str = ActorType.STATE,
    *,
    country: str | None = None,
    role: str | None = None,
) -> dict[str, Any]:
    """An actor's node attributes as the store gives them."""
    return {
        "id": actor_id,
        "name": name or actor_id,
        "type": ActorType(type).value,
        "aliases": [],
        "wikidata_id": None,
        "country": country,
        "role": role,
    }


def edge(
    source: str,
    target: str,
    type: RelationType | str,
    *,
    mentions: int = 1,
    confidence: float = 0.9,
    first_seen: date | str | None = "2026-01-01",
    last_seen: date | str | None = None,
    modalities: Sequence[str] = ("asserted",),
    weight: float = 0.0,
) -> dict[str, Any]:
    """An aggregated edge's attributes as the store gives them (``Edge.model_dump("json")``)."""
    first = first_seen.isoformat() if isinstance(first_seen, date) else first_seen
    last = last_seen.isoformat() if isinstance(last_seen, date) else last_seen
    return {
        "source": source,
        "target": target,
        "type": RelationType(type).value,
        "mentions": mentions,
        "articles": mentions,
        "first_seen": first,
        "last_seen": last or first,
        "weight": weight,
        "confidence": confidence,
        "modalities": sorted(modalities),
        "evidence": [],
    }


def snapshot(
    actors: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]]
) -> nx.MultiDiGraph:
    """The store's snapshot shape; actors named only by an edge get a default record."""
    records = {a["id"]: dict(a) for a in actors}
    edge_list = [dict(e) for e in edges]
    for e in edge_list:
        for end in (e["source"], e["target"]):
            records.setdefault(end, actor(end))
    g = nx.MultiDiGraph()
    for actor_id in sorted(records):
        g.add_node(actor_id, **records[actor_id])
    for e in sorted(edge_list, key=lambda e: (e["source"], e["type"], e["target"])):
        g.add_edge(e["source"], e["target"], key=e["type"], **e)
    return g


@dataclass(frozen=True)
class Planted:
    """A generated snapshot and the bloc each actor was planted in."""

    snapshot: nx.MultiDiGraph
    truth: dict[str, int]
    wrong_sign: int  # ties whose sign contradicts the planted blocs


def actor_ids(count: int, prefix: str = "actor") -> list[str]:
    width = len(str(max(count - 1, 0)))
    return [f"{prefix}-{i:0{width}d}" for i in range(count)]


def planted_blocs(
    sizes: Sequence[int],
    *,
    ties: int,
    inside: float = 0.8,
    noise: float = 0.1,
    seed: int = 0,
    hubs: float | None = 2.5,
    start: date = date(2026, 1, 1),
    days: int = 365,
    prefix: str = "actor",
) -> Planted:
    """``sizes[k]`` actors in bloc k (actor ids in bloc order); see ``planted``."""
    ids = actor_ids(sum(sizes), prefix)
    truth = {}
    position = 0
    for bloc, size in enumerate(sizes):
        for actor_id in ids[position : position + size]:
            truth[actor_id] = bloc
        position += size
    return planted(
        truth, ties=ties, inside=inside, noise=noise, seed=seed, hubs=hubs, start=start, days=days
    )


def planted(
    truth: Mapping[str, int],
    *,
    ties: int,
    inside: float = 0.8,
    noise: float = 0.1,
    seed: int = 0,
    hubs: float | None = 2.5,
    start: date = date(2026, 1, 1),
    days: int = 365,
) -> Planted:
    """A signed snapshot over ``truth``'s actors with ``ties`` distinct pairs.

    A share ``inside`` of the ties join actors of one bloc (``supports``), the others actors of
    different blocs (``opposes``); each tie then has its sign flipped with probability
    ``noise``. Ends are drawn by prominence, Pareto with exponent ``hubs`` (uniform when None).
    Mentions, confidence, direction and dates (within ``days`` from ``start``) are random.
    """
    rng = random.Random(seed)
    actors = sorted(truth)
    prominence = [
        1.0 if hubs is None else min((1.0 - rng.random()) ** (-1.0 / hubs), 100.0) for _ in actors
    ]
    everyone = _Sampler(actors, prominence)
    by_bloc: dict[int, list[int]] = {}
    for i, a in enumerate(actors):
        by_bloc.setdefault(truth[a], []).append(i)
    samplers = {
        b: _Sampler([actors[i] for i in idx], [prominence[i] for i in idx])
        for b, idx in by_bloc.items()
    }
    seen: set[tuple[str, str]] = set()
    edges: list[dict[str, Any]] = []
    wrong = 0
    for _ in range(ties * 50):
        if len(edges) >= ties:
            break
        u = everyone.draw(rng)
        same = rng.random() < inside
        if same:
            v = samplers[truth[u]].draw(rng)
        elif len(samplers) > 1:
            v = everyone.draw(rng)
            if truth[v] == truth[u]:
                continue
        else:
            continue
        pair = (u, v) if u < v else (v, u)
        if u == v or pair in seen:
            continue
        seen.add(pair)
        flipped = rng.random() < noise
        wrong += flipped
        supports = same != flipped
        first = start + timedelta(days=rng.randrange(days))
        last = first + timedelta(days=rng.randrange((start + timedelta(days=days) - first).days))
        source, target = (u, v) if rng.random() < 0.5 else (v, u)
        edges.append(
            edge(
                source,
                target,
                RelationType.SUPPORTS if supports else RelationType.OPPOSES,
                mentions=1 + min(int(rng.expovariate(0.8)), 30),
                confidence=round(rng.uniform(0.5, 0.95), 4),
                first_seen=first,
                last_seen=last,
                modalities=("asserted",) if rng.random() < 0.8 else ("asserted", "claimed"),
            )
        )
    nodes = [actor(a, f"Actor {a}", ActorType.STATE) for a in actors]
    return Planted(snapshot=snapshot(nodes, edges), truth=dict(truth), wrong_sign=wrong)


class _Sampler:
    def __init__(self, items: Sequence[str], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> str:
        x = rng.random() * self.cumulative[-1]
        return self.items[min(bisect.bisect_right(self.cumulative, x), len(self.items) - 1)]


def month_start(day: date, months: int = 0) -> date:
    """The first day of ``day``'s month, ``months`` months later."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)

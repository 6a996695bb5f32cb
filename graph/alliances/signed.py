"""The signed actor graph: who supports (+) and who opposes (-) whom, from an aggregated snapshot.

Input is the store's snapshot (``store.snapshot(...)``: a MultiDiGraph, nodes = actors with
their fields, edges keyed by relation type with mentions, confidence, first_seen, last_seen and
modalities). Only ``supports`` and ``opposes`` are signed; ``leads``, ``member_of`` and
``located_in`` may fold actors into the state or group they belong to.

Strength of one aggregated edge: ``confidence * log2(1 + mentions)``, times
``0.5 ** (age_days / half_life_days)`` when a half-life is given (age from ``last_seen`` to
``as_of``; ``as_of`` defaults to ``until``, else the newest ``last_seen`` of the snapshot, never
today, so a result depends on its input only). ``confidence`` is already 1 - prod(1 - c) over
the edge's statements, so more evidence counts, with diminishing returns on repetition.

The tie between two actors is net: their supports minus their oppositions, both directions
summed. Directed strengths (who supports whom) are kept beside it for standing and PageRank.

Modalities and dates: the store aggregates a snapshot from the statements of a window (dates
and modalities), which is exact; pass such a snapshot. The filters here work on aggregated
edges and are idempotent on a windowed snapshot: an edge is kept when one of its modalities is
wanted (asserted and claimed by default; historical or planned only when asked) and when its
[first_seen, last_seen] meets [since, until] (an undated edge is dropped when a window is set).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

from graph.alliances.results import SignedSummary, SignedTie
from graph.model import ActorType, Modality, RelationType

DEFAULT_MODALITIES: frozenset[Modality] = frozenset({Modality.ASSERTED, Modality.CLAIMED})
SIGNS: dict[str, int] = {RelationType.SUPPORTS.value: 1, RelationType.OPPOSES.value: -1}
# Which structural edge wins when an actor has several: leading a state says more than being
# located in it.
FOLD_PRIORITY: dict[str, int] = {
    RelationType.LEADS.value: 0,
    RelationType.MEMBER_OF.value: 1,
    RelationType.LOCATED_IN.value: 2,
}
# What an actor may be folded into: a camp. A place is not a camp, and a state is never folded
# (into an organisation it is a member of, say): states are the camps.
CAMP_TYPES = frozenset(
    {ActorType.STATE.value, ActorType.ARMED_GROUP.value, ActorType.ORGANIZATION.value}
)
EPSILON = 1e-12

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@lru_cache(maxsize=4096)
def _iso_date(value: str) -> date:
    return date.fromisoformat(value[:10])


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return _iso_date(str(value))


@lru_cache(maxsize=1024)
def _log2_1p(mentions: float) -> float:
    return math.log2(1.0 + mentions) if mentions > 0 else 0.0


def tie_strength(
    mentions: float, confidence: float, age_days: float | None, half_life_days: float | None
) -> float:
    """The strength of one aggregated edge (see the module's docstring)."""
    return max(confidence, 0.0) * _log2_1p(mentions) * decay(age_days, half_life_days)


def decay(age_days: float | None, half_life_days: float | None) -> float:
    """1.0 without a half-life or a date; halves every ``half_life_days`` of age."""
    if half_life_days is None or age_days is None:
        return 1.0
    return float(0.5 ** (max(age_days, 0.0) / half_life_days))


@dataclass(frozen=True, eq=False)
class SignedGraph:
    """Actors with at least one signed tie (``nodes``, sorted) and their ties as arrays.

    ``tie_u < tie_v`` index ``nodes``; ``tie_w`` is the signed net strength (never 0). Ties are
    sorted by (u, v). ``arc_*`` are the directed strengths: ``arc_support[k]`` is how much
    ``nodes[arc_u[k]]`` supports ``nodes[arc_v[k]]``.
    """

    nodes: tuple[str, ...]
    tie_u: IntArray
    tie_v: IntArray
    tie_w: FloatArray
    arc_u: IntArray
    arc_v: IntArray
    arc_support: FloatArray
    arc_opposition: FloatArray
    actors: tuple[str, ...]  # every representative actor of the snapshot, sorted
    unaligned: tuple[str, ...]  # representatives without a signed tie
    folded: Mapping[str, str]  # actor -> the actor it is folded into
    names: Mapping[str, str] = field(repr=False)
    modalities: frozenset[Modality] = DEFAULT_MODALITIES
    since: date | None = None
    until: date | None = None
    half_life_days: float | None = None
    as_of: date | None = None

    @cached_property
    def index(self) -> dict[str, int]:
        return {node: i for i, node in enumerate(self.nodes)}

    def rows(self) -> list[tuple[int, int, float]]:
        """(u, v, signed weight) of every tie, as Python numbers, in order."""
        return list(zip(self.tie_u.tolist(), self.tie_v.tolist(), self.tie_w.tolist(), strict=True))

    @cached_property
    def adjacency(self) -> list[dict[int, float]]:
        """For each node, its neighbours' indices with the signed weight of the tie."""
        adj: list[dict[int, float]] = [{} for _ in self.nodes]
        for u, v, w in self.rows():
            adj[u][v] = w
            adj[v][u] = w
        return adj

    def __len__(self) -> int:
        return len(self.nodes)

    def tie(self, a: str, b: str) -> float:
        """The signed net strength between two actors (0.0 when they have no tie)."""
        i, j = self.index.get(self.represent(a)), self.index.get(self.represent(b))
        if i is None or j is None:
            return 0.0
        return self.adjacency[i].get(j, 0.0)

    def represent(self, actor: str) -> str:
        """The actor that stands for ``actor`` in this graph (itself unless folded)."""
        return self.folded.get(actor, actor)

    def name(self, actor: str) -> str:
        return self.names.get(actor, actor)

    def ties(self) -> list[SignedTie]:
        return [
            SignedTie(
                source=self.nodes[u],
                target=self.nodes[v],
                sign="supports" if w > 0 else "opposes",
                weight=round(abs(w), 6),
            )
            for u, v, w in self.rows()
        ]

    def summary(self) -> SignedSummary:
        positive = int(np.count_nonzero(self.tie_w > 0))
        return SignedSummary(
            actors=len(self.actors),
            aligned=len(self.nodes),
            ties=len(self.tie_w),
            positive=positive,
            negative=len(self.tie_w) - positive,
            folded=dict(sorted(self.folded.items())),
            modalities=sorted(m.value for m in self.modalities),
            since=self.since.isoformat() if self.since else None,
            until=self.until.isoformat() if self.until else None,
            half_life_days=self.half_life_days,
            as_of=self.as_of.isoformat() if self.as_of else None,
        )


def signed_graph(
    snapshot: nx.MultiDiGraph,
    *,
    modalities: Iterable[Modality] = DEFAULT_MODALITIES,
    since: date | None = None,
    until: date | None = None,
    half_life_days: float | None = None,
    as_of: date | None = None,
    fold: bool = False,
) -> SignedGraph:
    """The signed actor graph of a store snapshot (the snapshot is not modified)."""
    return signed_graph_from_edges(
        snapshot.nodes(data=True),
        snapshot.edges(keys=True, data=True),
        modalities=modalities,
        since=since,
        until=until,
        half_life_days=half_life_days,
        as_of=as_of,
        fold=fold,
    )


def signed_graph_from_edges(
    actors: Iterable[tuple[str, Mapping[str, Any]]],
    edges: Iterable[tuple[str, str, str, Mapping[str, Any]]],
    *,
    modalities: Iterable[Modality] = DEFAULT_MODALITIES,
    since: date | None = None,
    until: date | None = None,
    half_life_days: float | None = None,
    as_of: date | None = None,
    fold: bool = False,
) -> SignedGraph:
    """The same from (id, attributes) actors and (source, target, type, attributes) edges, e.g.
    ``(e.source, e.target, e.type.value, e.model_dump(mode="json"))`` of the store's edges."""
    if half_life_days is not None and half_life_days <= 0:
        raise ValueError("half_life_days must be positive")
    if since is not None and until is not None and since > until:
        raise ValueError("since is after until")
    wanted = frozenset(Modality(m) for m in modalities)
    wanted_values = {m.value for m in wanted}
    names: dict[str, str] = {}
    types: dict[str, str | None] = {}
    for actor, attrs in actors:
        names[actor] = str(attrs.get("name") or actor)
        types[actor] = attrs.get("type")

    def kept(data: Mapping[str, Any]) -> bool:
        seen_as = data.get("modalities")
        if seen_as and not wanted_values.intersection(str(m) for m in seen_as):
            return False
        if since is None and until is None:
            return True
        first = _date(data.get("first_seen")) or _date(data.get("last_seen"))
        last = _date(data.get("last_seen")) or first
        if first is None or last is None:
            return False
        return (since is None or last >= since) and (until is None or first <= until)

    dated = half_life_days is not None
    signed: list[tuple[str, str, int, float, date | None]] = []
    parents: dict[str, tuple[int, float, str]] = {}
    for source, target, key, data in edges:
        kind = data.get("type", key)
        if source == target or not kept(data):
            continue
        mentions = float(data.get("mentions", 1) or 0)
        sign = SIGNS.get(kind)
        if sign is not None:
            strength = float(data.get("confidence", 1.0)) * _log2_1p(mentions)
            last = None
            if dated:
                last = _date(data.get("last_seen")) or _date(data.get("first_seen"))
            if strength > 0:
                signed.append((source, target, sign, strength, last))
        elif (
            fold and kind in FOLD_PRIORITY and _foldable(kind, types.get(source), types.get(target))
        ):
            candidate = (FOLD_PRIORITY[kind], -mentions, target)
            if source not in parents or candidate < parents[source]:
                parents[source] = candidate

    if as_of is None and half_life_days is not None:
        days = [s[4] for s in signed if s[4] is not None]
        as_of = until if until is not None else (max(days) if days else None)

    folded = _representatives({a: p[2] for a, p in parents.items()}) if fold else {}
    # Summed in one order whatever order the edges came in: the same floats from either store.
    signed.sort(key=lambda s: s[:4])
    arcs: dict[tuple[str, str], list[float]] = {}
    for source, target, sign, strength, last in signed:
        u, v = folded.get(source, source), folded.get(target, target)
        if u == v:
            continue
        if as_of is not None and last is not None:
            strength *= decay((as_of - last).days, half_life_days)
        sums = arcs.get((u, v))
        if sums is None:
            sums = arcs[(u, v)] = [0.0, 0.0]
        sums[0 if sign > 0 else 1] += strength

    net: dict[tuple[str, str], float] = {}
    for (u, v), (support, opposition) in sorted(arcs.items()):
        pair = (u, v) if u < v else (v, u)
        net[pair] = net.get(pair, 0.0) + support - opposition
    net = {pair: w for pair, w in net.items() if abs(w) > EPSILON}
    nodes = tuple(sorted({a for pair in net for a in pair}))
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted((index[a], index[b], w) for (a, b), w in net.items())
    arc_rows = sorted(
        (index[u], index[v], s, o) for (u, v), (s, o) in arcs.items() if u in index and v in index
    )
    representatives = sorted({*(folded.get(a, a) for a in names), *nodes})
    return SignedGraph(
        nodes=nodes,
        tie_u=np.array([p[0] for p in pairs], dtype=np.int64),
        tie_v=np.array([p[1] for p in pairs], dtype=np.int64),
        tie_w=np.array([p[2] for p in pairs], dtype=np.float64),
        arc_u=np.array([r[0] for r in arc_rows], dtype=np.int64),
        arc_v=np.array([r[1] for r in arc_rows], dtype=np.int64),
        arc_support=np.array([r[2] for r in arc_rows], dtype=np.float64),
        arc_opposition=np.array([r[3] for r in arc_rows], dtype=np.float64),
        actors=tuple(representatives),
        unaligned=tuple(a for a in representatives if a not in index),
        folded=folded,
        names=names,
        modalities=wanted,
        since=since,
        until=until,
        half_life_days=half_life_days,
        as_of=as_of,
    )


def _foldable(kind: str, source_type: str | None, target_type: str | None) -> bool:
    if source_type == ActorType.STATE.value:
        return False
    if target_type is None:
        return True
    if kind == RelationType.LOCATED_IN.value:
        return target_type == ActorType.STATE.value
    return target_type in CAMP_TYPES


def _representatives(parent: Mapping[str, str]) -> dict[str, str]:
    """actor -> the end of its chain of structural parents (the smallest id on a cycle)."""
    resolved: dict[str, str] = {}
    for start in sorted(parent):
        path: list[str] = []
        on_path: set[str] = set()
        node = start
        while node in parent and node not in resolved and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent[node]
        if node in resolved:
            end = resolved[node]
        elif node in on_path:
            cycle = path[path.index(node) :]
            end = min(cycle)
        else:
            end = node
        for member in path:
            resolved[member] = end
    return {a: r for a, r in resolved.items() if a != r}

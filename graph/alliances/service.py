"""Alliance analytics over a store: one cached computation per question, shared by the API,
the CLI, the explorer and the exports.

The pure functions of this package take a snapshot; this module asks the store for it. One
question is an ``AllianceParams`` (window, modalities, minimum confidence, folding, half-life,
runs, seed, resolution). Its answer, an ``Analysis`` (the signed graph and the whole
``AllianceReport``), is computed once per data version of the store
(``store.snapshot(window=...)`` then ``report_of``) and kept for later questions: a cold
computation takes seconds on a large graph, a cached answer is a dictionary look-up. Two
threads asking the same cold question compute it once; the second waits for the first.

What the endpoints and commands return (``BlocsAnswer``, ``BalanceAnswer``, ...) is a field of
the report with ``meta`` saying what it was computed from. Inferred relations are predictions:
they are never written to a store and never carry evidence.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any, TypeVar

import networkx as nx
from pydantic import BaseModel

# The question lives apart, light to import (the CLI's options); its callers find it here too.
from graph.alliance_params import AllianceParams as AllianceParams
from graph.alliances.balance import triangles
from graph.alliances.report import actor_position, report_of
from graph.alliances.results import (
    ActorPosition,
    AllianceReport,
    BalanceResult,
    BlocsResult,
    BrokersResult,
    Frozen,
    InferredResult,
    Period,
    SignedSummary,
    Timeline,
)
from graph.alliances.signed import SignedGraph, signed_graph
from graph.alliances.timeline import Unit, periods, timeline
from graph.errors import BadParameter
from graph.model import RelationType
from graph.store.protocol import GraphStore
from graph.store.query import Window

T = TypeVar("T")
log = logging.getLogger(__name__)

MAX_LIMIT = 500  # the longest list an answer holds (the API's ``limit`` goes up to it)
MAX_PERIODS = 120  # periods one timeline may have
AUTO_PERIODS = 36  # without a unit: the finest unit giving at most this many periods
CACHED = 8  # answers kept per store
POSITIONS_CACHED = 256  # actors' positions kept per answer
SIGNED = frozenset({RelationType.SUPPORTS.value, RelationType.OPPOSES.value})
UNITS: tuple[Unit, ...] = ("month", "quarter", "year")


# -- what the API and the CLI answer ----------------------------------------------------------


class AnalyticsMeta(Frozen):
    """What an answer was computed from: the question's parameters and, for one graph, what
    its signed graph held."""

    since: str | None
    until: str | None
    modalities: list[str]
    min_confidence: float
    fold: bool
    half_life_days: float | None
    runs: int
    seed: int
    resolution: float
    signed: SignedSummary | None = None
    # When and from which data version the answer was computed, and whether the store has
    # been written since (the API then answers at once from the last answer while the new one
    # is computed in the background; see AllianceService).
    computed_at: str | None = None
    data_version: int | None = None
    stale: bool = False


def meta_of(
    params: AllianceParams,
    signed: SignedSummary | None = None,
    computed_at: str | None = None,
    data_version: int | None = None,
) -> AnalyticsMeta:
    """What ``params`` asked, as every answer's ``meta`` says it, and when it was computed."""
    return AnalyticsMeta(
        computed_at=computed_at,
        data_version=data_version,
        since=params.since.isoformat() if params.since else None,
        until=params.until.isoformat() if params.until else None,
        modalities=sorted(m.value for m in params.modalities),
        min_confidence=params.min_confidence,
        fold=params.fold,
        half_life_days=params.half_life_days,
        runs=params.runs,
        seed=params.seed,
        resolution=params.resolution,
        signed=signed,
    )


class BlocsAnswer(Frozen):
    meta: AnalyticsMeta
    blocs: BlocsResult


class BalanceAnswer(Frozen):
    meta: AnalyticsMeta
    balance: BalanceResult


class BrokersAnswer(Frozen):
    meta: AnalyticsMeta
    brokers: BrokersResult


class InferredAnswer(Frozen):
    meta: AnalyticsMeta
    inferred: InferredResult


class PositionAnswer(Frozen):
    meta: AnalyticsMeta
    position: ActorPosition


class TimelineAnswer(Frozen):
    meta: AnalyticsMeta
    unit: Unit | None  # None when there is nothing dated to make periods of
    periods: list[Period]
    timeline: Timeline


# -- one computed question ----------------------------------------------------------------------


@dataclass(eq=False)
class Analysis:
    """The signed graph and the report of one question, with the views the API, the CLI, the
    explorer and the exports take of them (each list cut at ``limit``)."""

    params: AllianceParams
    graph: SignedGraph
    report: AllianceReport
    computed_at: str | None = None
    data_version: int | None = None
    _json: dict[tuple[str, int, bool], bytes] = field(default_factory=dict, repr=False)
    _positions: OrderedDict[tuple[str, int, bool], bytes] = field(
        default_factory=OrderedDict, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @cached_property
    def meta(self) -> AnalyticsMeta:
        return meta_of(self.params, self.report.signed, self.computed_at, self.data_version)

    def blocs(self, limit: int = 50) -> BlocsAnswer:
        found = self.report.blocs
        return BlocsAnswer(
            meta=self.meta, blocs=found.model_copy(update={"frustrated": found.frustrated[:limit]})
        )

    def balance(self, limit: int = 50) -> BalanceAnswer:
        result = self.report.balance
        cut = result.model_copy(
            update={
                "actors": result.actors[:limit],
                "unbalanced_triangles": result.unbalanced_triangles[:limit],
            }
        )
        return BalanceAnswer(meta=self.meta, balance=cut)

    def brokers(self, limit: int = 10) -> BrokersAnswer:
        """The rankings' top ``limit``, and the standing of the actors they name (by id)."""
        result = self.report.brokers
        rankings = {
            name: getattr(result, name)[:limit]
            for name in ("brokers", "bridges", "most_supported", "most_opposed", "pagerank")
        }
        named = {score.actor for ranking in rankings.values() for score in ranking}
        cut = result.model_copy(
            update={"actors": [s for s in result.actors if s.actor in named], **rankings}
        )
        return BrokersAnswer(meta=self.meta, brokers=cut)

    def inferred(self, limit: int = 50) -> InferredAnswer:
        result = self.report.inferred
        cut = result.model_copy(update={"relations": result.relations[:limit]})
        return InferredAnswer(meta=self.meta, inferred=cut)

    def position(self, actor: str, limit: int = 50) -> PositionAnswer:
        """Where one actor stands (an actor of the store that has no signed tie is in no bloc)."""
        position = actor_position(
            self.graph,
            actor,
            self.report.blocs,
            balance_result=self.report.balance,
            brokers_result=self.report.brokers,
            inferred_limit=limit,
            limit=limit,
        )
        return PositionAnswer(meta=self.meta, position=position)

    def position_json(self, actor: str, limit: int = 50, stale: bool = False) -> bytes:
        """The JSON of ``position``, kept for the last actors asked about."""
        key = (actor, limit, stale)
        with self._lock:
            body = self._positions.get(key)
            if body is not None:
                self._positions.move_to_end(key)
                return body
        body = _marked(self.position(actor, limit), stale).model_dump_json().encode()
        with self._lock:
            self._positions[key] = body
            while len(self._positions) > POSITIONS_CACHED:
                self._positions.popitem(last=False)
        return body

    def json(self, kind: str, limit: int, stale: bool = False) -> bytes:
        """The JSON of ``blocs``, ``balance``, ``brokers`` or ``inferred`` at ``limit``,
        serialised once (what a cached API answer costs is sending these bytes); ``stale``
        marks it as an answer the store's writes have overtaken."""
        key = (kind, limit, stale)
        body = self._json.get(key)
        if body is None:
            views: dict[str, Callable[[int], BaseModel]] = {
                "blocs": self.blocs,
                "balance": self.balance,
                "brokers": self.brokers,
                "inferred": self.inferred,
            }
            body = _marked(views[kind](limit), stale).model_dump_json().encode()
            self._json[key] = body
        return body

    @cached_property
    def tie_unbalanced(self) -> dict[tuple[str, str], int]:
        """(a, b) with a < b -> how many unbalanced triangles their tie is in (ties in none
        are left out)."""
        counts: dict[tuple[str, str], int] = {}
        nodes = self.graph.nodes
        for a, b, c, w_ab, w_ac, w_bc in triangles(self.graph):
            if ((w_ab < 0) + (w_ac < 0) + (w_bc < 0)) % 2 == 0:
                continue
            for pair in ((nodes[a], nodes[b]), (nodes[a], nodes[c]), (nodes[b], nodes[c])):
                counts[pair] = counts.get(pair, 0) + 1
        return counts

    @cached_property
    def actor_attributes(self) -> dict[str, dict[str, Any]]:
        """Per actor in a bloc or in the signed graph: ``bloc`` (id), ``bloc_label`` (the name
        of the actor the bloc is named after), ``stability`` (its representative's),
        ``betweenness``, ``pagerank``, ``triangles``, ``unbalanced_triangles``."""
        found = self.report.blocs
        labels = {b.id: self.graph.name(b.label) for b in found.blocs}
        counts = {a.actor: a for a in self.report.balance.actors}
        attributes: dict[str, dict[str, Any]] = {}
        for actor, bloc in found.membership.items():
            rep = self.graph.represent(actor)
            attributes[actor] = {
                "bloc": bloc,
                "bloc_label": labels[bloc],
                "stability": found.stability.get(rep),
            }
        for standing in self.report.brokers.actors:
            row = attributes.setdefault(standing.actor, {})
            row["betweenness"] = standing.betweenness
            row["pagerank"] = standing.pagerank
            balance = counts.get(standing.actor)
            row["triangles"] = balance.triangles if balance else 0
            row["unbalanced_triangles"] = balance.unbalanced if balance else 0
        return attributes

    def bloc_rows(self) -> list[dict[str, Any]]:
        """What ``actorgraph blocs --write`` stores per actor (folded actors too): ``bloc`` as
        a number (bloc-2 -> 2), its label's name and the actor's stability, by id."""
        return [
            {
                "id": actor,
                "bloc": bloc_number(row["bloc"]),
                "label": row["bloc_label"],
                "stability": row["stability"],
            }
            for actor, row in sorted(self.actor_attributes.items())
            if "bloc" in row
        ]


M = TypeVar("M", bound=BaseModel)


def _marked(answer: M, stale: bool) -> M:
    """``answer`` with ``meta.stale`` set (every answer has a ``meta``)."""
    if not stale:
        return answer
    meta = getattr(answer, "meta")  # noqa: B009 - the answers share no base class with meta
    return answer.model_copy(update={"meta": meta.model_copy(update={"stale": True})})


def bloc_number(bloc: str) -> int:
    """bloc-2 -> 2 (what Neo4j stores, so Browser users write ``{bloc: 2}``)."""
    return int(bloc.removeprefix("bloc-"))


# -- the cache over a store -----------------------------------------------------------------


class AllianceService:
    """Alliance analytics of one store, cached by the store's data version.

    What it returns is computed for the store's current data. The API asks with ``stale_ok``:
    once a question has an answer, a write no longer makes the next request wait seconds for
    the new one (4.8-30 s on the 10,000-article corpora). The request gets the last answer at
    once, marked ``stale`` with its ``computed_at``, and a background thread computes the new
    one as soon as the store has had no write for ``debounce`` seconds, or at once when the
    answer is older than ``max_stale`` seconds (so that a long ingest still sees its
    analytics refreshed). The first answer a question ever gets is computed in the request.
    """

    def __init__(
        self,
        store: GraphStore,
        cached: int = CACHED,
        *,
        debounce: float = 2.0,
        max_stale: float = 60.0,
    ) -> None:
        self.store = store
        self._cached = cached
        self.debounce = debounce
        self.max_stale = max_stale
        self._done: OrderedDict[Hashable, Any] = OrderedDict()
        self._running: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        # Per question: the last answer, its data version and when it was computed.
        self._latest: OrderedDict[Hashable, tuple[int, Any, float]] = OrderedDict()
        self._pending: dict[Hashable, Callable[[int], Any]] = {}
        self._wake = threading.Condition(self._lock)
        self._worker: threading.Thread | None = None
        self._closed = False

    def close(self) -> None:
        """Stop the background thread (an answer it is computing is dropped)."""
        with self._lock:
            self._closed = True
            self._wake.notify_all()

    def analysis(self, params: AllianceParams, stale_ok: bool = False) -> Analysis:
        """The signed graph and the report of one question (computed once per data version;
        with ``stale_ok``, possibly the last one computed, see the class)."""
        return self.analysis_answer(params, stale_ok)[0]

    def analysis_answer(self, params: AllianceParams, stale_ok: bool) -> tuple[Analysis, bool]:
        """The analysis and whether it is stale."""
        return self._answer(("analysis", params), lambda v: self._analyse(params, v), stale_ok)

    def json(self, kind: str, params: AllianceParams, limit: int) -> bytes:
        """The API's answer for blocs, balance, brokers or inferred relations: at once from the
        last analysis after a write (marked stale), see the class."""
        analysis, stale = self.analysis_answer(params, stale_ok=True)
        return analysis.json(kind, limit, stale)

    def position(self, params: AllianceParams, actor: str, limit: int = 50) -> PositionAnswer:
        """Where an actor of the store stands (merged ids resolve; NotFound when unknown)."""
        actor_id = self.store.get_actor(actor).actor.id
        return self.analysis(params).position(actor_id, limit)

    def position_json(
        self, params: AllianceParams, actor: str, limit: int = 50, stale_ok: bool = False
    ) -> bytes:
        """The same as JSON, serialised once per actor and answer."""
        actor_id = self.store.get_actor(actor).actor.id
        analysis, stale = self.analysis_answer(params, stale_ok)
        return analysis.position_json(actor_id, limit, stale)

    def timeline(self, params: AllianceParams, unit: Unit | None = None) -> TimelineAnswer:
        """Blocs per calendar period (``unit``; the finest with at most 36 periods when not
        given) over the dated signed statements inside the window, matched across periods."""
        return self._timeline_of(params, unit, stale_ok=False)[0].answer

    def timeline_json(
        self, params: AllianceParams, unit: Unit | None = None, stale_ok: bool = False
    ) -> bytes:
        """The same as JSON, serialised once."""
        timed, stale = self._timeline_of(params, unit, stale_ok)
        return timed.json(stale)

    def _timeline_of(
        self, params: AllianceParams, unit: Unit | None, stale_ok: bool
    ) -> tuple[_TimelineJson, bool]:
        def compute(version: int) -> _TimelineJson:
            return _TimelineJson(self._timeline(params, unit, version))

        return self._answer(("timeline", params, unit), compute, stale_ok)

    # -- answers now, or the last one while the next is computed ------------------------------

    def _answer(
        self, question: Hashable, compute: Callable[[int], T], stale_ok: bool
    ) -> tuple[T, bool]:
        version = self.store.data_version()
        key = (question, version)
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                done: T = self._done[key]
                return done, False
            latest = self._latest.get(question)
        if stale_ok and latest is not None:
            if latest[0] == version:  # fresh, its cache entry was merely evicted
                fresh: T = latest[1]
                return fresh, False
            self._schedule(question, compute)
            last: T = latest[1]
            return last, True
        value = self._once(key, lambda: compute(version))
        self._remember(question, version, value)
        return value, False

    def _remember(self, question: Hashable, version: int, value: Any) -> None:
        with self._lock:
            known = self._latest.get(question)
            if known is None or known[0] <= version:
                self._latest[question] = (version, value, time.monotonic())
            self._latest.move_to_end(question)
            while len(self._latest) > self._cached:
                self._latest.popitem(last=False)

    def _schedule(self, question: Hashable, compute: Callable[[int], Any]) -> None:
        with self._lock:
            if self._closed:
                return
            self._pending[question] = compute
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._refresh, name="analytics-refresh", daemon=True
                )
                self._worker.start()
            self._wake.notify()

    def _refresh(self) -> None:
        """The background thread: computes the questions asked since the last write, once the
        writes have paused for ``debounce`` seconds (or their answer is ``max_stale`` old)."""
        seen: int | None = None
        changed_at = time.monotonic()
        while True:
            with self._lock:
                while not self._pending and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                pending = dict(self._pending)
            try:
                version = self.store.data_version()
            except Exception as exc:  # the store is down: try again later
                log.info("analytics refresh waits for the store: %s", exc)
                time.sleep(max(self.debounce, 1.0))
                continue
            now = time.monotonic()
            if version != seen:
                seen, changed_at = version, now
            for question, compute in pending.items():
                with self._lock:
                    latest = self._latest.get(question)
                age = now - latest[2] if latest is not None else float("inf")
                if latest is not None and latest[0] == version:
                    self._settle(question, compute)
                    continue
                if now - changed_at < self.debounce and age < self.max_stale:
                    continue  # writes are still coming: wait for a pause
                try:
                    value = self._once(
                        (question, version),
                        lambda c=compute, v=version: c(v),  # type: ignore[misc]
                    )
                except Exception as exc:  # kept pending: tried again on the next round
                    log.warning("analytics refresh failed: %s", exc)
                    continue
                self._remember(question, version, value)
                self._settle(question, compute)
            time.sleep(min(0.25, self.debounce / 4 or 0.05))

    def _settle(self, question: Hashable, compute: Callable[[int], Any]) -> None:
        with self._lock:
            if self._pending.get(question) is compute:
                del self._pending[question]

    def _analyse(self, params: AllianceParams, version: int | None = None) -> Analysis:
        snapshot = self.store.snapshot(window=params.window(), evidence_limit=0)
        graph = signed_graph(
            snapshot,
            modalities=params.modalities,
            since=params.since,
            until=params.until,
            half_life_days=params.half_life_days,
            fold=params.fold,
            min_confidence=params.min_confidence,
        )
        report = report_of(
            graph,
            runs=params.runs,
            seed=params.seed,
            resolution=params.resolution,
            limit=MAX_LIMIT,
            top=MAX_LIMIT,
        )
        return Analysis(
            params=params,
            graph=graph,
            report=report,
            computed_at=_now(),
            data_version=version,
        )

    def _timeline(
        self, params: AllianceParams, unit: Unit | None, version: int | None = None
    ) -> TimelineAnswer:
        whole = self.store.snapshot(window=params.window(), evidence_limit=0)
        found = _dates(whole)
        chosen: list[Period] = []
        if found is not None:
            unit, chosen = _periods(*found, unit)
        snapshots: dict[str, nx.MultiDiGraph] = {}
        for period in chosen:
            since = max(date.fromisoformat(period.since), params.since or date.min)
            until = min(date.fromisoformat(period.until), params.until or date.max)
            window = Window(since=since, until=until, modalities=params.modalities)
            snapshots[period.label] = self.store.snapshot(window=window, evidence_limit=0)
        result = timeline(
            snapshots,
            modalities=params.modalities,
            half_life_days=params.half_life_days,
            fold=params.fold,
            runs=params.runs,
            seed=params.seed,
            resolution=params.resolution,
            min_confidence=params.min_confidence,
        )
        meta = meta_of(params, computed_at=_now(), data_version=version)
        return TimelineAnswer(meta=meta, unit=unit, periods=chosen, timeline=result)

    def _once(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                done: T = self._done[key]
                return done
            running = self._running.setdefault(key, threading.Lock())
        with running:
            with self._lock:
                if key in self._done:
                    self._done.move_to_end(key)
                    finished: T = self._done[key]
                    return finished
            try:
                value = compute()
            except BaseException:
                with self._lock:
                    self._running.pop(key, None)
                raise
            with self._lock:
                self._done[key] = value
                while len(self._done) > self._cached:
                    self._done.popitem(last=False)
                self._running.pop(key, None)
        return value


class _TimelineJson:
    """A timeline answer and its JSON, serialised once (twice at most: fresh and stale)."""

    def __init__(self, answer: TimelineAnswer) -> None:
        self.answer = answer
        self._json: dict[bool, bytes] = {}

    def json(self, stale: bool) -> bytes:
        body = self._json.get(stale)
        if body is None:
            body = _marked(self.answer, stale).model_dump_json().encode()
            self._json[stale] = body
        return body


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _dates(snapshot: nx.MultiDiGraph) -> tuple[date, date] | None:
    """The first and last day a signed edge of the snapshot was reported (None: no dates)."""
    first: str | None = None
    last: str | None = None
    for _, _, kind, data in snapshot.edges(keys=True, data=True):
        if kind not in SIGNED:
            continue
        begin = data.get("first_seen") or data.get("last_seen")
        end = data.get("last_seen") or begin
        if begin is None or end is None:
            continue
        first = min(first, str(begin)) if first else str(begin)
        last = max(last, str(end)) if last else str(end)
    if first is None or last is None:
        return None
    return date.fromisoformat(first[:10]), date.fromisoformat(last[:10])


def _periods(first: date, last: date, unit: Unit | None) -> tuple[Unit, list[Period]]:
    if unit is not None:
        chosen = periods(first, last, unit=unit)
        if len(chosen) > MAX_PERIODS:
            raise BadParameter(
                "unit",
                f"{len(chosen)} periods of a {unit} from {first} to {last}, at most "
                f"{MAX_PERIODS}: choose a longer unit or a shorter window",
            )
        return unit, chosen
    for candidate in UNITS:
        chosen = periods(first, last, unit=candidate)
        if len(chosen) <= AUTO_PERIODS:
            return candidate, chosen
    if len(chosen) > MAX_PERIODS:
        raise BadParameter(
            "since", f"{len(chosen)} years from {first} to {last}, at most {MAX_PERIODS}"
        )
    return "year", chosen

"""The client side of a cluster ingest: batches out, extractions back, written in input order.

Why input order: what the store aggregates depends on the order articles arrive in. An actor
keeps the name and type of the first article that names it (later ones add aliases); an edge's
sums are floating-point (Σ weights, Π(1 - confidence)) folded batch by batch, so the same
statements summed in other groups differ in the last bits; every write transaction holds the
articles of one batch of ``ingest_many``. So results are taken as they complete
(``as_completed``), held until every batch before them is in, and handed to ``graph.ingest``
in the order the serial ingest reads them: the same engine cuts the same stream into the same
batches, and the stored graph is the serial one whatever order the workers finish in.

Memory is bounded: at most ``in_flight`` batches are sent and not yet written (a finished
batch waiting for a slow one before it counts).

Faults: a worker that dies is Dask's to handle (its tasks run again on other workers); a
worker that cannot extract (its CoreNLP stopped answering, another extractor version) raises
``WorkerUnfit``: it is left out of this run and its batch is sent to the others; a batch that
fails otherwise (it killed its worker three times, a bug) fails its articles, reported like an
unreadable input. A re-run skips the articles the store already holds from this extractor
version before sending them (``AlreadyStored`` keeps their place in the writer's batches).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from distributed import Client, Future, as_completed

from cli.cluster.worker import (
    ReadingConfig,
    Result,
    Slice,
    WorkerUnfit,
    extract_files,
    extract_records,
    identify,
    plan_files,
)
from graph.errors import ActorgraphError
from graph.results import AlreadyStored
from graph.store.protocol import GraphStore
from loaders.reading.inputs import Document, ReadError, read_inputs

Item = Result
NO_WORKER_WARNING_SECONDS = 30.0


class ClusterFailed(ActorgraphError):
    """The run cannot go on (no worker can extract, the scheduler is gone)."""


@dataclass(frozen=True)
class Step:
    """One task a batch needs done next."""

    function: Callable[..., Any]
    args: tuple[Any, ...]
    priority: int = 0


class Batch(Protocol):
    """Consecutive inputs sent together; ``results`` is set once all of them are in."""

    results: list[Item] | None

    def first(self) -> Step | None: ...

    def then(self, result: Any) -> Step | None: ...

    def fail(self, reason: str) -> None: ...


def _stored_ids(store: GraphStore, version: str, ids: Sequence[str]) -> set[str]:
    """Ids the store holds from this extractor version (one of an older version is read
    again, as the serial ingest would replace it)."""
    if not ids:
        return set()
    return {i for i, v in store.article_versions(ids).items() if v == version}


class ReadyBatch:
    """Inputs with nothing to extract (errors of the planner)."""

    def __init__(self, results: list[Item]) -> None:
        self.results: list[Item] | None = results

    def first(self) -> Step | None:
        return None

    def then(self, result: Any) -> Step | None:
        del result
        return None

    def fail(self, reason: str) -> None:
        del reason


class RecordBatch:
    """Inputs the client read: documents to send; errors and stored articles stay here."""

    def __init__(
        self, entries: list[Document | ReadError | AlreadyStored], config: ReadingConfig
    ) -> None:
        self.entries = entries
        self.config = config
        self.results: list[Item] | None = None

    def first(self) -> Step | None:
        documents = [e for e in self.entries if isinstance(e, Document)]
        if not documents:
            self.then([])
            return None
        return Step(
            extract_records,
            (self.config.plugin_name(), self.config.extractor_version, documents),
        )

    def then(self, result: Any) -> Step | None:
        extracted: Iterator[Item] = iter(result)
        self.results = [next(extracted) if isinstance(e, Document) else e for e in self.entries]
        return None

    def fail(self, reason: str) -> None:
        self.results = [
            ReadError(e.article.path or e.article.id, reason) if isinstance(e, Document) else e
            for e in self.entries
        ]


class FileBatch:
    """Slices of files the workers read (``--shared-input``). On a store that already holds
    articles, a first task reads the articles' ids, so that the stored ones are skipped."""

    def __init__(
        self, parts: list[Slice], config: ReadingConfig, store: GraphStore, check: bool
    ) -> None:
        self.parts = parts
        self.config = config
        self.store = store
        self.check = check
        self.results: list[Item] | None = None
        self._identified = False

    def _extract(self, skip: frozenset[str]) -> Step:
        config = self.config
        return Step(
            extract_files, (config.plugin_name(), config.extractor_version, self.parts, skip)
        )

    def first(self) -> Step | None:
        if self.check:
            # Before the extractions queued on the workers: it only reads files.
            return Step(identify, (self.parts, self.config.max_article_bytes), priority=1)
        self._identified = True
        return self._extract(frozenset())

    def then(self, result: Any) -> Step | None:
        if not self._identified:
            self._identified = True
            ids = [i for i in result if i is not None]
            stored = _stored_ids(self.store, self.config.extractor_version, ids)
            return self._extract(frozenset(stored))
        self.results = list(result)
        return None

    def fail(self, reason: str) -> None:
        self.results = [ReadError(_slice_name(p), reason) for p in self.parts]


def _slice_name(part: Slice) -> str:
    if part.file.path.suffix.lower() in (".json", ".jsonl"):
        return f"{part.file.shown} (inputs {part.start + 1} to {part.stop})"
    return part.file.shown


# -- planning ----------------------------------------------------------------------------------


def record_batches(
    paths: Sequence[str], config: ReadingConfig, store: GraphStore, size: int
) -> Iterator[Batch]:
    """The client reads the inputs (files, folders, .jsonl, stdin) lazily and ships them in
    batches of ``size`` articles; those the store holds from this extractor version are not
    sent."""
    entries: list[Document | ReadError | AlreadyStored] = []
    documents = 0

    def close() -> RecordBatch:
        ids = [e.article.id for e in entries if isinstance(e, Document)]
        stored = _stored_ids(store, config.extractor_version, ids)
        kept: list[Document | ReadError | AlreadyStored] = [
            AlreadyStored(e.article.id, e.article.path)
            if isinstance(e, Document) and e.article.id in stored
            else e
            for e in entries
        ]
        return RecordBatch(kept, config)

    for item in read_inputs(paths, config.max_article_bytes):
        entries.append(item)
        if isinstance(item, Document):
            documents += 1
            if documents >= size:
                yield close()
                entries, documents = [], 0
    if entries:
        yield close()


def file_batches(
    client: Client, paths: Sequence[str], config: ReadingConfig, store: GraphStore, size: int
) -> Iterator[Batch]:
    """The workers read the inputs (``--shared-input``): one of them lists the files in the
    serial reader's order (and counts the records of .json/.jsonl files), and each batch is
    slices of them holding ``size`` inputs at most."""
    planned = client.submit(plan_files, list(paths), config.max_article_bytes, pure=False)
    plan: list[Slice | ReadError] = planned.result()
    check = store.counts().articles > 0
    parts: list[Slice] = []
    room = size
    for entry in plan:
        if isinstance(entry, ReadError):
            if parts:
                yield FileBatch(parts, config, store, check)
                parts, room = [], size
            yield ReadyBatch([entry])
            continue
        start = entry.start
        while start < entry.stop:
            stop = min(entry.stop, start + room)
            parts.append(Slice(entry.file, start, stop))
            room -= stop - start
            start = stop
            if room == 0:
                yield FileBatch(parts, config, store, check)
                parts, room = [], size
    if parts:
        yield FileBatch(parts, config, store, check)


# -- running -----------------------------------------------------------------------------------


class Report(Protocol):
    """Where the dispatcher tells what happens (the CLI's progress bar, a benchmark)."""

    def extracted(self, done: int, failed: int) -> None: ...

    def note(self, message: str) -> None: ...


@dataclass
class Stats:
    batches: int = 0
    tasks: int = 0
    resent: int = 0
    excluded: dict[str, str] = field(default_factory=dict)  # worker -> why
    dispatch_seconds: float = 0.0  # time the writer waited for the dispatcher


class Dispatcher:
    """Sends batches, keeps at most ``in_flight`` of them unwritten, yields their results in
    input order."""

    def __init__(self, client: Client, in_flight: int, report: Report) -> None:
        self.client = client
        self.in_flight = in_flight
        self.report = report
        self.stats = Stats()
        self._pending: dict[Hashable, tuple[Batch, Step]] = {}
        self._completed = as_completed()

    # -- submitting ------------------------------------------------------------------------

    def _workers(self) -> list[str]:
        info = self.client.scheduler_info(n_workers=-1)
        return sorted(info.get("workers", {}))

    def _allowed(self) -> list[str] | None:
        """None (any worker, also those joining later) until a worker was left out."""
        if not self.stats.excluded:
            return None
        allowed = [w for w in self._workers() if w not in self.stats.excluded]
        if not allowed:
            reasons = "; ".join(f"{w}: {r}" for w, r in self.stats.excluded.items())
            raise ClusterFailed(f"no worker left that can extract ({reasons})")
        return allowed

    def _submit(self, batch: Batch, step: Step) -> None:
        future = self.client.submit(
            step.function,
            *step.args,
            workers=self._allowed(),
            priority=step.priority,
            pure=False,  # a batch sent again must run again, not return the failed result
        )
        self.stats.tasks += 1
        self._pending[future.key] = (batch, step)
        self._completed.add(future)

    def _start(self, batch: Batch) -> None:
        self.stats.batches += 1
        step = batch.first()
        if step is not None:
            self._submit(batch, step)
        else:
            self._report(batch)

    def _report(self, batch: Batch) -> None:
        results = batch.results or []
        failed = sum(isinstance(r, ReadError) for r in results)
        self.report.extracted(len(results) - failed, failed)

    # -- collecting ------------------------------------------------------------------------

    def _wait(self) -> Future[Any]:
        """The next finished task. Polls, so that a scheduler left without workers is said."""
        began = time.monotonic()
        warned = False
        while not self._completed.has_ready():
            if not warned and time.monotonic() - began > NO_WORKER_WARNING_SECONDS:
                if not self._workers():
                    self.report.note("no Dask worker is connected to the scheduler: waiting")
                    warned = True
                began = time.monotonic()
            time.sleep(0.02)
        future: Future[Any] = next(self._completed)
        return future

    def _settle(self, future: Future[Any]) -> None:
        batch, step = self._pending.pop(future.key)
        if future.status == "finished":
            following = batch.then(future.result())
            if following is not None:
                self._submit(batch, following)
            else:
                self._report(batch)
            return
        if future.status == "cancelled":
            raise ClusterFailed(
                "the scheduler cancelled a task: it restarted or this client lost it"
            )
        error = future.exception()
        if isinstance(error, WorkerUnfit):
            if error.worker not in self.stats.excluded:
                self.stats.excluded[error.worker] = error.reason
                self.report.note(
                    f"worker {error.worker} left out of this run: {error.reason}; "
                    "its batches go to the other workers"
                )
            self.stats.resent += 1
            self._submit(batch, step)
            return
        name = type(error).__name__
        batch.fail(f"the cluster could not extract it ({name}: {error})")
        self._report(batch)

    def run(self, batches: Iterator[Batch]) -> Iterator[Item]:
        """Every input's result, in input order, while the next batches are extracted."""
        window: deque[Batch] = deque()
        exhausted = False
        began = time.perf_counter()
        try:
            while True:
                while not exhausted and len(window) < self.in_flight:
                    batch = next(batches, None)
                    if batch is None:
                        exhausted = True
                    else:
                        window.append(batch)
                        self._start(batch)
                while window and window[0].results is not None:
                    done = window.popleft()
                    self.stats.dispatch_seconds += time.perf_counter() - began
                    yield from done.results or []
                    began = time.perf_counter()
                if not window:
                    if exhausted:
                        break
                    continue
                self._settle(self._wait())
        finally:
            self.stats.dispatch_seconds += time.perf_counter() - began
            for key in list(self._pending):
                self._pending.pop(key)
            self._completed.clear()

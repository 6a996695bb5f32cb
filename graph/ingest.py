"""The one way articles get into the store: the CLI's ``ingest``, ``POST /articles`` (and the
feed watcher and the cluster path) hand their extractions here.

Extraction happens upstream (loaders: reading, parsing, rules); this service takes what came of
each input, in input order — an extraction, or a failure to read or extract it — writes the
extractions through the store's batched ``ingest_many`` (each article atomic), and gives one
outcome per input, in the same order. It imports nothing of loaders: an input that could not
be read is anything with a ``path`` and an ``error`` (loaders' ``ReadError`` is one). An
``AlreadyStored`` input (the cluster path's re-run skips articles stored by this extractor
version) keeps its place in the batches and comes out ``unchanged``, marked ``skipped``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from graph.errors import NlpUnavailable
from graph.model import Extraction
from graph.results import AlreadyStored, IngestFailure, IngestResult, IngestStatus
from graph.store.protocol import GraphStore


@runtime_checkable
class Unreadable(Protocol):
    """An input that produced no extraction, and why."""

    @property
    def path(self) -> str: ...

    @property
    def error(self) -> str: ...


@dataclass(frozen=True)
class Failed:
    """An input that was not stored: unreadable, not extracted, or its write failed."""

    path: str
    error: str


@dataclass(frozen=True)
class Stored:
    """An input whose article is in the store (new, unchanged or replaced)."""

    path: str
    result: IngestResult
    skipped: bool = False  # found stored before extraction: not read again


Outcome = Stored | Failed


@dataclass
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: list[Failed] = field(default_factory=list)
    actors: int = 0
    relations: int = 0
    skipped: int = 0  # of the unchanged: found stored before extraction, not read again
    stopped: str | None = None  # why the run ended before its inputs did (no parser left)

    def add(self, outcome: Outcome) -> None:
        if isinstance(outcome, Failed):
            self.failed.append(outcome)
            return
        result = outcome.result
        if result.status is IngestStatus.NEW:
            self.new += 1
        elif result.status is IngestStatus.REPLACED:
            self.replaced += 1
        else:
            self.unchanged += 1
        if outcome.skipped:
            self.skipped += 1
        self.actors += result.actors
        self.relations += result.relations


Item = Extraction | AlreadyStored | Unreadable


def name_of(extraction: Extraction | AlreadyStored) -> str:
    """How an article is named in outcomes and errors: its path, else its id."""
    if isinstance(extraction, AlreadyStored):
        return extraction.path or extraction.article_id
    return extraction.article.path or extraction.article.id


def ingest_each(items: Iterable[Item], store: GraphStore) -> Iterator[Outcome]:
    """One outcome per input, in input order, while the store writes the extractions in its
    own batches (an input is read only as the writer asks for more)."""
    queue: deque[Item] = deque()

    def writable(item: Item) -> bool:
        return isinstance(item, Extraction | AlreadyStored)

    def extractions() -> Iterator[Extraction | AlreadyStored]:
        for item in items:
            queue.append(item)
            if isinstance(item, Extraction | AlreadyStored):
                yield item

    def failures_before_next() -> Iterator[Failed]:
        while queue and not writable(queue[0]):
            unreadable = queue.popleft()
            assert isinstance(unreadable, Unreadable)
            yield Failed(unreadable.path, unreadable.error)

    for result in store.ingest_many(extractions()):
        yield from failures_before_next()
        extraction = queue.popleft()
        assert isinstance(extraction, Extraction | AlreadyStored)
        if isinstance(result, IngestFailure):
            yield Failed(name_of(extraction), f"write failed: {result.cause}")
        else:
            skipped = isinstance(extraction, AlreadyStored)
            yield Stored(name_of(extraction), result, skipped=skipped)
    yield from failures_before_next()


def ingest(
    items: Iterable[Item],
    store: GraphStore,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> IngestSummary:
    """Write every extraction; count what became of each input. A parser that stops answering
    ends the run with what was extracted before it written (the store writes its batch before
    the failure goes on) and ``stopped`` saying why."""
    summary = IngestSummary()
    try:
        for outcome in ingest_each(items, store):
            summary.add(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    except NlpUnavailable as exc:
        summary.stopped = str(exc)
    return summary

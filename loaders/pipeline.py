"""Reading and extraction together: the library function the CLI and the API call."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from graph.errors import NlpUnavailable
from graph.model import Extraction
from graph.results import IngestFailure, IngestResult, IngestStatus
from graph.settings import Settings
from graph.store import GraphStore
from loaders.extract import Extractor
from loaders.frames import default_frames
from loaders.lexicon import default_lexicon, read_user_lexicon
from loaders.nlp.client import CoreNLPClient
from loaders.reading import Document, ReadError, read_inputs


def extractor_for(settings: Settings) -> Extractor:
    """The extractor the settings describe, with its CoreNLP client (close it when done)."""
    user = str(settings.lexicon) if settings.lexicon else None
    lexicon = default_lexicon(user)
    frames = default_frames(user_frames(settings))
    return Extractor(lexicon, parser=CoreNLPClient(settings), frames=frames)


def user_frames(settings: Settings) -> tuple[str, ...]:
    """The ``frames`` of the user lexicon, JSON-encoded (hashable for the frames cache)."""
    if settings.lexicon is None:
        return ()
    data = read_user_lexicon(settings.lexicon)
    return tuple(json.dumps(frame, sort_keys=True) for frame in data.get("frames", []))


def extract_documents(
    items: Iterable[Document | ReadError], extractor: Extractor
) -> Iterator[tuple[Document, Extraction] | ReadError]:
    """Extract documents in input order, several parses in flight at once; a failure of one
    input (unreadable, rejected by the parser, an extraction bug) is that input's error."""
    queue: deque[Document | ReadError] = deque()

    def texts() -> Iterator[str]:
        for item in items:
            queue.append(item)
            if isinstance(item, Document):
                yield item.text

    def ready_errors() -> Iterator[ReadError]:
        while queue and isinstance(queue[0], ReadError):
            error = queue.popleft()
            assert isinstance(error, ReadError)
            yield error

    for parsed in extractor.parse_many(texts()):
        yield from ready_errors()
        document = queue.popleft()
        assert isinstance(document, Document)
        name = document.article.path or document.article.id
        if isinstance(parsed, Exception):
            yield ReadError(name, f"the parser refused it: {parsed}")
            continue
        try:
            yield document, extractor.read(parsed, document.text, document.article)
        except Exception as exc:  # an extractor bug must not lose the rest of the batch
            yield ReadError(name, f"extraction failed: {type(exc).__name__}: {exc}")
    yield from ready_errors()


def extract_paths(
    paths: Iterable[str], settings: Settings, extractor: Extractor | None = None
) -> Iterator[tuple[Document, Extraction] | ReadError]:
    """One result per article, in input order; a failure of one input never stops the rest."""
    if extractor is not None:
        yield from extract_documents(read_inputs(paths, settings.max_article_bytes), extractor)
        return
    owned = extractor_for(settings)
    try:
        yield from extract_documents(read_inputs(paths, settings.max_article_bytes), owned)
    finally:
        owned.close()


@dataclass
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: list[ReadError] = field(default_factory=list)
    actors: int = 0
    relations: int = 0
    stopped: str | None = None  # why the run ended before its inputs did (no parser left)

    def add(self, result: IngestResult) -> None:
        if result.status is IngestStatus.NEW:
            self.new += 1
        elif result.status is IngestStatus.REPLACED:
            self.replaced += 1
        else:
            self.unchanged += 1
        self.actors += result.actors
        self.relations += result.relations


def ingest_paths(
    paths: Iterable[str],
    store: GraphStore,
    settings: Settings,
    on_result: Callable[[IngestResult | ReadError], None] | None = None,
    extractor: Extractor | None = None,
) -> IngestSummary:
    """Extract and write articles; each article is atomic, failures are counted and skipped."""
    summary = IngestSummary()
    failed_reads: list[ReadError] = []

    def extractions() -> Iterator[Extraction]:
        for item in extract_paths(paths, settings, extractor):
            if isinstance(item, ReadError):
                failed_reads.append(item)
                if on_result:
                    on_result(item)
                continue
            yield item[1]

    try:
        for outcome in store.ingest_many(extractions()):
            if isinstance(outcome, IngestFailure):
                error = ReadError(
                    outcome.path or outcome.article_id, f"write failed: {outcome.cause}"
                )
                summary.failed.append(error)
                if on_result:
                    on_result(error)
                continue
            summary.add(outcome)
            if on_result:
                on_result(outcome)
    except NlpUnavailable as exc:
        # No parser answers any more: what was extracted before is written (ingest_many
        # writes its batch before the failure goes on), and the summary says so.
        summary.stopped = str(exc)
    summary.failed[:0] = failed_reads
    return summary

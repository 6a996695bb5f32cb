"""Reading and extraction together: the library function the CLI and the API call."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from graph.model import Extraction
from graph.results import IngestFailure, IngestResult, IngestStatus
from graph.settings import Settings
from graph.store import GraphStore
from loaders.extract import Extractor
from loaders.lexicon import default_lexicon
from loaders.reading import Document, ReadError, read_inputs


def extractor_for(settings: Settings) -> Extractor:
    user = str(settings.lexicon) if settings.lexicon else None
    return Extractor(default_lexicon(user))


def extract_paths(
    paths: Iterable[str], settings: Settings, extractor: Extractor | None = None
) -> Iterator[tuple[Document, Extraction] | ReadError]:
    """One result per article, in input order; a failure of one input never stops the rest."""
    extractor = extractor or extractor_for(settings)
    for item in read_inputs(paths, settings.max_article_bytes):
        if isinstance(item, ReadError):
            yield item
            continue
        try:
            yield item, extractor.extract(item.text, item.article)
        except Exception as exc:  # an extractor bug must not lose the rest of the batch
            cause = f"extraction failed: {type(exc).__name__}: {exc}"
            yield ReadError(item.article.path or item.article.id, cause)


@dataclass
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: list[ReadError] = field(default_factory=list)
    actors: int = 0
    relations: int = 0

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

    for outcome in store.ingest_many(extractions()):
        if isinstance(outcome, IngestFailure):
            error = ReadError(outcome.path or outcome.article_id, f"write failed: {outcome.cause}")
            summary.failed.append(error)
            if on_result:
                on_result(error)
            continue
        summary.add(outcome)
        if on_result:
            on_result(outcome)
    summary.failed[:0] = failed_reads
    return summary

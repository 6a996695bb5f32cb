"""Reading, parsing and the rules together: the extractions the CLI, the API and the ingest
service (graph.ingest, which writes them) take. Nothing here writes the store."""

from __future__ import annotations

import gc
import json
from collections import deque
from collections.abc import Iterable, Iterator

from graph.model import Extraction
from graph.settings import Settings
from loaders.knowledge.frames import default_frames
from loaders.knowledge.lexicon import default_lexicon, read_user_lexicon
from loaders.nlp.client import CoreNLPClient
from loaders.reading.inputs import Document, ReadError, read_inputs
from loaders.rules.extract import Extractor


def extractor_for(settings: Settings) -> Extractor:
    """The extractor the settings describe, with its CoreNLP client (close it when done)."""
    user = str(settings.lexicon) if settings.lexicon else None
    lexicon = default_lexicon(user)
    frames = default_frames(user_frames(settings))
    return Extractor(lexicon, parser=CoreNLPClient(settings), frames=frames)


def keep_out_of_collections() -> None:
    """Called by a process (the CLI, the API, a benchmark) once its extractor is built: the
    lexicons, frames and dictionaries (~450,000 objects) live as long as the process, and left
    to the collector every full collection walks them again, which cost a third of the time
    of re-extracting from the parse cache. A process-wide choice, so the process makes it."""
    gc.freeze()


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


def extractions(
    items: Iterable[tuple[Document, Extraction] | ReadError],
) -> Iterator[Extraction | ReadError]:
    """What the ingest service (graph.ingest) takes: each input's extraction or its error."""
    for item in items:
        yield item if isinstance(item, ReadError) else item[1]

"""Reading and extraction together: the library function the CLI and the API call."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graph.model import Extraction
from graph.settings import Settings
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
            yield ReadError(item.article.path or "?", f"extraction failed: {exc!r}")

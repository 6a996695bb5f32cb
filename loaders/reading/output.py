"""The ``actorgraph extract`` output contract, written as a stream."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from graph.errors import ActorgraphError
from graph.model import Extraction
from loaders.reading.inputs import Document, ReadError, shown_path


def article_record(document: Document, extraction: Extraction) -> dict[str, Any]:
    """One article exactly as the contract says (other tools read these keys)."""
    article = document.article
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "actors": [
            {
                "id": actor.id,
                "name": actor.name,
                "type": actor.type.value,
                "aliases": list(actor.aliases),
                "wikidata_id": actor.wikidata_id,
                "mentions": [
                    {"start": m.start, "end": m.end, "text": m.text} for m in actor.mentions
                ],
            }
            for actor in extraction.actors
        ],
        "relations": [
            {
                "source": r.source,
                "target": r.target,
                "type": r.type.value,
                "confidence": r.confidence,
                "modality": r.modality.value,
                "year": r.year,
                "evidence": {
                    "start": r.evidence.start,
                    "end": r.evidence.end,
                    "text": r.evidence.text,
                },
                "trigger": r.trigger,
                "cameo": r.cameo,
            }
            for r in extraction.relations
        ],
    }


def write_json_stream(
    results: Iterable[tuple[Document, Extraction] | ReadError],
    out: TextIO,
    extractor: dict[str, str],
) -> list[ReadError]:
    """Writes the one JSON object of the contract, an article at a time; returns the errors."""
    errors: list[ReadError] = []
    out.write('{"extractor": ' + json.dumps(extractor) + ', "articles": [')
    first = True
    try:
        for result in results:
            if isinstance(result, ReadError):
                errors.append(result)
                continue
            document, extraction = result
            out.write(("" if first else ", ") + json.dumps(article_record(document, extraction)))
            first = False
    except Exception as exc:
        # Whoever reads stdout still gets one valid object, and learns the batch stopped here.
        if isinstance(exc, ActorgraphError):  # no parser left, a store that refuses...
            cause = f"reading stopped: {exc}"
        else:
            cause = f"reading stopped by an unexpected error: {type(exc).__name__}: {exc}"
        errors.append(ReadError("-", cause))
        raise
    finally:
        out.write('], "errors": ')
        out.write(json.dumps([{"path": e.path, "error": e.error} for e in errors]))
        out.write("}\n")
    return errors


def write_json_failure(
    paths: Iterable[str], error: str, out: TextIO, extractor: dict[str, str]
) -> None:
    """The contract's one object when nothing could be read (a setting, the lexicon, no parser
    answering): every input named with the reason."""
    errors = [{"path": shown_path(path), "error": error} for path in paths]
    out.write(json.dumps({"extractor": extractor, "articles": [], "errors": errors}) + "\n")

"""The `extract --format json` stream is one valid JSON object even when reading stops."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest

from graph.model import Article, Extraction, article_id
from loaders.reading.inputs import Document, ReadError
from loaders.reading.output import write_json_stream
from loaders.rules.extract import extractor_header

TEXT = "Iran backs Syria."


def results() -> Iterator[tuple[Document, Extraction] | ReadError]:
    article = Article(id=article_id(TEXT), path="a.txt")
    yield Document(article, TEXT), Extraction(article=article)
    yield ReadError("b.txt", "binary file")
    raise RuntimeError("reader bug")


def test_an_unexpected_error_still_closes_the_json() -> None:
    out = io.StringIO()
    with pytest.raises(RuntimeError, match="reader bug"):
        write_json_stream(results(), out, extractor_header())
    data = json.loads(out.getvalue())
    assert [a["path"] for a in data["articles"]] == ["a.txt"]
    assert data["errors"][0] == {"path": "b.txt", "error": "binary file"}
    assert "RuntimeError: reader bug" in data["errors"][1]["error"]

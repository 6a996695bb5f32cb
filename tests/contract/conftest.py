"""The store contract: every test here runs on the embedded store and on a real Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model import Extraction
from graph.store import GraphStore, SqliteStore
from loaders.extract import Extractor
from loaders.reading import Document, read_inputs
from tests.conftest import REFERENCE_ARTICLE, ROOT, shared_file

_EXTRACTOR: Extractor | None = None


def extract(path: Path) -> list[Extraction]:
    global _EXTRACTOR
    _EXTRACTOR = _EXTRACTOR or Extractor()
    out = []
    for item in read_inputs([str(path)], 5_000_000):
        assert isinstance(item, Document)
        out.append(_EXTRACTOR.extract(item.text, item.article))
    return out


@pytest.fixture(scope="session")
def reference() -> Extraction:
    [extraction] = extract(shared_file(REFERENCE_ARTICLE))
    return extraction


@pytest.fixture(scope="session")
def samples() -> list[Extraction]:
    return extract(ROOT / "samples")


@pytest.fixture(
    params=["embedded", pytest.param("neo4j", marks=pytest.mark.integration)],
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    if request.param == "embedded":
        embedded = SqliteStore(tmp_path / "store" / "graph.db")
        yield embedded
        embedded.close()
    else:
        yield request.getfixturevalue("neo4j_store")

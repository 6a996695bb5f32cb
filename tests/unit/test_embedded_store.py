"""The embedded store's own guarantees (the shared ones are in tests/contract)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.model import Extraction
from tests.conftest import ROOT
from tests.contract.conftest import extract


@pytest.fixture(scope="module")
def samples() -> list[Extraction]:
    return extract(ROOT / "samples")


def test_articles_read_before_a_failing_input_are_saved(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    def extractions() -> Iterator[Extraction]:
        yield from samples[:2]
        raise RuntimeError("reader bug")

    store = EmbeddedStore(tmp_path / "graph.json")
    with pytest.raises(RuntimeError):
        list(store.ingest_many(extractions()))
    # Both were reported as stored: a fresh process must find them.
    assert EmbeddedStore(tmp_path / "graph.json").counts().articles == 2

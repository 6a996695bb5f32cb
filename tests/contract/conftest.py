"""The store contract: every test here runs on the embedded store and on a real Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.settings import Settings
from graph.store import GraphStore


@pytest.fixture(
    params=["embedded", pytest.param("neo4j", marks=pytest.mark.integration)],
)
def store(
    request: pytest.FixtureRequest, tmp_path: Path, corenlp_settings: Settings
) -> Iterator[GraphStore]:
    # Every test here may ingest through the API or the CLI: CoreNLP must answer.
    del corenlp_settings
    if request.param == "embedded":
        embedded = EmbeddedStore(tmp_path / "store" / "graph.json")
        yield embedded
        embedded.close()
    else:
        yield request.getfixturevalue("neo4j_store")

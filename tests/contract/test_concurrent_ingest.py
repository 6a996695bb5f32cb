"""Two processes ingesting overlapping articles at once end with no duplicates (real Neo4j)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import article
from graph.settings import Settings
from graph.store import Neo4jStore
from tests.conftest import ROOT

pytestmark = pytest.mark.integration


def test_overlapping_concurrent_ingest(
    neo4j_store: Neo4jStore, neo4j_settings: Settings, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for n in range(24):
        text = article(1000 + n, words=250)
        if n < 16:
            (first / f"{n}.txt").write_text(text)
        if n >= 8:
            (second / f"{n}.txt").write_text(text)  # articles 8..15 go to both processes
    env = {**os.environ, "ACTORGRAPH_NEO4J_URI": str(neo4j_settings.neo4j_uri)}
    command = [sys.executable, "-m", "cli.main", "ingest"]
    runs = [
        subprocess.Popen(
            [*command, str(folder)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for folder in (first, second)
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()
    query = neo4j_store.backend.execute
    counts = neo4j_store.counts()
    assert counts.articles == 24
    duplicate_actors = query(
        "MATCH (a:Actor) WITH a.id AS id, count(*) AS n WHERE n > 1 RETURN count(id) AS d"
    )
    assert duplicate_actors[0]["d"] == 0
    duplicate_edges = query(
        "MATCH (a:Actor)-[r]->(b:Actor) WITH a, b, type(r) AS t, count(r) AS n WHERE n > 1 "
        "RETURN count(*) AS d"
    )
    assert duplicate_edges[0]["d"] == 0
    duplicate_statements = query(
        "MATCH (s:Statement) WITH s.id AS id, count(*) AS n WHERE n > 1 RETURN count(id) AS d"
    )
    assert duplicate_statements[0]["d"] == 0
    # The same articles ingested by one process give the same graph.
    neo4j_store.wipe()
    subprocess.run(
        [*command, str(first), str(second)], cwd=ROOT, env=env, check=True, capture_output=True
    )
    assert neo4j_store.counts() == counts

"""One bad input never loses a batch: `extract` and `ingest` go on past it, JSON stays valid."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from tests.conftest import ROOT

GOOD = "Iran backs Syria, officials said. Russia condemned Ukraine on Monday."
OTHER = "Turkey supports Qatar. Egypt opposes Sudan."


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    def bounded() -> None:
        # A reader that reads /dev/zero must die of this limit, not take the machine with it.
        limit = 2 * 1024**3
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a reader blocked on a FIFO fails the test instead of hanging it
        preexec_fn=bounded,
    )


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    environment = {**os.environ, "ACTORGRAPH_STORE": str(tmp_path / "graph.json")}
    environment.pop("ACTORGRAPH_NEO4J_URI", None)
    environment.pop("ACTORGRAPH_DEBUG", None)
    return environment


@pytest.fixture()
def batch(tmp_path: Path) -> list[str]:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "deep.json").write_text("[" * 100_000)
    (tmp_path / "z.txt").write_text(OTHER)
    return [str(tmp_path / name) for name in ("a.txt", "deep.json", "z.txt")]


def test_extract_json_stays_valid_past_a_too_deep_file(
    env: dict[str, str], batch: list[str]
) -> None:
    done = run(env, "extract", *batch, "--format", "json")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    data = json.loads(done.stdout)
    assert [a["path"] for a in data["articles"]] == [batch[0], batch[2]]
    assert data["errors"] == [{"path": batch[1], "error": "JSON nested too deeply"}]
    assert f"{batch[1]}: JSON nested too deeply" in done.stderr


def test_ingest_stores_the_articles_around_a_bad_one(
    env: dict[str, str], batch: list[str], tmp_path: Path
) -> None:
    done = run(env, "ingest", *batch)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "nested too deeply" in done.stderr
    assert EmbeddedStore(tmp_path / "graph.json").counts().articles == 2


def test_extract_refuses_fifos_and_devices_unopened(env: dict[str, str], tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_text(GOOD)
    done = run(env, "extract", str(tmp_path / "pipe.txt"), "/dev/zero", str(tmp_path / "a.txt"))
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["errors"] == [
        {"path": str(tmp_path / "pipe.txt"), "error": "not a regular file: fifo"},
        {"path": "/dev/zero", "error": "not a regular file: character device"},
    ]
    assert [a["path"] for a in data["articles"]] == [str(tmp_path / "a.txt")]

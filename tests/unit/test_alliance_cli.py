"""`actorgraph blocs`, `balance`, `brokers` and `timeline`: tables for people, the API's JSON
for scripts, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.settings import Settings
from graph.store import SqliteStore
from tests.conftest import ROOT
from tests.unit.test_alliances_store import generated_articles


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "graph.db"
    store = SqliteStore(path)
    for extraction in generated_articles():
        store.ingest(extraction)
    store.close()
    return path


@pytest.fixture()
def env(store_path: Path) -> Iterator[dict[str, str]]:
    environment = {**os.environ, "ACTORGRAPH_STORE": str(store_path), "COLUMNS": "200"}
    environment.pop("ACTORGRAPH_NEO4J_URI", None)
    yield environment


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def api_json(store_path: Path, url: str) -> object:
    store = SqliteStore(store_path)
    try:
        with TestClient(create_app(Settings(), store)) as client:
            response = client.get(url)
            assert response.status_code == 200, response.text
            return response.json()
    finally:
        store.close()


@pytest.mark.parametrize(
    ("args", "url"),
    [
        (["blocs", "--fold", "--historical"], "/analytics/blocs?fold=true&historical=true"),
        (["balance", "--limit", "5"], "/analytics/balance?limit=5"),
        (["brokers", "--since", "2026-02-01"], "/analytics/brokers?since=2026-02-01&limit=10"),
        (["timeline", "--unit", "month", "--seed", "2"], "/analytics/timeline?unit=month&seed=2"),
    ],
)
def test_json_is_the_apis_answer(
    env: dict[str, str], store_path: Path, args: list[str], url: str
) -> None:
    done = run(env, *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    url = url.replace("historical=true", "modality=asserted,claimed,historical")
    printed, answered = json.loads(done.stdout), api_json(store_path, url)
    assert isinstance(printed, dict) and isinstance(answered, dict)
    # Computed by each at its own moment, from the same data.
    assert printed["meta"].pop("computed_at") and answered["meta"].pop("computed_at")
    assert printed == answered


def test_tables_for_people(env: dict[str, str]) -> None:
    blocs = run(env, "blocs", "--fold")
    assert blocs.returncode == 0, blocs.stderr
    assert "named after" in blocs.stdout and "cohesion" in blocs.stdout
    assert "Syria" in blocs.stdout and "(Bashar-Al-Assad)" in blocs.stdout  # folded, named
    assert "ties contradict the blocs" in blocs.stdout
    balance = run(env, "balance")
    assert balance.returncode == 0 and "triangles:" in balance.stdout
    brokers = run(env, "brokers", "--limit", "3")
    assert brokers.returncode == 0 and "betweenness" in brokers.stdout
    assert "most supported" in brokers.stdout
    timeline = run(env, "timeline")
    assert timeline.returncode == 0, timeline.stderr
    assert "2026-01" in timeline.stdout and "Mover moved from bloc-" in timeline.stdout


def test_mistakes_are_one_line(env: dict[str, str]) -> None:
    write = run(env, "blocs", "--write")
    assert write.returncode == 1 and "Neo4j" in write.stderr
    assert "Traceback" not in write.stderr
    window = run(env, "blocs", "--since", "2026-03-01", "--until", "2026-01-01")
    assert window.returncode == 1 and "before since" in window.stderr
    months = run(env, "timeline", "--unit", "decade")
    assert months.returncode == 2 and "decade" in months.stderr


def test_one_actor_blocs_are_listed_apart_as_unaligned(env: dict[str, str]) -> None:
    done = run(env, "blocs")
    assert done.returncode == 0, done.stderr
    table, _, rest = done.stdout.partition("unaligned (a bloc of their own):")
    assert "Hayat-Tahrir-Al-Sham" not in table and "Syria" in table
    assert rest.splitlines()[0].strip() == "Hayat-Tahrir-Al-Sham"
    assert "3 blocs of two or more and 1 unaligned actor " in rest
    # The JSON (the API's answer) still lists it as the bloc of one it is.
    blocs = json.loads(run(env, "blocs", "--format", "json").stdout)["blocs"]["blocs"]
    assert [b["members"] for b in blocs if b["size"] == 1] == [["hayat-tahrir-al-sham"]]


def test_options_take_their_bounds_from_the_question(env: dict[str, str]) -> None:
    # AllianceParams states the bounds; the CLI refuses what the API refuses (seed, half-life).
    for option, value, bound in (
        ("--seed", "1000001", "1000000"),
        ("--half-life", "36501", "36500"),
        ("--runs", "21", "20"),
    ):
        done = run(env, "balance", option, value)
        assert done.returncode == 2, (option, done.stderr)
        assert f"'{option}'" in done.stderr and bound in done.stderr, done.stderr
    assert run(env, "balance", "--seed", "1000000", "--half-life", "36500").returncode == 0

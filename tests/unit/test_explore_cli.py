"""`actorgraph explore`: writes the page, and refuses bad options with a clear message."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.model import Extraction
from tests.conftest import ROOT


@pytest.fixture()
def env(tmp_path: Path, samples: list[Extraction]) -> dict[str, str]:
    store = EmbeddedStore(tmp_path / "graph.json")
    for extraction in samples:
        store.ingest(extraction)
    store.close()
    environment = {**os.environ, "ACTORGRAPH_STORE": str(tmp_path / "graph.json")}
    environment.pop("ACTORGRAPH_NEO4J_URI", None)
    return environment


def explore(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "explore", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_options_become_the_page_state(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    done = explore(
        env,
        *("--out", str(out), "--actor", "Houthi", "--hops", "1", "--actor-type", "state"),
        *("--since", "2026-03-01", "--min-confidence", "0.5", "--title", "Red Sea"),
    )
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    page = out.read_text("utf-8")
    data = json.loads(re.search(r'type="application/json">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    assert data["title"] == "Red Sea" and "<title>Red Sea</title>" in page
    assert data["initial"]["actor"] == "houthis" and data["initial"]["hops"] == 1
    assert data["initial"]["actor_types"] == ["state"]
    assert data["initial"]["since"] == "2026-03-01" and data["initial"]["min_confidence"] == 0.5
    # The window rebuilt the edges: only the 14 March article's statements are left.
    assert data["edges"] and all(e["first_seen"] >= "2026-03-01" for e in data["edges"])


def test_bad_options_fail_clearly_and_write_nothing(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    window = explore(env, "--out", str(out), "--since", "2026-03-01", "--until", "2026-01-01")
    assert window.returncode == 1 and "is after until" in window.stderr
    unknown = explore(env, "--out", str(out), "--actor", "qqqzzzxx")
    assert unknown.returncode == 1 and "unknown actor: qqqzzzxx" in unknown.stderr
    kind = explore(env, "--out", str(out), "--type", "befriends")
    assert kind.returncode == 2 and "befriends" in kind.stderr
    assert not out.exists()
    nowhere = explore(env, "--out", str(tmp_path / "missing" / "page.html"))
    assert nowhere.returncode == 1 and "missing/page.html" in nowhere.stderr

"""Every test that needs a real Neo4j carries the `integration` marker, so `-m "not integration"`
runs without one (the explorer's API tests reach Neo4j through the live_api fixture)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def collected(marker: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", marker, "tests/browser"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_tests_using_live_api_are_integration_tests() -> None:
    without = collected("not integration")
    assert "test_explorer_file.py::" in without
    assert "test_explorer_page.py::" not in without
    assert "test_explorer_page.py::test_page_holds_the_reference_graph" in collected("integration")

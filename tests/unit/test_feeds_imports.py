"""loaders/feeds may import only graph.model, graph.settings, graph.errors, itself and
third-party libraries: the store, the ingest pipeline, the API and the CLI depend on it, never
the other way round (its __init__ says so; phase 2 restructures those layers around it)."""

from __future__ import annotations

import ast
from pathlib import Path

import loaders.feeds

ALLOWED_PROJECT = {"graph.model", "graph.settings", "graph.errors"}
PROJECT = ("graph", "loaders", "api", "cli", "cypher", "benchmarks", "tests", "scripts")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_feeds_package_imports_nothing_it_must_not() -> None:
    folder = Path(loaders.feeds.__file__).parent
    files = sorted(folder.glob("*.py"))
    assert len(files) >= 6
    wrong = {
        f"{path.name}: {name}"
        for path in files
        for name in imported(path)
        if name.split(".")[0] in PROJECT
        and name not in ALLOWED_PROJECT
        and not name.startswith("loaders.feeds")
    }
    assert wrong == set()


def test_the_rule_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from graph.store import open_store\nimport loaders.pipeline\n")
    assert imported(sample) == {"graph.store", "loaders.pipeline"}

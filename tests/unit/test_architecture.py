"""The rooms of the code and the one way data flows (loaders -> graph <- api), read from the
imports of every module: a test keeps ARCHITECTURE.md and the package docstrings true."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

MAX_LINES = 800

# For each room: the project packages its modules may import (besides their own room).
ALLOWED: dict[str, set[str]] = {
    "loaders.reading": {"graph.model", "graph.settings", "graph.errors"},
    "loaders.nlp": {"graph.settings", "graph.errors", "graph.model"},
    "loaders.knowledge": {"graph.model", "graph.errors", "loaders.nlp.model"},
    "loaders.rules": {"graph.model", "graph.errors", "loaders.knowledge", "loaders.nlp"},
    "loaders.eval": {"graph.model", "loaders.rules", "loaders.nlp"},
    "loaders.feeds": {"graph.model", "graph.settings", "graph.errors"},
    "loaders": {
        "graph.model",
        "graph.settings",
        "graph.errors",
        "graph.results",
        "loaders.reading",
        "loaders.nlp",
        "loaders.knowledge",
        "loaders.rules",
    },
}
PROJECT = ("graph", "api", "loaders", "cli", "cypher")


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package.replace(".", "/")).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.split(".")[0] in PROJECT}


def room_of(module: str) -> str:
    for room in sorted(ALLOWED, key=len, reverse=True):
        if module == room or module.startswith(room + "."):
            return room
    raise AssertionError(f"{module} is in no room")


@pytest.mark.parametrize("path", modules("loaders"), ids=lambda p: module_name(p))
def test_loaders_modules_import_only_what_their_room_may(path: Path) -> None:
    module = module_name(path)
    room = room_of(module)
    allowed = ALLOWED[room]
    for imported in project_imports(path):
        if imported == room or imported.startswith(room + "."):
            continue
        assert any(imported == a or imported.startswith(a + ".") for a in allowed), (
            f"{module} imports {imported}, which room {room} may not"
        )


def test_data_flows_one_way() -> None:
    # loaders never import the store, the API or the CLI; the graph never imports loaders,
    # the API or the CLI; the API never imports the CLI
    forbidden = {
        "loaders": ("graph.store", "graph.ingest", "api", "cli"),
        "graph": ("loaders", "api", "cli"),
        "api": ("cli",),
    }
    for package, banned in forbidden.items():
        for path in modules(package):
            for imported in project_imports(path):
                assert not imported.startswith(banned), f"{module_name(path)} imports {imported}"


def test_loaders_top_level_holds_packages_and_few_modules() -> None:
    top = [p.name for p in (ROOT / "loaders").glob("*.py") if p.name != "__init__.py"]
    assert len(top) <= 3, top
    for room in ("reading", "nlp", "knowledge", "rules", "eval"):
        package = ROOT / "loaders" / room / "__init__.py"
        docstring = ast.get_docstring(ast.parse(package.read_text(encoding="utf-8")))
        assert docstring and "import" in docstring, f"loaders.{room} says what it may import"


@pytest.mark.parametrize("package", ["loaders", "scripts"])
def test_no_module_is_over_the_line_limit(package: str) -> None:
    long = {
        module_name(p): n
        for p in modules(package)
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long

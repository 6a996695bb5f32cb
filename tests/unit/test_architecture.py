"""The rooms of the code and the one way data flows (loaders -> graph <- api), read from the
imports of every module: a test keeps ARCHITECTURE.md and the package docstrings true."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

MAX_LINES = 800

ARCHITECTURE = ROOT / "ARCHITECTURE.md"
_ROW = re.compile(r"^\| `(?P<path>[a-z_/.]+)` \|.*\| (?P<allowed>[^|]*)\|$")


def rooms() -> dict[str, set[str]]:
    """For each room of ARCHITECTURE.md's table: what its modules may import (the page is
    where the rule is stated; this reads it)."""
    found: dict[str, set[str]] = {}
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        row = _ROW.match(line)
        if row:
            room = row["path"].removesuffix("/").removesuffix(".py").replace("/", ".")
            found[room] = set(re.findall(r"`([a-z_.]+)`", row["allowed"]))
    return found


ALLOWED = rooms()
PROJECT = ("graph", "api", "loaders", "cli", "cypher")
CHECKED = ("loaders", "graph", "api", "cli")


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


@pytest.mark.parametrize(
    "path", [p for package in CHECKED for p in modules(package)], ids=lambda p: module_name(p)
)
def test_modules_import_only_what_their_room_may(path: Path) -> None:
    module = module_name(path)
    if not project_imports(path):
        return
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


@pytest.mark.parametrize(
    "package", ["loaders", "graph", "api", "cli", "scripts", "benchmarks", "tests"]
)
def test_no_module_is_over_the_line_limit(package: str) -> None:
    long = {
        module_name(p): n
        for p in modules(package)
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long


def test_the_page_names_only_paths_that_exist() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:[a-z_]+/)+[a-z_.]*)`", text))
    assert len(named) > 20 and {"graph/model.py", "loaders/rules/"} <= named
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, f"ARCHITECTURE.md names paths that do not exist: {missing}"


def test_every_package_is_in_a_room_of_the_page() -> None:
    for package in CHECKED:
        for init in sorted((ROOT / package).rglob("__init__.py")):
            if module_name(init) != "loaders":  # the loaders package only holds rooms
                room_of(module_name(init))  # raises when the page has no room for it
    assert {"loaders.rules", "loaders.pipeline", "graph.store", "api", "cli"} <= ALLOWED.keys()


def test_only_the_neo4j_backend_imports_the_driver() -> None:
    importers = set()
    for package in (*CHECKED, "scripts", "benchmarks"):
        for path in modules(package):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom) and node.level == 0
                    else [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                if any(n == "neo4j" or n.startswith("neo4j.") for n in names):
                    importers.add(path.relative_to(ROOT).as_posix())
    assert importers == {"graph/store/neo4j.py"}

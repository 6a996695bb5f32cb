"""Loads the Cypher statements shipped in the ``cypher`` package, by name, once.

A file may write ``{{NAME}}`` for a rule that is stated once in Python, filled in when the
file is read (``FILLS``):

- ``{{AGGREGATED}}``: the aggregated relationship types, ``SUPPORTS|OPPOSES|...``, from
  ``graph.model.RelationType``. Named in the pattern rather than passed as a parameter, so the
  planner expands only those types (never an actor's many statement relationships);
- ``{{EDGE_ORDER}}``: the edge order, ``graph.results.EDGE_ORDER`` (SQLite's query uses it too).
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from graph.model import RelationType
from graph.results import EDGE_ORDER

_PACKAGE = "cypher"
LIBRARY = "library"
_NAME = re.compile(r"^(?:library/)?[a-z][a-z0-9_]*$")
_FILL = re.compile(r"\{\{([A-Z_]+)\}\}")
FILLS = {
    "AGGREGATED": "|".join(t.rel_type for t in RelationType),
    "EDGE_ORDER": EDGE_ORDER,
}


class UnknownStatement(KeyError):
    """No ``cypher/<name>.cypher`` file exists."""


def names() -> list[str]:
    """Every statement file's name, without the extension, sorted (library ones prefixed)."""
    root = resources.files(_PACKAGE)
    found = [e.name.removesuffix(".cypher") for e in root.iterdir() if e.name.endswith(".cypher")]
    found += library_names(prefixed=True)
    return sorted(found)


def library_names(prefixed: bool = False) -> list[str]:
    """The analyst queries of ``cypher/library`` (for Neo4j Browser and `actorgraph cypher`)."""
    root = resources.files(_PACKAGE) / LIBRARY
    prefix = f"{LIBRARY}/" if prefixed else ""
    return sorted(
        prefix + e.name.removesuffix(".cypher")
        for e in root.iterdir()
        if e.name.endswith(".cypher")
    )


@functools.cache
def text(name: str) -> str:
    """The full text of ``cypher/<name>.cypher``, comments included, ``{{NAME}}`` filled in."""
    return _fill(name, raw(name))


def raw(name: str) -> str:
    """The text of ``cypher/<name>.cypher`` as the file holds it."""
    if not _NAME.match(name):
        raise UnknownStatement(name)
    entry = resources.files(_PACKAGE).joinpath(*f"{name}.cypher".split("/"))
    if not entry.is_file():
        raise UnknownStatement(name)
    return entry.read_text(encoding="utf-8")


def _fill(name: str, body: str) -> str:
    def value(match: re.Match[str]) -> str:
        try:
            return FILLS[match[1]]
        except KeyError:
            raise ValueError(f"cypher/{name}.cypher: unknown {match[0]}") from None

    return _FILL.sub(value, body)


def statement(name: str) -> str:
    """The one statement of a file, without its comment lines."""
    parts = statements(name)
    if len(parts) != 1:
        raise ValueError(f"cypher/{name}.cypher holds {len(parts)} statements, expected one")
    return parts[0]


def header(name: str) -> str:
    """The leading comment of a file: what the statement answers and its parameters."""
    lines = []
    for line in text(name).splitlines():
        if not line.startswith("//"):
            break
        lines.append(line.removeprefix("//").strip())
    return "\n".join(lines).strip()


@functools.cache
def statements(name: str) -> tuple[str, ...]:
    """The statements of a file, split on semicolons that end a line."""
    body = "\n".join(line for line in text(name).splitlines() if not line.lstrip().startswith("//"))
    return tuple(part.strip() for part in re.split(r";\s*(?:\n|$)", body) if part.strip())


@functools.cache
def grass() -> str:
    """The Neo4j Browser style of the graph (``cypher/actorgraph.grass``)."""
    return (resources.files(_PACKAGE) / "actorgraph.grass").read_text(encoding="utf-8")


def grass_rules() -> dict[str, dict[str, str]]:
    """The style as selector -> properties, the JSON shape Neo4j Browser's ``:style`` takes.

    Braces inside quoted values ("caption: '{name}'") are part of the value, not the syntax."""
    body = re.sub(r"/\*.*?\*/", " ", grass(), flags=re.S)
    rules: dict[str, dict[str, str]] = {}
    selector, block, quote, inside = "", "", "", False
    for char in body:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "{" and not inside:
            inside, block = True, ""
            continue
        elif char == "}" and inside:
            rules[selector.strip()] = _declarations(block)
            selector, inside = "", False
            continue
        if inside:
            block += char
        else:
            selector += char
    return rules


def _declarations(block: str) -> dict[str, str]:
    properties: dict[str, str] = {}
    for declaration in re.split(r";(?=(?:[^']*'[^']*')*[^']*$)", block):
        name, sep, value = declaration.partition(":")
        if sep and name.strip():
            properties[name.strip()] = value.strip().strip("'\"")
    return properties

"""The graph store: one engine (``engine.py``) over two backends (``sqlite.py``,
``neo4j.py``). ``open_store`` is the only way the CLI and the API get one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from graph.errors import NotFound
from graph.settings import Settings
from graph.store.engine import Engine
from graph.store.neo4j import Neo4jBackend
from graph.store.protocol import BlocWriter, CypherConsole, GraphStore, RetryCounter, SchemaAdmin
from graph.store.query import Direction, EdgeQuery, Window
from graph.store.sqlite import SqliteBackend

__all__ = [
    "BlocWriter",
    "CypherConsole",
    "Direction",
    "EdgeQuery",
    "GraphStore",
    "Neo4jStore",
    "RetryCounter",
    "SchemaAdmin",
    "SqliteStore",
    "Window",
    "open_store",
    "resolve_actor",
]


class SqliteStore(Engine):
    """The embedded store: one SQLite file."""

    backend: SqliteBackend

    def __init__(self, path: Path) -> None:
        super().__init__(SqliteBackend(path))

    @property
    def path(self) -> Path:
        return self.backend.path


class Neo4jStore(Engine):
    """The Neo4j store, with what only Neo4j can do: read-only Cypher, the analyst library,
    its constraints and indexes, blocs stored on actors for Browser users."""

    backend: Neo4jBackend

    def __init__(self, backend: Neo4jBackend) -> None:
        super().__init__(backend)

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        return cls(Neo4jBackend.from_settings(settings))

    @property
    def retries(self) -> int:
        """Transactions retried after a deadlock or a lost connection."""
        return self.backend.retries

    def run_read_only(
        self,
        query: str,
        params: dict[str, Any],
        timeout: float,
        max_rows: int,
        max_bytes: int,
        *,
        max_depth: int = 50,
        max_range: int = 100_000,
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        return self.backend.run_read_only(
            query,
            params,
            timeout,
            max_rows,
            max_bytes,
            max_depth=max_depth,
            max_range=max_range,
        )

    def run_library(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.backend.run_library(name, params)

    def constraints(self) -> list[dict[str, Any]]:
        return self.backend.constraints()

    def indexes(self) -> list[dict[str, Any]]:
        return self.backend.indexes()

    def write_blocs(self, rows: Sequence[Mapping[str, Any]], period: str) -> int:
        return self.backend.write_blocs(rows, period)


def open_store(settings: Settings) -> GraphStore:
    """Neo4j when a URI is set, the embedded SQLite file otherwise."""
    if settings.uses_neo4j:
        return Neo4jStore.from_settings(settings)
    return SqliteStore(settings.store)


def resolve_actor(store: GraphStore, text: str) -> str:
    """The id of the actor ``text`` names: an id (merged ids resolve), else the best match.

    Raises NotFound when nothing matches, so callers report the name the user typed.
    """
    try:
        return store.get_actor(text).actor.id
    except NotFound:
        page = store.find_actors(text, None, 1, 0)
        if not page.items:
            raise
        return page.items[0].id

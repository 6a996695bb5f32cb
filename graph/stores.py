"""Opens the configured store: Neo4j when a URI is set, the embedded file otherwise."""

from __future__ import annotations

from graph.embedded_store import EmbeddedStore
from graph.settings import Settings
from graph.store import GraphStore


def open_store(settings: Settings) -> GraphStore:
    if settings.uses_neo4j:
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore.from_settings(settings)
    return EmbeddedStore(settings.store)

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


def resolve_actor(store: GraphStore, text: str) -> str:
    """The id of the actor ``text`` names: an id (merged ids resolve), else the best fuzzy match.

    Raises NotFound when nothing matches, so callers report the name the user typed.
    """
    from graph.errors import NotFound

    try:
        return store.get_actor(text).actor.id
    except NotFound:
        page = store.find_actors(text, None, 1, 0)
        if not page.items:
            raise
        return page.items[0].id

"""The embedded store and Neo4j give the same answers to the same questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Extraction, RelationType
from graph.store import Neo4jStore, SqliteStore
from graph.store.query import Direction, EdgeQuery

pytestmark = pytest.mark.integration


def test_both_stores_agree(
    neo4j_store: Neo4jStore, tmp_path: Path, reference: Extraction, samples: list[Extraction]
) -> None:
    embedded = SqliteStore(tmp_path / "graph.db")
    for store in (embedded, neo4j_store):
        list(store.ingest_many([reference, *samples]))
        store.merge_actors("syria", "bashar-al-assad")
        store.add_alias("iran", "Persia")
    assert embedded.counts() == neo4j_store.counts()
    queries = [
        EdgeQuery(),
        EdgeQuery(actor="iran"),
        EdgeQuery(actor="syria", direction=Direction.IN),
        EdgeQuery(actor="bashar-al-assad"),
        EdgeQuery(types=frozenset({RelationType.OPPOSES, RelationType.CALLS})),
        EdgeQuery(source="iran", min_confidence=0.8),
    ]
    for query in queries:
        assert embedded.edges(query) == neo4j_store.edges(query), query
    for actor in ("iran", "syria", "houthis", "abbas-araghchi"):
        assert embedded.get_actor(actor) == neo4j_store.get_actor(actor)
    for q in ("assad", "hts", "persia", "al", None):
        assert embedded.find_actors(q, None, 20, 0) == neo4j_store.find_actors(q, None, 20, 0)
    assert embedded.list_articles(3, 1).total == neo4j_store.list_articles(3, 1).total
    assert [a.article.id for a in embedded.list_articles(10, 0).items] == [
        a.article.id for a in neo4j_store.list_articles(10, 0).items
    ]

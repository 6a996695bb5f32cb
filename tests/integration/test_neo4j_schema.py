"""The schema and every Cypher file, proven on a real Neo4j server."""

from __future__ import annotations

import urllib.request
from urllib.parse import urlparse

import pytest
from neo4j.exceptions import ConstraintError

from graph import cypher
from graph.settings import Settings
from graph.store import Neo4jStore


def test_schema_creates_the_constraints(neo4j_store: Neo4jStore) -> None:
    constraints = {row["name"]: row for row in neo4j_store.constraints()}
    assert {"actor_id", "article_id", "statement_id", "merged_id"} <= constraints.keys()
    assert constraints["actor_id"]["labelsOrTypes"] == ["Actor"]
    assert constraints["actor_id"]["properties"] == ["id"]
    indexes = {row["name"]: row for row in neo4j_store.indexes()}
    assert indexes["actor_names"]["type"] == "FULLTEXT"


def test_schema_is_idempotent(neo4j_store: Neo4jStore) -> None:
    before = neo4j_store.constraints()
    neo4j_store.init_schema()
    assert neo4j_store.constraints() == before


def test_duplicate_actor_id_is_rejected(neo4j_store: Neo4jStore) -> None:
    run = neo4j_store.backend.execute
    run("CREATE (:Actor {id: $id, name: 'Iran'})", {"id": "iran"})
    with pytest.raises(ConstraintError):
        run("CREATE (:Actor {id: $id, name: 'Iran again'})", {"id": "iran"})
    assert run("MATCH (a:Actor {id: 'iran'}) RETURN count(a) AS n") == [{"n": 1}]


@pytest.mark.parametrize("name", cypher.names())
def test_every_cypher_file_passes_explain(neo4j_store: Neo4jStore, name: str) -> None:
    statements = cypher.statements(name)
    assert statements, f"cypher/{name}.cypher holds no statement"
    for statement in statements:
        plan = neo4j_store.backend.explain(statement)
        assert plan is not None, f"{name}: no plan for {statement[:60]}"


def test_ping_answers(neo4j_store: Neo4jStore) -> None:
    assert neo4j_store.ping() is True


def test_ping_is_false_when_nothing_listens() -> None:
    store = Neo4jStore.from_settings(Settings(neo4j_uri="bolt://127.0.0.1:1"))
    try:
        assert store.ping() is False
    finally:
        store.close()


def test_browser_page_is_served(neo4j_settings: Settings) -> None:
    assert neo4j_settings.neo4j_uri
    host = urlparse(neo4j_settings.neo4j_uri).hostname
    url = f"http://{host}:{neo4j_settings.neo4j_http_port}/browser/"
    with urllib.request.urlopen(url, timeout=10) as response:
        body = response.read().decode("utf-8", "replace")
        assert response.status == 200
    assert "<title>Neo4j Browser</title>" in body

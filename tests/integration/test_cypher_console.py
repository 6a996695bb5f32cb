"""POST /cypher on a real Neo4j: only plain reads run, with a key, a time limit and a size cap."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.neo4j_store import Neo4jStore
from graph.settings import Settings

KEY = {"X-API-Key": "s3cret"}


def console(store: Neo4jStore, **limits: Any) -> TestClient:
    settings = Settings(api_key="s3cret", **limits)
    return TestClient(create_app(settings, store))


@pytest.fixture()
def client(neo4j_store: Neo4jStore) -> Iterator[TestClient]:
    with console(neo4j_store, max_body_bytes=100_000) as test_client:
        yield test_client


def cypher(client: TestClient, query: str, **params: Any) -> Any:
    return client.post("/cypher", json={"query": query, "params": params}, headers=KEY)


@pytest.mark.parametrize(
    "query",
    [
        "SHOW TRANSACTIONS",
        "SHOW TRANSACTIONS YIELD transactionId, currentQuery, parameters RETURN *",
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "SHOW SETTINGS",
        "SHOW PROCEDURES",
        "SHOW FUNCTIONS",
        "SHOW DATABASES",
        "SHOW INDEXES",
        "SHOW USERS",
        "USE system SHOW USERS",
        "USE neo4j MATCH (n) RETURN count(n)",
        "MATCH (n) CALL { USE neo4j MATCH (m) RETURN m } RETURN n",
        "CREATE INDEX x IF NOT EXISTS FOR (a:Actor) ON (a.other)",
        "STOP DATABASE neo4j",
        "CALL dbms.listConfig()",
        "CALL db.createLabel('Intruder')",
        "EXPLAIN MATCH (n) RETURN n",
        "PROFILE MATCH (n) RETURN n",
        "CYPHER runtime=slotted MATCH (n) RETURN n",
        "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
        "MATCH (n) CALL (n) { SET n.x = 1 } RETURN n",
        "UNWIND [1] AS x CALL { CREATE (:Actor {id: 'intruder'}) } RETURN x",
    ],
)
def test_anything_but_a_plain_read_is_refused(client: TestClient, query: str) -> None:
    response = cypher(client, query)
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "read_only"
    assert cypher(client, "MATCH (n) RETURN count(n) AS n").json()["rows"] == [{"n": 0}]


def test_a_running_ingest_cannot_be_terminated_or_read(
    client: TestClient, neo4j_store: Neo4jStore
) -> None:
    """Another client's transaction is invisible and out of reach through /cypher."""
    started = threading.Event()
    release = threading.Event()

    def long_write() -> None:
        def work(tx: Any) -> None:
            tx.run("CREATE (:Probe {secret: $s})", s="in-flight sentence").consume()
            started.set()
            release.wait(10)

        neo4j_store._write(work)  # the same write path the ingest takes

    writer = threading.Thread(target=long_write)
    writer.start()
    try:
        assert started.wait(10)
        for query in (
            "SHOW TRANSACTIONS YIELD transactionId, parameters RETURN *",
            "TERMINATE TRANSACTIONS 'neo4j-transaction-1', 'neo4j-transaction-2'",
        ):
            assert cypher(client, query).status_code == 403
    finally:
        release.set()
        writer.join()
    assert cypher(client, "MATCH (p:Probe) RETURN p.secret AS s").json()["rows"] == [
        {"s": "in-flight sentence"}
    ]


def test_allowed_procedures_and_reads_run(client: TestClient) -> None:
    components = cypher(client, "CALL dbms.components()")
    assert components.status_code == 200, components.text
    assert components.json()["rows"][0]["name"] == "Neo4j Kernel"
    labels = cypher(client, "CALL db.labels() YIELD label RETURN label")
    assert labels.status_code == 200, labels.text
    sub = cypher(client, "UNWIND [1, 2] AS x CALL (x) { RETURN x * 2 AS y } RETURN y")
    assert sub.json()["rows"] == [{"y": 2}, {"y": 4}]
    assert cypher(client, "RETURN $a + 1 AS b;", a=1).json()["rows"] == [{"b": 2}]


def test_a_syntax_error_is_a_bad_query_not_a_refusal(client: TestClient) -> None:
    response = cypher(client, "MATCH (n RETURN n")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_query"


def test_the_key_is_needed_when_one_is_set(client: TestClient) -> None:
    for headers in ({}, {"X-API-Key": "wrong"}):
        response = client.post("/cypher", json={"query": "RETURN 1 AS x"}, headers=headers)
        assert response.status_code == 401, response.text
    assert cypher(client, "RETURN 1 AS x").json()["rows"] == [{"x": 1}]


def test_the_time_limit_bounds_wall_time(neo4j_store: Neo4jStore) -> None:
    with console(neo4j_store, cypher_timeout_seconds=1.0, cypher_max_bytes=10**9) as client:
        for query in (
            # Many rows streamed slowly to the client: our clock stops it.
            "UNWIND range(1, 2000) AS i RETURN range(1, 10000) AS r",
            # No row before the end: the server's transaction timeout stops it.
            "UNWIND range(1, 100000000) AS i WITH sum(i % 7) AS s RETURN s",
        ):
            began = time.monotonic()
            response = cypher(client, query)
            elapsed = time.monotonic() - began
            assert response.status_code == 504, response.text[:300]
            assert response.json()["error"]["code"] == "query_timeout"
            assert elapsed < 5, f"{query} took {elapsed:.1f} s"


def test_results_over_the_size_cap_are_refused(neo4j_store: Neo4jStore) -> None:
    with console(neo4j_store, cypher_max_bytes=100_000) as client:
        wide = cypher(client, "UNWIND range(1, 50) AS i RETURN range(1, 1000) AS r")
        assert wide.status_code == 422 and wide.json()["error"]["code"] == "result_too_large"
        one_big_string = cypher(
            client, "RETURN reduce(s = 'x', i IN range(1, 18) | s + s) AS s"
        )  # 256 KiB in one value
        assert one_big_string.status_code == 422, one_big_string.text[:200]
        assert len(one_big_string.content) < 1000
        small = cypher(client, "UNWIND range(1, 5) AS i RETURN i")
        assert small.status_code == 200 and len(small.json()["rows"]) == 5


def test_the_body_limit_applies_to_cypher(client: TestClient) -> None:
    padding = "x" * 200_000
    response = client.post(
        "/cypher", json={"query": "RETURN $p AS p", "params": {"p": padding}}, headers=KEY
    )
    assert response.status_code == 413, response.text[:200]
    assert response.json()["error"]["code"] == "body_too_large"

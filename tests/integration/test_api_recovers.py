"""The API answers 503 while Neo4j is down and recovers by itself when it comes back."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from graph.neo4j_local import LocalNeo4j
from graph.neo4j_store import Neo4jStore
from graph.settings import Settings


def test_health_follows_neo4j(neo4j_settings: Settings, tmp_path: Path) -> None:
    settings = Settings(
        neo4j_home=tmp_path / "neo4j",
        neo4j_cache=neo4j_settings.neo4j_cache,
        neo4j_bolt_port=17688,
        neo4j_http_port=17475,
        neo4j_heap="512m",
        neo4j_pagecache="128m",
    )
    server = LocalNeo4j(settings)
    server.start()
    store = Neo4jStore.from_settings(settings.model_copy(update={"neo4j_uri": server.bolt_uri}))
    try:
        with TestClient(create_app(settings, store)) as client:
            assert client.get("/health").status_code == 200
            server.stop()
            down = client.get("/health")
            assert down.status_code == 503 and down.json()["error"]["code"] == "store_unavailable"
            assert client.get("/actors/iran").status_code == 503
            server.start()
            deadline = time.monotonic() + 30
            while client.get("/health").status_code != 200:
                assert time.monotonic() < deadline, "the API did not recover"
                time.sleep(0.5)
            assert client.get("/actors").json()["total"] == 0
    finally:
        store.close()
        server.stop()

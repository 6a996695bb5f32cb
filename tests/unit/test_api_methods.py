"""Every route answers a wrong method with 405 and an Allow header naming exactly the methods
its path answers (two routes on one path, such as GET and POST /articles, used to name one)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from graph.settings import Settings
from graph.store import SqliteStore

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def test_405_names_every_method_of_the_path(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    with TestClient(create_app(Settings(api_key="k"), store)) as client:
        paths = client.get("/openapi.json").json()["paths"]
        assert {"/articles", "/articles/{article_id}", "/cypher"} <= set(paths)
        refused = 0
        for template, operations in paths.items():
            path = re.sub(r"\{[^}]+\}", "x", template)
            statuses = {method: client.request(method, path).status_code for method in METHODS}
            answered = {method for method, status in statuses.items() if status != 405}
            assert {method.upper() for method in operations} <= answered, (template, statuses)
            for method in set(METHODS) - answered:
                response = client.request(method, path)
                if method != "HEAD":  # a HEAD answer has no body
                    assert response.json()["error"]["code"] == "method_not_allowed"
                named = {m.strip() for m in response.headers["allow"].split(",")}
                assert named == answered, (method, template, named, statuses)
                refused += 1
        assert refused > 50
    store.close()

"""Every endpoint through the app, on the embedded store and on real Neo4j."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.settings import Settings
from graph.store import GraphStore
from tests.conftest import REFERENCE_ARTICLE, shared_file

KEY = {"X-API-Key": "s3cret"}


@pytest.fixture()
def client(store: GraphStore) -> Iterator[TestClient]:
    settings = Settings(api_key="s3cret", max_body_bytes=100_000)
    with TestClient(create_app(settings, store)) as test_client:
        yield test_client


@pytest.fixture()
def loaded(client: TestClient) -> TestClient:
    text = shared_file(REFERENCE_ARTICLE).read_bytes()
    response = client.post("/articles", content=text, headers={**KEY, "content-type": "text/plain"})
    assert response.status_code == 201, response.text
    assert response.json()[0]["status"] == "new"
    return client


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    assert "Traceback" not in response.text
    return dict(body["error"])


def test_health(client: TestClient, store: GraphStore) -> None:
    health = client.get("/health").json()
    assert (health["store"], health["ok"]) == (store.kind, True)
    assert health["nlp"]["ok"] is True and health["nlp"]["servers"][0]["answers"] is True


def test_writes_need_the_api_key(client: TestClient) -> None:
    text = shared_file(REFERENCE_ARTICLE).read_bytes()
    error_of(client.post("/articles", content=text), 401)
    error_of(client.post("/articles", content=text, headers={"X-API-Key": "wrong"}), 401)
    assert client.get("/articles").json()["total"] == 0
    error_of(client.delete("/articles/" + "a" * 64), 401)


def test_ingest_again_is_unchanged(loaded: TestClient) -> None:
    text = REFERENCE_ARTICLE.read_bytes()
    again = loaded.post("/articles", content=text, headers={**KEY, "content-type": "text/plain"})
    assert again.json()[0]["status"] == "unchanged"
    assert loaded.get("/articles").json()["total"] == 1


def test_actor_search_is_fuzzy(loaded: TestClient) -> None:
    for q, expected in (
        ("assad", "bashar-al-assad"),
        ("Bashar Assad", "bashar-al-assad"),
        ("HTS", "hayat-tahrir-al-sham"),
        ("lavrof", "sergey-lavrov"),
    ):
        items = loaded.get("/actors", params={"q": q}).json()["items"]
        assert items and items[0]["id"] == expected, (q, items[:3])
    states = loaded.get("/actors", params={"type": "state", "limit": 2, "offset": 1}).json()
    assert len(states["items"]) == 2 and states["total"] >= 4 and states["offset"] == 1
    assert all(a["type"] == "state" for a in states["items"])


def test_actor_detail_and_404(loaded: TestClient) -> None:
    iran = loaded.get("/actors/iran").json()
    assert iran["actor"]["type"] == "state" and iran["relation_counts"]["supports"] >= 1
    problem = error_of(loaded.get("/actors/atlantis"), 404)
    assert problem["detail"] == {"kind": "actor", "id": "atlantis"}


def test_relations_with_evidence(loaded: TestClient) -> None:
    text = REFERENCE_ARTICLE.read_text(encoding="utf-8")
    page = loaded.get(
        "/actors/iran/relations", params={"type": "supports", "direction": "out"}
    ).json()
    edges = {e["target"]: e for e in page["items"]}
    assert "syria" in edges and page["total"] == len(page["items"])
    for item in edges["syria"]["evidence"]:
        assert text[item["start"] : item["end"]] == item["sentence"]
    # Syria's camp, the state or its president: Iran backs both, Russia backs Assad.
    allies = [
        *loaded.get("/actors/syria/allies").json()["items"],
        *loaded.get("/actors/bashar-al-assad/allies").json()["items"],
    ]
    assert {"iran", "russia"} <= {e["source"] for e in allies}
    adversaries = loaded.get("/actors/hayat-tahrir-al-sham/adversaries").json()["items"]
    assert "syria" in {e["source"] for e in adversaries} | {e["target"] for e in adversaries}
    controls = loaded.get(
        "/relations", params={"type": "controls", "source": "hayat-tahrir-al-sham"}
    )
    assert {e["target"] for e in controls.json()["items"]} == {"aleppo"}
    error_of(loaded.get("/actors/iran/relations", params={"min_confidence": 2}), 422)
    error_of(loaded.get("/actors", params={"limit": 0}), 422)


def test_paths_graph_and_articles(loaded: TestClient) -> None:
    paths = loaded.get("/paths", params={"from": "abbas-araghchi", "to": "hayat-tahrir-al-sham"})
    found = paths.json()["paths"]
    assert (
        found
        and found[0][0]["from"] == "abbas-araghchi"
        and found[0][-1]["to"] == "hayat-tahrir-al-sham"
    )
    view = loaded.get("/graph", params={"actor": "iran", "hops": 1}).json()
    assert "syria" in {n["id"] for n in view["nodes"]}
    assert any(e["source"] == "iran" and e["type"] == "supports" for e in view["edges"])
    articles = loaded.get("/articles").json()
    article_id = articles["items"][0]["article"]["id"]
    detail = loaded.get(f"/articles/{article_id}").json()
    assert "iran" in detail["detail"]["actors"] and detail["edges"]
    error_of(loaded.get("/articles/" + "0" * 64), 404)


def test_explorer_page_and_its_errors(loaded: TestClient) -> None:
    page = loaded.get("/explorer", params={"actor": "Assad", "hops": 1, "types": "calls"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    data = json.loads(
        re.search(r'id="ag-data" type="application/json">(.*?)</script>', page.text, re.S)[1]  # type: ignore[index]
    )
    assert data["initial"]["actor"] == "bashar-al-assad"  # the name resolved to the actor
    assert data["initial"]["relation_types"] == ["calls"] and data["initial"]["hops"] == 1
    assert {"iran", "syria", "aleppo"} <= {n["id"] for n in data["nodes"]}
    assert "unknown actor: qqqzzz" in error_of(loaded.get("/explorer?actor=qqqzzz"), 404)["message"]
    assert "befriends" in str(error_of(loaded.get("/explorer?types=befriends"), 422))
    assert "gang" in str(error_of(loaded.get("/explorer?actor_types=gang"), 422))
    error_of(loaded.get("/explorer?since=2026-02-01&until=2026-01-01"), 422)
    error_of(loaded.get("/explorer?hops=9"), 422)
    error_of(loaded.get("/graph?types=befriends"), 422)  # the same check on the JSON views


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv"])
def test_export(loaded: TestClient, fmt: str) -> None:
    response = loaded.get("/export", params={"format": fmt})
    assert response.status_code == 200
    blocs = loaded.get("/analytics/blocs").json()["blocs"]["membership"]
    if fmt == "graphml":
        graph = nx.read_graphml(io.BytesIO(response.content))
        assert graph.has_edge("iran", "syria")
        # Gephi partitions and sizes by the alliance analytics.
        syria = graph.nodes["syria"]
        assert syria["bloc"] == blocs["syria"] and syria["bloc"] == graph.nodes["iran"]["bloc"]
        assert {"bloc_label", "stability", "betweenness", "pagerank"} <= set(syria)
        assert syria["unbalanced_triangles"] == 0 and syria["triangles"] >= 1
        assert "bloc" not in graph.nodes["aleppo"]  # no signed tie: in no bloc
        supports = [d for _, _, d in graph.edges(data=True) if d["type"] == "supports"]
        assert supports and all("unbalanced_triangles" in d for d in supports)
    elif fmt == "gexf":
        graph = nx.read_gexf(io.BytesIO(response.content))
        assert graph.has_node("hayat-tahrir-al-sham")
        assert graph.nodes["hayat-tahrir-al-sham"]["bloc"] == blocs["hayat-tahrir-al-sham"]
    elif fmt == "json":
        data = response.json()
        assert {"nodes", "links"} <= set(data)
        assert {n["id"]: n.get("bloc") for n in data["nodes"]}["iran"] == blocs["iran"]
    else:
        assert response.text.startswith(
            "source,target,type,mentions,confidence,weight,source_bloc,target_bloc,"
            "unbalanced_triangles"
        )
        rows = list(csv.DictReader(io.StringIO(response.text)))
        [row] = [
            r
            for r in rows
            if (r["source"], r["type"], r["target"]) == ("iran", "supports", "syria")
        ]
        assert row["source_bloc"] == row["target_bloc"] == blocs["syria"]
        assert row["unbalanced_triangles"] == "0"


def test_body_limit(client: TestClient) -> None:
    problem = error_of(
        client.post(
            "/articles", content=b"x" * 100_001, headers={**KEY, "content-type": "text/plain"}
        ),
        413,
    )
    assert "100000" in problem["message"]
    error_of(client.post("/articles", content=b"\x00\x01", headers=KEY), 400)
    error_of(
        client.post("/articles", content=b"a", headers={**KEY, "content-type": "image/png"}), 400
    )


def test_retract_over_http(loaded: TestClient) -> None:
    article_id = loaded.get("/articles").json()["items"][0]["article"]["id"]
    assert loaded.delete(f"/articles/{article_id}", headers=KEY).status_code == 204
    error_of(loaded.get(f"/articles/{article_id}"), 404)
    error_of(loaded.delete(f"/articles/{article_id}", headers=KEY), 404)
    assert loaded.get("/actors").json()["total"] == 0


def test_cypher_is_read_only(loaded: TestClient, store: GraphStore) -> None:
    if store.kind == "embedded":
        error_of(loaded.post("/cypher", json={"query": "RETURN 1"}, headers=KEY), 501)
        return
    ok = loaded.post(
        "/cypher",
        json={
            "query": "MATCH (s:State)-[:SUPPORTS]->(x) WHERE s.id = $id RETURN x.id AS x",
            "params": {"id": "iran"},
        },
        headers=KEY,
    ).json()
    assert ok["columns"] == ["x"] and {"x": "syria"} in ok["rows"]
    before = loaded.get("/health").json()["ok"]
    for query in (
        "CREATE (:Actor {id: 'intruder'})",
        "MATCH (a:Actor) SET a.name = 'x'",
        "MATCH (n) DETACH DELETE n",
        "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r",
        "CALL dbms.security.createUser('a', 'b', false)",
    ):
        error_of(loaded.post("/cypher", json={"query": query}, headers=KEY), 403)
    assert before == loaded.get("/health").json()["ok"]
    assert loaded.get("/actors/intruder").status_code == 404
    assert loaded.get("/actors/iran").json()["actor"]["name"] == "Iran"
    capped = loaded.post(
        "/cypher", json={"query": "UNWIND range(1, 5000) AS n RETURN n"}, headers=KEY
    ).json()
    assert len(capped["rows"]) == 1000 and capped["truncated"] is True

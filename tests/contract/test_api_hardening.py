"""The API under hostile or unlucky use, on both stores: slow ingests never freeze it, a batch
reports every record, limits answer with their own status, the OpenAPI document tells the truth.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from graph.model import Extraction
from graph.results import IngestFailure, IngestResult
from graph.settings import Settings
from graph.store import GraphStore
from tests.conftest import REFERENCE_ARTICLE, ROOT, shared_file
from tests.contract.test_serve_smoke import free_port

KEY = {"X-API-Key": "s3cret"}
SAMPLES = sorted((ROOT / "samples").glob("*.txt"))


class SlowStore:
    """The real store, with writes that hold the calling thread (like a long Neo4j write)."""

    def __init__(self, store: GraphStore, seconds: float) -> None:
        self._store = store
        self.seconds = seconds
        self.kind = store.kind

    def ingest_many(
        self, extractions: Iterable[Extraction]
    ) -> Iterator[IngestResult | IngestFailure]:
        time.sleep(self.seconds)  # blocking on purpose: it must not block the event loop
        yield from self._store.ingest_many(extractions)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


class LiveServer:
    """The app in a real uvicorn server on a free port, in a thread."""

    def __init__(self, settings: Settings, store: Any, port: int | None = None) -> None:
        self.port = port or free_port()
        config = uvicorn.Config(
            create_app(settings, store), host="127.0.0.1", port=self.port, log_level="error"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def post_text(base: str, text: bytes, kind: str = "text/plain") -> httpx.Response:
    return httpx.post(
        f"{base}/articles", content=text, headers={**KEY, "content-type": kind}, timeout=60
    )


def test_a_slow_ingest_never_blocks_other_requests(store: GraphStore) -> None:
    settings = Settings(api_key="s3cret")
    with LiveServer(settings, SlowStore(store, 3.0)) as live, ThreadPoolExecutor(2) as pool:
        posted = pool.submit(post_text, live.url, SAMPLES[0].read_bytes())
        time.sleep(0.5)  # the POST is now inside its slow write
        began = time.monotonic()
        health = httpx.get(f"{live.url}/health", timeout=10)
        listed = httpx.get(f"{live.url}/actors", timeout=10)
        elapsed = time.monotonic() - began
        assert health.status_code == 200 and listed.status_code == 200
        # Both reads answered while the write still had seconds to go (health may itself take
        # up to a second when the parser is busy: it waits that long for CoreNLP).
        assert elapsed < 2.0, f"reads waited {elapsed:.1f} s for an ingest"
        assert not posted.done()
        assert posted.result().status_code == 201


def test_concurrent_ingests_are_bounded(store: GraphStore) -> None:
    settings = Settings(api_key="s3cret", max_concurrent_ingests=1, ingest_queue_seconds=0.3)
    with LiveServer(settings, SlowStore(store, 2.0)) as live, ThreadPoolExecutor(2) as pool:
        first = pool.submit(post_text, live.url, SAMPLES[0].read_bytes())
        time.sleep(0.5)
        second = post_text(live.url, SAMPLES[1].read_bytes())
        assert second.status_code == 503, second.text
        assert second.json()["error"]["code"] == "busy" and second.headers["retry-after"]
        assert first.result().status_code == 201


@pytest.fixture()
def client(store: GraphStore) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    settings = Settings(api_key="s3cret", max_body_bytes=200_000, max_url_bytes=4096)
    with TestClient(create_app(settings, store)) as test_client:
        yield test_client


def _records(*texts: str | None) -> list[dict[str, Any]]:
    return [
        {"title": f"r{i}", "text": t} if t is not None else {"title": "no text"}
        for i, t in enumerate(texts)
    ]


def test_every_record_gets_its_outcome_in_order(client: Any) -> None:
    good = [p.read_text(encoding="utf-8") for p in SAMPLES[:2]]
    lines = [json.dumps(r) for r in _records(good[0], None, good[1])]
    lines.insert(2, "{not json")
    response = client.post(
        "/articles",
        content="\n".join(lines).encode(),
        headers={**KEY, "content-type": "application/x-ndjson"},
    )
    assert response.status_code == 207, response.text
    outcomes = response.json()
    assert [o["ok"] for o in outcomes] == [True, False, False, True]
    assert [o["record"] for o in outcomes] == [f"request#{n}" for n in (1, 2, 3, 4)]
    assert "text" in outcomes[1]["error"] and "JSON" in outcomes[2]["error"]
    assert outcomes[0]["status"] == "new" and outcomes[3]["article_id"]
    assert client.get("/articles").json()["total"] == 2

    listed = client.post(
        "/articles",
        json=[{"text": good[0]}, {"text": "  "}, 7],
        headers=KEY,
    )
    assert listed.status_code == 207
    assert [o["ok"] for o in listed.json()] == [True, False, False]
    assert listed.json()[0]["status"] == "unchanged"

    clean = client.post("/articles", json=[{"text": good[1]}], headers=KEY)
    assert clean.status_code == 201 and clean.json()[0]["ok"] is True


def test_unreadable_bodies_are_400_never_500(client: Any) -> None:
    for body, kind in (
        (b"[" * 100_000, "application/json"),
        ('{"text": ' * 15_000, "application/json"),
        (b"<html><body><<<>>></body></html>", "text/html"),
        (b"\xff\xfe\x00", "text/plain"),
    ):
        response = client.post("/articles", content=body, headers={**KEY, "content-type": kind})
        assert response.status_code == 400, (kind, response.status_code, response.text[:200])
        assert response.json()["error"]["code"] == "bad_input"


def test_limits_answer_with_their_own_status(client: Any) -> None:
    long_url = client.get("/actors", params={"q": "a" * 5000})
    assert long_url.status_code == 414 and long_url.json()["error"]["code"] == "url_too_long"
    wrong_method = client.put("/actors")
    assert wrong_method.status_code == 405 and "GET" in wrong_method.headers["allow"]
    for bad in ("until=0", "since=1700000000", "since=2026-13-01", "until=tomorrow"):
        assert client.get(f"/relations?{bad}").status_code == 422, bad
    assert client.get("/relations?since=2026-01-01&type=supports,opposes").status_code == 200
    assert client.get("/relations?type=supports,").status_code == 422
    reversed_window = client.get("/relations?since=2026-02-01&until=2026-01-01")
    assert reversed_window.status_code == 422 and "before since" in reversed_window.text


def test_the_openapi_document_declares_what_the_api_does(client: Any) -> None:
    doc = client.get("/openapi.json").json()
    export = doc["paths"]["/export"]["get"]["responses"]["200"]["content"]
    assert {"application/graphml+xml", "application/gexf+xml", "text/csv"} <= set(export)
    relations = doc["paths"]["/actors/{actor_id}/relations"]["get"]
    assert {"404", "413", "414", "422", "503"} <= set(relations["responses"])
    kinds = {p["name"]: p for p in relations["parameters"]}
    pattern = kinds["type"]["schema"]["anyOf"][0]["items"]["pattern"]
    assert "supports" in pattern and "located_in" in pattern
    cypher = doc["paths"]["/cypher"]["post"]["responses"]
    assert {"401", "403", "504"} <= set(cypher)
    assert "207" in doc["paths"]["/articles"]["post"]["responses"]
    error = doc["components"]["schemas"]["ErrorResponse"]
    assert error["properties"]["error"]["$ref"].endswith("ErrorBody")


def test_reference_article_round_trip(client: Any) -> None:
    text = shared_file(REFERENCE_ARTICLE).read_bytes()
    first = client.post("/articles", content=text, headers={**KEY, "content-type": "text/plain"})
    assert first.status_code == 201 and first.json()[0]["record"] == "request"


def test_a_bad_user_lexicon_is_named_not_a_500(store: GraphStore, tmp_path: Any) -> None:
    from fastapi.testclient import TestClient

    broken = tmp_path / "lexicon.json"
    broken.write_text("{not json")
    settings = Settings(api_key="s3cret", lexicon=broken)
    with TestClient(create_app(settings, store)) as client:
        response = client.post(
            "/articles",
            content=SAMPLES[0].read_bytes(),
            headers={**KEY, "content-type": "text/plain"},
        )
    assert response.status_code == 503, response.text
    assert response.json()["error"]["code"] == "lexicon_invalid"
    assert str(broken) in response.json()["error"]["message"]

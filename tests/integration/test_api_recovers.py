"""While Neo4j is down the API answers 503 at once (a circuit breaker, not one slow retry per
request), never lets a write hold up the other requests, and recovers by itself."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from pydantic import SecretStr

from graph.neo4j_store import Neo4jStore
from graph.settings import Settings
from tests.conftest import ROOT, second_neo4j
from tests.contract.test_api_hardening import KEY, LiveServer


def timed_get(url: str) -> tuple[int, float, str]:
    began = time.monotonic()
    response = httpx.get(url, timeout=30)
    return response.status_code, time.monotonic() - began, response.text


def test_fails_fast_while_down_and_recovers(
    neo4j_settings: Settings, tmp_path: Path, corenlp_settings: Settings
) -> None:
    del corenlp_settings  # POST /articles extracts before it fails to write
    with second_neo4j(neo4j_settings, tmp_path / "neo4j") as server:
        settings = server.settings.model_copy(
            update={"neo4j_uri": server.bolt_uri, "api_key": SecretStr("s3cret")}
        )
        store = Neo4jStore.from_settings(settings)
        try:
            with LiveServer(settings, store) as live, ThreadPoolExecutor(2) as pool:
                assert httpx.get(f"{live.url}/health").status_code == 200
                server.stop()
                sample = (ROOT / "samples" / "yemen-red-sea.md").read_bytes()
                posted = pool.submit(
                    httpx.post,
                    f"{live.url}/articles",
                    content=sample,
                    headers={**KEY, "content-type": "text/markdown"},
                    timeout=60,
                )
                time.sleep(0.3)
                # While that write fails (slowly, retrying), everything else answers at once.
                for path in ("/health", "/actors/iran", "/actors", "/health"):
                    status, seconds, text = timed_get(live.url + path)
                    assert status == 503, (path, text)
                    assert seconds < 1.0, f"{path} took {seconds:.1f} s while Neo4j was down"
                assert posted.result().status_code == 503
                for _ in range(3):
                    status, seconds, text = timed_get(live.url + "/actors/iran")
                    assert status == 503 and seconds < 1.0, (seconds, text)
                    assert '"store_unavailable"' in text
                server.start()
                deadline = time.monotonic() + 30
                while httpx.get(f"{live.url}/health").status_code != 200:
                    assert time.monotonic() < deadline, "the API did not recover"
                    time.sleep(0.5)
                assert httpx.get(f"{live.url}/actors").json()["total"] == 0
        finally:
            store.close()

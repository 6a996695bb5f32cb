"""The real `actorgraph serve` process, called over HTTP (embedded store)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from graph.settings import Settings
from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_answers_over_http(tmp_path: Path, corenlp_settings: Settings) -> None:
    del corenlp_settings  # the server extracts with it (its URL is in the environment)
    port = free_port()
    env = {**os.environ, "ACTORGRAPH_STORE": str(tmp_path / "g.json"), "ACTORGRAPH_API_KEY": "k"}
    env.pop("ACTORGRAPH_NEO4J_URI", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            assert time.monotonic() < deadline, "the server did not answer within 60 s"
            time.sleep(0.2)
        sample = (ROOT / "samples" / "yemen-red-sea.md").read_bytes()
        posted = httpx.post(
            f"{base}/articles",
            content=sample,
            headers={"X-API-Key": "k", "content-type": "text/markdown"},
            timeout=30,
        )
        assert posted.status_code == 201 and posted.json()[0]["status"] == "new"
        found = httpx.get(f"{base}/actors", params={"q": "houthi"}).json()
        assert found["items"][0]["id"] == "houthis"
        docs = httpx.get(f"{base}/openapi.json").json()
        assert {"/actors/{actor_id}/relations", "/cypher", "/export"} <= set(docs["paths"])
        assert httpx.get(f"{base}/docs").status_code == 200
        # A very long URL is refused with 414 by the app, not a reset by the HTTP server.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/actors?q=" + "a" * 200_000)
        long_url = connection.getresponse()
        assert long_url.status == 414, long_url.read()[:200]
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=20)

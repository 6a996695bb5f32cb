"""A real headless Chromium (Debian's) and a real API server for the explorer's tests.

With CI=true a missing Chromium or Neo4j fails these tests; locally they are skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from graph.model import Extraction
from graph.settings import Settings
from graph.store import GraphStore
from loaders.rules.extract import Extractor
from tests.conftest import (
    REFERENCE_ARTICLE,
    ROOT,
    empty_neo4j_store,
    extract_path,
    shared_file,
    unavailable,
)

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(os.environ.get("ACTORGRAPH_TEST_ARTIFACTS", ROOT / "artifacts"))


def chromium_path() -> str | None:
    configured = os.environ.get("ACTORGRAPH_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="package")
def browser_context() -> Iterator[Any]:
    """One Chromium with a fresh profile for the browser tests; each test opens its own page.
    Package scope, not session: playwright's sync API runs an event loop in this thread while
    it is open, and every later asyncio.run() (the feed fetcher's tests) would find it."""
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the playwright package is not installed")
    profile = tempfile.mkdtemp(prefix="actorgraph-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
            shutil.rmtree(profile, ignore_errors=True)


@dataclass
class Watched:
    """A page with everything it asked for and everything it complained about."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        self.page.goto(url)
        # A selector wait: the page's CSP forbids the eval that wait_for_function polls with.
        self.page.locator("body[data-stable=true]").wait_for(state="attached", timeout=30_000)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def visible_edges(self) -> list[dict[str, Any]]:
        edges: list[dict[str, Any]] = self.js(
            "window.actorgraph.edges.get({filter: (e) => !e.hidden})"
        )
        return edges

    def visible_nodes(self) -> set[str]:
        return set(
            self.js("window.actorgraph.nodes.get({filter: (n) => !n.hidden}).map(n => n.id)")
        )


@pytest.fixture()
def watched(browser_context: Any) -> Iterator[Watched]:
    page = browser_context.new_page()
    seen = Watched(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda msg: seen.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: seen.errors.append(str(exc)))
    try:
        yield seen
    finally:
        page.close()


@dataclass
class LiveApi:
    url: str
    store: GraphStore
    reference: Extraction


@pytest.fixture(scope="module")
def live_api(neo4j_settings: Settings, extractor: Extractor) -> Iterator[LiveApi]:
    """`actorgraph serve`'s app on a real Neo4j holding the reference article, over real HTTP."""
    import uvicorn

    from api.app import create_app

    store = empty_neo4j_store(neo4j_settings)
    [reference] = extract_path(extractor, shared_file(REFERENCE_ARTICLE))
    store.ingest(reference)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(neo4j_settings, store), log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    try:
        yield LiveApi(f"http://127.0.0.1:{port}", store, reference)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        store.close()

"""Every page the API serves to a browser works on a machine without internet: /docs (Swagger
UI, down to running a request), /redoc, /explorer and the Neo4j Browser guide, each opened in
a real headless Chromium against the real server, with every request off the machine refused
and every request the page makes recorded. The embedded store; no Neo4j, no CoreNLP."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from graph import cypher
from graph.model import ActorType, RelationType
from graph.settings import Settings
from graph.store import SqliteStore
from tests.browser.conftest import Watched
from tests.contract.test_api_hardening import LiveServer
from tests.unit.test_alliances_store import article

KEY = "s3cret"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# URLs a page may make that are no request at all (inline images, the page's own objects).
NOT_NETWORK = {"data", "blob", "about"}


def closed_port() -> int:
    """A port nothing listens on, so /health's CoreNLP check touches no other server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def offline_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`actorgraph serve`'s app, with an API key set, on an embedded store holding a small
    graph, in a real uvicorn server."""
    path: Path = tmp_path_factory.mktemp("offline") / "graph.db"
    store = SqliteStore(path)
    store.ingest(
        article(
            1,
            date(2026, 1, 5),
            [
                ("iran", RelationType.SUPPORTS, "syria"),
                ("russia", RelationType.SUPPORTS, "syria"),
                ("hts", RelationType.OPPOSES, "syria"),
            ],
            types={"hts": ActorType.ARMED_GROUP},
        )
    )
    settings = Settings(
        neo4j_uri=None,
        store=path,
        api_key=KEY,
        corenlp_urls=[f"http://127.0.0.1:{closed_port()}"],
    )
    try:
        with LiveServer(settings, store) as live:
            yield live
    finally:
        store.close()


class Offline:
    """The page with every request it makes recorded, and those leaving the machine refused."""

    def __init__(self, watched: Watched) -> None:
        self.watched = watched
        self.page = watched.page
        self.refused: list[str] = []
        self.sockets: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("websocket", lambda ws: self.sockets.append(ws.url))

    def _route(self, route: Any) -> None:
        if local(route.request.url):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def open(self, url: str) -> None:
        self.page.goto(url, wait_until="load")
        # The page and the files it names have been asked for by now: say which left the machine
        # before waiting for a drawing that will never come if one did.
        self.assert_stayed_local()

    def assert_stayed_local(self) -> None:
        """Every request Playwright saw, the refused ones included, went to this machine."""
        seen = self.watched.requests + self.sockets
        assert self.watched.requests, "no request recorded: the recorder is not listening"
        assert [url for url in seen if not local(url)] == []
        assert self.refused == []

    def paths(self) -> set[str]:
        return {urlsplit(url).path for url in self.watched.requests}


def local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in NOT_NETWORK or parts.hostname in LOOPBACK


@pytest.fixture()
def offline(watched: Watched) -> Offline:
    return Offline(watched)


def spec_operations(base: str) -> list[dict[str, Any]]:
    spec = httpx.get(f"{base}/openapi.json", timeout=10).json()
    return [
        {"method": method.upper(), "path": path, "id": operation["operationId"]}
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def operations(base: str) -> set[tuple[str, str]]:
    return {(op["method"], op["path"]) for op in spec_operations(base)}


def test_recorder_sees_and_refuses_a_request_off_the_machine(
    offline_api: LiveServer, offline: Offline
) -> None:
    """The check below can fail: a page that asks for a file elsewhere is caught."""
    offline.page.goto(f"{offline_api.url}/health")
    outside = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"
    offline.page.evaluate("(url) => fetch(url).catch(() => null)", outside)
    offline.page.wait_for_timeout(200)
    assert offline.refused == [outside]
    with pytest.raises(AssertionError):
        offline.assert_stayed_local()


def test_swagger_ui_runs_a_request_offline(offline_api: LiveServer, offline: Offline) -> None:
    offline.open(f"{offline_api.url}/docs")
    page = offline.page
    page.locator(".opblock").first.wait_for(timeout=30_000)
    pairs = page.eval_on_selector_all(
        ".opblock .opblock-summary",
        """els => els.map(e => [
            e.querySelector('.opblock-summary-method').textContent.trim(),
            e.querySelector('.opblock-summary-path').getAttribute('data-path'),
        ])""",
    )
    shown = {(method, path) for method, path in pairs}
    assert shown == operations(offline_api.url)
    # GET /actors: expand it, "Try it out", "Execute"; the answer shown is the local API's 200.
    block = page.locator(".opblock-get").filter(
        has=page.locator('.opblock-summary-path[data-path="/actors"]')
    )
    block.locator(".opblock-summary").click()
    block.locator("button.try-out__btn").click()
    with page.expect_response(lambda r: urlsplit(r.url).path == "/actors") as answered:
        block.locator("button.execute").click()
    response = answered.value
    assert response.status == 200 and urlsplit(response.url).hostname == "127.0.0.1"
    live = block.locator(".live-responses-table")
    live.wait_for(timeout=10_000)
    assert live.locator("tr.response .response-col_status").inner_text().strip() == "200"
    assert f"{offline_api.url}/actors" in block.locator(".request-url").inner_text()
    body = live.locator("tr.response .response-col_description").inner_text()
    assert '"iran"' in body and '"syria"' in body
    # Everything came from the API: the page, its script, its style, its icon, the spec.
    assert {"/docs", "/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css"} <= (
        offline.paths()
    )
    assert {"/openapi.json", "/actors"} <= offline.paths()
    offline.assert_stayed_local()
    assert offline.watched.errors == []


def test_redoc_lists_the_operations_offline(offline_api: LiveServer, offline: Offline) -> None:
    offline.open(f"{offline_api.url}/redoc")
    page = offline.page
    sections = page.locator("[data-section-id^='operation/']")
    sections.first.wait_for(timeout=30_000)
    drawn = set(sections.evaluate_all("els => els.map(e => e.dataset.sectionId)"))
    assert drawn == {f"operation/{op['id']}" for op in spec_operations(offline_api.url)}
    assert page.locator("li[data-item-id*='operation/']").count() == len(drawn)  # the menu
    text = page.locator(".api-content").inner_text()
    assert "actorgraph" in text and "/actors/{actor_id}/relations" in text
    assert "/docs/assets/redoc.standalone.js" in offline.paths()
    offline.assert_stayed_local()
    assert offline.watched.errors == []


def test_explorer_renders_offline(offline_api: LiveServer, offline: Offline) -> None:
    offline.open(f"{offline_api.url}/explorer")
    offline.page.locator("body[data-stable=true]").wait_for(state="attached", timeout=30_000)
    nodes = set(offline.watched.js("window.actorgraph.nodes.getIds()"))
    assert nodes == {"iran", "russia", "syria", "hts"}
    offline.assert_stayed_local()
    assert offline.watched.errors == []


def test_neo4j_guide_is_self_contained(offline_api: LiveServer, offline: Offline) -> None:
    offline.open(f"{offline_api.url}/browser/guide")
    slides = offline.page.locator("slide")
    assert slides.count() == 1 + len(cypher.library_names())
    assert "actorgraph" in slides.first.inner_text()
    offline.assert_stayed_local()
    assert offline.paths() <= {"/browser/guide", "/favicon.ico"}


def test_docs_assets_need_no_key(offline_api: LiveServer) -> None:
    """The key guards writes and Cypher; the pages and the files they load are public."""
    for path in ("/docs", "/redoc", "/openapi.json", "/docs/assets/swagger-ui-bundle.js"):
        assert httpx.get(f"{offline_api.url}{path}", timeout=10).status_code == 200, path
    refused = httpx.delete(f"{offline_api.url}/articles/nothing", timeout=10)
    assert refused.status_code == 401

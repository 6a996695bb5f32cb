"""Neo4j Browser as a new user meets it: the URL from `neo4j browser-url` connects by itself to
the local server, the actorgraph style and guide load on connect, a library query draws a
styled graph, and no telemetry notice or connection error shows. Real Neo4j, real Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cli.servers.neo4j import LocalNeo4j
from graph.cypher import grass_rules
from graph.model import Extraction
from graph.settings import Settings
from graph.store import Neo4jStore, open_store
from tests.browser.conftest import ARTIFACTS
from tests.conftest import free_port, second_neo4j
from tests.contract.test_api_hardening import LiveServer

TELEMETRY_NOTICE = "we collect information on product usage"


@pytest.fixture(scope="module")
def local_browser(
    neo4j_settings: Settings, reference: Extraction, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LocalNeo4j, Neo4jStore]]:
    """A local server configured as `neo4j start` configures it, the reference article in it,
    and `actorgraph serve` on the port its guide URL names."""
    api_port = free_port()
    guide = f"http://localhost:{api_port}/browser/guide"
    home = tmp_path_factory.mktemp("browser") / "neo4j"
    with second_neo4j(neo4j_settings, home, browser_guide_url=guide) as server:
        settings = server.settings.model_copy(update={"neo4j_uri": server.bolt_uri})
        store = open_store(settings)
        assert isinstance(store, Neo4jStore)
        store.init_schema()
        store.ingest(reference)
        try:
            with LiveServer(settings, store, port=api_port):
                yield server, store
        finally:
            store.close()


def test_the_server_turns_telemetry_off(local_browser: tuple[LocalNeo4j, Neo4jStore]) -> None:
    _, store = local_browser
    config = {
        r["name"]: r["value"]
        for r in store.backend.execute(
            "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
            {
                "names": [
                    "client.allow_telemetry",
                    "dbms.usage_report.enabled",
                    "server.bolt.telemetry.enabled",
                ]
            },
        )
    }
    assert config == {
        "client.allow_telemetry": "false",
        "dbms.usage_report.enabled": "false",
        "server.bolt.telemetry.enabled": "false",
    }


def test_one_url_to_a_styled_graph(
    local_browser: tuple[LocalNeo4j, Neo4jStore], browser_context: Any
) -> None:
    server, _ = local_browser
    page = browser_context.new_page()
    try:
        page.goto(server.browser_url)
        # No manual step: the form connects (no authentication), then the guide plays.
        guide = page.locator("[data-testid=carousel]")
        guide.wait_for(timeout=60_000)
        assert "actorgraph" in guide.inner_text()
        body = page.inner_text("body")
        assert "No connection found" not in body and "ServiceUnavailable" not in body
        assert TELEMETRY_NOTICE not in body.lower()
        # The guide's actor_network slide: its :params block, then its query.
        next_slide = page.locator("[data-testid=nextSlide]")
        for _ in range(20):
            if "actor network" in guide.inner_text().lower():
                break
            next_slide.click()
        blocks = guide.locator("slide:visible pre.runnable, pre.runnable:visible")
        assert blocks.count() >= 2
        for block in (blocks.nth(0), blocks.nth(1)):
            block.click()
            page.locator("[data-testid=editor-Run]").click()
            page.wait_for_timeout(500)
        nodes = page.locator("svg g.node")
        nodes.first.wait_for(timeout=30_000)
        fills = {
            fill.lower()
            for fill in page.eval_on_selector_all(
                "svg g.node circle", "els => els.map(e => e.getAttribute('fill'))"
            )
            if fill
        }
        style = grass_rules()
        # Syria's network holds states (blue) and an armed group (red) in actorgraph's colours.
        assert style["node.State"]["color"].lower() in fills, fills
        assert style["node.ArmedGroup"]["color"].lower() in fills, fills
        assert TELEMETRY_NOTICE not in page.inner_text("body").lower()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "neo4j-browser-reference.png"))
    finally:
        page.close()


def test_with_auth_on_only_the_password_is_asked(neo4j_settings: Settings) -> None:
    server = LocalNeo4j(neo4j_settings.model_copy(update={"neo4j_local_auth": True}))
    url = server.browser_url
    assert "preselectAuthMethod=NATIVE" in url and f"{neo4j_settings.neo4j_user}@" in url
    assert "NO_AUTH" in LocalNeo4j(neo4j_settings).browser_url

"""What the local Neo4j tells Browser (style, guide, telemetry) and the guide the API serves."""

from __future__ import annotations

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.browser import render_guide
from cli.servers.neo4j import browser_conf, browser_url
from graph import cypher
from graph.model import ActorType, RelationType
from graph.settings import Settings


def test_post_connect_applies_the_style_and_plays_the_guide() -> None:
    conf = dict(line.split("=", 1) for line in browser_conf("http://localhost:9/browser/guide"))
    style_cmd, play_cmd = (c.strip() for c in conf["browser.post_connect_cmd"].split("; play "))
    assert play_cmd == "http://localhost:9/browser/guide"
    style = json.loads(style_cmd.removeprefix("style "))
    for actor_type in ActorType:
        assert style[f"node.{actor_type.label}"]["caption"] == "{name}"
    for kind in RelationType:
        assert style[f"relationship.{kind.rel_type}"]["color"].startswith("#")
    assert ";" not in style_cmd  # Browser splits post-connect commands on semicolons
    assert conf["client.allow_telemetry"] == "false"
    assert conf["server.bolt.telemetry.enabled"] == "false"
    assert conf["dbms.usage_report.enabled"] == "false"
    assert "guides.neo4j.com" not in conf["browser.remote_content_hostname_whitelist"]


def test_browser_urls_fill_in_the_form() -> None:
    assert browser_url("http://h:1", "h:2", None).endswith(
        "/browser/?dbms=bolt://h:2&preselectAuthMethod=NO_AUTH"
    )
    assert browser_url("http://h:1", "h:2", "neo4j").endswith(
        "?dbms=bolt://neo4j@h:2&preselectAuthMethod=NATIVE"
    )


def test_the_guide_has_a_runnable_slide_per_library_query() -> None:
    guide = render_guide()
    slides = re.findall(r"<slide>(.*?)</slide>", guide, re.S)
    assert len(slides) == len(cypher.library_names()) + 1
    for name in cypher.library_names():
        [slide] = [s for s in slides if f"<h3>{name.replace('_', ' ')}</h3>" in s]
        statement = cypher.statement(f"{cypher.LIBRARY}/{name}")
        assert "&gt;" in slide or ">" not in statement  # the query is escaped, not markup
        assert slide.count("class='runnable'") >= 1


def test_the_api_serves_guide_and_style_across_origins(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(store=tmp_path / "graph.db"))) as client:
        guide = client.get("/browser/guide")
        assert guide.status_code == 200 and guide.headers["access-control-allow-origin"] == "*"
        assert "<slide>" in guide.text
        preflight = client.options(
            "/browser/guide",
            headers={"Origin": "http://127.0.0.1:7474", "Access-Control-Request-Method": "GET"},
        )
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == "*"
        style = client.get("/browser/actorgraph.grass")
        assert style.text == cypher.grass()

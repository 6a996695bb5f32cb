"""The explorer in a real headless Chromium, served by the API on a real Neo4j."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from graph import analytics
from graph.model import RelationType
from graph.store.query import EdgeQuery
from tests.browser.conftest import ARTIFACTS, LiveApi, Watched

HTS = "hayat-tahrir-al-sham"

# A point on the edge, in page pixels, where Chromium's hit test finds that edge and no node.
FIND_EDGE_POINT = """(id) => {
  const net = window.actorgraph.network;
  const e = window.actorgraph.edges.get(id);
  const pos = net.getPositions([e.from, e.to]);
  const a = pos[e.from], b = pos[e.to];
  const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const nx = -(b.y - a.y) / len, ny = (b.x - a.x) / len;
  const box = document.getElementById("ag-network").getBoundingClientRect();
  for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65]) {
    for (const off of [0, 3, -3, 6, -6, 10, -10, 15, -15, 20, -20, 30, -30]) {
      const c = {x: a.x + (b.x - a.x) * t + nx * off, y: a.y + (b.y - a.y) * t + ny * off};
      const d = net.canvasToDOM(c);
      if (d.x < 0 || d.y < 0 || d.x > box.width || d.y > box.height) continue;
      if (net.getNodeAt(d) === undefined && net.getEdgeAt(d) === id) {
        return {x: box.left + d.x, y: box.top + d.y};
      }
    }
  }
  return null;
}"""

NODE_POINT = """(id) => {
  const net = window.actorgraph.network;
  const d = net.canvasToDOM(net.getPositions([id])[id]);
  const box = document.getElementById("ag-network").getBoundingClientRect();
  return {x: box.left + d.x, y: box.top + d.y};
}"""


def edge_id(source: str, kind: str, target: str) -> str:
    return f"{source}|{kind}|{target}"


def test_page_holds_the_reference_graph(live_api: LiveApi, watched: Watched) -> None:
    watched.open(f"{live_api.url}/explorer")
    nodes = {n["id"]: n for n in watched.js("window.actorgraph.nodes.get()")}
    every = watched.js("window.actorgraph.edges.get()")
    edges = {e["id"]: e for e in every if not e.get("inferred")}
    # Inferred relations ride along, labelled and hidden until asked for (see below).
    assert all(e["hidden"] for e in every if e.get("inferred"))
    assert {"iran", "russia", "syria", HTS, "aleppo"} <= set(nodes)
    assert edge_id("iran", "supports", "syria") in edges
    assert edge_id(HTS, "controls", "aleppo") in edges
    # Exactly the store's graph: every actor and every aggregated edge, nothing invented.
    snapshot = live_api.store.snapshot()
    assert set(nodes) == set(snapshot.nodes)
    assert set(edges) == {edge_id(u, k, v) for u, v, k in snapshot.edges(keys=True)}
    # Drawn as promised: colour and shape by actor type, colour and dashes by relation.
    assert nodes["iran"]["shape"] == "dot" and nodes[HTS]["shape"] == "triangle"
    assert nodes["iran"]["color"] != nodes[HTS]["color"]
    assert edges[edge_id("iran", "supports", "syria")]["color"]["color"] == "#2ca02c"
    calls = [e for e in edges.values() if e["relation"] == "calls"]
    assert calls and all(e["dashes"] for e in calls)
    structural = [e for e in edges.values() if RelationType(e["relation"]).structural]
    assert structural and all(e["color"]["opacity"] < 1 for e in structural)
    # Size follows degree: Syria, the hub of this article, is drawn bigger than Idlib.
    assert nodes["syria"]["value"] > nodes["idlib"]["value"]
    # Physics stabilised and was then switched off, so the drawing stays still.
    assert watched.js("window.actorgraph.network.physics.physicsEnabled") is False
    assert watched.js("document.getElementById('ag-status').textContent").startswith(
        f"{len(nodes)} of {len(nodes)} actors"
    )
    assert watched.errors == []


def test_no_request_leaves_the_machine(live_api: LiveApi, watched: Watched) -> None:
    watched.open(f"{live_api.url}/explorer?actor=iran&hops=2")
    app = urlsplit(live_api.url).netloc
    outside = [
        url
        for url in watched.requests
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != app
    ]
    assert outside == []
    # The page and, at most, the favicon: vis-network, styles and data are all inline.
    assert {urlsplit(url).path for url in watched.requests} <= {"/explorer", "/favicon.ico"}
    assert watched.errors == []


def test_clicking_an_edge_shows_its_evidence(live_api: LiveApi, watched: Watched) -> None:
    watched.open(f"{live_api.url}/explorer")
    [edge] = live_api.store.edges(
        EdgeQuery(source="iran", target="syria", types=frozenset({RelationType.SUPPORTS}))
    )
    point = watched.js(FIND_EDGE_POINT, edge_id("iran", "supports", "syria"))
    assert point is not None, "the Iran → Syria edge is not drawn where it can be clicked"
    watched.page.mouse.move(point["x"], point["y"])
    tooltip = watched.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "Iran supports Syria" in tooltip.inner_text()
    assert edge.evidence[0].sentence[:80] in tooltip.inner_text()
    watched.page.mouse.click(point["x"], point["y"])
    panel = watched.page.locator("#ag-details")
    assert panel.get_attribute("data-id") == edge_id("iran", "supports", "syria")
    text = panel.inner_text()
    assert "Iran supports Syria" in text
    assert edge.evidence[0].sentence in text
    assert "asserted" in text
    # The pointer to an empty corner of the canvas hides the tooltip for the screenshot.
    box = watched.page.locator("#ag-network").bounding_box()
    assert box is not None
    watched.page.mouse.move(box["x"] + 8, box["y"] + box["height"] - 8)
    tooltip.wait_for(state="hidden", timeout=5_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "explorer-reference.png"
    watched.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000  # a drawn graph, not a blank page
    assert watched.errors == []


def test_clicking_an_actor_shows_aliases_and_counts(live_api: LiveApi, watched: Watched) -> None:
    watched.open(f"{live_api.url}/explorer")
    point = watched.js(NODE_POINT, HTS)
    watched.page.mouse.click(point["x"], point["y"])
    panel = watched.page.locator("#ag-details")
    assert panel.get_attribute("data-id") == HTS
    text = panel.inner_text()
    actor = live_api.store.get_actor(HTS)
    assert actor.actor.name in text
    assert all(alias in text for alias in actor.actor.aliases) and actor.actor.aliases
    controls = sum(
        1
        for u, v, k in live_api.store.snapshot().edges(keys=True)
        if k == "controls" and HTS in (u, v)
    )
    assert f"{controls} controls" in text


def test_only_opposes_filter(live_api: LiveApi, watched: Watched) -> None:
    watched.open(f"{live_api.url}/explorer")
    for kind in RelationType:
        if kind is not RelationType.OPPOSES:
            watched.page.click(f"#ag-relation-types input[value={kind.value}]")
    shown = watched.visible_edges()
    snapshot = live_api.store.snapshot()
    expected = {edge_id(u, k, v) for u, v, k in snapshot.edges(keys=True) if k == "opposes"}
    assert expected and {e["id"] for e in shown} == expected
    ends = {end for e in shown for end in (e["from"], e["to"])}
    assert watched.visible_nodes() == ends
    assert "types=opposes" in watched.page.url  # the view can be bookmarked
    assert watched.errors == []


def test_query_parameters_open_a_neighbourhood(live_api: LiveApi, watched: Watched) -> None:
    watched.open(f"{live_api.url}/explorer?actor=Iran&hops=1")
    expected = analytics.neighbourhood(live_api.store.snapshot(), "iran", 1)
    assert watched.visible_nodes() == set(expected.nodes)
    assert {e["id"] for e in watched.visible_edges()} == {
        edge_id(u, k, v) for u, v, k in expected.edges(keys=True)
    }
    assert watched.page.locator("#ag-hops").input_value() == "1"
    assert watched.js("window.actorgraph.network.getSelectedNodes()") == ["iran"]


def test_query_parameters_set_the_filters(live_api: LiveApi, watched: Watched) -> None:
    watched.open(f"{live_api.url}/explorer?types=calls&actor_types=leader&min_confidence=0.3")
    shown = watched.visible_edges()
    snapshot = live_api.store.snapshot()
    leaders = {n for n, d in snapshot.nodes(data=True) if d["type"] == "leader"}
    expected = {
        edge_id(u, k, v)
        for u, v, k, d in snapshot.edges(keys=True, data=True)
        if k == "calls" and {u, v} <= leaders and d["confidence"] >= 0.3
    }
    assert expected and {e["id"] for e in shown} == expected
    checked = watched.js(
        "Array.from(document.querySelectorAll('input[name=relation]:checked')).map(b => b.value)"
    )
    assert checked == ["calls"]


def test_search_box_finds_and_focuses_an_actor(live_api: LiveApi, watched: Watched) -> None:
    watched.open(f"{live_api.url}/explorer")
    watched.page.select_option("#ag-hops", "1")
    watched.page.fill("#ag-search", "lavrov")
    watched.page.press("#ag-search", "Enter")
    assert watched.js("window.actorgraph.network.getSelectedNodes()") == ["sergey-lavrov"]
    assert "Sergei Lavrov" in watched.page.locator("#ag-details").inner_text()
    expected = analytics.neighbourhood(live_api.store.snapshot(), "sergey-lavrov", 1)
    assert watched.visible_nodes() == set(expected.nodes)
    watched.page.fill("#ag-search", "no such actor anywhere")
    watched.page.press("#ag-search", "Enter")
    assert "No actor matches" in watched.page.locator("#ag-search-note").inner_text()
    watched.page.click("#ag-reset")
    assert len(watched.visible_nodes()) == live_api.store.snapshot().number_of_nodes()


@pytest.mark.usefixtures("watched")  # console errors fail the test
def test_unknown_actor_and_bad_filters_are_clear_errors(live_api: LiveApi) -> None:
    import httpx

    missing = httpx.get(f"{live_api.url}/explorer", params={"actor": "zzzzqqqq"})
    assert missing.status_code == 404 and "zzzzqqqq" in missing.json()["error"]["message"]
    bad = httpx.get(f"{live_api.url}/explorer", params={"types": "befriends"})
    assert bad.status_code == 422 and "befriends" in bad.text
    window = httpx.get(
        f"{live_api.url}/explorer", params={"since": "2025-02-01", "until": "2025-01-01"}
    )
    assert window.status_code == 422


def test_colour_by_bloc_puts_syria_iran_russia_assad_together(
    live_api: LiveApi, watched: Watched
) -> None:
    watched.open(f"{live_api.url}/explorer")
    colour = "Object.fromEntries(window.actorgraph.nodes.get().map(n => [n.id, n.color]))"
    by_type = watched.js(colour)
    assert by_type["syria"] != by_type["bashar-al-assad"]  # a state and a leader
    assert watched.page.locator("#ag-bloc-legend").is_hidden()
    watched.page.click("#ag-colour-bloc")
    by_bloc = watched.js(colour)
    camp = by_bloc["syria"]
    assert by_bloc["iran"] == by_bloc["russia"] == by_bloc["bashar-al-assad"] == camp
    assert by_bloc[HTS] != camp
    assert by_bloc["aleppo"] == "#d9d9d9"  # a city has no support or opposition: no bloc
    # Shapes still say the type; the legend names the blocs with their cohesion.
    assert watched.js("window.actorgraph.nodes.get('bashar-al-assad').shape") == "diamond"
    legend = watched.page.locator("#ag-bloc-legend")
    assert legend.is_visible() and "cohesion 1.00" in legend.inner_text()
    assert "colour=bloc" in watched.page.url
    point = watched.js(NODE_POINT, "syria")
    watched.page.mouse.click(point["x"], point["y"])
    assert "cohesion" in watched.page.locator("#ag-details").inner_text()
    watched.page.click("#ag-colour-type")
    assert watched.js(colour) == by_type
    assert watched.errors == []


def test_inferred_relations_are_dotted_and_hidden_until_asked_for(
    live_api: LiveApi, watched: Watched
) -> None:
    watched.open(f"{live_api.url}/explorer")
    inferred = "window.actorgraph.edges.get({filter: (e) => e.inferred === true})"
    drawn = watched.js(inferred)
    assert drawn and all(e["hidden"] for e in drawn)
    assert all(e["dashes"] == [2, 6] and "evidence" not in e for e in drawn)
    assert not any(e.get("inferred") for e in watched.visible_edges())
    watched.page.click("#ag-inferred")
    shown = [e for e in watched.visible_edges() if e.get("inferred")]
    assert {e["id"] for e in shown} == {e["id"] for e in drawn}
    assert f"{len(shown)} inferred" in watched.page.locator("#ag-status").inner_text()
    assert "inferred=1" in watched.page.url
    # Clicking one says what it is: a prediction from triangles, with no evidence.
    target = next(e for e in shown if e["id"] == "inferred|iran|russia")
    point = watched.js(FIND_EDGE_POINT, target["id"])
    assert point is not None, "the inferred Iran - Russia edge is not drawn where it can be clicked"
    watched.page.mouse.click(point["x"], point["y"])
    panel = watched.page.locator("#ag-details")
    assert panel.get_attribute("data-kind") == "inferred"
    assert "No article says it" in panel.inner_text() and "via" in panel.inner_text()
    watched.page.click("#ag-inferred")
    assert not any(e.get("inferred") for e in watched.visible_edges())
    assert watched.errors == []

"""`actorgraph explore --out` writes a page that works from disk, with no network at all."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from api.explorer import ExplorerView, explorer_page, render_explorer
from graph import analytics
from graph.model import RelationType
from graph.settings import Settings
from graph.store import SqliteStore
from loaders.rules.extract import Extractor
from tests.browser.conftest import Watched
from tests.conftest import REFERENCE_ARTICLE, ROOT, extract_path, shared_file
from tests.unit.test_alliances_store import article


@pytest.fixture()
def reference_store(tmp_path: Path, extractor: Extractor) -> Any:
    store = SqliteStore(tmp_path / "graph.db")
    for extraction in extract_path(extractor, shared_file(REFERENCE_ARTICLE)):
        store.ingest(extraction)
    yield store
    store.close()


SLOW_FRAMES = (
    "window.requestAnimationFrame = (draw) => setTimeout(() => draw(performance.now()), 400);"
)


def offline(watched: Watched) -> list[str]:
    """Refuse every request that is not the file itself, and list what was attempted."""
    refused: list[str] = []

    def route(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    watched.page.route("**/*", route)
    return refused


def test_cli_page_opens_from_disk_offline(
    reference_store: SqliteStore, tmp_path: Path, watched: Watched
) -> None:
    out = tmp_path / "graph.html"
    env = {**os.environ, "ACTORGRAPH_STORE": str(reference_store.path)}
    env.pop("ACTORGRAPH_NEO4J_URI", None)
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "explore", "--out", str(out), "--type", "opposes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    refused = offline(watched)
    watched.open(out.as_uri())
    assert refused == []
    assert watched.errors == []
    snapshot = reference_store.snapshot()
    assert set(watched.js("window.actorgraph.nodes.getIds()")) == set(snapshot.nodes)
    # The option became the page's starting filter; the other relations are one click away.
    expected = {f"{u}|{k}|{v}" for u, v, k in snapshot.edges(keys=True) if k == "opposes"}
    assert {e["id"] for e in watched.visible_edges()} == expected
    watched.page.click("#ag-relation-types input[value=supports]")
    assert any(e["relation"] == "supports" for e in watched.visible_edges())
    # The address carries the view, from disk as on the server (a name works as well as an id).
    assert "types=supports&types=opposes" in watched.page.url
    # Frames are slowed to a slow machine's pace, so a test that raced the page would fail here
    # every time rather than now and then.
    watched.page.add_init_script(SLOW_FRAMES)
    watched.open(out.as_uri() + "?actor=Iran&hops=1&types=supports,opposes,calls,controls,leads")
    expected_view = analytics.neighbourhood(
        snapshot,
        "iran",
        1,
        [
            RelationType.SUPPORTS,
            RelationType.OPPOSES,
            RelationType.CALLS,
            RelationType.CONTROLS,
            RelationType.LEADS,
        ],
    )
    assert watched.visible_nodes() == set(expected_view.nodes)
    # The page selects the actor once the network has drawn, after it is "stable": wait for
    # the details it shows then, not for time.
    watched.page.locator("#ag-details[data-kind=actor][data-id=iran]").wait_for(
        state="attached", timeout=30_000
    )
    assert watched.js("window.actorgraph.network.getSelectedNodes()") == ["iran"]
    assert refused == [] and watched.errors == []


def test_large_graph_uses_the_precomputed_layout(
    reference_store: SqliteStore, tmp_path: Path, watched: Watched
) -> None:
    snapshot = reference_store.snapshot()
    page = tmp_path / "large.html"
    # The threshold is lowered so the reference graph counts as "large".
    page.write_text(render_explorer(snapshot, ExplorerView(), layout_threshold=5), "utf-8")
    watched.open(page.as_uri())
    assert watched.js("window.actorgraph.network.physics.physicsEnabled") is False
    drawn = watched.js("window.actorgraph.network.getPositions()")
    given = {n["id"]: (n["x"], n["y"]) for n in watched.js("window.actorgraph.nodes.get()")}
    assert set(drawn) == set(snapshot.nodes)
    for node, (x, y) in given.items():  # getPositions() rounds to whole pixels
        assert drawn[node]["x"] == pytest.approx(x, abs=1)
        assert drawn[node]["y"] == pytest.approx(y, abs=1)
    assert watched.errors == []


def test_unbalanced_triangles_are_highlighted_on_demand(tmp_path: Path, watched: Watched) -> None:
    s, o = RelationType.SUPPORTS, RelationType.OPPOSES
    store = SqliteStore(tmp_path / "graph.db")
    try:
        # a and b back each other and both back c, but b fights c: ++- is unbalanced; d and
        # e only fight each other.
        store.ingest(article(1, date(2026, 1, 5), [("a", s, "b"), ("a", s, "c"), ("b", s, "c")]))
        for number in (2, 3, 4):  # said more often than the support
            store.ingest(article(number, date(2026, 1, 6), [("b", o, "c"), ("d", o, "e")]))
        page, _, _ = explorer_page(store, ExplorerView(), Settings())
    finally:
        store.close()
    out = tmp_path / "graph.html"
    out.write_text(page, "utf-8")
    watched.open(out.as_uri())
    colours = "Object.fromEntries(window.actorgraph.edges.get().map(e => [e.id, e.color]))"
    before = watched.js(colours)
    assert watched.page.locator("#ag-unbalanced-count").inner_text() == "(4 ties)"
    watched.page.click("#ag-unbalanced")
    after = watched.js(colours)
    glowing = {
        e["id"]
        for e in watched.js("window.actorgraph.edges.get()")
        if (e.get("shadow") or {}).get("enabled")
    }
    assert glowing == {"a|supports|b", "a|supports|c", "b|supports|c", "b|opposes|c"}
    assert all(after[i]["color"] == "#ff7f0e" for i in glowing)
    assert after["d|opposes|e"]["opacity"] < before["d|opposes|e"]["opacity"]  # faded
    assert "unbalanced=1" in watched.page.url
    watched.page.click("#ag-unbalanced")
    assert watched.js(colours) == before
    assert watched.errors == []

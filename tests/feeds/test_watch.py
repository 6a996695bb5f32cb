"""`actorgraph feeds` and `actorgraph watch` end to end, on both stores: the CLI in its own
process, a real local HTTP server (tests/feeds_server.py) serving one feed per outlet, each
outlet on its own loopback host, the real CoreNLP. A syndicated story is counted once on its
edges, a second pass reads exactly the new items, a killed watch resumes with nothing lost or
doubled, and `serve --watch` polls beside the API."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from benchmarks.copies_data import Text
from graph.results import ArticleDetail, Edge
from graph.settings import Settings
from graph.store import EdgeQuery, GraphStore, SqliteStore, resolve_actor
from tests.conftest import ROOT, free_port, nlp_env
from tests.feeds_server import OUTLETS, GrowingFeed, Site, feed_stories, outlets_site, serving

HOSTS = tuple(f"127.0.0.{n + 1}" for n in range(len(OUTLETS)))
# The first pass: every text of tests/data/feeds but the Growing Desk's last two.
FIRST = len(feed_stories()) - 2


@dataclass
class Backend:
    store: GraphStore
    env: dict[str, str]


@dataclass
class Served:
    site: Site
    growing: GrowingFeed
    urls: dict[str, str]


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.integration)])
def backend(
    request: pytest.FixtureRequest, tmp_path: Path, corenlp_settings: Settings
) -> Iterator[Backend]:
    env = {k: v for k, v in os.environ.items() if k != "ACTORGRAPH_STORE"}
    env |= nlp_env(corenlp_settings) | {
        "ACTORGRAPH_FEED_HOST_DELAY": "0",
        "ACTORGRAPH_FEED_READ_TIMEOUT": "2",
        "ACTORGRAPH_FEED_TOTAL_TIMEOUT": "5",
    }
    if request.param == "embedded":
        env.pop("ACTORGRAPH_NEO4J_URI", None)
        path = tmp_path / "store" / "graph.db"
        env["ACTORGRAPH_STORE"] = str(path)
        store = SqliteStore(path)
        try:
            yield Backend(store, env)
        finally:
            store.close()
    else:
        neo4j = request.getfixturevalue("neo4j_store")
        settings: Settings = request.getfixturevalue("neo4j_settings")
        env["ACTORGRAPH_NEO4J_URI"] = str(settings.neo4j_uri)
        yield Backend(neo4j, env)


@pytest.fixture()
def served() -> Iterator[Served]:
    site = Site()
    with serving(site, HOSTS) as bases:
        built, growing, urls = outlets_site(bases)
        site.routes = built.routes
        yield Served(site, growing, urls)


def cli(backend: Backend, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        env=backend.env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def follow(backend: Backend, served: Served) -> None:
    for outlet, url in served.urls.items():
        done = cli(backend, "feeds", "add", url, "--every", "15m", "--name", outlet)
        assert done.returncode == 0, done.stderr
        assert "following" in done.stdout


def watch_once(backend: Backend) -> dict[str, int]:
    done = cli(backend, "watch", "--once")
    assert done.returncode == 0, done.stdout + done.stderr
    return report_numbers(done.stdout)


def report_numbers(text: str) -> dict[str, int]:
    found = re.search(
        r"(\d+) new items: (\d+) stored \((\d+) copies of a stored story\), (\d+) not stored; "
        r"(\d+) pages fetched",
        text,
    )
    assert found, text
    keys = ("new", "stored", "copies", "failed", "pages")
    return dict(zip(keys, map(int, found.groups()), strict=True))


def articles(store: GraphStore) -> dict[str, ArticleDetail]:
    """Stored articles by title (every title of tests/data/feeds is distinct)."""
    page = store.list_articles(100, 0)
    out = {a.article.title or "": a for a in page.items}
    assert len(out) == page.total
    return out


def supply_edge(store: GraphStore) -> Edge:
    """Iran supplies the Houthis: told by the wire story (f01) and two outlets' copies."""
    iran, houthis = resolve_actor(store, "Iran"), resolve_actor(store, "Houthis")
    edges = [e for e in store.edges(EdgeQuery(source=iran, target=houthis)) if e.mentions]
    assert edges, [e.type for e in store.edges(EdgeQuery(actor=iran))]
    return max(edges, key=lambda e: e.articles)


def test_watch_once_twice_counts_each_story_once(backend: Backend, served: Served) -> None:
    follow(backend, served)
    listed = cli(backend, "feeds", "list", "--format", "json")
    assert [f["name"] for f in json.loads(listed.stdout)["items"]] == list(OUTLETS)

    first = watch_once(backend)
    assert first == {"new": FIRST, "stored": FIRST, "copies": 3, "failed": 0, "pages": FIRST}
    stored = articles(backend.store)
    assert len(stored) == FIRST
    texts = {t.headline: t for t in feed_stories()}
    for title, detail in stored.items():
        text = texts[title]
        assert detail.source is not None and detail.source.name == text.outlet
        assert detail.source.host == HOSTS[OUTLETS.index(text.outlet)]
        # A copy's story is the article it copies; any other article is a story of its own.
        base = stored[texts_of(text.story).headline]
        expected = base.article.id if text.kind == "copy" else detail.article.id
        assert detail.article.story == expected, title

    # One story counted once: the wire report and its two copies are one article of the edge
    # (the Harbour Times' own report tells it in words the rules do not read as supply),
    # carried by three outlets.
    edge = supply_edge(backend.store)
    assert (edge.articles, edge.sources) == (1, 3)
    # Its evidence shows one copy of the story (the earliest: they share a day, so the least
    # article id) standing for the other two.
    story = {stored[texts_of(i).headline].article.id for i in ("f01", "f01-c1", "f01-c2")}
    [shown] = [item for item in edge.evidence if item.article_id in story]
    assert shown.also_in == 2
    outlets = {s.name: s.articles for s in backend.store.sources(20, 0).items}
    assert outlets == {
        "Meridian Wire": 2,
        "Harbour Times": 2,
        "Tarsin Observer": 2,
        "Growing Desk": 2,
    }

    # The second pass reads exactly the two new items; the third, nothing (all 304).
    served.growing.grow(2)
    second = watch_once(backend)
    assert second == {"new": 2, "stored": 2, "copies": 0, "failed": 0, "pages": 2}
    pages = {p: n for p, n in served.site.hits.items() if p.endswith(".html")}
    assert all(n == 1 for n in pages.values()) and len(pages) == FIRST + 2
    assert len(articles(backend.store)) == FIRST + 2
    assert watch_once(backend) == {"new": 0, "stored": 0, "copies": 0, "failed": 0, "pages": 0}
    feeds = {p for p in served.site.hits if p.endswith("rss.xml")}
    assert all(served.site.conditional[p] == 2 for p in feeds)  # passes 2 and 3 sent validators
    assert supply_edge(backend.store) == edge


def texts_of(text_id: str) -> Text:
    return next(t for t in feed_stories() if t.id == text_id)


def test_a_killed_watch_resumes_with_nothing_lost_or_doubled(
    backend: Backend, served: Served, tmp_path: Path
) -> None:
    follow(backend, served)
    # Parses of its own (none cached), so that the watch is killed while it stores.
    backend.env["ACTORGRAPH_PARSE_CACHE"] = str(tmp_path / "parses.sqlite3")
    watching = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "watch"],
        cwd=ROOT,
        env=backend.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 240
        while backend.store.counts().articles == 0:
            assert watching.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        watching.send_signal(signal.SIGKILL)
        watching.wait(timeout=30)
    kept = backend.store.counts().articles
    assert 0 < kept < FIRST  # killed between two articles: some stored, some not
    pages = served.site.page_hits()

    resumed = watch_once(backend)
    # The articles stored before the kill are neither fetched again nor doubled; the others
    # are read now.
    assert resumed["pages"] == FIRST - kept == served.site.page_hits() - pages
    assert resumed["failed"] == 0
    assert len(articles(backend.store)) == FIRST
    edge = supply_edge(backend.store)
    assert (edge.articles, edge.sources, edge.mentions) == (1, 3, 1)
    assert watch_once(backend)["new"] == 0


def test_serve_watch_polls_beside_the_api(backend: Backend, served: Served) -> None:
    follow(backend, served)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--watch", "--port", str(port)],
        cwd=ROOT,
        env=backend.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        feeds: list[dict[str, object]] = []
        with httpx.Client(base_url=base, timeout=5.0) as client:
            while time.monotonic() < deadline:
                assert server.poll() is None
                try:
                    health = client.get("/health")
                except httpx.TransportError:
                    time.sleep(0.2)  # not listening yet
                    continue
                assert health.status_code == 200  # answered while the watcher works
                feeds = client.get("/feeds").json()["items"]
                if all(f["last_poll"] for f in feeds):
                    break
                time.sleep(0.2)
            assert [(f["name"], f["errors"], f["seen"]) for f in feeds] == [
                (outlet, 0, 2) for outlet in OUTLETS
            ]
            sources = client.get("/sources").json()
            assert sources["total"] == len(OUTLETS)
            assert {s["name"]: s["articles"] for s in sources["items"]} == dict.fromkeys(OUTLETS, 2)
            listed = client.get("/articles", params={"limit": 50}).json()
            assert listed["total"] == FIRST
            first = listed["items"][0]
            detail = client.get(f"/articles/{first['article']['id']}").json()
            assert detail["detail"]["source"]["host"] in HOSTS
    finally:
        server.send_signal(signal.SIGTERM)  # as a service manager stops it
        output, _ = server.communicate(timeout=60)
    assert server.returncode in (0, -signal.SIGTERM), output
    # Its watcher (a process of its own) stops with it.
    found = re.search(r"followed feeds \(pid (\d+)\)", output)
    assert found, output
    watcher = int(found.group(1))
    deadline = time.monotonic() + 60
    while Path(f"/proc/{watcher}").exists() and b"zombie" not in _state(watcher):
        assert time.monotonic() < deadline, f"the watcher {watcher} outlived its server"
        time.sleep(0.2)


def _state(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/status").read_bytes().lower()
    except OSError:
        return b"zombie"  # gone meanwhile

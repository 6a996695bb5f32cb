"""Polling a real local HTTP server (tests/feeds_server.py): RSS and Atom, gzip and deflate,
ETag / Last-Modified, redirects, failures that stay with their feed, the 50 MB page, politeness,
and syndicated copies found among the pages read."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from graph.settings import Settings
from loaders.feeds.canonical import canonical_url
from loaders.feeds.copies import CopyDetector, CopyParams
from loaders.feeds.fetch import Fetched, Fetcher, FetchError, FetchFailure
from loaders.feeds.poll import FeedConfig, FeedState, PollResult, poll
from tests.feeds_server import GrowingFeed, Site, news_site, serving

NOW = datetime(2026, 5, 5, 12, 0, tzinfo=UTC)


def fast(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "feed_host_delay": 0.0,
        "feed_connect_timeout": 2.0,
        "feed_read_timeout": 0.5,
        "feed_total_timeout": 1.5,
        "feed_max_bytes": 2_000_000,
        "feed_every": 600.0,
        "feed_concurrency": 4,
    }
    values.update(overrides)
    return Settings.model_validate(values)


@pytest.fixture()
def served() -> Iterator[tuple[Site, GrowingFeed, str]]:
    site = Site()
    with serving(site) as [base]:
        built, growing = news_site(base)
        site.routes = built.routes
        yield site, growing, base


def run(
    feeds: list[FeedConfig],
    states: dict[str, FeedState],
    settings: Settings,
    **options: object,
) -> PollResult:
    async def go() -> PollResult:
        async with Fetcher(settings) as fetcher:
            return await poll(feeds, states, fetcher, settings=settings, **options)  # type: ignore[arg-type]

    return asyncio.run(go())


def test_a_second_pass_gives_exactly_the_new_items(served: tuple[Site, GrowingFeed, str]) -> None:
    site, growing, base = served
    feeds = [
        FeedConfig(f"{base}/wire/rss.xml", "Meridian Wire"),
        FeedConfig(f"{base}/harbour/atom.xml", "Harbour Times"),
        FeedConfig(f"{base}/grow/rss.xml", "Growing Desk"),
    ]
    settings = fast()
    first = run(feeds, {}, settings, now=NOW)
    assert first.errors == {}
    titles = {item.item.title for item in first.items}
    assert len(first.items) == 4 + 5 + 2, titles
    by_id = {item.item.id: item for item in first.items}
    # Pages read with trafilatura: main text without the site chrome, title, date, outlet.
    wire = by_id["wire-s01"]
    assert wire.text.origin == "page" and wire.text.note is None
    assert wire.text.text.startswith("Valdoria and Lorvania agree 30-day truce")
    assert "Cookie settings" not in wire.text.text and "Sport" not in wire.text.text
    assert wire.text.site_name == "Meridian Wire"
    assert str(wire.text.published) == "2026-05-04"
    # Tracking parameters in the feed's link are not part of the article's identity.
    assert by_id["wire-s02"].canonical_url == canonical_url(f"{base}/wire/s02.html")
    # A page that refuses readers, and one without article text: the feed's summary, marked.
    refused = by_id["tag:harbour,2026:s05-c1"].text
    assert refused.origin == "summary" and refused.note == "page refused: HTTP 403 Forbidden"
    assert refused.text.startswith("BRAVA (Meridian Wire) - Eskeland imposed sanctions")
    empty = by_id["tag:harbour,2026:s06-c1"].text
    assert empty.origin == "summary" and empty.note == "page has too little text (1 word)"
    assert empty.site_name == "Harbour Times"

    growing.grow(3)
    pages_before = site.page_hits()
    second = run(feeds, first.states, settings, now=NOW + timedelta(hours=1))
    assert second.errors == {}
    assert sorted(item.item.id for item in second.items) == [
        "grow-s11",
        "grow-s12",
        "grow-s13",
    ]
    assert site.page_hits() == pages_before + 3
    statuses = {o.config.name: o.status for o in second.outcomes}
    assert statuses == {
        "Meridian Wire": "unchanged",
        "Harbour Times": "unchanged",
        "Growing Desk": "new",
    }
    # A third pass with nothing new, from states that went through JSON (a restart).
    restored = {
        url: FeedState.from_dict(json.loads(json.dumps(state.to_dict())))
        for url, state in second.states.items()
    }
    assert restored == second.states
    third = run(feeds, restored, settings, now=NOW + timedelta(hours=2))
    assert third.items == [] and third.errors == {}
    assert site.page_hits() == pages_before + 3


def test_conditional_get_means_no_refetch(served: tuple[Site, GrowingFeed, str]) -> None:
    site, _, base = served
    feed = FeedConfig(f"{base}/wire/rss.xml")
    settings = fast()
    first = run([feed], {}, settings, now=NOW)
    state = first.states[feed.url]
    assert state.etag and state.last_modified
    assert site.conditional["/wire/rss.xml"] == 0
    pages = site.page_hits()
    second = run([feed], first.states, settings, now=NOW + timedelta(hours=1))
    assert second.outcomes[0].status == "unchanged" and second.pages_fetched == 0
    assert site.conditional["/wire/rss.xml"] == 1  # asked with its validators, answered 304
    assert site.page_hits() == pages
    assert second.states[feed.url].etag == state.etag
    assert second.states[feed.url].next_due == NOW + timedelta(hours=1, seconds=600)
    # Not due yet: no request at all.
    hits = site.hits["/wire/rss.xml"]
    third = run([feed], second.states, settings, now=NOW + timedelta(hours=1, seconds=60))
    assert third.outcomes[0].status == "not_due"
    assert site.hits["/wire/rss.xml"] == hits


def test_one_failing_feed_never_stops_the_others(served: tuple[Site, GrowingFeed, str]) -> None:
    site, _, base = served
    names = ["fail", "busy", "hang", "trickle", "invalid", "loop/a", "big/rss", "wire/rss"]
    feeds = [FeedConfig(f"{base}/{name}.xml", name) for name in names]
    began = time.monotonic()
    result = run(feeds, {}, fast(), now=NOW)
    took = time.monotonic() - began
    errors = {o.config.name: o.error for o in result.outcomes}
    assert errors["fail"] == "HTTP 500 Internal Server Error"
    assert errors["busy"] == "HTTP 503 Service Unavailable"
    assert errors["hang"] == "timeout: no data for 0.5 s"
    assert errors["trickle"] == "timeout: not done within 1.5 s"
    assert errors["invalid"] is not None and errors["invalid"].startswith("invalid XML: line 2")
    assert errors["loop/a"] == (
        f"redirect loop: {base}/loop/a.xml -> {base}/loop/b.xml -> {base}/loop/a.xml"
    )
    assert errors["wire/rss"] is None and errors["big/rss"] is None
    assert len([i for i in result.items if i.feed_url.endswith("/wire/rss.xml")]) == 4
    # The 50 MB pages are refused, the items still come with their summaries.
    big = {i.item.id: i.text for i in result.items if i.feed_url.endswith("/big/rss.xml")}
    assert big["big-1"].origin == "summary"
    assert big["big-1"].note == (
        "page refused: too large: 50000000 bytes declared, the limit is 2000000"
    )
    assert big["big-2"].note == (
        "page refused: too large: more than 2000000 bytes, the limit is 2000000"
    )
    assert took < 6, took  # the hang and the trickle were cut at their timeouts
    # Each failure is recorded in its feed's state with a backoff; Retry-After is obeyed.
    states = result.states
    fail = states[f"{base}/fail.xml"]
    assert fail.errors == 1 and fail.last_error == "HTTP 500 Internal Server Error"
    assert fail.next_due == NOW + timedelta(seconds=600)
    assert states[f"{base}/busy.xml"].next_due == NOW + timedelta(seconds=7200)
    again = run(feeds[:1], states, fast(), now=NOW + timedelta(seconds=600))
    assert again.states[f"{base}/fail.xml"].errors == 2
    assert again.states[f"{base}/fail.xml"].next_due == NOW + timedelta(seconds=600 + 1200)
    assert site.hits["/fail.xml"] == 2


def test_a_moved_feed_and_a_proxy_link_to_a_stored_article(
    served: tuple[Site, GrowingFeed, str],
) -> None:
    site, _, base = served
    settings = fast()
    wire = run([FeedConfig(f"{base}/wire/rss.xml")], {}, settings, now=NOW)
    stored = {item.canonical_url for item in wire.items if item.canonical_url}

    async def known(urls: list[str]) -> set[str]:
        return stored.intersection(urls)

    moved = run([FeedConfig(f"{base}/old/rss.xml")], {}, settings, now=NOW, known=known)
    outcome = moved.outcomes[0]
    assert outcome.error is None
    # The feed's 301 was followed; the proxy item led to a wire page already stored: dropped.
    assert [item.item.id for item in outcome.items] == ["east-1"]
    assert site.hits["/proxy/s01"] == 1
    # Remembered by its own link, so the next pass does not follow the proxy again.
    assert "east-proxy" in outcome.state.seen_ids
    assert canonical_url(f"{base}/proxy/s01") in outcome.state.seen_urls


def test_requests_to_one_host_are_one_at_a_time_and_spaced(
    served: tuple[Site, GrowingFeed, str],
) -> None:
    site, growing, base = served
    growing.grow(6)  # 8 items: 8 pages on the same host
    settings = fast(feed_host_delay=0.15, feed_concurrency=8)
    feeds = [FeedConfig(f"{base}/grow/rss.xml"), FeedConfig(f"{base}/wire/rss.xml")]
    result = run(feeds, {}, settings, now=NOW)
    assert len(result.items) == 12
    assert site.max_active["127.0.0.1"] == 1
    starts, ends = site.starts["127.0.0.1"], site.ends["127.0.0.1"]
    gaps = [start - end for start, end in zip(starts[1:], ends, strict=False)]
    assert len(gaps) >= 13 and min(gaps) >= 0.14, gaps
    assert all(agent.startswith("actorgraph/") for agent in site.user_agents)


def test_large_pages_are_refused_early_and_gzip_is_read(
    served: tuple[Site, GrowingFeed, str],
) -> None:
    _, _, base = served

    async def go() -> list[Fetched | FetchError]:
        async with Fetcher(fast(feed_total_timeout=10.0)) as fetcher:
            return [
                await fetcher.fetch(f"{base}/big/page.html"),
                await fetcher.fetch(f"{base}/big/chunked.html"),
                await fetcher.fetch(f"{base}/wire/rss.xml", kind="feed"),
                await fetcher.fetch(f"{base}/harbour/atom.xml", kind="feed"),
            ]

    began = time.monotonic()
    declared, chunked, gzipped, deflated = asyncio.run(go())
    assert time.monotonic() - began < 3  # 50 MB would take longer to read
    assert isinstance(declared, FetchError) and declared.kind is FetchFailure.TOO_LARGE
    assert isinstance(chunked, FetchError) and chunked.kind is FetchFailure.TOO_LARGE
    assert isinstance(gzipped, Fetched) and gzipped.body.startswith(b"<?xml")
    assert isinstance(deflated, Fetched) and b"<feed" in deflated.body


def test_syndicated_copies_among_the_pages_read(served: tuple[Site, GrowingFeed, str]) -> None:
    _, _, base = served
    feeds = [FeedConfig(f"{base}/wire/rss.xml"), FeedConfig(f"{base}/harbour/atom.xml")]
    result = run(feeds, {}, fast(), now=NOW)
    settings = Settings()
    detector = CopyDetector(CopyParams.from_settings(settings))
    story: dict[str, str] = {}
    for item in sorted(result.items, key=lambda i: i.item.published or NOW):
        found = detector.find(item.text.text).story_id
        story[item.item.id] = found or item.item.id
        detector.add(item.item.id, item.text.text, story[item.item.id])
    assert story["tag:harbour,2026:s01-c1"] == "wire-s01"
    assert story["tag:harbour,2026:s02-c2"] == "wire-s02"
    # Another reporter's article on the same event is a story of its own.
    assert story["tag:harbour,2026:s03-i1"] == "tag:harbour,2026:s03-i1"
    assert story["wire-s04"] == "wire-s04"

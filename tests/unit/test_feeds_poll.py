"""One polling pass on a fake transport: what is new, duplicates by id and canonical URL,
state in and out, the cap on new items, backoff, and failures kept to their feed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from graph.settings import Settings
from loaders.feeds.fetch import Fetcher
from loaders.feeds.poll import FeedConfig, FeedState, PollResult, backoff, poll

NOW = datetime(2026, 5, 5, 12, 0, tzinfo=UTC)
PAGE = "<html><body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
BODY = "The council's observers reported that the valley was calm overnight. " * 8


def rss(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>Story {guid}</title><link>{link}</link>"
        f"<guid isPermaLink='false'>{guid}</guid>"
        f"<description>Summary of {guid}.</description></item>"
        for guid, link in items
    )
    return f"<rss version='2.0'><channel><title>Desk</title>{entries}</channel></rss>".encode()


class FakeWeb:
    """Feeds and pages by URL; counts requests."""

    def __init__(self) -> None:
        self.feeds: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.broken: set[str] = set()

    def handler(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requests.append(url)
        if url in self.broken:
            return httpx.Response(500)
        if url in self.feeds:
            return httpx.Response(200, content=_stream(self.feeds[url]))
        title = url.rsplit("/", 1)[-1]
        page = PAGE.format(title=title, body=BODY).encode()
        return httpx.Response(200, content=_stream(page), headers={"Content-Type": "text/html"})

    def pages(self) -> int:
        return sum(1 for url in self.requests if url not in self.feeds)


async def _stream(data: bytes) -> AsyncIterator[bytes]:
    yield data


SETTINGS = Settings(feed_host_delay=0.0, feed_every=600, feed_backoff_max=3600)


def run(
    web: FakeWeb,
    feeds: list[FeedConfig],
    states: dict[str, FeedState],
    settings: Settings = SETTINGS,
    **options: object,
) -> PollResult:
    async def go() -> PollResult:
        transport = httpx.MockTransport(web.handler)
        async with Fetcher(settings, transport=transport) as fetcher:
            return await poll(feeds, states, fetcher, settings=settings, **options)  # type: ignore[arg-type]

    return asyncio.run(go())


def test_new_items_once_then_nothing_even_without_validators() -> None:
    web = FakeWeb()
    feed = FeedConfig("http://a.test/rss", "Desk A")
    web.feeds[feed.url] = rss([("1", "http://a.test/one"), ("2", "http://a.test/two")])
    first = run(web, [feed], {}, now=NOW)
    assert [i.item.id for i in first.items] == ["1", "2"]
    assert all(i.text.origin == "page" and i.feed_name == "Desk A" for i in first.items)
    assert first.pages_fetched == 2 == web.pages()
    state = first.states[feed.url]
    assert state.seen_ids == ["1", "2"] and state.errors == 0 and state.etag is None
    assert state.next_due == NOW + timedelta(seconds=600)

    web.feeds[feed.url] = rss([("3", "http://a.test/three"), *[("1", "http://a.test/one")]])
    second = run(web, [feed], first.states, now=NOW, force=True)
    assert [i.item.id for i in second.items] == ["3"] and web.pages() == 3
    # The states handed in are never changed.
    assert first.states[feed.url].seen_ids == ["1", "2"]


def test_one_article_under_several_ids_or_feeds_is_new_once() -> None:
    web = FakeWeb()
    a, b = FeedConfig("http://a.test/rss"), FeedConfig("http://b.test/rss")
    web.feeds[a.url] = rss(
        [("1", "http://www.a.test/story?utm_source=rss"), ("1-again", "https://a.test/story/")]
    )
    web.feeds[b.url] = rss([("x", "http://a.test/story#top")])
    result = run(web, [a, b], {}, now=NOW)
    assert len(result.items) == 1
    assert result.items[0].canonical_url == "https://a.test/story"
    assert web.pages() == 1
    # Both ids are remembered: the duplicate is not looked at again.
    assert sorted(result.states[a.url].seen_ids) == ["1", "1-again"]


def test_known_urls_are_not_fetched() -> None:
    web = FakeWeb()
    feed = FeedConfig("http://a.test/rss")
    web.feeds[feed.url] = rss([("1", "http://a.test/one"), ("2", "http://a.test/two")])
    asked: list[list[str]] = []

    async def known(urls: list[str]) -> set[str]:
        asked.append(urls)
        return {u for u in urls if u == "https://a.test/one"}

    result = run(web, [feed], {}, now=NOW, known=known)
    assert [i.item.id for i in result.items] == ["2"] and web.pages() == 1
    assert asked == [["https://a.test/one", "https://a.test/two"]]  # one lookup for the feed


def test_summaries_only_and_the_cap_on_new_items() -> None:
    web = FakeWeb()
    feed = FeedConfig("http://a.test/rss")
    web.feeds[feed.url] = rss([(str(n), f"http://a.test/{n}") for n in range(5)])
    settings = Settings(feed_host_delay=0.0, feed_max_new_items=3)
    first = run(web, [feed], {}, settings, now=NOW, pages=False)
    assert len(first.items) == 3 and web.pages() == 0
    notes = {(i.text.origin, i.text.note) for i in first.items}
    assert notes == {("summary", "page not fetched")}
    outcome = first.outcomes[0]
    assert outcome.more and outcome.state.next_due == NOW and outcome.state.etag is None
    second = run(web, [feed], first.states, settings, now=NOW, pages=False)
    assert len(second.items) == 2 and not second.outcomes[0].more


def test_failures_back_off_and_stay_with_their_feed() -> None:
    web = FakeWeb()
    good, bad = FeedConfig("http://a.test/rss"), FeedConfig("http://b.test/rss", every=60)
    web.feeds[good.url] = rss([("1", "http://a.test/one")])
    web.broken.add(bad.url)
    result = run(web, [bad, good], {}, now=NOW)
    assert [i.item.id for i in result.items] == ["1"]
    assert result.errors == {bad.url: "HTTP 500 Internal Server Error"}
    failed = result.states[bad.url]
    assert (failed.errors, failed.last_error) == (1, "HTTP 500 Internal Server Error")
    assert failed.next_due == NOW + timedelta(seconds=60)
    # Not due: no request; due again: the wait doubles.
    asked = len(web.requests)
    quiet = run(web, [bad], result.states, now=NOW + timedelta(seconds=30))
    assert quiet.outcomes[0].status == "not_due" and len(web.requests) == asked
    later = NOW + timedelta(seconds=60)
    again = run(web, [bad], result.states, now=later).states[bad.url]
    assert again.errors == 2 and again.next_due == later + timedelta(seconds=120)
    # Back up: the error count is cleared.
    web.broken.clear()
    web.feeds[bad.url] = rss([])
    healed = run(web, [bad], {bad.url: again}, now=later, force=True).states[bad.url]
    assert healed.errors == 0 and healed.last_error is None


def test_backoff_doubles_up_to_the_cap() -> None:
    feed = FeedConfig("http://a.test/rss", every=600)
    waits = [backoff(feed, SETTINGS, n).total_seconds() for n in range(1, 6)]
    assert waits == [600, 1200, 2400, 3600, 3600]


def test_a_bug_on_one_feed_is_that_feeds_error() -> None:
    web = FakeWeb()
    a, b = FeedConfig("http://a.test/rss"), FeedConfig("http://b.test/rss")
    web.feeds[a.url] = rss([("1", "http://a.test/one")])
    web.feeds[b.url] = rss([("2", "http://b.test/two")])

    async def known(urls: list[str]) -> set[str]:
        if any("b.test" in url for url in urls):
            raise RuntimeError("store lookup failed")
        return set()

    result = run(web, [a, b], {}, now=NOW, known=known)
    assert [i.item.id for i in result.items] == ["1"]
    assert result.errors == {b.url: "internal error: RuntimeError: store lookup failed"}


def test_state_round_trips_through_json_and_forgets_only_what_left_the_feed() -> None:
    state = FeedState(
        "http://a.test/rss",
        etag='"x"',
        last_poll=NOW,
        next_due=NOW + timedelta(minutes=15),
        errors=2,
        last_error="HTTP 500",
        seen_ids=["1", "2"],
        seen_urls=["https://a.test/one"],
    )
    rows = [json.loads(json.dumps(state.to_dict()))]
    assert [FeedState.from_dict(row) for row in rows] == [state]

    web = FakeWeb()
    feed = FeedConfig(state.url)
    web.feeds[feed.url] = rss([(str(n), f"http://a.test/{n}") for n in range(150)])
    settings = Settings(feed_host_delay=0.0, feed_seen_max=100, feed_max_new_items=1000)
    old = FeedState(feed.url, seen_ids=[f"old-{n}" for n in range(400)])
    result = run(web, [feed], {feed.url: old}, settings, now=NOW, pages=False)
    kept = result.states[feed.url].seen_ids
    assert len(kept) == 300 and kept[-150:] == [str(n) for n in range(150)]


@pytest.mark.parametrize("bad", [b"<rss><channel><item></rss>", b"<html>no feed</html>"])
def test_a_feed_that_cannot_be_read_is_an_error(bad: bytes) -> None:
    web = FakeWeb()
    feed = FeedConfig("http://a.test/rss")
    web.feeds[feed.url] = bad
    result = run(web, [feed], {}, now=NOW)
    error = result.errors[feed.url]
    assert error.startswith("invalid XML") or error == "not an RSS or Atom feed"

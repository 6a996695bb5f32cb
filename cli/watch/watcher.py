"""The feed watcher: polls the followed feeds (``loaders.feeds.poll``), finds the copies among
the new items (``loaders.feeds.copies``, signatures in the store), extracts and ingests them
through the one ingest service (``graph.ingest``), then saves each feed's state.

Order, for a restart that loses nothing and doubles nothing: a feed's state (the items it has
seen, its validators) is saved only after its new items are stored, and an item's signature
before its article. A watch killed in between re-reads, at the next pass, the items whose
feed state was not saved: those already stored are known by their canonical URL and dropped
before their page is fetched; those not stored are read again and find the same story (their
own signature is in the store). Articles are content-addressed, so nothing is doubled either.

Everything that blocks (the store, extraction, CoreNLP) runs in a worker thread, so that the
fetches of other feeds go on meanwhile. ``serve --watch`` runs ``actorgraph watch`` in a
process of its own beside the API.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from graph.ingest import Failed, Stored, ingest_each
from graph.model import Article, article_id
from graph.results import FeedRecord
from graph.settings import Settings
from graph.store import GraphStore
from loaders.feeds.canonical import canonical_url, url_host
from loaders.feeds.copies import CopyDetector
from loaders.feeds.fetch import Fetcher
from loaders.feeds.poll import FeedConfig, FeedOutcome, FeedState, NewItem, due, poll
from loaders.pipeline import extract_documents, extractions
from loaders.reading.inputs import Document
from loaders.rules.extract import Extractor

log = logging.getLogger(__name__)
# Longest sleep between passes: feeds added meanwhile (by another process) are seen this soon.
IDLE_MAX = 60.0


@dataclass
class FeedReport:
    """What one pass did with one feed."""

    url: str
    status: str  # new, unchanged, not_due, error, stopped
    error: str | None = None
    new: int = 0  # new items in the feed
    stored: int = 0  # of them, stored (new or unchanged articles)
    copies: int = 0  # of the stored, copies of a story already stored
    failed: list[str] = field(default_factory=list)  # items not stored, and why


@dataclass
class PassReport:
    started: datetime
    feeds: list[FeedReport] = field(default_factory=list)
    pages_fetched: int = 0

    @property
    def failed(self) -> int:
        return sum(len(f.failed) for f in self.feeds)

    def count(self, status: str) -> int:
        return sum(1 for f in self.feeds if f.status == status)

    def summary(self) -> str:
        polled = [f for f in self.feeds if f.status not in ("not_due", "stopped")]
        new = sum(f.new for f in self.feeds)
        stored = sum(f.stored for f in self.feeds)
        copies = sum(f.copies for f in self.feeds)
        return (
            f"{len(polled)} feeds polled ({self.count('new')} with new items, "
            f"{self.count('unchanged')} unchanged, {self.count('error')} failing), "
            f"{self.count('not_due')} not due; {new} new items: {stored} stored "
            f"({copies} copies of a stored story), {self.failed} not stored; "
            f"{self.pages_fetched} pages fetched"
        )


class Watcher:
    """Polls and ingests; one per process (its copy detector holds the signatures)."""

    def __init__(
        self,
        store: GraphStore,
        settings: Settings,
        extractor: Callable[[], Extractor],
    ) -> None:
        self.store = store
        self.settings = settings
        self._extractor = extractor  # built when the first new item needs it
        self._detector: CopyDetector | None = None

    def detector(self) -> CopyDetector:
        """The copy detector over the store's signatures, up to date (blocking: a thread)."""
        if self._detector is None:
            self._detector = CopyDetector.from_settings(self.settings, self.store)
        else:
            self._detector.refresh()
        return self._detector

    async def run_pass(
        self,
        fetcher: Fetcher,
        *,
        every_feed: bool = False,
        stop: asyncio.Event | None = None,
        now: datetime | None = None,
    ) -> PassReport:
        """One pass over the due feeds (with ``every_feed``, every feed but those waiting out
        a backoff after failures), their new items stored, their states saved."""
        now = now or datetime.now(UTC)
        records = await asyncio.to_thread(self.store.feeds)
        states = {r.url: state_of(r) for r in records}
        configs = [FeedConfig(r.url, r.name, r.every) for r in records]
        if every_feed:
            configs = [c for c in configs if states[c.url].errors == 0 or due(states[c.url], now)]

        async def known(urls: list[str]) -> set[str]:
            return await asyncio.to_thread(self.store.known_urls, urls)

        result = await poll(
            configs, states, fetcher, settings=self.settings, now=now, force=every_feed, known=known
        )
        report = PassReport(started=now, pages_fetched=result.pages_fetched)
        waiting = {c.url for c in configs}
        report.feeds += [FeedReport(r.url, "not_due") for r in records if r.url not in waiting]
        quiet: list[FeedState] = []
        for outcome in result.outcomes:
            feed = FeedReport(outcome.config.url, outcome.status, outcome.error)
            report.feeds.append(feed)
            if outcome.status == "not_due":
                continue
            if not outcome.items:
                quiet.append(outcome.state)
                continue
            if stop is not None and stop.is_set():
                feed.status = "stopped"  # its state is not saved: the next pass reads it again
                continue
            feed.new = len(outcome.items)
            state = await asyncio.to_thread(self._store_feed, outcome, feed)
            await asyncio.to_thread(self.store.save_feed_states, [state.to_dict()])
        if quiet:
            await asyncio.to_thread(self.store.save_feed_states, [s.to_dict() for s in quiet])
        return report

    def _store_feed(self, outcome: FeedOutcome, feed: FeedReport) -> FeedState:
        """Stores one feed's new items (blocking); the state to save after them."""
        items = list(outcome.items)
        try:
            documents = self._documents(items, feed)
            results = list(
                ingest_each(
                    extractions(extract_documents(documents, self._extractor())), self.store
                )
            )
        except Exception as exc:  # CoreNLP or the store gone: every item is tried again
            log.warning("items of %s not stored: %s", outcome.config.url, exc)
            failed = items
            feed.failed = [f"{_name(i)}: {exc}" for i in items]
        else:
            failed = []
            for item, result in zip(items, results, strict=True):
                if isinstance(result, Stored):
                    feed.stored += 1
                else:
                    assert isinstance(result, Failed)
                    failed.append(item)
                    feed.failed.append(f"{_name(item)}: {result.error}")
        if not failed:
            return outcome.state
        return unseen(outcome.state, failed, feed.failed[0])

    def _documents(self, items: Sequence[NewItem], feed: FeedReport) -> list[Document]:
        """Each item as an article, with its outlet and its story: a copy of a stored story
        takes that story's id. Signatures are saved here, before the articles."""
        detector = self.detector()
        documents = []
        for item in items:
            text = item.text.text
            ident = article_id(text)
            values = detector.signature(text)
            story = detector.match(values).story_id or ident
            detector.remember(ident, story, values)
            if story != ident:
                feed.copies += 1
            documents.append(Document(article_of(item, ident, story), text))
        return documents

    async def run(
        self,
        fetcher: Fetcher,
        stop: asyncio.Event,
        report: Callable[[PassReport], None] | None = None,
    ) -> None:
        """Passes until ``stop`` is set, each when a feed is due (at least every IDLE_MAX
        seconds the feeds are read again). A pass that fails (the store unreachable) is logged
        and the next one tries again."""
        while not stop.is_set():
            try:
                done = await self.run_pass(fetcher, stop=stop)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the store or a bug: the next pass tries again
                log.error("feed pass failed: %s: %s", type(exc).__name__, exc, exc_info=True)
                wait = IDLE_MAX
            else:
                if report is not None:
                    report(done)
                wait = await asyncio.to_thread(self.seconds_to_next)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)

    def seconds_to_next(self) -> float:
        """Until the next feed is due, between 1 s and IDLE_MAX."""
        now = datetime.now(UTC)
        waits = [
            (state.next_due - now).total_seconds() if state.next_due else 0.0
            for state in (state_of(r) for r in self.store.feeds())
        ]
        return max(1.0, min([IDLE_MAX, *waits]))


def state_of(record: FeedRecord) -> FeedState:
    """A feed's state as its next poll needs it. A feed that polls well is due ``every``
    after its last poll even if it was set shorter since (``feeds add --every``); a failing
    one waits out its backoff."""
    state = FeedState.from_dict(record.model_dump())
    if state.errors or record.every is None or not (state.last_poll and state.next_due):
        return state
    sooner = state.last_poll + timedelta(seconds=record.every)
    return replace(state, next_due=sooner) if sooner < state.next_due else state


def article_of(item: NewItem, ident: str, story: str) -> Article:
    """The article of a feed item: its outlet is the page's site name (trafilatura), else the
    feed's name, else the item's outlet in the feed, else the host; the store keys outlets by
    host (``graph.model.source_of``)."""
    text = item.text
    site = text.site_name if text.origin == "page" else None
    host = url_host(item.canonical_url or text.url)
    published = text.published or (item.item.published.date() if item.item.published else None)
    return Article(
        id=ident,
        title=text.title or item.item.title,
        source=site or item.feed_name or item.item.outlet or host,
        url=text.url if text.url.startswith(("http://", "https://")) else item.item.link,
        published=published,
        story=None if story == ident else story,
        canonical_url=item.canonical_url,
    )


def unseen(state: FeedState, failed: Sequence[NewItem], why: str) -> FeedState:
    """The state to save when some items were not stored: they are forgotten (the next pass
    takes them again) and the validators cleared (so that the feed is read again, not a 304),
    with the reason as the feed's last error (not counted as a failed poll: no backoff)."""
    ids = {i.item.id for i in failed}
    urls = {u for i in failed for u in (i.canonical_url, _canonical_link(i)) if u}
    return replace(
        state,
        etag=None,
        last_modified=None,
        last_error=f"{len(failed)} item(s) not stored, tried again next pass: {why}",
        seen_ids=[x for x in state.seen_ids if x not in ids],
        seen_urls=[x for x in state.seen_urls if x not in urls],
    )


def _canonical_link(item: NewItem) -> str | None:
    return canonical_url(item.item.link) if item.item.link else None


def _name(item: NewItem) -> str:
    return item.item.link or item.item.id

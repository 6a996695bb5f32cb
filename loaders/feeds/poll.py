"""One polling pass over feeds: which are due, what is new in each, the new items' texts, and
every feed's updated state.

State in, state out: :func:`poll` never changes the states it is given. It returns one
:class:`FeedOutcome` per feed with the new items and the state to keep *once those items are
stored*. Saving a feed's state after its items are ingested (phase 2: in one transaction, or
items first) is what makes a killed ``watch`` resume with nothing lost or doubled: if it dies
in between, the next pass sees the same items again and the store's canonical URLs
(``known``) drop those already in.

What makes an item new: neither its id (guid) nor its canonical URL was seen in this feed,
the store has no article of that canonical URL (``known``: one batched, indexed lookup per feed,
awaited, so that a store on the network never holds the event loop), and no other feed claimed
the same canonical URL earlier in this pass. A page that redirects to a known URL (feed
proxies) is dropped after the fetch.

Failures are per feed and never stop the pass: the outcome says ``error`` with the cause, the
state counts consecutive errors and puts the next poll off by ``every * 2^(errors-1)``, at
most ``feed_backoff_max`` (or longer when the server said Retry-After).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from graph.settings import Settings
from loaders.feeds.canonical import canonical_url
from loaders.feeds.feed import FeedError, FeedItem, PageText, page_or_summary, parse_feed
from loaders.feeds.fetch import Fetched, Fetcher, FetchError

Status = Literal["new", "unchanged", "not_due", "error"]
# Which of these canonical URLs the store already holds (an article from any feed or file).
Known = Callable[[list[str]], Awaitable[set[str]]]


@dataclass(frozen=True)
class FeedConfig:
    url: str
    name: str | None = None
    every: float | None = None  # seconds between polls; None: ACTORGRAPH_FEED_EVERY


@dataclass
class FeedState:
    """What a feed's next poll needs. JSON-ready through :meth:`to_dict` / :meth:`from_dict`."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_poll: datetime | None = None
    last_success: datetime | None = None
    next_due: datetime | None = None
    errors: int = 0  # consecutive failures; 0 after a success
    last_error: str | None = None
    # Oldest first; the oldest are forgotten past feed_seen_max (never those still in the feed).
    seen_ids: list[str] = field(default_factory=list)
    seen_urls: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "last_poll": _iso(self.last_poll),
            "last_success": _iso(self.last_success),
            "next_due": _iso(self.next_due),
            "errors": self.errors,
            "last_error": self.last_error,
            "seen_ids": list(self.seen_ids),
            "seen_urls": list(self.seen_urls),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeedState:
        return cls(
            url=str(data["url"]),
            etag=data.get("etag"),
            last_modified=data.get("last_modified"),
            last_poll=_parse_iso(data.get("last_poll")),
            last_success=_parse_iso(data.get("last_success")),
            next_due=_parse_iso(data.get("next_due")),
            errors=int(data.get("errors") or 0),
            last_error=data.get("last_error"),
            seen_ids=[str(x) for x in data.get("seen_ids") or []],
            seen_urls=[str(x) for x in data.get("seen_urls") or []],
        )


@dataclass(frozen=True)
class NewItem:
    feed_url: str
    feed_name: str | None
    item: FeedItem
    canonical_url: str | None  # of the page's final URL when it was fetched
    text: PageText  # origin "page" or "summary" (with the reason in its note)


@dataclass(frozen=True)
class FeedOutcome:
    config: FeedConfig
    status: Status
    state: FeedState  # to save after the items are stored
    items: tuple[NewItem, ...] = ()
    error: str | None = None
    problems: tuple[str, ...] = ()  # items dropped: no page text and no summary
    pages_fetched: int = 0
    more: bool = False  # more new items than feed_max_new_items: the rest come next pass


@dataclass(frozen=True)
class PollResult:
    outcomes: tuple[FeedOutcome, ...]

    @property
    def items(self) -> list[NewItem]:
        return [item for outcome in self.outcomes for item in outcome.items]

    @property
    def states(self) -> dict[str, FeedState]:
        return {outcome.config.url: outcome.state for outcome in self.outcomes}

    @property
    def errors(self) -> dict[str, str]:
        return {o.config.url: o.error for o in self.outcomes if o.error is not None}

    @property
    def pages_fetched(self) -> int:
        return sum(outcome.pages_fetched for outcome in self.outcomes)


def due(state: FeedState | None, now: datetime) -> bool:
    """Whether a feed with this state should be polled at ``now`` (a new feed always is)."""
    return state is None or state.next_due is None or state.next_due <= now


async def poll(
    feeds: Sequence[FeedConfig],
    states: Mapping[str, FeedState],
    fetcher: Fetcher,
    *,
    settings: Settings | None = None,
    now: datetime | None = None,
    force: bool = False,
    pages: bool = True,
    known: Known | None = None,
) -> PollResult:
    """One pass: every due feed (every feed with ``force``) concurrently, politely.

    ``pages`` False takes the items' text from the feed without fetching pages. ``known``
    says which canonical URLs are already stored (from any feed)."""
    settings = settings or Settings()
    now = now or datetime.now(UTC)
    claimed: set[str] = set()

    async def one(config: FeedConfig) -> FeedOutcome:
        state = states.get(config.url)
        if not force and not due(state, now):
            assert state is not None
            return FeedOutcome(config, "not_due", state)
        start = _copy(state) if state is not None else FeedState(config.url)
        try:
            return await _poll_feed(config, start, fetcher, settings, now, pages, known, claimed)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug on one feed is that feed's error, not the pass's
            cause = f"internal error: {type(exc).__name__}: {exc}"
            return _failed(config, start, settings, now, cause, None)

    outcomes = await asyncio.gather(*(one(config) for config in feeds))
    return PollResult(tuple(outcomes))


async def _poll_feed(
    config: FeedConfig,
    state: FeedState,
    fetcher: Fetcher,
    settings: Settings,
    now: datetime,
    pages: bool,
    known: Known | None,
    claimed: set[str],
) -> FeedOutcome:
    fetched = await fetcher.fetch(
        config.url, kind="feed", etag=state.etag, last_modified=state.last_modified
    )
    if isinstance(fetched, FetchError):
        return _failed(config, state, settings, now, fetched.cause, fetched.retry_after)
    if fetched.not_modified:
        return FeedOutcome(config, "unchanged", _succeeded(config, state, settings, now, fetched))
    parsed = await asyncio.to_thread(
        parse_feed, fetched.body, fetched.final_url, fetched.content_type
    )
    if isinstance(parsed, FeedError):
        return _failed(config, state, settings, now, parsed.cause, None)

    seen_ids = set(state.seen_ids)
    seen_urls = set(state.seen_urls)
    links = [canonical_url(item.link) if item.link else None for item in parsed.items]
    asked = [
        u
        for item, u in zip(parsed.items, links, strict=True)
        if u and item.id not in seen_ids and u not in seen_urls
    ]
    stored = await known(sorted(set(asked))) if known is not None and asked else set()

    def is_known(url: str | None) -> bool:
        return url is not None and (url in seen_urls or url in claimed or url in stored)

    fresh: list[tuple[FeedItem, str | None]] = []
    listed: set[str] = set()  # canonical URLs of this feed's new items so far
    for item, canonical in zip(parsed.items, links, strict=True):
        if item.id in seen_ids:
            continue
        if is_known(canonical) or (canonical is not None and canonical in listed):
            _remember(state, seen_ids, seen_urls, item.id, None)  # the same article, another id
            continue
        if canonical is not None:
            listed.add(canonical)
        fresh.append((item, canonical))
    # Oldest first, so that the earliest copy of a story is stored first.
    fresh.sort(key=lambda pair: pair[0].published or now)
    more = len(fresh) > settings.feed_max_new_items
    fresh = fresh[: settings.feed_max_new_items]

    items: list[NewItem] = []
    problems: list[str] = []
    fetched_pages = 0
    for item, canonical in fresh:
        if canonical is not None:
            claimed.add(canonical)
        page: Fetched | FetchError | None = None
        final = canonical
        if pages and item.link:
            page = await fetcher.fetch(item.link, kind="page")
            fetched_pages += 1
            if isinstance(page, Fetched):
                final = canonical_url(page.final_url)
                if final != canonical and known is not None and final not in claimed:
                    stored |= await known([final])
                if final != canonical and is_known(final):
                    _remember(state, seen_ids, seen_urls, item.id, canonical)
                    continue  # redirected to an article already stored
                claimed.add(final)
        text = await asyncio.to_thread(page_or_summary, item, page)
        _remember(state, seen_ids, seen_urls, item.id, canonical)
        if final is not None and final != canonical:
            _remember(state, seen_ids, seen_urls, item.id, final)
        if text is None:
            reason = page.cause if isinstance(page, FetchError) else "no article text"
            problems.append(f"{item.link or item.id}: {reason}, and no summary in the feed")
            continue
        items.append(NewItem(config.url, config.name, item, final, text))

    _forget_oldest(state, settings.feed_seen_max, len(parsed.items))
    new_state = _succeeded(config, state, settings, now, fetched)
    if more:
        # The rest are still new: no validators (the next GET must not be a 304) and due now.
        new_state = replace(new_state, etag=None, last_modified=None, next_due=now)
    return FeedOutcome(
        config,
        "new" if items else "unchanged",
        new_state,
        tuple(items),
        problems=tuple(problems),
        pages_fetched=fetched_pages,
        more=more,
    )


def _remember(
    state: FeedState, seen_ids: set[str], seen_urls: set[str], item_id: str, url: str | None
) -> None:
    if item_id not in seen_ids:
        seen_ids.add(item_id)
        state.seen_ids.append(item_id)
    if url is not None and url not in seen_urls:
        seen_urls.add(url)
        state.seen_urls.append(url)


def _forget_oldest(state: FeedState, limit: int, in_feed: int) -> None:
    # Never forget what the feed still lists: it would come back as new.
    keep = max(limit, 2 * in_feed)
    del state.seen_ids[:-keep]
    del state.seen_urls[:-keep]


def interval(config: FeedConfig, settings: Settings) -> timedelta:
    return timedelta(seconds=config.every if config.every is not None else settings.feed_every)


def backoff(config: FeedConfig, settings: Settings, errors: int) -> timedelta:
    """The wait after ``errors`` consecutive failures: the interval, doubled per failure."""
    seconds = interval(config, settings).total_seconds() * 2 ** max(0, min(errors - 1, 30))
    return timedelta(seconds=min(seconds, settings.feed_backoff_max))


def _succeeded(
    config: FeedConfig, state: FeedState, settings: Settings, now: datetime, fetched: Fetched
) -> FeedState:
    return replace(
        state,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        last_poll=now,
        last_success=now,
        next_due=now + interval(config, settings),
        errors=0,
        last_error=None,
    )


def _failed(
    config: FeedConfig,
    state: FeedState,
    settings: Settings,
    now: datetime,
    cause: str,
    retry_after: float | None,
) -> FeedOutcome:
    errors = state.errors + 1
    wait = backoff(config, settings, errors)
    if retry_after is not None:
        wait = max(wait, timedelta(seconds=retry_after))
    failed = replace(state, last_poll=now, next_due=now + wait, errors=errors, last_error=cause)
    return FeedOutcome(config, "error", failed, error=cause)


def _copy(state: FeedState) -> FeedState:
    return replace(state, seen_ids=list(state.seen_ids), seen_urls=list(state.seen_urls))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)

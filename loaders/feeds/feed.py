"""Feeds and pages as data: RSS 2.0 / Atom into items, an item's page into its text.

``parse_feed`` reads bytes (never a URL: feedparser would fetch it itself, outside the
fetcher's timeouts and politeness) and returns a :class:`ParsedFeed` or a :class:`FeedError`.
XML that is not well-formed is an error even when feedparser's lenient parser salvaged some
items: a broken feed is reported, not half-read in silence.

``read_page`` takes the main text, title, date and site name of an article page with
trafilatura; ``page_or_summary`` falls back to the item's own text from the feed when the page
was refused or has no article text, and says which was used and why.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
import time
import xml.sax
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any, Literal
from urllib.parse import urljoin

from loaders.feeds.canonical import url_host
from loaders.feeds.fetch import Fetched, FetchError
from loaders.reading.inputs import leading_date

TextOrigin = Literal["page", "summary"]
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass(frozen=True)
class FeedItem:
    id: str  # guid / Atom id, else the link, else a hash of title and date
    link: str | None  # absolute
    title: str | None
    published: datetime | None  # UTC
    summary: str | None  # plain text: the description, or the full content when the feed has it
    outlet: str | None  # the item's <source>, else the feed's title


@dataclass(frozen=True)
class ParsedFeed:
    url: str
    title: str | None
    link: str | None
    items: tuple[FeedItem, ...]


@dataclass(frozen=True)
class FeedError:
    url: str
    cause: str

    def __str__(self) -> str:
        return f"{self.url}: {self.cause}"


@dataclass(frozen=True)
class PageText:
    url: str  # the page's final URL, or the item's link for a summary
    text: str
    title: str | None
    published: date | None
    site_name: str | None
    origin: TextOrigin
    note: str | None = None  # why the summary was used: "page refused: HTTP 403 Forbidden"


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed | FeedError:
    """Items of an RSS or Atom document; invalid XML or a document that is no feed is an error."""
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    except Exception as exc:  # feedparser's own failure is this feed's error
        return FeedError(url, f"cannot be parsed: {type(exc).__name__}: {exc}")
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and isinstance(problem, xml.sax.SAXException):
        return FeedError(url, f"invalid XML: {_sax_message(problem)}")
    if not parsed.get("version") and not parsed.entries:
        return FeedError(url, "not an RSS or Atom feed")
    feed = parsed.feed
    title = _clean(feed.get("title"))
    items = tuple(_item(entry, url, title) for entry in parsed.entries if isinstance(entry, dict))
    return ParsedFeed(url=url, title=title, link=feed.get("link"), items=items)


def _item(entry: dict[str, Any], feed_url: str, feed_title: str | None) -> FeedItem:
    link = entry.get("link")
    link = urljoin(feed_url, link.strip()) if isinstance(link, str) and link.strip() else None
    title = _clean(entry.get("title"))
    published = _when(entry.get("published_parsed") or entry.get("updated_parsed"))
    ident = entry.get("id")
    if not isinstance(ident, str) or not ident.strip():
        # No guid: the link names the item; with neither, its title and date do.
        seed = link or f"{title}|{published.isoformat() if published else ''}"
        ident = link or "sha1:" + hashlib.sha1(seed.encode()).hexdigest()
    source = entry.get("source")
    outlet = _clean(source.get("title")) if isinstance(source, dict) else None
    return FeedItem(
        id=ident.strip(),
        link=link,
        title=title,
        published=published,
        summary=_summary(entry),
        outlet=outlet or feed_title,
    )


def _summary(entry: dict[str, Any]) -> str | None:
    # Some feeds carry the whole article (content:encoded, Atom content): prefer the longest.
    texts = [html_to_text(c.get("value", "")) for c in entry.get("content") or []]
    texts.append(html_to_text(entry.get("summary") or ""))
    best = max(texts, key=len)
    return best or None


def _when(value: Any) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _sax_message(exc: xml.sax.SAXException) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        return f"line {exc.getLineNumber()}, column {exc.getColumnNumber()}: {exc.getMessage()}"
    return str(exc)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


class _Text(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"})
    _SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            # In HTML a line break inside a paragraph is a space; blocks make the paragraphs.
            self.parts.append(data.replace("\r", " ").replace("\n", " "))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed's description): paragraphs kept apart."""
    if "<" not in markup and "&" not in markup:
        return _tidy(markup)
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return _tidy("".join(parser.parts))


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def read_page(body: bytes, url: str) -> PageText | None:
    """Main text and metadata of an article page, or None when it has no article text."""
    import trafilatura

    document = trafilatura.bare_extraction(
        body,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
    )
    text = getattr(document, "text", None) if document is not None else None
    if not isinstance(text, str) or not any(ch.isalpha() for ch in text):
        return None
    return PageText(
        url=url,
        text=text.strip(),
        title=_clean(getattr(document, "title", None)),
        published=leading_date(getattr(document, "date", None)),
        site_name=_clean(getattr(document, "sitename", None)),
        origin="page",
    )


def page_or_summary(item: FeedItem, fetched: Fetched | FetchError | None) -> PageText | None:
    """The item's page text, else its text from the feed (with the reason), else None.

    ``fetched`` None means the page was not asked for (summaries only)."""
    note: str
    if fetched is None:
        note = "page not fetched"
    elif isinstance(fetched, FetchError):
        note = f"page refused: {fetched.cause}"
    else:
        try:
            page = read_page(fetched.body, fetched.final_url)
        except Exception as exc:  # trafilatura's failure on one page is that page's problem
            page = None
            note = f"page unreadable: {type(exc).__name__}: {exc}"
        else:
            note = "page has no article text"
        if page is not None and _enough(page.text, item.summary):
            return page
        if page is not None:
            count = len(page.text.split())
            note = f"page has too little text ({count} word{'s' if count != 1 else ''})"
    if not item.summary or not any(ch.isalpha() for ch in item.summary):
        return None
    return PageText(
        url=item.link or item.id,
        text=item.summary,
        title=item.title,
        published=item.published.date() if item.published else None,
        site_name=item.outlet or (url_host(item.link) if item.link else None),
        origin="summary",
        note=note,
    )


# Fewer words than this on a page, and the feed's own text is longer: the page was a shell
# (a script-rendered app, a consent wall) and its "main text" a menu word.
PAGE_MIN_WORDS = 40


def _enough(page: str, summary: str | None) -> bool:
    return len(page.split()) >= PAGE_MIN_WORDS or not summary or len(page) >= len(summary)

"""Feeds into items (RSS 2.0, Atom, broken XML, not a feed) and pages into text or summary."""

from __future__ import annotations

from datetime import UTC, datetime

from loaders.feeds.feed import (
    FeedError,
    FeedItem,
    ParsedFeed,
    html_to_text,
    page_or_summary,
    parse_feed,
    read_page,
)
from loaders.feeds.fetch import Fetched, FetchError, FetchFailure

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Meridian Wire</title><link>https://wire.test/</link>
<item><title>Truce agreed in Arlen</title><link>/world/truce?utm_source=rss</link>
<guid isPermaLink="false">wire-1</guid><pubDate>Mon, 04 May 2026 10:30:00 +0200</pubDate>
<description>&lt;p&gt;Valdoria and Lorvania agreed a truce.&lt;/p&gt;&lt;p&gt;Observers will
patrol &amp;amp; report.&lt;/p&gt;</description>
<source url="https://harbour.test/rss">Harbour Times</source></item>
<item><title>No guid here</title><link>https://wire.test/world/no-guid</link>
<description>Plain summary.</description></item>
<item><title>Neither guid nor link</title><description>Only words.</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Times</title>
<link href="https://harbour.test/"/><id>tag:harbour.test,2026:feed</id>
<updated>2026-05-04T12:00:00Z</updated>
<entry><title>Rebels take Velka</title><link href="https://harbour.test/velka"/>
<id>tag:harbour.test,2026:velka</id><updated>2026-05-04T11:00:00Z</updated>
<summary>Short summary.</summary>
<content type="html">&lt;p&gt;Fighters captured the port city of Velka on Monday.&lt;/p&gt;
&lt;p&gt;Government troops withdrew overnight.&lt;/p&gt;</content></entry>
</feed>"""

PAGE = (
    b"<html><head><title>Truce | Wire</title><meta property='og:site_name' content='Meridian"
    b" Wire'><meta property='article:published_time' content='2026-05-04T10:00:00Z'></head>"
    b"<body><nav>Home | World</nav><article><h1>Truce agreed in Arlen</h1><p>"
    + b"Valdoria and Lorvania agreed on Thursday to halt fighting along their border. " * 6
    + b"</p></article><footer>Cookie settings</footer></body></html>"
)


def test_rss_items_with_ids_links_dates_summaries_and_outlets() -> None:
    parsed = parse_feed(RSS, "https://wire.test/rss.xml", "application/rss+xml")
    assert isinstance(parsed, ParsedFeed) and parsed.title == "Meridian Wire"
    first, second, third = parsed.items
    assert first.id == "wire-1"
    assert first.link == "https://wire.test/world/truce?utm_source=rss"  # made absolute
    assert first.published == datetime(2026, 5, 4, 8, 30, tzinfo=UTC)
    assert first.summary == (
        "Valdoria and Lorvania agreed a truce.\n\nObservers will patrol & report."
    )
    assert first.outlet == "Harbour Times"  # the item's <source>
    assert second.id == "https://wire.test/world/no-guid" and second.outlet == "Meridian Wire"
    assert second.published is None
    assert third.link is None and third.id.startswith("sha1:")
    # The same item gives the same id on every poll.
    again = parse_feed(RSS, "https://wire.test/rss.xml")
    assert isinstance(again, ParsedFeed) and again.items[2].id == third.id


def test_atom_prefers_the_full_content_to_the_summary() -> None:
    parsed = parse_feed(ATOM, "https://harbour.test/atom.xml")
    assert isinstance(parsed, ParsedFeed)
    [entry] = parsed.items
    assert entry.id == "tag:harbour.test,2026:velka"
    assert entry.summary == (
        "Fighters captured the port city of Velka on Monday."
        "\n\nGovernment troops withdrew overnight."
    )
    assert entry.published == datetime(2026, 5, 4, 11, 0, tzinfo=UTC)
    assert entry.outlet == "Harbour Times"


def test_invalid_xml_and_other_documents_are_clear_errors() -> None:
    broken = RSS.replace(b"</item>", b"", 1)
    error = parse_feed(broken, "https://wire.test/rss.xml")
    assert isinstance(error, FeedError)
    assert error.cause.startswith("invalid XML: line ") and "mismatched tag" in error.cause
    assert str(error).startswith("https://wire.test/rss.xml: invalid XML")
    page = parse_feed(b"<html><body><p>Hello</p></body></html>", "https://wire.test/")
    assert isinstance(page, FeedError) and page.cause == "not an RSS or Atom feed"
    assert isinstance(parse_feed(b"", "https://wire.test/empty"), FeedError)


def test_html_fragments_become_paragraphs_of_text() -> None:
    assert html_to_text("<p>One &amp; two</p><script>x()</script><p>Three<br>four</p>") == (
        "One & two\n\nThree\n\nfour"
    )
    assert html_to_text("  plain   words ") == "plain words"


ITEM = FeedItem(
    id="wire-1",
    link="https://wire.test/world/truce",
    title="Truce agreed in Arlen",
    published=datetime(2026, 5, 4, 8, 30, tzinfo=UTC),
    summary="Valdoria and Lorvania agreed a truce. Observers will patrol the valley.",
    outlet="Meridian Wire",
)


def fetched(body: bytes) -> Fetched:
    return Fetched(ITEM.link or "", ITEM.link or "", 200, body, "text/html", None, None, 0.1)


def test_a_page_gives_main_text_title_date_and_site() -> None:
    page = read_page(PAGE, "https://wire.test/world/truce")
    assert page is not None and page.origin == "page"
    assert page.text.startswith("Truce agreed in Arlen")
    assert "Cookie" not in page.text and "Home | World" not in page.text
    assert (page.title, str(page.published), page.site_name) == (
        "Truce agreed in Arlen",
        "2026-05-04",
        "Meridian Wire",
    )
    assert page_or_summary(ITEM, fetched(PAGE)) == page


def test_the_summary_stands_in_and_says_why() -> None:
    refused = FetchError(ITEM.link or "", FetchFailure.HTTP, "HTTP 403 Forbidden", 403)
    text = page_or_summary(ITEM, refused)
    assert text is not None and text.origin == "summary"
    assert text.note == "page refused: HTTP 403 Forbidden"
    assert (text.text, text.title, text.site_name) == (ITEM.summary, ITEM.title, "Meridian Wire")
    assert str(text.published) == "2026-05-04"
    shell = page_or_summary(ITEM, fetched(b"<html><body><nav>Home</nav></body></html>"))
    assert shell is not None and shell.origin == "summary"
    assert shell.note in ("page has no article text", "page has too little text (1 word)")
    skipped = page_or_summary(ITEM, None)
    assert skipped is not None and skipped.note == "page not fetched"
    bare = FeedItem("x", None, "Title", None, None, None)
    assert page_or_summary(bare, refused) is None

"""A real local HTTP server for the feed tests and benchmarks: RSS 2.0 and Atom feeds, article
pages, gzip, redirects (and a loop), ETag / Last-Modified with 304, a feed that fails, one that
hangs, one that trickles, invalid XML, a feed that grows, a 50 MB page.

A threaded ``http.server`` on 127.0.0.x, HTTP/1.1 with keep-alive. What it serves is a
:class:`Site` that tests change between polls; it counts the requests per path and the most
requests it ever had in flight at once.

Every feed item and page text is the project's own invented writing (tests/data/copies).

Run for a benchmark (in its own process, so that it does not share the client's GIL):
    python -m tests.feeds_server --feeds 200 --items 50 --hosts 50
prints one JSON line with the feed URLs, then serves until its standard input closes.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import html
import json
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.copies_data import Text, load  # noqa: E402

EPOCH = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


@dataclass
class Route:
    body: bytes | Callable[[], bytes] = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    validators: bool = False  # ETag and Last-Modified, answered with 304 when they match
    gzip: bool = False  # when the client accepts it
    deflate: bool = False
    location: str | None = None
    sleep: float = 0.0  # before answering (a hang)
    trickle: float = 0.0  # seconds between single bytes of a never-ending body
    size: int = 0  # a generated body of this many bytes (the 50 MB page)
    chunked: bool = False  # generated body without Content-Length
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self.conditional: Counter[str] = Counter()  # requests that carried a validator
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._active: Counter[str] = Counter()
        self.max_active: Counter[str] = Counter()  # per Host header's host
        self.starts: dict[str, list[float]] = {}  # request start times per host
        self.ends: dict[str, list[float]] = {}

    def add(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def page_hits(self) -> int:
        return sum(n for path, n in self.hits.items() if path.endswith(".html"))

    def enter(self, host: str, path: str, agent: str, conditional: bool) -> None:
        with self._lock:
            self.hits[path] += 1
            self.user_agents.add(agent)
            self.conditional[path] += conditional
            self._active[host] += 1
            self.max_active[host] = max(self.max_active[host], self._active[host])
            self.starts.setdefault(host, []).append(time.monotonic())

    def leave(self, host: str) -> None:
        with self._lock:
            self._active[host] -= 1
            self.ends.setdefault(host, []).append(time.monotonic())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the tests read the counters

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?", 1)[0]
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        conditional = bool(
            self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since")
        )
        site.enter(host, path, self.headers.get("User-Agent", ""), conditional)
        try:
            self._answer(site, path)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a refused or hung answer)
        finally:
            site.leave(host)

    def _answer(self, site: Site, path: str) -> None:
        route = site.routes.get(path)
        if route is None:
            self._send(404, b"not found", "text/plain")
            return
        if route.sleep:
            site.stopping.wait(route.sleep)
        if route.location is not None:
            self._send(route.status or 302, b"", "text/plain", {"Location": route.location})
            return
        if route.status != 200:
            self._send(route.status, b"error page", "text/plain", route.headers)
            return
        if route.trickle:
            self._trickle(site, route)
            return
        if route.size:
            self._big(route)
            return
        body = route.body() if callable(route.body) else route.body
        headers = dict(route.headers)
        if route.validators:
            tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            modified = format_datetime(EPOCH + timedelta(seconds=len(body)), usegmt=True)
            headers |= {"ETag": tag, "Last-Modified": modified}
            if self.headers.get("If-None-Match") == tag or (
                not self.headers.get("If-None-Match")
                and self.headers.get("If-Modified-Since") == modified
            ):
                self._send(304, b"", None, headers)
                return
        accepts = self.headers.get("Accept-Encoding", "")
        if route.gzip and "gzip" in accepts:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        elif route.deflate and "deflate" in accepts:
            body = zlib.compress(body)
            headers["Content-Encoding"] = "deflate"
        self._send(200, body, route.content_type, headers)

    def _send(
        self, status: int, body: bytes, kind: str | None, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)

    def _trickle(self, site: Site, route: Route) -> None:
        self.send_response(200)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        for _ in range(1000):
            if site.stopping.wait(route.trickle):
                break
            self.wfile.write(b"<")
            self.wfile.flush()
        self.close_connection = True

    def _big(self, route: Route) -> None:
        chunk = b"<p>" + b"filler text of a page far too large to read " * 1400 + b"</p>\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if route.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(route.size))
        self.end_headers()
        sent = 0
        while sent < route.size:
            piece = chunk[: route.size - sent]
            if route.chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
            sent += len(piece)
        if route.chunked:
            self.wfile.write(b"0\r\n\r\n")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # The benchmark opens hundreds of connections at once.
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], site: Site) -> None:
        super().__init__(address, _Handler)
        self.site = site


@contextlib.contextmanager
def serving(site: Site, hosts: tuple[str, ...] = ("127.0.0.1",)) -> Iterator[list[str]]:
    """Serve ``site`` on a free port of each host; yields the base URLs (no trailing slash)."""
    servers = [_Server((host, 0), site) for host in hosts]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    try:
        yield [f"http://{host}:{s.server_port}" for host, s in zip(hosts, servers, strict=True)]
    finally:
        site.stopping.set()
        # All at once: each shutdown waits up to half a second for its serve_forever loop.
        stoppers = [threading.Thread(target=s.shutdown) for s in servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in servers:
            server.server_close()


# -- content -----------------------------------------------------------------------------------


def texts() -> dict[str, Text]:
    return {t.id: t for t in load()}


def page_html(text: Text, published: datetime) -> bytes:
    """An article page: the text inside site chrome (navigation, footer) trafilatura drops."""
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in text.paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(text.headline)} | {html.escape(text.outlet)}</title>
<meta property="og:site_name" content="{html.escape(text.outlet)}">
<meta property="og:title" content="{html.escape(text.headline)}">
<meta property="article:published_time" content="{published.isoformat()}">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>{html.escape(text.headline)}</h1>
{paragraphs}
</article>
<footer>Subscribe to our newsletter. Cookie settings. Contact the newsroom.</footer>
</body></html>""".encode()


def empty_page() -> bytes:
    return (
        b"<!doctype html><html><head><title>Loading</title></head><body><nav>Home</nav>"
        b"<div id='app'></div><script>render()</script></body></html>"
    )


@dataclass(frozen=True)
class Entry:
    id: str
    link: str
    title: str
    summary: str
    published: datetime
    source: str | None = None


def rss(title: str, link: str, entries: list[Entry]) -> bytes:
    items = "\n".join(
        f"""<item><title>{html.escape(e.title)}</title><link>{html.escape(e.link)}</link>
<guid isPermaLink="false">{html.escape(e.id)}</guid>
<pubDate>{format_datetime(e.published, usegmt=True)}</pubDate>
<description>{html.escape("<p>" + html.escape(e.summary) + "</p>")}</description>"""
        + _source(link, e.source)
        + "</item>"
        for e in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{html.escape(title)}</title><link>{html.escape(link)}</link>
<description>Invented news for tests</description>
{items}
</channel></rss>""".encode()


def _source(link: str, outlet: str | None) -> str:
    return f'<source url="{html.escape(link)}">{html.escape(outlet)}</source>' if outlet else ""


def atom(title: str, link: str, entries: list[Entry]) -> bytes:
    items = "\n".join(
        f"""<entry><title>{html.escape(e.title)}</title><link href="{html.escape(e.link)}"/>
<id>{html.escape(e.id)}</id><updated>{e.published.isoformat()}</updated>
<summary type="html">{html.escape("<p>" + html.escape(e.summary) + "</p>")}</summary></entry>"""
        for e in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{html.escape(title)}</title>
<link href="{html.escape(link)}"/><id>{html.escape(link)}</id>
<updated>{EPOCH.isoformat()}</updated>
{items}
</feed>""".encode()


INVALID_XML = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>
<item><title>An item that never closes<link>http://x.invalid/a</link></channel></rss>"""


class GrowingFeed:
    """A feed that lists more items each time :meth:`grow` is called."""

    def __init__(
        self, title: str, base: str, pool: list[Text], start: int, prefix: str = "grow"
    ) -> None:
        self.title = title
        self.base = base
        self.pool = pool
        self.count = start
        self.prefix = prefix  # its pages are at /{prefix}/{text id}.html

    def grow(self, by: int = 1) -> None:
        self.count = min(len(self.pool), self.count + by)

    def body(self) -> bytes:
        shown = self.pool[: self.count]
        return rss(
            self.title,
            self.base,
            [
                Entry(
                    f"grow-{t.id}",
                    f"{self.base}/{self.prefix}/{t.id}.html",
                    t.headline,
                    t.paragraphs[0],
                    EPOCH + timedelta(hours=i),
                )
                for i, t in enumerate(shown)
            ][::-1],  # newest first, as feeds list them
        )


def news_site(base: str) -> tuple[Site, GrowingFeed]:
    """The feeds and pages of the end-to-end tests, served at ``base``."""
    site = Site()
    all_texts = texts()

    def page(prefix: str, text: Text, hour: int) -> str:
        path = f"/{prefix}/{text.id}.html"
        site.add(path, Route(page_html(text, EPOCH + timedelta(hours=hour)), "text/html"))
        return f"{base}{path}"

    wire_ids = ["s01", "s02", "s03", "s04"]
    wire = [
        Entry(
            f"wire-{i}",
            page("wire", all_texts[i], n) + ("?utm_source=rss&utm_medium=feed" if n % 2 else ""),
            all_texts[i].headline,
            all_texts[i].paragraphs[0],
            EPOCH + timedelta(hours=n),
        )
        for n, i in enumerate(wire_ids)
    ]
    site.add(
        "/wire/rss.xml",
        Route(rss("Meridian Wire", base + "/wire", wire), validators=True, gzip=True),
    )
    # An Atom feed of another outlet: syndicated copies of the wire's stories, one independent
    # report of the same event, one page that refuses readers and one without article text.
    harbour = [
        Entry(
            f"tag:harbour,2026:{i}",
            page("harbour", all_texts[i], 10 + n),
            all_texts[i].headline,
            all_texts[i].paragraphs[0],
            EPOCH + timedelta(hours=10 + n),
        )
        for n, i in enumerate(["s01-c1", "s02-c2", "s03-i1"])
    ]
    refused, empty = all_texts["s05-c1"], all_texts["s06-c1"]
    site.add(f"/harbour/{refused.id}.html", Route(status=403))
    site.add(f"/harbour/{empty.id}.html", Route(empty_page(), "text/html"))
    harbour += [
        Entry(
            f"tag:harbour,2026:{t.id}",
            f"{base}/harbour/{t.id}.html",
            t.headline,
            " ".join(t.paragraphs[:2]),
            EPOCH + timedelta(hours=20 + n),
        )
        for n, t in enumerate([refused, empty])
    ]
    site.add(
        "/harbour/atom.xml",
        Route(
            atom("Harbour Times", base + "/harbour", harbour),
            "application/atom+xml; charset=utf-8",
            validators=True,
            deflate=True,
        ),
    )
    # A feed that moved (301) and one whose item links go through a redirecting proxy to a
    # wire page already read.
    site.add("/old/rss.xml", Route(location=f"{base}/eastwind/rss.xml", status=301))
    east = all_texts["s07"]
    site.add(
        "/eastwind/rss.xml",
        Route(
            rss(
                "Eastwind News",
                base + "/eastwind",
                [
                    Entry(
                        "east-1",
                        page("eastwind", east, 30),
                        east.headline,
                        east.paragraphs[0],
                        EPOCH + timedelta(hours=30),
                    ),
                    Entry(
                        "east-proxy",
                        f"{base}/proxy/s01",
                        "Wire story via a proxy",
                        "A link that redirects to a wire page.",
                        EPOCH + timedelta(hours=31),
                    ),
                ],
            ),
            validators=True,
        ),
    )
    site.add("/proxy/s01", Route(location=f"{base}/wire/s01.html?utm_campaign=x", status=302))
    # Failures.
    site.add("/loop/a.xml", Route(location=f"{base}/loop/b.xml", status=302))
    site.add("/loop/b.xml", Route(location=f"{base}/loop/a.xml", status=302))
    site.add("/fail.xml", Route(status=500))
    site.add("/busy.xml", Route(status=503, headers={"Retry-After": "7200"}))
    site.add("/hang.xml", Route(rss("Hang", base, []), sleep=30.0))
    site.add("/trickle.xml", Route(trickle=0.05))
    site.add("/invalid.xml", Route(INVALID_XML))
    site.add("/big/page.html", Route(size=50_000_000))
    site.add("/big/chunked.html", Route(size=50_000_000, chunked=True))
    big_item = all_texts["s08"]
    site.add(
        "/big/rss.xml",
        Route(
            rss(
                "Big pages",
                base + "/big",
                [
                    Entry(
                        "big-1",
                        f"{base}/big/page.html",
                        big_item.headline,
                        big_item.paragraphs[0],
                        EPOCH,
                    ),
                    Entry(
                        "big-2",
                        f"{base}/big/chunked.html",
                        big_item.headline + " (chunked)",
                        big_item.paragraphs[1],
                        EPOCH,
                    ),
                ],
            ),
        ),
    )
    pool = [all_texts[f"s{n:02d}"] for n in range(9, 17)]
    growing = GrowingFeed("Growing Desk", base, pool, start=2)
    for n, text in enumerate(pool):
        page("grow", text, 40 + n)
    site.add("/grow/rss.xml", Route(growing.body, validators=True))
    return site, growing


STORIES = ROOT / "tests" / "data" / "feeds" / "stories"
# The outlets of tests/data/feeds, each on its own loopback host (an outlet is a host).
OUTLETS = ("Meridian Wire", "Harbour Times", "Tarsin Observer", "Growing Desk")


def feed_stories() -> list[Text]:
    """The texts of tests/data/feeds (news of real actors, invented by the project, so that the
    extractor finds edges): each story's base, its copies (the base with the edits outlets
    make: a headline, a dateline, a dropped paragraph, a line of their own) and independent
    reports. In file order, base first."""
    out = []
    for path in sorted(STORIES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        base = data["base"]
        story = data["story"]
        paragraphs = tuple(base["paragraphs"])
        out.append(Text(story, story, "base", base["outlet"], base["headline"], paragraphs))
        for copy in data.get("copies", []):
            headline, body = base["headline"], list(paragraphs)
            for edit in copy["edits"]:
                if "headline" in edit:
                    headline = edit["headline"]
                if "dateline" in edit:
                    body[0] = f"{edit['dateline']} {body[0]}"
                if "drop" in edit:
                    body = [b for n, b in enumerate(body) if n not in edit["drop"]]
                if "append" in edit:
                    body.append(edit["append"])
            out.append(Text(copy["id"], story, "copy", copy["outlet"], headline, tuple(body)))
        for other in data.get("independent", []):
            out.append(
                Text(
                    other["id"],
                    story,
                    "independent",
                    other["outlet"],
                    other["headline"],
                    tuple(other["paragraphs"]),
                )
            )
    return out


def slug(outlet: str) -> str:
    return outlet.lower().replace(" ", "-")


def outlets_site(bases: list[str], start: int = 2) -> tuple[Site, GrowingFeed, dict[str, str]]:
    """One RSS feed per outlet of tests/data/feeds (``bases``: one per outlet, in OUTLETS
    order), with validators; the Growing Desk's feed lists ``start`` items until grown. The
    copies are published hours after their base. Returns the site, the growing feed and the
    feed URL of each outlet."""
    site = Site()
    texts_by_outlet: dict[str, list[Text]] = {o: [] for o in OUTLETS}
    for text in feed_stories():
        texts_by_outlet[text.outlet].append(text)
    urls = {}
    growing: GrowingFeed | None = None
    for n, (outlet, base) in enumerate(zip(OUTLETS, bases, strict=True)):
        name = slug(outlet)
        shown = texts_by_outlet[outlet]
        entries = []
        for k, text in enumerate(shown):
            when = EPOCH + timedelta(hours=3 * n + k)
            path = f"/{name}/{text.id}.html"
            site.add(path, Route(page_html(text, when), "text/html"))
            entries.append(
                Entry(f"{name}-{text.id}", base + path, text.headline, text.paragraphs[0], when)
            )
        feed_path = f"/{name}/rss.xml"
        if outlet == "Growing Desk":
            growing = GrowingFeed(outlet, base, shown, start, prefix=name)
            site.add(feed_path, Route(growing.body, validators=True))
        else:
            site.add(feed_path, Route(rss(outlet, base, entries[::-1]), validators=True, gzip=True))
        urls[outlet] = base + feed_path
    assert growing is not None
    return site, growing, urls


def bench_site(
    bases: list[str], feeds: int, items: int, validators: bool
) -> tuple[Site, list[str]]:
    """``feeds`` RSS feeds of ``items`` items each, spread over the hosts; pages exist but the
    benchmark's measured pass must not fetch any."""
    site = Site()
    pool = list(texts().values())
    urls = []
    for n in range(feeds):
        base = bases[n % len(bases)]
        entries = []
        for k in range(items):
            text = pool[(n * items + k) % len(pool)]
            path = f"/f{n}/{k}.html"
            site.add(path, Route(page_html(text, EPOCH), "text/html"))
            entries.append(
                Entry(
                    f"f{n}-{k}",
                    f"{base}{path}",
                    text.headline,
                    text.paragraphs[0],
                    EPOCH + timedelta(minutes=k),
                )
            )
        site.add(f"/f{n}/rss.xml", Route(rss(f"Feed {n}", base, entries), validators=validators))
        urls.append(f"{base}/f{n}/rss.xml")
    return site, urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--no-validators", action="store_true")
    args = parser.parse_args()
    hosts = tuple(f"127.0.0.{n + 1}" for n in range(args.hosts))
    site = Site()
    with serving(site, hosts) as bases:
        built, urls = bench_site(bases, args.feeds, args.items, not args.no_validators)
        site.routes = built.routes
        print(json.dumps({"feeds": urls}), flush=True)
        sys.stdin.read()  # serve until the benchmark closes our standard input
        print(json.dumps({"hits": dict(site.hits), "page_hits": site.page_hits()}), flush=True)


if __name__ == "__main__":
    main()

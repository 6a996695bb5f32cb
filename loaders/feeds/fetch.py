"""A polite HTTP fetcher for feeds and article pages, over ``httpx`` (asynchronous).

Asynchronous because the poller runs in two places: ``watch`` (its own event loop) and
``serve --watch``, where it shares uvicorn's event loop with the API; waiting on a slow site
must never hold a thread or the loop. CPU work (parsing a feed, reading a page) is the
caller's, in a worker thread (``asyncio.to_thread``).

Every fetch returns a :class:`Fetched` or a :class:`FetchError` naming the URL and the cause;
nothing raises out of :meth:`Fetcher.fetch`, so one bad site never stops a batch.

- Conditional GET: give the ETag and Last-Modified of the last answer; a 304 comes back as
  ``Fetched.not_modified`` with no body.
- Timeouts: to connect, between bytes, and in all per request (a server that trickles a byte
  a second is cut off by the total).
- A size cap counted while the body streams, after decompression: a declared Content-Length
  over the cap is refused before reading, a body that grows past it is cut there. gzip and
  deflate are decoded here, with the output bounded, so a compression bomb is refused too.
- Redirects followed by hand, each hop through the politeness gate; a loop or a chain longer
  than ``feed_max_redirects`` is an error.
- Politeness: one request at a time per host, and ``feed_host_delay`` seconds between the end
  of one and the start of the next; at most ``feed_concurrency`` requests in flight overall
  (a request waiting for its host holds no slot).
- A User-Agent that says who is asking: ``actorgraph/<version> (+<project URL>; <contact>)``.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from graph.settings import Settings

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchFailure(StrEnum):
    TIMEOUT = "timeout"
    CONNECT = "connect"
    NETWORK = "network"
    HTTP = "http"
    TOO_LARGE = "too_large"
    REDIRECT = "redirect"
    ENCODING = "encoding"
    URL = "url"
    OTHER = "other"


@dataclass(frozen=True)
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int  # 200-299, or 304
    body: bytes  # decoded (gzip/deflate undone); empty on 304
    content_type: str | None
    etag: str | None
    last_modified: str | None
    seconds: float

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class FetchError:
    url: str
    kind: FetchFailure
    cause: str  # one line for people: "HTTP 500 Internal Server Error", "redirect loop: ..."
    status: int | None = None
    retry_after: float | None = None  # seconds the server asked to wait (429, 503)

    def __str__(self) -> str:
        return f"{self.url}: {self.cause}"


def user_agent(settings: Settings) -> str:
    """The configured User-Agent, else actorgraph's name, version, URL and contact."""
    if settings.feed_user_agent:
        return settings.feed_user_agent
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("actorgraph")
        version = meta["Version"]
        urls = [u.split(",", 1)[-1].strip() for u in meta.get_all("Project-URL") or []]
        # get_all, not get: PackageMetadata has no get before Python 3.12 (mypy).
        home = (meta.get_all("Home-page") or [None])[0] or (urls[0] if urls else None)
    except PackageNotFoundError:
        version, home = "dev", None
    # "+URL" is how crawlers point to a page about themselves; pyproject's [project.urls]
    # gives it, ACTORGRAPH_FEED_CONTACT adds whoever runs this reader.
    about = [f"+{home}" if home else "news feed reader for a knowledge graph"]
    if settings.feed_contact:
        about.append(settings.feed_contact)
    return f"actorgraph/{version} ({'; '.join(about)})"


class HostGate:
    """One request at a time per host, ``delay`` seconds apart (end of one to start of next).

    Keyed by host name without the port: two ports of one machine are one server to spare.
    """

    def __init__(
        self,
        delay: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._locks: dict[str, asyncio.Lock] = {}
        self._last: dict[str, float] = {}

    @asynccontextmanager
    async def turn(self, host: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(host, asyncio.Lock())
        async with lock:
            last = self._last.get(host)
            if last is not None:
                wait = last + self.delay - self._clock()
                if wait > 0:
                    await self._sleep(wait)
            try:
                yield
            finally:
                self._last[host] = self._clock()


class Fetcher:
    """One per event loop (it owns a connection pool): ``await aclose()`` or ``async with``."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        gate: HostGate | None = None,
    ) -> None:
        settings = settings or Settings()
        self.max_bytes = settings.feed_max_bytes
        self.max_redirects = settings.feed_max_redirects
        self.total_timeout = settings.feed_total_timeout
        self.gate = gate or HostGate(settings.feed_host_delay)
        self._slots = asyncio.Semaphore(settings.feed_concurrency)
        self._timeout = httpx.Timeout(
            connect=settings.feed_connect_timeout,
            read=settings.feed_read_timeout,
            write=settings.feed_read_timeout,
            pool=settings.feed_total_timeout,
        )
        self._client = httpx.AsyncClient(
            timeout=self._timeout,
            follow_redirects=False,
            headers={
                "User-Agent": user_agent(settings),
                # Decoded here with a bounded output (see _read); brotli/zstd are not asked for.
                "Accept-Encoding": "gzip, deflate",
            },
            limits=httpx.Limits(
                max_connections=settings.feed_concurrency * 2,
                max_keepalive_connections=settings.feed_concurrency * 2,
            ),
            transport=transport,
        )
        # What was asked of the network, by kind: the benchmark and the tests read these.
        self.requests: dict[str, int] = {"feed": 0, "page": 0}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        kind: Literal["feed", "page"] = "page",
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Fetched | FetchError:
        """GET ``url``, following redirects; never raises (but for cancellation)."""
        try:
            return await self._fetch(url, kind, etag, last_modified)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug or a library surprise is this URL's error, not the batch's
            return FetchError(url, FetchFailure.OTHER, f"{type(exc).__name__}: {exc}")

    async def _fetch(
        self, url: str, kind: str, etag: str | None, last_modified: str | None
    ) -> Fetched | FetchError:
        began = time.monotonic()
        headers = {"Accept": FEED_ACCEPT if kind == "feed" else PAGE_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        chain = [url]
        current = url
        while True:
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return FetchError(url, FetchFailure.URL, f"not an http(s) URL: {current}")
            self.requests[kind] = self.requests.get(kind, 0) + 1
            async with self.gate.turn(parts.hostname.lower()), self._slots:
                hop = await self._hop(url, current, headers)
            if isinstance(hop, FetchError):
                return hop
            if isinstance(hop, _Redirect):
                target = urljoin(current, hop.location)
                if target in chain:
                    shown = " -> ".join([*chain[chain.index(target) :], target])
                    return FetchError(url, FetchFailure.REDIRECT, f"redirect loop: {shown}")
                if len(chain) > self.max_redirects:
                    return FetchError(
                        url,
                        FetchFailure.REDIRECT,
                        f"more than {self.max_redirects} redirects (last: {target})",
                    )
                chain.append(target)
                current = target
                continue
            status, body, response_headers = hop
            return Fetched(
                url=url,
                final_url=current,
                status=status,
                body=body,
                content_type=response_headers.get("content-type"),
                etag=response_headers.get("etag") or (etag if status == 304 else None),
                last_modified=response_headers.get("last-modified")
                or (last_modified if status == 304 else None),
                seconds=time.monotonic() - began,
            )

    async def _hop(
        self, url: str, current: str, headers: dict[str, str]
    ) -> tuple[int, bytes, httpx.Headers] | _Redirect | FetchError:
        """One request of a redirect chain, bounded by the total timeout."""
        try:
            async with asyncio.timeout(self.total_timeout):
                request = self._client.build_request("GET", current, headers=headers)
                response = await self._client.send(request, stream=True)
                try:
                    return await self._answer(url, current, response)
                finally:
                    await response.aclose()
        except TimeoutError:
            return FetchError(
                url, FetchFailure.TIMEOUT, f"timeout: not done within {self.total_timeout:g} s"
            )
        except httpx.ConnectTimeout:
            return FetchError(
                url,
                FetchFailure.TIMEOUT,
                f"timeout: no connection within {self._timeout.connect:g} s",
            )
        except httpx.TimeoutException:
            return FetchError(
                url,
                FetchFailure.TIMEOUT,
                f"timeout: no data for {self._timeout.read:g} s",
            )
        except httpx.ConnectError as exc:
            return FetchError(url, FetchFailure.CONNECT, f"cannot connect: {exc or 'refused'}")
        except httpx.HTTPError as exc:
            return FetchError(url, FetchFailure.NETWORK, f"{type(exc).__name__}: {exc}")

    async def _answer(
        self, url: str, current: str, response: httpx.Response
    ) -> tuple[int, bytes, httpx.Headers] | _Redirect | FetchError:
        status = response.status_code
        if status in _REDIRECTS:
            location = response.headers.get("location")
            if not location:
                return FetchError(
                    url, FetchFailure.REDIRECT, f"HTTP {status} without a Location", status
                )
            return _Redirect(location)
        if status == 304:
            return status, b"", response.headers
        if status >= 300:
            reason = response.reason_phrase or ""
            return FetchError(
                url,
                FetchFailure.HTTP,
                f"HTTP {status} {reason}".strip() + ("" if current == url else f" at {current}"),
                status,
                _retry_after(response.headers.get("retry-after")),
            )
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            return FetchError(
                url,
                FetchFailure.TOO_LARGE,
                f"too large: {int(declared)} bytes declared, the limit is {self.max_bytes}",
                status,
            )
        body = await self._read(url, response)
        if isinstance(body, FetchError):
            return body
        return status, body, response.headers

    async def _read(self, url: str, response: httpx.Response) -> bytes | FetchError:
        if response.is_stream_consumed:
            # A transport that hands over responses already read (test doubles): httpx decoded
            # the body then; only the cap is left to apply.
            return (
                response.content
                if len(response.content) <= self.max_bytes
                else _too_large(url, self.max_bytes, response.status_code)
            )
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        decoder = _decoder(encoding)
        if decoder is None:
            return FetchError(
                url, FetchFailure.ENCODING, f"unsupported content encoding: {encoding}"
            )
        out = bytearray()
        too_large = _too_large(url, self.max_bytes, response.status_code)
        try:
            # Chunks as the network delivers them: the cap is checked after each.
            async for chunk in response.aiter_raw():
                out += decoder.feed(chunk, self.max_bytes + 1 - len(out))
                if len(out) > self.max_bytes:
                    return too_large
            out += decoder.flush(self.max_bytes + 1 - len(out))
        except zlib.error as exc:
            return FetchError(url, FetchFailure.ENCODING, f"bad {encoding} body: {exc}")
        if len(out) > self.max_bytes:
            return too_large
        return bytes(out)


def _too_large(url: str, limit: int, status: int) -> FetchError:
    return FetchError(
        url,
        FetchFailure.TOO_LARGE,
        f"too large: more than {limit} bytes, the limit is {limit}",
        status,
    )


@dataclass(frozen=True)
class _Redirect:
    location: str


class _Identity:
    def feed(self, chunk: bytes, room: int) -> bytes:  # noqa: ARG002 - same shape as _Inflate
        return chunk

    def flush(self, room: int) -> bytes:  # noqa: ARG002
        return b""


class _Inflate:
    """gzip or deflate, never producing more than ``room`` bytes per call: the cap holds
    however well the body compresses."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        # 47: zlib or gzip header, detected; deflate without a header is tried on failure.
        self._z = zlib.decompressobj(47 if encoding in ("gzip", "x-gzip") else 15)
        self._started = False

    def feed(self, chunk: bytes, room: int) -> bytes:
        if room <= 0:
            return b"\0"  # over the cap already: one byte more is enough to say so
        try:
            data = self._z.decompress(chunk, room)
        except zlib.error:
            if self._started or self.encoding != "deflate":
                raise
            # Some servers send raw deflate (no zlib header) as "deflate".
            self._z = zlib.decompressobj(-15)
            data = self._z.decompress(chunk, room)
        self._started = True
        if self._z.unconsumed_tail:
            return data + b"\0"  # more output waiting than the room left: over the cap
        return data

    def flush(self, room: int) -> bytes:
        return self._z.flush(max(room, 1))


def _decoder(encoding: str) -> _Identity | _Inflate | None:
    if encoding in ("", "identity"):
        return _Identity()
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _Inflate(encoding)
    return None


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

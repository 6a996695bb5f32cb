"""The fetcher on a fake transport: conditional GET, decoding, the size cap, redirects, errors
as values, timeouts, and the per-host politeness gate on a fake clock."""

from __future__ import annotations

import asyncio
import gzip
import zlib
from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from graph.settings import Settings
from loaders.feeds.fetch import Fetched, Fetcher, FetchError, FetchFailure, HostGate, user_agent

Handler = Callable[[httpx.Request], httpx.Response]


async def streamed(data: bytes, size: int = 4096) -> AsyncIterator[bytes]:
    """A body delivered in chunks, as a network transport does (not read in advance)."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


def settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "feed_host_delay": 0.0,
        "feed_max_bytes": 10_000,
        "feed_total_timeout": 0.5,
        "feed_read_timeout": 0.5,
        "feed_max_redirects": 3,
    }
    values.update(overrides)
    return Settings.model_validate(values)


def fetch(handler: Handler, url: str = "http://news.test/feed.xml", **kw: object) -> object:
    config = kw.pop("config", None) or settings()
    assert isinstance(config, Settings)

    async def go() -> Fetched | FetchError:
        async with Fetcher(config, transport=httpx.MockTransport(handler)) as fetcher:
            return await fetcher.fetch(url, **kw)  # type: ignore[arg-type]

    return asyncio.run(go())


def test_conditional_get_sends_validators_and_reads_a_304() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304)
        return httpx.Response(200, content=b"<rss/>", headers={"ETag": '"v1"'})

    first = fetch(handler, kind="feed")
    assert isinstance(first, Fetched) and first.body == b"<rss/>" and first.etag == '"v1"'
    again = fetch(handler, kind="feed", etag='"v1"', last_modified="Mon, 04 May 2026 08:00:00 GMT")
    assert isinstance(again, Fetched) and again.not_modified and again.body == b""
    # The validators are kept for the next poll even when the 304 does not repeat them.
    assert again.etag == '"v1"' and again.last_modified == "Mon, 04 May 2026 08:00:00 GMT"
    request = seen[-1]
    assert request.headers["if-modified-since"] == "Mon, 04 May 2026 08:00:00 GMT"
    assert request.headers["user-agent"].startswith("actorgraph/")
    assert request.headers["accept-encoding"] == "gzip, deflate"
    assert "application/rss+xml" in request.headers["accept"]


def test_user_agent_names_the_project_and_the_contact() -> None:
    assert user_agent(Settings(feed_contact="desk@example.org")).endswith("; desk@example.org)")
    assert user_agent(Settings(feed_user_agent="custom/1")) == "custom/1"


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda b: zlib.compress(b, wbits=-15)),  # raw deflate, as some servers send
        ("identity", lambda b: b),
    ],
)
def test_gzip_and_deflate_are_decoded(encoding: str, encode: Callable[[bytes], bytes]) -> None:
    body = b"<p>" + b"text " * 500 + b"</p>"

    def handler(_: httpx.Request) -> httpx.Response:
        headers = {"Content-Encoding": encoding}
        return httpx.Response(200, content=streamed(encode(body)), headers=headers)

    result = fetch(handler)
    assert isinstance(result, Fetched) and result.body == body


def test_unknown_encoding_and_a_corrupt_body_are_errors() -> None:
    def brotli(_: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=streamed(b"x"), headers={"Content-Encoding": "br"})

    def corrupt(_: httpx.Request) -> httpx.Response:
        headers = {"Content-Encoding": "gzip"}
        return httpx.Response(200, content=streamed(b"not gzip"), headers=headers)

    for handler, cause in ((brotli, "unsupported content encoding: br"), (corrupt, "bad gzip")):
        result = fetch(handler)
        assert isinstance(result, FetchError) and result.kind is FetchFailure.ENCODING
        assert result.cause.startswith(cause)


def test_declared_length_over_the_cap_is_refused_before_reading() -> None:
    read = []

    async def body() -> AsyncIterator[bytes]:
        read.append(True)
        yield b"x" * 100

    def handler(_: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body(), headers={"Content-Length": "50000000"})

    result = fetch(handler)
    assert isinstance(result, FetchError) and result.kind is FetchFailure.TOO_LARGE
    assert result.cause == "too large: 50000000 bytes declared, the limit is 10000"
    assert read == []


def test_a_body_that_grows_past_the_cap_is_cut_while_streaming() -> None:
    sent = []

    async def body() -> AsyncIterator[bytes]:
        for _ in range(1000):
            sent.append(1)
            yield b"y" * 4096

    def handler(_: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body())

    result = fetch(handler)
    assert isinstance(result, FetchError)
    assert result.cause == "too large: more than 10000 bytes, the limit is 10000"
    assert len(sent) < 10  # stopped at the cap, not after the whole body


def test_a_compression_bomb_is_refused() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)  # about 5 KB on the wire

    def handler(_: httpx.Request) -> httpx.Response:
        headers = {"Content-Encoding": "gzip"}
        return httpx.Response(200, content=streamed(bomb), headers=headers)

    result = fetch(handler)
    assert isinstance(result, FetchError) and result.kind is FetchFailure.TOO_LARGE


def test_redirects_are_followed_and_loops_and_long_chains_are_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/moved":
            return httpx.Response(301, headers={"Location": "/feed.xml"})  # relative
        if path == "/feed.xml":
            return httpx.Response(200, content=streamed(b"ok"))
        if path in ("/a", "/b"):
            return httpx.Response(302, headers={"Location": "/b" if path == "/a" else "/a"})
        if path.startswith("/chain"):
            return httpx.Response(307, headers={"Location": f"{path}x"})  # never the same
        return httpx.Response(302)  # no Location

    moved = fetch(handler, "http://news.test/moved")
    assert isinstance(moved, Fetched) and moved.final_url == "http://news.test/feed.xml"
    loop = fetch(handler, "http://news.test/a")
    assert isinstance(loop, FetchError) and loop.kind is FetchFailure.REDIRECT
    assert (
        loop.cause
        == "redirect loop: http://news.test/a -> http://news.test/b -> http://news.test/a"
    )
    chain = fetch(handler, "http://news.test/chain")
    assert isinstance(chain, FetchError) and chain.cause.startswith("more than 3 redirects")
    bare = fetch(handler, "http://news.test/bare")
    assert isinstance(bare, FetchError) and bare.cause == "HTTP 302 without a Location"


def test_http_errors_name_the_status_and_retry_after() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/busy":
            return httpx.Response(429, headers={"Retry-After": "120"})
        return httpx.Response(500)

    failed = fetch(handler)
    assert isinstance(failed, FetchError)
    assert (failed.kind, failed.status, failed.cause) == (
        FetchFailure.HTTP,
        500,
        "HTTP 500 Internal Server Error",
    )
    assert str(failed) == "http://news.test/feed.xml: HTTP 500 Internal Server Error"
    busy = fetch(handler, "http://news.test/busy")
    assert isinstance(busy, FetchError) and busy.retry_after == 120.0


@pytest.mark.parametrize(
    ("raised", "kind", "cause"),
    [
        (httpx.ConnectError("refused"), FetchFailure.CONNECT, "cannot connect: refused"),
        (httpx.ConnectTimeout("slow"), FetchFailure.TIMEOUT, "timeout: no connection within 5 s"),
        (httpx.ReadTimeout("slow"), FetchFailure.TIMEOUT, "timeout: no data for 0.5 s"),
        (httpx.RemoteProtocolError("cut"), FetchFailure.NETWORK, "RemoteProtocolError: cut"),
        (RuntimeError("surprise"), FetchFailure.OTHER, "RuntimeError: surprise"),
    ],
)
def test_failures_are_values_never_exceptions(
    raised: Exception, kind: FetchFailure, cause: str
) -> None:
    def handler(_: httpx.Request) -> httpx.Response:
        raise raised

    result = fetch(handler)
    assert isinstance(result, FetchError) and (result.kind, result.cause) == (kind, cause)


def test_the_total_timeout_cuts_a_slow_answer() -> None:
    async def handler(_: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200)

    result = fetch(handler, config=settings(feed_total_timeout=0.2))  # type: ignore[arg-type]
    assert isinstance(result, FetchError) and result.cause == "timeout: not done within 0.2 s"


def test_only_http_urls_are_fetched() -> None:
    result = fetch(lambda _: httpx.Response(200), "file:///etc/passwd")
    assert isinstance(result, FetchError) and result.kind is FetchFailure.URL


def test_the_gate_spaces_requests_to_one_host_and_not_across_hosts() -> None:
    clock = [100.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    gate = HostGate(1.0, clock=lambda: clock[0], sleep=sleep)
    order: list[str] = []
    times: dict[str, float] = {}

    async def request(host: str, name: str, takes: float) -> None:
        async with gate.turn(host):
            order.append(f"start {name}")
            times[f"start {name}"] = clock[0]
            clock[0] += takes
            await asyncio.sleep(0)  # let the others try to get in
            order.append(f"end {name}")
            times[f"end {name}"] = clock[0]

    async def go() -> None:
        await asyncio.gather(
            request("a.test", "a1", 0.25),
            request("a.test", "a2", 0.25),
            request("b.test", "b1", 0.25),
        )

    asyncio.run(go())
    # a2 starts after a1 ended, and a second later; b1 never waits for a.test.
    assert order.index("start a2") > order.index("end a1")
    assert times["start a2"] - times["end a1"] >= 1.0
    assert times["start b1"] < times["end a1"]
    assert len(slept) == 1

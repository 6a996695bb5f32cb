"""Following feeds: polling with nothing new, and copy detection among 10,000 stored articles.

Run: .venv/bin/python benchmarks/bench_feeds.py [polling] [copies] [serving] [--feeds 200]
     [--items 50] [--hosts 50] [--stored 10000] [--queries 400] [--requests 3000]

polling: the local server (tests/feeds_server.py, in its own process) serves ``--feeds`` RSS
feeds of ``--items`` items over ``--hosts`` loopback addresses (127.0.0.1, 127.0.0.2, …: hosts
the politeness gate keeps apart). A first pass, not measured, reads every feed (summaries only,
no host delay) to build the state; the measured pass polls every feed again with the default
settings (1 s between requests to one host, 8 in flight) and must fetch no page. Measured twice:
feeds that answer conditional GETs (ETag / Last-Modified: 304) and feeds that do not (the whole
feed is read and parsed again, and seen item ids keep the pages unfetched).

copies: ``--stored`` texts made by recombining the sentences of tests/data/copies (every one
the project's own writing) are added to a CopyDetector; then ``--queries`` new texts, half of
them fresh recombinations and half edited copies of stored ones, are looked up (find: shingles,
MinHash, LSH, similarity). Also: adding to and reloading from the SQLite signature table.

serving (not in the default parts: it needs CoreNLP to answer, as ``serve`` does): the API's
latency (p50, p99) on an embedded store of 2,000 generated articles, under the same load of
reads, served by ``actorgraph serve`` and by ``actorgraph serve --watch`` while its watcher
polls the ``--feeds`` feeds (already read once, every one due every 10 s, no host delay;
nothing new to extract): once with feeds that answer 304, once without validators (each pass
downloads and parses every feed again).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.copies_data import load  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import SqliteStore  # noqa: E402
from loaders.feeds.copies import CopyDetector, CopyParams  # noqa: E402
from loaders.feeds.fetch import Fetcher  # noqa: E402
from loaders.feeds.poll import FeedConfig, FeedState, PollResult, poll  # noqa: E402

SERVING_FEED_EVERY = 10.0  # seconds: the shortest `feeds add --every` takes


@dataclass
class FeedServer:
    urls: list[str]
    hits: dict[str, Any] = field(default_factory=dict)  # its counts, once it stopped


@contextmanager
def feed_server(feeds: int, items: int, hosts: int, validators: bool) -> Iterator[FeedServer]:
    """tests/feeds_server.py in its own process, serving until the block ends."""
    command = [
        sys.executable,
        "-m",
        "tests.feeds_server",
        "--feeds",
        str(feeds),
        "--items",
        str(items),
        "--hosts",
        str(hosts),
    ]
    if not validators:
        command.append("--no-validators")
    server = subprocess.Popen(
        command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert server.stdin is not None and server.stdout is not None
    served = FeedServer(json.loads(server.stdout.readline())["feeds"])
    try:
        yield served
    finally:
        server.stdin.close()
        served.hits.update(json.loads(server.stdout.readline() or "{}"))
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()  # the server this benchmark started, by its own handle
            server.wait()


def polling(feeds: int, items: int, hosts: int, validators: bool) -> None:
    with feed_server(feeds, items, hosts, validators) as served:
        configs = [FeedConfig(url) for url in served.urls]
        prime_settings = Settings(feed_host_delay=0.0, feed_concurrency=16)
        began = time.perf_counter()
        primed = asyncio.run(_pass(configs, {}, prime_settings, pages=False))
        prime_seconds = time.perf_counter() - began
        assert not primed.errors, primed.errors
        seen = sum(len(s.seen_ids) for s in primed.states.values())

        settings = Settings()  # the defaults: 1 s between requests to one host, 8 in flight
        began = time.perf_counter()
        result = asyncio.run(_pass(configs, primed.states, settings, pages=True))
        seconds = time.perf_counter() - began
    hits = served.hits
    statuses: dict[str, int] = {}
    for outcome in result.outcomes:
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    kind = "with ETag/Last-Modified" if validators else "without validators"
    print(
        f"  {kind}: {feeds} feeds x {items} items on {hosts} hosts; first pass (state, not "
        f"measured) {prime_seconds:.1f} s, {seen} items seen"
    )
    print(
        f"    measured pass: {seconds:.2f} s, new items {len(result.items)}, "
        f"errors {len(result.errors)}, page fetches {result.pages_fetched} "
        f"(server counted {hits.get('page_hits', '?')} page requests in all), "
        f"feed answers: {statuses}"
    )


def serving(feeds: int, items: int, hosts: int, requests: int, validators: bool) -> None:
    from benchmarks.bench_api import load_api
    from benchmarks.common import corpus, percentiles
    from benchmarks.common import serving as api_serving

    with (
        tempfile.TemporaryDirectory() as folder,
        feed_server(feeds, items, hosts, validators) as served,
    ):
        path = Path(folder) / "graph.db"
        store = SqliteStore(path)
        store.init_schema()
        list(store.ingest_many(corpus("zipf", 2000)))
        configs = [FeedConfig(url, None, SERVING_FEED_EVERY) for url in served.urls]
        for url in served.urls:
            store.add_feed(url, None, SERVING_FEED_EVERY)
        prime = Settings(feed_host_delay=0.0, feed_concurrency=16)
        primed = asyncio.run(_pass(configs, {}, prime, pages=False))
        assert not primed.errors, primed.errors
        store.save_feed_states([s.to_dict() for s in primed.states.values()])
        ids = [a.article.id for a in store.list_articles(50, 0).items]
        store.close()
        paths = [
            p
            for n in range(requests)
            for p in (
                f"/actors/actor-{1 + n % 40}",
                f"/actors/actor-{1 + n % 40}/relations?limit=20",
                f"/articles/{ids[n % len(ids)]}",
            )
        ][:requests]
        env = {"ACTORGRAPH_STORE": str(path), "ACTORGRAPH_FEED_HOST_DELAY": "0"}
        print(
            f"  {len(paths)} GETs (actor, its relations, an article), 4 at a time; store of "
            f"2,000 generated articles; {feeds} feeds x {items} items due every "
            f"{SERVING_FEED_EVERY:g} s, " + ("answering 304" if validators else "without ETag")
        )
        for options in ((), ("--watch",)):
            with api_serving(env, *options) as api:
                asyncio.run(load_api(api.base, paths[:200], 4))  # warm up
                polled_before = _polls(path)
                began = time.perf_counter()
                latencies = asyncio.run(load_api(api.base, paths, 4))
                seconds = time.perf_counter() - began
                after = _polls(path)
                polls = sum(1 for url, when in after.items() if when != polled_before[url])
            p50, p99 = percentiles(latencies)
            name = "serve --watch" if options else "serve        "
            print(
                f"    {name}: p50 {p50:.2f} ms, p99 {p99:.2f} ms over {seconds:.1f} s; "
                f"feeds polled meanwhile: {polls} of {feeds}"
            )


def _polls(path: Path) -> dict[str, str | None]:
    """Each feed's last poll, as stored."""
    store = SqliteStore(path)
    try:
        return {f.url: f.last_poll for f in store.feeds()}
    finally:
        store.close()


async def _pass(
    configs: list[FeedConfig], states: dict[str, FeedState], settings: Settings, pages: bool
) -> PollResult:
    async with Fetcher(settings) as fetcher:
        return await poll(configs, states, fetcher, settings=settings, force=True, pages=pages)


_SENTENCE = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“])")


def sentence_pool() -> list[str]:
    sentences: set[str] = set()
    for text in load():
        for paragraph in text.paragraphs:
            sentences.update(s.strip() for s in _SENTENCE.split(paragraph) if len(s.split()) > 4)
    return sorted(sentences)


def synthetic(rng: random.Random, pool: list[str]) -> str:
    """A news-like text of 8 to 16 sentences from the pool, in paragraphs of two or three."""
    chosen = rng.sample(pool, rng.randint(8, 16))
    paragraphs = [" ".join(chosen[i : i + rng.choice((2, 3))]) for i in range(0, len(chosen), 3)]
    return "\n\n".join(paragraphs)


def edited(rng: random.Random, text: str) -> str:
    """A syndicated copy: a dateline, one paragraph dropped, the agency's line added."""
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 3:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    paragraphs[0] = "ARLEN (Meridian Wire) — " + paragraphs[0]
    paragraphs.append("Copyright Meridian Wire. All rights reserved.")
    return "\n\n".join(paragraphs)


def copies(stored: int, queries: int) -> None:
    rng = random.Random(7)
    pool = sentence_pool()
    texts = [synthetic(rng, pool) for _ in range(stored)]
    words = statistics.mean(len(t.split()) for t in texts)
    params = CopyParams.from_settings(Settings())
    detector = CopyDetector(params)
    began = time.perf_counter()
    for n, text in enumerate(texts):
        detector.add(f"a{n}", text, f"a{n}")
    add_ms = (time.perf_counter() - began) / stored * 1000

    probes: list[tuple[str, str | None]] = []
    for n in range(queries):
        if n % 2:
            probes.append((synthetic(rng, pool), None))
        else:
            k = rng.randrange(stored)
            probes.append((edited(rng, texts[k]), f"a{k}"))
    latencies = []
    right = missed = false = 0
    for text, truth in probes:
        began = time.perf_counter()
        found = detector.find(text)
        latencies.append(time.perf_counter() - began)
        if found.story_id == truth:
            right += 1
        elif truth is None:
            false += 1  # a fresh recombination that shares many sentences with a stored text
        else:
            missed += 1
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    mean = statistics.mean(ordered) * 1000
    candidates = statistics.mean(
        len(detector._candidates(detector.signature(t))) for t, _ in probes
    )
    print(
        f"  {stored} stored texts ({len(pool)} pool sentences, {words:.0f} words on average; "
        f"shingle {params.shingle}, threshold {params.threshold}, {params.num_perm} permutations)"
    )
    print(f"    add: {add_ms:.2f} ms per article")
    print(
        f"    find, per new article: p50 {p50:.2f} ms, p99 {p99:.2f} ms, mean {mean:.2f} ms "
        f"({candidates:.0f} LSH candidates on average); {right}/{len(probes)} answered right "
        f"(copies to their story, fresh texts to none); copies missed {missed}, fresh texts "
        f"called copies {false}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.db"  # the embedded store, its copy_signatures table
        store = SqliteStore(path)
        persisted = CopyDetector(params, store)
        began = time.perf_counter()
        for n, text in enumerate(texts):
            persisted.add(f"a{n}", text, f"a{n}")
        sqlite_add_ms = (time.perf_counter() - began) / stored * 1000
        store.close()
        began = time.perf_counter()
        reopened = SqliteStore(path)
        reloaded = CopyDetector(params, reopened)
        load_seconds = time.perf_counter() - began
        assert len(reloaded) == stored
        reopened.close()
        size_mib = path.stat().st_size / 2**20
    print(
        f"    with the embedded store's table: add {sqlite_add_ms:.2f} ms per article; reopening "
        f"(read {stored} signatures, rebuild the LSH index) {load_seconds:.2f} s; "
        f"file {size_mib:.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("parts", nargs="*", default=["polling", "copies"])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    if "polling" in args.parts:
        print("polling, nothing new (goal: <= 10 s and no page fetched)")
        polling(args.feeds, args.items, args.hosts, validators=True)
        polling(args.feeds, args.items, args.hosts, validators=False)
    if "copies" in args.parts:
        print("copies (goal: <= 5 ms per new article with 10,000 stored)")
        copies(args.stored, args.queries)
    if "serving" in args.parts:
        print("serve --watch under a polling load (goal: API p50 unchanged within 20 %)")
        serving(args.feeds, args.items, args.hosts, args.requests, validators=True)
        serving(args.feeds, args.items, args.hosts, args.requests, validators=False)


if __name__ == "__main__":
    main()

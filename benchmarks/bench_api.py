"""API latency under concurrent load, next to the same questions asked with the raw driver.

Run: .venv/bin/python benchmarks/bench_api.py [--articles 10000] [--requests 1000]

Ingests a generated corpus into the local Neo4j (kept when it already holds that many articles),
starts `actorgraph serve` as a separate process, and loads it from this process with an async
HTTP client; then asks the same questions through the neo4j driver with as many threads.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle, islice
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_ingest import extract_corpus  # noqa: E402
from benchmarks.corpus import GROUPS, STATES  # noqa: E402
from graph import cypher  # noqa: E402
from graph.model import slugify  # noqa: E402
from graph.neo4j_local import LocalNeo4j  # noqa: E402
from graph.neo4j_store import REL_TYPES, Neo4jStore  # noqa: E402
from graph.settings import Settings  # noqa: E402

ACTORS = [slugify(n.removeprefix("the ")) for n in STATES + GROUPS]
SEARCHES = ["assad", "iran", "houthi", "rapid support", "hezbolah", "wagner", "egypt", "sudan"]


def summary(latencies: list[float], seconds: float) -> tuple[float, float, float]:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000, len(ordered) / seconds


async def load_api(base: str, paths: list[str], concurrency: int) -> tuple[list[float], float]:
    latencies: list[float] = []
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            path = queue.get_nowait()
            began = time.perf_counter()
            response = await client.get(base + path)
            latencies.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code} {response.text[:200]}")

    async with httpx.AsyncClient(
        timeout=120, limits=httpx.Limits(max_connections=concurrency)
    ) as client:
        began = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return latencies, time.perf_counter() - began


def load_driver(
    store: Neo4jStore, name: str, params: list[dict[str, str]], concurrency: int
) -> tuple[list[float], float]:
    statement = (
        cypher.statement(name)
        if name != "search"
        else (
            "CALL db.index.fulltext.queryNodes('actor_names', $q + '~') YIELD node, score "
            "RETURN node.id AS id, score LIMIT 20"
        )
    )

    def ask(p: dict[str, object]) -> float:
        began = time.perf_counter()
        store._driver.execute_query(statement, p, routing_="r")
        return time.perf_counter() - began

    with ThreadPoolExecutor(concurrency) as pool:
        began = time.perf_counter()
        latencies = list(pool.map(ask, params))
        return latencies, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    settings = Settings()
    server = LocalNeo4j(settings)
    started = server.start()
    uri = started.bolt_uri
    store = Neo4jStore.from_settings(settings.model_copy(update={"neo4j_uri": uri}))
    store.init_schema()
    if store.counts().articles != args.articles:
        store.wipe()
        store.init_schema()
        began = time.perf_counter()
        list(store.ingest_many(extract_corpus(args.articles, 300)))
        print(f"ingested {args.articles} articles in {time.perf_counter() - began:.0f}s")
    counts = store.counts()
    print(f"graph: {counts.actors} actors, {counts.statements} statements, {counts.edges} edges")

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "ACTORGRAPH_NEO4J_URI": uri}
    api = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        rows = []
        actors = list(islice(cycle(ACTORS), args.requests))
        searches = list(islice(cycle(SEARCHES), args.requests))
        cases = [
            (
                "/actors/{id}/relations",
                [f"/actors/{a}/relations?limit=20" for a in actors],
                "actor_edges",  # the question the API asks, straight to the driver
                [
                    {
                        "actor": a,
                        "rel_types": REL_TYPES,
                        "outgoing": True,
                        "incoming": True,
                        "evidence": 5,
                    }
                    for a in actors
                ],
            ),
            (
                "/actors?q=",
                [f"/actors?q={q}" for q in searches],
                "search",
                [{"q": q} for q in searches],
            ),
        ]
        for label, paths, name, params in cases:
            asyncio.run(load_api(base, paths[:50], args.concurrency))  # warm up
            api_lat, api_s = asyncio.run(load_api(base, paths, args.concurrency))
            load_driver(store, name, params[:50], args.concurrency)
            raw_lat, raw_s = load_driver(store, name, params, args.concurrency)
            rows.append((label, summary(api_lat, api_s), summary(raw_lat, raw_s)))
    finally:
        api.terminate()
        api.wait(timeout=20)
        store.close()
        if not started.already_running:
            server.stop()

    print(f"{args.requests} requests per case, concurrency {args.concurrency}")
    print(
        f"{'question':<24} {'API p50 ms':>10} {'p99 ms':>8} {'req/s':>7} | "
        f"{'driver p50':>10} {'p99 ms':>8} {'req/s':>7} | {'p50 ratio':>9}"
    )
    for label, (p50, p99, rps), (rp50, rp99, rrps) in rows:
        print(
            f"{label:<24} {p50:>10.1f} {p99:>8.1f} {rps:>7.0f} | {rp50:>10.1f} {rp99:>8.1f} "
            f"{rrps:>7.0f} | {p50 / rp50:>9.1f}"
        )


if __name__ == "__main__":
    main()

"""Alliance analytics over HTTP on the 10,000-article corpora: the first (cold) answer, then the
answers cached by data version, under concurrent load.

Run: .venv/bin/python benchmarks/bench_analytics_api.py [--articles 10000] [--requests 500]
     [--concurrency 1 16] [--store sqlite neo4j] [--profile hub zipf]

For each store and profile: ingest the generated corpus (benchmarks/corpus.py, as
bench_api.py), start `actorgraph serve` in its own process, time the first
`/analytics/blocs` (the windowed snapshot from the database, the signed graph, blocs with a
consensus of 4 runs, balance, brokers and inferred relations), then load the cached answer
from an async client at each concurrency, then the other analytics routes (cached too, at the
last concurrency), and a yearly timeline (cold, then cached). Goal (issue 13): the cached
`/analytics/blocs` p50 <= 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_api import load_api  # noqa: E402
from benchmarks.common import Served, corpus, percentiles, serving  # noqa: E402
from cli.servers.neo4j import LocalNeo4j  # noqa: E402
from graph.model import Extraction  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import Neo4jStore, SqliteStore  # noqa: E402

Row = tuple[str, str, str, str, float, float, str]

OTHERS = [
    "/analytics/balance",
    "/analytics/brokers",
    "/analytics/inferred",
    "/actors/actor-0/position",
]


def cold(base: str, path: str) -> tuple[float, int]:
    began = time.perf_counter()
    response = httpx.get(base + path, timeout=600)
    elapsed = time.perf_counter() - began
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code} {response.text[:300]}")
    return elapsed, len(response.content)


def measure(
    store_kind: str, profile: str, served: Served, requests: int, concurrency: list[int]
) -> list[Row]:
    base = served.base
    rows: list[Row] = []
    seconds, size = cold(base, "/analytics/blocs")
    print(
        f"[{profile}] {store_kind}: first /analytics/blocs {seconds:.1f} s, {size / 1e3:,.0f} kB",
        flush=True,
    )
    rows.append((store_kind, profile, "/analytics/blocs", "cold", seconds * 1000, 0.0, "1"))
    for c in concurrency:
        asyncio.run(load_api(base, ["/analytics/blocs"] * 50, c))  # warm up the connections
        p50, p99 = percentiles(asyncio.run(load_api(base, ["/analytics/blocs"] * requests, c)))
        rows.append((store_kind, profile, "/analytics/blocs", "cached", p50, p99, str(c)))
    c = concurrency[-1]
    for path in OTHERS:
        cold(base, path)
        p50, p99 = percentiles(asyncio.run(load_api(base, [path] * requests, c)))
        rows.append((store_kind, profile, path, "cached", p50, p99, str(c)))
    path = "/analytics/timeline?unit=year"
    seconds, _ = cold(base, path)
    rows.append((store_kind, profile, path, "cold", seconds * 1000, 0.0, "1"))
    p50, p99 = percentiles(asyncio.run(load_api(base, [path] * requests, c)))
    rows.append((store_kind, profile, path, "cached", p50, p99, str(c)))
    print(f"[{profile}] {store_kind}: server peak RSS {served.peak_rss_mib():,.0f} MiB", flush=True)
    return rows


def run_sqlite(profile: str, extractions: list[Extraction], args: argparse.Namespace) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.db"
        store = SqliteStore(path)
        list(store.ingest_many(extractions))
        print(f"[{profile}] sqlite: {store.counts()}", flush=True)
        store.close()
        with serving({"ACTORGRAPH_STORE": str(path)}) as served:
            return measure("sqlite", profile, served, args.requests, args.concurrency)


def run_neo4j(
    profile: str, extractions: list[Extraction], uri: str, args: argparse.Namespace
) -> list[Row]:
    neo = Neo4jStore.from_settings(Settings(neo4j_uri=uri))
    try:
        neo.wipe()
        neo.init_schema()
        list(neo.ingest_many(extractions))
        print(f"[{profile}] neo4j: {neo.counts()}", flush=True)
    finally:
        neo.close()
    with serving({"ACTORGRAPH_NEO4J_URI": uri}) as served:
        return measure("neo4j", profile, served, args.requests, args.concurrency)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--store", nargs="+", default=["sqlite", "neo4j"])
    parser.add_argument("--profile", nargs="+", default=["hub", "zipf"])
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load} (before the run)", flush=True)

    rows: list[Row] = []
    server = LocalNeo4j(Settings()) if "neo4j" in args.store else None
    started = server.start() if server else None
    try:
        for profile in args.profile:
            extractions = corpus(profile, args.articles)
            if "sqlite" in args.store:
                rows += run_sqlite(profile, extractions, args)
            if started is not None:
                rows += run_neo4j(profile, extractions, started.url, args)
    finally:
        if server is not None and started is not None and not started.already_running:
            server.stop()

    print(f"\n{args.articles} articles; {args.requests} requests per cached case")
    print(
        f"{'store':<7} {'profile':<7} {'route':<34} {'answer':<7} {'clients':>7} "
        f"{'p50 ms':>9} {'p99 ms':>9}"
    )
    for store_kind, profile, route, answer, p50, p99, clients in rows:
        p99_text = f"{p99:>9.1f}" if answer == "cached" else f"{'':>9}"
        print(
            f"{store_kind:<7} {profile:<7} {route:<34} {answer:<7} {clients:>7} "
            f"{p50:>9.1f} {p99_text}"
        )


if __name__ == "__main__":
    main()

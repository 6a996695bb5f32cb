"""Alliance analytics over HTTP on the 10,000-article corpora: the first (cold) answer, then the
answers cached by data version, under concurrent load.

Run: .venv/bin/python benchmarks/bench_analytics_api.py [--articles 10000] [--requests 500]
     [--concurrency 1 16] [--store sqlite neo4j] [--profile hub zipf] [--during 500]
     [--only-during]

For each store and profile: ingest the generated corpus (benchmarks/corpus.py, as
bench_api.py), start `actorgraph serve` in its own process, time the first
`/analytics/blocs` (the windowed snapshot from the database, the signed graph, blocs with a
consensus of 4 runs, balance, brokers and inferred relations), then load the cached answer
from an async client at each concurrency, then the other analytics routes (cached too, at the
last concurrency), and a yearly timeline (cold, then cached). Goal (issue 13): the cached
`/analytics/blocs` p50 <= 200 ms.

Then, with --during N (issue 21): another process writes N more generated articles into the
same store (as `actorgraph ingest` would, its batches and transactions), while one client asks
`/analytics/blocs` back to back; after the last write it keeps asking until the answer is
fresh (`meta.stale` false, `meta.data_version` the store's). Reported: latency p50 / p99 / max
during the writes and after them until the fresh answer, how many answers were stale, and how
long after the last write the fresh answer came. Goal: p99 <= 1 s during and right after.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
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


WRITER = """
import sys
from pathlib import Path
from benchmarks.common import stream
from graph.settings import Settings
from graph.store import Neo4jStore, SqliteStore

target, profile, start, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if target.startswith("bolt://"):
    store = Neo4jStore.from_settings(Settings(neo4j_uri=target))
else:
    store = SqliteStore(Path(target))
for outcome in store.ingest_many(stream(profile, count, start=start)):
    assert hasattr(outcome, "status"), outcome
store.close()
"""


def during_ingest(
    store_kind: str, profile: str, served: Served, target: str, start: int, count: int
) -> list[Row]:
    """/analytics/blocs while another process writes ``count`` articles, then until fresh."""
    base = served.base
    cold(base, "/analytics/blocs")  # an answer to serve while the writes come
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, target, profile, str(start), str(count)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    during: list[float] = []
    after: list[float] = []
    stale = 0
    ended_at: float | None = None
    fresh_after: float | None = None
    with httpx.Client(timeout=600) as client:
        while True:
            began = time.perf_counter()
            response = client.get(base + "/analytics/blocs")
            elapsed = time.perf_counter() - began
            if response.status_code != 200:
                raise SystemExit(f"{response.status_code} {response.text[:300]}")
            meta = response.json()["meta"]
            stale += bool(meta.get("stale"))
            if ended_at is None:
                during.append(elapsed)
                if writer.poll() is not None:
                    ended_at = time.perf_counter()
                    final = data_version(target)
                continue
            after.append(elapsed)
            # An API without these fields (before issue 21) answers fresh or not at all.
            if not meta.get("stale") and meta.get("data_version", final) == final:
                fresh_after = time.perf_counter() - ended_at
                break
            if time.perf_counter() - ended_at > 600:
                break
    if writer.returncode != 0:
        raise SystemExit(f"the writer failed ({writer.returncode})")
    rows: list[Row] = []
    for phase, latencies in (("during", during), ("after", after)):
        p50, p99 = percentiles(latencies)
        rows.append((store_kind, profile, "/analytics/blocs", phase, p50, p99, "1"))
        print(
            f"[{profile}] {store_kind}: {phase} the writes of {count} articles: "
            f"{len(latencies)} answers, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
            f"max {max(latencies) * 1000:.0f} ms",
            flush=True,
        )
    shown = f"{fresh_after:.1f} s" if fresh_after is not None else "not within 600 s"
    print(
        f"[{profile}] {store_kind}: {stale} stale answers; the fresh answer {shown} after the "
        f"last write; server peak RSS {served.peak_rss_mib():,.0f} MiB",
        flush=True,
    )
    return rows


def data_version(target: str) -> int:
    if target.startswith("bolt://"):
        store: Neo4jStore | SqliteStore = Neo4jStore.from_settings(Settings(neo4j_uri=target))
    else:
        store = SqliteStore(Path(target))
    try:
        return store.data_version()
    finally:
        store.close()


def run_sqlite(profile: str, extractions: list[Extraction], args: argparse.Namespace) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.db"
        store = SqliteStore(path)
        list(store.ingest_many(extractions))
        print(f"[{profile}] sqlite: {store.counts()}", flush=True)
        store.close()
        with serving({"ACTORGRAPH_STORE": str(path)}) as served:
            rows = []
            if not args.only_during:
                rows += measure("sqlite", profile, served, args.requests, args.concurrency)
            if args.during:
                rows += during_ingest(
                    "sqlite", profile, served, str(path), args.articles, args.during
                )
            return rows


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
        rows = []
        if not args.only_during:
            rows += measure("neo4j", profile, served, args.requests, args.concurrency)
        if args.during:
            rows += during_ingest("neo4j", profile, served, uri, args.articles, args.during)
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--store", nargs="+", default=["sqlite", "neo4j"])
    parser.add_argument("--profile", nargs="+", default=["hub", "zipf"])
    parser.add_argument("--during", type=int, default=0, help="articles written meanwhile")
    parser.add_argument("--only-during", action="store_true", help="skip the cached cases")
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
        p99_text = f"{p99:>9.1f}" if answer != "cold" else f"{'':>9}"
        print(
            f"{store_kind:<7} {profile:<7} {route:<34} {answer:<7} {clients:>7} "
            f"{p50:>9.1f} {p99_text}"
        )


if __name__ == "__main__":
    main()

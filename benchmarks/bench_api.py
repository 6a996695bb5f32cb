"""API latency under concurrent load, on both stores and both corpus profiles, next to the same
questions asked of the database directly (the neo4j driver, or sqlite3).

Run: .venv/bin/python benchmarks/bench_api.py [--articles 10000] [--requests 1000]
     [--store sqlite neo4j] [--profile hub zipf]

For each store and profile: ingest the corpus, start `actorgraph serve` as a separate process,
load it from this process with an async HTTP client at the given concurrency, then ask the
same questions straight to the database from as many threads: for relations, one query that
returns the page of edges with their evidence; for search, the full-text index.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import corpus, percentiles, serving  # noqa: E402
from benchmarks.corpus import _actor_name  # noqa: E402
from cli.servers.neo4j import LocalNeo4j  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import Neo4jStore, SqliteStore  # noqa: E402
from graph.store.search import query_grams  # noqa: E402

PAGE = 20  # edges per relations page, each with up to 20 evidence sentences
HUB_RANKS = [0, 7, 19, 33, 51, 64, 80, 107]  # every actor of the hub profile is a hub
# Zipf profile: hubs and the long tail alike.
ZIPF_RANKS = [0, 1, 2, 3, 5, 10, 30, 100, 300, 1000, 3000]

NEO4J_RELATIONS = """
MATCH (a:Actor {id: $actor})-[r:SUPPORTS|OPPOSES|CONTROLS|CALLS|LEADS|MEMBER_OF|LOCATED_IN]-(:Actor)
WITH r ORDER BY abs(r.weight) * r.mentions DESC, r.mentions DESC LIMIT $page
CALL (r) {
  UNWIND r.top[..20] AS rank
  MATCH (st:Statement {id: right(rank, 32)})
  OPTIONAL MATCH (d:Article {id: st.article_id})
  RETURN collect(st {.*, title: d.title}) AS evidence
}
RETURN startNode(r).id AS source, type(r) AS type, endNode(r).id AS target, r {.*} AS props,
  evidence
"""
NEO4J_SEARCH = (
    "CALL db.index.fulltext.queryNodes('actor_names', $q + '~') YIELD node, score "
    "RETURN node.id AS id, score LIMIT 20"
)


def questions(profile: str, count: int, known: set[str]) -> tuple[list[str], list[str]]:
    ranks = [n for n in (HUB_RANKS if profile == "hub" else ZIPF_RANKS) if f"actor-{n}" in known]
    actors = [f"actor-{n}" for n in ranks]
    searches = []
    for n in ranks:
        first, second = _actor_name(n).split()
        searches += [first.lower(), f"{first} {second[:-1]}"]  # a word; a name, misspelt
    return list(islice(cycle(actors), count)), list(islice(cycle(searches), count))


async def load_api(base: str, paths: list[str], concurrency: int) -> list[float]:
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
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return latencies


def load_raw(ask: Callable[[str], object], args: list[str], concurrency: int) -> list[float]:
    def timed(arg: str) -> float:
        began = time.perf_counter()
        ask(arg)
        return time.perf_counter() - began

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(timed, args))


def sqlite_questions(path: Path) -> tuple[Callable[[str], object], Callable[[str], object]]:
    local = threading.local()

    def conn() -> sqlite3.Connection:
        if not hasattr(local, "conn"):
            local.conn = sqlite3.connect(path, check_same_thread=False)
            local.conn.row_factory = sqlite3.Row
        return local.conn  # type: ignore[no-any-return]

    def relations(actor: str) -> object:
        c = conn()
        edges = c.execute(
            "SELECT * FROM (SELECT * FROM edges WHERE source = ?1 UNION ALL "
            "SELECT * FROM edges WHERE target = ?1) "
            "ORDER BY abs(weight) * mentions DESC, mentions DESC LIMIT ?2",
            (actor, PAGE),
        ).fetchall()
        ids = [rank[-32:] for e in edges for rank in json.loads(e["top"])]
        marks = ", ".join("?" for _ in ids)
        return edges, c.execute(
            "SELECT s.*, a.title FROM statements s LEFT JOIN articles a ON a.id = s.article_id "
            f"WHERE s.id IN ({marks})",
            ids,
        ).fetchall()

    def search(q: str) -> object:
        grams = query_grams(q.lower()) or []
        return (
            conn()
            .execute(
                "SELECT a.* FROM actor_search JOIN actors a ON a.rowid = actor_search.rowid "
                "WHERE actor_search MATCH ? LIMIT 20",
                (" OR ".join(grams),),
            )
            .fetchall()
        )

    return relations, search


def measure(
    base: str,
    profile: str,
    requests: int,
    concurrency: int,
    relations: Callable[[str], object],
    search: Callable[[str], object],
    known: set[str],
) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    actors, searches = questions(profile, requests, known)
    rows = []
    for label, paths, ask, args in (
        ("relations", [f"/actors/{a}/relations?limit={PAGE}" for a in actors], relations, actors),
        ("search", [f"/actors?q={q}" for q in searches], search, searches),
    ):
        asyncio.run(load_api(base, paths[:50], concurrency))  # warm up
        api = asyncio.run(load_api(base, paths, concurrency))
        load_raw(ask, args[:50], concurrency)
        raw = load_raw(ask, args, concurrency)
        rows.append((label, percentiles(api), percentiles(raw)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--store", nargs="+", default=["sqlite", "neo4j"])
    parser.add_argument("--profile", nargs="+", default=["hub", "zipf"])
    args = parser.parse_args()

    results: list[tuple[str, str, str, tuple[float, float], tuple[float, float]]] = []
    server = LocalNeo4j(Settings()) if "neo4j" in args.store else None
    started = server.start() if server else None
    try:
        for profile in args.profile:
            extractions = corpus(profile, args.articles)
            known = {a.id for e in extractions for a in e.actors}
            if "sqlite" in args.store:
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / "graph.db"
                    store = SqliteStore(path)
                    list(store.ingest_many(extractions))
                    print(f"[{profile}] sqlite: {store.counts()}", flush=True)
                    store.close()
                    relations, search = sqlite_questions(path)
                    with serving({"ACTORGRAPH_STORE": str(path)}) as served:
                        for row in measure(
                            served.base,
                            profile,
                            args.requests,
                            args.concurrency,
                            relations,
                            search,
                            known,
                        ):
                            results.append(("sqlite", profile, *row))
            if started is not None:
                uri = started.url
                neo = Neo4jStore.from_settings(Settings(neo4j_uri=uri))
                neo.wipe()
                neo.init_schema()
                list(neo.ingest_many(extractions))
                print(f"[{profile}] neo4j: {neo.counts()}", flush=True)

                def relations_neo(actor: str, run: Any = neo.backend.execute) -> object:
                    return run(NEO4J_RELATIONS, {"actor": actor, "page": PAGE})

                def search_neo(q: str, run: Any = neo.backend.execute) -> object:
                    return run(NEO4J_SEARCH, {"q": q})

                with serving({"ACTORGRAPH_NEO4J_URI": uri}) as served:
                    for row in measure(
                        served.base,
                        profile,
                        args.requests,
                        args.concurrency,
                        relations_neo,
                        search_neo,
                        known,
                    ):
                        results.append(("neo4j", profile, *row))
                neo.close()
    finally:
        if server is not None and started is not None and not started.already_running:
            server.stop()

    print(
        f"\n{args.articles} articles; {args.requests} requests per case, concurrency "
        f"{args.concurrency}"
    )
    print(
        f"{'store':<7} {'profile':<7} {'question':<10} {'API p50':>8} {'p99':>8} | "
        f"{'raw p50':>8} {'p99':>8} | {'p50 ratio':>9}"
    )
    for store_kind, profile, label, (p50, p99), (r50, r99) in results:
        print(
            f"{store_kind:<7} {profile:<7} {label:<10} {p50:>8.1f} {p99:>8.1f} | "
            f"{r50:>8.1f} {r99:>8.1f} | {p50 / r50:>9.1f}"
        )


if __name__ == "__main__":
    main()

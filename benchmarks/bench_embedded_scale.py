"""The embedded (SQLite) store at scale: ingest 100,000 generated articles (Zipf profile),
answer relations from it, answer while `actorgraph ingest` writes, and the peak memory of
`actorgraph serve` against the store's size.

Run: .venv/bin/python benchmarks/bench_embedded_scale.py [--articles 100000] [--small 10000]
     [--during 1000] [--folder DIR]

Extraction is not counted in ingest rates (the extractions are generated in chunks, then
written). Beside the API, a second process writes more articles the way `actorgraph ingest`
does (the same library call, 20 articles a transaction), from generated extractions instead of
the parser. Stores are kept in --folder (default: a temporary folder).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import percentiles, serving  # noqa: E402
from benchmarks.corpus import _actor_name, synthetic_extraction  # noqa: E402
from graph.store import SqliteStore  # noqa: E402

CHUNK = 5000
KNOWN: list[int] = []  # the ranks of RANKS the small store holds
WRITER = """
import sys
from pathlib import Path
from benchmarks.common import stream
from graph.store import SqliteStore

store = SqliteStore(Path(sys.argv[1]))
for outcome in store.ingest_many(stream("zipf", int(sys.argv[3]), start=int(sys.argv[2]))):
    assert hasattr(outcome, "status"), outcome
"""
RANKS = [0, 1, 2, 5, 10, 30, 100, 300, 1000, 3000]


def build(path: Path, articles: int) -> float:
    """Ingest seconds (generation not counted)."""
    store = SqliteStore(path)
    done = store.counts().articles
    seconds = 0.0
    for start in range(done, articles, CHUNK):
        chunk = [synthetic_extraction(s) for s in range(start, min(start + CHUNK, articles))]
        began = time.perf_counter()
        for outcome in store.ingest_many(chunk):
            if not hasattr(outcome, "status"):
                raise SystemExit(f"ingest failed: {outcome}")
        seconds += time.perf_counter() - began
        print(f"  {start + len(chunk)} articles, {seconds:.0f}s of writing", flush=True)
    store.close()
    return seconds


def requests_mix() -> list[str]:
    paths = []
    for n in KNOWN:
        first = _actor_name(n).split()[0]
        paths += [
            f"/actors/actor-{n}/relations?limit=20",
            f"/actors?q={first.lower()}",
            f"/actors/actor-{n}",
        ]
    return [*paths, "/articles?limit=20", "/health"]


def timed_get(client: httpx.Client, base: str, path: str) -> float:
    began = time.perf_counter()
    response = client.get(base + path)
    elapsed = time.perf_counter() - began
    if response.status_code != 200:
        raise SystemExit(f"{path}: {response.status_code} {response.text[:200]}")
    return elapsed


def relations_latency(base: str, rounds: int = 5) -> dict[str, tuple[float, float]]:
    out = {}
    with httpx.Client(timeout=60) as client:
        for n in KNOWN:
            path = f"/actors/actor-{n}/relations?limit=20"
            timed_get(client, base, path)  # warm
            out[f"actor-{n}"] = percentiles([timed_get(client, base, path) for _ in range(rounds)])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--during", type=int, default=1000)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="actorgraph-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    big, small = folder / "big.db", folder / "small.db"

    print(f"building {small} ({args.small} articles)", flush=True)
    build(small, args.small)
    print(f"building {big} ({args.articles} articles)", flush=True)
    seconds = build(big, args.articles) or float("nan")  # nan: the store was built before
    counts = SqliteStore(big).counts()
    size = big.stat().st_size / 2**20
    print(
        f"ingest: {args.articles} articles in {seconds:.0f}s of writing "
        f"({args.articles / seconds:.0f} articles/s); {counts}; {size:.0f} MiB",
        flush=True,
    )

    with sqlite3.connect(small) as conn:
        held = {r[0] for r in conn.execute("SELECT id FROM actors")}
    KNOWN.extend(n for n in RANKS if f"actor-{n}" in held)
    rss = {}
    latency: dict[str, tuple[float, float]] = {}
    for name, path in (("small", small), ("big", big)):
        with serving({"ACTORGRAPH_STORE": str(path)}) as served:
            with httpx.Client(timeout=60) as client:
                for _ in range(3):
                    for request in requests_mix():
                        timed_get(client, served.base, request)
            rss[name] = served.peak_rss_mib()
            if name == "big":
                latency = relations_latency(served.base)
    print("relations on the big store (p50 / p99 ms, sequential):")
    for actor, (p50, p99) in latency.items():
        print(f"  {actor:<12} {p50:7.1f} {p99:7.1f}")
    for name, path in (("small", small), ("big", big)):
        print(
            f"serve peak RSS after the request mix, {name} store "
            f"({path.stat().st_size / 2**20:.0f} MiB): {rss[name]:.0f} MiB"
        )

    # The API while another process writes to the same file.
    with serving({"ACTORGRAPH_STORE": str(big)}) as served, httpx.Client(timeout=60) as client:
        base = served.base
        idle = [timed_get(client, base, p) for _ in range(3) for p in requests_mix()]
        ingest = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(big), str(args.articles), str(args.during)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        began = time.perf_counter()
        during: list[float] = []
        while ingest.poll() is None:
            for path in requests_mix():
                during.append(timed_get(client, base, path))
        ingest_seconds = time.perf_counter() - began
    idle_p50, idle_p99 = percentiles(idle)
    p50, p99 = percentiles(during)
    print(
        f"API while another process writes {args.during} articles ({ingest_seconds:.0f}s, exit "
        f"{ingest.returncode}): {len(during)} requests, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
        f"max {max(during) * 1000:.0f} ms (idle: p50 {idle_p50:.1f}, p99 {idle_p99:.1f}); "
        f"mean {statistics.mean(during) * 1000:.1f} ms"
    )
    print(f"stores kept in {folder}")


if __name__ == "__main__":
    main()

"""`actorgraph ingest --cluster` against the serial ingest, on cold parse caches.

Run: .venv/bin/python benchmarks/bench_cluster.py [--articles 1000] [--words 600]

Generates the articles (benchmarks/corpus.py) into a temporary folder, starts a second
CoreNLP beside the one ACTORGRAPH_CORENLP_URLS names (or the local one on 9000), and runs,
each into a fresh SQLite store with a fresh (cold) parse cache:

1. the serial ingest (what `actorgraph ingest` does), over the two CoreNLP servers;
2. `--cluster local:1`: one worker; against the serial ingest, the scheduling overhead;
3. `--cluster local:2`: two worker processes, each over the two servers;
4. the serial ingest again: the baseline is the mean of 1 and 4, so a machine whose load
   drifts during the ~20 minutes favours neither side.

Both servers first parse --warm-up articles that are not in the corpus: a CoreNLP just started
runs its first minutes with a cold JIT (a first run measured the serial ingest on it at 0.75x
of its later rate).

then writes the serial run's extractions again, alone, into SQLite and into Neo4j (the local
server ACTORGRAPH_NEO4J_URI names, which is WIPED; skipped when unset): the single writer's
articles/s. It prints the speed-up, the client writer's share of the cluster's wall time, the
overhead, and a projection for 1 million articles a day.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402

from benchmarks.corpus import article  # noqa: E402
from cli.cluster.command import ClusterRun, ingest_on_cluster  # noqa: E402
from cli.servers.corenlp import LocalCoreNLP  # noqa: E402
from graph.ingest import ingest  # noqa: E402
from graph.model import Extraction  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.store import Neo4jStore, SqliteStore  # noqa: E402
from loaders.nlp.health import nlp_health  # noqa: E402
from loaders.pipeline import (  # noqa: E402
    extract_paths,
    extractions,
    extractor_for,
    keep_out_of_collections,
)
from loaders.reading.inputs import ReadError  # noqa: E402
from tests.conftest import free_port  # noqa: E402

PER_DAY = 1_000_000
SECONDS_PER_DAY = 86_400


def fresh(settings: Settings, work: Path, name: str) -> Settings:
    """Settings with a new store and a new (cold) parse cache; workers spawned after this
    read the cache path from the environment."""
    cache = work / f"{name}-parses.sqlite3"
    os.environ["ACTORGRAPH_PARSE_CACHE"] = str(cache)
    return settings.model_copy(update={"parse_cache": cache, "store": work / f"{name}.db"})


def serial(settings: Settings, folder: Path) -> tuple[float, list[Extraction]]:
    extractor = extractor_for(settings)
    keep_out_of_collections()
    kept: list[Extraction] = []

    def keep(items: Iterator[Extraction | ReadError]) -> Iterator[Extraction | ReadError]:
        for item in items:
            if isinstance(item, Extraction):
                kept.append(item)
            yield item

    store = SqliteStore(settings.store)
    try:
        began = time.perf_counter()
        summary = ingest(
            keep(extractions(extract_paths([str(folder)], settings, extractor))), store
        )
        seconds = time.perf_counter() - began
    finally:
        store.close()
        extractor.close()
    assert not summary.failed, summary.failed[:3]
    return seconds, kept


def cluster(settings: Settings, folder: Path, workers: int) -> ClusterRun:
    store = SqliteStore(settings.store)
    try:
        run = ingest_on_cluster(
            [str(folder)], f"local:{workers}", False, settings, store, Console(stderr=True)
        )
    finally:
        store.close()
    assert not run.summary.failed, run.summary.failed[:3]
    return run


def writer_alone(kept: list[Extraction], settings: Settings, work: Path) -> dict[str, float]:
    rates: dict[str, float] = {}
    sqlite = SqliteStore(work / "writer.db")
    try:
        began = time.perf_counter()
        ingest(kept, sqlite)
        rates["SQLite"] = len(kept) / (time.perf_counter() - began)
    finally:
        sqlite.close()
    if settings.neo4j_uri:
        neo = Neo4jStore.from_settings(settings)
        try:
            neo.wipe()
            neo.init_schema()
            began = time.perf_counter()
            ingest(kept, neo)
            rates["Neo4j"] = len(kept) / (time.perf_counter() - began)
            neo.wipe()
        finally:
            neo.close()
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--warm-up", type=int, default=100)
    args = parser.parse_args()

    base = Settings()
    first = base.nlp_urls[0]
    if not nlp_health(base.model_copy(update={"corenlp_urls": [first]})).ok:
        sys.exit(f"no CoreNLP answers at {first} (actorgraph nlp start)")
    second = LocalCoreNLP(
        base.model_copy(update={"corenlp_home": ROOT / ".actorgraph" / "bench-corenlp"}),
        port=free_port(),
    )
    report = second.start(timeout=600)
    urls = [first, report.url]
    os.environ["ACTORGRAPH_CORENLP_URLS"] = ",".join(urls)
    settings = base.model_copy(update={"corenlp_urls": urls})
    try:
        with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
            work = Path(tmp)
            folder = work / "articles"
            folder.mkdir()
            for seed in range(args.articles):
                (folder / f"{seed:05d}.txt").write_text(article(seed, args.words))
            warm = work / "warm"
            warm.mkdir()
            for seed in range(10**6, 10**6 + args.warm_up):  # seeds the corpus never uses
                (warm / f"{seed}.txt").write_text(article(seed, args.words))
            n = args.articles
            print(f"{n} generated articles of ~{args.words} words; CoreNLP at {', '.join(urls)}")
            began = time.perf_counter()
            serial(fresh(settings, work, "warm"), warm)
            print(f"warm-up: {args.warm_up} other articles in {time.perf_counter() - began:.1f} s")

            first, kept = serial(fresh(settings, work, "serial"), folder)
            print(f"serial: {first:.1f} s, {n / first:.2f} articles/s", flush=True)
            one = cluster(fresh(settings, work, "one"), folder, 1)
            print(f"local:1: {one.seconds:.1f} s, {n / one.seconds:.2f} articles/s", flush=True)
            two = cluster(fresh(settings, work, "two"), folder, 2)
            print(f"local:2: {two.seconds:.1f} s, {n / two.seconds:.2f} articles/s", flush=True)
            last, _ = serial(fresh(settings, work, "serial-again"), folder)
            print(f"serial again: {last:.1f} s, {n / last:.2f} articles/s", flush=True)
            serial_seconds = (first + last) / 2
            rates = writer_alone(kept, settings, work)
    finally:
        second.stop()

    serial_rate, two_rate, one_rate = n / serial_seconds, n / two.seconds, n / one.seconds
    writer_share = two.writer_seconds / two.seconds
    overhead = one.seconds / serial_seconds - 1
    steady = one.ingest_seconds / serial_seconds - 1
    print()
    print("| run | seconds | articles/s | vs serial |")
    print("|---|---|---|---|")
    print(f"| serial ingest, first | {first:.1f} | {n / first:.2f} | |")
    print(f"| serial ingest, last | {last:.1f} | {n / last:.2f} | |")
    print(f"| serial ingest, mean of both | {serial_seconds:.1f} | {serial_rate:.2f} | 1.00x |")
    for name, run, rate in (("local:2", two, two_rate), ("local:1", one, one_rate)):
        speed = rate / serial_rate
        print(f"| --cluster {name} | {run.seconds:.1f} | {rate:.2f} | {speed:.2f}x |")
    print()
    print(f"speed-up local:2 / serial: {two_rate / serial_rate:.2f}x (goal >= 1.6x)")
    print(
        f"client writer's share of local:2 wall time: {writer_share:.1%} "
        f"({two.writer_seconds:.1f} s writing; starting the cluster "
        f"{two.seconds - two.ingest_seconds:.1f} s; "
        f"{two.stats.tasks} tasks, {two.stats.resent} sent again)"
    )
    print(
        f"scheduling overhead, one worker vs serial: {overhead:+.1%} with the cluster's start, "
        f"{steady:+.1%} without it (goal <= 10%)"
    )
    for name, rate in rates.items():
        print(f"single writer alone, {name}: {rate:.1f} articles/s")
    need = PER_DAY / SECONDS_PER_DAY
    machines = math.ceil(need / two_rate)
    print()
    print(f"1 million articles a day = {need:.1f} articles/s sustained")
    print(
        f"one machine like this one (2 cores, local:2): {two_rate:.2f} articles/s -> "
        f"{machines} such machines of workers (each {two_rate * SECONDS_PER_DAY:,.0f} a day)"
    )
    for name, rate in rates.items():
        verdict = "keeps up" if rate >= need else "binds"
        print(
            f"the single writer on {name}: {rate:.1f} articles/s = {rate / need:.1f}x the need "
            f"({verdict}; it binds at ~{rate / two_rate:.0f} such machines)"
        )


if __name__ == "__main__":
    main()

"""Listing articles on the embedded store (GET /articles?limit=500) as the store grows.

Run: .venv/bin/python benchmarks/bench_embedded_list.py [--articles 400,1600]

Generated articles of ~300 words (the corpus of bench_ingest) are written to a fresh embedded
store; then the first page of 500 articles is listed, from a process that has the file loaded.
Each article keeps its statement count, so the listing should not grow with the statements.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_ingest import extract_corpus  # noqa: E402
from graph.embedded_store import EmbeddedStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="400,1600")
    args = parser.parse_args()
    sizes = [int(n) for n in args.articles.split(",")]
    extractions = extract_corpus(max(sizes), 300)
    print("| articles | statements | list 500 (ms, median of 5) |")
    print("|---|---|---|")
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            store = EmbeddedStore(Path(folder) / "graph.json")
            for _ in store.ingest_many(extractions[:size]):
                pass
            statements = store.counts().statements  # also loads the file
            times = []
            for _ in range(5):
                began = time.perf_counter()
                store.list_articles(limit=500, offset=0)
                times.append(time.perf_counter() - began)
            print(f"| {size:,} | {statements:,} | {sorted(times)[2] * 1000:.1f} |", flush=True)


if __name__ == "__main__":
    main()

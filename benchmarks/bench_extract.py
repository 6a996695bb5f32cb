"""Extraction speed and memory: articles/s and words/s on one core, peak memory by corpus size.

Run: .venv/bin/python benchmarks/bench_extract.py [--sizes 250,500,1000]

Each corpus is written to a temporary folder and read back by a fresh child process through
the real reader (streamed, one article in memory at a time); the child reports its own time
and peak resident memory, so the figures for different sizes are comparable.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def child(folder: str) -> None:
    from graph.settings import Settings
    from loaders.extract import Extractor
    from loaders.pipeline import extract_paths
    from loaders.reading import ReadError

    began = time.perf_counter()
    extractor = Extractor()
    startup = time.perf_counter() - began
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    articles = words = relations = 0
    began = time.perf_counter()
    for result in extract_paths([folder], Settings(), extractor):
        if isinstance(result, ReadError):
            raise SystemExit(f"{result.path}: {result.error}")
        document, extraction = result
        articles += 1
        words += len(document.text.split())
        relations += len(extraction.relations)
    elapsed = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "articles": articles,
                "words": words,
                "relations": relations,
                "seconds": elapsed,
                "startup": startup,
                "rss_after_startup_mib": rss_before / 1024,
                "peak_mib": peak / 1024,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="250,500,1000")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    from benchmarks.corpus import corpus

    print(
        f"{'articles':>8} {'words/art':>9} {'art/s':>7} {'words/s':>9} {'rel/art':>7} "
        f"{'startup s':>9} {'RSS base MiB':>12} {'RSS peak MiB':>12}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            for number, text in enumerate(corpus(size)):
                (Path(tmp) / f"{number:05d}.txt").write_text(text, encoding="utf-8")
            out = subprocess.run(
                [sys.executable, __file__, "--child", tmp],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
        r = json.loads(out.stdout)
        print(
            f"{r['articles']:>8} {r['words'] / r['articles']:>9.0f} "
            f"{r['articles'] / r['seconds']:>7.0f} {r['words'] / r['seconds']:>9.0f} "
            f"{r['relations'] / r['articles']:>7.1f} {r['startup']:>9.2f} "
            f"{r['rss_after_startup_mib']:>12.0f} {r['peak_mib']:>12.0f}"
        )


if __name__ == "__main__":
    main()

"""End-to-end extraction speed on Stanford CoreNLP: parse + rules, warm server, then the same
corpus again from the parse cache.

Run: .venv/bin/python benchmarks/bench_extract.py [--articles 200] [--words 600]

Needs a CoreNLP server (`actorgraph nlp start`, or ACTORGRAPH_CORENLP_URLS). The corpus is
generated (benchmarks/corpus.py), written to a temporary folder and read back through the real
reader; a cold parse cache in a temporary file is filled by the first pass and read by the
second. Prints articles/s, tokens/s, per-article latency p50/p99 (from the reader handing an
article over to its extraction coming back), the server's start time and resident memory when
this script starts it, and the rules' own share of the time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import article  # noqa: E402
from cli.servers.corenlp import LocalCoreNLP  # noqa: E402
from graph.model import Article, Extraction  # noqa: E402
from graph.settings import Settings  # noqa: E402
from loaders.nlp.health import nlp_health  # noqa: E402
from loaders.nlp.model import ParsedDocument  # noqa: E402
from loaders.pipeline import extract_documents, extractor_for, keep_out_of_collections  # noqa: E402
from loaders.reading.inputs import Document, ReadError, read_inputs  # noqa: E402


def run(folder: Path, settings: Settings) -> dict[str, float]:
    extractor = extractor_for(settings)
    keep_out_of_collections()
    started: dict[str, float] = {}
    latencies: list[float] = []
    tokens = articles = 0
    rules = 0.0

    def timed_inputs() -> Iterator[Document | ReadError]:
        for item in read_inputs([str(folder)], settings.max_article_bytes):
            if not isinstance(item, ReadError):
                started[item.article.id] = time.perf_counter()
            yield item

    original_read = extractor.read

    def read(parsed: ParsedDocument, text: str, article: Article) -> Extraction:
        nonlocal rules, tokens
        began = time.perf_counter()
        result = original_read(parsed, text, article)
        rules += time.perf_counter() - began
        tokens += parsed.token_count
        return result

    extractor.read = read  # type: ignore[method-assign]
    began = time.perf_counter()
    for result in extract_documents(timed_inputs(), extractor):
        if isinstance(result, ReadError):
            raise SystemExit(f"{result.path}: {result.error}")
        articles += 1
        latencies.append(time.perf_counter() - started[result[0].article.id])
    seconds = time.perf_counter() - began
    extractor.close()
    ordered = sorted(latencies)
    return {
        "articles": articles,
        "seconds": seconds,
        "articles_per_s": articles / seconds,
        "tokens_per_s": tokens / seconds,
        "tokens_per_article": tokens / articles,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "rules_ms_per_article": rules / articles * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--words", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "corpus"
        folder.mkdir()
        for n in range(args.articles):
            (folder / f"{n:05d}.txt").write_text(article(70_000 + n, words=args.words))
        settings = Settings(parse_cache=Path(work) / "parses.sqlite3", parse_cache_enabled=True)
        server = LocalCoreNLP(settings)
        if not nlp_health(settings).ok:
            report = server.start(timeout=600)
            print(f"CoreNLP started in {report.start_seconds:.1f} s (annotators preloaded)")
        rss = server.rss()
        if rss:
            print(f"CoreNLP server resident memory: {rss / 2**20:,.0f} MiB")
        print(f"{args.articles} generated articles of ~{args.words} words, CoreNLP warm")
        for label in ("parse + rules (cold cache)", "from the parse cache"):
            figures = run(folder, settings)
            print(
                f"{label:28} {figures['articles_per_s']:7.2f} articles/s "
                f"{figures['tokens_per_s']:9,.0f} tokens/s "
                f"({figures['tokens_per_article']:.0f} tokens/article)  "
                f"latency p50 {figures['p50_ms']:,.0f} ms p99 {figures['p99_ms']:,.0f} ms  "
                f"rules {figures['rules_ms_per_article']:.1f} ms/article"
            )
        rss = server.rss()
        if rss:
            print(f"CoreNLP server resident memory after the run: {rss / 2**20:,.0f} MiB")


if __name__ == "__main__":
    main()

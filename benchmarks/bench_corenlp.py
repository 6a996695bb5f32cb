"""CoreNLP throughput per annotator configuration, and re-extraction from the parse cache.

Run: .venv/bin/python benchmarks/bench_corenlp.py [--articles 60] [--concurrency 1,2,4]
     [--configs conll4,default,...] [--port 9101] [--cache-articles 300]

For each configuration a fresh local server is started (its own home under
.actorgraph/bench-corenlp, a port from --port up) with exactly that pipeline preloaded; the
script reports its start time (until /ready) and resident memory, the latency of the first
request, then, after a warm-up, parses the same generated ~600-word articles
(benchmarks/news.py) through CoreNLPClient.parse_many at each client concurrency: articles/s,
tokens/s, per-article latency p50/p99, and the client's own CPU time per article. The server
is stopped before the next configuration starts. Figures on a shared machine are noisy: run it
twice.

"selective" measures parsing only what rules need: pass 1 runs tokenize..ner without the
dependency parser; pass 2 sends only the sentences holding at least two entity mentions, one
per line and pre-tokenised, to tokenize(whitespace),ssplit(eolonly),pos,depparse.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.news import news_article  # noqa: E402
from cli.servers.common import rss_bytes  # noqa: E402
from cli.servers.corenlp import LocalCoreNLP  # noqa: E402
from graph.settings import Settings  # noqa: E402
from loaders.nlp.client import CoreNLPClient  # noqa: E402
from loaders.nlp.model import ParsedDocument  # noqa: E402
from loaders.nlp.pipeline import Pipeline  # noqa: E402

CONFIGS: dict[str, Pipeline] = {
    # The recommended configuration: 4-class CRF, no numbers / SUTime / fine-grained classes.
    "conll4": Pipeline(ner="conll4"),
    "all3": Pipeline(ner="all3"),
    "default": Pipeline(ner="default"),
    "conll4-nomentions": Pipeline(ner="conll4", entity_mentions=False),
    "conll4-nodepparse": Pipeline(ner="conll4", depparse=False),
    "coref-statistical": Pipeline(ner="conll4", coref="statistical"),
    "coref-fastneural": Pipeline(ner="conll4", coref="fastneural"),
    "coref-neural": Pipeline(ner="conll4", coref="neural"),
    "coref-dcoref": Pipeline(ner="conll4", coref="dcoref"),
    "selective": Pipeline(ner="conll4", depparse=False),
    # The same work through httpx.AsyncClient instead of the client's thread pool.
    "conll4-async": Pipeline(ner="conll4"),
}
DEFAULT_CONFIGS = "conll4,all3,default,conll4-nomentions,conll4-nodepparse,selective"
PASS2 = {
    "annotators": "tokenize,ssplit,pos,depparse",
    "tokenize.language": "en",
    "tokenize.whitespace": "true",
    "ssplit.eolonly": "true",
    "depparse.model": "edu/stanford/nlp/models/parser/nndep/english_UD.gz",
}


class TimedClient(CoreNLPClient):
    """A CoreNLPClient that records each article's latency (request to document)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.latencies: list[float] = []
        self._latency_lock = threading.Lock()
        self.selective = False
        self.selected = [0, 0]  # sentences sent to pass 2, sentences in all

    def _annotate(self, text: str, pipeline: Pipeline) -> ParsedDocument:
        began = time.perf_counter()
        document = super()._annotate(text, pipeline)
        if self.selective:
            chosen = [s for s in document.sentences if len(s.mentions) >= 2]
            if chosen:
                lines = "\n".join(" ".join(t.word for t in s.tokens) for s in chosen)
                self._request(lines, PASS2)
            with self._latency_lock:
                self.selected[0] += len(chosen)
                self.selected[1] += len(document.sentences)
        with self._latency_lock:
            self.latencies.append(time.perf_counter() - began)
        return document


def run_async(
    settings: Settings, pipeline: Pipeline, texts: list[str], concurrency: int
) -> tuple[float, int, list[float], float]:
    """Async twin of CoreNLPClient.parse_many: one AsyncClient, a semaphore of ``concurrency``
    requests in flight, the same conversion, documents gathered in input order."""
    import asyncio

    import httpx

    from loaders.nlp.corenlp_json import convert_sentences

    properties = {
        **pipeline.properties(),
        "inputFormat": "text",
        "outputFormat": "json",
        "prettyPrint": "false",
    }
    params = {"properties": json.dumps(properties), "resetDefault": "true"}
    url = settings.nlp_urls[0] + "/"
    latencies: list[float] = []

    async def main() -> int:
        gate = asyncio.Semaphore(concurrency)
        async with httpx.AsyncClient(timeout=120) as client:

            async def one(text: str) -> ParsedDocument:
                async with gate:
                    began = time.perf_counter()
                    response = await client.post(url, params=params, content=text.encode())
                    response.raise_for_status()
                    document = ParsedDocument(tuple(convert_sentences(response.json(), text)))
                    latencies.append(time.perf_counter() - began)
                    return document

            documents = await asyncio.gather(*(one(text) for text in texts))
        return sum(d.token_count for d in documents)

    cpu = time.process_time()
    began = time.perf_counter()
    tokens = asyncio.run(main())
    return time.perf_counter() - began, tokens, latencies, time.process_time() - cpu


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(client: TimedClient, texts: list[str]) -> tuple[float, int, list[float], float]:
    client.latencies = []
    cpu = time.process_time()
    began = time.perf_counter()
    tokens = sum(doc.token_count for doc in client.parse_many(texts))
    return time.perf_counter() - began, tokens, client.latencies, time.process_time() - cpu


def bench_config(
    name: str,
    port: int,
    texts: list[str],
    concurrencies: list[int],
    warm: list[str],
    threads: int,
) -> Iterator[dict[str, Any]]:
    pipeline = CONFIGS[name]
    settings = Settings(
        corenlp_home=ROOT / ".actorgraph" / "bench-corenlp" / name,
        corenlp_port=port,
        corenlp_threads=threads,
        # Coreference fills a 3 GiB heap (statistical: ~3.2 GiB resident) and then spends its
        # time collecting garbage; its cost is measured with room to spare.
        corenlp_heap="5g" if pipeline.coref != "none" else "3g",
        parse_cache_enabled=False,
    )
    server = LocalCoreNLP(settings, pipeline)
    server.stop()
    report = server.start(timeout=600)
    try:
        rss_start = (server.rss() or 0) / 2**20
        client = TimedClient(settings, pipeline=pipeline, cache=None, parallelism=1)
        client.selective = name == "selective"
        first = time.perf_counter()
        client.parse(texts[0])
        first_request = time.perf_counter() - first
        client.close()
        for concurrency in concurrencies:
            client = TimedClient(settings, pipeline=pipeline, cache=None, parallelism=concurrency)
            client.selective = name == "selective"
            if name.endswith("-async"):
                run_async(settings, pipeline, warm, concurrency)
                seconds, tokens, latencies, cpu = run_async(settings, pipeline, texts, concurrency)
            else:
                run(client, warm)
                client.selected = [0, 0]
                seconds, tokens, latencies, cpu = run(client, texts)
            client.close()
            pid = server.running_pid()
            hwm = _vm_hwm(pid) if pid else None
            row = {
                "config": name,
                "annotators": ",".join(pipeline.annotators),
                "threads": server.threads(),
                "heap": settings.corenlp_heap,
                "concurrency": concurrency,
                "articles": len(texts),
                "articles_per_s": len(texts) / seconds,
                "tokens_per_article": tokens / len(texts),
                "tokens_per_s": tokens / seconds,
                "p50_ms": percentile(latencies, 0.5) * 1000,
                "p99_ms": percentile(latencies, 0.99) * 1000,
                "client_cpu_ms": cpu / len(texts) * 1000,
                "start_s": report.start_seconds,
                "first_request_ms": first_request * 1000,
                "rss_start_mib": rss_start,
                "rss_mib": (rss_bytes(pid) or 0) / 2**20 if pid else 0,
                "peak_rss_mib": (hwm or 0) / 2**20,
            }
            if client.selective:
                row["selected_sentences"] = client.selected[0] / max(1, client.selected[1])
            yield row
    finally:
        server.stop()


def _vm_hwm(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def bench_cache(port: int, n: int) -> dict[str, Any]:
    """Fill a fresh cache with n parses, then read them all back with a fresh client (what a
    re-extraction after a lexicon or rule change does)."""
    texts = [news_article(10_000 + seed) for seed in range(n)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "parses.sqlite3"
        settings = Settings(
            corenlp_home=ROOT / ".actorgraph" / "bench-corenlp" / "conll4",
            corenlp_port=port,
            parse_cache=path,
        )
        server = LocalCoreNLP(settings, CONFIGS["conll4"])
        server.stop()
        server.start(timeout=600)
        try:
            with CoreNLPClient(settings, parallelism=2) as client:
                began = time.perf_counter()
                tokens = sum(d.token_count for d in client.parse_many(texts))
                fill = time.perf_counter() - began
        finally:
            server.stop()
        # The server is gone: every article must now come from the cache.
        rounds = []
        for _ in range(2):
            with CoreNLPClient(settings) as client:
                began = time.perf_counter()
                again = sum(d.token_count for d in client.parse_many(texts))
                rounds.append(time.perf_counter() - began)
                stats = client.cache.stats() if client.cache else None
        assert again == tokens
        return {
            "articles": n,
            "fill_articles_per_s": n / fill,
            "cached_articles_per_s": n / min(rounds),
            "cached_ms_per_article": min(rounds) / n * 1000,
            "cache_bytes_per_article": (stats.bytes / n) if stats else 0,
            "cache_file_mib": path.stat().st_size / 2**20,
        }


def table(rows: list[dict[str, Any]], columns: list[tuple[str, str, Callable[[Any], str]]]) -> str:
    out = ["| " + " | ".join(title for _, title, _ in columns) + " |"]
    out.append("|" + "---|" * len(columns))
    for row in rows:
        out.append("| " + " | ".join(fmt(row.get(key, "")) for key, _, fmt in columns) + " |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--concurrency", default="1,2,4")
    parser.add_argument("--configs", default=DEFAULT_CONFIGS)
    parser.add_argument("--threads", type=int, default=0, help="server threads (0: one a core)")
    parser.add_argument("--port", type=int, default=9101)
    parser.add_argument("--cache-articles", type=int, default=300, help="0 skips the cache run")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()

    texts = [news_article(seed) for seed in range(args.articles)]
    warm = [news_article(5_000 + seed) for seed in range(args.warmup)]
    words = statistics.mean(len(t.split()) for t in texts)
    print(f"{len(texts)} generated articles, {words:.0f} words each on average", flush=True)
    concurrencies = [int(c) for c in args.concurrency.split(",")]
    rows: list[dict[str, Any]] = []
    for name in args.configs.split(","):
        for row in bench_config(name, args.port, texts, concurrencies, warm, args.threads):
            rows.append(row)
            print(json.dumps(row), flush=True)

    f0: Callable[[Any], str] = lambda v: f"{v:,.0f}" if isinstance(v, int | float) else str(v)  # noqa: E731
    f1: Callable[[Any], str] = lambda v: f"{v:.1f}" if isinstance(v, int | float) else str(v)  # noqa: E731
    f2: Callable[[Any], str] = lambda v: f"{v:.2f}" if isinstance(v, int | float) else str(v)  # noqa: E731
    pct: Callable[[Any], str] = lambda v: f"{v:.0%}" if isinstance(v, float) else ""  # noqa: E731
    print()
    print(
        table(
            rows,
            [
                ("config", "config", str),
                ("concurrency", "client conc.", str),
                ("articles_per_s", "articles/s", f2),
                ("tokens_per_s", "tokens/s", f0),
                ("p50_ms", "p50 ms", f0),
                ("p99_ms", "p99 ms", f0),
                ("client_cpu_ms", "client CPU ms/article", f1),
                ("start_s", "server start s", f1),
                ("first_request_ms", "first request ms", f0),
                ("rss_start_mib", "RSS after start MiB", f0),
                ("peak_rss_mib", "peak RSS MiB", f0),
                ("selected_sentences", "sentences parsed", pct),
            ],
        )
    )
    if args.cache_articles:
        cache = bench_cache(args.port, args.cache_articles)
        print(json.dumps(cache), flush=True)
        print()
        print(
            table(
                [cache],
                [
                    ("articles", "articles", str),
                    ("fill_articles_per_s", "parse + store articles/s", f2),
                    ("cached_articles_per_s", "from cache articles/s", f0),
                    ("cached_ms_per_article", "ms/article", f2),
                    ("cache_bytes_per_article", "bytes/article", f0),
                    ("cache_file_mib", "file MiB", f1),
                ],
            )
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()

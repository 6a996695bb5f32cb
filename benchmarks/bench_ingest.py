"""Ingest throughput: actorgraph into Neo4j vs Neo4j's own LOAD CSV of the same statements,
and the embedded store, on one generated corpus.

Run: .venv/bin/python benchmarks/bench_ingest.py [--articles 10000] [--words 300]

Uses the local Neo4j from `scripts/neo4j-local` (started if it is not running): LOAD CSV reads
from that server's import folder. The database is wiped before each measurement.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import article  # noqa: E402
from graph import cypher  # noqa: E402
from graph.embedded_store import EmbeddedStore  # noqa: E402
from graph.model import Article, Extraction, article_id  # noqa: E402
from graph.neo4j_local import LocalNeo4j  # noqa: E402
from graph.neo4j_store import MODALITY_ORDER, Neo4jStore  # noqa: E402
from graph.settings import Settings  # noqa: E402
from graph.statements import rows_for  # noqa: E402
from loaders.extract import Extractor  # noqa: E402

SEP = "|"


def extract_corpus(count: int, words: int) -> list[Extraction]:
    extractor = Extractor()
    out = []
    for seed in range(count):
        text = article(seed, words)
        published = f"20{10 + seed % 16:02d}-{1 + seed % 12:02d}-{1 + seed % 28:02d}"
        meta = Article(
            id=article_id(text),
            title=f"Generated {seed}",
            path=f"gen/{seed}.txt",
            published=published,
        )  # type: ignore[arg-type]
        out.append(extractor.extract(text, meta))
    return out


def write_csvs(extractions: list[Extraction], folder: Path) -> dict[str, str]:
    actors: dict[str, dict[str, object]] = {}
    files = {
        name: folder / f"bench_{name}.csv"
        for name in ("actors", "articles", "mentions", "statements")
    }
    handles = {name: path.open("w", newline="", encoding="utf-8") for name, path in files.items()}
    writers: dict[str, csv.DictWriter[str]] = {}
    try:
        for extraction in extractions:
            rows = rows_for(extraction, {}, "2026-01-01T00:00:00")
            for row in rows.actors:
                known = actors.setdefault(row["id"], {**row, "aliases": list(row["aliases"])})
                known["aliases"] = list(dict.fromkeys([*known["aliases"], *row["aliases"]]))  # type: ignore[misc]
            for name, items in (
                ("articles", [rows.article]),
                ("mentions", [{**m, "article": rows.article["id"]} for m in rows.mentions]),
                ("statements", rows.statements),
            ):
                for item in items:
                    if name not in writers:
                        writers[name] = csv.DictWriter(handles[name], fieldnames=list(item))
                        writers[name].writeheader()
                    writers[name].writerow(_csv_row(item))
        actor_writer = csv.DictWriter(
            handles["actors"], fieldnames=list(next(iter(actors.values())))
        )
        actor_writer.writeheader()
        for row in actors.values():
            actor_writer.writerow(_csv_row({**row, "aliases": SEP.join(row["aliases"])}))  # type: ignore[arg-type]
    finally:
        for handle in handles.values():
            handle.close()
    return {name: f"file:///{path.name}" for name, path in files.items()}


def _csv_row(row: dict[str, object]) -> dict[str, object]:
    return {
        k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v)
        for k, v in row.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--batch", type=int, default=50, help="articles per Neo4j transaction")
    args = parser.parse_args()

    began = time.perf_counter()
    extractions = extract_corpus(args.articles, args.words)
    statements = sum(len(rows_for(e, {}, "").statements) for e in extractions)
    print(
        f"corpus: {args.articles} articles of ~{args.words} words, {statements} statements "
        f"(extracted in {time.perf_counter() - began:.1f}s, not counted below)"
    )

    settings = Settings()
    server = LocalNeo4j(settings)
    started = server.start()
    store = Neo4jStore.from_settings(settings.model_copy(update={"neo4j_uri": started.bolt_uri}))
    results = []
    try:
        store.wipe()
        store.init_schema()
        began = time.perf_counter()
        for outcome in store.ingest_many(extractions, batch_size=args.batch):
            if not hasattr(outcome, "status"):
                raise SystemExit(f"ingest failed: {outcome}")
        ingest_seconds = time.perf_counter() - began
        counts = store.counts()
        results.append(("actorgraph -> Neo4j", ingest_seconds, counts.statements, counts.edges))

        store.wipe()
        store.init_schema()
        files = write_csvs(extractions, server.home / "import")
        began = time.perf_counter()
        with store._driver.session() as session:
            for name, file in (
                ("actors", files["actors"]),
                ("articles", files["articles"]),
                ("mentions", files["mentions"]),
                ("statements", files["statements"]),
            ):
                session.run(cypher.statement(f"bench_load_{name}"), file=file, sep=SEP).consume()
            session.run(
                cypher.statement("bench_build_edges"), modality_order=MODALITY_ORDER
            ).consume()
        csv_seconds = time.perf_counter() - began
        csv_counts = store.counts()
        results.append(("Neo4j LOAD CSV", csv_seconds, csv_counts.statements, csv_counts.edges))
    finally:
        store.wipe()
        store.close()
        if not started.already_running:
            server.stop()

    with tempfile.TemporaryDirectory() as tmp:
        embedded = EmbeddedStore(Path(tmp) / "graph.json")
        began = time.perf_counter()
        for outcome in embedded.ingest_many(extractions):
            if not hasattr(outcome, "status"):
                raise SystemExit(f"ingest failed: {outcome}")
        embedded_seconds = time.perf_counter() - began
        e_counts = embedded.counts()
        size = (Path(tmp) / "graph.json").stat().st_size / 2**20
        results.append(
            ("actorgraph -> embedded", embedded_seconds, e_counts.statements, e_counts.edges)
        )

    print(
        f"{'writer':<24} {'seconds':>8} {'statements':>10} {'edges':>7} {'stmts/s':>8} {'art/s':>7}"
    )
    for name, seconds, stmts, edges in results:
        print(
            f"{name:<24} {seconds:>8.1f} {stmts:>10} {edges:>7} {stmts / seconds:>8.0f} "
            f"{args.articles / seconds:>7.0f}"
        )
    print(
        f"actorgraph/LOAD CSV throughput ratio: {csv_seconds / ingest_seconds:.2f} "
        f"(goal >= 0.5); embedded file {size:.0f} MiB"
    )


if __name__ == "__main__":
    main()

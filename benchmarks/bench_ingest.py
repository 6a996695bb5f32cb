"""Ingest throughput, per corpus profile: actorgraph into Neo4j next to Neo4j's own LOAD CSV of
the same rows (in the same run), and into the embedded SQLite store.

Run: .venv/bin/python benchmarks/bench_ingest.py [--articles 10000] [--profile hub zipf]

hub: generated news articles read by the real extractor (108 actors, all hubs); zipf: 5,000
actors named Zipf-like (a few in most articles, thousands in a handful). Extraction is not
counted. Uses the local Neo4j from `scripts/neo4j-local` (started if it is not running):
LOAD CSV reads from that server's import folder. The database is wiped before each run.
"""

from __future__ import annotations

import argparse
import csv
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import bench_statement, corpus  # noqa: E402
from cli.servers.neo4j import LocalNeo4j  # noqa: E402
from graph.model import (  # noqa: E402
    ActorType,
    Extraction,
    merge_actor_fields,
)
from graph.settings import Settings  # noqa: E402
from graph.store import Neo4jStore, SqliteStore  # noqa: E402
from graph.store.aggregate import EVIDENCE_KEPT  # noqa: E402
from graph.store.engine import rows_for  # noqa: E402
from graph.store.neo4j import Neo4jBackend  # noqa: E402

SEP = "|"
# The last commit with the JSON embedded store: its rate is measured in the same run.
OLD_STORE_COMMIT = "5c6f08d"
OLD_STORE_RUN = """
import pickle, sys, time
from pathlib import Path
from graph.embedded_store import EmbeddedStore

extractions = pickle.loads(Path(sys.argv[1]).read_bytes())
store = EmbeddedStore(Path(sys.argv[2]))
began = time.perf_counter()
for outcome in store.ingest_many(extractions):
    assert hasattr(outcome, "status"), outcome
print(time.perf_counter() - began)
"""


def old_json_store_seconds(extractions: list[Extraction], tmp: Path) -> float | None:
    """Seconds the old JSON embedded store takes for the same extractions, run from git history
    in a subprocess; None outside a git checkout."""
    old = tmp / "old"
    old.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", OLD_STORE_COMMIT, "graph"],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    data = tmp / "extractions.pickle"
    data.write_bytes(pickle.dumps(extractions))
    done = subprocess.run(
        [sys.executable, "-c", OLD_STORE_RUN, str(data), str(tmp / "graph.json")],
        env={**os.environ, "PYTHONPATH": str(old)},
        cwd=old,  # not the checkout: its graph package would shadow the old one
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


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
                actors[row["id"]] = merge_actor_fields(actors.get(row["id"]), row)
            for name, items in (
                ("articles", [rows.article]),
                ("mentions", rows.mentions),
                ("statements", rows.statements),
            ):
                for item in items:
                    if name not in writers:
                        writers[name] = csv.DictWriter(handles[name], fieldnames=list(item))
                        writers[name].writeheader()
                    writers[name].writerow(_csv_row(item))
        fields = ["id", "name", "type", "label", "aliases", "wikidata_id", "country", "role"]
        actor_writer = csv.DictWriter(handles["actors"], fieldnames=fields)
        actor_writer.writeheader()
        for row in actors.values():
            out = {f: row.get(f) for f in fields}
            out["aliases"] = SEP.join(row["aliases"])  # type: ignore[arg-type]
            out["label"] = ActorType(str(row["type"])).label
            actor_writer.writerow(_csv_row(out))
    finally:
        for handle in handles.values():
            handle.close()
    return {name: f"file:///{path.name}" for name, path in files.items()}


def _csv_row(row: dict[str, object]) -> dict[str, object]:
    return {
        k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v)
        for k, v in row.items()
    }


def timed_ingest(store: object, extractions: list[Extraction]) -> float:
    began = time.perf_counter()
    for outcome in store.ingest_many(extractions):  # type: ignore[attr-defined]
        if not hasattr(outcome, "status"):
            raise SystemExit(f"ingest failed: {outcome}")
    return time.perf_counter() - began


def run_profile(profile: str, count: int, batch: int, server: LocalNeo4j, uri: str) -> None:
    began = time.perf_counter()
    extractions = corpus(profile, count)
    statements = sum(len(rows_for(e, {}, "").statements) for e in extractions)
    actors = len({a.id for e in extractions for a in e.actors})
    print(
        f"\n[{profile}] {count} articles, {actors} actors, {statements} statements "
        f"(made in {time.perf_counter() - began:.1f}s, not counted below)"
    )
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.db"
        embedded = SqliteStore(path)
        seconds = timed_ingest(embedded, extractions)
        counts = embedded.counts()
        embedded.close()
        size = path.stat().st_size / 2**20
        results.append(("actorgraph -> SQLite", seconds, counts.statements, counts.edges))
        old_seconds = old_json_store_seconds(extractions, Path(tmp))
        if old_seconds is not None:
            results.append(("old JSON store", old_seconds, counts.statements, counts.edges))

    settings = Settings().model_copy(update={"neo4j_uri": uri})
    store = Neo4jStore(Neo4jBackend.from_settings(settings).with_batch_size(batch))
    try:
        store.wipe()
        store.init_schema()
        ingest_seconds = timed_ingest(store, extractions)
        counts = store.counts()
        results.append(
            (f"actorgraph -> Neo4j ({batch}/tx)", ingest_seconds, counts.statements, counts.edges)
        )
        store.wipe()
        store.init_schema()
        files = write_csvs(extractions, server.home / "import")
        began = time.perf_counter()
        for name in ("actors", "articles", "mentions", "statements"):
            store.backend.execute(
                bench_statement(f"bench_load_{name}"), {"file": files[name], "sep": SEP}
            )
        store.backend.execute(bench_statement("bench_build_edges"), {"keep": EVIDENCE_KEPT})
        csv_seconds = time.perf_counter() - began
        csv_counts = store.counts()
        results.append(("Neo4j LOAD CSV", csv_seconds, csv_counts.statements, csv_counts.edges))
    finally:
        store.wipe()
        store.close()

    print(
        f"{'writer':<28} {'seconds':>8} {'statements':>10} {'edges':>7} {'stmts/s':>8} {'art/s':>7}"
    )
    for name, seconds, stmts, edges in results:
        print(
            f"{name:<28} {seconds:>8.1f} {stmts:>10} {edges:>7} {stmts / seconds:>8.0f} "
            f"{count / seconds:>7.0f}"
        )
    print(
        f"[{profile}] actorgraph/LOAD CSV throughput ratio: {csv_seconds / ingest_seconds:.2f} "
        f"(goal >= 0.5); SQLite file {size:.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--profile", nargs="+", default=["hub", "zipf"], choices=["hub", "zipf"])
    parser.add_argument("--batch", type=int, default=50, help="articles per Neo4j transaction")
    args = parser.parse_args()
    server = LocalNeo4j(Settings())
    started = server.start()
    try:
        for profile in args.profile:
            run_profile(profile, args.articles, args.batch, server, started.url)
    finally:
        if not started.already_running:
            server.stop()


if __name__ == "__main__":
    main()

"""A re-run that skips stored articles (``AlreadyStored``) writes the graph a full re-run
writes: the placeholders keep the writer's batches where they were, and without them the
batches shift and the floating-point sums come out different."""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus import synthetic_extraction
from graph.model import Extraction
from graph.results import AlreadyStored, IngestStatus
from graph.store import SqliteStore
from tests.cluster.dump import dump

ARTICLES = 200  # hub profile: every edge gets statements from most batches
FIRST = 13  # stored before the re-run: not a multiple of SQLite's 20 articles a batch


def _store(path: Path, *runs: list[Extraction | AlreadyStored]) -> str:
    store = SqliteStore(path)
    try:
        for run in runs:
            list(store.ingest_many(run))
        return dump(store)
    finally:
        store.close()


def test_placeholders_give_the_graph_of_a_full_rerun(tmp_path: Path) -> None:
    items: list[Extraction | AlreadyStored] = [
        synthetic_extraction(seed, "hub") for seed in range(ARTICLES)
    ]
    first = items[:FIRST]
    placeholders: list[Extraction | AlreadyStored] = [
        AlreadyStored(e.article.id, e.article.path) for e in first if isinstance(e, Extraction)
    ]
    full = _store(tmp_path / "full.db", first, items)
    skipped = _store(tmp_path / "skipped.db", first, placeholders + items[FIRST:])
    assert skipped == full
    # Leaving the stored articles out instead moves every later batch boundary by FIRST: the
    # same statements are summed in other groups, and the sums differ in their last bits.
    shifted = _store(tmp_path / "shifted.db", first, items[FIRST:])
    assert shifted != full


def test_placeholders_come_out_unchanged_and_skipped(tmp_path: Path) -> None:
    from graph.ingest import ingest

    items = [synthetic_extraction(seed) for seed in range(3)]
    store = SqliteStore(tmp_path / "graph.db")
    try:
        list(store.ingest_many(items[:1]))
        first = items[0]
        summary = ingest([AlreadyStored(first.article.id, first.article.path), *items[1:]], store)
        assert (summary.new, summary.unchanged, summary.skipped) == (2, 1, 1)
        versions = store.article_versions([e.article.id for e in items] + ["unknown-id"])
        assert versions == {e.article.id: "bench" for e in items}
        [result] = list(store.ingest_many([AlreadyStored(first.article.id)]))
        assert not isinstance(result, Exception) and result.status is IngestStatus.UNCHANGED
    finally:
        store.close()


def test_the_order_of_writes_shows_in_the_graph(tmp_path: Path) -> None:
    """Why the cluster writes in input order: the same articles written in another order give
    another graph (names kept from the first article, sums folded in another order)."""
    items: list[Extraction | AlreadyStored] = [
        synthetic_extraction(seed, "zipf") for seed in range(ARTICLES)
    ]
    assert _store(tmp_path / "a.db", items) != _store(tmp_path / "b.db", items[::-1])

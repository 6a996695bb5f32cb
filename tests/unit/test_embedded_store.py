"""The embedded (SQLite) store's own guarantees; the shared ones are in tests/contract."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.corpus import synthetic_extraction
from graph.errors import StoreCorrupt
from graph.model import Extraction
from graph.store import EdgeQuery, SqliteStore
from graph.store.migrate import migrate
from tests.conftest import ROOT
from tests.legacy_store import old_json_store


def test_articles_read_before_a_failing_input_are_saved(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    def extractions() -> Iterator[Extraction]:
        yield from samples[:2]
        raise RuntimeError("reader bug")

    store = SqliteStore(tmp_path / "graph.db")
    with pytest.raises(RuntimeError):
        list(store.ingest_many(extractions()))
    # Both were reported as stored: a fresh process must find them.
    assert SqliteStore(tmp_path / "graph.db").counts().articles == 2


# -- a store named through a symlink ------------------------------------------------------------


def test_a_symlinked_store_is_written_through_to_its_target(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    real = tmp_path / "data" / "graph.db"
    real.parent.mkdir()
    first = SqliteStore(real)
    first.ingest(samples[0])
    first.close()
    os.chmod(real, 0o640)
    link = tmp_path / "links" / "graph.db"
    link.parent.mkdir()
    link.symlink_to(real)

    through = SqliteStore(link)
    through.ingest(samples[1])
    through.close()
    assert link.is_symlink() and link.resolve() == real
    assert SqliteStore(real).counts().articles == 2  # the target is current
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in link.parent.iterdir()) == ["graph.db"]  # nothing beside the link


def test_a_new_store_is_private_to_its_owner(tmp_path: Path) -> None:
    """The store holds article text: a new one is 0600 (its WAL and shared-memory files too)
    in folders created 0700, whatever the umask; an existing file keeps its mode."""
    before = stat.S_IMODE(tmp_path.stat().st_mode)
    old = os.umask(0o022)
    try:
        store = SqliteStore(tmp_path / "new" / "deeper" / "graph.db")
        store.ingest(synthetic_extraction(1, "hub"))
        files = sorted(p.name for p in (tmp_path / "new" / "deeper").iterdir())
        modes = {
            name: stat.S_IMODE((tmp_path / "new" / "deeper" / name).stat().st_mode)
            for name in files
        }
        store.close()
    finally:
        os.umask(old)
    assert files == ["graph.db", "graph.db-shm", "graph.db-wal"]
    assert modes == dict.fromkeys(files, 0o600)
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(tmp_path.stat().st_mode) == before  # an existing folder is left alone


# -- another process writing, or killed while writing ---------------------------------------------

HOLD_WRITE = """
import sys, time
from pathlib import Path
from graph.store import SqliteStore

store = SqliteStore(Path(sys.argv[1]))
ARTICLE = {"id": "f" * 64, "title": "half-written", "source": None, "url": None,
           "published": None, "path": None, "ingested_at": None, "extractor_version": "x",
           "story": "f" * 64, "canonical_url": None, "outlet": None}

def hold(tx):
    tx.write_articles([ARTICLE], [], [])  # written, not committed
    tx.bump_version()
    print("writing", flush=True)
    time.sleep(120)

store.backend.write(hold)
"""


@pytest.fixture()
def writer_holding(tmp_path: Path, samples: list[Extraction]) -> Iterator[Path]:
    """A store with one article, and another process in the middle of writing a second one."""
    path = tmp_path / "graph.db"
    store = SqliteStore(path)
    store.ingest(samples[0])
    store.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "writing"
        yield path
    finally:
        holder.kill()
        holder.communicate()


def test_readers_answer_while_another_process_writes(writer_holding: Path) -> None:
    answers: list[object] = []

    def ask() -> None:
        store = SqliteStore(writer_holding)
        answers.append(store.ping())
        answers.append(store.counts().articles)
        answers.append(len(store.edges(EdgeQuery())) > 0)

    started = time.monotonic()
    asking = threading.Thread(target=ask)
    asking.start()
    asking.join(timeout=10)
    assert answers == [True, 1, True], "a reader waited for the writer"
    assert time.monotonic() - started < 5


def test_a_killed_writer_leaves_nothing_to_clean_up(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    path = tmp_path / "graph.db"
    store = SqliteStore(path)
    store.ingest(samples[0])
    store.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "writing"
    holder.kill()  # SIGKILL in the middle of a transaction
    holder.communicate()
    after = SqliteStore(path)
    assert after.counts().articles == 1  # the half-written article is gone
    after.ingest(samples[1])  # and the store is writable at once
    assert after.counts().articles == 2


def test_ping_says_whether_the_store_can_be_used(tmp_path: Path) -> None:
    assert SqliteStore(tmp_path / "new" / "graph.db").ping()  # created on first use
    (tmp_path / "folder.db").mkdir()
    assert not SqliteStore(tmp_path / "folder.db").ping()


# -- counts and versions ------------------------------------------------------------------------


def raw_statement_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT a.id, count(s.id) FROM articles a "
            "LEFT JOIN statements s ON s.article_id = a.id GROUP BY a.id"
        ).fetchall()
    return dict(rows)


def listed_counts(store: SqliteStore) -> dict[str, int]:
    page = store.list_articles(limit=500, offset=0)
    return {item.article.id: item.statements for item in page.items}


def test_statement_counts_follow_replace_merge_and_retract(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    store = SqliteStore(tmp_path / "graph.db")
    for extraction in samples:
        store.ingest(extraction)
    newer = samples[1].model_copy(
        update={
            "relations": [
                r.model_copy(update={"extractor_version": "9.9.9"})
                for r in samples[1].relations[:3]
            ]
        }
    )
    store.ingest(newer)  # replaced: three statements now
    assert listed_counts(store)[samples[1].article.id] == 3
    edge = store.edges(EdgeQuery())[0]
    store.merge_actors(edge.source, edge.target)  # statements between the two are dropped
    store.retract(samples[2].article.id)
    assert listed_counts(store) == raw_statement_counts(tmp_path / "graph.db")


# -- the old JSON store ---------------------------------------------------------------------------


def test_a_json_store_is_refused_naming_migrate(tmp_path: Path, samples: list[Extraction]) -> None:
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(old_json_store(samples)))
    before = path.read_bytes()
    with pytest.raises(StoreCorrupt, match=f"actorgraph migrate {path}"):
        SqliteStore(path).counts()
    assert path.read_bytes() == before


def test_migrate_imports_the_json_store_as_ingest_would_have_written_it(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    old = tmp_path / "graph.json"
    old.write_text(json.dumps(old_json_store(samples)))
    imported = SqliteStore(tmp_path / "imported.db")
    counts = migrate(old, imported)
    ingested = SqliteStore(tmp_path / "ingested.db")
    for extraction in samples:
        ingested.ingest(extraction)
    assert counts == ingested.counts()
    assert imported.edges(EdgeQuery()) == ingested.edges(EdgeQuery())
    assert imported.find_actors("houthi", None, 5, 0) == ingested.find_actors("houthi", None, 5, 0)


def test_migrate_into_a_store_that_holds_some_articles_adds_up_as_ingest_does(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    # migrate writes through the engine: an article both stores hold counts once.
    old = tmp_path / "graph.json"
    old.write_text(json.dumps(old_json_store(samples)))
    target = SqliteStore(tmp_path / "target.db")
    target.ingest(samples[0])
    migrate(old, target)
    ingested = SqliteStore(tmp_path / "ingested.db")
    for extraction in samples:
        ingested.ingest(extraction)
    assert target.counts() == ingested.counts()
    assert target.edges(EdgeQuery()) == ingested.edges(EdgeQuery())


@pytest.mark.parametrize("damage", ["truncated", "not json", "link without article_id"])
def test_migrate_refuses_a_damaged_json_store(
    tmp_path: Path, samples: list[Extraction], damage: str
) -> None:
    data = old_json_store(samples)
    if damage == "link without article_id":
        del data["links"][2]["article_id"]
    text = json.dumps(data)
    old = tmp_path / "graph.json"
    old.write_text({"truncated": text[: len(text) // 2], "not json": "hello"}.get(damage, text))
    target = SqliteStore(tmp_path / "graph.db")
    with pytest.raises(StoreCorrupt, match="corrupt store"):
        migrate(old, target)
    assert target.counts().articles == 0


def test_another_process_closing_the_store_never_breaks_this_ones_writes(tmp_path: Path) -> None:
    """A new thread's connection must not drop this process's SQLite locks (reading the file's
    header would): another process closing the store would then delete the WAL under it."""
    path = tmp_path / "graph.db"
    store = SqliteStore(path)
    store.init_schema()
    url = "https://wire.example/rss.xml"
    store.add_feed(url, None, None)
    reader = (
        "import sys; from pathlib import Path; from graph.store import SqliteStore; "
        "s = SqliteStore(Path(sys.argv[1])); s.feeds(); s.close()"
    )
    try:
        for errors in range(1, 4):
            thread = threading.Thread(target=store.feeds)  # a connection of its own
            thread.start()
            thread.join()
            subprocess.run([sys.executable, "-c", reader, str(path)], cwd=ROOT, check=True)
            store.save_feed_states([{"url": url, "errors": errors}])
            assert store.feeds()[0].errors == errors
    finally:
        store.close()

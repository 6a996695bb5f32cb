"""The embedded store's own guarantees (the shared ones are in tests/contract)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.embedded_store import EmbeddedStore
from graph.model import Extraction
from tests.conftest import ROOT


def test_articles_read_before_a_failing_input_are_saved(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    def extractions() -> Iterator[Extraction]:
        yield from samples[:2]
        raise RuntimeError("reader bug")

    store = EmbeddedStore(tmp_path / "graph.json")
    with pytest.raises(RuntimeError):
        list(store.ingest_many(extractions()))
    # Both were reported as stored: a fresh process must find them.
    assert EmbeddedStore(tmp_path / "graph.json").counts().articles == 2


# -- a store named through a symlink ------------------------------------------------------------


def test_a_symlinked_store_is_written_through_to_its_target(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    real = tmp_path / "data" / "graph.json"
    real.parent.mkdir()
    EmbeddedStore(real).ingest(samples[0])
    os.chmod(real, 0o640)
    link = tmp_path / "links" / "graph.json"
    link.parent.mkdir()
    link.symlink_to(real)

    EmbeddedStore(link).ingest(samples[1])
    assert link.is_symlink() and link.resolve() == real
    assert EmbeddedStore(real).counts().articles == 2  # the target is current, not stale
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert not [p for p in link.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_new_store_gets_the_default_file_mode(tmp_path: Path, samples: list[Extraction]) -> None:
    old = os.umask(0o022)
    try:
        EmbeddedStore(tmp_path / "graph.json").ingest(samples[0])
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "graph.json").stat().st_mode) == 0o644


# -- temporary files of a crashed save ------------------------------------------------------------


def test_stale_temporary_files_are_removed_under_the_write_lock(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    store = EmbeddedStore(tmp_path / "graph.json")
    store.ingest(samples[0])
    # What a save killed half-way leaves behind, in the old and the new naming.
    stale = [tmp_path / "graph.jsonk2x9_q7a.tmp", tmp_path / "graph.json.0123456789abcdef.tmp"]
    others = [tmp_path / "graph.json.bak", tmp_path / "other.json.0123456789abcdef.tmp"]
    for path in (*stale, *others):
        path.write_text("{}")
    store.counts()  # a read takes the shared lock: nothing is removed
    assert all(p.exists() for p in stale)
    store.ingest(samples[1])
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in others)


# -- ping while a writer holds the lock -----------------------------------------------------------

HOLD_LOCK = """
import sys, time
from pathlib import Path
from graph.embedded_store import EmbeddedStore

store = EmbeddedStore(Path(sys.argv[1]))
with store._locked(exclusive=True):
    print("locked", flush=True)
    time.sleep(120)
"""


def test_ping_answers_while_another_process_holds_the_write_lock(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    path = tmp_path / "graph.json"
    EmbeddedStore(path).ingest(samples[0])
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        answers: list[bool] = []
        asking = threading.Thread(target=lambda: answers.append(EmbeddedStore(path).ping()))
        asking.start()
        asking.join(timeout=10)
        assert answers == [True], "ping waited for the lock"
    finally:
        holder.kill()
        holder.wait()


def test_ping_says_whether_the_store_can_be_used(tmp_path: Path) -> None:
    assert EmbeddedStore(tmp_path / "new" / "graph.json").ping()  # created on first write
    (tmp_path / "folder.json").mkdir()
    assert not EmbeddedStore(tmp_path / "folder.json").ping()


# -- listing articles without scanning every statement --------------------------------------------


class CountingEdges:
    """Stands for the graph's edge view and counts every pass over the statements."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.passes = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.passes += 1
        return self.real(*args, **kwargs)

    def __iter__(self) -> Iterator[Any]:
        self.passes += 1
        return iter(self.real)


def brute_force_counts(store: EmbeddedStore) -> dict[str, int]:
    counts = {a: 0 for a in store.graph.graph["articles"]}
    for *_, data in store.graph.edges(data=True):
        counts[data["article_id"]] += 1
    return counts


def listed_counts(store: EmbeddedStore) -> dict[str, int]:
    page = store.list_articles(limit=500, offset=0)
    return {item.article.id: item.statements for item in page.items}


def test_listing_articles_does_not_scan_the_statements(
    tmp_path: Path, samples: list[Extraction], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = EmbeddedStore(tmp_path / "graph.json")
    for extraction in samples:
        store.ingest(extraction)
    store.counts()  # loaded and current
    edges = CountingEdges(store.graph.edges)
    monkeypatch.setattr(store.graph, "edges", edges)
    listed = listed_counts(store)
    detail = store.get_article(samples[0].article.id)
    assert edges.passes == 0
    monkeypatch.undo()
    assert listed == brute_force_counts(store)
    assert detail.statements == listed[samples[0].article.id]


def test_statement_counts_follow_replace_merge_and_retract(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    store = EmbeddedStore(tmp_path / "graph.json")
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
    edge = next(iter(store.graph.edges(data=True)))
    store.merge_actors(edge[0], edge[1])  # statements between the two are dropped
    store.retract(samples[2].article.id)
    fresh = EmbeddedStore(tmp_path / "graph.json")
    assert listed_counts(fresh) == brute_force_counts(fresh)


def test_a_store_written_before_the_counts_lists_the_same(
    tmp_path: Path, samples: list[Extraction]
) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    for extraction in samples:
        store.ingest(extraction)
    expected = listed_counts(store)
    data = json.loads(path.read_text())
    for meta in data["graph"]["articles"].values():
        meta.pop("statements", None)
    path.write_text(json.dumps(data))
    assert listed_counts(EmbeddedStore(path)) == expected

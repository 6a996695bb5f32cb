"""The parse cache: keys, size cap, corrupt rows, several processes writing at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from pathlib import Path

from graph.settings import Settings
from loaders.nlp.cache import ParseCache
from loaders.nlp.corenlp_json import convert_sentences
from loaders.nlp.model import ParsedDocument
from tests.unit.nlp_fake import fake_annotation


def document(text: str) -> ParsedDocument:
    return ParsedDocument(tuple(convert_sentences(fake_annotation(text), text)), (), "sig")


def stored_bytes(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as db:
        total = db.execute("SELECT coalesce(sum(size), 0) FROM parses").fetchone()[0]
        counter = db.execute("SELECT value FROM meta WHERE name = 'bytes'").fetchone()[0]
    return total, counter


def test_a_parse_is_found_under_its_text_and_pipeline_only(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "c.sqlite3", 10_000_000)
    doc = document("Iran backs Syria")
    cache.put("Iran backs Syria", "sig-a", doc)
    assert cache.get("Iran backs Syria", "sig-a") == doc
    assert cache.get("Iran backs Syria", "sig-b") is None
    assert cache.get("Iran backs Syria ", "sig-a") is None  # offsets depend on the exact text
    cache.put("Iran backs Syria", "sig-a", doc)  # replacing keeps the byte count exact
    stats = cache.stats()
    assert stats.entries == 1
    assert stored_bytes(cache.path) == (stats.bytes, stats.bytes)
    with sqlite3.connect(cache.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    cache.clear()
    assert cache.stats().entries == 0 and cache.stats().bytes == 0


def test_the_oldest_parses_are_evicted_past_the_cap(tmp_path: Path) -> None:
    texts = [f"Article {i} " + " ".join(f"w{i}x{j}" for j in range(200)) for i in range(30)]
    one = len(ParseCache(tmp_path / "probe.sqlite3", 10**9)._compressed(document(texts[0])))
    cache = ParseCache(tmp_path / "c.sqlite3", one * 10)
    for text in texts:
        cache.put(text, "sig", document(text))
        time.sleep(0.002)  # distinct creation times
    stats = cache.stats()
    assert stats.bytes <= one * 10
    assert 5 <= stats.entries <= 10
    assert cache.get(texts[-1], "sig") is not None
    assert cache.get(texts[0], "sig") is None
    assert stored_bytes(cache.path) == (stats.bytes, stats.bytes)


def test_an_unreadable_row_is_a_miss(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "c.sqlite3", 10_000_000)
    cache.put("Iran", "sig", document("Iran"))
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE parses SET data = x'00ff'")
    assert cache.get("Iran", "sig") is None


def test_the_cache_follows_the_settings(tmp_path: Path) -> None:
    assert ParseCache.from_settings(Settings(parse_cache_enabled=False)) is None
    cache = ParseCache.from_settings(
        Settings(parse_cache=tmp_path / "p.sqlite3", parse_cache_max_mb=1)
    )
    assert cache is not None and cache.max_bytes == 1024 * 1024


def _writer(path: str, worker: int) -> None:
    cache = ParseCache(Path(path), 10**9)
    for i in range(25):
        text = f"worker {worker} article {i}"
        cache.put(text, "sig", document(text))
        assert cache.get(f"worker {worker} article {i}", "sig") is not None
    cache.close()


def test_several_processes_share_one_cache(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    ParseCache(path, 10**9).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(path), w)) for w in range(3)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(120)
        assert process.exitcode == 0
    cache = ParseCache(path, 10**9)
    assert cache.stats().entries == 75
    assert stored_bytes(path) == (cache.stats().bytes, cache.stats().bytes)


def test_the_cache_is_private_to_its_owner(tmp_path: Path) -> None:
    """Parses hold the articles' text: the cache file (and its WAL) is 0600 in folders made
    0700, whatever the umask."""
    import os
    import stat

    old = os.umask(0o022)
    try:
        cache = ParseCache(tmp_path / "cache" / "actorgraph" / "parses.sqlite3", 10_000_000)
        cache.put("Iran backs Syria", "sig", document("Iran backs Syria"))
        folder = tmp_path / "cache" / "actorgraph"
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}
        cache.close()
    finally:
        os.umask(old)
    assert modes["parses.sqlite3"] == 0o600 and modes["parses.sqlite3-wal"] == 0o600
    assert set(modes.values()) == {0o600}
    for path in (tmp_path / "cache", folder):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700

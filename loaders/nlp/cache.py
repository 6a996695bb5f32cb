"""The parse cache: parsed articles on disk, so re-extracting a corpus after a lexicon or rule
change does not parse it again.

One sqlite file in WAL mode (readers never wait for a writer; writers wait for each other, up to
a busy timeout), safe for several processes and threads. A row's key is the SHA-256 of the
pipeline signature (CoreNLP version and properties), the ParsedDocument format and the exact
text; its value is the ParsedDocument's JSON, zlib-compressed. A running byte count is kept in
the same transactions as the rows; past the size cap the oldest rows are evicted.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.files import private_file
from loaders.nlp.model import FORMAT_VERSION, ParsedDocument

if TYPE_CHECKING:
    from graph.settings import Settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS parses (
  key TEXT PRIMARY KEY,
  created REAL NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS parses_created ON parses (created);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta (name, value) VALUES ('bytes', 0);
"""


@dataclass(frozen=True)
class CacheStats:
    entries: int
    bytes: int
    max_bytes: int


def cache_key(text: str, signature: str) -> str:
    digest = hashlib.sha256(f"{signature}\0{FORMAT_VERSION}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class ParseCache:
    def __init__(self, path: Path, max_bytes: int, busy_timeout: float = 60.0) -> None:
        self.path = path.expanduser()
        self.max_bytes = max_bytes
        # Parses hold the articles' text: the cache is the owner's alone (0600, folders 0700;
        # an existing file keeps its mode, its -wal and -shm files take the file's).
        private_file(self.path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._lock:
            self._db.executescript(_SCHEMA)

    @classmethod
    def from_settings(cls, settings: Settings) -> ParseCache | None:
        if not settings.parse_cache_enabled:
            return None
        return cls(settings.parse_cache, int(settings.parse_cache_max_mb * 1024 * 1024))

    def _transaction(self) -> _Immediate:
        return _Immediate(self._db)

    def get(self, text: str, signature: str) -> ParsedDocument | None:
        with self._lock:
            row = self._db.execute(
                "SELECT data FROM parses WHERE key = ?", (cache_key(text, signature),)
            ).fetchone()
        if row is None:
            return None
        try:
            return ParsedDocument.from_json(zlib.decompress(row[0]))
        except (zlib.error, ValueError, KeyError, TypeError):
            return None  # unreadable: parsed again and overwritten

    @staticmethod
    def _compressed(document: ParsedDocument) -> bytes:
        return zlib.compress(document.to_json().encode("utf-8"), 6)

    def put(self, text: str, signature: str, document: ParsedDocument) -> None:
        data = self._compressed(document)
        key = cache_key(text, signature)
        with self._lock, self._transaction():
            old = self._db.execute("SELECT size FROM parses WHERE key = ?", (key,)).fetchone()
            self._db.execute(
                "INSERT OR REPLACE INTO parses (key, created, size, data) VALUES (?, ?, ?, ?)",
                (key, time.time(), len(data), data),
            )
            delta = len(data) - (old[0] if old else 0)
            total = self._db.execute(
                "UPDATE meta SET value = value + ? WHERE name = 'bytes' RETURNING value", (delta,)
            ).fetchone()[0]
            if total > self.max_bytes:
                self._evict(total)

    def _evict(self, total: int) -> None:
        """Delete the oldest rows until the cache is back under 90% of its cap."""
        goal = int(self.max_bytes * 0.9)
        freed = 0
        doomed = []
        for key, size in self._db.execute("SELECT key, size FROM parses ORDER BY created"):
            if total - freed <= goal:
                break
            doomed.append((key,))
            freed += size
        self._db.executemany("DELETE FROM parses WHERE key = ?", doomed)
        self._db.execute("UPDATE meta SET value = value - ? WHERE name = 'bytes'", (freed,))

    def stats(self) -> CacheStats:
        with self._lock:
            entries = self._db.execute("SELECT count(*) FROM parses").fetchone()[0]
            size = self._db.execute("SELECT value FROM meta WHERE name = 'bytes'").fetchone()[0]
        return CacheStats(entries, size, self.max_bytes)

    def clear(self) -> None:
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM parses")
            self._db.execute("UPDATE meta SET value = 0 WHERE name = 'bytes'")

    def close(self) -> None:
        with self._lock:
            self._db.close()


class _Immediate:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): a writer takes the lock up front."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")

"""The embedded store's feeds, outlets, copy signatures and the story lookups of the write path
(``graph.store.protocol``: ``Backend`` reads, ``WriteTx`` writes), as mixins of
``SqliteBackend`` and its transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from graph.store.aggregate import UNDATED, Key
from graph.store.protocol import Row
from graph.store.sqlite_schema import chunks, marks

_FEED_STATE = ("etag", "last_modified", "last_poll", "last_success", "next_due", "errors",
               "last_error", "seen_ids", "seen_urls")  # fmt: skip


class FollowingReads:
    """Reads, on the backend's per-thread connection (``_read``)."""

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError

    def feeds(self) -> list[Row]:
        return [_feed_row(r) for r in self._read("SELECT * FROM feeds ORDER BY seq")]

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunks(list(dict.fromkeys(urls))):
            rows = self._read(
                f"SELECT DISTINCT canonical_url FROM articles WHERE canonical_url IN "
                f"({marks(chunk)})",
                chunk,
            )
            found.update(r[0] for r in rows)
        return found

    def sources_page(self, limit: int, offset: int) -> tuple[list[Row], int]:
        rows = self._read(
            "SELECT s.id, s.name, s.host, (SELECT count(*) FROM articles a WHERE a.outlet = s.id) "
            "AS articles FROM sources s ORDER BY s.name, s.id LIMIT ? OFFSET ?",
            (limit, offset),
        )
        [total] = self._read("SELECT count(*) FROM sources")
        return [dict(r) for r in rows], int(total[0])

    def sources_by_id(self, ids: Sequence[str]) -> dict[str, Row]:
        found: dict[str, Row] = {}
        for chunk in chunks(list(dict.fromkeys(ids))):
            rows = self._read(f"SELECT * FROM sources WHERE id IN ({marks(chunk)})", chunk)
            found.update((r["id"], dict(r)) for r in rows)
        return found

    def signatures(self, scheme: str, after: int) -> list[Row]:
        rows = self._read(
            "SELECT seq, article_id, story, minhash FROM copy_signatures "
            "WHERE scheme = ? AND seq > ? ORDER BY seq",
            (scheme, after),
        )
        return [{**dict(r), "minhash": bytes(r["minhash"])} for r in rows]


class FollowingWrites:
    """Writes and the write path's lookups, in the transaction's connection (``conn``)."""

    conn: sqlite3.Connection

    def story_heads(self, pairs: Sequence[tuple[Key, str]]) -> dict[tuple[Key, str], str]:
        found: dict[tuple[Key, str], str] = {}
        for key, story in pairs:
            row = self.conn.execute(
                "SELECT min(coalesce(substr(published, 1, 10), ?) || article_id) FROM statements "
                "WHERE source = ? AND type = ? AND target = ? AND story = ? AND factual = 1",
                (UNDATED, key.source, key.type.value, key.target, story),
            ).fetchone()
            if row[0] is not None:
                found[(key, story)] = row[0]
        return found

    def edge_outlets(self, pairs: Sequence[tuple[Key, str]]) -> set[tuple[Key, str]]:
        found: set[tuple[Key, str]] = set()
        for key, outlet in pairs:
            row = self.conn.execute(
                "SELECT 1 FROM statements WHERE source = ? AND type = ? AND target = ? "
                "AND outlet = ? AND factual = 1 LIMIT 1",
                (key.source, key.type.value, key.target, outlet),
            ).fetchone()
            if row is not None:
                found.add((key, outlet))
        return found

    def article_outlets(self, article_ids: Sequence[str]) -> set[str]:
        rows = self.conn.execute(
            f"SELECT DISTINCT outlet FROM articles WHERE id IN ({marks(article_ids)}) "
            "AND outlet IS NOT NULL",
            list(article_ids),
        ).fetchall()
        return {r[0] for r in rows}

    def write_sources(self, rows: Sequence[Row]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO sources (id, name, host) VALUES (:id, :name, :host)", rows
        )

    def delete_orphan_sources(self, ids: Iterable[str]) -> None:
        self.conn.executemany(
            "DELETE FROM sources WHERE id = ?1 "
            "AND NOT EXISTS (SELECT 1 FROM articles WHERE outlet = ?1)",
            [(i,) for i in ids],
        )

    def delete_signatures(self, article_ids: Sequence[str]) -> None:
        self.conn.execute(
            f"DELETE FROM copy_signatures WHERE article_id IN ({marks(article_ids)})",
            list(article_ids),
        )

    def add_feed(self, row: Row) -> bool:
        known = self.conn.execute("SELECT 1 FROM feeds WHERE url = ?", (row["url"],)).fetchone()
        self.conn.execute(
            "INSERT INTO feeds (url, name, every, added) VALUES (:url, :name, :every, :added) "
            "ON CONFLICT (url) DO UPDATE SET name = excluded.name, every = excluded.every",
            row,
        )
        return known is None

    def remove_feed(self, url: str) -> bool:
        return self.conn.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def save_feed_states(self, rows: Sequence[Row]) -> None:
        self.conn.executemany(
            "UPDATE feeds SET "
            + ", ".join(f"{f} = :{f}" for f in _FEED_STATE)
            + " WHERE url = :url",
            [
                {
                    **{f: row.get(f) for f in _FEED_STATE},
                    "url": row["url"],
                    "errors": int(row.get("errors") or 0),
                    "seen_ids": json.dumps(list(row.get("seen_ids") or [])),
                    "seen_urls": json.dumps(list(row.get("seen_urls") or [])),
                }
                for row in rows
            ],
        )

    def save_signatures(self, scheme: str, rows: Sequence[Row]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO copy_signatures (scheme, article_id, story, minhash) "
            "VALUES (?, ?, ?, ?)",
            [(scheme, r["article_id"], r["story"], r["minhash"]) for r in rows],
        )


def _feed_row(row: sqlite3.Row) -> Row:
    out = dict(row)
    out.pop("seq", None)
    out["seen_ids"] = json.loads(out["seen_ids"])
    out["seen_urls"] = json.loads(out["seen_urls"])
    return out

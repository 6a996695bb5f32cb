"""The embedded store's tables and indexes, and the upgrade of a store written by an earlier
format (run once, in one write transaction, when such a store is opened)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from graph.model import Article, source_of

T = TypeVar("T")
FORMAT = "actorgraph-sqlite/2"
# Format 1 had no stories, outlets, feeds or signatures; its stores are upgraded in place.
UPGRADABLE = ("actorgraph-sqlite/1",)
_CHUNK = 500  # host parameters per IN (...) list

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS actors (
  rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, type TEXT NOT NULL,
  aliases TEXT NOT NULL, wikidata_id TEXT, country TEXT, role TEXT, sort_name TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS actors_by_name ON actors (sort_name, id);
CREATE INDEX IF NOT EXISTS actors_by_type ON actors (type, sort_name, id);
CREATE INDEX IF NOT EXISTS actors_by_country ON actors (country);
CREATE VIRTUAL TABLE IF NOT EXISTS actor_search USING fts5 (grams, tokenize = 'unicode61');
CREATE TABLE IF NOT EXISTS merged (id TEXT PRIMARY KEY, into_id TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS merged_into ON merged (into_id);
CREATE TABLE IF NOT EXISTS articles (
  id TEXT PRIMARY KEY, title TEXT, source TEXT, url TEXT, published TEXT, path TEXT,
  ingested_at TEXT, extractor_version TEXT, story TEXT, canonical_url TEXT, outlet TEXT)
  WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS articles_newest ON articles (published IS NULL, published DESC, id DESC);
CREATE INDEX IF NOT EXISTS articles_by_url ON articles (canonical_url);
CREATE INDEX IF NOT EXISTS articles_by_outlet ON articles (outlet);
CREATE TABLE IF NOT EXISTS mentions (
  article TEXT NOT NULL, actor TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY (article, actor)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_by_actor ON mentions (actor);
CREATE TABLE IF NOT EXISTS statements (
  id TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, type TEXT NOT NULL,
  modality TEXT NOT NULL, factual INTEGER NOT NULL, confidence REAL NOT NULL, year INTEGER,
  trigger TEXT NOT NULL, cameo TEXT, weight REAL NOT NULL, sentence TEXT NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, article_id TEXT NOT NULL, published TEXT,
  extractor_version TEXT, rank TEXT NOT NULL, story TEXT NOT NULL DEFAULT '', outlet TEXT);
CREATE INDEX IF NOT EXISTS statements_by_key ON statements (source, type, target, rank);
CREATE INDEX IF NOT EXISTS statements_by_target ON statements (target, type);
CREATE INDEX IF NOT EXISTS statements_by_article ON statements (article_id);
CREATE INDEX IF NOT EXISTS statements_by_date ON statements (published);
-- Whether an edge has a story, or an outlet, already: one seek each (graph/store/stories.py).
CREATE INDEX IF NOT EXISTS statements_by_story ON statements (source, type, target, story);
CREATE INDEX IF NOT EXISTS statements_by_outlet ON statements (source, type, target, outlet);
CREATE TABLE IF NOT EXISTS edges (
  source TEXT NOT NULL, type TEXT NOT NULL, target TEXT NOT NULL, mentions INTEGER NOT NULL,
  articles INTEGER NOT NULL, weight_sum REAL NOT NULL, doubt REAL NOT NULL, first_seen TEXT,
  last_seen TEXT, modalities TEXT NOT NULL, top TEXT NOT NULL, weight REAL NOT NULL,
  confidence REAL NOT NULL, sources INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (source, type, target)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_by_target ON edges (target, type);
CREATE TABLE IF NOT EXISTS sources (id TEXT PRIMARY KEY, name TEXT NOT NULL, host TEXT)
  WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sources_by_name ON sources (name, id);
CREATE TABLE IF NOT EXISTS feeds (
  seq INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, name TEXT, every REAL,
  added TEXT NOT NULL, etag TEXT, last_modified TEXT, last_poll TEXT, last_success TEXT,
  next_due TEXT, errors INTEGER NOT NULL DEFAULT 0, last_error TEXT,
  seen_ids TEXT NOT NULL DEFAULT '[]', seen_urls TEXT NOT NULL DEFAULT '[]');
-- AUTOINCREMENT: a sequence number is never reused, so a reader's cursor never skips a row.
CREATE TABLE IF NOT EXISTS copy_signatures (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, scheme TEXT NOT NULL, article_id TEXT NOT NULL,
  story TEXT NOT NULL, minhash BLOB NOT NULL, UNIQUE (scheme, article_id));
CREATE INDEX IF NOT EXISTS copy_signatures_by_article ON copy_signatures (article_id);
"""

# Tables wiped by ``wipe`` (every one but meta, whose format and version stay).
DATA_TABLES = (
    "actors", "actor_search", "merged", "articles", "mentions", "statements", "edges",
    "sources", "feeds", "copy_signatures",
)  # fmt: skip

_ADDED_COLUMNS = (
    "ALTER TABLE articles ADD COLUMN story TEXT",
    "ALTER TABLE articles ADD COLUMN canonical_url TEXT",
    "ALTER TABLE articles ADD COLUMN outlet TEXT",
    "ALTER TABLE statements ADD COLUMN story TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE statements ADD COLUMN outlet TEXT",
    "ALTER TABLE edges ADD COLUMN sources INTEGER NOT NULL DEFAULT 0",
)


def create(conn: sqlite3.Connection) -> None:
    """Every table and index (in the caller's transaction)."""
    for statement in SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)


def upgrade(conn: sqlite3.Connection) -> None:
    """A format-1 store to this format (in the caller's write transaction): each article is its
    own story; its outlet is the one its source name and URL give (``graph.model.source_of``);
    each edge counts the outlets of its factual statements."""
    for statement in _ADDED_COLUMNS:
        conn.execute(statement)
    create(conn)
    rows = conn.execute("SELECT id, source, url FROM articles").fetchall()
    for article_id, name, url in rows:
        outlet = source_of(Article(id=article_id, source=name, url=url))
        if outlet is not None:
            conn.execute(
                "INSERT OR IGNORE INTO sources VALUES (?, ?, ?)",
                (outlet.id, outlet.name, outlet.host),
            )
        conn.execute(
            "UPDATE articles SET story = id, outlet = ? WHERE id = ?",
            (outlet.id if outlet else None, article_id),
        )
    conn.execute(
        "UPDATE statements SET story = article_id, "
        "outlet = (SELECT outlet FROM articles a WHERE a.id = statements.article_id)"
    )
    conn.execute(
        "UPDATE edges SET sources = (SELECT count(DISTINCT s.outlet) FROM statements s "
        "WHERE s.source = edges.source AND s.type = edges.type AND s.target = edges.target "
        "AND s.factual = 1)"
    )
    conn.execute("UPDATE meta SET value = ? WHERE key = 'format'", (FORMAT,))


def marks(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values)


def chunks(values: list[T], size: int = _CHUNK) -> Iterator[list[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]

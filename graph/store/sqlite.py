"""The embedded backend: one SQLite file (standard library ``sqlite3``, WAL mode).

Each write is one transaction (``BEGIN IMMEDIATE``: one writer at a time across processes; an
ingest writes up to 20 articles in one and retries a failed batch one article per
transaction); readers never wait for it, so the API answers while a CLI ingest runs. A crash
leaves nothing to clean up (SQLite rolls the unfinished transaction back). A symlinked store is
followed: the file it points to is opened and written, its WAL beside it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from graph.errors import StoreCorrupt, StoreUnavailable
from graph.files import private_file
from graph.results import EDGE_ORDER, Counts
from graph.store.aggregate import EVIDENCE_KEPT, UNDATED, Key, Sums
from graph.store.protocol import Row
from graph.store.query import Direction, EdgeQuery, Window
from graph.store.sqlite_following import FollowingReads, FollowingWrites
from graph.store.sqlite_schema import DATA_TABLES, FORMAT, UPGRADABLE, create, upgrade
from graph.store.sqlite_schema import chunks as _chunks
from graph.store.sqlite_schema import marks as _marks

T = TypeVar("T")
_HEADER = b"SQLite format 3\x00"
# How long a writer waits for another process's write transaction before giving up.
WRITE_WAIT_SECONDS = 60.0

_ACTOR_FIELDS = ("id", "name", "type", "aliases", "wikidata_id", "country", "role", "sort_name")
_STATEMENT_FIELDS = (
    "id", "source", "target", "type", "modality", "factual", "confidence", "year", "trigger",
    "cameo", "weight", "sentence", "start", "end", "article_id", "published",
    "extractor_version", "rank", "story", "outlet",
)  # fmt: skip
_ARTICLE_FIELDS = (
    "id", "title", "source", "url", "published", "path", "ingested_at", "extractor_version",
    "story", "canonical_url", "outlet",
)  # fmt: skip
_STATEMENT_COLUMNS = ", ".join(f'"{f}"' for f in _STATEMENT_FIELDS)
# What Backend.evidence returns: an EvidenceItem's fields, named as it names them.
# also_in: the other outlets whose copy of the statement's story states the same edge.
_EVIDENCE_COLUMNS = (
    "s.id AS statement_id, s.article_id, a.title AS title, substr(s.published, 1, 10) AS "
    'published, s.sentence, s.start, s."end" AS "end", s.modality, s.confidence, s.trigger, '
    "s.year, (SELECT count(DISTINCT o.outlet) FROM statements o WHERE o.source = s.source "
    "AND o.type = s.type AND o.target = s.target AND o.story = s.story "
    "AND o.outlet IS NOT NULL AND o.outlet IS NOT s.outlet) AS also_in"
)
_EDGE_FIELDS = (
    "mentions", "articles", "weight_sum", "doubt", "first_seen", "last_seen", "modalities",
    "top", "weight", "confidence", "sources",
)  # fmt: skip


class _Doubt:
    """SQLite aggregate: Π(1 - c) over a group's confidences (an edge's doubt)."""

    def __init__(self) -> None:
        self.value = 1.0

    def step(self, confidence: float) -> None:
        self.value *= 1.0 - confidence

    def finalize(self) -> float:
        return self.value


class SqliteBackend(FollowingReads):
    kind = "embedded"

    def __init__(self, path: Path) -> None:
        self.path = Path(path).expanduser()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.RLock()  # one writer per process; SQLite orders processes
        self._checked: Path | None = None  # the file whose header a connection checked

    @property
    def target(self) -> Path:
        """The file itself: when ``path`` is a symlink, the file it points to (resolved on each
        connection, so a link moved to another file is followed)."""
        return Path(os.path.realpath(self.path))

    # -- connections ---------------------------------------------------------------------------

    def _corrupt(self, cause: str) -> StoreCorrupt:
        return StoreCorrupt(
            f"{self.path} is a corrupt store: {cause}; it was left untouched "
            "(repair it, or move it away to start a new store)"
        )

    def _check_file(self, target: Path) -> bool:
        """Whether the file holds data (False: absent or empty, a new store). Raises when it
        is not an actorgraph SQLite store, before anything opens it."""
        try:
            with target.open("rb") as handle:
                head = handle.read(len(_HEADER))
        except FileNotFoundError:
            return False
        except IsADirectoryError as exc:
            raise self._corrupt("it is a folder") from exc
        if not head:
            return False
        if head != _HEADER:
            if head.lstrip()[:1] in (b"{", b"["):
                raise StoreCorrupt(
                    f"{self.path} is a store in the old JSON format; import it into SQLite with "
                    f"`actorgraph migrate {self.path}` (it was left untouched)"
                )
            raise self._corrupt("not an SQLite database")
        return True

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        target = self.target
        # Reading the header opens and closes the file, and closing any descriptor of a file
        # drops every POSIX lock this process holds on it, SQLite's too: another process could
        # then take this one's WAL for unused and delete it under its connections ("disk I/O
        # error" at the next write). So only the first connection to a file reads it.
        with self._lock:
            checked = target == self._checked
        existed = checked or self._check_file(target)
        if not existed:
            # The store holds article text: a new one is the owner's alone (its -wal and -shm
            # files take its mode). An existing file, even an empty one, keeps its mode.
            try:
                private_file(target)
            except OSError as exc:
                raise StoreUnavailable(
                    f"{self.path}: cannot create the store: {exc.strerror or exc}"
                ) from exc
        conn = sqlite3.connect(
            target, timeout=WRITE_WAIT_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            conn.row_factory = sqlite3.Row
            conn.create_aggregate("doubt", 1, _Doubt)  # type: ignore[arg-type]
            if existed:
                self._check_format(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = OFF")
            conn.execute("PRAGMA cache_size = -65536")  # 64 MiB per connection at most
            # Fold the WAL into the file every 20,000 pages (80 MiB), not every 1,000: an
            # article dirties ~100 index pages, and each checkpoint syncs to disk (1.7x the
            # ingest rate, benchmarks/bench_ingest.py); the WAL file is cut back to 64 MiB.
            conn.execute("PRAGMA wal_autocheckpoint = 20000")
            conn.execute("PRAGMA journal_size_limit = 67108864")
            if not existed:
                self._create(conn)  # an existing store's format row says its tables exist
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise self._translate(exc) from exc
        except BaseException:
            conn.close()
            raise
        self._local.conn = conn
        with self._lock:
            self._connections.append(conn)
            self._checked = target
        return conn

    def _check_format(self, conn: sqlite3.Connection) -> None:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                raise self._corrupt("an SQLite database of something else") from exc
            raise
        if row is not None and row[0] in UPGRADABLE:
            self._upgrade(conn)
        elif row is None or row[0] != FORMAT:
            found = row[0] if row else None
            raise self._corrupt(f"format {found!r}, expected {FORMAT!r}")

    def _upgrade(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have upgraded it while this one waited for the lock.
                [found] = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
                if found in UPGRADABLE:
                    upgrade(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _create(self, conn: sqlite3.Connection) -> None:
        with self._lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                create(conn)
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))
                conn.execute("INSERT OR IGNORE INTO meta VALUES ('version', 0)")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _translate(self, exc: sqlite3.Error) -> Exception:
        message = str(exc)
        if isinstance(exc, sqlite3.OperationalError) and ("locked" in message or "busy" in message):
            return StoreUnavailable(f"{self.path}: another process holds the store ({message})")
        if isinstance(exc, sqlite3.OperationalError) and (
            "unable to open" in message or "readonly" in message or "disk I/O" in message
        ):
            return StoreUnavailable(f"{self.path}: {message}")
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(
            exc, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError
        ):
            return self._corrupt(message)
        return exc

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            translated = self._translate(exc)
            if translated is exc:
                raise
            raise translated from exc

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._errors():
            return self._connection().execute(sql, params).fetchall()

    # -- basics ----------------------------------------------------------------------------------

    def ping(self) -> bool:
        """Whether the store can be used: its file is a readable regular file, or absent with
        a folder it can be created in. Answers at once, never waiting for a writer."""
        target = self.target
        try:
            info = target.stat()
        except FileNotFoundError:
            return _can_create_in(target.parent)
        except OSError:
            return False
        return stat.S_ISREG(info.st_mode) and os.access(target, os.R_OK)

    def init_schema(self) -> None:
        with self._errors():
            self._create(self._connection())

    def close(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, []
            self._checked = None
        for conn in connections:
            conn.close()
        self._local = threading.local()

    def wipe(self) -> None:
        def work(tx: _Tx) -> None:
            for table in DATA_TABLES:
                tx.conn.execute(f"DELETE FROM {table}")
            tx.bump_version()

        self.write(work)

    def data_version(self) -> int:
        rows = self._read("SELECT value FROM meta WHERE key = 'version'")
        return int(rows[0][0]) if rows else 0

    def batch_size(self) -> int:
        # Articles per write transaction. Readers never wait for it either way; one commit per
        # 20 articles writes each shared index page once instead of 20 times (a hub edge, an
        # index leaf): 1.9x the rate of a commit per article on the hub corpus
        # (benchmarks/bench_ingest.py). A failed batch is retried one article per transaction.
        return 20

    def write(self, work: Callable[[Any], T]) -> T:
        with self._errors(), self._lock:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(_Tx(conn))
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

    # -- reads -------------------------------------------------------------------------------

    def merged_ids(self, ids: Sequence[str]) -> dict[str, str]:
        return _merged_ids(self._connection(), ids)

    def actor(self, actor_id: str) -> tuple[Row, int] | None:
        rows = self._read("SELECT * FROM actors WHERE id = ?", (actor_id,))
        if not rows:
            return None
        [count] = self._read("SELECT count(*) FROM mentions WHERE actor = ?", (actor_id,))
        return _actor_row(rows[0]), int(count[0])

    def actors(self, actor_type: str | None) -> list[Row]:
        if actor_type is None:
            rows = self._read("SELECT * FROM actors ORDER BY id")
        else:
            rows = self._read("SELECT * FROM actors WHERE type = ? ORDER BY id", (actor_type,))
        return [_actor_row(r) for r in rows]

    def actors_page(self, actor_type: str | None, limit: int, offset: int) -> tuple[list[Row], int]:
        where, params = ("WHERE type = ?", [actor_type]) if actor_type else ("", [])
        rows = self._read(
            f"SELECT * FROM actors {where} ORDER BY sort_name, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        [total] = self._read(f"SELECT count(*) FROM actors {where}", params)
        return [_actor_row(r) for r in rows], int(total[0])

    def search_candidates(self, grams: Sequence[str], actor_type: str | None) -> list[Row]:
        sql = (
            "SELECT a.id, a.name, a.aliases FROM actor_search "
            "JOIN actors a ON a.rowid = actor_search.rowid WHERE actor_search MATCH ?"
        )
        params: list[Any] = [" OR ".join(grams)]
        if actor_type:
            sql += " AND a.type = ?"
            params.append(actor_type)
        return [_actor_row(r) for r in self._read(sql, params)]

    def actors_by_id(self, ids: Sequence[str]) -> list[Row]:
        found = []
        for chunk in _chunks(list(ids)):
            found += self._read(f"SELECT * FROM actors WHERE id IN ({_marks(chunk)})", chunk)
        return [_actor_row(r) for r in found]

    def edge_counts(self, actor_id: str) -> dict[str, int]:
        rows = self._read(
            "SELECT type, count(*) FROM edges WHERE source = ? GROUP BY type "
            "UNION ALL SELECT type, count(*) FROM edges WHERE target = ? GROUP BY type",
            (actor_id, actor_id),
        )
        counts: dict[str, int] = {}
        for kind, n in rows:
            counts[kind] = counts.get(kind, 0) + int(n)
        return counts

    def stored_edges(
        self,
        actor: str | None,
        outgoing: bool,
        incoming: bool,
        types: Sequence[str],
        source: str | None,
        target: str | None,
        min_confidence: float,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[tuple[Key, Sums]], int]:
        where = ["confidence >= ?"]
        params: list[Any] = [min_confidence]
        if types:
            where.append(f"type IN ({_marks(types)})")
            params += types
        if source is not None:
            where.append("source = ?")
            params.append(source)
        if target is not None:
            where.append("target = ?")
            params.append(target)
        condition = " AND ".join(where)
        # The order and the page from the keys and the two numbers the order needs; the
        # whole rows (with their evidence ranks) only for the page.
        columns = "source, type, target, weight, mentions"
        if actor is None:
            sql = f"SELECT {columns} FROM edges WHERE {condition}"
            all_params = params
        else:
            parts, all_params = [], []
            if outgoing:
                parts.append(f"SELECT {columns} FROM edges WHERE source = ? AND {condition}")
                all_params += [actor, *params]
            if incoming:
                parts.append(
                    f"SELECT {columns} FROM edges WHERE target = ? AND source != ? AND {condition}"
                )
                all_params += [actor, actor, *params]
            sql = " UNION ALL ".join(parts)
        keys = self._read(
            f"SELECT source, type, target, count(*) OVER () AS total FROM ({sql}) "
            f"ORDER BY {EDGE_ORDER} LIMIT ? OFFSET ?",
            [*all_params, -1 if limit is None else limit, offset],
        )
        if keys:
            total = int(keys[0]["total"])
        elif offset:
            [count] = self._read(f"SELECT count(*) FROM ({sql})", all_params)
            total = int(count[0])
        else:
            total = 0
        if actor is None and limit is None:  # the whole graph: one scan
            rows = {
                Key.of(r): r for r in self._read(f"SELECT * FROM edges WHERE {condition}", params)
            }
        else:
            rows = {}
            for k in keys:
                [row] = self._read(
                    "SELECT * FROM edges WHERE source = ? AND type = ? AND target = ?",
                    (k["source"], k["type"], k["target"]),
                )
                rows[Key.of(row)] = row
        return [(key, _sums(rows[key])) for key in (Key.of(k) for k in keys)], total

    def evidence(self, statement_ids: Sequence[str]) -> dict[str, Row]:
        found: dict[str, Row] = {}
        for chunk in _chunks(list(dict.fromkeys(statement_ids))):
            rows = self._read(
                f"SELECT {_EVIDENCE_COLUMNS} FROM statements s "
                f"LEFT JOIN articles a ON a.id = s.article_id WHERE s.id IN ({_marks(chunk)})",
                chunk,
            )
            found.update((r["statement_id"], dict(r)) for r in rows)
        return found

    def statements(self, query: EdgeQuery) -> list[Row]:
        window = Window(since=query.since, until=query.until, modalities=query.modalities)
        where, params = _in_window(window, "s.")
        if query.actor is not None:
            sides = []
            if query.direction is not Direction.IN:
                sides.append("s.source = ?")
                params.append(query.actor)
            if query.direction is not Direction.OUT:
                sides.append("s.target = ?")
                params.append(query.actor)
            where.append("(" + " OR ".join(sides) + ")")
        if query.types:
            where.append(f"s.type IN ({_marks(query.types)})")
            params += sorted(t.value for t in query.types)
        for column, value in (
            ("s.source", query.source),
            ("s.target", query.target),
            ("s.article_id", query.article),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        rows = self._read(
            "SELECT s.*, a.title AS title FROM statements s "
            "LEFT JOIN articles a ON a.id = s.article_id WHERE " + " AND ".join(where),
            params,
        )
        return [_statement_row(r) for r in rows]

    def window_sums(self, window: Window) -> list[tuple[Key, Sums]]:
        where, params = _in_window(window)
        # The window's statements, each edge's counted copy of each story (the least
        # story_order), the statements of those copies, and each edge's outlets.
        counted = (
            "WITH w AS (SELECT *, coalesce(substr(published, 1, 10), ?) || article_id AS ord "
            f"FROM statements WHERE {' AND '.join(where)}), "
            "heads AS (SELECT source, type, target, story, min(ord) AS ord FROM w "
            "GROUP BY source, type, target, story), "
            "kept AS (SELECT w.* FROM w JOIN heads h ON w.source = h.source AND w.type = h.type "
            "AND w.target = h.target AND w.story = h.story AND w.ord = h.ord) "
        )
        params = [UNDATED, *params]
        sums = self._read(
            counted + ", outlets AS (SELECT source, type, target, count(DISTINCT outlet) AS "
            "sources FROM w GROUP BY source, type, target) "
            "SELECT k.source, k.type, k.target, count(*) AS mentions, "
            "count(DISTINCT k.story) AS articles, o.sources AS sources, "
            "sum(k.weight) AS weight_sum, doubt(k.confidence) AS doubt, "
            "min(substr(k.published, 1, 10)) AS first_seen, "
            "max(substr(k.published, 1, 10)) AS last_seen, "
            "json_group_array(DISTINCT k.modality) AS modalities FROM kept k JOIN outlets o "
            "ON k.source = o.source AND k.type = o.type AND k.target = o.target "
            "GROUP BY k.source, k.type, k.target",
            params,
        )
        tops = self._read(
            counted + "SELECT source, type, target, rank FROM (SELECT source, type, target, "
            "rank, row_number() OVER (PARTITION BY source, type, target ORDER BY rank) AS n "
            "FROM kept) WHERE n <= ? ORDER BY rank",
            [*params, EVIDENCE_KEPT],
        )
        top: dict[Key, list[str]] = {}
        for r in tops:
            top.setdefault(Key.of(r), []).append(r["rank"])
        out = []
        for r in sums:
            key = Key.of(r)
            row = dict(r)
            row["modalities"] = sorted(json.loads(row["modalities"]))
            row["top"] = top.get(key, [])
            out.append((key, Sums.of(row)))
        return out

    def article(self, article_id: str) -> tuple[Row, list[str], int] | None:
        rows = self._read("SELECT * FROM articles WHERE id = ?", (article_id,))
        return self._article_detail(rows[0]) if rows else None

    def _article_detail(self, row: sqlite3.Row) -> tuple[Row, list[str], int]:
        actors = self._read("SELECT actor FROM mentions WHERE article = ?", (row["id"],))
        [count] = self._read("SELECT count(*) FROM statements WHERE article_id = ?", (row["id"],))
        return dict(row), [a[0] for a in actors], int(count[0])

    def articles_page(
        self, limit: int, offset: int
    ) -> tuple[list[tuple[Row, list[str], int]], int]:
        rows = self._read(
            "SELECT * FROM articles ORDER BY published IS NULL, published DESC, id DESC "
            "LIMIT ? OFFSET ?",
            (limit, offset),
        )
        [total] = self._read("SELECT count(*) FROM articles")
        return [self._article_detail(r) for r in rows], int(total[0])

    def article_versions(self, article_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in _chunks(list(article_ids)):
            rows = self._read(
                f"SELECT id, extractor_version FROM articles WHERE id IN ({_marks(chunk)})", chunk
            )
            found.update((r[0], r[1]) for r in rows)
        return found

    def counts(self) -> Counts:
        [row] = self._read(
            "SELECT (SELECT count(*) FROM actors), (SELECT count(*) FROM articles), "
            "(SELECT count(*) FROM statements), (SELECT count(*) FROM edges)"
        )
        return Counts(actors=row[0], articles=row[1], statements=row[2], edges=row[3])


class _Tx(FollowingWrites):
    """One write transaction on the writer's connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def claim_articles(self, ids: Sequence[str]) -> dict[str, str | None]:
        rows = self.conn.execute(
            f"SELECT id, extractor_version FROM articles WHERE id IN ({_marks(ids)})", list(ids)
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def article_exists(self, article_id: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
            is not None
        )

    def merged_ids(self, ids: Sequence[str]) -> dict[str, str]:
        return _merged_ids(self.conn, ids)

    def lock_actors(self, ids: Sequence[str], create: bool = True) -> dict[str, Row]:
        del create  # the transaction already holds the only write lock; rows come on write
        found: dict[str, Row] = {}
        for chunk in _chunks(list(ids)):
            rows = self.conn.execute(
                f"SELECT * FROM actors WHERE id IN ({_marks(chunk)})", chunk
            ).fetchall()
            found.update((r["id"], _actor_row(r)) for r in rows)
        return found

    def write_actors(self, rows: Sequence[Row]) -> None:
        for row in rows:
            values = [
                json.dumps(row[f], ensure_ascii=False) if f == "aliases" else row.get(f)
                for f in _ACTOR_FIELDS
            ]
            [rowid] = self.conn.execute(
                "INSERT INTO actors (id, name, type, aliases, wikidata_id, country, role, "
                "sort_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "name = excluded.name, type = excluded.type, aliases = excluded.aliases, "
                "wikidata_id = excluded.wikidata_id, country = excluded.country, "
                "role = excluded.role, sort_name = excluded.sort_name RETURNING rowid",
                values,
            ).fetchone()
            self.conn.execute("DELETE FROM actor_search WHERE rowid = ?", (rowid,))
            self.conn.execute(
                "INSERT INTO actor_search (rowid, grams) VALUES (?, ?)", (rowid, row["grams"])
            )

    def edge_sums(self, keys: Sequence[Key]) -> dict[Key, Sums]:
        found: dict[Key, Sums] = {}
        for key in keys:  # one primary-key seek each: cheaper than any IN (VALUES ...) plan
            row = self.conn.execute(
                "SELECT * FROM edges WHERE source = ? AND type = ? AND target = ?",
                (key.source, key.type.value, key.target),
            ).fetchone()
            if row is not None:
                found[key] = _sums(row)
        return found

    def statement_rows(self, keys: Sequence[Key], excluded: Sequence[str]) -> dict[Key, list[Row]]:
        found: dict[Key, list[Row]] = {}
        skip = f" AND article_id NOT IN ({_marks(excluded)})" if excluded else ""
        for key in keys:
            rows = self.conn.execute(
                "SELECT article_id, story, outlet, published, weight, confidence, modality, "
                "rank FROM statements WHERE source = ? AND type = ? AND target = ? AND factual = 1"
                + skip,
                [key.source, key.type.value, key.target, *excluded],
            ).fetchall()
            found[key] = [dict(r) for r in rows]
        return found

    def article_keys(self, article_ids: Sequence[str]) -> set[Key]:
        rows = self.conn.execute(
            "SELECT DISTINCT source, type, target FROM statements "
            f"WHERE article_id IN ({_marks(article_ids)})",
            list(article_ids),
        ).fetchall()
        return {Key.of(r) for r in rows}

    def actor_keys(self, actor_id: str) -> set[Key]:
        rows = self.conn.execute(
            "SELECT DISTINCT source, type, target FROM statements WHERE source = ? "
            "UNION SELECT DISTINCT source, type, target FROM statements WHERE target = ?",
            (actor_id, actor_id),
        ).fetchall()
        return {Key.of(r) for r in rows}

    def article_actor_ids(self, article_id: str) -> set[str]:
        rows = self.conn.execute(
            "SELECT actor FROM mentions WHERE article = ? "
            "UNION SELECT source FROM statements WHERE article_id = ? "
            "UNION SELECT target FROM statements WHERE article_id = ?",
            (article_id, article_id, article_id),
        ).fetchall()
        return {r[0] for r in rows}

    def delete_article_content(self, article_ids: Sequence[str]) -> None:
        marks = _marks(article_ids)
        self.conn.execute(f"DELETE FROM statements WHERE article_id IN ({marks})", article_ids)
        self.conn.execute(f"DELETE FROM mentions WHERE article IN ({marks})", article_ids)

    def delete_article(self, article_id: str) -> None:
        self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def write_articles(
        self, articles: Sequence[Row], mentions: Sequence[Row], statements: Sequence[Row]
    ) -> None:
        self.conn.executemany(
            f"INSERT OR REPLACE INTO articles ({', '.join(_ARTICLE_FIELDS)}) "
            f"VALUES ({', '.join(':' + f for f in _ARTICLE_FIELDS)})",
            articles,
        )
        self.conn.executemany(
            "INSERT INTO mentions VALUES (:article, :actor, :count) "
            "ON CONFLICT (article, actor) DO UPDATE SET count = excluded.count",
            mentions,
        )
        self.conn.executemany(
            f"INSERT INTO statements ({_STATEMENT_COLUMNS}) VALUES ({_marks(_STATEMENT_FIELDS)})",
            [[s[f] for f in _STATEMENT_FIELDS] for s in statements],
        )

    def write_edges(
        self, created: Mapping[Key, Sums], updated: Mapping[Key, Sums], deleted: Sequence[Key]
    ) -> None:
        rows = []
        for key, sums in (*created.items(), *updated.items()):
            stored = sums.stored()
            rows.append(
                [
                    key.source,
                    key.type.value,
                    key.target,
                    *(
                        json.dumps(stored[f]) if f in ("modalities", "top") else stored[f]
                        for f in _EDGE_FIELDS
                    ),
                ]
            )
        if rows:
            self.conn.executemany(
                f"INSERT OR REPLACE INTO edges (source, type, target, {', '.join(_EDGE_FIELDS)}) "
                f"VALUES ({_marks(range(3 + len(_EDGE_FIELDS)))})",
                rows,
            )
        if deleted:
            self.conn.executemany(
                "DELETE FROM edges WHERE source = ? AND type = ? AND target = ?",
                [(k.source, k.type.value, k.target) for k in deleted],
            )

    def delete_orphan_actors(self, ids: Iterable[str]) -> None:
        for actor_id in ids:
            row = self.conn.execute(
                "SELECT rowid FROM actors WHERE id = ?1 "
                "AND NOT EXISTS (SELECT 1 FROM mentions WHERE actor = ?1) "
                "AND NOT EXISTS (SELECT 1 FROM statements WHERE source = ?1) "
                "AND NOT EXISTS (SELECT 1 FROM statements WHERE target = ?1)",
                (actor_id,),
            ).fetchone()
            if row is not None:
                self._delete_actor(row[0])

    def _delete_actor(self, rowid: int) -> None:
        self.conn.execute("DELETE FROM actors WHERE rowid = ?", (rowid,))
        self.conn.execute("DELETE FROM actor_search WHERE rowid = ?", (rowid,))

    def move_actor(self, keep: str, other: str) -> None:
        c = self.conn
        c.execute(
            "DELETE FROM statements WHERE (source = ?1 AND target = ?2) "
            "OR (source = ?2 AND target = ?1)",
            (keep, other),
        )
        c.execute("UPDATE statements SET source = ? WHERE source = ?", (keep, other))
        c.execute("UPDATE statements SET target = ? WHERE target = ?", (keep, other))
        c.execute(
            "INSERT INTO mentions (article, actor, count) "
            "SELECT article, ?, count FROM mentions WHERE actor = ? "
            "ON CONFLICT (article, actor) DO UPDATE SET count = count + excluded.count",
            (keep, other),
        )
        c.execute("DELETE FROM mentions WHERE actor = ?", (other,))
        c.execute("UPDATE actors SET country = ? WHERE country = ?", (keep, other))
        c.execute("INSERT OR REPLACE INTO merged VALUES (?, ?)", (other, keep))
        c.execute("UPDATE merged SET into_id = ? WHERE into_id = ?", (keep, other))
        row = c.execute("SELECT rowid FROM actors WHERE id = ?", (other,)).fetchone()
        if row is not None:
            self._delete_actor(row[0])

    def record_merges(self, merged: Mapping[str, str]) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO merged VALUES (?, ?)", merged.items())

    def bump_version(self) -> None:
        self.conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")


def _in_window(window: Window, table: str = "") -> tuple[list[str], list[Any]]:
    """The conditions (and their parameters) a statement inside the window meets: one of its
    modalities, published on or after since, published (a day) on or before until."""
    where = [f"{table}modality IN ({_marks(window.modalities)})"]
    params: list[Any] = sorted(m.value for m in window.modalities)
    if window.since is not None:
        where.append(f"{table}published >= ?")
        params.append(window.since.isoformat())
    if window.until is not None:
        where.append(f"{table}published IS NOT NULL AND substr({table}published, 1, 10) <= ?")
        params.append(window.until.isoformat())
    return where, params


def _merged_ids(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in _chunks(list(ids)):
        rows = conn.execute(
            f"SELECT id, into_id FROM merged WHERE id IN ({_marks(chunk)})", chunk
        ).fetchall()
        found.update((r[0], r[1]) for r in rows)
    return found


def _actor_row(row: sqlite3.Row) -> Row:
    out = dict(row)
    out.pop("rowid", None)
    aliases = out["aliases"]
    out["aliases"] = [] if aliases == "[]" else json.loads(aliases)
    return out


def _statement_row(row: sqlite3.Row) -> Row:
    out = dict(row)
    out["factual"] = bool(out["factual"])
    return out


def _sums(row: sqlite3.Row | Mapping[str, Any]) -> Sums:
    data = dict(row)
    data["modalities"] = json.loads(data["modalities"])
    data["top"] = json.loads(data["top"])
    return Sums.of(data)


def _can_create_in(folder: Path) -> bool:
    # The store creates missing folders: the nearest one that exists must be writable.
    while not folder.exists():
        if folder.parent == folder:
            return False
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)

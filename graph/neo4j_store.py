"""The Neo4j store. The only module (with neo4j_local) that talks to the ``neo4j`` driver."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import neo4j
import networkx as nx
from neo4j import GraphDatabase, ManagedTransaction, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import cypher
from graph.cypher_guard import check_plan, check_text
from graph.errors import (
    ActorgraphError,
    InvalidQuery,
    NotFound,
    QueryTimeout,
    ReadOnlyViolation,
    ResultTooLarge,
    StoreAuthFailed,
    StoreMisconfigured,
    StoreUnavailable,
)
from graph.model import Actor, ActorType, Extraction, Modality, RelationType
from graph.queries import Direction, EdgeQuery, build_edges, evidence_item, rank_actor_match
from graph.records import (
    ActorDetail,
    ArticleDetail,
    Counts,
    Edge,
    IngestResult,
    IngestStatus,
    Page,
)
from graph.settings import Settings
from graph.statements import (
    Key,
    actor_from_row,
    aggregate,
    article_from_row,
    canonical,
    key_of,
    parse_date,
    rows_for,
)
from graph.store import IngestFailure

log = logging.getLogger(__name__)
T = TypeVar("T")
MODALITY_ORDER = sorted(m.value for m in Modality)
REL_TYPES = [t.rel_type for t in RelationType]

_UNAVAILABLE = (ServiceUnavailable, SessionExpired, OSError)
_RETRY_MESSAGE = "Transaction failed and will be retried"
_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})


class _QuietRetries(logging.Filter):
    """Deadlocks between concurrent writers are retried by design; the store counts them
    (``Neo4jStore.retries``) instead of letting the driver print each one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_RETRY_MESSAGE)


def driver_from_settings(settings: Settings) -> neo4j.Driver:
    """One driver per process: the caller owns it and closes it."""
    if not settings.neo4j_uri:
        raise StoreMisconfigured("no Neo4j URI configured (set ACTORGRAPH_NEO4J_URI)")
    auth = None
    if settings.neo4j_password is not None:
        auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    scheme, _, rest = settings.neo4j_uri.partition("://")
    if scheme not in _SCHEMES or not rest.split("/", 1)[0].split(":", 1)[0]:
        raise StoreMisconfigured(
            f"ACTORGRAPH_NEO4J_URI={settings.neo4j_uri!r} is not a Neo4j URI: expected "
            f"{' or '.join(sorted(_SCHEMES))}://host[:port]"
        )
    session_log = logging.getLogger("neo4j.session")
    if not any(isinstance(f, _QuietRetries) for f in session_log.filters):
        session_log.addFilter(_QuietRetries())
    try:
        return GraphDatabase.driver(
            settings.neo4j_uri,
            auth=auth,
            max_transaction_retry_time=settings.neo4j_retry_seconds,
            connection_timeout=settings.neo4j_connect_timeout,
            # Our statements are fixed; warnings such as "property key does not exist yet" on a
            # fresh database are noise to a user.
            notifications_min_severity="OFF",
        )
    except (ValueError, ConfigurationError) as exc:
        raise StoreMisconfigured(
            f"ACTORGRAPH_NEO4J_URI={settings.neo4j_uri!r} is not a usable Neo4j URI: {exc}"
        ) from exc


class _Breaker:
    """Fails fast while Neo4j is known to be down or refusing us, so one outage costs one
    slow call, not one per request; after ``cooldown`` seconds a quick probe decides."""

    def __init__(self, cooldown: float) -> None:
        self.cooldown = cooldown
        self._open_until = 0.0
        self._error: ActorgraphError | None = None
        self._lock = threading.Lock()

    def trip(self, error: ActorgraphError) -> None:
        with self._lock:
            self._error = error
            self._open_until = time.monotonic() + self.cooldown

    def reset(self) -> None:
        with self._lock:
            self._error = None
            self._open_until = 0.0

    def state(self) -> tuple[ActorgraphError | None, bool]:
        """The remembered error (None when closed) and whether its cool-down is over."""
        with self._lock:
            return self._error, time.monotonic() >= self._open_until


class Neo4jStore:
    kind = "neo4j"

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str = "neo4j",
        user: str | None = None,
        breaker_seconds: float = 2.0,
    ) -> None:
        self._driver = driver
        self._database = database
        self._user = user
        self._breaker = _Breaker(breaker_seconds)
        self.retries = 0  # transactions retried after a deadlock or a lost connection

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        return cls(
            driver_from_settings(settings),
            settings.neo4j_database,
            settings.neo4j_user if settings.neo4j_password is not None else None,
            settings.neo4j_breaker_seconds,
        )

    # -- talking to the server -------------------------------------------------------------

    def _translate(self, exc: Exception) -> ActorgraphError | None:
        """actorgraph's error for a driver error that is about the server, not the query."""
        if isinstance(exc, AuthError) or (
            isinstance(exc, neo4j.exceptions.ClientError)
            and exc.code == "Neo.ClientError.Security.AuthenticationRateLimit"
        ):
            who = f"user {self._user!r}" if self._user else "no credentials"
            return StoreAuthFailed(
                f"Neo4j refused the credentials ({who}): check ACTORGRAPH_NEO4J_USER and "
                f"ACTORGRAPH_NEO4J_PASSWORD ({exc.message if isinstance(exc, Neo4jError) else exc})"
            )
        if (
            isinstance(exc, neo4j.exceptions.ClientError)
            and exc.code == "Neo.ClientError.Database.DatabaseNotFound"
        ):
            return StoreMisconfigured(
                f"Neo4j has no database {self._database!r} "
                f"(check ACTORGRAPH_NEO4J_DATABASE): {exc.message}"
            )
        if isinstance(exc, _UNAVAILABLE):
            return StoreUnavailable(f"Neo4j does not answer: {exc}")
        return None

    def _guarded(self, work: Callable[[], T]) -> T:
        """Run one unit of work against the server, through the circuit breaker."""
        error, probe = self._breaker.state()
        if error is not None and (not probe or not self._probe()):
            raise type(error)(str(error))
        try:
            result = work()
        except (Neo4jError, DriverError, OSError) as exc:
            translated = self._translate(exc)
            if translated is None:
                raise
            if isinstance(translated, StoreUnavailable):
                self._breaker.trip(translated)
            raise translated from exc
        self._breaker.reset()
        return result

    def _probe(self) -> bool:
        """One quick query, no retries: is the server back? Raises when it answers but
        refuses us (credentials, database), since waiting will not fix that."""
        try:
            with self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                record = session.run(cypher.statement("ping")).single()
        except (Neo4jError, DriverError, OSError) as exc:
            translated = self._translate(exc)
            if translated is None:
                raise
            if isinstance(translated, StoreUnavailable):
                self._breaker.trip(translated)
            if isinstance(translated, StoreAuthFailed | StoreMisconfigured):
                raise translated from exc
            return False
        ok = record is not None and record["ok"] == 1
        if ok:
            self._breaker.reset()
        return ok

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        def work() -> list[dict[str, Any]]:
            records, _, _ = self._driver.execute_query(
                cypher.statement(name),
                params,
                routing_=RoutingControl.READ,
                database_=self._database,
            )
            return [record.data() for record in records]

        return self._guarded(work)

    def _write_statements(self, statements: tuple[str, ...]) -> None:
        def work() -> None:
            with self._driver.session(database=self._database) as session:
                for statement in statements:
                    session.run(statement).consume()

        self._guarded(work)

    def ping(self) -> bool:
        """Whether the server answers now, without waiting out the driver's retries; raises
        StoreAuthFailed / StoreMisconfigured when it answers but refuses us."""
        error, probe = self._breaker.state()
        if error is not None and not probe:
            if isinstance(error, StoreAuthFailed):
                raise StoreAuthFailed(str(error))
            return False
        return self._probe()

    def check(self) -> None:
        """Raise the store's error (unavailable, refused credentials, no such database)."""
        self._read("ping")

    def init_schema(self) -> None:
        self._write_statements(cypher.statements("schema"))

    def constraints(self) -> list[dict[str, Any]]:
        return self._read("show_constraints")

    def indexes(self) -> list[dict[str, Any]]:
        return self._read("show_indexes")

    def wipe(self) -> None:
        """Delete every node and relationship; the schema stays."""
        # CALL ... IN TRANSACTIONS needs an implicit (auto-commit) transaction.
        self._write_statements(
            (cypher.statement("wipe_relationships"), cypher.statement("wipe_nodes"))
        )

    def close(self) -> None:
        self._driver.close()

    # -- writes ----------------------------------------------------------------------------

    def _write(self, work: Any, *args: Any) -> Any:
        attempts = 0

        def counted(tx: ManagedTransaction, *inner: Any) -> Any:
            nonlocal attempts
            attempts += 1
            return work(tx, *inner)

        def run() -> Any:
            with self._driver.session(database=self._database) as session:
                return session.execute_write(counted, *args)

        try:
            return self._guarded(run)
        finally:
            self.retries += max(attempts - 1, 0)

    def ingest(self, extraction: Extraction) -> IngestResult:
        [result] = self._write(self._ingest_tx, [extraction])
        return result  # type: ignore[no-any-return]

    def ingest_many(
        self, extractions: Iterable[Extraction], batch_size: int = 50
    ) -> Iterator[IngestResult | IngestFailure]:
        """Batches share a transaction; a failed batch is retried article by article, so a
        bad article fails alone and leaves nothing behind."""
        batch: list[Extraction] = []
        for extraction in extractions:
            batch.append(extraction)
            if len(batch) >= batch_size:
                yield from self._ingest_batch(batch)
                batch = []
        if batch:
            yield from self._ingest_batch(batch)

    def _ingest_batch(self, batch: list[Extraction]) -> Iterator[IngestResult | IngestFailure]:
        if len({e.article.id for e in batch}) == len(batch):
            try:
                yield from self._write(self._ingest_tx, batch)
                return
            except (StoreUnavailable, StoreMisconfigured):
                raise
            except Exception as exc:  # retried one by one below, where a failure is reported
                log.info("batch of %d articles failed (%s); retrying one by one", len(batch), exc)
        for extraction in batch:
            try:
                yield self.ingest(extraction)
            except (StoreUnavailable, StoreMisconfigured):
                raise
            except Exception as exc:  # this article is rolled back; the batch goes on
                yield IngestFailure(extraction.article.id, extraction.article.path, exc)

    def _ingest_tx(
        self, tx: ManagedTransaction, extractions: list[Extraction]
    ) -> list[IngestResult]:
        ids = [e.article.id for e in extractions]
        stored = {
            r["id"]: r["version"] for r in tx.run(cypher.statement("ingest_claim_article"), ids=ids)
        }
        merged = _merged(tx, sorted({a.id for e in extractions for a in e.actors}))
        now = datetime.now(UTC).isoformat(timespec="seconds")
        results: list[IngestResult] = []
        writes = []
        for extraction in extractions:
            rows = rows_for(extraction, merged, now)
            version = stored.get(extraction.article.id)
            if version is not None and version == rows.article["extractor_version"]:
                status = IngestStatus.UNCHANGED
            else:
                status = IngestStatus.NEW if version is None else IngestStatus.REPLACED
                writes.append((rows, status))
            results.append(
                IngestResult(
                    article_id=extraction.article.id,
                    status=status,
                    actors=len(rows.actors),
                    relations=len(rows.statements),
                )
            )
        if not writes:
            return results
        replaced = [r.article["id"] for r, status in writes if status is IngestStatus.REPLACED]
        keys: set[Key] = set()
        if replaced:
            keys |= _keys(tx.run(cypher.statement("article_statement_keys"), ids=replaced))
        for rows, _ in writes:
            keys |= rows.keys()
        actors: dict[str, dict[str, Any]] = {}
        for rows, _ in writes:
            for row in rows.actors:
                known = actors.setdefault(row["id"], {**row, "aliases": list(row["aliases"])})
                known["aliases"] += [a for a in row["aliases"] if a not in known["aliases"]]
        tx.run(cypher.statement("upsert_actors"), rows=list(actors.values())).consume()
        ordered = [k.row() for k in sorted(keys, key=lambda k: (k.source, k.type.value, k.target))]
        ends = sorted({k.source for k in keys} | {k.target for k in keys})
        tx.run(cypher.statement("lock_actors"), ids=ends).consume()
        found = {
            Key(r["source"], RelationType(r["type"]), r["target"]): r
            for r in tx.run(cypher.statement("edge_state"), keys=ordered)
        }
        if replaced:
            # Replaced articles take their old statements away: rebuild those edges from the
            # statements that stay (read now, while this transaction is still small).
            partials = {
                Key(r["source"], RelationType(r["type"]), r["target"]): _as_base(r)
                for r in tx.run(cypher.statement("edge_partials"), keys=ordered, excluded=replaced)
            }
            tx.run(cypher.statement("delete_article_statements"), ids=replaced).consume()
            tx.run(cypher.statement("delete_article_mentions"), ids=replaced).consume()
        else:
            # Only new articles: add to each edge's running sums.
            partials = {k: dict(r) for k, r in found.items() if r["found"]}
        tx.run(cypher.statement("upsert_article"), rows=[r.article for r, _ in writes]).consume()
        mentions = [
            {**m, "article": rows.article["id"]} for rows, _ in writes for m in rows.mentions
        ]
        tx.run(cypher.statement("link_mentions"), rows=mentions).consume()
        statements = [s for rows, _ in writes for s in rows.statements]
        tx.run(cypher.statement("create_statements"), rows=statements).consume()
        existing = {k for k, r in found.items() if r["found"]}
        _write_edges(tx, keys, partials, statements, existing)
        return results

    def retract(self, article_id: str) -> bool:
        found: bool = self._write(self._retract_tx, article_id)
        return found

    @staticmethod
    def _retract_tx(tx: ManagedTransaction, article_id: str) -> bool:
        if not tx.run(cypher.statement("article_exists"), id=article_id).single(strict=True)[
            "found"
        ]:
            return False
        keys = _keys(tx.run(cypher.statement("article_statement_keys"), ids=[article_id]))
        actors = tx.run(cypher.statement("article_actor_ids"), id=article_id).single(strict=True)[
            "ids"
        ]
        tx.run(cypher.statement("delete_article_statements"), ids=[article_id]).consume()
        tx.run(cypher.statement("delete_article_mentions"), ids=[article_id]).consume()
        tx.run(cypher.statement("delete_article"), id=article_id).consume()
        _recompute(tx, keys)
        tx.run(cypher.statement("delete_orphan_actors"), ids=actors).consume()
        return True

    def merge_actors(self, keep: str, other: str) -> Actor:
        actor: Actor = self._write(self._merge_tx, keep, other)
        return actor

    @staticmethod
    def _merge_tx(tx: ManagedTransaction, keep: str, other: str) -> Actor:
        merged = _merged(tx, [keep, other])
        keep, other = canonical(keep, merged), canonical(other, merged)
        for actor_id in (keep, other):
            if tx.run(cypher.statement("get_actor"), id=actor_id).single() is None:
                raise NotFound("actor", actor_id)
        if keep == other:
            return actor_from_row(
                tx.run(cypher.statement("get_actor"), id=keep).single(strict=True)["actor"]
            )
        # Keys are read before rewiring: the index must not be asked about nodes this
        # transaction is about to delete.
        before = _keys(tx.run(cypher.statement("actor_statement_keys"), id=keep)) | _keys(
            tx.run(cypher.statement("actor_statement_keys"), id=other)
        )
        after = {
            Key(
                keep if k.source == other else k.source,
                k.type,
                keep if k.target == other else k.target,
            )
            for k in before
        }
        record = tx.run(cypher.statement("merge_actor_properties"), keep=keep, other=other)
        kept = record.single(strict=True)["actor"]
        tx.run(cypher.statement("delete_pair_statements"), keep=keep, other=other).consume()
        tx.run(cypher.statement("merge_rewire_subjects"), keep=keep, other=other).consume()
        tx.run(cypher.statement("merge_rewire_objects"), keep=keep, other=other).consume()
        tx.run(cypher.statement("merge_mentions"), keep=keep, other=other).consume()
        tx.run(cypher.statement("merge_country_references"), keep=keep, other=other).consume()
        tx.run(cypher.statement("record_merge"), keep=keep, other=other).consume()
        tx.run(cypher.statement("delete_actor"), id=other).consume()
        _recompute(tx, {k for k in after if k.source != k.target})
        return actor_from_row(kept)

    def add_alias(self, actor_id: str, alias: str) -> Actor:
        actor: Actor = self._write(self._alias_tx, actor_id, alias.strip())
        return actor

    @staticmethod
    def _alias_tx(tx: ManagedTransaction, actor_id: str, alias: str) -> Actor:
        actor_id = canonical(actor_id, _merged(tx, [actor_id]))
        if not alias:
            record = tx.run(cypher.statement("get_actor"), id=actor_id).single()
        else:
            record = tx.run(cypher.statement("add_alias"), id=actor_id, alias=alias).single()
        if record is None:
            raise NotFound("actor", actor_id)
        return actor_from_row(record["actor"])

    # -- reads -----------------------------------------------------------------------------

    def _read_many(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return self._read(name, **params)

    def _resolve(self, actor_id: str) -> str:
        rows = self._read("merged_ids", ids=[actor_id])
        merged = {r["id"]: r["into"] for r in rows}
        return canonical(actor_id, merged)

    def get_actor(self, actor_id: str) -> ActorDetail:
        actor_id = self._resolve(actor_id)
        rows = self._read("get_actor", id=actor_id)
        if not rows:
            raise NotFound("actor", actor_id)
        counts = {t: 0 for t in RelationType}
        for row in self._read("actor_edge_counts", actor=actor_id, rel_types=REL_TYPES):
            counts[RelationType(row["type"])] += row["edges"]
        return ActorDetail(
            actor=actor_from_row(rows[0]["actor"]),
            relation_counts=counts,
            articles=rows[0]["articles"],
        )

    def find_actors(
        self, q: str | None, actor_type: ActorType | None, limit: int, offset: int
    ) -> Page[Actor]:
        rows = self._read("all_actors", type=actor_type.value if actor_type else None)
        ranked = []
        for row in rows:
            a = row["actor"]
            rank = 0 if not q else rank_actor_match(q, a["name"], a.get("aliases") or [], a["id"])
            if rank is not None:
                ranked.append((rank, a["name"].lower(), a["id"], a))
        ranked.sort()
        items = [actor_from_row(a) for *_, a in ranked[offset : offset + limit]]
        return Page[Actor](items=items, total=len(ranked), limit=limit, offset=offset)

    def _statement_rows(
        self, name: str, **params: Any
    ) -> tuple[list[dict[str, Any]], dict[str, str | None]]:
        rows = self._read(name, **params)
        titles = {r["statement"]["article_id"]: r["title"] for r in rows}
        return [r["statement"] for r in rows], titles

    def statements_for(self, query: EdgeQuery) -> list[dict[str, Any]]:
        return self._fetch(query)[0]

    def _fetch(self, query: EdgeQuery) -> tuple[list[dict[str, Any]], dict[str, str | None]]:
        if query.article is not None:
            return self._statement_rows("article_statements", article=query.article)
        if query.actor is not None:
            if not self._read("get_actor", id=query.actor):
                raise NotFound("actor", query.actor)
            return self._statement_rows("actor_statements", actor=query.actor)
        return self._statement_rows(
            "statements",
            source=query.source,
            target=query.target,
            types=sorted(t.value for t in query.types),
        )

    def edges(self, query: EdgeQuery) -> list[Edge]:
        from dataclasses import replace

        query = replace(
            query,
            actor=self._resolve(query.actor) if query.actor else None,
            source=self._resolve(query.source) if query.source else None,
            target=self._resolve(query.target) if query.target else None,
        )
        if query.actor is not None and _unfiltered(query):
            return self._stored_edges(query)
        statements, titles = self._fetch(query)
        return build_edges(statements, titles, query)

    def _stored_edges(self, query: EdgeQuery) -> list[Edge]:
        """Unfiltered questions about one actor read its aggregated edges and only the top
        evidence of each, not every statement (hub actors have thousands)."""
        assert query.actor is not None
        if not self._read("get_actor", id=query.actor):
            raise NotFound("actor", query.actor)
        wanted = [t.rel_type for t in query.types] if query.types else REL_TYPES
        rows = self._read(
            "actor_edges",
            actor=query.actor,
            rel_types=wanted,
            outgoing=query.direction is not Direction.IN,
            incoming=query.direction is not Direction.OUT,
            evidence=query.evidence_limit,
        )
        edges = []
        for row in rows:
            props = row["props"]
            titles = {e["article_id"]: e.get("title") for e in row["evidence"]}
            edges.append(
                Edge(
                    source=row["source"],
                    target=row["target"],
                    type=RelationType(row["type"]),
                    mentions=props["mentions"],
                    articles=props["articles"],
                    first_seen=parse_date(props.get("first_seen")),
                    last_seen=parse_date(props.get("last_seen")),
                    weight=props["weight"],
                    confidence=props["confidence"],
                    modalities=[Modality(m) for m in props["modalities"]],
                    evidence=[evidence_item(e, titles) for e in row["evidence"]],
                )
            )
        edges.sort(
            key=lambda e: (
                -abs(e.weight) * e.mentions,
                -e.mentions,
                e.source,
                e.type.value,
                e.target,
            )
        )
        return edges

    def get_article(self, article_id: str) -> ArticleDetail:
        rows = self._read("get_article", id=article_id)
        if not rows:
            raise NotFound("article", article_id)
        return _article_detail(rows[0])

    def list_articles(self, limit: int, offset: int) -> Page[ArticleDetail]:
        rows = self._read("list_articles", limit=limit, offset=offset)
        total = self._read("count_articles")[0]["total"]
        items = sorted(
            (_article_detail(r) for r in rows),
            key=lambda d: (
                d.article.published.isoformat() if d.article.published else "",
                d.article.id,
            ),
            reverse=True,
        )
        return Page[ArticleDetail](items=items, total=total, limit=limit, offset=offset)

    def run_library(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one analyst query of cypher/library (read-only, routed as a read)."""
        from graph.cypher import LIBRARY

        return self._read(f"{LIBRARY}/{name}", **params)

    def run_read_only(
        self, query: str, params: dict[str, Any], timeout: float, max_rows: int, max_bytes: int
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        """Run a user's Cypher if it is a plain read query (see graph.cypher_guard), in a read
        transaction whose server-side timeout and our own clock both bound it; stop at
        ``max_rows`` rows (truncated) or refuse past ``max_bytes`` of JSON."""
        query = query.strip().removesuffix(";")
        check_text(query)
        deadline = time.monotonic() + timeout

        def plan() -> None:
            with self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                summary = session.run(neo4j.Query("EXPLAIN " + query), params).consume()
                check_plan(summary.plan)

        def read(tx: neo4j.Transaction) -> tuple[list[str], list[dict[str, Any]], bool]:
            result = tx.run(query, params)
            rows: list[dict[str, Any]] = []
            size = 0
            for record in result:
                if time.monotonic() > deadline:
                    raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
                if len(rows) >= max_rows:
                    return list(result.keys()), rows, True
                row = _plain(record.data())
                size += len(json.dumps(row, default=str))
                if size > max_bytes:
                    raise ResultTooLarge(
                        f"the result is larger than {max_bytes} bytes; return fewer or "
                        "smaller values (LIMIT, fewer properties)"
                    )
                rows.append(row)
            return list(result.keys()), rows, False

        def run() -> tuple[list[str], list[dict[str, Any]], bool]:
            plan()
            remaining = max(deadline - time.monotonic(), 0.001)
            # No retries: a user's query that failed once fails the same way again.
            with (
                self._driver.session(
                    database=self._database,
                    default_access_mode=neo4j.READ_ACCESS,
                    fetch_size=100,
                ) as session,
                session.begin_transaction(timeout=remaining) as tx,
            ):
                return read(tx)

        try:
            return self._guarded(run)
        except neo4j.exceptions.ClientError as exc:
            raise _user_query_error(exc, timeout) from exc
        except neo4j.exceptions.TransientError as exc:
            raise _user_query_error(exc, timeout) from exc

    def counts(self) -> Counts:
        row = self._read("counts", rel_types=REL_TYPES)[0]
        return Counts(**row)

    def snapshot(
        self, since: date | None = None, until: date | None = None, evidence_limit: int = 20
    ) -> nx.MultiDiGraph:
        from graph.embedded_store import to_networkx

        window = EdgeQuery(since=since, until=until, evidence_limit=evidence_limit)
        actors = [actor_from_row(r["actor"]) for r in self._read("all_actors", type=None)]
        statements, titles = self._statement_rows("statements", source=None, target=None, types=[])
        return to_networkx(actors, build_edges(statements, titles, window))


def _user_query_error(exc: Neo4jError, timeout: float) -> ActorgraphError:
    code = exc.code or ""
    if "TransactionTimedOut" in code or "Transaction.Terminated" in code:
        return QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
    if "MemoryPoolOutOfMemoryError" in code or "OutOfMemory" in code:
        return ResultTooLarge(f"the query needs more memory than Neo4j allows: {exc.message}")
    if "AccessMode" in code or "Forbidden" in code:
        return ReadOnlyViolation(exc.message or "writes are not allowed")
    return InvalidQuery(f"Neo4j cannot run this query: {exc.message}")


def _plain(value: Any) -> Any:
    """Graph values as JSON: nodes and relationships become their properties."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "items") and hasattr(value, "element_id"):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _unfiltered(query: EdgeQuery) -> bool:
    return (
        query.since is None
        and query.until is None
        and query.min_confidence == 0.0
        and query.modality is None
        and query.article is None
        and query.source is None
        and query.target is None
    )


def _keys(result: Any) -> set[Key]:
    return {Key(r["source"], RelationType(r["type"]), r["target"]) for r in result}


def _merged(tx: ManagedTransaction, ids: list[str]) -> dict[str, str]:
    merged: dict[str, str] = {}
    pending = list(dict.fromkeys(ids))
    for _ in range(10):  # merge chains are short; a cycle cannot loop forever
        if not pending:
            break
        found = {r["id"]: r["into"] for r in tx.run(cypher.statement("merged_ids"), ids=pending)}
        merged.update(found)
        pending = [into for into in found.values() if into not in merged]
    return merged


def _as_base(partial: Any) -> dict[str, Any]:
    """An edge's running sums from the stored statements edge_partials returned."""
    published = sorted(p for p in partial["published"] if p)
    doubt = 1.0
    for confidence in partial["confidences"]:
        doubt *= 1.0 - float(confidence)
    return {
        "mentions": len(partial["article_ids"]),
        "articles": len(set(partial["article_ids"])),
        "weight_sum": float(sum(partial["weights"])),
        "doubt": doubt,
        "first_seen": published[0] if published else None,
        "last_seen": published[-1] if published else None,
        "modalities": list(partial["modalities"]),
    }


def _write_edges(
    tx: ManagedTransaction,
    keys: set[Key],
    bases: dict[Key, dict[str, Any]],
    statements: list[dict[str, Any]],
    existing: set[Key],
) -> None:
    """Edge properties from stored sums plus this batch's statements, by the same function the
    embedded store uses (graph.statements.aggregate)."""
    members: dict[Key, list[dict[str, Any]]] = {k: [] for k in keys}
    for statement in statements:
        members[key_of(statement)].append(statement)
    updated, created, empty = [], [], []
    for key, group in members.items():
        props = aggregate(group, bases.get(key))
        if props is None:
            if key in existing:
                empty.append(key.row())
        elif key in existing:
            updated.append({**key.row(), "props": props})
        else:
            created.append({**key.row(), "props": props})
    if updated:
        tx.run(cypher.statement("write_edges"), edges=updated).consume()
    if created:
        tx.run(cypher.statement("create_edges"), edges=created).consume()
    if empty:
        tx.run(cypher.statement("delete_edges"), keys=empty).consume()


def _recompute(tx: ManagedTransaction, keys: set[Key]) -> None:
    if keys:
        ends = sorted({k.source for k in keys} | {k.target for k in keys})
        tx.run(cypher.statement("lock_actors"), ids=ends).consume()
        rows = [k.row() for k in sorted(keys, key=lambda k: (k.source, k.type.value, k.target))]
        tx.run(
            cypher.statement("recompute_edges"), keys=rows, modality_order=MODALITY_ORDER
        ).consume()


def _article_detail(row: dict[str, Any]) -> ArticleDetail:
    a = row["article"]
    return ArticleDetail(
        article=article_from_row(a),
        extractor_version=a.get("extractor_version"),
        ingested_at=a.get("ingested_at"),
        actors=sorted(row["actors"]),
        statements=row["statements"],
    )

"""The Neo4j backend: storage for the engine, and what only Neo4j can do (read-only Cypher,
the analyst library, its schema). The only module that talks to the ``neo4j`` driver."""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import neo4j
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
from graph.cypher import LIBRARY
from graph.cypher_guard import check_nesting, check_plan, check_ranges, check_text
from graph.errors import (
    ActorgraphError,
    InvalidQuery,
    QueryTimeout,
    ReadOnlyViolation,
    ResultTooLarge,
    StoreAuthFailed,
    StoreMisconfigured,
    StoreOverloaded,
    StoreUnavailable,
)
from graph.model import RelationType
from graph.results import Counts
from graph.settings import Settings
from graph.store.aggregate import EVIDENCE_KEPT, UNDATED, Key, Sums
from graph.store.cypher_tx import VERSION_KEY, CypherTx, actor_row
from graph.store.deadlines import Breaker, NoAnswer, bounded, plain, too_large
from graph.store.neo4j_following import FollowingReads
from graph.store.protocol import Row
from graph.store.query import Direction, EdgeQuery, Window
from graph.store.relay import Relay

log = logging.getLogger(__name__)
T = TypeVar("T")
REL_TYPES = [t.rel_type for t in RelationType]
GRAMS_INDEX = "actor_grams"  # full-text index of the actors' search grams (schema.cypher)

_UNAVAILABLE = (ServiceUnavailable, SessionExpired, OSError)
_RETRY_MESSAGE = "Transaction failed and will be retried"
_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})
CONSOLE_TAG = "actorgraph_console"  # metadata key of a user query's transaction (its token)
_CONSOLE_THREAD = "neo4j-console"  # the thread a user query runs in
# What Neo4j sends besides the result itself (handshake, plan, summaries), so that a result
# just under the size cap still fits through the relay.
_PROTOCOL_SLACK = 256 * 1024
_ADMIN_SECONDS = 3600.0  # the deadline of schema statements and of wiping the graph


class _QuietCuts(logging.Filter):
    """A user query's connection is cut on purpose (its deadline, its size cap): the driver's
    report of reading from that dead connection is not an error of anyone's."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.threadName != _CONSOLE_THREAD


class _QuietRetries(logging.Filter):
    """Deadlocks between concurrent writers are retried by design; the store counts them
    (``Neo4jBackend.retries``) instead of letting the driver print each one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_RETRY_MESSAGE)


def driver_from_settings(
    settings: Settings, resolver: Callable[[Any], Iterable[tuple[str, int]]] | None = None
) -> neo4j.Driver:
    """One driver per process: the caller owns it and closes it. ``resolver`` sends every
    connection elsewhere (a user query's relay, see ``graph/store/relay.py``)."""
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
    extra: dict[str, Any] = {}
    if resolver is not None:
        extra["resolver"] = _resolver(resolver)
    session_log = logging.getLogger("neo4j.session")
    if not any(isinstance(f, _QuietRetries) for f in session_log.filters):
        session_log.addFilter(_QuietRetries())
    for name in ("neo4j.io", "neo4j.pool"):
        io_log = logging.getLogger(name)
        if not any(isinstance(f, _QuietCuts) for f in io_log.filters):
            io_log.addFilter(_QuietCuts())
    try:
        return GraphDatabase.driver(
            settings.neo4j_uri,
            auth=auth,
            max_transaction_retry_time=settings.neo4j_retry_seconds,
            # Every step of getting a connection has a deadline: TCP connect, then the Bolt
            # handshake and login (bounded by the acquisition timeout, which also bounds the
            # wait for a free connection of the pool). A connection idle for longer is checked
            # (a RESET round trip under the same deadline) before it is used: a server paused
            # since is found there, not by a query that would wait for ever.
            connection_timeout=settings.neo4j_connect_timeout,
            connection_acquisition_timeout=settings.neo4j_connect_timeout,
            liveness_check_timeout=settings.neo4j_connect_timeout,
            # Our statements are fixed; warnings such as "property key does not exist yet" on a
            # fresh database are noise to a user.
            notifications_min_severity="OFF",
            # Never tell a server how the driver is used, whatever that server allows.
            telemetry_disabled=True,
            **extra,
        )
    except (ValueError, ConfigurationError) as exc:
        raise StoreMisconfigured(
            f"ACTORGRAPH_NEO4J_URI={settings.neo4j_uri!r} is not a usable Neo4j URI: {exc}"
        ) from exc


def bolt_answers(uri: str, auth: tuple[str, str] | None, timeout: float) -> bool:
    """Whether a server answers Bolt at ``uri`` (refusing the credentials counts: it is up).
    For the local server's process tooling, which waits for a starting server."""
    try:
        with (
            GraphDatabase.driver(uri, auth=auth, connection_timeout=timeout) as driver,
            driver.session() as session,
        ):
            # A single run, not execute_query: that one retries a dead port for 30 s.
            record = session.run(cypher.statement("ping")).single()
            return record is not None and record["ok"] == 1
    except AuthError:
        return True
    except (ServiceUnavailable, Neo4jError, OSError):
        return False


def set_initial_password(uri: str, auth: tuple[str, str]) -> None:
    """Gives a new server the configured password (it starts knowing only neo4j/neo4j);
    nothing when the configured credentials already work."""
    try:
        with GraphDatabase.driver(uri, auth=auth) as driver:
            driver.verify_connectivity()
            return
    except AuthError:
        pass
    with (
        GraphDatabase.driver(uri, auth=("neo4j", "neo4j")) as driver,
        driver.session(database="system") as session,
    ):
        session.run(
            cypher.statement("change_initial_password"), initial="neo4j", password=auth[1]
        ).consume()


def _resolver(
    addresses: Callable[[Any], Iterable[tuple[str, int]]],
) -> Callable[[neo4j.Address], Iterable[neo4j.Address]]:
    """The driver's resolver: ``addresses`` as Neo4j's Address objects."""
    return lambda address: [neo4j.Address(found) for found in addresses(address)]


class Neo4jBackend(FollowingReads):
    kind = "neo4j"

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str = "neo4j",
        user: str | None = None,
        breaker_seconds: float = 2.0,
        batch_size: int = 50,
        *,
        uri: str = "Neo4j",
        connect_timeout: float = 3.0,
        query_timeout: float = 120.0,
        health_timeout: float = 1.0,
        console_driver: Callable[[Any], neo4j.Driver] | None = None,
    ) -> None:
        self._driver = driver
        self._database = database
        self._user = user
        self._breaker = Breaker(breaker_seconds)
        self._batch_size = batch_size
        self._uri = uri
        self._connect_timeout = connect_timeout
        self._query_timeout = query_timeout
        self._health_timeout = health_timeout
        # A driver of its own for each user query (POST /cypher), through a relay: see
        # run_read_only. Without one (a backend built on a bare driver) the shared driver is used.
        self._console_driver = console_driver
        self.retries = 0  # transactions retried after a deadlock or a lost connection

    def with_batch_size(self, articles: int) -> Neo4jBackend:
        """The same backend writing ``articles`` per transaction (benchmarks try sizes)."""
        self._batch_size = articles
        return self

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jBackend:
        return cls(
            driver_from_settings(settings),
            settings.neo4j_database,
            settings.neo4j_user if settings.neo4j_password is not None else None,
            settings.neo4j_breaker_seconds,
            uri=settings.neo4j_uri or "Neo4j",
            connect_timeout=settings.neo4j_connect_timeout,
            query_timeout=settings.neo4j_query_timeout,
            health_timeout=settings.health_timeout,
            console_driver=lambda resolver: driver_from_settings(settings, resolver),
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
        if isinstance(exc, neo4j.exceptions.TransientError) and "MemoryPoolOutOfMemory" in (
            exc.code or ""
        ):
            return StoreOverloaded(
                f"Neo4j at {self._uri} refused the work: it needs more memory than a "
                f"transaction may hold there (db.memory.transaction.max; give Neo4j a larger "
                f"heap, ACTORGRAPH_NEO4J_HEAP, for a larger store): {exc.message}"
            )
        if isinstance(exc, _UNAVAILABLE):
            return StoreUnavailable(f"Neo4j at {self._uri} does not answer: {exc}")
        return None

    def _bounded(
        self,
        work: Callable[[], T],
        timeout: float,
        *,
        liveness: bool = True,
        thread_name: str = "neo4j-call",
    ) -> T:
        """``work`` within ``timeout`` seconds (graph/store/deadlines.py); with ``liveness``, a
        ping every ``neo4j_connect_timeout`` seconds meanwhile gives it up at once when the
        server does not answer at all."""
        every = self._connect_timeout
        check = (every, lambda: self._answers(every) is None) if liveness else None
        return bounded(work, timeout, check, thread_name)

    def _guarded(self, work: Callable[[], T], timeout: float | None = None) -> T:
        """Run one unit of work against the server, through the circuit breaker, within its
        deadline (``neo4j_query_timeout`` unless given)."""
        error, probe = self._breaker.state()
        if error is not None and (not probe or not self._probe()):
            raise type(error)(str(error))
        try:
            result = self._bounded(work, timeout or self._query_timeout)
        except NoAnswer as exc:
            # Past its deadline a call counts as a refused connection: the breaker opens.
            unavailable = StoreUnavailable(f"Neo4j at {self._uri} does not answer: {exc}")
            self._breaker.trip(unavailable)
            raise unavailable from None
        except (Neo4jError, DriverError, OSError) as exc:
            translated = self._translate(exc)
            if translated is None:
                raise
            if isinstance(translated, StoreUnavailable) and not isinstance(
                translated, StoreOverloaded
            ):
                self._breaker.trip(translated)
            raise translated from exc
        self._breaker.reset()
        return result

    def _answers(self, timeout: float) -> StoreUnavailable | None:
        """None when the server answers a ping within ``timeout`` seconds, else why not (a
        ``NoAnswer`` when it said nothing at all). Raises when it answers but refuses us
        (credentials, database), since waiting will not fix that."""

        def work() -> Any:
            with self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                return session.run(neo4j.Query(cypher.statement("ping"), timeout=timeout)).single()

        try:
            record = self._bounded(work, timeout, liveness=False)
        except NoAnswer as exc:
            return NoAnswer(f"Neo4j at {self._uri} does not answer: {exc}")
        except (Neo4jError, DriverError, OSError) as exc:
            translated = self._translate(exc)
            if translated is None:
                raise
            if isinstance(translated, StoreAuthFailed | StoreMisconfigured):
                raise translated from exc
            if isinstance(translated, StoreUnavailable):
                return translated
            return StoreUnavailable(str(translated))
        if record is None or record["ok"] != 1:
            return StoreUnavailable(f"Neo4j at {self._uri} answered the ping wrongly")
        return None

    def _probe(self) -> bool:
        """One quick ping, no retries: is the server back? Raises when it answers but refuses
        us (credentials, database)."""
        try:
            failure = self._answers(self._connect_timeout)
        except ActorgraphError as exc:
            self._breaker.trip(exc)
            raise
        if failure is not None:
            self._breaker.trip(failure)
            return False
        self._breaker.reset()
        return True

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        def work() -> list[dict[str, Any]]:
            records, _, _ = self._driver.execute_query(
                # The server stops the query at the same deadline as our own clock.
                neo4j.Query(cypher.statement(name), timeout=self._query_timeout),
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

        # The schema, or wiping a large graph, may legitimately take longer than any query:
        # only a server that stops answering (the liveness ping) ends it early.
        self._guarded(work, timeout=max(self._query_timeout, _ADMIN_SECONDS))

    def ping(self) -> bool:
        """Whether the server answers within ``health_timeout`` (1 s), never waiting out the
        driver's retries; raises StoreAuthFailed / StoreMisconfigured when it answers but
        refuses us. A refused connection opens the breaker; a slow answer only makes this
        ping say no (a busy server is not a dead one: the data calls decide that)."""
        error, probe = self._breaker.state()
        if error is not None and not probe:
            if isinstance(error, StoreAuthFailed):
                raise StoreAuthFailed(str(error))
            return False
        try:
            failure = self._answers(self._health_timeout)
        except ActorgraphError as exc:
            self._breaker.trip(exc)
            raise
        if failure is None:
            self._breaker.reset()
            return True
        if probe or not isinstance(failure, NoAnswer):
            self._breaker.trip(failure)
        return False

    def execute(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Runs one statement in its own auto-commit transaction and returns its rows: the
        public seam for tests and tools that need the database itself (LOAD CSV, a raw
        query to compare with); actorgraph's own code paths go through the engine."""

        def work() -> list[dict[str, Any]]:
            with self._driver.session(database=self._database) as session:
                return session.run(neo4j.Query(query), params or {}).data()

        return self._guarded(work)

    def explain(self, query: str) -> dict[str, Any] | None:
        """The plan Neo4j would run ``query`` with (nothing runs): a public seam for tests."""

        def work() -> dict[str, Any] | None:
            with self._driver.session(database=self._database) as session:
                summary = session.run(neo4j.Query("EXPLAIN " + query)).consume()
                return summary.plan

        return self._guarded(work)

    def init_schema(self) -> None:
        self._write_statements((*cypher.statements("schema"), cypher.statement("story_backfill")))

    def constraints(self) -> list[dict[str, Any]]:
        return self._read("show_constraints")

    def indexes(self) -> list[dict[str, Any]]:
        return self._read("show_indexes")

    def wipe(self) -> None:
        """Delete every node and relationship (the data version too: the next write starts a
        new one, see bump_version.cypher); the schema stays."""
        # CALL ... IN TRANSACTIONS needs an implicit (auto-commit) transaction.
        self._write_statements(
            (cypher.statement("wipe_relationships"), cypher.statement("wipe_nodes"))
        )

    def close(self) -> None:
        """Close every connection (which wakes a call still waiting on a hung server); bounded,
        since saying goodbye to a server that reads nothing may block."""
        try:
            self._bounded(self._driver.close, self._connect_timeout, liveness=False)
        except NoAnswer:
            log.info("Neo4j at %s did not take the goodbye; its connections are dropped", self._uri)

    def data_version(self) -> int:
        return int(self._read("data_version", key=VERSION_KEY)[0]["version"])

    def batch_size(self) -> int:
        return self._batch_size

    def write(self, work: Callable[[Any], T]) -> T:
        attempts = 0

        def counted(tx: ManagedTransaction) -> T:
            nonlocal attempts
            attempts += 1
            return work(CypherTx(tx))

        def run() -> T:
            with self._driver.session(database=self._database) as session:
                return session.execute_write(
                    neo4j.unit_of_work(timeout=self._query_timeout)(counted)
                )

        try:
            return self._guarded(run)
        finally:
            self.retries += max(attempts - 1, 0)

    # -- reads -------------------------------------------------------------------------------

    def merged_ids(self, ids: Sequence[str]) -> dict[str, str]:
        return {r["id"]: r["into"] for r in self._read("merged_ids", ids=list(ids))}

    def actor(self, actor_id: str) -> tuple[Row, int] | None:
        rows = self._read("get_actor", id=actor_id)
        if not rows:
            return None
        return actor_row(rows[0]["actor"]), int(rows[0]["articles"])

    def actors(self, actor_type: str | None) -> list[Row]:
        return [actor_row(r["actor"]) for r in self._read("all_actors", type=actor_type)]

    def actors_page(self, actor_type: str | None, limit: int, offset: int) -> tuple[list[Row], int]:
        [row] = self._read("actors_page", type=actor_type, limit=limit, offset=offset)
        return [actor_row(a) for a in row["actors"]], int(row["total"])

    def search_candidates(self, grams: Sequence[str], actor_type: str | None) -> list[Row]:
        [row] = self._read(
            "search_candidates", index=GRAMS_INDEX, query=" OR ".join(grams), type=actor_type
        )
        return [
            {"id": actor_id, "name": name, "aliases": list(aliases or [])}
            for actor_id, name, aliases in row["actors"]
        ]

    def actors_by_id(self, ids: Sequence[str]) -> list[Row]:
        return [actor_row(r["actor"]) for r in self._read("actors_by_id", ids=list(ids))]

    def edge_counts(self, actor_id: str) -> dict[str, int]:
        rows = self._read("actor_edge_counts", actor=actor_id, rel_types=REL_TYPES)
        return {r["type"]: int(r["edges"]) for r in rows}

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
        params: dict[str, Any] = {
            "rel_types": [RelationType(t).rel_type for t in types] if types else REL_TYPES,
            "min_confidence": min_confidence,
            "source": source,
            "target": target,
            "skip": offset,
            "limit": limit,
        }
        if actor is not None:
            name = "stored_edges_actor"
            params.update(actor=actor, outgoing=outgoing, incoming=incoming)
        elif source is not None:
            name = "stored_edges_from"
        elif target is not None:
            name = "stored_edges_to"
        else:
            name = "stored_edges_all"
        [row] = self._read(name, **params)
        return [(Key.of(e), Sums.of(e["props"])) for e in row["edges"]], int(row["total"])

    def evidence(self, statement_ids: Sequence[str]) -> dict[str, Row]:
        rows = self._read("evidence", ids=list(dict.fromkeys(statement_ids)))
        return {r["statement"]["statement_id"]: r["statement"] for r in rows}

    def statements(self, query: EdgeQuery) -> list[Row]:
        outgoing = query.direction is not Direction.IN
        incoming = query.direction is not Direction.OUT
        anchored = query.actor or query.source or query.target or query.article
        params: dict[str, Any] = {
            "modalities": sorted(m.value for m in query.modalities),
            "types": sorted(t.value for t in query.types),
            "source": query.source,
            "target": query.target,
            "article": query.article,
            "actor": query.actor,
            "outgoing": outgoing,
            "incoming": incoming,
            "since": query.since.isoformat() if query.since else None,
            "until": query.until.isoformat() if query.until else None,
        }
        if anchored:
            seek_from = query.actor if query.actor and outgoing else query.source
            seek_to = query.actor if query.actor and incoming else None
            if seek_from is None and seek_to is None and query.article is None:
                seek_to = query.target
            rows = self._read("statements_anchored", **params, **{"from": seek_from, "to": seek_to})
        else:
            rows = self._read("statements_all", **params)
        return [r["statement"] for r in rows]

    def window_sums(self, window: Window) -> list[tuple[Key, Sums]]:
        rows = self._read(
            "window_sums",
            modalities=sorted(m.value for m in window.modalities),
            since=window.since.isoformat() if window.since else None,
            until=window.until.isoformat() if window.until else None,
            keep=EVIDENCE_KEPT,
            undated=UNDATED,
        )
        return [(Key.of(r), Sums.of({**r, "modalities": sorted(r["modalities"])})) for r in rows]

    def article(self, article_id: str) -> tuple[Row, list[str], int] | None:
        rows = self._read("get_article", id=article_id)
        if not rows:
            return None
        return rows[0]["article"], list(rows[0]["actors"]), int(rows[0]["statements"])

    def articles_page(
        self, limit: int, offset: int
    ) -> tuple[list[tuple[Row, list[str], int]], int]:
        rows = self._read("list_articles", limit=limit, offset=offset)
        total = self._read("count_articles")[0]["total"]
        return [(r["article"], list(r["actors"]), int(r["statements"])) for r in rows], int(total)

    def article_versions(self, article_ids: Sequence[str]) -> dict[str, str]:
        rows = self._read("article_versions", ids=list(article_ids))
        return {r["id"]: r["version"] for r in rows}

    def counts(self) -> Counts:
        return Counts(**self._read("counts", rel_types=REL_TYPES)[0])

    # -- what only Neo4j does ----------------------------------------------------------------

    def write_blocs(self, rows: Sequence[Mapping[str, Any]], period: str) -> int:
        """Blocs on the actors (see ``BlocWriter``): cleared, then set, in one transaction."""

        def work(tx: ManagedTransaction) -> int:
            tx.run(cypher.statement("clear_blocs")).consume()
            record = tx.run(
                cypher.statement("write_blocs"), rows=list(map(dict, rows)), period=period
            ).single()
            return int(record["written"]) if record is not None else 0

        def run() -> int:
            with self._driver.session(database=self._database) as session:
                return session.execute_write(work)

        return self._guarded(run)

    def run_library(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Run one analyst query of cypher/library (read-only, routed as a read)."""
        return self._read(f"{LIBRARY}/{name}", **params)

    def run_read_only(
        self,
        query: str,
        params: dict[str, Any],
        timeout: float,
        max_rows: int,
        max_bytes: int,
        *,
        max_depth: int = 50,
        max_range: int = 100_000,
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        """Run a user's Cypher if it is a plain read query (see graph.cypher_guard) nesting at
        most ``max_depth`` levels with ``range()`` sizes known and bounded, in a read
        transaction; stop at ``max_rows`` rows (truncated) or refuse past ``max_bytes``.

        Its wall time is ``timeout`` whatever Neo4j does: at the deadline the answer is
        QueryTimeout, the query's connection is cut and its transaction terminated by id (the
        server's own transaction timeout is set too, but Neo4j does not stop an expression
        that never reaches the kernel, nor a parse that crashed). Its size is counted twice:
        the bytes Neo4j sends, as they arrive and before the driver decodes them (a relay,
        plain Bolt only), and the JSON of each row."""
        query = query.strip().removesuffix(";")
        check_text(query)
        check_nesting(query, max_depth)
        check_ranges(query, params, max_range)
        error, probe = self._breaker.state()
        if error is not None and (not probe or not self._probe()):
            raise type(error)(str(error))
        deadline = time.monotonic() + timeout
        token = secrets.token_hex(12)
        relayed = self._uri.partition("://")[0] in ("bolt", "neo4j")  # plain Bolt, no TLS
        relay = Relay(max_bytes + _PROTOCOL_SLACK, self._connect_timeout) if relayed else None
        driver = self._driver
        if self._console_driver is not None:
            driver = self._console_driver(relay.resolver if relay is not None else None)

        def read(tx: neo4j.Transaction) -> tuple[list[str], list[dict[str, Any]], bool]:
            result = tx.run(query, params)
            rows: list[dict[str, Any]] = []
            size = 0
            for record in result:
                if time.monotonic() > deadline:
                    raise NoAnswer("rows still streaming at the deadline")
                if len(rows) >= max_rows:
                    return list(result.keys()), rows, True
                # Not record.data(): it recurses without a bound (a RecursionError past ~980).
                row = plain(dict(zip(record.keys(), record.values(), strict=True)), max_depth)
                size += len(json.dumps(row, default=str))
                if size > max_bytes:
                    raise too_large(max_bytes)
                rows.append(row)
            return list(result.keys()), rows, False

        def work() -> tuple[list[str], list[dict[str, Any]], bool]:
            try:
                with driver.session(
                    database=self._database, default_access_mode=neo4j.READ_ACCESS, fetch_size=100
                ) as session:
                    explain = neo4j.Query("EXPLAIN " + query, timeout=timeout)
                    check_plan(session.run(explain, params).consume().plan)
                    remaining = max(deadline - time.monotonic(), 0.001)
                    # No retries: a user's query that failed once fails the same way again.
                    with session.begin_transaction(
                        timeout=remaining, metadata={CONSOLE_TAG: token}
                    ) as tx:
                        return read(tx)
            finally:
                # Closed by the thread that used it, once its session let go of the
                # connection (closing it under that session left a socket behind).
                if driver is not self._driver:
                    driver.close()

        finished = False
        try:
            result = self._bounded(work, timeout, liveness=False, thread_name=_CONSOLE_THREAD)
            finished = True
            return result
        except NoAnswer:
            self._stop_console(token, relay, driver if driver is not self._driver else None)
            raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped") from None
        except (neo4j.exceptions.ClientError, neo4j.exceptions.TransientError) as exc:
            if relay is not None and relay.exceeded:
                raise too_large(max_bytes) from None
            translated = self._translate(exc)
            if translated is not None and not isinstance(translated, StoreOverloaded):
                raise translated from exc
            raise _user_query_error(exc, timeout) from exc  # a user's query too big: 422
        except (Neo4jError, DriverError, OSError) as exc:
            if relay is not None and relay.exceeded:
                raise too_large(max_bytes) from None
            translated = self._translate(exc)
            if translated is None:
                raise
            if isinstance(translated, StoreUnavailable):
                self._breaker.trip(translated)
            raise translated from exc
        finally:
            if relay is not None:
                relay.close()  # the query's connection is cut in any case
            if finished:
                self._breaker.reset()

    def _stop_console(self, token: str, relay: Relay | None, owned: neo4j.Driver | None) -> None:
        """A user query past its deadline: cut its connection now (the caller answers at
        once), then terminate its transaction by id, in the background."""
        if relay is not None:
            relay.close()
        elif owned is not None:
            # No relay (TLS): closing its driver closes the connection, which wakes the
            # thread still reading it; off this thread, since a hung server may not take the
            # goodbye.
            threading.Thread(target=owned.close, name="console-close", daemon=True).start()

        def terminate() -> None:
            try:
                found = self._bounded(
                    lambda: (
                        self._driver.execute_query(
                            neo4j.Query(cypher.statement("console_transactions"), timeout=5.0),
                            {"token": token},
                            database_=self._database,
                        ).records
                    ),
                    self._connect_timeout * 2,
                    liveness=False,
                )
                ids = [record["transactionId"] for record in found]
                if ids:
                    self._bounded(
                        lambda: self._driver.execute_query(
                            cypher.statement("terminate_transactions"),
                            {"ids": ids},
                            database_=self._database,
                        ),
                        self._connect_timeout * 2,
                        liveness=False,
                    )
                    log.info("terminated the transaction of a query past its deadline: %s", ids)
            except (ActorgraphError, Neo4jError, DriverError, OSError) as exc:
                log.info("could not terminate a query past its deadline: %s", exc)

        threading.Thread(target=terminate, name="console-terminate", daemon=True).start()


def _user_query_error(exc: Neo4jError, timeout: float) -> ActorgraphError:
    code = exc.code or ""
    if "TransactionTimedOut" in code or "Transaction.Terminated" in code:
        return QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
    if "MemoryPoolOutOfMemoryError" in code or "OutOfMemory" in code:
        return ResultTooLarge(f"the query needs more memory than Neo4j allows: {exc.message}")
    if "AccessMode" in code or "Forbidden" in code:
        return ReadOnlyViolation(exc.message or "writes are not allowed")
    return InvalidQuery(f"Neo4j cannot run this query: {exc.message}")

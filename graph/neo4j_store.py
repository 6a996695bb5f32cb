"""The Neo4j store. The only module (with neo4j_local) that talks to the ``neo4j`` driver."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import neo4j
import networkx as nx
from neo4j import GraphDatabase, ManagedTransaction, RoutingControl
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from graph import cypher
from graph.errors import NotFound, ReadOnlyViolation, StoreUnavailable
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
MODALITY_ORDER = sorted(m.value for m in Modality)
REL_TYPES = [t.rel_type for t in RelationType]

_UNAVAILABLE = (ServiceUnavailable, SessionExpired, OSError)


def driver_from_settings(settings: Settings) -> neo4j.Driver:
    """One driver per process: the caller owns it and closes it."""
    if not settings.neo4j_uri:
        raise StoreUnavailable("no Neo4j URI configured (set ACTORGRAPH_NEO4J_URI)")
    auth = None
    if settings.neo4j_password is not None:
        auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    return GraphDatabase.driver(
        settings.neo4j_uri,
        auth=auth,
        max_transaction_retry_time=settings.neo4j_retry_seconds,
        connection_timeout=settings.neo4j_retry_seconds,
    )


class Neo4jStore:
    kind = "neo4j"

    def __init__(self, driver: neo4j.Driver, database: str = "neo4j") -> None:
        self._driver = driver
        self._database = database

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        return cls(driver_from_settings(settings), settings.neo4j_database)

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        try:
            records, _, _ = self._driver.execute_query(
                cypher.statement(name),
                params,
                routing_=RoutingControl.READ,
                database_=self._database,
            )
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"Neo4j does not answer: {exc}") from exc
        except AuthError as exc:
            raise StoreUnavailable(f"Neo4j refused the credentials: {exc}") from exc
        return [record.data() for record in records]

    def _write_statements(self, statements: tuple[str, ...]) -> None:
        try:
            with self._driver.session(database=self._database) as session:
                for statement in statements:
                    session.run(statement).consume()
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"Neo4j does not answer: {exc}") from exc

    def ping(self) -> bool:
        # One auto-commit run: execute_query would retry an unreachable server for 30 s.
        try:
            with self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                record = session.run(cypher.statement("ping")).single()
                return record is not None and record["ok"] == 1
        except (*_UNAVAILABLE, AuthError):
            return False

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
        try:
            with self._driver.session(database=self._database) as session:
                return session.execute_write(work, *args)
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"Neo4j does not answer: {exc}") from exc

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
            except StoreUnavailable:
                raise
            except Exception as exc:  # retried one by one below, where a failure is reported
                log.warning(
                    "batch of %d articles failed (%s); retrying one by one", len(batch), exc
                )
        for extraction in batch:
            try:
                yield self.ingest(extraction)
            except StoreUnavailable:
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
        self, query: str, params: dict[str, Any], timeout: float, max_rows: int
    ) -> tuple[list[str], list[dict[str, Any]], bool]:
        """Run a user's Cypher read-only: refused unless EXPLAIN says it only reads, then run
        in a read transaction with a timeout and a row cap."""
        _refuse_unsafe(query)
        try:
            with self._driver.session(
                database=self._database, default_access_mode=neo4j.READ_ACCESS
            ) as session:
                summary = session.run(neo4j.Query("EXPLAIN " + query), params).consume()
                if summary.query_type != "r":
                    raise ReadOnlyViolation(
                        f"only read queries are allowed (this one is {summary.query_type!r})"
                    )

                def read(tx: ManagedTransaction) -> tuple[list[str], list[dict[str, Any]], bool]:
                    # The timeout applies to the transaction the query runs in.
                    result = tx.run(query, params)
                    rows: list[dict[str, Any]] = []
                    for record in result:
                        if len(rows) >= max_rows:
                            return list(result.keys()), rows, True
                        rows.append(_plain(record.data()))
                    return list(result.keys()), rows, False

                timed = neo4j.unit_of_work(timeout=timeout)(read)
                return session.execute_read(timed)
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"Neo4j does not answer: {exc}") from exc
        except neo4j.exceptions.ClientError as exc:
            if "write" in (exc.message or "").lower() and "access" in (exc.message or "").lower():
                raise ReadOnlyViolation(exc.message or "writes are not allowed") from exc
            raise ReadOnlyViolation(f"query refused by Neo4j: {exc.message}") from exc

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


_SAFE_PROCEDURES = (
    "db.labels",
    "db.relationshiptypes",
    "db.propertykeys",
    "db.schema.visualization",
    "db.index.fulltext.querynodes",
    "dbms.components",
)


def _refuse_unsafe(query: str) -> None:
    import re

    text = re.sub(r"//[^\n]*|/\*.*?\*/", " ", query, flags=re.S).lower()
    if re.search(r"\bload\s+csv\b", text):
        raise ReadOnlyViolation("LOAD CSV is not allowed here")
    for name in re.findall(r"\bcall\s+([a-z_][\w.]*)", text):
        if name not in _SAFE_PROCEDURES:
            raise ReadOnlyViolation(f"procedure {name} is not allowed here")


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

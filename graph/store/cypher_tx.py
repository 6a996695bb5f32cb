"""The Neo4j backend's write transaction: the engine's primitives (graph/store/protocol.py's
``WriteTx``) as the Cypher statements of ``cypher/``. It runs them on the transaction the
backend (``graph/store/neo4j.py``, the one module that imports the driver) hands it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graph import cypher
from graph.store.aggregate import Key, Sums
from graph.store.neo4j_following import FollowingWrites
from graph.store.protocol import Row

VERSION_KEY = "version"  # the (:Meta) node that holds the data version


class CypherTx(FollowingWrites):
    """One write transaction: the engine's primitives as Cypher statements."""

    def __init__(self, tx: Any) -> None:  # a neo4j ManagedTransaction
        self.tx = tx

    def _run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        return [record.data() for record in self.tx.run(cypher.statement(name), params)]

    def _do(self, name: str, **params: Any) -> None:
        self.tx.run(cypher.statement(name), params).consume()

    def claim_articles(self, ids: Sequence[str]) -> dict[str, str | None]:
        return {r["id"]: r["version"] for r in self._run("ingest_claim_article", ids=list(ids))}

    def article_exists(self, article_id: str) -> bool:
        return bool(self._run("article_exists", id=article_id)[0]["found"])

    def merged_ids(self, ids: Sequence[str]) -> dict[str, str]:
        return {r["id"]: r["into"] for r in self._run("merged_ids", ids=list(ids))}

    def lock_actors(self, ids: Sequence[str], create: bool = True) -> dict[str, Row]:
        name = "lock_actors" if create else "lock_existing_actors"
        rows = self._run(name, ids=list(ids))
        return {r["actor"]["id"]: actor_row(r["actor"]) for r in rows if r["actor"].get("name")}

    def write_actors(self, rows: Sequence[Row]) -> None:
        self._do("write_actors", rows=list(rows))

    def edge_sums(self, keys: Sequence[Key]) -> dict[Key, Sums]:
        rows = self._run("edge_state", keys=[k.row() for k in keys])
        return {Key.of(r): Sums.of(r["props"]) for r in rows if r["props"] is not None}

    def statement_rows(self, keys: Sequence[Key], excluded: Sequence[str]) -> dict[Key, list[Row]]:
        rows = self._run("key_statements", keys=[k.row() for k in keys], excluded=list(excluded))
        return {Key.of(r): r["rows"] for r in rows}

    def article_keys(self, article_ids: Sequence[str]) -> set[Key]:
        return {Key.of(r) for r in self._run("article_statement_keys", ids=list(article_ids))}

    def actor_keys(self, actor_id: str) -> set[Key]:
        return {Key.of(r) for r in self._run("actor_statement_keys", id=actor_id)}

    def article_actor_ids(self, article_id: str) -> set[str]:
        return set(self._run("article_actor_ids", id=article_id)[0]["ids"])

    def delete_article_content(self, article_ids: Sequence[str]) -> None:
        self._do("delete_article_statements", ids=list(article_ids))
        self._do("delete_article_mentions", ids=list(article_ids))

    def delete_article(self, article_id: str) -> None:
        self._do("delete_article", id=article_id)

    def write_articles(
        self, articles: Sequence[Row], mentions: Sequence[Row], statements: Sequence[Row]
    ) -> None:
        self._do("upsert_article", rows=list(articles))
        self._do("link_sources", rows=list(articles))
        self._do("link_mentions", rows=list(mentions))
        self._do("create_statements", rows=list(statements))

    def write_edges(
        self, created: Mapping[Key, Sums], updated: Mapping[Key, Sums], deleted: Sequence[Key]
    ) -> None:
        if updated:
            rows = [{**k.row(), "props": s.stored()} for k, s in updated.items()]
            self._do("write_edges", edges=rows)
        if created:
            rows = [{**k.row(), "props": s.stored()} for k, s in created.items()]
            self._do("create_edges", edges=rows)
        if deleted:
            self._do("delete_edges", keys=[k.row() for k in deleted])

    def delete_orphan_actors(self, ids: Iterable[str]) -> None:
        self._do("delete_orphan_actors", ids=list(ids))

    def move_actor(self, keep: str, other: str) -> None:
        for name in (
            "delete_pair_statements",
            "merge_rewire_subjects",
            "merge_rewire_objects",
            "merge_mentions",
            "merge_country_references",
            "record_merge",
        ):
            self._do(name, keep=keep, other=other)
        self._do("delete_actor", id=other)

    def record_merges(self, merged: Mapping[str, str]) -> None:
        rows = [{"id": old, "into": into} for old, into in merged.items()]
        self._do("record_merges", rows=rows)

    def bump_version(self) -> None:
        self._do("bump_version", key=VERSION_KEY)


def actor_row(props: Mapping[str, Any]) -> Row:
    row = dict(props)
    row["aliases"] = list(row.get("aliases") or [])
    for field in ("wikidata_id", "country", "role"):
        row.setdefault(field, None)
    return row

"""Everything the two backends share: canonical ids, rows from extractions, aggregation from
running sums, top evidence, paging, snapshots (search terms and ranking: graph.store.search).
A backend only stores and fetches rows (``graph.store.protocol.Backend``)."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import networkx as nx
from pydantic import TypeAdapter

from graph.errors import NotFound, StoreMisconfigured, StoreUnavailable
from graph.model import (
    Actor,
    ActorType,
    Article,
    Extraction,
    Relation,
    RelationType,
    Source,
    actor_fields,
    merge_actor_fields,
    source_of,
)
from graph.results import (
    ActorDetail,
    AlreadyStored,
    ArticleDetail,
    Counts,
    Edge,
    IngestFailure,
    IngestResult,
    IngestStatus,
    Page,
    edge_order,
)
from graph.store.aggregate import (
    EVIDENCE_KEPT,
    Key,
    Sums,
    evidence_rank,
    properties,
    statement_of,
    sum_statements,
)
from graph.store.following import FollowingEngine
from graph.store.protocol import Backend, Row, WriteTx
from graph.store.query import Direction, EdgeQuery, Window
from graph.store.search import query_grams, rank_actors, with_search_terms
from graph.store.stories import sums_after

log = logging.getLogger(__name__)

SNAPSHOTS_CACHED = 4
_PASS_ERRORS = (StoreUnavailable, StoreMisconfigured)


# -- rows from an extraction -------------------------------------------------------------------


def canonical(actor_id: str, merged: Mapping[str, str]) -> str:
    seen = set()
    while actor_id in merged and actor_id not in seen:
        seen.add(actor_id)
        actor_id = merged[actor_id]
    return actor_id


def statement_id(article_id: str, relation: Relation) -> str:
    raw = "|".join(
        [
            article_id,
            relation.source,
            relation.type.value,
            relation.target,
            str(relation.evidence.start),
            relation.trigger,
            relation.modality.value,
        ]
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Rows:
    """One article's writes, with merged ids already resolved."""

    article: Row
    actors: list[Row]
    mentions: list[Row]
    statements: list[Row]
    source: Row | None = None  # the outlet ({id, name, host}) that published it


def rows_for(extraction: Extraction, merged: Mapping[str, str], ingested_at: str) -> Rows:
    """Rows for one article; statements between one actor (after merges) are dropped."""
    article = extraction.article
    version = extraction.relations[0].extractor_version if extraction.relations else "unknown"
    ids = {a.id: canonical(a.id, merged) for a in extraction.actors}
    actors: dict[str, Row] = {}
    for actor in extraction.actors:
        actor_id = ids[actor.id]
        # A merged-away actor's name stays as an alias of the actor it was merged into.
        names = [*actor.aliases, *([actor.name] if actor_id != actor.id else [])]
        row: Row = {
            "id": actor_id,
            "name": actor.name,
            "type": actor.type.value,
            "aliases": names,
            "wikidata_id": actor.wikidata_id,
            "country": canonical(actor.country, merged) if actor.country else None,
            "role": actor.role,
        }
        # The first row of an id starts with no aliases: merging adds them, never its own name.
        known = actors.get(actor_id) or {**row, "aliases": []}
        actors[actor_id] = merge_actor_fields(known, row)
    mentions: dict[str, int] = {}
    for a in extraction.actors:
        if a.mentions:
            mentions[ids[a.id]] = mentions.get(ids[a.id], 0) + len(a.mentions)
    published = article.published.isoformat() if article.published else None
    outlet = source_of(article)
    story = article.story or article.id
    statements = []
    seen: set[str] = set()
    for relation in extraction.relations:
        source, target = ids[relation.source], ids[relation.target]
        if source == target:
            continue
        sid = statement_id(article.id, relation)
        if sid in seen:
            continue
        seen.add(sid)
        statements.append(
            {
                "id": sid,
                "source": source,
                "target": target,
                "type": relation.type.value,
                "modality": relation.modality.value,
                "factual": relation.modality.factual,
                "confidence": relation.confidence,
                "year": relation.year,
                "trigger": relation.trigger,
                "cameo": relation.cameo,
                "weight": relation.weight,
                "sentence": relation.evidence.text,
                "start": relation.evidence.start,
                "end": relation.evidence.end,
                "article_id": article.id,
                "published": published,
                "extractor_version": relation.extractor_version,
                "rank": evidence_rank(
                    published, relation.confidence, article.id, relation.evidence.start, sid
                ),
                "story": story,
                "outlet": outlet.id if outlet else None,
            }
        )
    return Rows(
        article={
            "id": article.id,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "published": published,
            "path": article.path,
            "ingested_at": ingested_at,
            "extractor_version": version,
            "story": story,
            "canonical_url": article.canonical_url,
            "outlet": outlet.id if outlet else None,
        },
        actors=list(actors.values()),
        mentions=[{"actor": k, "article": article.id, "count": v} for k, v in mentions.items()],
        statements=statements,
        source=outlet.model_dump() if outlet else None,
    )


def _add_aliases(row: Row, names: Iterable[str]) -> bool:
    """Adds names to an actor row's aliases (never its own name, never twice)."""
    changed = False
    for name in names:
        if name and name not in row["aliases"] and name != row["name"]:
            row["aliases"].append(name)
            changed = True
    return changed


# -- records from rows -------------------------------------------------------------------------


def parse_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def actor_from_row(row: Mapping[str, Any]) -> Actor:
    return Actor(
        id=row["id"],
        name=row["name"],
        type=ActorType(row["type"]),
        aliases=list(row.get("aliases") or []),
        wikidata_id=row.get("wikidata_id"),
        country=row.get("country"),
        role=row.get("role"),
    )


def article_from_row(row: Mapping[str, Any]) -> Article:
    return Article(
        id=row["id"],
        title=row.get("title"),
        source=row.get("source"),
        url=row.get("url"),
        published=parse_date(row.get("published")),
        path=row.get("path"),
        story=row.get("story"),
        canonical_url=row.get("canonical_url"),
    )


def edge_fields(key: Key, sums: Sums, evidence: list[Row]) -> Row:
    """The fields of the ``Edge`` a key's sums describe, with its evidence as fields too."""
    shown = properties(sums)
    return {
        "source": key.source,
        "target": key.target,
        "type": key.type,
        "mentions": sums.mentions,
        "articles": sums.articles,
        "sources": sums.sources,
        "first_seen": parse_date(sums.first_seen),
        "last_seen": parse_date(sums.last_seen),
        "weight": shown["weight"],
        "confidence": shown["confidence"],
        "modalities": list(sums.modalities),
        "evidence": evidence,
    }


# Edges are validated a page at a time from plain fields: one call into pydantic's core for
# the page instead of one per edge and per evidence item (hundreds on a page of 20), which
# with building each item in Python was most of a relations request.
_EDGES = TypeAdapter(list[Edge])


def edges_of(fields: list[Row]) -> list[Edge]:
    return _EDGES.validate_python(fields)


def _sums_order(key: Key, sums: Sums) -> tuple[float, int, str, str, str]:
    """Where an edge goes in the edge order (``graph.results.EDGE_ORDER``), from its key and
    sums, before the edge is built."""
    weight = properties(sums)["weight"]
    return edge_order(weight, sums.mentions, key.source, key.type.value, key.target)


def to_networkx(actors: Iterable[Actor], edges: Iterable[Edge]) -> nx.MultiDiGraph:
    """The aggregated graph as networkx: what analytics, exports and the explorer read."""
    g = nx.MultiDiGraph()
    # Sorted, so every view and export lists things in one order whatever the backend.
    for actor in sorted(actors, key=lambda a: a.id):
        g.add_node(actor.id, **actor.model_dump(mode="json"))
    for edge in sorted(edges, key=lambda e: (e.source, e.type.value, e.target)):
        g.add_edge(edge.source, edge.target, key=edge.type.value, **edge.model_dump(mode="json"))
    return g


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- the engine --------------------------------------------------------------------------------


class Engine(FollowingEngine):
    """A ``GraphStore`` over a backend."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.kind = backend.kind
        self._snapshots: OrderedDict[tuple[Any, ...], nx.MultiDiGraph] = OrderedDict()
        self._snapshot_lock = threading.Lock()

    # -- basics ------------------------------------------------------------------------------

    def ping(self) -> bool:
        return self.backend.ping()

    def init_schema(self) -> None:
        self.backend.init_schema()

    def close(self) -> None:
        self.backend.close()

    def wipe(self) -> None:
        self.backend.wipe()

    def data_version(self) -> int:
        return self.backend.data_version()

    # -- writes ------------------------------------------------------------------------------

    def ingest(self, extraction: Extraction) -> IngestResult:
        [result] = self.backend.write(lambda tx: self._ingest_tx(tx, [extraction]))
        return result

    def ingest_many(
        self, extractions: Iterable[Extraction | AlreadyStored]
    ) -> Iterator[IngestResult | IngestFailure]:
        """Batches share a transaction; a failed batch is retried article by article, so a bad
        article fails alone and leaves nothing behind. An ``AlreadyStored`` article takes its
        place in a batch as its unchanged extraction would and writes nothing: the batches,
        and so every sum, are those of an ingest that extracted it again."""
        size = self.backend.batch_size()
        batch: list[Extraction | AlreadyStored] = []
        source = iter(extractions)
        while True:
            try:
                extraction = next(source)
            except StopIteration:
                break
            except BaseException:
                # The input failed (a reader bug, an interrupt): what it gave before is
                # written, as it would have been one by one, then the failure goes on up.
                if batch:
                    yield from self._ingest_batch(batch)
                raise
            batch.append(extraction)
            if len(batch) >= size:
                yield from self._ingest_batch(batch)
                batch = []
        if batch:
            yield from self._ingest_batch(batch)

    def _ingest_batch(
        self, batch: list[Extraction | AlreadyStored]
    ) -> Iterator[IngestResult | IngestFailure]:
        ids = [_article_id(item) for item in batch]
        if len(batch) > 1 and len(set(ids)) == len(batch):
            fresh = [item for item in batch if isinstance(item, Extraction)]
            try:
                # An unchanged article writes nothing in the batch's transaction: leaving the
                # already stored ones out of it changes no write.
                written = self.backend.write(lambda tx: self._ingest_tx(tx, fresh)) if fresh else []
            except _PASS_ERRORS:
                raise
            except Exception as exc:  # retried one by one below, where a failure is reported
                log.info("batch of %d articles failed (%s); retrying one by one", len(batch), exc)
            else:
                results = iter(written)
                for item in batch:
                    yield next(results) if isinstance(item, Extraction) else _unchanged(item)
                return
        for item in batch:
            if isinstance(item, AlreadyStored):
                yield _unchanged(item)
                continue
            try:
                yield self.ingest(item)
            except _PASS_ERRORS:
                raise
            except Exception as exc:  # this article is rolled back; the batch goes on
                yield IngestFailure(item.article.id, item.article.path, exc)

    def article_versions(self, article_ids: Sequence[str]) -> dict[str, str]:
        return self.backend.article_versions(list(dict.fromkeys(article_ids)))

    @staticmethod
    def _merged(tx: WriteTx | Backend, ids: Iterable[str]) -> dict[str, str]:
        merged: dict[str, str] = {}
        pending = list(dict.fromkeys(ids))
        for _ in range(10):  # merge chains are short; a cycle cannot loop forever
            if not pending:
                break
            found = tx.merged_ids(pending)
            merged.update(found)
            pending = [into for into in found.values() if into not in merged]
        return merged

    def _ingest_tx(self, tx: WriteTx, extractions: list[Extraction]) -> list[IngestResult]:
        stored = tx.claim_articles([e.article.id for e in extractions])
        merged = self._merged(tx, sorted({a.id for e in extractions for a in e.actors}))
        now = _now()
        return self._write_rows(tx, stored, [rows_for(e, merged, now) for e in extractions])

    def import_rows(
        self, articles: list[Rows], actors: list[Row], merges: Mapping[str, str]
    ) -> None:
        """Writes what another store held (``migrate``): its articles' rows, its actors and
        its merges, in one transaction, as an ingest of those articles writes them."""

        def work(tx: WriteTx) -> None:
            tx.record_merges(dict(merges))
            stored = tx.claim_articles([rows.article["id"] for rows in articles])
            self._write_rows(tx, stored, articles, actors)

        self.backend.write(work)

    def _write_rows(
        self,
        tx: WriteTx,
        stored: Mapping[str, str | None],
        articles: list[Rows],
        actors: Sequence[Row] = (),
    ) -> list[IngestResult]:
        """The one write of articles' rows: actors merged into what is stored, statements
        added, the edges they touch summed again (replaced articles' statements taken away)."""
        results: list[IngestResult] = []
        writes: list[Rows] = []
        replaced: list[str] = []
        for rows in articles:
            article = rows.article["id"]
            version = stored.get(article)
            if version is not None and version == rows.article["extractor_version"]:
                status = IngestStatus.UNCHANGED
            else:
                status = IngestStatus.NEW if version is None else IngestStatus.REPLACED
                writes.append(rows)
                if version is not None:
                    replaced.append(article)
            results.append(
                IngestResult(
                    article_id=article,
                    status=status,
                    actors=len(rows.actors),
                    relations=len(rows.statements),
                )
            )
        if not writes and not actors:
            return results
        incoming: dict[str, Row] = {}
        for row in (*actors, *(row for rows in writes for row in rows.actors)):
            known = incoming.get(row["id"])
            incoming[row["id"]] = row if known is None else merge_actor_fields(known, row)
        locked = tx.lock_actors(sorted(incoming))
        changed = []
        for actor_id, actor_row in incoming.items():
            before = locked.get(actor_id)
            after = merge_actor_fields(before, actor_row)
            if before is None or actor_fields(before) != after:
                changed.append(with_search_terms(after))
        if changed:
            tx.write_actors(changed)
        statements = [s for rows in writes for s in rows.statements]
        keys = {Key.of(s) for s in statements}
        if replaced:
            keys |= tx.article_keys(replaced)
        ordered = sorted(keys)
        existing = tx.edge_sums(ordered)
        new: dict[Key, list[Row]] = defaultdict(list)
        for s in statements:
            if s["factual"]:
                new[Key.of(s)].append(s)
        # Replaced articles take their old statements away: those edges are rebuilt from the
        # statements that stay (read now, before this batch's statements are written).
        sums = sums_after(tx, ordered, existing, new, set(ordered) if replaced else set(), replaced)
        outlets = tx.article_outlets(replaced) if replaced else set()
        if replaced:
            tx.delete_article_content(replaced)
        tx.write_sources([r.source for r in writes if r.source is not None])
        tx.write_articles(
            [r.article for r in writes], [m for r in writes for m in r.mentions], statements
        )
        if outlets:
            tx.delete_orphan_sources(sorted(outlets))
        self._write_edges(tx, ordered, existing, sums)
        tx.bump_version()
        return results

    @staticmethod
    def _write_edges(
        tx: WriteTx,
        keys: Iterable[Key],
        existing: Mapping[Key, Sums],
        after: Mapping[Key, Sums | None],
    ) -> None:
        created: dict[Key, Sums] = {}
        updated: dict[Key, Sums] = {}
        deleted: list[Key] = []
        for key in keys:
            sums = after.get(key)
            if sums is None:
                if key in existing:
                    deleted.append(key)
            elif key in existing:
                if sums != existing[key]:
                    updated[key] = sums
            else:
                created[key] = sums
        tx.write_edges(created, updated, deleted)

    def retract(self, article_id: str) -> bool:
        found: bool = self.backend.write(lambda tx: self._retract_tx(tx, article_id))
        return found

    def _retract_tx(self, tx: WriteTx, article_id: str) -> bool:
        if not tx.article_exists(article_id):
            return False
        keys = sorted(tx.article_keys([article_id]))
        actors = tx.article_actor_ids(article_id)
        tx.lock_actors(sorted({k.source for k in keys} | {k.target for k in keys}), create=False)
        existing = tx.edge_sums(keys)
        remaining = tx.statement_rows(keys, [article_id])
        outlets = tx.article_outlets([article_id])
        tx.delete_article_content([article_id])
        tx.delete_article(article_id)
        tx.delete_signatures([article_id])
        # The copy that counted on an edge goes: the next copy of its story counts instead.
        self._write_edges(
            tx, keys, existing, {k: sum_statements(remaining.get(k, [])) for k in keys}
        )
        tx.delete_orphan_actors(sorted(actors))
        tx.delete_orphan_sources(sorted(outlets))
        tx.bump_version()
        return True

    def merge_actors(self, keep: str, other: str) -> Actor:
        actor: Actor = self.backend.write(lambda tx: self._merge_tx(tx, keep, other))
        return actor

    def _merge_tx(self, tx: WriteTx, keep: str, other: str) -> Actor:
        merged = self._merged(tx, [keep, other])
        keep, other = canonical(keep, merged), canonical(other, merged)
        locked = tx.lock_actors(sorted({keep, other}), create=False)
        for actor_id in (keep, other):
            if actor_id not in locked:
                raise NotFound("actor", actor_id)
        if keep == other:
            return actor_from_row(locked[keep])
        gone = locked[other]
        kept = merge_actor_fields(
            locked[keep],
            {**gone, "aliases": [gone["name"], *(gone.get("aliases") or [])]},
        )
        before = sorted(tx.actor_keys(keep) | tx.actor_keys(other))
        after = sorted(
            {
                Key(
                    keep if k.source == other else k.source,
                    k.type,
                    keep if k.target == other else k.target,
                )
                for k in before
            }
            - {k for k in before if {k.source, k.target} == {keep, other}}
        )
        after = [k for k in after if k.source != k.target]
        existing = tx.edge_sums(before)
        tx.write_edges({}, {}, list(existing))
        tx.write_actors([with_search_terms(kept)])
        tx.move_actor(keep, other)
        rebuilt = tx.statement_rows(after, [])
        self._write_edges(tx, after, {}, {k: sum_statements(rebuilt.get(k, [])) for k in after})
        tx.bump_version()
        return actor_from_row(kept)

    def add_alias(self, actor_id: str, alias: str) -> Actor:
        actor: Actor = self.backend.write(lambda tx: self._alias_tx(tx, actor_id, alias.strip()))
        return actor

    def _alias_tx(self, tx: WriteTx, actor_id: str, alias: str) -> Actor:
        actor_id = canonical(actor_id, self._merged(tx, [actor_id]))
        row = tx.lock_actors([actor_id], create=False).get(actor_id)
        if row is None:
            raise NotFound("actor", actor_id)
        row = {**row, "aliases": list(row.get("aliases") or [])}
        if _add_aliases(row, [alias]):
            tx.write_actors([with_search_terms(row)])
            tx.bump_version()
        return actor_from_row(row)

    # -- reads -------------------------------------------------------------------------------

    def _resolve(self, actor_id: str) -> str:
        return canonical(actor_id, self._merged(self.backend, [actor_id]))

    def get_actor(self, actor_id: str) -> ActorDetail:
        actor_id = self._resolve(actor_id)
        found = self.backend.actor(actor_id)
        if found is None:
            raise NotFound("actor", actor_id)
        row, articles = found
        counts = {t: 0 for t in RelationType}
        for kind, n in self.backend.edge_counts(actor_id).items():
            counts[RelationType(kind)] += n
        return ActorDetail(actor=actor_from_row(row), relation_counts=counts, articles=articles)

    def find_actors(
        self, q: str | None, actor_type: ActorType | None, limit: int, offset: int
    ) -> Page[Actor]:
        """Candidates from the full-text index (actors sharing a 4-letter sequence with the
        query; as many letters as a shorter query has; every actor for one letter), ranked
        here, so both backends answer alike. Every candidate is ranked (the total counts every
        match), from its id, name and aliases only; whole rows are read for the page."""
        kind = actor_type.value if actor_type else None
        text = (q or "").strip().lower()
        if not text:
            rows, total = self.backend.actors_page(kind, limit, offset)
            return Page[Actor](
                items=[actor_from_row(r) for r in rows], total=total, limit=limit, offset=offset
            )
        wanted = query_grams(text)
        candidates = (
            self.backend.actors(kind)
            if wanted is None
            else self.backend.search_candidates(wanted, kind)
        )
        ranked = [
            (rank, row["name"].lower(), row["id"], row)
            for rank, row in rank_actors(text, candidates)
        ]
        ranked.sort(key=lambda r: r[:3])
        page = [r for *_, r in ranked[offset : offset + limit]]
        if wanted is not None:  # index candidates are partial rows
            whole = {r["id"]: r for r in self.backend.actors_by_id([r["id"] for r in page])}
            page = [whole[r["id"]] for r in page]
        items = [actor_from_row(r) for r in page]
        return Page[Actor](items=items, total=len(ranked), limit=limit, offset=offset)

    def edges(self, query: EdgeQuery) -> list[Edge]:
        page = self.edges_page(query, limit=None, offset=0)
        return page.items

    def edges_page(self, query: EdgeQuery, limit: int | None, offset: int) -> Page[Edge]:
        """One page of the edges a query selects, strongest first, with how many there are.
        Evidence is read for the page only, so a hub with thousands of edges costs what its
        page costs."""
        query = replace(
            query,
            actor=self._resolve(query.actor) if query.actor else None,
            source=self._resolve(query.source) if query.source else None,
            target=self._resolve(query.target) if query.target else None,
        )
        if query.needs_statements:
            edges = self._edges_from_statements(query)
            total = len(edges)
            items = edges[offset:] if limit is None else edges[offset : offset + limit]
        else:
            stored, total = self.backend.stored_edges(
                actor=query.actor,
                outgoing=query.direction is not Direction.IN,
                incoming=query.direction is not Direction.OUT,
                types=sorted(t.value for t in query.types),
                source=query.source,
                target=query.target,
                min_confidence=query.min_confidence,
                limit=limit,
                offset=offset,
            )
            items = self._with_evidence(stored, query.evidence_limit)
        # An actor with edges exists: only an empty answer asks whether it does.
        if query.actor is not None and not total and self.backend.actor(query.actor) is None:
            raise NotFound("actor", query.actor)
        return Page[Edge](items=items, total=total, limit=limit or total, offset=offset)

    def _with_evidence(
        self,
        stored: Iterable[tuple[Key, Sums]],
        evidence: int,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Edge]:
        """Edges in their order (strongest first), the page of them asked for, each with its
        best ``evidence`` statements (read in one query)."""
        ordered = sorted(stored, key=lambda pair: _sums_order(*pair))
        page = ordered[offset:] if limit is None else ordered[offset : offset + limit]
        wanted = [statement_of(r) for _, sums in page for r in sums.top[:evidence]]
        found = self.backend.evidence(wanted) if wanted else {}
        return edges_of(
            [
                edge_fields(key, sums, [found[statement_of(r)] for r in sums.top[:evidence]])
                for key, sums in page
            ]
        )

    def _edges_from_statements(self, query: EdgeQuery) -> list[Edge]:
        """Edges aggregated from the statements the query selects (a window, one modality, one
        article), by the same rule as the stored edges."""
        groups: dict[Key, list[Row]] = defaultdict(list)
        for s in self.backend.statements(query):
            groups[Key.of(s)].append(s)
        keep = max(query.evidence_limit, EVIDENCE_KEPT)
        summed = []
        for key, members in groups.items():
            sums = sum_statements(members, keep=keep)
            if sums is None or properties(sums)["confidence"] < query.min_confidence:
                continue
            summed.append((key, sums))
        # The evidence as the backend gives it (with each story's other outlets).
        wanted = [statement_of(r) for _, sums in summed for r in sums.top[: query.evidence_limit]]
        found = self.backend.evidence(wanted) if wanted else {}
        fields = [
            edge_fields(
                key, sums, [found[statement_of(r)] for r in sums.top[: query.evidence_limit]]
            )
            for key, sums in summed
        ]
        edges = edges_of(fields)
        edges.sort(key=Edge.order)
        return edges

    def get_article(self, article_id: str) -> ArticleDetail:
        found = self.backend.article(article_id)
        if found is None:
            raise NotFound("article", article_id)
        return self._article_details([found])[0]

    def list_articles(self, limit: int, offset: int) -> Page[ArticleDetail]:
        rows, total = self.backend.articles_page(limit, offset)
        return Page[ArticleDetail](
            items=self._article_details(rows), total=total, limit=limit, offset=offset
        )

    def _article_details(self, found: list[tuple[Row, list[str], int]]) -> list[ArticleDetail]:
        outlets = [row["outlet"] for row, _, _ in found if row.get("outlet")]
        sources = self.backend.sources_by_id(outlets) if outlets else {}
        return [
            _article_detail(row, actors, statements, sources.get(row.get("outlet") or ""))
            for row, actors, statements in found
        ]

    def counts(self) -> Counts:
        return self.backend.counts()

    def snapshot(
        self,
        since: date | None = None,
        until: date | None = None,
        evidence_limit: int = 20,
        window: Window | None = None,
    ) -> nx.MultiDiGraph:
        window = window or Window(since=since, until=until)
        evidence_limit = min(evidence_limit, EVIDENCE_KEPT)
        key = (self.backend.data_version(), window, evidence_limit)
        with self._snapshot_lock:
            cached = self._snapshots.get(key)
            if cached is not None:
                self._snapshots.move_to_end(key)
                return cached
        if window.is_everything:
            stored, _ = self.backend.stored_edges(None, True, True, [], None, None, 0.0)
        else:
            stored = self.backend.window_sums(window)
        edges = self._with_evidence(stored, evidence_limit)
        graph = to_networkx((actor_from_row(r) for r in self.backend.actors(None)), edges)
        with self._snapshot_lock:
            self._snapshots[key] = graph
            while len(self._snapshots) > SNAPSHOTS_CACHED:
                self._snapshots.popitem(last=False)
        return graph


def _article_id(item: Extraction | AlreadyStored) -> str:
    return item.article.id if isinstance(item, Extraction) else item.article_id


def _unchanged(item: AlreadyStored) -> IngestResult:
    # Not read again, so its actors and relations are not counted (the summary says how many
    # articles were skipped).
    return IngestResult(
        article_id=item.article_id, status=IngestStatus.UNCHANGED, actors=0, relations=0
    )


def _article_detail(
    row: Row, actors: list[str], statements: int, source: Row | None
) -> ArticleDetail:
    return ArticleDetail(
        article=article_from_row(row),
        extractor_version=row.get("extractor_version"),
        ingested_at=row.get("ingested_at"),
        actors=sorted(actors),
        statements=statements,
        source=Source(id=source["id"], name=source["name"], host=source.get("host"))
        if source
        else None,
    )

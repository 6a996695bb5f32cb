"""What callers may ask of a store (``GraphStore``), what only Neo4j can do (``CypherConsole``,
``SchemaAdmin``), and what the engine asks of a backend (``Backend``, ``WriteTx``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, Protocol, TypeVar, runtime_checkable

import networkx as nx

from graph.model import Actor, ActorType, Extraction
from graph.results import (
    ActorDetail,
    AlreadyStored,
    ArticleDetail,
    Counts,
    Edge,
    FeedRecord,
    IngestFailure,
    IngestResult,
    Page,
    SourceSummary,
)
from graph.store.aggregate import Key, Sums
from graph.store.query import EdgeQuery, Window

T = TypeVar("T")
Row = dict[str, Any]


class Following(Protocol):
    """Feeds followed, the outlets articles come from, and what copy detection persists: every
    store keeps them (``graph/store/following.py``)."""

    def add_feed(self, url: str, name: str | None, every: float | None) -> bool:
        """Follow a feed, or change its name and interval (its state stays); True when new."""
        ...

    def remove_feed(self, url: str) -> bool:
        """Stop following a feed (its state goes; its articles stay); False if unknown."""
        ...

    def feeds(self) -> list[FeedRecord]:
        """Every followed feed with its state, in the order they were added."""
        ...

    def save_feed_states(self, states: Sequence[Mapping[str, Any]]) -> None:
        """Stores feeds' states (``FeedState.to_dict()``: url, etag, last_modified, last_poll,
        last_success, next_due, errors, last_error, seen_ids, seen_urls), all in one
        transaction; a feed removed meanwhile stays removed."""
        ...

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        """Those of the canonical URLs an article already stored has (an indexed lookup)."""
        ...

    def sources(self, limit: int, offset: int) -> Page[SourceSummary]:
        """Outlets by name (then id), with how many stored articles each published."""
        ...

    def save_signatures(self, scheme: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Copy-detection signatures ({article_id, story, minhash (bytes)}) of a scheme; an
        article's earlier one is replaced."""
        ...

    def signatures(self, scheme: str, after: int = 0) -> list[Row]:
        """Signatures of a scheme saved after the ``after`` cursor, oldest first, each with
        ``seq`` (the cursor to give next time), ``article_id``, ``story`` and ``minhash``."""
        ...


@runtime_checkable
class GraphStore(Following, Protocol):
    """Every store: the same behaviour on SQLite and on Neo4j."""

    kind: str

    def ping(self) -> bool:
        """True when the store answers (at once, never waiting for a writer)."""
        ...

    def init_schema(self) -> None:
        """Create every table, constraint and index; idempotent."""
        ...

    def close(self) -> None: ...

    def wipe(self) -> None:
        """Delete all data (the schema stays)."""
        ...

    def data_version(self) -> int:
        """A number that changes with every write (cheap: caches are keyed by it)."""
        ...

    def ingest(self, extraction: Extraction) -> IngestResult:
        """Write one article atomically: all of it or, on failure, nothing."""
        ...

    def ingest_many(
        self, extractions: Iterable[Extraction | AlreadyStored]
    ) -> Iterator[IngestResult | IngestFailure]:
        """Write articles; a failed article is reported and the batch goes on. An
        ``AlreadyStored`` article keeps its place in the batches and yields ``unchanged``."""
        ...

    def article_versions(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The extractor version each of these articles was stored with (unknown ids are
        left out): how a re-run tells which articles need no extraction."""
        ...

    def retract(self, article_id: str) -> bool:
        """Remove an article and every statement only it supports; False if unknown."""
        ...

    def merge_actors(self, keep: str, other: str) -> Actor:
        """Fold ``other`` into ``keep`` for good (re-ingesting does not split them)."""
        ...

    def add_alias(self, actor_id: str, alias: str) -> Actor: ...

    def get_actor(self, actor_id: str) -> ActorDetail:
        """The actor (merged ids resolve to the survivor); NotFound if unknown."""
        ...

    def find_actors(
        self, q: str | None, actor_type: ActorType | None, limit: int, offset: int
    ) -> Page[Actor]: ...

    def edges(self, query: EdgeQuery) -> list[Edge]:
        """Every edge the query selects, strongest first."""
        ...

    def edges_page(self, query: EdgeQuery, limit: int | None, offset: int) -> Page[Edge]:
        """One page of them (evidence read for that page only), with how many there are."""
        ...

    def get_article(self, article_id: str) -> ArticleDetail: ...

    def list_articles(self, limit: int, offset: int) -> Page[ArticleDetail]: ...

    def counts(self) -> Counts: ...

    def snapshot(
        self,
        since: date | None = None,
        until: date | None = None,
        evidence_limit: int = 20,
        window: Window | None = None,
    ) -> nx.MultiDiGraph:
        """The aggregated graph (actors and edges) for analytics and rendering, cached per
        data version. With a window (dates and/or modalities), edges are aggregated from the
        statements inside it only. Callers must not modify it."""
        ...


@runtime_checkable
class CypherConsole(Protocol):
    """Neo4j only: run users' read-only Cypher and the analyst library."""

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
    ) -> tuple[list[str], list[dict[str, Any]], bool]: ...

    def run_library(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...


@runtime_checkable
class SchemaAdmin(Protocol):
    """Neo4j only: the constraints and indexes in force (``actorgraph init`` shows them)."""

    def constraints(self) -> list[dict[str, Any]]: ...

    def indexes(self) -> list[dict[str, Any]]: ...


@runtime_checkable
class BlocWriter(Protocol):
    """Neo4j only: blocs stored on the actors, for Neo4j Browser users (``MATCH (a:Actor
    {bloc: 2})``). Never writes a relationship, and so never an inferred relation."""

    def write_blocs(self, rows: Sequence[Mapping[str, Any]], period: str) -> int:
        """Clears every actor's ``bloc``, ``bloc_label``, ``bloc_stability`` and
        ``bloc_period``, then sets them on the actors of ``rows`` ({id, bloc (a number),
        label, stability}) in one transaction; returns how many actors were written. The
        data version does not change (no read of the store answers differently)."""
        ...


@runtime_checkable
class RetryCounter(Protocol):
    """A store whose writes may be retried (Neo4j deadlocks): how many were."""

    retries: int


# -- what the engine asks of a backend ---------------------------------------------------------


class WriteTx(Protocol):
    """One write transaction of a backend. The engine decides what to write; this only
    stores and fetches rows."""

    def claim_articles(self, ids: Sequence[str]) -> dict[str, str | None]:
        """Each article's stored extractor version (None while new), taking its lock."""
        ...

    def merged_ids(self, ids: Sequence[str]) -> dict[str, str]: ...

    def lock_actors(self, ids: Sequence[str], create: bool = True) -> dict[str, Row]:
        """Locks the actors (in the given, sorted order: no deadlocks), creating missing ones
        as empty placeholders when ``create``; returns the stored rows of those that exist."""
        ...

    def article_exists(self, article_id: str) -> bool: ...

    def write_actors(self, rows: Sequence[Row]) -> None:
        """Sets actors' properties (rows hold every field, ``grams`` and ``sort_name``)."""
        ...

    def edge_sums(self, keys: Sequence[Key]) -> dict[Key, Sums]: ...

    def statement_rows(self, keys: Sequence[Key], excluded: Sequence[str]) -> dict[Key, list[Row]]:
        """Factual statements of each key (article_id, story, outlet, published, weight,
        confidence, modality, rank), leaving out the excluded articles'."""
        ...

    def story_heads(self, pairs: Sequence[tuple[Key, str]]) -> dict[tuple[Key, str], str]:
        """For each (edge key, story) that has factual statements: the ``story_order`` of its
        counted copy (the least of its statements'). An indexed point lookup each."""
        ...

    def edge_outlets(self, pairs: Sequence[tuple[Key, str]]) -> set[tuple[Key, str]]:
        """Those of the (edge key, outlet) pairs with a factual statement (indexed lookups)."""
        ...

    def article_outlets(self, article_ids: Sequence[str]) -> set[str]:
        """The outlets (source ids) of these stored articles."""
        ...

    def write_sources(self, rows: Sequence[Row]) -> None:
        """Creates outlets ({id, name, host}); a stored one keeps its name and host."""
        ...

    def delete_orphan_sources(self, ids: Iterable[str]) -> None:
        """Deletes those of the outlets no stored article names."""
        ...

    def delete_signatures(self, article_ids: Sequence[str]) -> None:
        """Deletes the copy-detection signatures of these articles (every scheme)."""
        ...

    def add_feed(self, row: Row) -> bool:
        """Inserts a feed ({url, name, every, added}) or sets its name and every; True if new."""
        ...

    def remove_feed(self, url: str) -> bool: ...

    def save_feed_states(self, rows: Sequence[Row]) -> None:
        """Sets the state of feeds that exist (rows as ``Following.save_feed_states``)."""
        ...

    def save_signatures(self, scheme: str, rows: Sequence[Row]) -> None: ...

    def article_keys(self, article_ids: Sequence[str]) -> set[Key]: ...

    def actor_keys(self, actor_id: str) -> set[Key]: ...

    def article_actor_ids(self, article_id: str) -> set[str]: ...

    def delete_article_content(self, article_ids: Sequence[str]) -> None:
        """Deletes the statements and mentions of articles (the articles stay)."""
        ...

    def delete_article(self, article_id: str) -> None: ...

    def write_articles(
        self, articles: Sequence[Row], mentions: Sequence[Row], statements: Sequence[Row]
    ) -> None: ...

    def write_edges(
        self, created: Mapping[Key, Sums], updated: Mapping[Key, Sums], deleted: Sequence[Key]
    ) -> None: ...

    def delete_orphan_actors(self, ids: Iterable[str]) -> None:
        """Deletes those of the actors no article mentions and no statement is about."""
        ...

    def move_actor(self, keep: str, other: str) -> None:
        """Merge storage: drop statements between the two, point the other's statements,
        mentions and country references at ``keep``, record the merge, delete ``other``."""
        ...

    def record_merges(self, merged: Mapping[str, str]) -> None:
        """Records merged ids (old id -> the id that absorbed it), as ``migrate`` imports
        them."""
        ...

    def bump_version(self) -> None: ...


class Backend(Protocol):
    """Storage under the engine: SQLite or Neo4j."""

    kind: str

    def ping(self) -> bool: ...
    def init_schema(self) -> None: ...
    def close(self) -> None: ...
    def wipe(self) -> None: ...
    def data_version(self) -> int: ...

    def write(self, work: Callable[[WriteTx], T]) -> T:
        """Runs ``work`` in one write transaction (retried by the backend when it may be)."""
        ...

    def batch_size(self) -> int:
        """Articles written per transaction (a failed batch is retried one by one)."""
        ...

    def merged_ids(self, ids: Sequence[str]) -> dict[str, str]: ...

    def actor(self, actor_id: str) -> tuple[Row, int] | None:
        """An actor's row and how many articles mention it."""
        ...

    def actors(self, actor_type: str | None) -> list[Row]: ...

    def actors_page(self, actor_type: str | None, limit: int, offset: int) -> tuple[list[Row], int]:
        """Actors by (sort_name, id), one page, and how many there are."""
        ...

    def search_candidates(self, grams: Sequence[str], actor_type: str | None) -> list[Row]:
        """Actors whose search terms hold any of the grams (the full-text index), as rows of
        what ranking reads: ``id``, ``name``, ``aliases``."""
        ...

    def actors_by_id(self, ids: Sequence[str]) -> list[Row]:
        """Whole actor rows of the given ids that exist, in no particular order."""
        ...

    def edge_counts(self, actor_id: str) -> dict[str, int]: ...

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
        """Stored edges in the edge order (``graph.results.EDGE_ORDER``: strongest first, then
        by key), one page of them, and how many there are."""
        ...

    def evidence(self, statement_ids: Sequence[str]) -> dict[str, Row]:
        """Statements by id as the fields of their ``EvidenceItem`` (``statement_id``,
        ``article_id``, the article's ``title``, ``published`` as its first 10 characters,
        ``sentence``, ``start``, ``end``, ``modality``, ``confidence``, ``trigger``, ``year``)
        and nothing else: the engine validates them as they are."""
        ...

    def statements(self, query: EdgeQuery) -> list[Row]:
        """Statements matching the query's filters (actor and direction, types, ends, article,
        dates, modalities), each with its article's ``title``."""
        ...

    def window_sums(self, window: Window) -> list[tuple[Key, Sums]]:
        """Edges aggregated from the statements inside the window, by the database; ``top``
        holds the ranks of each edge's best ``EVIDENCE_KEPT`` statements in the window."""
        ...

    def article(self, article_id: str) -> tuple[Row, list[str], int] | None:
        """An article's row, the actors it mentions and its number of statements."""
        ...

    def articles_page(
        self, limit: int, offset: int
    ) -> tuple[list[tuple[Row, list[str], int]], int]: ...

    def counts(self) -> Counts: ...

    def article_versions(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Stored articles' extractor versions (ids not stored are left out)."""
        ...

    def feeds(self) -> list[Row]:
        """Every feed's row (config and state), in the order they were added."""
        ...

    def known_urls(self, urls: Sequence[str]) -> set[str]: ...

    def sources_page(self, limit: int, offset: int) -> tuple[list[Row], int]:
        """Outlets ({id, name, host, articles}) by name then id, one page, and how many."""
        ...

    def sources_by_id(self, ids: Sequence[str]) -> dict[str, Row]:
        """Outlets ({id, name, host}) of the given ids that exist."""
        ...

    def signatures(self, scheme: str, after: int) -> list[Row]: ...

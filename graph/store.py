"""The store protocol: what loaders and the API may ask of any graph store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from graph.model import Actor, ActorType, Extraction
from graph.queries import EdgeQuery
from graph.records import ActorDetail, ArticleDetail, Counts, Edge, IngestResult, Page


class IngestFailure(Exception):
    """One article of a batch could not be written; nothing of it was kept."""

    def __init__(self, article_id: str, path: str | None, cause: Exception) -> None:
        super().__init__(f"{path or article_id}: {cause}")
        self.article_id = article_id
        self.path = path
        self.cause = cause


@runtime_checkable
class GraphStore(Protocol):
    """Implemented by the Neo4j store and the embedded store, with the same behaviour."""

    kind: str

    def ping(self) -> bool:
        """True when the store answers a query."""
        ...

    def init_schema(self) -> None:
        """Create every constraint and index; idempotent."""
        ...

    def close(self) -> None: ...

    def wipe(self) -> None:
        """Delete all data (schema stays)."""
        ...

    # -- writes -------------------------------------------------------------------------------

    def ingest(self, extraction: Extraction) -> IngestResult:
        """Write one article atomically: all of it or, on failure, nothing."""
        ...

    def ingest_many(
        self, extractions: Iterable[Extraction]
    ) -> Iterator[IngestResult | IngestFailure]:
        """Write articles one by one; a failed article is reported and the batch goes on."""
        ...

    def retract(self, article_id: str) -> bool:
        """Remove an article and every statement only it supports; False if unknown."""
        ...

    def merge_actors(self, keep: str, other: str) -> Actor:
        """Fold ``other`` into ``keep`` for good (re-ingesting does not split them)."""
        ...

    def add_alias(self, actor_id: str, alias: str) -> Actor: ...

    # -- reads --------------------------------------------------------------------------------

    def get_actor(self, actor_id: str) -> ActorDetail:
        """The actor (merged ids resolve to the survivor); NotFound if unknown."""
        ...

    def find_actors(
        self, q: str | None, actor_type: ActorType | None, limit: int, offset: int
    ) -> Page[Actor]: ...

    def edges(self, query: EdgeQuery) -> list[Edge]: ...

    def get_article(self, article_id: str) -> ArticleDetail: ...

    def list_articles(self, limit: int, offset: int) -> Page[ArticleDetail]: ...

    def counts(self) -> Counts: ...

    def snapshot(
        self, since: date | None = None, until: date | None = None, evidence_limit: int = 20
    ) -> nx.MultiDiGraph:
        """The whole aggregated graph (actors and factual edges) for analytics and rendering.

        With a window, edges are aggregated from the statements published inside it only.
        """
        ...

    def statements_for(self, query: EdgeQuery) -> list[dict[str, Any]]: ...

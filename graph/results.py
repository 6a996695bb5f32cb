"""What stores return: the records shared by both backends, the API and the CLI (one module)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph.model import Actor, Article, Modality, RelationType, Source


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestStatus(StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    REPLACED = "replaced"


class IngestResult(Frozen):
    article_id: str
    status: IngestStatus
    actors: int
    relations: int


class EvidenceItem(Frozen):
    """One statement behind an aggregated edge: the sentence, where, when, how sure."""

    statement_id: str
    article_id: str
    title: str | None = None
    published: date | None = None
    sentence: str
    start: int
    end: int
    modality: Modality
    confidence: float
    trigger: str
    year: int | None = None
    also_in: int = Field(
        default=0,
        description="Other outlets whose copy of this article's story states the same "
        "relation (the evidence shows the earliest copy of a story; its copies do not count "
        "again)",
    )


# The edge order, stated once: every list of edges is strongest first, |weight| * mentions
# descending, then mentions descending, then source, type and target ascending (a total order: no
# two edges share a key). ``EDGE_ORDER`` is that order as an ORDER BY list over columns named
# weight, mentions, source, type and target: SQLite's query (graph/store/sqlite.py) and the
# Cypher files (written ``{{EDGE_ORDER}}``, filled in by graph.cypher) both use it. ``edge_order``
# is the same order as a sort key, for edges sorted in Python (the engine, the API). The
# contract tests (tests/contract/test_edge_order.py) hold the three together.
EDGE_ORDER = "abs(weight) * mentions DESC, mentions DESC, source, type, target"


def edge_order(
    weight: float, mentions: int, source: str, type: str, target: str
) -> tuple[float, int, str, str, str]:
    """The sort key of ``EDGE_ORDER``."""
    return (-abs(weight) * mentions, -mentions, source, type, target)


class Edge(Frozen):
    """An aggregated relationship between two actors, with its evidence."""

    source: str
    target: str
    type: RelationType
    mentions: int
    articles: int = Field(description="Distinct stories (an article and its copies count once)")
    sources: int = Field(default=0, description="Distinct outlets among every copy")
    first_seen: date | None = None
    last_seen: date | None = None
    weight: float
    confidence: float
    modalities: list[Modality]
    evidence: list[EvidenceItem] = Field(default_factory=list)

    def order(self) -> tuple[float, int, str, str, str]:
        """Where this edge goes in ``EDGE_ORDER``."""
        return edge_order(self.weight, self.mentions, self.source, self.type.value, self.target)


class ActorDetail(Frozen):
    actor: Actor
    relation_counts: dict[RelationType, int]
    articles: int


class ArticleDetail(Frozen):
    article: Article
    extractor_version: str | None = None
    ingested_at: str | None = None
    actors: list[str] = Field(default_factory=list)
    statements: int = 0
    source: Source | None = Field(default=None, description="The outlet that published it")


class SourceSummary(Frozen):
    """An outlet and how many stored articles it published."""

    id: str
    name: str
    host: str | None = None
    articles: int


class FeedRecord(Frozen):
    """A followed feed: what ``actorgraph feeds add`` set and the state its polls keep (the
    fields of ``loaders.feeds.poll.FeedState``)."""

    url: str
    name: str | None = None
    every: float | None = Field(default=None, description="Seconds between polls; None: default")
    added: str
    etag: str | None = None
    last_modified: str | None = None
    last_poll: str | None = None
    last_success: str | None = None
    next_due: str | None = None
    errors: int = Field(default=0, description="Consecutive failed polls")
    last_error: str | None = None
    seen_ids: list[str] = Field(default_factory=list)
    seen_urls: list[str] = Field(default_factory=list)


T = TypeVar("T")


class Page(Frozen, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class Counts(Frozen):
    actors: int
    articles: int
    statements: int
    edges: int


class IngestFailure(Exception):
    """One article of a batch could not be written; nothing of it was kept."""

    def __init__(self, article_id: str, path: str | None, cause: Exception) -> None:
        super().__init__(f"{path or article_id}: {cause}")
        self.article_id = article_id
        self.path = path
        self.cause = cause


@dataclass(frozen=True)
class AlreadyStored:
    """An article the caller found stored by the current extractor version and did not
    extract again (``actorgraph ingest --cluster`` on a re-run). Handed to ``ingest_many``
    in the place its extraction would have had: it counts in its batch as that unchanged
    extraction would, so the articles after it share the same transactions (and the same
    floating-point sums) as in an ingest that read it again, and it writes nothing."""

    article_id: str
    path: str | None = None

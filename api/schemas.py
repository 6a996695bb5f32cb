"""Response and request bodies of the API (the domain records are reused as they are; every
page of results is a ``graph.results.Page[T]``)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from graph.model import RelationType
from graph.results import ActorDetail, ArticleDetail, Edge, FeedRecord, IngestResult, IngestStatus


class NlpServer(BaseModel):
    url: str
    answers: bool
    ms: float
    error: str | None = None


class NlpStatus(BaseModel):
    """The CoreNLP servers extraction uses (POST /articles needs one that answers)."""

    ok: bool
    servers: list[NlpServer]


class Health(BaseModel):
    store: str
    ok: bool = Field(description="the store answers")
    nlp: NlpStatus | None = None


class Step(BaseModel):
    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    types: list[RelationType]
    reverse_types: list[RelationType]

    model_config = {"populate_by_name": True}


class Paths(BaseModel):
    source: str
    target: str
    paths: list[list[Step]]


class GraphNode(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    degree: int


class GraphEdge(BaseModel):
    source: str
    target: str
    type: RelationType
    mentions: int
    confidence: float
    weight: float
    modalities: list[str]


class GraphView(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class IngestOutcome(BaseModel):
    """What happened to one record of a POST /articles, in the order of the request."""

    record: str = Field(description="'request' or 'request#N' for the N-th record of a list")
    ok: bool
    article_id: str | None = None
    status: IngestStatus | None = Field(default=None, description="set when ok")
    actors: int | None = None
    relations: int | None = None
    error: str | None = Field(default=None, description="why the record was not stored")

    @classmethod
    def stored(cls, record: str, result: IngestResult) -> IngestOutcome:
        return cls(
            record=record,
            ok=True,
            article_id=result.article_id,
            status=result.status,
            actors=result.actors,
            relations=result.relations,
        )

    @classmethod
    def failed(cls, record: str, error: str) -> IngestOutcome:
        return cls(record=record, ok=False, error=error)


class ArticleView(BaseModel):
    detail: ArticleDetail
    edges: list[Edge]


class FeedStatus(BaseModel):
    """A followed feed: its settings and the state of its polls (GET /feeds)."""

    url: str
    name: str | None = None
    every: float | None = Field(description="Seconds between polls; null: the default")
    added: str
    last_poll: str | None = None
    last_success: str | None = None
    next_due: str | None = Field(default=None, description="null: due now (never polled)")
    errors: int = Field(description="Consecutive failed polls (the next waits longer)")
    last_error: str | None = Field(
        default=None, description="Why the last poll failed, or items were not stored"
    )
    seen: int = Field(description="Item ids remembered (bounded by ACTORGRAPH_FEED_SEEN_MAX)")

    @classmethod
    def of(cls, record: FeedRecord) -> FeedStatus:
        return cls(
            **record.model_dump(exclude={"etag", "last_modified", "seen_ids", "seen_urls"}),
            seen=len(record.seen_ids),
        )


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=20_000, description="One read query")
    params: dict[str, Any] = Field(default_factory=dict, description="Its $parameters")


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool


__all__ = ["ActorDetail"]

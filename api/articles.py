"""Articles: list, detail, ingest (POST) and retract (DELETE)."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

import anyio
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep, WriteAccess
from api.errors import COMMON, BadInput, Busy, responses
from api.params import Limit, Offset
from api.schemas import ArticleView, IngestOutcome
from graph.errors import NotFound
from graph.ingest import Stored, ingest_each
from graph.results import ArticleDetail, Page
from graph.settings import Settings
from graph.store import GraphStore
from graph.store.query import EdgeQuery
from loaders.pipeline import extract_documents, extractions, extractor_for, keep_out_of_collections
from loaders.reading.inputs import ReadError, parse_bytes
from loaders.rules.extract import Extractor

router = APIRouter(prefix="/articles", tags=["articles"], responses=COMMON)

SUFFIXES = {
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/html": ".html",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
}


_TEXT = {"type": "string", "minLength": 1, "pattern": "[A-Za-z]"}
_RECORD = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "text": _TEXT,
        "title": {"type": "string"},
        "url": {"type": "string"},
        "published": {"type": "string", "format": "date"},
        "source": {"type": "string"},
    },
}
# Records of a list are checked one by one (a bad one is that record's error), so the list
# itself accepts any items.
REQUEST_CONTENT = {
    "text/plain": {"schema": _TEXT},
    "text/markdown": {"schema": _TEXT},
    "text/html": {"schema": {"type": "string", "minLength": 1}},
    "application/json": {"schema": {"oneOf": [_RECORD, {"type": "array", "minItems": 1}]}},
    "application/x-ndjson": {"schema": {"type": "string", "minLength": 1}},
}


@dataclass
class IngestGate:
    """Bounds the ingests one server runs at once (each is CPU-bound extraction and a write)
    and builds the extractor once, off the event loop."""

    slots: asyncio.Semaphore
    wait_seconds: float
    _extractor: Extractor | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def for_settings(cls, settings: Settings) -> IngestGate:
        return cls(
            asyncio.Semaphore(settings.max_concurrent_ingests), settings.ingest_queue_seconds
        )

    def extractor(self, settings: Settings) -> Extractor:
        with self._lock:
            if self._extractor is None:
                self._extractor = extractor_for(settings)
                keep_out_of_collections()
            return self._extractor

    def close(self) -> None:
        with self._lock:
            if self._extractor is not None:
                self._extractor.close()
                self._extractor = None


@router.get("", response_model=Page[ArticleDetail], summary="Stored articles, newest first")
def list_articles(store: StoreDep, limit: Limit = 20, offset: Offset = 0) -> Page[ArticleDetail]:
    page = store.list_articles(limit, offset)
    return Page[ArticleDetail](items=page.items, total=page.total, limit=limit, offset=offset)


@router.get(
    "/{article_id}",
    response_model=ArticleView,
    summary="What was extracted from one",
    responses=responses(404),
)
def get_article(store: StoreDep, article_id: str) -> ArticleView:
    detail = store.get_article(article_id)
    return ArticleView(detail=detail, edges=store.edges(EdgeQuery(article=article_id)))


@router.post(
    "",
    response_model=list[IngestOutcome],
    status_code=201,
    dependencies=[WriteAccess],
    summary="Ingest articles: text, Markdown, HTML or JSON record(s)",
    responses={
        207: {
            "model": list[IngestOutcome],
            "description": "Some records failed: one outcome per record, in order, each with "
            "`ok` and, when it failed, its `error`; the others were stored",
        },
        **responses(400, 401),
    },
    openapi_extra={"requestBody": {"required": True, "content": REQUEST_CONTENT}},
)
async def post_article(
    request: Request, store: StoreDep, settings: SettingsDep
) -> list[IngestOutcome] | JSONResponse:
    """One outcome per record, in order. 201 when every record was stored (new, unchanged or
    replaced); 207 when some failed (each failed record names its cause, the others are
    stored); 400 when the body itself cannot be read; 503 `busy` when every ingest slot stays
    taken for ``ACTORGRAPH_INGEST_QUEUE_SECONDS``."""
    kind = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
    suffix = SUFFIXES.get(kind)
    if suffix is None:
        raise BadInput(f"unsupported content type {kind!r}; use one of {sorted(SUFFIXES)}")
    body = await request.body()  # bounded by the RequestLimits middleware
    gate: IngestGate = request.app.state.ingest_gate
    try:
        await asyncio.wait_for(gate.slots.acquire(), timeout=gate.wait_seconds)
    except TimeoutError:
        raise Busy(
            f"{settings.max_concurrent_ingests} ingests are running; try again shortly"
        ) from None
    try:
        # Parsing, extraction and the write are blocking work: never on the event loop.
        extractor = await anyio.to_thread.run_sync(gate.extractor, settings)
        outcomes = await anyio.to_thread.run_sync(_ingest_body, body, suffix, extractor, store)
    finally:
        gate.slots.release()
    if all(o.ok for o in outcomes):
        return outcomes
    return JSONResponse([o.model_dump(mode="json") for o in outcomes], status_code=207)


def _ingest_body(
    body: bytes, suffix: str, extractor: Extractor, store: GraphStore
) -> list[IngestOutcome]:
    try:
        items = list(parse_bytes(body, suffix, "request"))
    except ValueError as exc:
        raise BadInput(f"cannot read the article: {exc}") from exc
    if not items:
        raise BadInput("no article in the request")
    if len(items) == 1 and isinstance(items[0], ReadError):
        raise BadInput(f"cannot read the article: {items[0].error}")
    # Parsed several at a time; a record the parser or the extractor fails on is that
    # record's error (NlpUnavailable, no server at all, ends the request with 503).
    return [
        IngestOutcome.stored(outcome.path, outcome.result)
        if isinstance(outcome, Stored)
        else IngestOutcome.failed(outcome.path, _why(outcome.error))
        for outcome in ingest_each(extractions(extract_documents(items, extractor)), store)
    ]


def _why(error: str) -> str:
    """The API's wording of a failed write (the CLI says "write failed")."""
    prefix = "write failed: "
    return (
        f"could not store the article: {error[len(prefix) :]}"
        if error.startswith(prefix)
        else error
    )


@router.delete(
    "/{article_id}",
    status_code=204,
    dependencies=[WriteAccess],
    summary="Retract an article",
    responses=responses(401, 404),
)
def delete_article(store: StoreDep, article_id: str) -> Response:
    if not store.retract(article_id):
        raise NotFound("article", article_id)
    return Response(status_code=204)

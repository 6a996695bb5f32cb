"""Articles: list, detail, ingest (POST) and retract (DELETE)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.actors import Limit, Offset
from api.deps import SettingsDep, StoreDep, WriteAccess
from api.errors import BadInput, BodyTooLarge
from api.schemas import ArticlePage, ArticleView, IngestOutcome
from graph.errors import NotFound
from graph.queries import EdgeQuery
from graph.store import IngestFailure

router = APIRouter(prefix="/articles", tags=["articles"])

SUFFIXES = {
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/html": ".html",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
}


@router.get("", response_model=ArticlePage, summary="Stored articles, newest first")
def list_articles(store: StoreDep, limit: Limit = 20, offset: Offset = 0) -> ArticlePage:
    page = store.list_articles(limit, offset)
    return ArticlePage(items=page.items, total=page.total, limit=limit, offset=offset)


@router.get("/{article_id}", response_model=ArticleView, summary="What was extracted from one")
def get_article(store: StoreDep, article_id: str) -> ArticleView:
    detail = store.get_article(article_id)
    return ArticleView(detail=detail, edges=store.edges(EdgeQuery(article=article_id)))


@router.post(
    "",
    response_model=list[IngestOutcome],
    status_code=201,
    dependencies=[WriteAccess],
    summary="Ingest an article: text, Markdown, HTML or JSON record(s)",
)
async def post_article(
    request: Request, store: StoreDep, settings: SettingsDep
) -> list[IngestOutcome]:
    from loaders.reading import Document, ReadError, parse_bytes

    kind = request.headers.get("content-type", "text/plain").split(";")[0].strip().lower()
    suffix = SUFFIXES.get(kind)
    if suffix is None:
        raise BadInput(f"unsupported content type {kind!r}; use one of {sorted(SUFFIXES)}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > settings.max_body_bytes:
            raise BodyTooLarge(settings.max_body_bytes)
    try:
        items = list(parse_bytes(bytes(body), suffix, "request"))
    except ValueError as exc:
        raise BadInput(f"cannot read the article: {exc}") from exc
    documents = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, ReadError)]
    if not documents:
        raise BadInput("; ".join(e.error for e in errors) or "no article in the request")
    extractor = _extractor(request, settings)
    outcomes = []
    for result in store.ingest_many(extractor.extract(d.text, d.article) for d in documents):
        if isinstance(result, IngestFailure):
            raise BadInput(f"could not store article {result.article_id}: {result.cause}")
        outcomes.append(IngestOutcome(**result.model_dump(mode="json")))
    return outcomes


def _extractor(request: Request, settings: SettingsDep):  # type: ignore[no-untyped-def]
    # Built on first use, not at start-up: the lexicon takes about a second.
    extractor = getattr(request.app.state, "extractor", None)
    if extractor is None:
        from loaders.pipeline import extractor_for

        extractor = extractor_for(settings)
        request.app.state.extractor = extractor
    return extractor


@router.delete(
    "/{article_id}", status_code=204, dependencies=[WriteAccess], summary="Retract an article"
)
def delete_article(store: StoreDep, article_id: str) -> Response:
    if not store.retract(article_id):
        raise NotFound("article", article_id)
    return Response(status_code=204)

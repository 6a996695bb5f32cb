"""Following: the feeds ``actorgraph watch`` polls (with each one's state and last error), and
the outlets articles come from."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.errors import COMMON
from api.params import Limit, Offset
from api.schemas import FeedStatus
from graph.results import Page, SourceSummary

router = APIRouter(tags=["following"], responses=COMMON)


@router.get(
    "/feeds",
    response_model=Page[FeedStatus],
    summary="Followed feeds, in the order they were added, with their state and last error",
)
def list_feeds(store: StoreDep, limit: Limit = 20, offset: Offset = 0) -> Page[FeedStatus]:
    feeds = store.feeds()
    return Page[FeedStatus](
        items=[FeedStatus.of(f) for f in feeds[offset : offset + limit]],
        total=len(feeds),
        limit=limit,
        offset=offset,
    )


@router.get(
    "/sources",
    response_model=Page[SourceSummary],
    summary="Outlets, by name, with how many stored articles each published",
)
def list_sources(store: StoreDep, limit: Limit = 20, offset: Offset = 0) -> Page[SourceSummary]:
    return store.sources(limit, offset)

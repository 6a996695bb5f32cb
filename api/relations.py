"""Edges across the whole graph, with their evidence."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from api.actors import Limit, Offset, types_of
from api.deps import StoreDep
from api.schemas import EdgePage
from graph.queries import EdgeQuery

router = APIRouter(tags=["relations"])


@router.get("/relations", response_model=EdgePage, summary="Edges between actors, filtered")
def relations(
    store: StoreDep,
    type: Annotated[list[str] | None, Query()] = None,
    source: str | None = None,
    target: str | None = None,
    since: date | None = None,
    until: date | None = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EdgePage:
    edges = store.edges(
        EdgeQuery(
            types=types_of(type),
            source=source,
            target=target,
            since=since,
            until=until,
            min_confidence=min_confidence,
        )
    )
    return EdgePage(
        items=edges[offset : offset + limit], total=len(edges), limit=limit, offset=offset
    )

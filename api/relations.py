"""Edges across the whole graph, with their evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.errors import COMMON
from api.params import IsoDate, Limit, Offset, RelationTypes, check_window, relation_types
from api.schemas import EdgePage
from graph.queries import EdgeQuery

router = APIRouter(tags=["relations"], responses=COMMON)


@router.get("/relations", response_model=EdgePage, summary="Edges between actors, filtered")
def relations(
    store: StoreDep,
    type: RelationTypes = None,
    source: str | None = None,
    target: str | None = None,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EdgePage:
    check_window(since, until)
    edges = store.edges(
        EdgeQuery(
            types=relation_types(type),
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

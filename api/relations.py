"""Edges across the whole graph, with their evidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.errors import COMMON
from api.params import IsoDate, Limit, Offset, RelationTypes, check_window, relation_types
from graph.results import Edge, Page
from graph.store.query import EdgeQuery

router = APIRouter(tags=["relations"], responses=COMMON)


@router.get("/relations", response_model=Page[Edge], summary="Edges between actors, filtered")
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
) -> Page[Edge]:
    check_window(since, until)
    query = EdgeQuery(
        types=relation_types(type),
        source=source,
        target=target,
        since=since,
        until=until,
        min_confidence=min_confidence,
    )
    page = store.edges_page(query, limit, offset)
    return Page[Edge](items=page.items, total=page.total, limit=limit, offset=offset)

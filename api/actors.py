"""Actors: search, detail, relations, allies and adversaries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.errors import COMMON, responses
from api.params import IsoDate, Limit, Offset, RelationTypes, check_window, relation_types
from graph.model import Actor, ActorType, Modality, RelationType
from graph.results import ActorDetail, Edge, Page
from graph.store.query import Direction, EdgeQuery

router = APIRouter(prefix="/actors", tags=["actors"], responses=COMMON)


@router.get("", response_model=Page[Actor], summary="Search actors by name or alias (fuzzy)")
def search_actors(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=500)] = None,
    type: ActorType | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Page[Actor]:
    page = store.find_actors(q, type, limit, offset)
    return Page[Actor](items=page.items, total=page.total, limit=limit, offset=offset)


@router.get(
    "/{actor_id}",
    response_model=ActorDetail,
    summary="One actor with its counts",
    responses=responses(404),
)
def get_actor(store: StoreDep, actor_id: str) -> ActorDetail:
    return store.get_actor(actor_id)


@router.get(
    "/{actor_id}/relations",
    response_model=Page[Edge],
    summary="An actor's edges",
    responses=responses(404),
)
def actor_relations(
    store: StoreDep,
    actor_id: str,
    type: RelationTypes = None,
    direction: Direction = Direction.BOTH,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    modality: Modality | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[Edge]:
    check_window(since, until)
    query = EdgeQuery(
        actor=actor_id,
        types=relation_types(type),
        direction=direction,
        since=since,
        until=until,
        min_confidence=min_confidence,
        modality=modality,
    )
    page = store.edges_page(query, limit, offset)
    return Page[Edge](items=page.items, total=page.total, limit=limit, offset=offset)


def _ranked(store: StoreDep, actor_id: str, kind: RelationType, limit: int) -> Page[Edge]:
    # The store's edge order (graph.results.EDGE_ORDER); evidence is read for this page only.
    query = EdgeQuery(actor=actor_id, types=frozenset({kind}))
    page = store.edges_page(query, limit, 0)
    return Page[Edge](items=page.items, total=page.total, limit=limit, offset=0)


@router.get(
    "/{actor_id}/allies",
    response_model=Page[Edge],
    summary="Supports, either way",
    responses=responses(404),
)
def allies(store: StoreDep, actor_id: str, limit: Limit = 50) -> Page[Edge]:
    return _ranked(store, actor_id, RelationType.SUPPORTS, limit)


@router.get(
    "/{actor_id}/adversaries",
    response_model=Page[Edge],
    summary="Opposes, either way",
    responses=responses(404),
)
def adversaries(store: StoreDep, actor_id: str, limit: Limit = 50) -> Page[Edge]:
    return _ranked(store, actor_id, RelationType.OPPOSES, limit)

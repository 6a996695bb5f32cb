"""Actors: search, detail, relations, allies and adversaries."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError

from api.deps import StoreDep
from api.schemas import ActorPage, EdgePage
from graph.model import ActorType, Modality, RelationType
from graph.queries import Direction, EdgeQuery
from graph.records import ActorDetail

router = APIRouter(prefix="/actors", tags=["actors"])

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


def types_of(values: list[str] | None, param: str = "type") -> frozenset[RelationType]:
    """Relation types from repeated or comma-separated parameters."""
    return frozenset(enum_values(values, RelationType, param))


E = TypeVar("E", bound=StrEnum)


def enum_values(values: list[str] | None, kind: type[E], param: str) -> list[E]:
    """Members named by repeated or comma-separated parameters; 422 for an unknown name."""
    members = []
    for value in (v.strip() for raw in values or [] for v in raw.split(",")):
        if not value:
            continue
        try:
            member = kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            raise RequestValidationError(
                [{"loc": ("query", param), "msg": f"{value!r} is not one of: {allowed}"}]
            ) from None
        if member not in members:
            members.append(member)
    return members


@router.get("", response_model=ActorPage, summary="Search actors by name or alias (fuzzy)")
def search_actors(
    store: StoreDep,
    q: str | None = None,
    type: ActorType | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> ActorPage:
    page = store.find_actors(q, type, limit, offset)
    return ActorPage(items=page.items, total=page.total, limit=limit, offset=offset)


@router.get("/{actor_id}", response_model=ActorDetail, summary="One actor with its counts")
def get_actor(store: StoreDep, actor_id: str) -> ActorDetail:
    return store.get_actor(actor_id)


@router.get("/{actor_id}/relations", response_model=EdgePage, summary="An actor's edges")
def actor_relations(
    store: StoreDep,
    actor_id: str,
    type: Annotated[list[str] | None, Query()] = None,
    direction: Direction = Direction.BOTH,
    since: date | None = None,
    until: date | None = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    modality: Modality | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EdgePage:
    edges = store.edges(
        EdgeQuery(
            actor=actor_id,
            types=types_of(type),
            direction=direction,
            since=since,
            until=until,
            min_confidence=min_confidence,
            modality=modality,
        )
    )
    return EdgePage(
        items=edges[offset : offset + limit], total=len(edges), limit=limit, offset=offset
    )


def _ranked(store: StoreDep, actor_id: str, kind: RelationType, limit: int) -> EdgePage:
    edges = store.edges(EdgeQuery(actor=actor_id, types=frozenset({kind})))
    edges.sort(key=lambda e: (-abs(e.weight), -e.mentions, e.source, e.target))
    return EdgePage(items=edges[:limit], total=len(edges), limit=limit, offset=0)


@router.get("/{actor_id}/allies", response_model=EdgePage, summary="Supports, either way")
def allies(store: StoreDep, actor_id: str, limit: Limit = 50) -> EdgePage:
    return _ranked(store, actor_id, RelationType.SUPPORTS, limit)


@router.get("/{actor_id}/adversaries", response_model=EdgePage, summary="Opposes, either way")
def adversaries(store: StoreDep, actor_id: str, limit: Limit = 50) -> EdgePage:
    return _ranked(store, actor_id, RelationType.OPPOSES, limit)

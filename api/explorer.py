"""The explorer page: the graph (or an actor's neighbourhood) drawn in the browser."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from api.actors import enum_values
from api.deps import SettingsDep, StoreDep
from graph.explorer import ExplorerView, render_explorer
from graph.model import ActorType, RelationType
from graph.stores import resolve_actor

router = APIRouter(tags=["explorer"])


@router.get(
    "/explorer",
    response_class=HTMLResponse,
    summary="Interactive graph page (works offline; the filters can be changed on the page)",
)
def explorer(
    store: StoreDep,
    settings: SettingsDep,
    types: Annotated[list[str] | None, Query(description="Relation types shown")] = None,
    actor_types: Annotated[list[str] | None, Query(description="Actor types shown")] = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    since: date | None = None,
    until: date | None = None,
    actor: Annotated[str | None, Query(description="Open this actor's neighbourhood")] = None,
    hops: Annotated[int, Query(ge=0, le=6)] = 2,
) -> HTMLResponse:
    try:
        view = ExplorerView(
            relation_types=enum_values(types, RelationType, "types"),
            actor_types=enum_values(actor_types, ActorType, "actor_types"),
            min_confidence=min_confidence,
            since=since,
            until=until,
            hops=hops,
        )
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    if actor:
        view = view.model_copy(update={"actor": resolve_actor(store, actor)})
    graph = store.snapshot(since=since, until=until, evidence_limit=settings.explorer_evidence)
    page = render_explorer(graph, view, layout_threshold=settings.explorer_layout_threshold)
    return HTMLResponse(page)

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
from graph.explorer import ExplorerView, explorer_page
from graph.model import ActorType, RelationType

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
    page, _, _ = explorer_page(store, view, settings, actor=actor)
    return HTMLResponse(page)

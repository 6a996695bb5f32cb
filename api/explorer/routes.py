"""The explorer page: the graph (or an actor's neighbourhood) drawn in the browser."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from api.deps import AlliancesDep, SettingsDep, StoreDep
from api.errors import json_responses
from api.explorer.page import explorer_page
from api.explorer.render import ExplorerView
from api.params import ActorTypes, IsoDate, RelationTypes, enum_values
from graph.model import ActorType, RelationType

router = APIRouter(tags=["explorer"], responses=json_responses(413, 414, 422, 500, 503))


@router.get(
    "/explorer",
    response_class=HTMLResponse,
    summary="Interactive graph page (works offline; the filters can be changed on the page)",
    responses=json_responses(404),
)
def explorer(
    store: StoreDep,
    settings: SettingsDep,
    alliances: AlliancesDep,
    types: RelationTypes = None,
    actor_types: ActorTypes = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    actor: Annotated[str | None, Query(description="Open this actor's neighbourhood")] = None,
    hops: Annotated[int, Query(ge=0, le=6)] = 2,
) -> HTMLResponse:
    try:
        view = ExplorerView(
            relation_types=enum_values(types, RelationType),
            actor_types=enum_values(actor_types, ActorType),
            min_confidence=min_confidence,
            since=since,
            until=until,
            hops=hops,
        )
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    page, _, _ = explorer_page(store, view, settings, actor=actor, alliances=alliances)
    return HTMLResponse(page)

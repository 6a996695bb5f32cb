"""Request dependencies: the settings, the one store of this process and its alliance analytics
(cached by data version), the API key check."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from graph.alliances.service import AllianceService
from graph.settings import Settings
from graph.store import GraphStore


# The lookups below are async so FastAPI calls them on the event loop: a plain ``def`` goes to
# the thread pool, and each such hop waits for the GIL behind the busy request threads.
async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


async def get_alliances(request: Request) -> AllianceService:
    alliances: AllianceService = request.app.state.alliances
    return alliances


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
AlliancesDep = Annotated[AllianceService, Depends(get_alliances)]


def require_api_key(
    settings: SettingsDep,
    x_api_key: Annotated[str | None, Header()] = None,
) -> None:
    """Writes and arbitrary Cypher need X-API-Key when ACTORGRAPH_API_KEY is set; the typed
    reads are open."""
    if settings.api_key is None:
        return
    if x_api_key is None or not secrets.compare_digest(
        x_api_key.encode(), settings.api_key.get_secret_value().encode()
    ):
        raise HTTPException(status_code=401, detail="a valid X-API-Key header is required")


WriteAccess = Depends(require_api_key)

"""The FastAPI application: one store per process, opened in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.types import Scope

from api import (
    actors,
    analytics,
    articles,
    browser,
    console,
    docs,
    errors,
    following,
    relations,
    views,
)
from api.deps import SettingsDep, StoreDep
from api.errors import COMMON
from api.explorer import routes as explorer
from api.limits import RequestLimits
from api.schemas import Health, NlpStatus
from graph.alliances.service import AllianceService
from graph.settings import Settings
from graph.store import GraphStore, open_store
from loaders.nlp.health import nlp_health


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app. Nothing is opened until it starts (no I/O at import or build time)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resolved = settings or Settings()
        app.state.settings = resolved
        app.state.ingest_gate = articles.IngestGate.for_settings(resolved)
        owned = store is None
        app.state.store = store if store is not None else open_store(resolved)
        app.state.alliances = AllianceService(
            app.state.store,
            debounce=resolved.analytics_debounce_seconds,
            max_stale=resolved.analytics_max_stale_seconds,
        )
        try:
            yield
        finally:
            app.state.alliances.close()
            app.state.ingest_gate.close()
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="actorgraph",
        summary="Geopolitical actors and alliances extracted from news, with evidence.",
        version="0.1.0",
        lifespan=lifespan,
        # /docs and /redoc are served with their assets by api/docs.py, not from a CDN.
        docs_url=None,
        redoc_url=None,
    )
    errors.install(app)
    docs.install(app)

    def current_settings(scope: Scope) -> Settings:
        resolved: Settings = scope["app"].state.settings
        return resolved

    app.add_middleware(RequestLimits, settings=current_settings)

    @app.get("/health", response_model=Health, tags=["health"], responses=COMMON)
    async def health(store: StoreDep, settings: SettingsDep) -> Health | JSONResponse:
        """Which store answers, and whether the CoreNLP servers that POST /articles needs
        answer. Never waits longer than ACTORGRAPH_HEALTH_TIMEOUT (1 s) for either, asked at
        the same time: a store that does not answer by then (down, paused, a writer holding
        it) is reported with 503 `store_unavailable` and `detail.health` `degraded`."""
        timeout = settings.health_timeout
        found: dict[str, Any] = {}

        async def ask_store() -> None:
            try:
                found["store"] = await anyio.to_thread.run_sync(store.ping)
            except Exception as exc:  # raised below, as itself (not in an exception group)
                found["error"] = exc

        async def ask_nlp() -> None:
            found["nlp"] = await anyio.to_thread.run_sync(nlp_health, settings, timeout)

        async with anyio.create_task_group() as group:
            group.start_soon(ask_store)
            group.start_soon(ask_nlp)
        if "error" in found:
            raise found["error"]  # a store that answers but refuses us: mapped by api/errors
        nlp = NlpStatus.model_validate(found["nlp"].to_dict())
        if not found["store"]:
            return errors.error(
                503,
                "store_unavailable",
                f"the {store.kind} store does not answer within {timeout:g} s",
                store=store.kind,
                health="degraded",
                nlp=nlp.model_dump(),
            )
        return Health(store=store.kind, ok=True, nlp=nlp)

    for module in (
        actors,
        relations,
        analytics,
        articles,
        following,
        views,
        console,
        explorer,
        browser,
    ):
        app.include_router(module.router)
    return app

"""The FastAPI application: one store per process, opened in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
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
from graph.errors import StoreUnavailable
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
        app.state.alliances = AllianceService(app.state.store)
        try:
            yield
        finally:
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
    def health(store: StoreDep, settings: SettingsDep) -> Health:
        """Which store answers (503 when it does not, at once, never waiting for a writer),
        and whether the CoreNLP servers that POST /articles needs answer."""
        if not store.ping():
            raise StoreUnavailable(f"the {store.kind} store does not answer")
        nlp = nlp_health(settings, timeout=1.0)
        return Health(store=store.kind, ok=True, nlp=NlpStatus.model_validate(nlp.to_dict()))

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

"""The FastAPI application: one store per process, opened in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api import actors, articles, console, errors, explorer, relations, views
from api.deps import StoreDep
from api.schemas import Health
from graph.settings import Settings
from graph.store import GraphStore


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app. Nothing is opened until it starts (no I/O at import or build time)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from graph.stores import open_store

        resolved = settings or Settings()
        app.state.settings = resolved
        owned = store is None
        app.state.store = store if store is not None else open_store(resolved)
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="actorgraph",
        summary="Geopolitical actors and alliances extracted from news, with evidence.",
        version="0.1.0",
        lifespan=lifespan,
    )
    errors.install(app)

    @app.get("/health", response_model=Health, tags=["health"])
    def health(store: StoreDep) -> Health:
        """Which store answers; 503 when it does not."""
        from graph.errors import StoreUnavailable

        if not store.ping():
            raise StoreUnavailable(f"the {store.kind} store does not answer")
        return Health(store=store.kind, ok=True)

    for module in (actors, relations, articles, views, console, explorer):
        app.include_router(module.router)
    return app

"""The API's documentation pages, /docs (Swagger UI) and /redoc (ReDoc), with every file they
load served by the API itself, so they work on a machine without internet.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, ReDoc's fonts from Google Fonts and a
favicon from FastAPI's site. Here the same pages (FastAPI's ``get_swagger_ui_html`` and
``get_redoc_html``) point at the copies the ``fastapi-offline`` package ships (Swagger UI,
ReDoc and a favicon, in its ``static`` folder), mounted at ``/docs/assets``, without the fonts.
One change to ReDoc's script: its sidebar footer shows Redocly's logo from cdn.redoc.ly (no
option turns it off); the URL is emptied, so the image fails at once and ReDoc hides it.

The assets are public static files, like the pages and ``/openapi.json`` that they render: no
API key is asked for them. The request limits still apply to them, as to every route.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS = "/docs"
REDOC = "/redoc"
ASSETS = "/docs/assets"
# The package's folder of pinned files (resolved from its path: no file is read at import).
ASSET_DIR = Path(fastapi_offline.__file__).parent / "static"
SWAGGER_JS = "swagger-ui-bundle.js"
SWAGGER_CSS = "swagger-ui.css"
REDOC_JS = "redoc.standalone.js"
FAVICON = "favicon.png"
REDOC_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"


@cache
def redoc_script() -> bytes:
    """ReDoc's bundle without the one URL it would fetch from another host by itself."""
    return (ASSET_DIR / REDOC_JS).read_bytes().replace(REDOC_LOGO, b"")


def install(app: FastAPI) -> None:
    """Add /docs, /redoc and their assets; the app must be built with ``docs_url=None`` and
    ``redoc_url=None`` so FastAPI's CDN pages do not take those paths first."""
    assert app.docs_url is None and app.redoc_url is None, "FastAPI's CDN pages are on"

    def prefix(request: Request) -> str:
        root: str = request.scope.get("root_path", "")
        return root.rstrip("/")

    @app.get(DOCS, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        assets = f"{prefix(request)}{ASSETS}"
        return get_swagger_ui_html(
            openapi_url=f"{prefix(request)}{app.openapi_url}",
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{assets}/{SWAGGER_JS}",
            swagger_css_url=f"{assets}/{SWAGGER_CSS}",
            swagger_favicon_url=f"{assets}/{FAVICON}",
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    @app.get(REDOC, include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        assets = f"{prefix(request)}{ASSETS}"
        return get_redoc_html(
            openapi_url=f"{prefix(request)}{app.openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{assets}/{REDOC_JS}",
            redoc_favicon_url=f"{assets}/{FAVICON}",
            with_google_fonts=False,
        )

    # Before the mount, which would otherwise answer this path with the file as shipped.
    @app.get(f"{ASSETS}/{REDOC_JS}", include_in_schema=False)
    def redoc_js() -> Response:
        return Response(redoc_script(), media_type="text/javascript; charset=utf-8")

    # check_dir=False: the folder is looked at when a file is asked for, not when the app is built.
    app.mount(ASSETS, StaticFiles(directory=ASSET_DIR, check_dir=False), name="docs-assets")

"""Domain errors mapped to HTTP in one place, in one JSON shape, never with a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from graph.errors import (
    BadParameter,
    InvalidQuery,
    NestedTooDeeply,
    NlpUnavailable,
    NotFound,
    QueryTimeout,
    QueryTooCostly,
    ReadOnlyViolation,
    ResultTooLarge,
    StoreAuthFailed,
    StoreCorrupt,
    StoreMisconfigured,
    StoreUnavailable,
)
from loaders.knowledge.lexicon import LexiconError

log = logging.getLogger(__name__)


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"request body larger than {limit} bytes")


class Unsupported(Exception):
    """The configured store cannot do this (e.g. Cypher on the embedded store)."""


class BadInput(Exception):
    """A request the server understood but cannot use (an unreadable article...)."""


class Busy(Exception):
    """Every ingest slot is taken; the client should try again shortly."""

    retry_after = 5


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    detail: dict[str, Any] | None = None


class ErrorResponse(BaseModel):
    """Every error the API answers has this shape."""

    error: ErrorBody


# What each error status means, for the OpenAPI document.
_MEANING = {
    400: "Unreadable input (article, query)",
    401: "Missing or wrong X-API-Key",
    403: "Cypher that is not a plain read query",
    404: "Unknown actor, article or path",
    405: "Method not allowed (see the Allow header)",
    413: "Request body larger than ACTORGRAPH_MAX_BODY_BYTES",
    414: "Request URL longer than ACTORGRAPH_MAX_URL_BYTES",
    422: "Invalid parameters; a Cypher query, its parameters or its result nested too deeply, "
    "a query whose cost cannot be bounded, or a result too large to return",
    500: "A bug: see the server log",
    501: "Not supported by the configured store",
    503: "The store or CoreNLP does not answer, refuses the credentials, or the server is busy",
    504: "A Cypher query ran past its time limit",
}


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route can answer."""
    return {
        status: {"model": ErrorResponse, "description": _MEANING[status]} for status in statuses
    }


def json_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The same, for routes whose own answer is not JSON (the explorer's HTML): FastAPI would
    otherwise document their errors under the route's media type."""
    ref = {"$ref": "#/components/schemas/ErrorResponse"}
    return {
        status: {"description": _MEANING[status], "content": {"application/json": {"schema": ref}}}
        for status in statuses
    }


# Any route may answer these (limits are applied before routing, failures anywhere).
COMMON = responses(413, 414, 422, 500, 503)


def error(
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    **detail: object,
) -> JSONResponse:
    body: dict[str, object] = {"status": status, "code": code, "message": message}
    if detail:
        body["detail"] = detail
    return JSONResponse({"error": body}, status_code=status, headers=dict(headers or {}))


def _problem(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", ""))
    given = error.get("input")
    if isinstance(given, str | int | float) and not isinstance(given, bool):
        shown = repr(given) if len(repr(given)) <= 80 else repr(given)[:77] + "..."
        message += f" (got {shown})"
    return message


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of this path answers. Starlette's own 405 names only the
    methods of the first route whose path matched (``GET /articles`` hides ``POST``). Each
    method is asked of the router itself, so routers included in others are covered too."""
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    ]


def install(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return error(404, "not_found", str(exc), kind=exc.kind, id=exc.ident)

    @app.exception_handler(StoreUnavailable)
    async def unavailable(_: Request, exc: StoreUnavailable) -> JSONResponse:
        return error(503, "store_unavailable", str(exc))

    @app.exception_handler(StoreAuthFailed)
    async def auth_failed(_: Request, exc: StoreAuthFailed) -> JSONResponse:
        return error(503, "store_auth_failed", str(exc))

    @app.exception_handler(StoreMisconfigured)
    async def misconfigured(_: Request, exc: StoreMisconfigured) -> JSONResponse:
        return error(503, "store_misconfigured", str(exc))

    @app.exception_handler(StoreCorrupt)
    async def corrupt(_: Request, exc: StoreCorrupt) -> JSONResponse:
        return error(503, "store_corrupt", str(exc))

    @app.exception_handler(NlpUnavailable)
    async def nlp_unavailable(_: Request, exc: NlpUnavailable) -> JSONResponse:
        return error(503, "nlp_unavailable", str(exc))

    @app.exception_handler(LexiconError)
    async def lexicon(_: Request, exc: LexiconError) -> JSONResponse:
        return error(503, "lexicon_invalid", str(exc))

    @app.exception_handler(ReadOnlyViolation)
    async def read_only(_: Request, exc: ReadOnlyViolation) -> JSONResponse:
        return error(403, "read_only", str(exc))

    @app.exception_handler(InvalidQuery)
    async def invalid_query(_: Request, exc: InvalidQuery) -> JSONResponse:
        return error(400, "invalid_query", str(exc))

    @app.exception_handler(QueryTimeout)
    async def query_timeout(_: Request, exc: QueryTimeout) -> JSONResponse:
        return error(504, "query_timeout", str(exc))

    @app.exception_handler(ResultTooLarge)
    async def result_too_large(_: Request, exc: ResultTooLarge) -> JSONResponse:
        return error(422, "result_too_large", str(exc))

    @app.exception_handler(NestedTooDeeply)
    async def too_deep(_: Request, exc: NestedTooDeeply) -> JSONResponse:
        return error(422, f"{exc.where}_too_deep", str(exc))

    @app.exception_handler(QueryTooCostly)
    async def too_costly(_: Request, exc: QueryTooCostly) -> JSONResponse:
        return error(422, "query_too_costly", str(exc))

    @app.exception_handler(BodyTooLarge)
    async def too_large(_: Request, exc: BodyTooLarge) -> JSONResponse:
        return error(413, "body_too_large", str(exc))

    @app.exception_handler(Unsupported)
    async def unsupported(_: Request, exc: Unsupported) -> JSONResponse:
        return error(501, "not_supported", str(exc))

    @app.exception_handler(BadInput)
    async def bad_input(_: Request, exc: BadInput) -> JSONResponse:
        return error(400, "bad_input", str(exc))

    @app.exception_handler(Busy)
    async def busy(_: Request, exc: Busy) -> JSONResponse:
        return error(503, "busy", str(exc), headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(BadParameter)
    async def bad_parameter(_: Request, exc: BadParameter) -> JSONResponse:
        problems = [{"where": f"query.{exc.name}", "problem": exc.problem}]
        return error(422, "invalid_request", "the request is not valid", problems=problems)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": _problem(e)}
            for e in exc.errors()
        ]
        return error(422, "invalid_request", "the request is not valid", problems=problems)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "http_error"
        )
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        # Every other header the framework set is kept.
        return error(exc.status_code, code, str(exc.detail), headers=headers)

    @app.exception_handler(ClientDisconnect)
    async def disconnected(request: Request, _: ClientDisconnect) -> JSONResponse:
        # The client went away mid-request (closed, or sent a body it could not frame): an
        # everyday event on a network, not an error of ours, and nobody is left to answer.
        log.info("client disconnected during %s %s", request.method, request.url.path)
        return error(400, "client_disconnected", "the client disconnected before the end")

    @app.exception_handler(Exception)
    async def unexpected(_: Request, _exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return error(500, "internal_error", "an unexpected error happened; see the server log")

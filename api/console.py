"""Read-only Cypher over HTTP (Neo4j only); a privileged read: it needs the API key when one
is set."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.routing import APIRoute

from api.deps import SettingsDep, StoreDep, WriteAccess
from api.errors import COMMON, Unsupported, responses
from api.schemas import CypherRequest, CypherResult
from graph.cypher_guard import check_params_depth
from graph.settings import Settings
from graph.store import CypherConsole


class DepthCheckedRoute(APIRoute):
    """Measures how deep the JSON body nests before FastAPI parses it: Python's parser
    recurses once per level, so 900 levels of ``params`` were a RecursionError (a 500) and a
    few thousand a parse error, where both are 422 ``params_too_deep``."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            settings: Settings = request.app.state.settings
            # The body is bounded by RequestLimits, and kept by the request for the handler.
            check_params_depth(await request.body(), settings.cypher_max_depth)
            return await handler(request)

        return checked


router = APIRouter(tags=["cypher"], responses=COMMON, route_class=DepthCheckedRoute)


@router.post(
    "/cypher",
    response_model=CypherResult,
    summary="Run a read-only Cypher query on Neo4j",
    dependencies=[WriteAccess],
    responses=responses(400, 401, 403, 422, 501, 504),
)
def run_cypher(store: StoreDep, settings: SettingsDep, body: CypherRequest) -> CypherResult:
    """Only plain read queries run (MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN, CALL of a few
    read-only procedures); administration commands, SHOW, TERMINATE, USE and writes are
    refused (403). A query, parameters or result nesting deeper than ACTORGRAPH_CYPHER_MAX_DEPTH
    levels is refused (422 `query_too_deep`, `params_too_deep`, `result_too_deep`), and so is a
    `range()` of unknown size or past ACTORGRAPH_CYPHER_MAX_RANGE elements (422
    `query_too_costly`). The answer comes by ACTORGRAPH_CYPHER_TIMEOUT_SECONDS whatever Neo4j
    does (504 `query_timeout`; the transaction is terminated and its connection cut); rows past
    ACTORGRAPH_CYPHER_MAX_ROWS are cut (`truncated`); a result over ACTORGRAPH_CYPHER_MAX_BYTES
    is refused as it streams (422 `result_too_large`)."""
    if not isinstance(store, CypherConsole):
        raise Unsupported(
            "Cypher needs the Neo4j store; this server uses the embedded store "
            "(set ACTORGRAPH_NEO4J_URI). The other endpoints answer the same questions."
        )
    columns, rows, truncated = store.run_read_only(
        body.query,
        body.params,
        settings.cypher_timeout_seconds,
        settings.cypher_max_rows,
        settings.cypher_max_bytes,
        max_depth=settings.cypher_max_depth,
        max_range=settings.cypher_max_range,
    )
    return CypherResult(columns=columns, rows=rows, truncated=truncated)

"""Read-only Cypher over HTTP (Neo4j only); a privileged read: it needs the API key when one
is set."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SettingsDep, StoreDep, WriteAccess
from api.errors import COMMON, Unsupported, responses
from api.schemas import CypherRequest, CypherResult

router = APIRouter(tags=["cypher"], responses=COMMON)


@router.post(
    "/cypher",
    response_model=CypherResult,
    summary="Run a read-only Cypher query on Neo4j",
    dependencies=[WriteAccess],
    responses=responses(400, 401, 403, 501, 504),
)
def run_cypher(store: StoreDep, settings: SettingsDep, body: CypherRequest) -> CypherResult:
    """Only plain read queries run (MATCH, OPTIONAL MATCH, UNWIND, WITH, RETURN, CALL of a few
    read-only procedures); administration commands, SHOW, TERMINATE, USE and writes are
    refused (403). The query is stopped after ACTORGRAPH_CYPHER_TIMEOUT_SECONDS (504
    `query_timeout`); rows past ACTORGRAPH_CYPHER_MAX_ROWS are cut (`truncated`); a result
    over ACTORGRAPH_CYPHER_MAX_BYTES is refused (422 `result_too_large`)."""
    run = getattr(store, "run_read_only", None)
    if run is None:
        raise Unsupported(
            "Cypher needs the Neo4j store; this server uses the embedded store "
            "(set ACTORGRAPH_NEO4J_URI). The other endpoints answer the same questions."
        )
    columns, rows, truncated = run(
        body.query,
        body.params,
        settings.cypher_timeout_seconds,
        settings.cypher_max_rows,
        settings.cypher_max_bytes,
    )
    return CypherResult(columns=columns, rows=rows, truncated=truncated)

"""Read-only Cypher over HTTP (Neo4j only)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep
from api.errors import Unsupported
from api.schemas import CypherRequest, CypherResult

router = APIRouter(tags=["cypher"])

TIMEOUT_SECONDS = 10.0
MAX_ROWS = 1000


@router.post("/cypher", response_model=CypherResult, summary="Run read-only Cypher on Neo4j")
def run_cypher(store: StoreDep, body: CypherRequest) -> CypherResult:
    run = getattr(store, "run_read_only", None)
    if run is None:
        raise Unsupported(
            "Cypher needs the Neo4j store; this server uses the embedded store "
            "(set ACTORGRAPH_NEO4J_URI). The other endpoints answer the same questions."
        )
    columns, rows, truncated = run(body.query, body.params, TIMEOUT_SECONDS, MAX_ROWS)
    return CypherResult(columns=columns, rows=rows, truncated=truncated)

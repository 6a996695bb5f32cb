"""The hostile cases of issue 21, against the real servers: a real Neo4j (paused with SIGSTOP
too), a Bolt port that accepts and never speaks, real uvicorn, the real CLI, a real CoreNLP
killed mid-ingest. Each was a hang, a 500, a flood of tracebacks or a lost file before."""

from __future__ import annotations

import contextlib
import logging
import socket
import time
from collections.abc import Iterator

from graph.settings import Settings
from graph.store import Neo4jStore
from tests.contract.test_api_hardening import LiveServer


class Captured(logging.Handler):
    """Every log record of the process (uvicorn's own loggers do not propagate to the root)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def captured_logs() -> Iterator[Captured]:
    handler = Captured()
    loggers = [
        logging.getLogger(),
        logging.getLogger("uvicorn"),
        logging.getLogger("uvicorn.error"),
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def raw_request(port: int, data: bytes, linger: float = 0.3) -> None:
    """Send ``data`` and hang up without reading the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        time.sleep(linger)


# -- clients that go away ------------------------------------------------------------------------

CUT_OFF = [
    # A body announced as 1,000 bytes, cut after 10.
    b"POST /articles HTTP/1.1\r\nHost: x\r\nX-API-Key: s3cret\r\nContent-Type: text/plain\r\n"
    b"Content-Length: 1000\r\n\r\nIran backs",
    # A chunked body whose framing breaks after the first chunk.
    b"POST /articles HTTP/1.1\r\nHost: x\r\nX-API-Key: s3cret\r\nContent-Type: text/plain\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n5\r\nIran \r\nZZZ\r\n",
    # The same for the Cypher console and its JSON body.
    b"POST /cypher HTTP/1.1\r\nHost: x\r\nX-API-Key: s3cret\r\nContent-Type: application/json\r\n"
    b'Content-Length: 100\r\n\r\n{"query"',
    # Two different lengths: refused by the HTTP parser itself.
    b"GET /actors HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcde",
]


def test_a_dropped_client_is_one_info_line_never_a_traceback(neo4j_store: Neo4jStore) -> None:
    settings = Settings(api_key="s3cret")
    with captured_logs() as logs, LiveServer(settings, neo4j_store) as live:
        for _ in range(5):
            for request in CUT_OFF:
                raw_request(live.port, request)
        time.sleep(0.5)
        assert __import__("httpx").get(f"{live.url}/health", timeout=5).status_code == 200
    ours = [r for r in logs.records if not r.name.startswith(("neo4j", "httpx", "httpcore"))]
    assert not [r for r in ours if r.exc_info], [r.getMessage() for r in ours if r.exc_info]
    assert not [r for r in ours if r.levelno >= logging.ERROR], [r.getMessage() for r in ours]
    dropped = [r for r in ours if "disconnected" in r.getMessage()]
    # One line per cut-off ingest (FastAPI answers a cut-off JSON body 400 by itself, quietly).
    assert len(dropped) == 10 and {r.levelno for r in dropped} == {logging.INFO}, [
        r.getMessage() for r in ours
    ]

"""The Neo4j backend's own bookkeeping around a call, with stand-in work (no server): deadlines,
the breaker, and what a refusal for memory becomes. The real thing is in
tests/integration/test_hostile.py (a paused server, a port that never speaks)."""

from __future__ import annotations

import threading
import time
from typing import Any

import neo4j
import pytest

from graph.errors import StoreOverloaded, StoreUnavailable
from graph.store.neo4j import Neo4jBackend


class NoDriver:
    """Stands for a driver nobody should reach in these tests."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the driver was used: {name}")


def backend() -> Neo4jBackend:
    return Neo4jBackend(
        NoDriver(),  # type: ignore[arg-type]
        uri="bolt://example:7687",
        connect_timeout=0.2,
        query_timeout=0.5,
    )


def test_a_call_past_its_deadline_is_unavailable_and_opens_the_breaker() -> None:
    store = backend()
    release = threading.Event()
    store._answers = lambda _timeout: None  # type: ignore[method-assign, assignment]  # a live server
    began = time.monotonic()
    with pytest.raises(StoreUnavailable, match="bolt://example:7687 does not answer"):
        store._guarded(lambda: release.wait(30))
    assert time.monotonic() - began < 2
    # Open: the next call fails at once, without running.
    with pytest.raises(StoreUnavailable):
        store._guarded(lambda: pytest.fail("ran while the breaker is open"))
    release.set()


def test_a_hung_server_is_found_by_the_ping_before_the_deadline() -> None:
    store = backend()
    store._query_timeout = 30.0
    store._answers = lambda _timeout: StoreUnavailable("no answer")  # type: ignore[method-assign, assignment]
    release = threading.Event()
    began = time.monotonic()
    with pytest.raises(StoreUnavailable, match="no answer to a ping"):
        store._guarded(lambda: release.wait(30))
    assert time.monotonic() - began < 2
    release.set()


def test_a_refusal_for_memory_is_a_503_that_leaves_the_breaker_closed() -> None:
    store = backend()
    refused = neo4j.exceptions.Neo4jError._hydrate_neo4j(
        code="Neo.TransientError.General.MemoryPoolOutOfMemoryError", message="256 MiB"
    )

    def work() -> None:
        raise refused

    with pytest.raises(StoreOverloaded, match="ACTORGRAPH_NEO4J_HEAP"):
        store._guarded(work)
    assert store._guarded(lambda: 42) == 42  # not failing fast: the server answers

"""What keeps a call to a store that may hang from hanging its caller: the circuit breaker, a
call run in a thread of its own and waited for at most its deadline (asking meanwhile whether
the server answers at all), and the bounds of a user query's rows. No driver here:
``graph/store/neo4j.py`` uses these around the ``neo4j`` driver's calls."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from graph.errors import ActorgraphError, NestedTooDeeply, ResultTooLarge, StoreUnavailable

T = TypeVar("T")


class Breaker:
    """Fails fast while the store is known to be down or refusing us, so one outage costs one
    slow call, not one per request; after ``cooldown`` seconds one caller probes (the others
    keep failing fast meanwhile) and its answer closes or re-opens the breaker."""

    def __init__(self, cooldown: float) -> None:
        self.cooldown = cooldown
        self._open_until = 0.0
        self._error: ActorgraphError | None = None
        self._probing = False
        self._lock = threading.Lock()

    def trip(self, error: ActorgraphError) -> None:
        with self._lock:
            self._error = error
            self._open_until = time.monotonic() + self.cooldown
            self._probing = False

    def reset(self) -> None:
        with self._lock:
            self._error = None
            self._open_until = 0.0
            self._probing = False

    def state(self) -> tuple[ActorgraphError | None, bool]:
        """The remembered error (None when closed) and whether this caller is the one to probe:
        the cool-down is over and no other probe runs (its result must be ``trip`` or
        ``reset``)."""
        with self._lock:
            if self._error is None or self._probing or time.monotonic() < self._open_until:
                return self._error, False
            self._probing = True
            return self._error, True


class NoAnswer(StoreUnavailable):
    """The server said nothing within a call's deadline (paused, wedged, or a port that takes
    connections and never speaks Bolt), as opposed to refusing the connection."""


def bounded(
    work: Callable[[], T],
    timeout: float,
    liveness: tuple[float, Callable[[], bool]] | None,
    thread_name: str,
) -> T:
    """Run ``work`` in a thread of its own and wait for it at most ``timeout`` seconds.

    The driver bounds getting a connection, not an answer on an open one: a paused or wedged
    server keeps a read waiting for ever (no answer in 45 s, a CLI waiting for good). So the
    caller waits here instead. With ``liveness`` (every, answers), a call still running after
    ``every`` seconds asks ``answers()`` (a quick ping on another connection) whether the
    server answers at all: when it does not, the call is given up at once (a hung server, not
    a busy one); when it does, the call may run to ``timeout`` (the server enforces the same
    limit as its transaction timeout).

    A call given up keeps its thread (a daemon) until the server answers or the driver is
    closed, which closes its connection; the breaker keeps further calls from joining it."""
    outcome: list[Any] = []
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:  # handed to the caller, who re-raises it
            outcome.append((False, exc))
        finally:
            done.set()

    threading.Thread(target=run, name=thread_name, daemon=True).start()
    began = time.monotonic()
    deadline = began + timeout
    check_at = began + liveness[0] if liveness is not None else deadline
    while not done.wait(max(min(deadline, check_at) - time.monotonic(), 0.0)):
        now = time.monotonic()
        if now >= deadline or liveness is None:
            raise NoAnswer(f"no answer within {now - began:.0f} s")
        every, answers = liveness
        if not answers():
            raise NoAnswer(
                f"no answer within {time.monotonic() - began:.0f} s, and no answer to a "
                "ping either (paused, overloaded, or not a Neo4j server?)"
            )
        check_at = time.monotonic() + every
    succeeded, value = outcome[0]
    if not succeeded:
        raise value
    result: T = value
    return result


def too_large(max_bytes: int) -> ResultTooLarge:
    return ResultTooLarge(
        f"the result is larger than {max_bytes} bytes; return fewer or smaller values "
        "(LIMIT, fewer properties)"
    )


def plain(value: Any, limit: int, depth: int = 0) -> Any:
    """Graph values as JSON: nodes and relationships become their properties. A value nested
    deeper than ``limit`` (``reduce`` can build one) is refused, not a RecursionError."""
    if depth > limit:
        raise NestedTooDeeply("result", f"a value of the result nests deeper than {limit} levels")
    if isinstance(value, dict):
        return {k: plain(v, limit, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v, limit, depth + 1) for v in value]
    if hasattr(value, "items") and hasattr(value, "element_id"):
        return {k: plain(v, limit, depth + 1) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value

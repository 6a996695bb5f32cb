"""The hostile cases of issue 21, against the real servers: a real Neo4j (paused with SIGSTOP
too), a Bolt port that accepts and never speaks, real uvicorn, the real CLI, a real CoreNLP
killed mid-ingest. Each was a hang, a 500, a flood of tracebacks or a lost file before."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from benchmarks.corpus import synthetic_extraction
from cli.servers.neo4j import LocalNeo4j
from graph.settings import Settings
from graph.store import Neo4jStore
from tests.conftest import ROOT, free_port, second_neo4j
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
        assert httpx.get(f"{live.url}/health", timeout=5).status_code == 200
    ours = [r for r in logs.records if not r.name.startswith(("neo4j", "httpx", "httpcore"))]
    assert not [r for r in ours if r.exc_info], [r.getMessage() for r in ours if r.exc_info]
    assert not [r for r in ours if r.levelno >= logging.ERROR], [r.getMessage() for r in ours]
    dropped = [r for r in ours if "disconnected" in r.getMessage()]
    # One line per request whose body was cut off (the last one never reaches the app).
    assert len(dropped) == 15 and {r.levelno for r in dropped} == {logging.INFO}, [
        r.getMessage() for r in ours
    ]


# -- a store that stops answering -----------------------------------------------------------------

CONNECT = 2.0  # ACTORGRAPH_NEO4J_CONNECT_TIMEOUT in these tests
# A hung store is found by a call's liveness ping: at most two connect timeouts, plus slack for
# this shared machine.
DEADLINE = 2 * CONNECT + 3.0


def timed(method: str, url: str, **kwargs: Any) -> tuple[httpx.Response, float]:
    began = time.monotonic()
    response = httpx.request(method, url, timeout=60, **kwargs)
    return response, time.monotonic() - began


def cli(
    uri: str, *args: str, timeout: float = 60
) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {
        **os.environ,
        "ACTORGRAPH_NEO4J_URI": uri,
        "ACTORGRAPH_NEO4J_CONNECT_TIMEOUT": str(CONNECT),
    }
    began = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return result, time.monotonic() - began


@contextlib.contextmanager
def serve(uri: str, **env: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`actorgraph serve` on a free port, on the given Neo4j (killed if still up at the end)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        env={
            **os.environ,
            "ACTORGRAPH_NEO4J_URI": uri,
            "ACTORGRAPH_NEO4J_CONNECT_TIMEOUT": str(CONNECT),
            "ACTORGRAPH_SHUTDOWN_SECONDS": "3",
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.TransportError):
                httpx.get(f"{base}/openapi.json", timeout=2)
                break
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.2)
        yield process, base
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        if process.stderr is not None:
            process.stderr.close()


def stops_on_sigterm(process: subprocess.Popen[bytes], base: str) -> float:
    """SIGTERM while a client holds a request open and another waits on the store; the
    seconds until the process is gone."""
    slow = socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])))
    slow.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc")

    def wait_on_the_store() -> None:
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(f"{base}/actors?q=iran", timeout=60)

    waiting = threading.Thread(target=wait_on_the_store, daemon=True)
    try:
        waiting.start()
        time.sleep(1.0)
        began = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(60)
        return time.monotonic() - began
    finally:
        slow.close()


@pytest.fixture(scope="module")
def pausable(neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Neo4j of these tests' own (pausing the shared one would stall every other test)."""
    with second_neo4j(neo4j_settings, tmp_path_factory.mktemp("pausable") / "neo4j") as server:
        settings = server.settings.model_copy(
            update={"neo4j_uri": server.bolt_uri, "neo4j_connect_timeout": CONNECT}
        )
        store = Neo4jStore.from_settings(settings)
        store.wipe()
        store.init_schema()
        list(store.ingest_many(synthetic_extraction(seed, "hub") for seed in range(5)))
        store.close()
        yield server, settings


@contextlib.contextmanager
def paused(server: LocalNeo4j) -> Iterator[None]:
    pid = server.running_pid()
    assert pid is not None
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def test_a_paused_neo4j_hangs_nothing_and_everything_recovers(pausable: Any) -> None:
    server, settings = pausable
    store = Neo4jStore.from_settings(settings)
    try:
        with LiveServer(settings, store) as live:
            assert httpx.get(f"{live.url}/health", timeout=10).status_code == 200
            assert httpx.get(f"{live.url}/actors/actor-0", timeout=10).status_code == 200
            with paused(server):
                health, seconds = timed("GET", f"{live.url}/health")
                assert health.status_code == 503 and seconds < 2.0, (seconds, health.text)
                assert health.json()["error"]["detail"]["health"] == "degraded"
                for path in ("/actors?q=actor", "/actors/actor-0", "/actors/actor-0/relations"):
                    response, seconds = timed("GET", live.url + path)
                    assert response.status_code == 503, (path, response.text)
                    assert response.json()["error"]["code"] == "store_unavailable"
                    assert seconds < DEADLINE, f"{path} took {seconds:.1f} s"
                assert settings.neo4j_uri in response.json()["error"]["message"]
                # The CLI ends with a clear error naming the server.
                result, seconds = cli(str(settings.neo4j_uri), "relations", "actor-0")
                assert result.returncode == 1 and seconds < 15, (seconds, result.stderr)
                assert str(settings.neo4j_uri) in result.stderr
                assert "Traceback" not in result.stderr
                # /health keeps answering at once while the breaker is open.
                for _ in range(3):
                    health, seconds = timed("GET", f"{live.url}/health")
                    assert health.status_code == 503 and seconds < 2.0
            # Back by itself once the server answers again.
            deadline = time.monotonic() + 30
            while httpx.get(f"{live.url}/health", timeout=10).status_code != 200:
                assert time.monotonic() < deadline, "the API did not recover"
                time.sleep(0.5)
            assert httpx.get(f"{live.url}/actors/actor-0", timeout=10).status_code == 200
    finally:
        store.close()


def test_serve_on_a_paused_neo4j_answers_and_stops_on_sigterm(pausable: Any) -> None:
    server, settings = pausable
    with serve(str(settings.neo4j_uri)) as (process, base):
        assert httpx.get(f"{base}/health", timeout=10).status_code == 200
        with paused(server):
            health, seconds = timed("GET", f"{base}/health")
            assert health.status_code == 503 and seconds < 2.0, (seconds, health.text)
            seconds = stops_on_sigterm(process, base)
            assert seconds < 3 + DEADLINE, f"serve took {seconds:.1f} s to stop"


class MuteServer:
    """A TCP port that accepts connections and never says a word (no Bolt handshake)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.sock.getsockname()[1])
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.accepted.append(self.sock.accept()[0])

    def open_connections(self) -> int:
        """Accepted connections the client has not closed yet."""
        still = 0
        for conn in self.accepted:
            conn.setblocking(False)
            try:
                if conn.recv(1 << 16):
                    still += 1  # the client spoke (a handshake) and is still there
            except BlockingIOError:
                still += 1
            except OSError:
                pass
        return still

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()


def test_a_port_that_never_speaks_bolt_hangs_nothing() -> None:
    mute = MuteServer()
    uri = f"bolt://127.0.0.1:{mute.port}"
    try:
        result, seconds = cli(uri, "relations", "iran")
        assert result.returncode == 1 and seconds < 15, (seconds, result.stderr)
        assert uri in result.stderr and "Traceback" not in result.stderr
        with serve(uri) as (process, base):
            health, seconds = timed("GET", f"{base}/health")
            assert health.status_code == 503 and seconds < 2.0, (seconds, health.text)
            response, seconds = timed("GET", f"{base}/actors/iran")
            assert response.status_code == 503 and seconds < DEADLINE, (seconds, response.text)
            seconds = stops_on_sigterm(process, base)
            assert seconds < 3 + DEADLINE, f"serve took {seconds:.1f} s to stop"
        # Every connection made to the port was closed again: nothing piles up on its owner.
        deadline = time.monotonic() + 10
        while mute.open_connections():
            assert time.monotonic() < deadline, f"{mute.open_connections()} connections left"
            time.sleep(0.5)
        assert mute.accepted
    finally:
        mute.close()


# -- POST /cypher: limits that bind ----------------------------------------------------------------

CONSOLE = (
    "SHOW TRANSACTIONS YIELD transactionId, status, metaData "
    "WHERE metaData.actorgraph_console IS NOT NULL RETURN transactionId, status"
)


def cypher(base: str, query: str, **params: Any) -> tuple[httpx.Response, float]:
    return timed(
        "POST",
        f"{base}/cypher",
        json={"query": query, "params": params},
        headers={"X-API-Key": "s3cret"},
    )


def console_transactions_end(store: Neo4jStore, within: float) -> list[dict[str, Any]]:
    """The user queries' transactions still on the server after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        left = store.backend.execute(CONSOLE)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.5)


def test_cypher_answers_at_its_deadline_whatever_neo4j_does(neo4j_store: Neo4jStore) -> None:
    settings = Settings(api_key="s3cret", cypher_timeout_seconds=1.5)
    with LiveServer(settings, neo4j_store) as live:
        for query in (
            # Work inside one expression: Neo4j notes the timeout and goes on computing (~8 s).
            "RETURN size(reduce(s = '', x IN range(1, 100000) | s + 'aaaaaaaaaa')) AS n",
            # A 10,000 deep value: Neo4j's encoder overflows and never answers at all.
            "RETURN reduce(acc = [], x IN range(1, 10000) | [acc]) AS deep",
        ):
            response, seconds = cypher(live.url, query)
            assert response.status_code == 504, response.text[:300]
            assert response.json()["error"]["code"] == "query_timeout"
            assert seconds < 1.5 + 2.0, f"answered after {seconds:.1f} s: {query}"
        # Terminated by id and cut off: the server ends them (the first once its expression
        # finishes, since Neo4j checks for termination only between rows).
        assert console_transactions_end(neo4j_store, within=30) == []
        ok, _ = cypher(live.url, "RETURN abs(-1) AS x")
        assert ok.json()["rows"] == [{"x": 1}]


def test_nesting_and_unbounded_ranges_are_refused_at_once(neo4j_store: Neo4jStore) -> None:
    settings = Settings(api_key="s3cret", max_body_bytes=2_000_000)
    with LiveServer(settings, neo4j_store) as live:
        for query in (
            "RETURN " + "[" * 1000 + "1" + "]" * 1000 + " AS x",  # the 2 KB query
            "RETURN " + "NOT " * 500 + "true AS x",
            "RETURN " + "CASE WHEN true THEN " * 200 + "1" + " END" * 200 + " AS x",
            "WITH {a: 1} AS n RETURN n" + ".a" * 2000 + " AS x",
        ):
            response, seconds = cypher(live.url, query)
            assert response.status_code == 422, response.text[:300]
            assert response.json()["error"]["code"] == "query_too_deep"
            assert seconds < 2.0, f"{seconds:.1f} s"
        for depth in (900, 50_000):
            body = '{"query": "RETURN $p AS p", "params": {"p": ' + "[" * depth + "]" * depth + "}}"
            response, seconds = timed(
                "POST",
                f"{live.url}/cypher",
                content=body,
                headers={"X-API-Key": "s3cret", "content-type": "application/json"},
            )
            assert response.status_code == 422, (depth, response.text[:300])
            assert response.json()["error"]["code"] == "params_too_deep"
        for query in (
            "RETURN reduce(s = '', x IN range(1, 3000000) | s + 'aaaaaaaaaa') AS s",
            "RETURN range(1, 8000000) AS l",
        ):
            response, seconds = cypher(live.url, query)
            assert response.status_code == 422, response.text[:300]
            assert response.json()["error"]["code"] == "query_too_costly"
            assert seconds < 2.0, f"{seconds:.1f} s"
        deep, _ = cypher(live.url, "RETURN reduce(acc = [], x IN range(1, 900) | [acc]) AS d")
        assert deep.status_code == 422 and deep.json()["error"]["code"] == "result_too_deep"
        # Nothing was left running, and the server still answers.
        assert console_transactions_end(neo4j_store, within=10) == []
        assert cypher(live.url, "RETURN abs(-1) AS x")[0].json()["rows"] == [{"x": 1}]


def test_a_big_value_is_refused_as_it_streams_never_held(neo4j_store: Neo4jStore) -> None:
    """One 33 MB string in one value, under a 1 MB cap: refused before the driver decodes it,
    so the API's own allocations stay near the cap (they were the whole value and more)."""
    import tracemalloc

    from fastapi.testclient import TestClient

    from api.app import create_app

    settings = Settings(api_key="s3cret", cypher_max_bytes=1_000_000)
    with TestClient(create_app(settings, neo4j_store)) as client:
        tracemalloc.start()
        try:
            response = client.post(
                "/cypher",
                json={"query": "RETURN reduce(s = 'x', i IN range(1, 26) | s + s) AS s"},
                headers={"X-API-Key": "s3cret"},
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert response.status_code == 422, response.text[:300]
    assert response.json()["error"]["code"] == "result_too_large"
    assert peak < 8_000_000, f"the API held {peak / 1e6:.0f} MB for a 1 MB cap"


# -- the parser: bounds before it, and a parser that dies mid-ingest ------------------------------


@pytest.fixture(scope="module")
def own_corenlp() -> Iterator[Any]:
    """A CoreNLP of these tests' own on a free port: they send it what a shared server must
    not get (a 200,000-character token) and kill it."""
    from cli.servers.corenlp import LocalCoreNLP
    from graph.errors import NlpServerError
    from tests.conftest import unavailable

    home = ROOT / ".actorgraph" / "test-corenlp-own"
    server = LocalCoreNLP(Settings(corenlp_home=home, corenlp_port=free_port()))
    server.stop()  # one an interrupted run left behind
    try:
        server.start(timeout=600)
    except NlpServerError as exc:
        unavailable(f"could not start a CoreNLP server: {exc}")
    try:
        yield server
    finally:
        server.stop()


def test_the_parser_never_sees_a_giant_token_or_sentence(own_corenlp: Any) -> None:
    from benchmarks.bench_long_sentence import long_sentence
    from loaders.nlp.client import CoreNLPClient

    junk = "q" * 200_000  # ran CoreNLP out of heap: the article failed
    one_line = long_sentence(4_000)  # ~5,000 tokens in one sentence: seconds per sentence
    settings = Settings(corenlp_urls=[own_corenlp.url], parse_cache_enabled=False)
    with CoreNLPClient(settings) as client:
        began = time.monotonic()
        blanked = client.parse(f"Iran backs Syria, officials said {junk} on Monday.")
        assert [t.original for t in blanked.tokens()][:3] == ["Iran", "backs", "Syria"]
        cut = client.parse(one_line)
        longest = max(len(s.tokens) for s in cut.sentences)
        assert longest <= settings.corenlp_max_sentence_tokens, longest
        for token in cut.tokens():
            assert one_line[token.start : token.end] == token.original
        assert time.monotonic() - began < 60


def established_to(port: int) -> set[int]:
    """Local ports of TCP connections established to ``port`` on this machine."""
    found: set[int] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as rows:
            for row in list(rows)[1:]:
                fields = row.split()
                local, remote, state = fields[1], fields[2], fields[3]
                if state == "01" and int(remote.rsplit(":", 1)[1], 16) == port:
                    found.add(int(local.rsplit(":", 1)[1], 16))
    return found


def test_an_ingest_whose_parser_dies_prints_what_it_wrote(own_corenlp: Any, tmp_path: Path) -> None:
    from benchmarks.bench_long_sentence import long_sentence

    folder = tmp_path / "articles"
    folder.mkdir()
    for name, sample in (("a", "ukraine-talks.txt"), ("b", "sudan-el-fasher.txt")):
        (folder / f"{name}.txt").write_bytes((ROOT / "samples" / sample).read_bytes())
    env = {
        **os.environ,
        "ACTORGRAPH_CORENLP_URLS": own_corenlp.url,
        "ACTORGRAPH_PARSE_CACHE": str(tmp_path / "parses.sqlite3"),
        "ACTORGRAPH_STORE": str(tmp_path / "graph.db"),
    }
    env.pop("ACTORGRAPH_NEO4J_URI", None)
    # Parsed once beforehand, so that the ingest takes them from the parse cache at once ...
    subprocess.run(
        [sys.executable, "-m", "cli.main", "extract", str(folder)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
        timeout=300,
    )
    # ... while the long one keeps the parser busy for many seconds when it dies.
    (folder / "z.txt").write_text(long_sentence(30_000))
    port = int(own_corenlp.url.rsplit(":", 1)[1])
    ingest = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "ingest", str(folder)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        held: dict[int, float] = {}
        deadline = time.monotonic() + 120
        while True:  # until one connection to the parser stays open (a long parse)
            assert time.monotonic() < deadline and ingest.poll() is None, "no long parse"
            now = time.monotonic()
            held = {p: held.get(p, now) for p in established_to(port)}
            if any(now - since > 1.5 for since in held.values()):
                break
            time.sleep(0.25)
        pid = own_corenlp.running_pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        out, err = ingest.communicate(timeout=120)
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.communicate()
    assert ingest.returncode == 1, err
    assert "Traceback" not in err and "stopped before the end" in err, err
    assert "CoreNLP" in err
    # The summary of what was written: the two parsed articles.
    assert "new" in out and "store now holds" in out and "2 articles" in out, out
    from graph.store import SqliteStore

    assert SqliteStore(tmp_path / "graph.db").counts().articles == 2

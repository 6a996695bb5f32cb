"""Shared fixtures. Integration tests get a real Neo4j: the one ACTORGRAPH_NEO4J_URI names, or a
local server these fixtures start from the Maven Central jars. With CI=true a missing server is
a failure, never a skip."""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph.settings import Settings

if TYPE_CHECKING:
    from cli.servers.neo4j import LocalNeo4j
    from graph.model import Extraction
    from graph.store import Neo4jStore
    from loaders.rules.extract import Extractor

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REFERENCE_ARTICLE = SHARED / "articles" / "000_dc950e22960e822e.txt"
RE3D = SHARED / "eval" / "re3d"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


# Modules whose tests start servers, clusters, browsers or CLI processes of their own and take
# seconds each (measured with `scripts/test --durations=0`): marked `slow`, so that
# `scripts/test -m "not slow"` is the quick inner loop. CI runs them all.
SLOW_MODULES = frozenset(
    {
        "tests/cluster/test_cluster_ingest.py",  # a Dask scheduler and two workers per test
        "tests/feeds/test_watch.py",  # actorgraph watch and serve --watch as processes
        "tests/integration/test_hostile.py",  # servers of its own, paused, killed, waited out
        "tests/integration/test_api_recovers.py",  # stops and restarts Neo4j
        "tests/integration/test_neo4j_local_lifecycle.py",  # starts and stops a Neo4j
        "tests/integration/test_neo4j_errors.py",  # a Neo4j with auth of its own
        "tests/nlp/test_corenlp_server.py",  # starts and stops a CoreNLP
        "tests/browser/test_neo4j_browser.py",  # a Neo4j with auth, headless Chromium
        "tests/browser/test_explorer_page.py",  # headless Chromium
        "tests/browser/test_explorer_file.py",  # headless Chromium
        "tests/browser/test_offline_pages.py",  # headless Chromium
        "tests/contract/test_openapi_conformance.py",  # schemathesis, hundreds of cases
        "tests/contract/test_concurrent_ingest.py",  # three ingest processes at once
        "tests/unit/test_cli_errors.py",  # one CLI process per error case
        "tests/unit/test_phoenix.py",  # converts the whole CAMEO dictionary again
        "tests/unit/test_markers.py",  # collects the browser tests in a pytest of its own
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.relative_to(ROOT).as_posix() in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        # A test needs a real Neo4j when it lives in tests/integration or uses neo4j_settings,
        # directly or through another fixture (the explorer's live_api).
        fixtures = getattr(item, "fixturenames", ())
        if "integration" in item.path.parts or "neo4j_settings" in fixtures:
            item.add_marker(pytest.mark.integration)
        if "nlp" in item.path.parts or "corenlp_settings" in fixtures:
            item.add_marker(pytest.mark.nlp)


def unavailable(reason: str) -> None:
    """Skip locally, fail in CI: a test that needs a real service must not pass without it."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required, not skipped)", pytrace=False)
    pytest.skip(reason)


def shared_file(path: Path) -> Path:
    if not path.exists():
        unavailable(f"{path} is missing: ../shared must sit beside the repository")
    return path


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    settings = Settings()
    if settings.neo4j_uri:
        yield settings
        return
    from cli.servers.neo4j import LocalNeo4j
    from graph.errors import LocalServerError

    # Its own home and free ports: a test run never touches a server on the default ports.
    server = LocalNeo4j(
        settings.model_copy(
            update={
                "neo4j_home": ROOT / ".actorgraph" / "test-neo4j",
                "neo4j_bolt_port": free_port(),
                "neo4j_http_port": free_port(),
            }
        )
    )
    server.stop()  # one an interrupted run left behind, on other ports
    try:
        report = server.start()
    except LocalServerError as exc:
        unavailable(f"could not start a local Neo4j: {exc}")
        raise  # unreachable: unavailable() skips or fails
    try:
        yield server.settings.model_copy(update={"neo4j_uri": report.url})
    finally:
        server.stop()


def empty_neo4j_store(settings: Settings) -> Neo4jStore:
    """A Neo4j store on an empty graph with the schema applied (the caller closes it)."""
    from graph.store import Neo4jStore

    store = Neo4jStore.from_settings(settings)
    if not store.ping():
        store.close()
        unavailable(f"Neo4j at {settings.neo4j_uri} does not answer")
    store.wipe()
    store.init_schema()
    return store


@pytest.fixture()
def neo4j_store(neo4j_settings: Settings) -> Iterator[object]:
    """A Neo4j store on an empty graph with the schema applied."""
    store = empty_neo4j_store(neo4j_settings)
    try:
        yield store
    finally:
        store.close()


def free_port() -> int:
    """A port nothing listens on now (the OS picks it, so parallel runs do not collide)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def second_neo4j(base: Settings, home: Path, **overrides: object) -> Iterator[LocalNeo4j]:
    """Another small local Neo4j on free ports, in its own home; stopped afterwards."""
    from cli.servers.neo4j import LocalNeo4j

    settings = base.model_copy(
        update={
            "neo4j_home": home,
            "neo4j_bolt_port": free_port(),
            "neo4j_http_port": free_port(),
            "neo4j_heap": "512m",
            "neo4j_pagecache": "128m",
            **overrides,
        }
    )
    server = LocalNeo4j(settings)
    server.start(timeout=180)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def corenlp_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings whose CoreNLP answers: the servers ACTORGRAPH_CORENLP_URLS names, one that
    already answers on the configured port, or a local server these fixtures start (home
    .actorgraph/test-corenlp, a free port) and stop. Parses are cached for the session only.
    The URLs and the cache are exported to the environment, so CLI subprocesses use the same
    server."""
    from loaders.nlp.health import nlp_health

    cache = tmp_path_factory.mktemp("parses") / "parses.sqlite3"
    settings = Settings(parse_cache=cache, parse_cache_enabled=True)
    if settings.corenlp_urls and not nlp_health(settings).ok:
        unavailable(f"no CoreNLP server answers at {settings.corenlp_urls}")
    report = None
    server = None
    if not nlp_health(settings).ok:
        from cli.servers.corenlp import LocalCoreNLP
        from graph.errors import NlpServerError

        home = ROOT / ".actorgraph" / "test-corenlp"
        # A free port: a test run never starts (or stops) a server on the default port.
        server = LocalCoreNLP(
            settings.model_copy(update={"corenlp_home": home, "corenlp_port": free_port()})
        )
        server.stop()  # one an interrupted run left behind, on another port
        try:
            report = server.start(timeout=600)
        except NlpServerError as exc:
            unavailable(f"could not start a local CoreNLP server: {exc}")
            raise  # unreachable: unavailable() skips or fails
        settings = settings.model_copy(update={"corenlp_urls": [report.url]})
    saved = {k: os.environ.get(k) for k in ("ACTORGRAPH_CORENLP_URLS", "ACTORGRAPH_PARSE_CACHE")}
    os.environ["ACTORGRAPH_CORENLP_URLS"] = ",".join(settings.nlp_urls)
    os.environ["ACTORGRAPH_PARSE_CACHE"] = str(cache)
    try:
        yield settings.model_copy(update={"corenlp_urls": settings.nlp_urls})
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if server is not None and report is not None and not report.already_running:
            server.stop()


@pytest.fixture(scope="session")
def extractor(corenlp_settings: Settings) -> Iterator[Extractor]:
    """The extractor the CLI and the API use, on the test CoreNLP server."""
    from loaders.pipeline import extractor_for

    built = extractor_for(corenlp_settings)
    try:
        yield built
    finally:
        built.close()


def nlp_env(settings: Settings) -> dict[str, str]:
    """Environment for a CLI subprocess that must use the test CoreNLP server and cache."""
    return {
        "ACTORGRAPH_CORENLP_URLS": ",".join(settings.nlp_urls),
        "ACTORGRAPH_PARSE_CACHE": str(settings.parse_cache),
    }


def extract_path(extractor: Extractor, path: Path) -> list[Extraction]:
    """Every article of a file or folder, extracted (the reader's errors fail the test)."""
    from loaders.pipeline import extract_documents
    from loaders.reading.inputs import ReadError, read_inputs

    out: list[Extraction] = []
    for item in extract_documents(read_inputs([str(path)], 5_000_000), extractor):
        assert not isinstance(item, ReadError), item
        out.append(item[1])
    return out


@pytest.fixture(scope="session")
def reference(extractor: Extractor) -> Extraction:
    """The reference article, extracted once per session."""
    [extraction] = extract_path(extractor, shared_file(REFERENCE_ARTICLE))
    return extraction


@pytest.fixture(scope="session")
def samples(extractor: Extractor) -> list[Extraction]:
    """The project's own sample articles, extracted once per session."""
    return extract_path(extractor, ROOT / "samples")

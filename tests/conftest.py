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
    from graph.neo4j_local import LocalNeo4j
    from graph.neo4j_store import Neo4jStore

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REFERENCE_ARTICLE = SHARED / "articles" / "000_dc950e22960e822e.txt"
RE3D = SHARED / "eval" / "re3d"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        # A test needs a real Neo4j when it lives in tests/integration or uses neo4j_settings,
        # directly or through another fixture (the explorer's live_api).
        fixtures = getattr(item, "fixturenames", ())
        if "integration" in item.path.parts or "neo4j_settings" in fixtures:
            item.add_marker(pytest.mark.integration)
        if "nlp" in item.path.parts:
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
    from graph.errors import Neo4jServerError
    from graph.neo4j_local import LocalNeo4j

    server = LocalNeo4j(settings)
    try:
        report = server.start()
    except Neo4jServerError as exc:
        unavailable(f"could not start a local Neo4j: {exc}")
        raise  # unreachable: unavailable() skips or fails
    try:
        yield settings.model_copy(update={"neo4j_uri": report.bolt_uri})
    finally:
        if not report.already_running:
            server.stop()


def empty_neo4j_store(settings: Settings) -> Neo4jStore:
    """A Neo4j store on an empty graph with the schema applied (the caller closes it)."""
    from graph.neo4j_store import Neo4jStore

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
    from graph.neo4j_local import LocalNeo4j

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
def corenlp_settings() -> Iterator[Settings]:
    """Settings whose CoreNLP answers: the servers ACTORGRAPH_CORENLP_URLS names, or a local
    server these fixtures start (port ACTORGRAPH_CORENLP_PORT, home .actorgraph/test-corenlp)
    and stop. The parse cache is off unless a test turns it on."""
    settings = Settings(parse_cache_enabled=False)
    if settings.corenlp_urls:
        from loaders.nlp.health import nlp_health

        if not nlp_health(settings).ok:
            unavailable(f"no CoreNLP server answers at {settings.corenlp_urls}")
        yield settings
        return
    from cli.servers.corenlp import LocalCoreNLP
    from graph.errors import NlpServerError

    settings = settings.model_copy(update={"corenlp_home": ROOT / ".actorgraph" / "test-corenlp"})
    server = LocalCoreNLP(settings)
    try:
        report = server.start(timeout=600)
    except NlpServerError as exc:
        unavailable(f"could not start a local CoreNLP server: {exc}")
        raise  # unreachable: unavailable() skips or fails
    try:
        yield settings.model_copy(update={"corenlp_urls": [report.url]})
    finally:
        if not report.already_running:
            server.stop()

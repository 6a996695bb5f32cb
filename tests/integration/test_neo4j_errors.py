"""Neo4j refusing us is a clear error, the same every time, in the API and the CLI."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from graph.errors import StoreAuthFailed, StoreMisconfigured
from graph.neo4j_local import LocalNeo4j
from graph.neo4j_store import Neo4jStore, driver_from_settings
from graph.settings import Settings
from tests.conftest import ROOT, second_neo4j

KEY = {"X-API-Key": "k"}


@pytest.fixture(scope="module")
def secured(
    neo4j_settings: Settings,
    tmp_path_factory: pytest.TempPathFactory,
    corenlp_settings: Settings,
) -> Iterator[Any]:
    """A local server with authentication on and a known password (and CoreNLP, which
    POST /articles and `ingest` need before they reach the store)."""
    del corenlp_settings
    home = tmp_path_factory.mktemp("secured") / "neo4j"
    with second_neo4j(
        neo4j_settings,
        home,
        neo4j_local_auth=True,
        neo4j_password=SecretStr("right-password"),
    ) as server:
        yield server


def wrong_password(server: LocalNeo4j) -> Settings:
    return server.settings.model_copy(
        update={
            "neo4j_uri": server.bolt_uri,
            "neo4j_password": SecretStr("wrong-password"),
            "api_key": SecretStr("k"),
        }
    )


def run_cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ACTORGRAPH_NEO4J_URI": str(settings.neo4j_uri),
        "ACTORGRAPH_NEO4J_DATABASE": settings.neo4j_database,
    }
    if settings.neo4j_password is not None:
        env["ACTORGRAPH_NEO4J_PASSWORD"] = settings.neo4j_password.get_secret_value()
    else:
        env.pop("ACTORGRAPH_NEO4J_PASSWORD", None)
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_right_password_works(secured: LocalNeo4j) -> None:
    settings = secured.settings.model_copy(update={"neo4j_uri": secured.bolt_uri})
    store = Neo4jStore.from_settings(settings)
    try:
        assert store.ping()
    finally:
        store.close()


def test_wrong_password_is_store_auth_failed_every_time(secured: LocalNeo4j) -> None:
    settings = wrong_password(secured)
    store = Neo4jStore.from_settings(settings)
    try:
        with pytest.raises(StoreAuthFailed, match="ACTORGRAPH_NEO4J_PASSWORD"):
            store.counts()
        with TestClient(create_app(settings, store)) as client:
            # More attempts than Neo4j's login rate limit allows: the answer never changes.
            for _ in range(12):
                for response in (
                    client.get("/health"),
                    client.get("/actors"),
                    client.post(
                        "/articles",
                        content=(ROOT / "samples" / "yemen-red-sea.md").read_bytes(),
                        headers={**KEY, "content-type": "text/markdown"},
                    ),
                ):
                    assert response.status_code == 503, response.text
                    assert response.json()["error"]["code"] == "store_auth_failed"
    finally:
        store.close()


def test_wrong_password_in_the_cli_is_one_line(secured: LocalNeo4j, tmp_path: Path) -> None:
    settings = wrong_password(secured)
    article = tmp_path / "a.txt"
    article.write_text("Iran backs Syria.\n")
    one_line_error(run_cli(settings, "ingest", str(article)), "ACTORGRAPH_NEO4J_PASSWORD")
    one_line_error(run_cli(settings, "init"), "ACTORGRAPH_NEO4J_PASSWORD")


def test_unknown_database_names_the_setting(neo4j_settings: Settings) -> None:
    settings = neo4j_settings.model_copy(
        update={"neo4j_database": "nosuchdb", "api_key": SecretStr("k")}
    )
    store = Neo4jStore.from_settings(settings)
    try:
        with pytest.raises(StoreMisconfigured, match="ACTORGRAPH_NEO4J_DATABASE"):
            store.counts()
        with TestClient(create_app(settings, store)) as client:
            response = client.get("/actors")
            assert response.status_code == 503
            assert response.json()["error"]["code"] == "store_misconfigured"
    finally:
        store.close()
    one_line_error(run_cli(settings, "init"), "ACTORGRAPH_NEO4J_DATABASE")


@pytest.mark.parametrize("uri", ["http://127.0.0.1:7474", "bolt//127.0.0.1", "neo4j://:x"])
def test_malformed_uri_names_the_setting(neo4j_settings: Settings, uri: str) -> None:
    settings = neo4j_settings.model_copy(update={"neo4j_uri": uri})
    with pytest.raises(StoreMisconfigured, match="ACTORGRAPH_NEO4J_URI"):
        Neo4jStore.from_settings(settings)
    one_line_error(run_cli(settings, "init"), "ACTORGRAPH_NEO4J_URI")
    one_line_error(run_cli(settings, "relations", "iran"), "ACTORGRAPH_NEO4J_URI")


def test_deadlocks_are_retried_quietly_and_counted(
    neo4j_store: Neo4jStore, caplog: pytest.LogCaptureFixture
) -> None:
    """Two writers lock two nodes in opposite orders: Neo4j kills one, the store retries it."""
    neo4j_store._write(lambda tx: tx.run("CREATE (:Lock {n: 1}), (:Lock {n: 2})").consume())
    both_hold_one = threading.Barrier(2, timeout=20)

    def writer(first: int, second: int) -> None:
        attempt = {"n": 0}

        def work(tx: Any) -> None:
            attempt["n"] += 1
            tx.run("MATCH (l:Lock {n: $n}) SET l.by = $n", n=first).consume()
            if attempt["n"] == 1:
                both_hold_one.wait()
            tx.run("MATCH (l:Lock {n: $n}) SET l.by = $n", n=second).consume()

        neo4j_store._write(work)

    caplog.set_level(logging.DEBUG, logger="neo4j")
    threads = [threading.Thread(target=writer, args=pair) for pair in ((1, 2), (2, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert neo4j_store.retries >= 1
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert not noisy, [r.getMessage() for r in noisy]


def test_no_notifications_about_unknown_property_keys(
    neo4j_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="neo4j")
    driver = driver_from_settings(neo4j_settings)
    try:
        driver.execute_query("MATCH (a:Actor) WHERE a.never_used_key_7f3 = 1 RETURN a")
    finally:
        driver.close()
    assert not [r for r in caplog.records if "notification" in r.getMessage().lower()]

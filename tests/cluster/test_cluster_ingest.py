"""`actorgraph ingest --cluster` on real processes: a `dask scheduler` and two `dask worker`
processes on loopback ports, the real CoreNLP, the CLI as a subprocess. Every test compares
the stored graph, byte for byte (tests/cluster/dump.py), with the serial ingest of the same
inputs: the samples, the reference article (read from ../shared) and 40 generated articles
(6 of them records of one .jsonl file)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from pydantic import SecretStr

from graph.settings import Settings
from graph.store import Neo4jStore
from tests.cluster.conftest import (
    DaskCluster,
    actorgraph,
    dask_cluster,
    sqlite_dump,
    stored_articles,
    summary_lines,
    wait_until,
)
from tests.cluster.dump import dump
from tests.conftest import ROOT, empty_neo4j_store, free_port, nlp_env, second_neo4j

pytestmark = pytest.mark.cluster
BATCH = "2"  # articles per task: many tasks, finishing in every order across two workers


def cluster_env(settings: Settings, store: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, **nlp_env(settings), "ACTORGRAPH_STORE": str(store)}
    env.pop("ACTORGRAPH_NEO4J_URI", None)
    env.pop("ACTORGRAPH_DASK_SCHEDULER", None)
    env["ACTORGRAPH_CLUSTER_BATCH"] = BATCH
    env.update(extra)
    return env


def start_ingest(args: list[str], env: Mapping[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "ingest", *args],
        cwd=ROOT,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def total_articles(serial: tuple[str, list[str]]) -> int:
    return len(json.loads(serial[0])["articles"])


def test_plain_ingest_never_imports_dask(corenlp_settings: Settings, tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from cli.main import app\n"
        "result = CliRunner().invoke(app, ['ingest', 'samples/ukraine-talks.txt'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('loaded:', sorted(m for m in sys.modules if m.split('.')[0] in "
        "('dask', 'distributed')))\n"
    )
    env = {**os.environ, **nlp_env(corenlp_settings), "ACTORGRAPH_STORE": str(tmp_path / "g.db")}
    env.pop("ACTORGRAPH_DASK_SCHEDULER", None)
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "loaded: []" in result.stdout, result.stdout


def test_cluster_ingest_is_the_serial_graph(
    two_workers: DaskCluster,
    inputs: list[str],
    serial: tuple[str, list[str]],
    corenlp_settings: Settings,
    tmp_path: Path,
) -> None:
    store = tmp_path / "cluster.db"
    env = cluster_env(corenlp_settings, store)
    result = actorgraph(["ingest", *inputs, "--cluster", two_workers.address], env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert sqlite_dump(store) == serial[0]
    assert summary_lines(result.stdout) == serial[1]  # new, unchanged, ..., relations
    # The same command again: every article is found stored and skipped before extraction.
    again = actorgraph(["ingest", *inputs, "--cluster", two_workers.address], env)
    assert again.returncode == 0, again.stderr[-3000:]
    stored = len(stored_articles(store))
    assert f"{stored} articles already stored by this extractor were skipped" in again.stdout
    assert sqlite_dump(store) == serial[0]


def test_workers_read_shared_input(
    two_workers: DaskCluster,
    inputs: list[str],
    serial: tuple[str, list[str]],
    corenlp_settings: Settings,
    tmp_path: Path,
) -> None:
    store = tmp_path / "shared.db"
    # 4 inputs a batch: the .jsonl file's 6 records are cut into slices read by two workers.
    env = cluster_env(corenlp_settings, store, ACTORGRAPH_CLUSTER_BATCH="4")
    args = ["ingest", *inputs, "--cluster", two_workers.address, "--shared-input"]
    result = actorgraph(args, env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert sqlite_dump(store) == serial[0]
    assert summary_lines(result.stdout) == serial[1]
    relative = actorgraph(
        ["ingest", "samples", "--cluster", two_workers.address, "--shared-input"], env
    )
    assert relative.returncode == 1
    assert "--shared-input needs absolute paths" in relative.stderr


def test_worker_killed_mid_run(
    two_workers: DaskCluster,
    inputs: list[str],
    serial: tuple[str, list[str]],
    corenlp_settings: Settings,
    tmp_path: Path,
) -> None:
    store = tmp_path / "cluster.db"
    env = cluster_env(corenlp_settings, store)
    run = start_ingest([*inputs, "--cluster", two_workers.address], env)
    try:
        # The first write (20 articles, SQLite's batch) is in: the run is under way.
        wait_until(lambda: stored_articles(store), 300, "the first articles to be written")
        two_workers.workers[0].send_signal(signal.SIGKILL)
        written = len(stored_articles(store))
        out, err = run.communicate(timeout=600)
    finally:
        if run.poll() is None:
            run.kill()
    assert written < total_articles(serial), "the worker was killed after the run ended"
    assert two_workers.workers[0].wait(10) == -signal.SIGKILL
    assert run.returncode == 0, err[-3000:]
    assert sqlite_dump(store) == serial[0]
    assert summary_lines(out) == serial[1]


def test_client_killed_then_rerun(
    two_workers: DaskCluster,
    inputs: list[str],
    serial: tuple[str, list[str]],
    corenlp_settings: Settings,
    tmp_path: Path,
) -> None:
    store = tmp_path / "cluster.db"
    env = cluster_env(corenlp_settings, store)
    run = start_ingest([*inputs, "--cluster", two_workers.address], env)
    try:
        wait_until(lambda: stored_articles(store), 300, "the first articles to be written")
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
    before = stored_articles(store)
    assert 0 < len(before) < total_articles(serial), "the client was killed after the run ended"
    again = actorgraph(["ingest", *inputs, "--cluster", two_workers.address], env)
    assert again.returncode == 0, again.stderr[-3000:]
    assert f"{len(before)} articles already stored by this extractor were skipped" in again.stdout
    after = stored_articles(store)
    # Nothing written twice: the articles stored before the kill keep the time they were
    # written at (a second write would have set it anew).
    assert {k: after[k] for k in before} == before
    assert sqlite_dump(store) == serial[0]


def test_corenlp_dying_on_one_worker(
    inputs: list[str],
    serial: tuple[str, list[str]],
    corenlp_settings: Settings,
    tmp_path: Path,
) -> None:
    """Worker 0 has no CoreNLP URL: its plugin starts the machine's loopback CoreNLP with the
    project's launcher (own home and port). Killing that server mid-run sends worker 0's
    batches to worker 1, with a message, and the graph is still the serial one."""
    from cli.cluster.parser import SharedParser

    home = ROOT / ".actorgraph" / "test-worker-corenlp"
    port = free_port()
    own = {
        "ACTORGRAPH_CORENLP_URLS": "",
        "ACTORGRAPH_WORKER_CORENLP_PORT": str(port),
        "ACTORGRAPH_WORKER_CORENLP_HOME": str(home),
        "ACTORGRAPH_CORENLP_HEAP": "2g",
    }
    parser = SharedParser(
        Settings(worker_corenlp_home=home, worker_corenlp_port=port, corenlp_heap="2g")
    )
    env = {**os.environ, **nlp_env(corenlp_settings)}
    store = tmp_path / "cluster.db"
    try:
        with dask_cluster(tmp_path / "dask", env, [own, {}]) as cluster:
            run = start_ingest(
                [*inputs, "--cluster", cluster.address], cluster_env(corenlp_settings, store)
            )
            try:
                wait_until(lambda: stored_articles(store), 600, "the first articles to be written")
                pid = parser.server.running_pid()
                assert pid is not None, "worker 0 did not start its own CoreNLP"
                assert len(list(parser.users.iterdir())) == 1  # worker 0 registered as its user
                os.kill(pid, signal.SIGKILL)
                written = len(stored_articles(store))
                out, err = run.communicate(timeout=600)
            finally:
                if run.poll() is None:
                    run.kill()
            assert written < total_articles(serial), "CoreNLP was killed after the run ended"
            assert run.returncode == 0, err[-3000:]
            assert "left out" in err and "its CoreNLP does not answer" in err, err[-3000:]
            assert sqlite_dump(store) == serial[0]
            assert summary_lines(out) == serial[1]
    finally:
        parser.server.stop()


def test_neo4j_routing_uri_with_credentials(
    neo4j_settings: Settings,
    two_workers: DaskCluster,
    inputs: list[str],
    corenlp_settings: Settings,
    tmp_path: Path,
) -> None:
    """The cluster writes into a Neo4j with authentication through a neo4j:// (routing) URI;
    its graph is the one the serial ingest writes into the test Neo4j over bolt://."""
    empty_neo4j_store(neo4j_settings).close()
    env = {
        **os.environ,
        **nlp_env(corenlp_settings),
        "ACTORGRAPH_NEO4J_URI": str(neo4j_settings.neo4j_uri),
    }
    serial_run = actorgraph(["ingest", *inputs], env)
    assert serial_run.returncode == 0, serial_run.stderr[-3000:]
    store = Neo4jStore.from_settings(neo4j_settings)
    try:
        expected = dump(store)
    finally:
        store.close()
    with second_neo4j(
        neo4j_settings,
        tmp_path / "neo4j",
        neo4j_local_auth=True,
        neo4j_password=SecretStr("cluster-secret"),
    ) as server:
        uri = f"neo4j://127.0.0.1:{server.settings.neo4j_bolt_port}"
        cluster = cluster_env(
            corenlp_settings,
            tmp_path / "unused.db",
            ACTORGRAPH_NEO4J_URI=uri,
            ACTORGRAPH_NEO4J_PASSWORD="cluster-secret",
        )
        result = actorgraph(["ingest", *inputs, "--cluster", two_workers.address], cluster)
        assert result.returncode == 0, result.stderr[-3000:]
        assert summary_lines(result.stdout) == summary_lines(serial_run.stdout)
        secured = Neo4jStore.from_settings(
            server.settings.model_copy(
                update={"neo4j_uri": uri, "neo4j_password": SecretStr("cluster-secret")}
            )
        )
        try:
            assert dump(secured) == expected
        finally:
            secured.close()

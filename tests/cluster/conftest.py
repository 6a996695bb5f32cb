"""Real Dask processes for the cluster tests: a ``dask scheduler`` and ``dask worker``
processes (subprocesses, not threads) on free loopback ports, and the serial ingest they are
compared with. With CI=true a missing Dask fails the tests (``unavailable``)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from benchmarks.corpus import article
from graph.settings import Settings
from graph.store import SqliteStore
from tests.cluster.dump import dump
from tests.conftest import REFERENCE_ARTICLE, ROOT, free_port, nlp_env, shared_file, unavailable

BIN = Path(sys.executable).parent
GENERATED = 40  # generated articles beside the samples and the reference article
RECORDS = 6  # of which this many are records of one .jsonl file


def require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        unavailable("dask[distributed] is not installed (pip install -e '.[dev]')")


def stop_process(process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class DaskCluster:
    """A scheduler and its workers, each its own process group; stopped by ``close``."""

    def __init__(self, home: Path, env: Mapping[str, str]) -> None:
        self.home = home
        self.env = dict(env)
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.workers: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []
        self.scheduler = self._spawn(
            "scheduler",
            ["scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"],
            self.env,
        )

    def _spawn(self, name: str, args: list[str], env: Mapping[str, str]) -> subprocess.Popen[bytes]:
        log = self.home / f"{name}.log"
        self.logs.append(log)
        with log.open("ab") as out:
            return subprocess.Popen(
                [str(BIN / "dask"), *args],
                cwd=self.home,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def add_worker(self, **overrides: str) -> subprocess.Popen[bytes]:
        """One worker process (no nanny: a SIGKILL ends it for good), one thread, its own
        folder and cold parse cache."""
        index = len(self.workers)
        folder = self.home / f"worker-{index}"
        folder.mkdir(exist_ok=True)
        env = {**self.env, "ACTORGRAPH_PARSE_CACHE": str(folder / "parses.sqlite3"), **overrides}
        worker = self._spawn(
            f"worker-{index}",
            [
                "worker",
                self.address,
                "--nthreads",
                "1",
                "--no-nanny",
                "--host",
                "127.0.0.1",
                "--no-dashboard",
                "--local-directory",
                str(folder),
                "--name",
                f"w{index}",
            ],
            env,
        )
        self.workers.append(worker)
        return worker

    def wait_for_workers(self, count: int, timeout: float = 120.0) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(count, timeout=timeout)

    def log_tail(self) -> str:
        return "\n".join(
            f"--- {log.name}\n" + log.read_text(errors="replace")[-3000:] for log in self.logs
        )

    def close(self) -> None:
        for worker in self.workers:
            stop_process(worker)
        stop_process(self.scheduler)


@contextlib.contextmanager
def dask_cluster(
    home: Path, env: Mapping[str, str], workers: list[dict[str, str]]
) -> Iterator[DaskCluster]:
    require_dask()
    home.mkdir(parents=True, exist_ok=True)
    cluster = DaskCluster(home, env)
    try:
        for overrides in workers:
            cluster.add_worker(**overrides)
        try:
            cluster.wait_for_workers(len(workers))
        except Exception as exc:
            pytest.fail(f"the Dask cluster did not start: {exc}\n{cluster.log_tail()}")
        yield cluster
    finally:
        cluster.close()


@pytest.fixture()
def two_workers(tmp_path: Path, corenlp_settings: Settings) -> Iterator[DaskCluster]:
    """A scheduler and two workers, both on the test CoreNLP server."""
    env = {**os.environ, **nlp_env(corenlp_settings)}
    with dask_cluster(tmp_path / "dask", env, [{}, {}]) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Absolute paths (so the workers can read them too): the samples, the reference article
    (read from ../shared) and a folder of generated articles, some as .jsonl records."""
    folder = tmp_path_factory.mktemp("corpus")
    for seed in range(GENERATED - RECORDS):
        (folder / f"article-{seed:03d}.txt").write_text(article(seed, words=250))
    records = [
        {"title": f"Record {seed}", "published": "2024-05-0" + str(1 + seed % 9), "text": text}
        for seed in range(GENERATED - RECORDS, GENERATED)
        for text in [article(seed, words=250)]
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    reference = shared_file(REFERENCE_ARTICLE).resolve()
    return [str(ROOT / "samples"), str(reference), str(folder)]


def actorgraph(
    args: list[str], env: Mapping[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def sqlite_dump(path: Path) -> str:
    store = SqliteStore(path)
    try:
        return dump(store)
    finally:
        store.close()


def summary_lines(stdout: str) -> list[str]:
    """The summary table's rows and the store's counts (what serial and cluster share)."""
    return [line for line in stdout.splitlines() if line.startswith(("│", "store now holds"))]


@pytest.fixture(scope="module")
def serial(
    inputs: list[str], corenlp_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, list[str]]:
    """The serial ingest of the inputs into SQLite: its dump and its summary lines."""
    store = tmp_path_factory.mktemp("serial") / "graph.db"
    env = {**os.environ, **nlp_env(corenlp_settings), "ACTORGRAPH_STORE": str(store)}
    env.pop("ACTORGRAPH_DASK_SCHEDULER", None)
    env.pop("ACTORGRAPH_NEO4J_URI", None)  # the embedded store
    result = actorgraph(["ingest", *inputs], env)
    assert result.returncode == 0, result.stderr[-3000:]
    return sqlite_dump(store), summary_lines(result.stdout)


def stored_articles(path: Path) -> dict[str, str]:
    """Article id -> ingested_at, read while another process may be writing."""
    if not path.exists():
        return {}
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return dict(db.execute("SELECT id, ingested_at FROM articles").fetchall())
    except sqlite3.Error:
        return {}


def wait_until(condition: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")

"""The CLI's side of a cluster ingest: connect to a scheduler or start a local cluster,
register the worker plugin, run the dispatcher into ``graph.ingest`` with a progress bar."""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from distributed import Client, LocalCluster
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from cli.cluster.dispatch import (
    ClusterFailed,
    Dispatcher,
    Stats,
    file_batches,
    record_batches,
)
from cli.cluster.worker import ActorgraphWorker, ReadingConfig
from graph.ingest import Failed, IngestSummary, Outcome, ingest
from graph.settings import Settings
from graph.store.protocol import GraphStore

LOCAL = "local:"


@dataclass
class ClusterRun:
    summary: IngestSummary
    stats: Stats
    workers: int
    seconds: float  # the whole command: connecting (or starting the cluster) included
    ingest_seconds: float  # from the first batch read to the last write

    @property
    def writer_seconds(self) -> float:
        """The time the client spent writing (the rest of the ingest it waited for results)."""
        return self.ingest_seconds - self.stats.dispatch_seconds


def check_cluster(address: str) -> str:
    """The address as given when it names a cluster; ClusterFailed says what is wrong."""
    if address.startswith(LOCAL):
        count = address[len(LOCAL) :]
        if not count.isdigit() or int(count) < 1:
            raise ClusterFailed(f"--cluster {address}: local:N needs a number of workers >= 1")
        return address
    if "://" not in address:
        raise ClusterFailed(
            f"--cluster {address}: expected a scheduler address (tcp://HOST:8786) or local:N"
        )
    return address


def check_shared(paths: Sequence[str]) -> None:
    """--shared-input: every path is one the workers can open as the client wrote it."""
    for path in paths:
        if path == "-":
            raise ClusterFailed("--shared-input: standard input cannot be read by the workers")
        if not os.path.isabs(path):
            raise ClusterFailed(
                f"--shared-input needs absolute paths (the workers' working folders are not "
                f"this one): {path}"
            )


@contextlib.contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a LocalCluster of N worker processes
    (one thread each: extraction's rules hold the GIL, parsing waits on CoreNLP) that ends
    with the command."""
    cluster: LocalCluster | None = None
    try:
        if address.startswith(LOCAL):
            cluster = LocalCluster(
                n_workers=int(address[len(LOCAL) :]),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                # A free port: a fixed 8787 would collide with a scheduler already running.
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        else:
            client = Client(address, timeout="20s")
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterFailed(f"no Dask scheduler answers at {address}: {exc}") from exc
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _plugin_state(dask_worker: Any, name: str) -> str | None:
    """Run on each worker: why it cannot extract, or None."""
    plugin = dask_worker.plugins.get(name)
    if plugin is None:
        return "the actorgraph plugin is not set up"
    broken: str | None = plugin.broken
    return broken


class _Bar:
    """The progress bar's counts, across workers."""

    def __init__(self, progress: Progress, task: TaskID, client: Client) -> None:
        self.progress = progress
        self.task = task
        self.client = client
        self.done = 0
        self.failed = 0
        self.written = 0
        self.workers = 0
        self._asked = 0.0

    def _show(self) -> None:
        now = time.monotonic()
        if now - self._asked > 2.0:  # the scheduler's worker count, not asked at every batch
            self._asked = now
            self.workers = len(self.client.scheduler_info(n_workers=-1).get("workers", {}))
        self.progress.update(
            self.task,
            completed=self.written,
            description=f"extracted {self.done} · failed {self.failed} · "
            f"written {self.written} · {self.workers} workers",
        )

    def extracted(self, done: int, failed: int) -> None:
        self.done += done
        self.failed += failed
        self._show()

    def note(self, message: str) -> None:
        self.progress.console.print(f"[yellow]cluster:[/] {escape(message)}", soft_wrap=True)

    def wrote(self, outcome: Outcome) -> None:
        self.written += 1
        if isinstance(outcome, Failed):
            self.progress.console.print(
                f"[red]failed[/] {escape(outcome.path)}: {escape(outcome.error)}", soft_wrap=True
            )
        self._show()


def ingest_on_cluster(
    paths: Sequence[str],
    address: str,
    shared_input: bool,
    settings: Settings,
    store: GraphStore,
    console: Console,
) -> ClusterRun:
    """Extract on the cluster, write here through ``graph.ingest`` in input order."""
    check_cluster(address)
    if shared_input:
        check_shared(paths)
    config = ReadingConfig.of(settings)
    remote = not address.startswith(LOCAL)
    began = time.perf_counter()
    with connect(address) as client:
        plugin = ActorgraphWorker(config)
        client.register_plugin(plugin, name=plugin.name)
        states = client.run(_plugin_state, name=plugin.name)
        unfit = {w: why for w, why in states.items() if why is not None}
        for worker, why in unfit.items():
            console.print(f"[yellow]cluster:[/] worker {escape(worker)} cannot extract: {why}")
        if states and len(unfit) == len(states):
            raise ClusterFailed("no worker can extract: " + "; ".join(unfit.values()))
        threads = sum(client.nthreads().values()) or 1
        in_flight = settings.cluster_in_flight or max(4, 4 * threads)
        # The scheduler's HTTP server always runs; its dashboard pages need Bokeh there.
        services = client.scheduler_info().get("services", {})
        if "dashboard" in services and (remote or importlib.util.find_spec("bokeh")):
            console.print(f"Dask dashboard: {client.dashboard_link}", soft_wrap=True)
        with Progress(
            SpinnerColumn(),
            TextColumn("[bold]ingest on the cluster"),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as progress:
            bar = _Bar(progress, progress.add_task("", total=None), client)
            dispatcher = Dispatcher(client, in_flight, bar)
            size = settings.cluster_batch
            batches = (
                file_batches(client, paths, config, store, size)
                if shared_input
                else record_batches(paths, config, store, size)
            )
            started = time.perf_counter()
            summary = ingest(dispatcher.run(batches), store, on_outcome=bar.wrote)
            ingest_seconds = time.perf_counter() - started
            # Workers' problems after the bar is gone, so a log keeps them too.
        for worker, why in dispatcher.stats.excluded.items():
            console.print(f"[yellow]cluster:[/] worker {escape(worker)} was left out: {why}")
        workers = len(client.nthreads())
    return ClusterRun(
        summary, dispatcher.stats, workers, time.perf_counter() - began, ingest_seconds
    )

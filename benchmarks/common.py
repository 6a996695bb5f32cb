"""What the store benchmarks share: corpora by profile, the local Neo4j, raw statements."""

from __future__ import annotations

import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.corpus import synthetic_extraction
from graph.model import Extraction

HERE = Path(__file__).resolve().parent


def bench_statement(name: str) -> str:
    """A statement of benchmarks/cypher (the LOAD CSV baseline), without its comments."""
    text = (HERE / "cypher" / f"{name}.cypher").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith("//")).strip()


def corpus(profile: str, count: int) -> list[Extraction]:
    """Generated extractions (no parser needed): hub = 108 actors, each in most articles;
    zipf = 5,000 actors named Zipf-like."""
    return [synthetic_extraction(seed, profile) for seed in range(count)]


def stream(profile: str, count: int, start: int = 0) -> Iterator[Extraction]:
    """The zipf profile without holding it in memory (100,000 articles)."""
    for seed in range(start, start + count):
        yield synthetic_extraction(seed, profile)


def percentiles(latencies: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Served:
    base: str
    process: subprocess.Popen[bytes]

    def peak_rss_mib(self) -> float:
        """The server's peak resident memory so far (VmHWM), MiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0


@contextmanager
def serving(env: dict[str, str], *options: str) -> Iterator[Served]:
    """`actorgraph serve [options]` in its own process on a free port, until the block ends."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    environment = {**os.environ, **env}
    if "ACTORGRAPH_STORE" in env:
        environment.pop("ACTORGRAPH_NEO4J_URI", None)
    api = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port), *options],
        cwd=HERE.parent,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield Served(base, api)
    finally:
        api.terminate()
        api.wait(timeout=20)

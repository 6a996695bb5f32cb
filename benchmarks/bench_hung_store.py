"""How long everything waits on a store that stops answering: a Neo4j of its own paused with
SIGSTOP, and a Bolt URI pointing at a port that accepts connections and never speaks.

Run: .venv/bin/python benchmarks/bench_hung_store.py

Default settings (ACTORGRAPH_NEO4J_CONNECT_TIMEOUT 3 s, ACTORGRAPH_HEALTH_TIMEOUT 1 s,
ACTORGRAPH_SHUTDOWN_SECONDS 10). For each hung store: `actorgraph serve` on it, then the
seconds `/health` takes, the first `/actors/{id}` (the call that finds the hang), the next one
(breaker open), `actorgraph relations` in a fresh process, and `serve`'s exit after SIGTERM
while a client holds a request open and another waits on the store. For the paused Neo4j also
how long after SIGCONT `/health` answers 200 again.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.settings import Settings  # noqa: E402
from tests.conftest import free_port, second_neo4j  # noqa: E402


def seconds(method: str, url: str) -> tuple[float, int]:
    began = time.monotonic()
    try:
        status = httpx.request(method, url, timeout=120).status_code
    except httpx.HTTPError:
        status = 0
    return time.monotonic() - began, status


@contextlib.contextmanager
def serving(uri: str) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = free_port()
    env = {**os.environ, "ACTORGRAPH_NEO4J_URI": uri}
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        with contextlib.suppress(httpx.TransportError):
            httpx.get(f"{base}/openapi.json", timeout=2)
            break
        time.sleep(0.2)
    try:
        yield process, base
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def measure(uri: str, label: str, pause: int | None) -> None:
    with serving(uri) as (process, base):
        if pause is not None:
            os.kill(pause, signal.SIGSTOP)
        try:
            health, code = seconds("GET", f"{base}/health")
            print(f"{label}: /health {health:.2f} s ({code})", flush=True)
            first, code = seconds("GET", f"{base}/actors/iran")
            again, code2 = seconds("GET", f"{base}/actors/iran")
            print(f"{label}: /actors/iran {first:.2f} s ({code}), then {again:.2f} s ({code2})")
            began = time.monotonic()
            result = subprocess.run(
                [sys.executable, "-m", "cli.main", "relations", "iran"],
                cwd=ROOT,
                env={**os.environ, "ACTORGRAPH_NEO4J_URI": uri},
                capture_output=True,
                text=True,
                check=False,
            )
            cli = time.monotonic() - began
            print(
                f"{label}: actorgraph relations {cli:.2f} s, exit {result.returncode}: "
                f"{result.stderr.strip()[:160]}",
                flush=True,
            )
            held = socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])))
            held.sendall(b"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Length: 9999\r\n\r\nab")
            waiting = threading.Thread(target=seconds, args=("GET", f"{base}/actors?q=iran"))
            waiting.start()
            time.sleep(1.0)
            began = time.monotonic()
            process.send_signal(signal.SIGTERM)
            process.wait(120)
            print(f"{label}: serve gone {time.monotonic() - began:.2f} s after SIGTERM", flush=True)
            held.close()
        finally:
            if pause is not None:
                os.kill(pause, signal.SIGCONT)
    if pause is not None:
        with serving(uri) as (_, base):
            os.kill(pause, signal.SIGSTOP)
            seconds("GET", f"{base}/actors/iran")  # finds the hang, opens the breaker
            os.kill(pause, signal.SIGCONT)
            began = time.monotonic()
            while seconds("GET", f"{base}/health")[1] != 200:
                time.sleep(0.1)
            print(f"{label}: /health 200 again {time.monotonic() - began:.2f} s after SIGCONT")


def main() -> None:
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp, second_neo4j(Settings(), Path(tmp)) as server:
        measure(server.bolt_uri, "paused Neo4j", server.running_pid())
    mute = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                accepted.append(mute.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    try:
        measure(f"bolt://127.0.0.1:{mute.getsockname()[1]}", "mute port", None)
    finally:
        mute.close()
        for conn in accepted:
            conn.close()


if __name__ == "__main__":
    main()

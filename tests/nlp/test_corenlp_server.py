"""Start, query and stop a second local CoreNLP server on another port, in its own home."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from cli.servers.common import alive
from cli.servers.corenlp import LocalCoreNLP
from graph.errors import NlpServerError
from graph.settings import Settings
from loaders.nlp.client import CoreNLPClient
from tests.conftest import free_port, unavailable


def listeners(port: int) -> list[str]:
    """Local addresses listening on ``port`` (IPv4 and IPv6), from /proc/net."""
    found = []
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.append(address)
    return found


def test_start_status_stop_on_loopback_only(corenlp_settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    settings = corenlp_settings.model_copy(
        update={"corenlp_home": tmp_path / "corenlp", "corenlp_port": port, "corenlp_urls": []}
    )
    server = LocalCoreNLP(settings)
    try:
        report = server.start(timeout=600)
    except NlpServerError as exc:
        unavailable(f"could not start a local CoreNLP server: {exc}")
        raise
    try:
        assert not report.already_running
        assert listeners(port) == ["0100007F"]  # 127.0.0.1, and nothing on IPv6
        status = server.status()
        assert status.running and status.answers and status.pid == report.pid
        assert (server.rss() or 0) > 200 * 2**20
        again = server.start()
        assert again.already_running and again.pid == report.pid
        with CoreNLPClient(settings, cache=None) as client:
            began = time.perf_counter()
            document = client.parse("Iran and Russia rallied behind Syria.")
            first_request = time.perf_counter() - began
        assert document.token_count == 7
        assert first_request < 5.0  # annotators were preloaded: no model is loaded now
        assert "Loading" not in server.console_log.read_text().split("listening at")[-1]
    finally:
        assert server.stop() is True
    assert server.running_pid() is None
    assert not alive(report.pid)
    assert listeners(port) == []
    assert not server.answers(timeout=1)
    try:
        httpx.get(f"http://127.0.0.1:{port}/ready", timeout=1)
    except httpx.ConnectError:
        pass
    else:
        raise AssertionError("the server still answers after stop")

"""Start, query and stop a second local server on free ports, in its own home."""

from __future__ import annotations

import os
from pathlib import Path

from graph.neo4j_local import LocalNeo4j
from graph.settings import Settings
from tests.conftest import free_port


def test_start_status_stop(neo4j_settings: Settings, tmp_path: Path) -> None:
    server = LocalNeo4j(
        Settings(
            neo4j_home=tmp_path / "neo4j",
            neo4j_cache=neo4j_settings.neo4j_cache,
            neo4j_bolt_port=free_port(),
            neo4j_http_port=free_port(),
            neo4j_heap="512m",
            neo4j_pagecache="128m",
        )
    )
    report = server.start(timeout=180)
    try:
        assert not report.already_running
        status = server.status()
        assert status.running and status.answers and status.pid == report.pid
        again = server.start()
        assert again.already_running and again.pid == report.pid
    finally:
        assert server.stop() is True
    assert server.running_pid() is None
    assert not Path(f"/proc/{report.pid}").exists() or _is_zombie(report.pid)
    assert not server.answers(timeout=1)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True
    finally:
        os.sched_yield()

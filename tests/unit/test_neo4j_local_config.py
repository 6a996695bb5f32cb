from __future__ import annotations

from pathlib import Path

from cli.servers.neo4j import ENTRY_POINT, LocalNeo4j
from graph.settings import Settings


def server(tmp_path: Path) -> LocalNeo4j:
    return LocalNeo4j(
        Settings(
            neo4j_home=tmp_path / "home",
            neo4j_cache=tmp_path / "cache",
            neo4j_bolt_port=17687,
            neo4j_http_port=17474,
            neo4j_heap="768m",
        )
    )


def test_conf_listens_on_loopback_only(tmp_path: Path) -> None:
    conf = server(tmp_path).write_conf().read_text()
    assert "server.default_listen_address=127.0.0.1" in conf
    assert "server.bolt.listen_address=127.0.0.1:17687" in conf
    assert "server.http.listen_address=127.0.0.1:17474" in conf
    assert "server.https.enabled=false" in conf
    assert "dbms.usage_report.enabled=false" in conf
    assert "server.memory.heap.max_size=768m" in conf


def test_conf_sets_memory_walls_from_the_heap(tmp_path: Path) -> None:
    """A transaction may hold half the heap, all of them three quarters (here and in compose)."""
    conf = server(tmp_path).write_conf().read_text()
    assert "db.memory.transaction.max=384m" in conf
    assert "dbms.memory.transaction.total.max=576m" in conf
    compose = (Path(__file__).parents[2] / "docker-compose.yml").read_text()
    assert 'NEO4J_server_memory_heap_max__size: "1G"' in compose
    assert 'NEO4J_db_memory_transaction_max: "512m"' in compose
    assert 'NEO4J_dbms_memory_transaction_total_max: "768m"' in compose


def test_command_uses_the_launcher_flags(tmp_path: Path) -> None:
    command = server(tmp_path).command()
    assert Path(command[0]).name == "java"
    for flag in ("-XX:+UseG1GC", "-Dio.netty.tryReflectionSetAccessible=true", "-Xmx768m"):
        assert flag in command
    assert "--add-opens=java.base/java.nio=ALL-UNNAMED" in command
    assert ENTRY_POINT in command
    assert f"--home-dir={tmp_path / 'home'}" in command


def test_nothing_recorded_means_not_running(tmp_path: Path) -> None:
    local = server(tmp_path)
    assert local.running_pid() is None
    assert local.stop() is False
    local.pid_file.write(1)  # pid 1 is alive but is not this server
    assert local.running_pid() is None

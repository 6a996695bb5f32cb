"""The local CoreNLP server's command line, properties and pid handling (no Java started)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cli.servers import common, corenlp
from cli.servers.common import MavenArtifact, PidFile, alive, jars_ready, port_open
from cli.servers.corenlp import ENTRY_POINT, SHIM_CLASS, LocalCoreNLP
from graph.errors import LocalServerError
from graph.settings import Settings
from loaders.nlp.pipeline import Pipeline


def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **pipeline: object) -> LocalCoreNLP:
    monkeypatch.setattr(corenlp, "java_major", lambda _java: 17)
    local = LocalCoreNLP(
        Settings(
            corenlp_home=tmp_path / "home",
            corenlp_cache=tmp_path / "cache",
            corenlp_port=19105,
            corenlp_heap="2g",
            corenlp_threads=3,
        ),
        Pipeline(**pipeline),  # type: ignore[arg-type]
    )
    local._java = Path("/usr/bin/java")
    return local


def test_the_server_binds_loopback_through_the_shim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = server(tmp_path, monkeypatch).command()
    assert f"-Dcom.sun.net.httpserver.HttpServerProvider={SHIM_CLASS}" in command
    assert "jdk.httpserver/sun.net.httpserver=ALL-UNNAMED" in command
    classpath = command[command.index("-cp") + 1]
    assert classpath.startswith(f"{tmp_path / 'cache' / 'corenlp-4.5.7' / 'lib'}/*:")
    assert "loopback-java17-" in classpath
    assert corenlp.SHIM_SOURCE.is_file()


def test_command_preloads_the_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    local = server(tmp_path, monkeypatch, coref="statistical")
    command = local.command()
    assert command[0] == "/usr/bin/java" and "-Xmx2g" in command
    assert ENTRY_POINT in command
    arguments = dict(
        zip(
            command[command.index(ENTRY_POINT) + 1 :: 2],
            command[command.index(ENTRY_POINT) + 2 :: 2],
            strict=True,
        )
    )
    assert arguments["-port"] == "19105"
    assert arguments["-threads"] == "3"
    assert arguments["-preload"] == "tokenize,ssplit,pos,lemma,ner,depparse,coref"
    assert arguments["-serverProperties"] == str(local.properties_file)
    assert f"-Djava.io.tmpdir={local.tmp}" in command
    assert set(local.markers()) <= set(command)


def test_server_properties_are_the_pipeline_properties(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = server(tmp_path, monkeypatch)
    local.prepare()
    written = {}
    for line in local.properties_file.read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition(" = ")
            written[key] = value
    assert written == Pipeline().properties()
    assert written["ner.model"].endswith("english.conll.4class.distsim.crf.ser.gz")
    assert written["ner.useSUTime"] == "false"


def test_nothing_recorded_means_not_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    local = server(tmp_path, monkeypatch)
    assert local.running_pid() is None
    assert local.stop() is False
    local.pid_file.write(1)  # pid 1 is alive but is not this server
    assert local.running_pid() is None
    status = local.status()
    assert not status.running and not status.answers and status.url == "http://127.0.0.1:19105"


def test_pid_file_trusts_only_a_matching_command_line(tmp_path: Path) -> None:
    pid_file = PidFile(tmp_path / "run" / "x.pid")
    assert pid_file.running("anything") is None
    pid_file.write(os.getpid())
    assert pid_file.recorded() == os.getpid()
    assert alive(os.getpid())
    assert pid_file.running("no-such-argument") is None
    pid_file.clear()
    assert pid_file.recorded() is None


def test_jars_count_only_when_complete_for_the_same_artifacts(tmp_path: Path) -> None:
    one = [MavenArtifact("g", "a", "1")]
    two = [*one, MavenArtifact("g", "b", "1", "models")]
    lib = tmp_path / "lib"
    assert not jars_ready(lib, one)
    lib.mkdir()
    (lib / ".complete").write_text(common._marker(one))
    assert jars_ready(lib, one)
    assert not jars_ready(lib, two)  # an artifact was added: fetch again
    assert two[1].jar_name == "b-1-models.jar"


def test_a_taken_port_is_refused() -> None:
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        assert port_open(port)
        with pytest.raises(LocalServerError, match="ACTORGRAPH_CORENLP_PORT"):
            common.check_ports_free({port: "ACTORGRAPH_CORENLP_PORT"})


def test_settings_read_urls_as_a_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTORGRAPH_CORENLP_URLS", "http://a:9000, http://b:9001/")
    assert Settings().nlp_urls == ["http://a:9000", "http://b:9001"]
    monkeypatch.setenv("ACTORGRAPH_CORENLP_URLS", '["http://c:1"]')
    assert Settings().nlp_urls == ["http://c:1"]
    monkeypatch.delenv("ACTORGRAPH_CORENLP_URLS")
    monkeypatch.setenv("ACTORGRAPH_CORENLP_PORT", "9107")
    assert Settings().nlp_urls == ["http://127.0.0.1:9107"]
    monkeypatch.setenv("ACTORGRAPH_CORENLP_URLS", "ftp://nope")
    with pytest.raises(ValueError, match="http"):
        Settings()


def test_pipelines_differ_in_signature() -> None:
    base = Pipeline()
    assert base.signature() == Pipeline().signature()
    others = [Pipeline(ner="default"), Pipeline(coref="statistical"), Pipeline(depparse=False)]
    assert len({base.signature(), *(p.signature() for p in others)}) == 4
    assert Pipeline(coref="dcoref").annotators[-2:] == ["parse", "dcoref"]
    assert Pipeline(coref="neural").annotators[-2:] == ["parse", "coref"]
    assert Pipeline(coref="fastneural").annotators[-2:] == ["depparse", "coref"]
    assert "coref.algorithm" not in base.properties()

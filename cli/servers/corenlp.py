"""A local Stanford CoreNLP server, assembled from the official jars on Maven Central.

Maven resolves ``edu.stanford.nlp:stanford-corenlp`` and its ``models`` jar into a cache outside
the repository (whole or nothing), so a second start downloads nothing. The server preloads the
annotators of the configured pipeline (``loaders/nlp/pipeline.py``) with the same properties the
client sends, listens on 127.0.0.1 only, and is stopped by the pid this module recorded.

CoreNLP 4.5.7's server has no option for its listen address (it binds every interface); a
25-line ``HttpServerProvider`` (``LoopbackHttpServerProvider.java``, compiled once by the same
Java) makes the JDK's HTTP server bind the loopback address instead.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import httpx

from cli.servers.common import (
    LOOPBACK,
    LocalJavaServer,
    MavenArtifact,
    PidFile,
    StartReport,
    find_java,
    java_major,
    log_tail,
    maven_fetch,
    rss_bytes,
)
from graph.errors import ActorgraphError, LocalServerError, NlpServerError
from graph.settings import Settings
from loaders.nlp.pipeline import CORENLP_VERSION, Pipeline

ENTRY_POINT = "edu.stanford.nlp.pipeline.StanfordCoreNLPServer"
ARTIFACTS = (
    MavenArtifact("edu.stanford.nlp", "stanford-corenlp", CORENLP_VERSION),
    MavenArtifact("edu.stanford.nlp", "stanford-corenlp", CORENLP_VERSION, "models"),
    # CoreNLP logs through SLF4J, whose API it ships without a binding: without this one every
    # message, errors included, is dropped. The version matches CoreNLP's slf4j-api.
    MavenArtifact("org.slf4j", "slf4j-simple", "1.7.12"),
)
WARM_UP_TEXT = (
    "Iranian Foreign Minister Abbas Araghchi met his Russian counterpart in Moscow on Monday. "
    "He said that Tehran would keep supporting the government in Damascus."
)
SHIM_SOURCE = Path(__file__).with_name("LoopbackHttpServerProvider.java")
SHIM_CLASS = "actorgraph.LoopbackHttpServerProvider"
_EXPORT = ("--add-exports", "jdk.httpserver/sun.net.httpserver=ALL-UNNAMED")


class LocalCoreNLP(LocalJavaServer):
    """One local CoreNLP server: jars in ``corenlp_cache``, pid, log and properties in
    ``corenlp_home`` (one home per server)."""

    label = "CoreNLP"

    def __init__(
        self, settings: Settings, pipeline: Pipeline | None = None, port: int | None = None
    ) -> None:
        super().__init__(settings.corenlp_home.expanduser())
        self.settings = settings
        self.pipeline = pipeline or Pipeline.from_settings(settings)
        self.port = port or settings.corenlp_port
        self.root = settings.corenlp_cache.expanduser() / f"corenlp-{CORENLP_VERSION}"
        self.lib = self.root / "lib"
        self.pid_file = PidFile(self.home / "run" / "corenlp.pid")
        self.console_log = self.home / "logs" / "corenlp.log"
        self.tmp = self.home / "tmp"
        self.properties_file = self.home / "conf" / "server.properties"
        self._java: Path | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    # -- assembling ------------------------------------------------------------------------

    def java(self) -> Path:
        if self._java is None:
            try:
                self._java = find_java(self.settings.java_home, f"CoreNLP {CORENLP_VERSION}")
            except LocalServerError as exc:
                raise NlpServerError(str(exc)) from exc
        return self._java

    def shim_dir(self) -> Path:
        digest = hashlib.sha256(SHIM_SOURCE.read_bytes()).hexdigest()[:10]
        return self.root / f"loopback-java{java_major(self.java())}-{digest}"

    def assemble(self) -> float:
        """Fetch the jars unless cached and compile the loopback shim unless compiled; returns
        the seconds spent downloading (0 if cached)."""
        try:
            seconds = maven_fetch(
                self.lib,
                ARTIFACTS,
                name="corenlp-local",
                what=f"Stanford CoreNLP {CORENLP_VERSION}",
            )
        except LocalServerError as exc:
            raise NlpServerError(str(exc)) from exc
        self._compile_shim()
        return seconds

    def _compile_shim(self) -> Path:
        target = self.shim_dir()
        if (target / "actorgraph" / "LoopbackHttpServerProvider.class").is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as work:
            out = Path(work) / "classes"
            # The JDK's compiler module, run by the server's own java: no separate javac needed.
            result = subprocess.run(
                [
                    str(self.java()),
                    "-m",
                    "jdk.compiler/com.sun.tools.javac.Main",
                    *_EXPORT,
                    "-d",
                    str(out),
                    str(SHIM_SOURCE),
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise NlpServerError(
                    "could not compile the loopback shim (needs the jdk.compiler module of a "
                    f"full Java runtime such as Debian's openjdk-17-jre-headless):\n"
                    f"{(result.stdout + result.stderr)[-2000:]}"
                )
            try:
                out.rename(target)
            except OSError:
                if not target.is_dir():  # another process compiled it at the same moment
                    raise
        return target

    # -- configuration ---------------------------------------------------------------------

    def threads(self) -> int:
        return self.settings.corenlp_threads or os.cpu_count() or 1

    def prepare(self) -> None:
        for folder in (self.tmp, self.properties_file.parent, self.pid_file.path.parent):
            folder.mkdir(parents=True, exist_ok=True)
        lines = ["# Written by actorgraph (cli/servers/corenlp.py); rewritten at every start."]
        lines += [f"{key} = {value}" for key, value in sorted(self.pipeline.properties().items())]
        self.properties_file.write_text("\n".join(lines) + "\n")

    def command(self) -> list[str]:
        s = self.settings
        return [
            str(self.java()),
            f"-Xmx{s.corenlp_heap}",
            f"-Djava.io.tmpdir={self.tmp}",  # the shutdown key file, one per server
            "-Djava.net.preferIPv4Stack=true",
            "-Dfile.encoding=UTF-8",
            *_EXPORT,
            f"-Dcom.sun.net.httpserver.HttpServerProvider={SHIM_CLASS}",
            "-cp",
            f"{self.lib}/*:{self.shim_dir()}",
            ENTRY_POINT,
            "-port",
            str(self.port),
            "-status_port",
            str(self.port),
            "-server_id",
            f"actorgraph-{self.port}",
            "-timeout",
            str(int(s.corenlp_timeout * 1000)),
            "-threads",
            str(self.threads()),
            "-maxCharLength",
            str(s.corenlp_max_chars),
            "-quiet",
            "true",
            "-preload",
            ",".join(self.pipeline.annotators),
            "-serverProperties",
            str(self.properties_file),
        ]

    def markers(self) -> tuple[str, ...]:
        return (ENTRY_POINT, f"-Djava.io.tmpdir={self.tmp}")

    def ports(self) -> Mapping[int, str]:
        return {self.port: "ACTORGRAPH_CORENLP_PORT"}

    # -- lifecycle -------------------------------------------------------------------------

    def answers(self, timeout: float = 2.0) -> bool:
        """Whether the server says it is ready (its annotators are loaded)."""
        try:
            response = httpx.get(f"{self.url}/ready", timeout=timeout)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def start(self, timeout: float = 180.0) -> StartReport:
        """Start the server and send it one request the way the client will (see warm_up)."""
        try:
            report = super().start(timeout)
        except NlpServerError:
            raise
        except LocalServerError as exc:
            raise NlpServerError(str(exc)) from exc
        if report.already_running:
            return report
        began = time.perf_counter()
        try:
            self.warm_up()
        except ActorgraphError as exc:
            self.stop()
            raise NlpServerError(
                f"CoreNLP started but could not annotate: {exc}\n{log_tail(self.console_log)}"
            ) from exc
        return replace(report, start_seconds=report.start_seconds + time.perf_counter() - began)

    def warm_up(self) -> None:
        """Annotate a short text with the client's exact request.

        ``-preload`` builds the annotators from the server's properties; a request builds its
        pipeline from its own, and some annotators (coreference) do not match the preloaded
        ones, or load their dictionaries on first use. One request at start moves that cost
        (seconds for coreference) out of the first real article."""
        from loaders.nlp.client import CoreNLPClient

        settings = self.settings.model_copy(update={"corenlp_urls": [self.url]})
        with CoreNLPClient(settings, pipeline=self.pipeline, cache=None) as client:
            client.parse(WARM_UP_TEXT)

    def rss(self) -> int | None:
        """Resident memory of the running server in bytes."""
        pid = self.running_pid()
        return rss_bytes(pid) if pid is not None else None

"""A real Neo4j Community server without Docker, assembled from Maven Central jars.

Maven resolves ``org.neo4j:neo4j`` (the community meta-jar holding
``org.neo4j.server.CommunityEntryPoint``) and ``org.neo4j.client:neo4j-browser`` into a cache
outside the repository, so a second start downloads nothing. The server runs on Java 17 or 21
with the JVM flags of Neo4j's own launcher, listens on 127.0.0.1 only, and is stopped by the pid
this module recorded, never by a pattern match.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from graph.errors import Neo4jServerError
from graph.settings import Settings

NEO4J_VERSION = "5.26.30"
BROWSER_VERSION = "5.24.0"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
SUPPORTED_JAVA = (17, 21)

# The flags Neo4j 5's launcher passes (server.jvm.additional in its default neo4j.conf).
LAUNCHER_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+AlwaysPreTouch",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)

_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.actorgraph</groupId>
  <artifactId>neo4j-local</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId><artifactId>neo4j</artifactId>
      <version>{neo4j}</version>
    </dependency>
    <dependency>
      <groupId>org.neo4j.client</groupId><artifactId>neo4j-browser</artifactId>
      <version>{browser}</version>
    </dependency>
  </dependencies>
</project>
"""


@dataclass(frozen=True)
class StartReport:
    pid: int
    bolt_uri: str
    download_seconds: float
    start_seconds: float
    already_running: bool


@dataclass(frozen=True)
class Status:
    running: bool
    pid: int | None
    answers: bool
    bolt_uri: str
    browser_url: str


class LocalNeo4j:
    """One local server: jars in ``settings.neo4j_cache``, data and logs in ``neo4j_home``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.neo4j_home.expanduser()
        self.lib = settings.neo4j_cache.expanduser() / f"neo4j-{NEO4J_VERSION}" / "lib"
        self.pid_file = self.home / "run" / "neo4j.pid"
        self.console_log = self.home / "logs" / "console.log"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.settings.neo4j_bolt_port}"

    @property
    def browser_url(self) -> str:
        return (
            f"http://127.0.0.1:{self.settings.neo4j_http_port}/browser/"
            f"?connectURL=neo4j://127.0.0.1:{self.settings.neo4j_bolt_port}"
        )

    # -- assembling ------------------------------------------------------------------------

    def jars_ready(self) -> bool:
        return (self.lib / ".complete").is_file()

    def assemble(self) -> float:
        """Fetch the jars unless cached; returns the seconds spent downloading (0 if cached)."""
        if self.jars_ready():
            return 0.0
        mvn = shutil.which("mvn")
        if mvn is None:
            raise Neo4jServerError("Maven (mvn) is not installed: it fetches the Neo4j jars")
        began = time.perf_counter()
        self.lib.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.lib.parent) as work:
            pom = Path(work) / "pom.xml"
            pom.write_text(_POM.format(neo4j=NEO4J_VERSION, browser=BROWSER_VERSION))
            staging = Path(work) / "lib"
            result = subprocess.run(
                [
                    mvn,
                    "-q",
                    "-B",
                    "-f",
                    str(pom),
                    "dependency:copy-dependencies",
                    "-DincludeScope=runtime",
                    f"-DoutputDirectory={staging}",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0 or not any(staging.glob(f"neo4j-{NEO4J_VERSION}.jar")):
                tail = (result.stdout + result.stderr)[-2000:]
                raise Neo4jServerError(f"Maven could not fetch Neo4j {NEO4J_VERSION}:\n{tail}")
            (staging / ".complete").write_text(f"{NEO4J_VERSION} {BROWSER_VERSION}\n")
            shutil.rmtree(self.lib, ignore_errors=True)
            staging.rename(self.lib)  # whole or nothing: a broken download is never "cached"
        return time.perf_counter() - began

    # -- configuration ---------------------------------------------------------------------

    def java(self) -> Path:
        candidates: list[Path] = []
        for home in (self.settings.java_home, os.environ.get("JAVA_HOME")):
            if home:
                candidates.append(Path(home) / "bin" / "java")
        for major in SUPPORTED_JAVA:
            candidates.append(Path(f"/usr/lib/jvm/java-{major}-openjdk-amd64/bin/java"))
        on_path = shutil.which("java")
        if on_path:
            candidates.append(Path(on_path))
        for candidate in candidates:
            if candidate.is_file() and _java_major(candidate) in SUPPORTED_JAVA:
                return candidate
        raise Neo4jServerError(
            f"Neo4j {NEO4J_VERSION} needs Java 17 or 21; none found (set ACTORGRAPH_JAVA_HOME)"
        )

    def write_conf(self) -> Path:
        s = self.settings
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        conf = self.home / "conf" / "neo4j.conf"
        conf.write_text(
            "\n".join(
                [
                    "# Written by actorgraph (graph/neo4j_local.py); rewritten at every start.",
                    "server.default_listen_address=127.0.0.1",
                    f"server.bolt.listen_address=127.0.0.1:{s.neo4j_bolt_port}",
                    f"server.http.listen_address=127.0.0.1:{s.neo4j_http_port}",
                    "server.http.enabled=true",
                    "server.https.enabled=false",
                    # Loopback only, so no password by default: tests and the Browser connect
                    # directly. ACTORGRAPH_NEO4J_LOCAL_AUTH turns authentication on.
                    f"dbms.security.auth_enabled={str(s.neo4j_local_auth).lower()}",
                    f"server.memory.heap.initial_size={s.neo4j_heap}",
                    f"server.memory.heap.max_size={s.neo4j_heap}",
                    f"server.memory.pagecache.size={s.neo4j_pagecache}",
                    "dbms.usage_report.enabled=false",
                    f"server.directories.data={self.home / 'data'}",
                    f"server.directories.logs={self.home / 'logs'}",
                    f"server.directories.run={self.home / 'run'}",
                    f"server.directories.plugins={self.home / 'plugins'}",
                    f"server.directories.import={self.home / 'import'}",
                    # Server-side walls behind the API's own checks: no transaction (an ingest
                    # batch, a user's query) runs past 2 minutes or holds more than 512 MiB.
                    "db.transaction.timeout=120s",
                    "db.memory.transaction.max=512m",
                    # Plans made on an empty graph are replanned within a second, not ten, as
                    # an ingest fills it (measured: 12.8 s vs 3.8 s for 500 fresh articles).
                    "dbms.cypher.min_replan_interval=1s",
                    "",
                ]
            )
        )
        return conf

    def command(self) -> list[str]:
        heap = self.settings.neo4j_heap
        return [
            str(self.java()),
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *LAUNCHER_JVM_FLAGS,
            "-cp",
            f"{self.lib}/*:{self.home / 'plugins'}/*",
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.home / 'conf'}",
        ]

    # -- lifecycle -------------------------------------------------------------------------

    def running_pid(self) -> int | None:
        """The recorded pid, if that process is alive and is this server."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            return None
        if ENTRY_POINT in cmdline and f"--home-dir={self.home}" in cmdline:
            return pid
        return None

    def answers(self, timeout: float = 2.0) -> bool:
        """Whether Bolt answers (refusing our credentials counts: the server is up)."""
        try:
            with (
                GraphDatabase.driver(
                    self.bolt_uri, auth=self._auth(), connection_timeout=timeout
                ) as driver,
                driver.session() as session,
            ):
                # A single run, not execute_query: that one retries a dead port for 30 s.
                record = session.run("RETURN 1 AS ok").single()
                return record is not None and record["ok"] == 1
        except AuthError:
            return True
        except (ServiceUnavailable, Neo4jError, OSError):
            return False

    def _auth(self) -> tuple[str, str] | None:
        password = self.settings.neo4j_password
        if not self.settings.neo4j_local_auth or password is None:
            return None
        return (self.settings.neo4j_user, password.get_secret_value())

    def _set_initial_password(self) -> None:
        """A new server with auth on knows only neo4j/neo4j, which must be changed first."""
        wanted = self._auth()
        if wanted is None:
            return
        try:
            with GraphDatabase.driver(self.bolt_uri, auth=wanted) as driver:
                driver.verify_connectivity()
                return  # already set
        except AuthError:
            pass
        with (
            GraphDatabase.driver(self.bolt_uri, auth=("neo4j", "neo4j")) as driver,
            driver.session(database="system") as session,
        ):
            session.run(
                "ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO $password", password=wanted[1]
            ).consume()

    def start(self, timeout: float = 180.0) -> StartReport:
        pid = self.running_pid()
        if pid is not None:
            return StartReport(pid, self.bolt_uri, 0.0, 0.0, already_running=True)
        download = self.assemble()
        for port in (self.settings.neo4j_bolt_port, self.settings.neo4j_http_port):
            if _port_open(port):
                raise Neo4jServerError(
                    f"port {port} on 127.0.0.1 is taken by another process; stop it or set "
                    "ACTORGRAPH_NEO4J_BOLT_PORT / ACTORGRAPH_NEO4J_HTTP_PORT"
                )
        self.write_conf()
        began = time.perf_counter()
        with self.console_log.open("ab") as log:
            process = subprocess.Popen(
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.home,
                start_new_session=True,  # outlives the command that started it
            )
        self.pid_file.write_text(f"{process.pid}\n")
        deadline = began + timeout
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise Neo4jServerError(
                    f"Neo4j exited with code {process.returncode} while starting; "
                    f"last lines of {self.console_log}:\n{self._log_tail()}"
                )
            if _port_open(self.settings.neo4j_bolt_port) and self.answers():
                self._set_initial_password()
                return StartReport(
                    process.pid,
                    self.bolt_uri,
                    download,
                    time.perf_counter() - began,
                    already_running=False,
                )
            time.sleep(0.25)
        self.stop()
        raise Neo4jServerError(f"Neo4j did not answer on Bolt within {timeout:.0f}s")

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the recorded server; False when none was running."""
        pid = self.running_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.perf_counter() + timeout
        # Wait for the process itself to end: while the JVM exits its cmdline is already empty.
        while time.perf_counter() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> Status:
        pid = self.running_pid()
        return Status(
            running=pid is not None,
            pid=pid,
            answers=pid is not None and self.answers(),
            bolt_uri=self.bolt_uri,
            browser_url=self.browser_url,
        )

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.console_log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no console log)"


def _java_major(java: Path) -> int | None:
    try:
        out = subprocess.run(
            [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
        ).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    for token in out.split():
        token = token.strip('"')
        if token[:2].isdigit():
            head = token.split(".")[0]
            if head.isdigit():
                return int(head)
    return None


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int) -> bool:
    """Whether the process still exists (a zombie counts as ended; our own child is reaped)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")

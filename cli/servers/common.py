"""What every local Java server of actorgraph has in common (Neo4j, CoreNLP).

- jars resolved by Maven into a cache folder, whole or nothing (a ``.complete`` marker);
- a Java 17 or 21 runtime found on this machine;
- a recorded pid, checked against the process's command line before it is trusted;
- start (a detached process, a log file, a readiness probe), stop (exactly that pid: SIGTERM,
  then SIGKILL after a grace period), status, and free-port checks on 127.0.0.1.

``LocalJavaServer`` holds the lifecycle; a server supplies its jars, its command line, the
ports it needs and how to ask it whether it answers.
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
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.errors import LocalServerError

SUPPORTED_JAVA = (17, 21)
LOOPBACK = "127.0.0.1"


# -- Maven -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MavenArtifact:
    group: str
    artifact: str
    version: str
    classifier: str | None = None

    @property
    def jar_name(self) -> str:
        suffix = f"-{self.classifier}" if self.classifier else ""
        return f"{self.artifact}-{self.version}{suffix}.jar"

    def pom_dependency(self) -> str:
        classifier = f"<classifier>{self.classifier}</classifier>" if self.classifier else ""
        return (
            f"<dependency><groupId>{self.group}</groupId>"
            f"<artifactId>{self.artifact}</artifactId><version>{self.version}</version>"
            f"{classifier}</dependency>"
        )


_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.actorgraph</groupId>
  <artifactId>{name}</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    {dependencies}
  </dependencies>
</project>
"""


def _marker(artifacts: Sequence[MavenArtifact]) -> str:
    return "".join(f"{a.group}:{a.artifact}:{a.version}:{a.classifier or ''}\n" for a in artifacts)


def jars_ready(lib: Path, artifacts: Sequence[MavenArtifact]) -> bool:
    """Whether ``lib`` holds a complete fetch of exactly these artifacts."""
    try:
        return (lib / ".complete").read_text() == _marker(artifacts)
    except OSError:
        return False


def maven_fetch(lib: Path, artifacts: Sequence[MavenArtifact], *, name: str, what: str) -> float:
    """Copy ``artifacts`` and their runtime dependencies into ``lib`` unless already complete.

    Returns the seconds spent (0 when cached). The jars are resolved into a staging folder that
    is renamed to ``lib`` only once Maven succeeded and every requested jar is there, so a broken
    download is never mistaken for a cache.
    """
    if jars_ready(lib, artifacts):
        return 0.0
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalServerError(f"Maven (mvn) is not installed: it fetches the {what} jars")
    began = time.perf_counter()
    lib.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=lib.parent) as work:
        pom = Path(work) / "pom.xml"
        pom.write_text(
            _POM.format(
                name=name,
                dependencies="\n    ".join(a.pom_dependency() for a in artifacts),
            )
        )
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
        missing = [a.jar_name for a in artifacts if not (staging / a.jar_name).is_file()]
        if result.returncode != 0 or missing:
            tail = (result.stdout + result.stderr)[-2000:]
            raise LocalServerError(f"Maven could not fetch {what} ({', '.join(missing)}):\n{tail}")
        (staging / ".complete").write_text(_marker(artifacts))
        shutil.rmtree(lib, ignore_errors=True)
        staging.rename(lib)  # whole or nothing
    return time.perf_counter() - began


# -- Java ------------------------------------------------------------------------------------


def find_java(
    java_home: Path | str | None, what: str, supported: Sequence[int] = SUPPORTED_JAVA
) -> Path:
    """A ``java`` of a supported major version: ACTORGRAPH_JAVA_HOME, JAVA_HOME, Debian's
    packages, then the PATH."""
    candidates: list[Path] = []
    for home in (java_home, os.environ.get("JAVA_HOME")):
        if home:
            candidates.append(Path(home) / "bin" / "java")
    for major in supported:
        candidates.append(Path(f"/usr/lib/jvm/java-{major}-openjdk-amd64/bin/java"))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and java_major(candidate) in supported:
            return candidate
    versions = " or ".join(str(v) for v in supported)
    raise LocalServerError(f"{what} needs Java {versions}; none found (set ACTORGRAPH_JAVA_HOME)")


def java_major(java: Path) -> int | None:
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


# -- processes -------------------------------------------------------------------------------


class PidFile:
    """The pid of the server this tool started, trusted only while that process still runs the
    expected command line (a recycled pid is never taken for the server)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, pid: int) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(f"{pid}\n")

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)

    def recorded(self) -> int | None:
        try:
            return int(self.path.read_text().strip())
        except (OSError, ValueError):
            return None

    def running(self, *markers: str) -> int | None:
        """The recorded pid if it is alive and its command line holds every marker."""
        pid = self.recorded()
        if pid is None:
            return None
        try:
            args = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            return None
        if all(marker in args for marker in markers):
            return pid
        return None


def alive(pid: int) -> bool:
    """Whether the process still exists. A JVM's main thread ends first: its process shows as a
    zombie while other threads still exit (and still hold the ports), so the threads decide."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    if _state(Path(f"/proc/{pid}/stat")) not in ("Z", "X", None):
        return True
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return False
    return any(_state(task / "stat") not in ("Z", "X", None) for task in tasks)


def _state(stat: Path) -> str | None:
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def terminate(pid: int, timeout: float = 60.0) -> None:
    """SIGTERM exactly ``pid``, wait for it to end, SIGKILL it after ``timeout`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.perf_counter() + timeout
    # Wait for the process itself to end: while the JVM exits its cmdline is already empty.
    while time.perf_counter() < deadline and alive(pid):
        time.sleep(0.2)
    if alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        while alive(pid):
            time.sleep(0.1)


def rss_bytes(pid: int) -> int | None:
    """Resident memory of a process (VmRSS), None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def port_open(port: int, host: str = LOOPBACK) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def check_ports_free(ports: Mapping[int, str]) -> None:
    """Fail when one of ``ports`` (port → the setting that chooses it) is already taken."""
    for port, setting in ports.items():
        if port_open(port):
            raise LocalServerError(
                f"port {port} on {LOOPBACK} is taken by another process; stop it or set {setting}"
            )


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


# -- lifecycle -------------------------------------------------------------------------------


# Servers this process started: they outlive it on purpose (``stop`` ends them by pid), so their
# Popen objects are kept (and reaped by ``stop``), or Python would warn that a child it started
# is still running.
_DETACHED: list[subprocess.Popen[bytes]] = []


def _reap_exited() -> None:
    for process in [p for p in _DETACHED if p.poll() is not None]:
        _DETACHED.remove(process)


@dataclass(frozen=True)
class StartReport:
    pid: int
    url: str
    download_seconds: float
    start_seconds: float
    already_running: bool


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    answers: bool
    url: str


class LocalJavaServer(ABC):
    """One local server process: ``start`` assembles and launches it and waits until it answers,
    ``stop`` ends exactly the recorded process, ``status`` says whether it runs and answers."""

    #: What the server is called in messages ("CoreNLP", "Neo4j").
    label: str = "server"

    def __init__(self, home: Path) -> None:
        self.home = home
        self.pid_file = PidFile(home / "run" / "server.pid")
        self.console_log = home / "logs" / "console.log"

    # -- what a server supplies ------------------------------------------------------------

    @property
    @abstractmethod
    def url(self) -> str:
        """Where clients reach the server."""

    @abstractmethod
    def assemble(self) -> float:
        """Fetch what the server needs unless cached; the seconds spent downloading."""

    @abstractmethod
    def command(self) -> list[str]:
        """The command line of the server process."""

    @abstractmethod
    def markers(self) -> tuple[str, ...]:
        """Arguments of ``command()`` that identify this server's process (not just any JVM)."""

    @abstractmethod
    def ports(self) -> Mapping[int, str]:
        """The ports the server listens on, each with the setting that chooses it."""

    @abstractmethod
    def answers(self, timeout: float = 2.0) -> bool:
        """Whether the server answers (ready for work, not merely listening)."""

    def prepare(self) -> None:  # noqa: B027 - optional hook
        """Write configuration before each start (folders, properties files)."""

    # -- lifecycle -------------------------------------------------------------------------

    def running_pid(self) -> int | None:
        return self.pid_file.running(*self.markers())

    def start(self, timeout: float = 180.0) -> StartReport:
        pid = self.running_pid()
        if pid is not None:
            return StartReport(pid, self.url, 0.0, 0.0, already_running=True)
        download = self.assemble()
        check_ports_free(self.ports())
        self.prepare()
        command = self.command()
        self.console_log.parent.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        with self.console_log.open("ab") as log:
            process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.home,
                start_new_session=True,  # outlives the command that started it
            )
        self.pid_file.write(process.pid)
        deadline = began + timeout
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                self.pid_file.clear()
                raise LocalServerError(
                    f"{self.label} exited with code {process.returncode} while starting; "
                    f"last lines of {self.console_log}:\n{log_tail(self.console_log)}"
                )
            if self.answers():
                _DETACHED.append(process)
                return StartReport(
                    process.pid, self.url, download, time.perf_counter() - began, False
                )
            time.sleep(0.1)
        self.stop()
        raise LocalServerError(f"{self.label} did not answer at {self.url} within {timeout:.0f}s")

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the recorded server; False when none was running."""
        pid = self.running_pid()
        if pid is None:
            self.pid_file.clear()
            _reap_exited()  # one this process started that died by itself (or was killed)
            return False
        terminate(pid, timeout)
        for process in [p for p in _DETACHED if p.pid == pid]:
            process.wait()  # started by this process: reap it
            _DETACHED.remove(process)
        self.pid_file.clear()
        deadline = time.perf_counter() + 10.0
        while time.perf_counter() < deadline and any(port_open(p) for p in self.ports()):
            time.sleep(0.1)  # a port may be released a moment after the process is gone
        return True

    def status(self) -> ServerStatus:
        pid = self.running_pid()
        return ServerStatus(
            running=pid is not None,
            pid=pid,
            answers=pid is not None and self.answers(),
            url=self.url,
        )

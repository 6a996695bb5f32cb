"""A real Neo4j Community server without Docker, assembled from Maven Central jars.

Maven resolves ``org.neo4j:neo4j`` (the community meta-jar holding
``org.neo4j.server.CommunityEntryPoint``) and ``org.neo4j.client:neo4j-browser`` into a cache
outside the repository, so a second start downloads nothing. The server runs on Java 17 or 21
with the JVM flags of Neo4j's own launcher, listens on 127.0.0.1 only, and is stopped by the pid
this module recorded, never by a pattern match. The lifecycle is the one every local Java
server of actorgraph shares (``cli/servers/common.py``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from cli.servers.common import (
    LOOPBACK,
    LocalJavaServer,
    MavenArtifact,
    PidFile,
    StartReport,
    find_java,
    maven_fetch,
)
from graph.cypher import grass_rules
from graph.settings import Settings
from graph.store.neo4j import bolt_answers, set_initial_password

NEO4J_VERSION = "5.26.30"
BROWSER_VERSION = "5.24.0"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ARTIFACTS = (
    MavenArtifact("org.neo4j", "neo4j", NEO4J_VERSION),
    MavenArtifact("org.neo4j.client", "neo4j-browser", BROWSER_VERSION),
)


def browser_url(http: str, bolt: str, user: str | None) -> str:
    """The Browser's address with the connection form filled in (Browser URL parameters)."""
    if user is None:
        return f"{http}/browser/?dbms=bolt://{bolt}&preselectAuthMethod=NO_AUTH"
    return f"{http}/browser/?dbms=bolt://{quote(user)}@{bolt}&preselectAuthMethod=NATIVE"


def browser_conf(guide_url: str) -> list[str]:
    """neo4j.conf lines for the Browser: no telemetry of any kind, content only from this
    machine, and on connect the actorgraph style and the analyst guide (served by the API)."""
    style = json.dumps(grass_rules(), separators=(",", ":"))
    return [
        # Product analytics and crash reports of Browser (and Bloom), the server's usage
        # report, and the drivers' telemetry messages: all off.
        "client.allow_telemetry=false",
        "dbms.usage_report.enabled=false",
        "server.bolt.telemetry.enabled=false",
        # Guides and styles may come from this machine only (the default also allows
        # guides.neo4j.com).
        "browser.remote_content_hostname_whitelist=localhost,127.0.0.1",
        f"browser.post_connect_cmd=style {style}; play {guide_url}",
    ]


def memory_walls(heap: str) -> list[str]:
    """neo4j.conf lines capping what transactions may hold, from the heap size ("1g"): one
    transaction half of it, all of them together three quarters, so that neither one query nor
    several at once run the server out of heap (it refuses the allocation instead). Half,
    not less: the windowed snapshot of the 10,000-article zipf corpus (the alliance analytics)
    needs more than a quarter of a 1 GiB heap. Values built inside one expression (a
    `range()`, a `reduce()`) are not counted by Neo4j, which is why POST /cypher bounds those
    itself (graph/cypher_guard.py)."""
    units = {"k": 1, "m": 1024, "g": 1024 * 1024}
    suffix = heap[-1].lower()
    kib = int(heap[:-1]) * units[suffix] if suffix in units else int(heap) // 1024
    return [
        f"db.memory.transaction.max={max(kib // 2 // 1024, 16)}m",
        f"dbms.memory.transaction.total.max={max(kib * 3 // 4 // 1024, 32)}m",
    ]


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


class LocalNeo4j(LocalJavaServer):
    """One local server: jars in ``settings.neo4j_cache``, data and logs in ``neo4j_home``."""

    label = "Neo4j"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings.neo4j_home.expanduser())
        self.settings = settings
        self.lib = settings.neo4j_cache.expanduser() / f"neo4j-{NEO4J_VERSION}" / "lib"
        self.pid_file = PidFile(self.home / "run" / "neo4j.pid")
        self.console_log = self.home / "logs" / "console.log"

    @property
    def url(self) -> str:
        return self.bolt_uri

    @property
    def bolt_uri(self) -> str:
        return f"bolt://{LOOPBACK}:{self.settings.neo4j_bolt_port}"

    @property
    def browser_url(self) -> str:
        """Neo4j Browser, filled in for this server: with auth off it connects by itself (one
        click at most); with auth on only the password is asked for."""
        return browser_url(
            f"http://{LOOPBACK}:{self.settings.neo4j_http_port}",
            f"{LOOPBACK}:{self.settings.neo4j_bolt_port}",
            self.settings.neo4j_user if self.settings.neo4j_local_auth else None,
        )

    def assemble(self) -> float:
        """Fetch the jars unless cached; returns the seconds spent downloading (0 if cached)."""
        return maven_fetch(self.lib, ARTIFACTS, name="neo4j-local", what=f"Neo4j {NEO4J_VERSION}")

    def java(self) -> Path:
        return find_java(self.settings.java_home, f"Neo4j {NEO4J_VERSION}")

    def markers(self) -> tuple[str, ...]:
        return (ENTRY_POINT, f"--home-dir={self.home}")

    def ports(self) -> Mapping[int, str]:
        return {
            self.settings.neo4j_bolt_port: "ACTORGRAPH_NEO4J_BOLT_PORT",
            self.settings.neo4j_http_port: "ACTORGRAPH_NEO4J_HTTP_PORT",
        }

    def prepare(self) -> None:
        self.write_conf()

    def write_conf(self) -> Path:
        s = self.settings
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        conf = self.home / "conf" / "neo4j.conf"
        conf.write_text(
            "\n".join(
                [
                    "# Written by actorgraph (cli/servers/neo4j.py); rewritten at every start.",
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
                    f"server.directories.data={self.home / 'data'}",
                    f"server.directories.logs={self.home / 'logs'}",
                    f"server.directories.run={self.home / 'run'}",
                    f"server.directories.plugins={self.home / 'plugins'}",
                    f"server.directories.import={self.home / 'import'}",
                    # Server-side walls behind the API's own checks: no transaction (an ingest
                    # batch, a user's query) runs past 2 minutes, holds more than half of
                    # the heap, or, all together, more than three quarters (Neo4j refuses the
                    # allocation, MemoryPoolOutOfMemoryError, instead of running out of heap).
                    "db.transaction.timeout=120s",
                    *memory_walls(s.neo4j_heap),
                    # Plans made on an empty graph are replanned within a second, not ten, as
                    # an ingest fills it (measured: 12.8 s vs 3.8 s for 500 fresh articles).
                    "dbms.cypher.min_replan_interval=1s",
                    *browser_conf(s.browser_guide_url),
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

    def answers(self, timeout: float = 2.0) -> bool:
        """Whether Bolt answers (refusing our credentials counts: the server is up)."""
        return bolt_answers(self.bolt_uri, self._auth(), timeout)

    def _auth(self) -> tuple[str, str] | None:
        password = self.settings.neo4j_password
        if not self.settings.neo4j_local_auth or password is None:
            return None
        return (self.settings.neo4j_user, password.get_secret_value())

    def _set_initial_password(self) -> None:
        wanted = self._auth()
        if wanted is not None:
            set_initial_password(self.bolt_uri, wanted)

    def start(self, timeout: float = 180.0) -> StartReport:
        report = super().start(timeout)
        if not report.already_running:
            self._set_initial_password()
        return report

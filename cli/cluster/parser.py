"""One loopback CoreNLP per machine for the Dask workers on it.

A worker whose ``ACTORGRAPH_CORENLP_URLS`` is empty shares this server with the other workers
of its machine: the first one starts it with the project's launcher (``LocalCoreNLP``, in its
own home and on its own port, so ``actorgraph nlp stop`` and this never stop each other's), the
last one to leave stops it. A lock file serialises starting, joining and leaving; each worker
process registers itself as a file named by its pid and start time, so a worker killed with
SIGKILL (which never leaves) is noticed as gone by the next one that looks.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from cli.servers.corenlp import LocalCoreNLP
from graph.settings import Settings


def process_tag(pid: int) -> str | None:
    """``pid-starttime``: names one process for its whole life (a pid alone is recycled)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return f"{pid}-{fields[19]}"  # field 22 of stat: start time in clock ticks since boot


class SharedParser:
    """The machine's worker CoreNLP: ``join`` (start it unless it runs) and ``leave`` (stop it
    when no live worker uses it any more)."""

    def __init__(self, settings: Settings) -> None:
        self.home = settings.worker_corenlp_home.expanduser()
        self.server = LocalCoreNLP(
            settings.model_copy(
                update={"corenlp_home": self.home, "corenlp_port": settings.worker_corenlp_port}
            )
        )
        self.users = self.home / "users"
        self.lock_file = self.home / "lock"
        self.me = process_tag(os.getpid()) or str(os.getpid())

    @property
    def url(self) -> str:
        return self.server.url

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.users.mkdir(parents=True, exist_ok=True)
        with self.lock_file.open("a") as handle:
            # Held while a server starts (~30 s): the machine's other workers wait for it and
            # then use it, rather than start a second one on the same port.
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _live_users(self) -> list[Path]:
        live = []
        for entry in self.users.iterdir():
            pid = entry.name.split("-", 1)[0]
            if pid.isdigit() and process_tag(int(pid)) == entry.name:
                live.append(entry)
            else:
                entry.unlink(missing_ok=True)  # a worker that died without leaving
        return live

    def join(self, timeout: float = 600.0) -> str:
        """Register this process and return the server's URL, starting it when needed."""
        with self._locked():
            self._live_users()
            (self.users / self.me).touch()
            try:
                if not self.server.answers():
                    self.server.start(timeout=timeout)
            except BaseException:
                (self.users / self.me).unlink(missing_ok=True)
                raise
        return self.server.url

    def leave(self) -> bool:
        """Unregister this process; stop the server when it was the last user. True when it
        stopped the server."""
        with self._locked():
            (self.users / self.me).unlink(missing_ok=True)
            if self._live_users():
                return False
            return self.server.stop()

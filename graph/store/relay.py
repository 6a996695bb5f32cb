"""A loopback relay that one user query's connections to Neo4j go through (POST /cypher).

The driver decodes a whole record before handing it over, so a size check on decoded rows
comes too late: ``RETURN range(1, 8000000)`` is one record, and the API grew by a gigabyte
before it could refuse it. Through this relay every byte Neo4j sends is counted as it
arrives; past the limit both sides of every connection are cut, so the driver never receives
(nor decodes) more than the limit plus one read. Cutting is also how a query past its
deadline loses its connection at once, whatever the server or the driver are doing.

The driver is pointed here by its ``resolver``: each address it would connect to (the
configured one, or a routing table's) gets a listener on 127.0.0.1 that connects onwards.
Only for plain Bolt: with TLS the server's name would no longer match (see
``Neo4jBackend.run_read_only``).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterable, Sequence
from typing import Any

CHUNK = 64 * 1024


class Relay:
    """Relays connections to Neo4j, counting what comes back; ``close`` cuts everything."""

    def __init__(self, limit: int, connect_timeout: float) -> None:
        self.limit = limit
        self.connect_timeout = connect_timeout
        self.received = 0
        self.exceeded = False
        self._lock = threading.Lock()
        self._listeners: dict[tuple[str, int], socket.socket] = {}
        self._sockets: list[socket.socket] = []
        self._closed = False

    def resolver(self, address: Sequence[Any]) -> Iterable[tuple[str, int]]:
        """The driver's ``resolver``: the address of our listener for ``address``."""
        upstream = (str(address[0]), int(address[1]))
        with self._lock:
            if self._closed:
                raise OSError("the relay is closed")
            listener = self._listeners.get(upstream)
            if listener is None:
                listener = socket.create_server(("127.0.0.1", 0))
                self._listeners[upstream] = listener
                threading.Thread(
                    target=self._accept, args=(listener, upstream), name="relay", daemon=True
                ).start()
        return [("127.0.0.1", int(listener.getsockname()[1]))]

    def _accept(self, listener: socket.socket, upstream: tuple[str, int]) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed
            try:
                server = socket.create_connection(upstream, timeout=self.connect_timeout)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._closed:
                    client.close()
                    server.close()
                    return
                self._sockets += [client, server]
            for source, target, counted in ((server, client, True), (client, server, False)):
                threading.Thread(
                    target=self._pump, args=(source, target, counted), name="relay", daemon=True
                ).start()

    def _pump(self, source: socket.socket, target: socket.socket, counted: bool) -> None:
        try:
            while True:
                data = source.recv(CHUNK)
                if not data:
                    break
                if counted:
                    with self._lock:
                        self.received += len(data)
                        over = self.received > self.limit
                    if over:
                        self.exceeded = True
                        self.close()
                        return
                target.sendall(data)
        except OSError:
            pass
        # One side hung up: so does the other.
        for sock in (source, target):
            _cut(sock)

    def close(self) -> None:
        """Cut every connection and stop listening (threads blocked on them wake up)."""
        with self._lock:
            self._closed = True
            sockets = [*self._sockets, *self._listeners.values()]
        for sock in sockets:
            _cut(sock)


def _cut(sock: socket.socket) -> None:
    # shutdown first: it wakes a thread blocked reading the socket, which close alone does not.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()

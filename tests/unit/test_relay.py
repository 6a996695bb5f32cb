"""The relay a user query's connections go through: what the server sends is counted as it
arrives, and past the limit (or on close) every connection is cut at once."""

from __future__ import annotations

import socket
import threading
import time

from graph.store.relay import CHUNK, Relay


def talker(total: int) -> tuple[socket.socket, int]:
    """A server that answers any connection with ``total`` bytes, then waits."""
    server = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = server.accept()
        conn.recv(16)
        try:
            sent = 0
            while sent < total:
                sent += conn.send(b"x" * min(CHUNK, total - sent))
            time.sleep(5)
        except OSError:
            pass
        finally:
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return server, int(server.getsockname()[1])


def read_all(address: tuple[str, int]) -> int:
    with socket.create_connection(address, timeout=10) as client:
        client.sendall(b"hello")
        received = 0
        while chunk := client.recv(1 << 16):
            received += len(chunk)
        return received


def test_the_relay_cuts_past_its_limit_before_the_rest_arrives() -> None:
    server, port = talker(20_000_000)
    relay = Relay(limit=1_000_000, connect_timeout=2)
    try:
        [address] = relay.resolver(("127.0.0.1", port))
        began = time.monotonic()
        received = read_all(address)
        assert relay.exceeded
        assert received <= 1_000_000 + CHUNK, received
        assert time.monotonic() - began < 5  # cut, not waiting for the server
    finally:
        relay.close()
        server.close()


def test_a_small_answer_passes_and_close_cuts_a_waiting_reader() -> None:
    server, port = talker(1_000)
    relay = Relay(limit=1_000_000, connect_timeout=2)
    [address] = relay.resolver(("127.0.0.1", port))
    client = socket.create_connection(address, timeout=10)
    try:
        client.sendall(b"hello")
        got = b""
        while len(got) < 1_000:
            got += client.recv(4096)
        threading.Timer(0.5, relay.close).start()
        began = time.monotonic()
        assert client.recv(4096) == b""  # woken by the cut, not the server's 5 s
        assert time.monotonic() - began < 3
        assert not relay.exceeded and relay.received == 1_000
    finally:
        client.close()
        server.close()

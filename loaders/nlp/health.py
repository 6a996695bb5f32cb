"""Whether the configured CoreNLP servers answer: for `actorgraph nlp status` and /health."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from graph.settings import Settings


@dataclass(frozen=True)
class ServerHealth:
    url: str
    answers: bool
    seconds: float
    error: str | None = None


@dataclass(frozen=True)
class NlpHealth:
    servers: tuple[ServerHealth, ...]

    @property
    def ok(self) -> bool:
        """At least one server answers (the client skips the others)."""
        return any(server.answers for server in self.servers)

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "servers": [
                {
                    "url": s.url,
                    "answers": s.answers,
                    "ms": round(s.seconds * 1000, 1),
                    **({"error": s.error} if s.error else {}),
                }
                for s in self.servers
            ],
        }


def server_health(url: str, timeout: float = 2.0) -> ServerHealth:
    """Ask one server's ``/ready`` (200 once its annotators are loaded)."""
    began = time.perf_counter()
    try:
        response = httpx.get(f"{url.rstrip('/')}/ready", timeout=timeout)
    except httpx.HTTPError as exc:
        return ServerHealth(url, False, time.perf_counter() - began, type(exc).__name__)
    seconds = time.perf_counter() - began
    if response.status_code != 200:
        return ServerHealth(url, False, seconds, f"HTTP {response.status_code}")
    return ServerHealth(url, True, seconds)


def nlp_health(settings: Settings | None = None, timeout: float = 2.0) -> NlpHealth:
    settings = settings or Settings()
    return NlpHealth(tuple(server_health(url, timeout) for url in settings.nlp_urls))

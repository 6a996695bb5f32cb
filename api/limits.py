"""Request limits applied before any route runs: URL length and body size, for every route."""

from __future__ import annotations

import json
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import BodyTooLarge
from graph.settings import Settings


class RequestLimits:
    """ASGI middleware: 414 for a URL over ``max_url_bytes``; 413 for a body over
    ``max_body_bytes``, by its Content-Length at once, or while it streams in."""

    def __init__(self, app: ASGIApp, settings: Callable[[Scope], Settings]) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings = self.settings(scope)
        url_bytes = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        if url_bytes > settings.max_url_bytes:
            await _reply(
                send,
                414,
                "url_too_long",
                f"request URL longer than {settings.max_url_bytes} bytes",
            )
            return
        limit = settings.max_body_bytes
        for name, value in scope.get("headers") or ():
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await _reply(send, 413, "body_too_large", str(BodyTooLarge(limit)))
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)  # answered 413 by the app's error handler
            return message

        await self.app(scope, counted, send)


async def _reply(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"status": status, "code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

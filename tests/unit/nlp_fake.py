"""A stand-in for CoreNLP's HTTP API in unit tests: answers like the server, with whitespace
tokens, one sentence a line, a chain of dependencies and capitalised words as entities."""

from __future__ import annotations

import json
import re
import threading
from typing import Any
from urllib.parse import parse_qs

import httpx


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fake_annotation(text: str, codepoints: bool = True) -> dict[str, Any]:
    sentences = []
    for number, line in enumerate(re.finditer(r"[^\n]+", text)):
        tokens = []
        mentions = []
        for index, match in enumerate(re.finditer(r"\S+", line.group()), start=1):
            start = line.start() + match.start()
            end = line.start() + match.end()
            word = match.group()
            token: dict[str, Any] = {
                "index": index,
                "word": word,
                "originalText": word,
                "lemma": word.lower(),
                "characterOffsetBegin": utf16_len(text[:start]),
                "characterOffsetEnd": utf16_len(text[:end]),
                "pos": "NNP" if word[:1].isupper() else "NN",
                "ner": "LOCATION" if word[:1].isupper() else "O",
            }
            if codepoints:
                token["codepointOffsetBegin"] = start
                token["codepointOffsetEnd"] = end
            tokens.append(token)
            if word[:1].isupper():
                mentions.append(
                    {
                        "tokenBegin": index - 1,
                        "tokenEnd": index,
                        "text": word,
                        "ner": "LOCATION",
                        "characterOffsetBegin": token["characterOffsetBegin"],
                        "characterOffsetEnd": token["characterOffsetEnd"],
                    }
                )
        deps = [{"dep": "ROOT", "governor": 0, "dependent": 1}] if tokens else []
        deps += [
            {"dep": "dep:next", "governor": i, "dependent": i + 1} for i in range(1, len(tokens))
        ]
        sentences.append(
            {
                "index": number,
                "basicDependencies": deps,
                "enhancedPlusPlusDependencies": deps,
                "entitymentions": mentions,
                "tokens": tokens,
            }
        )
    return {"sentences": sentences}


class FakeCoreNLP:
    """An httpx transport that records requests and answers like CoreNLP (thread-safe)."""

    def __init__(self, fail_urls: tuple[str, ...] = (), status: int = 200) -> None:
        self.fail_urls = fail_urls
        self.status = status
        self.requests: list[tuple[str, dict[str, str], str]] = []
        self._lock = threading.Lock()

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        base = f"{request.url.scheme}://{request.url.host}:{request.url.port}"
        if base in self.fail_urls:
            raise httpx.ConnectError("connection refused", request=request)
        query = {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}
        text = request.content.decode("utf-8")
        with self._lock:
            self.requests.append((base, query, text))
        if self.status != 200:
            return httpx.Response(self.status, text="java.lang.RuntimeException: boom")
        return httpx.Response(200, text=json.dumps(fake_annotation(text)))

"""The CoreNLP client: articles in, ParsedDocuments out, through one pooled HTTP client.

``parse(text)`` parses one article; ``parse_many(texts)`` keeps ``corenlp_parallelism`` requests
in flight (a bounded thread pool: the server does the work, the threads only wait for it and
read its JSON) and yields the documents in input order. Requests go round-robin over the
configured servers; a server that refuses the connection is skipped for that request, and when
none answers ``NlpUnavailable`` names the URLs and ``actorgraph nlp start``. Parses are read
from and written to the parse cache when it is enabled.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, overload

import httpx

from graph.errors import NlpError, NlpUnavailable
from graph.settings import CorefMode, Settings
from loaders.nlp.cache import ParseCache
from loaders.nlp.corenlp_json import convert_corefs, convert_sentences
from loaders.nlp.model import CorefChain, ParsedDocument, Sentence
from loaders.nlp.pipeline import Pipeline

START_HINT = "start a local server with `actorgraph nlp start` (or set ACTORGRAPH_CORENLP_URLS)"
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")


_LINE = re.compile(r"[^\n]+")
# A conservative count of CoreNLP's tokens: every word and every other character on its own.
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Bounds:
    """What CoreNLP may be sent: no run of non-space characters longer than ``token_chars``,
    no sentence longer than ``sentence_tokens`` tokens (benchmarks/bench_parser_bounds.py)."""

    token_chars: int
    sentence_tokens: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Bounds:
        return cls(settings.corenlp_max_token_chars, settings.corenlp_max_sentence_tokens)

    def blank_long_tokens(self, text: str) -> str:
        """``text`` with every run of non-space characters longer than ``token_chars``
        replaced by as many spaces: the parser never sees it, every offset still holds."""
        long_run = re.compile(r"\S{" + str(self.token_chars + 1) + ",}")
        return long_run.sub(lambda found: " " * len(found.group()), text)

    def cuts(self, text: str) -> list[int]:
        """Offsets where a piece must begin so that no sentence CoreNLP sees holds more than
        ``sentence_tokens`` tokens. CoreNLP ends a sentence at every newline (the pipeline's
        ``ssplit.newlineIsSentenceBreak``), so only a line longer than that is cut: after the
        last sentence end in the second half of the limit when there is one, else at it."""
        limit = self.sentence_tokens
        cuts: list[int] = []
        for line in _LINE.finditer(text):
            if line.end() - line.start() <= limit:
                continue  # fewer characters than the limit: fewer tokens too
            count = 0
            after_end: tuple[int, int] | None = None  # (offset, tokens before it)
            ended = False
            for token in _TOKEN.finditer(text, line.start(), line.end()):
                if ended:
                    after_end = (token.start(), count)
                if count >= limit:
                    if after_end is not None and after_end[1] >= limit // 2:
                        cut, count = after_end[0], count - after_end[1]
                    else:
                        cut, count = token.start(), 0
                    cuts.append(cut)
                    after_end = None
                count += 1
                ended = token.group() in ".!?"
        return cuts

    def applied(self, text: str) -> tuple[str, list[int]]:
        """The text CoreNLP is sent and the offsets of its forced cuts."""
        blanked = self.blank_long_tokens(text)
        return blanked, self.cuts(blanked)


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """Pieces of at most ``limit`` characters with their offsets, cut after a paragraph break,
    else after a sentence end, else at a space, else anywhere."""
    pieces: list[tuple[int, str]] = []
    begin = 0
    while len(text) - begin > limit:
        window = text[begin : begin + limit]
        cut = 0
        for pattern in (_PARAGRAPH, _SENTENCE_END, re.compile(r"\s+")):
            ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
            if ends:
                cut = ends[-1]
                break
        if cut <= 0:
            cut = limit
        pieces.append((begin, text[begin : begin + cut]))
        begin += cut
    pieces.append((begin, text[begin:]))
    return pieces


class CoreNLPClient:
    """One client per process (it owns connections and threads): ``close()`` or ``with``."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        urls: list[str] | None = None,
        pipeline: Pipeline | None = None,
        cache: ParseCache | Literal["settings"] | None = "settings",
        parallelism: int | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        settings = settings or Settings()
        self.urls = [u.rstrip("/") for u in (urls or settings.nlp_urls)]
        self.pipeline = pipeline or Pipeline.from_settings(settings)
        self.parallelism = parallelism or settings.corenlp_parallelism
        self.max_chars = settings.corenlp_max_chars
        self.bounds = Bounds.from_settings(settings)
        self.timeout = settings.corenlp_timeout
        self.cache = ParseCache.from_settings(settings) if cache == "settings" else cache
        self._http = httpx.Client(
            # The server's own timeout answers first; ours only catches a server that hangs.
            timeout=httpx.Timeout(self.timeout + 15.0, connect=5.0),
            limits=httpx.Limits(
                max_connections=self.parallelism * 2, max_keepalive_connections=self.parallelism * 2
            ),
            headers={"Content-Type": "text/plain; charset=utf-8"},
            transport=transport,
        )
        self._turn = itertools.count()
        self._turn_lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> CoreNLPClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._http.close()
        if self.cache is not None:
            self.cache.close()

    # -- public API ------------------------------------------------------------------------

    def parse(self, text: str, *, coref: CorefMode | None = None) -> ParsedDocument:
        """Parse one article (from the cache when it was parsed before)."""
        pipeline = self._pipeline(coref)
        cached = self._cached(text, pipeline)
        return cached if cached is not None else self._annotate(text, pipeline)

    @overload
    def parse_many(
        self,
        texts: Iterable[str],
        *,
        coref: CorefMode | None = None,
        return_exceptions: Literal[False] = False,
    ) -> Iterator[ParsedDocument]: ...

    @overload
    def parse_many(
        self,
        texts: Iterable[str],
        *,
        coref: CorefMode | None = None,
        return_exceptions: Literal[True],
    ) -> Iterator[ParsedDocument | NlpError]: ...

    def parse_many(
        self,
        texts: Iterable[str],
        *,
        coref: CorefMode | None = None,
        return_exceptions: bool = False,
    ) -> Iterator[ParsedDocument] | Iterator[ParsedDocument | NlpError]:
        """Parse articles, ``parallelism`` at a time, yielding them in input order. ``texts`` is
        read lazily. With ``return_exceptions`` an article the server rejects yields its
        ``NlpError`` in its place instead of ending the iteration; ``NlpUnavailable`` (no
        server answers) always ends it."""
        return self._parse_many(texts, self._pipeline(coref), return_exceptions)

    def _parse_many(
        self, texts: Iterable[str], pipeline: Pipeline, return_exceptions: bool
    ) -> Iterator[ParsedDocument | NlpError]:
        pool = self._executor()
        window = self.parallelism * 2  # the server always has the next article queued
        pending: deque[ParsedDocument | Future[ParsedDocument]] = deque()

        def resolve(item: ParsedDocument | Future[ParsedDocument]) -> ParsedDocument | NlpError:
            if isinstance(item, ParsedDocument):
                return item
            try:
                return item.result()
            except NlpUnavailable:
                raise
            except NlpError as exc:
                if return_exceptions:
                    return exc
                raise

        try:
            for text in texts:
                cached = self._cached(text, pipeline)
                pending.append(
                    cached if cached is not None else pool.submit(self._annotate, text, pipeline)
                )
                while pending and (
                    len(pending) > window
                    or isinstance(pending[0], ParsedDocument)
                    or pending[0].done()
                ):
                    yield resolve(pending.popleft())
            while pending:
                yield resolve(pending.popleft())
        finally:
            for item in pending:
                if isinstance(item, Future):
                    item.cancel()

    # -- internals -------------------------------------------------------------------------

    def _pipeline(self, coref: CorefMode | None) -> Pipeline:
        return self.pipeline if coref is None else self.pipeline.with_coref(coref)

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.parallelism, thread_name_prefix="corenlp")
        return self._pool

    def _signature(self, text: str, pipeline: Pipeline) -> str:
        """The cache's key for this text's parse: the pipeline's, and the bounds when they
        changed what the parser is sent (other parses keep the key they always had)."""
        sent, cuts = self.bounds.applied(text)
        if sent == text and not cuts:
            return pipeline.signature()
        bounds = self.bounds
        return f"{pipeline.signature()}+bounds({bounds.token_chars},{bounds.sentence_tokens})"

    def _cached(self, text: str, pipeline: Pipeline) -> ParsedDocument | None:
        if self.cache is None:
            return None
        return self.cache.get(text, self._signature(text, pipeline))

    def _annotate(self, text: str, pipeline: Pipeline) -> ParsedDocument:
        """Parse ``text`` in pieces within the bounds (each piece one request), joined with
        their offsets: a token past the bounds is blanked, a line past them cut."""
        sent, cuts = self.bounds.applied(text)
        sentences: list[Sentence] = []
        corefs: list[CorefChain] = []
        starts = [0, *cuts]
        for begin, end in zip(starts, [*cuts, len(sent)], strict=True):
            for base, piece in split_text(sent[begin:end], self.max_chars):
                if not piece.strip():
                    continue
                data = self._request(piece, pipeline.properties())
                first = len(sentences)
                # The article's own characters (a blanked token is part of no parsed token).
                original = text[begin + base : begin + base + len(piece)]
                sentences += convert_sentences(data, original, begin + base, first)
                corefs += convert_corefs(data, sentences, original, begin + base, first)
        document = ParsedDocument(tuple(sentences), tuple(corefs), pipeline.signature())
        if self.cache is not None:
            self.cache.put(text, self._signature(text, pipeline), document)
        return document

    def _request(self, text: str, properties: dict[str, str]) -> dict[str, Any]:
        """One annotation request with explicit properties; CoreNLP's JSON answer.

        ``resetDefault`` keeps the server's own default properties out of the request: the
        annotators run with exactly these properties (and CoreNLP's built-in defaults),
        whatever the server was started with."""
        properties = {
            **properties,
            "inputFormat": "text",
            "outputFormat": "json",
            "prettyPrint": "false",
            "timeout": str(int(self.timeout * 1000)),
        }
        params = {"properties": json.dumps(properties), "resetDefault": "true"}
        # A lone surrogate becomes "?": one character for one, so offsets stay aligned.
        body = text.encode("utf-8", "replace")
        with self._turn_lock:
            turn = next(self._turn)
        order = [self.urls[(turn + i) % len(self.urls)] for i in range(len(self.urls))]
        failures = []
        for url in order:
            try:
                response = self._http.post(f"{url}/", params=params, content=body)
            except (httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                failures.append(f"{url} ({type(exc).__name__})")
                continue
            except httpx.TimeoutException as exc:
                raise NlpUnavailable(
                    f"the CoreNLP server at {url} did not answer within "
                    f"{self.timeout + 15:.0f}s ({type(exc).__name__}); it may be overloaded"
                ) from exc
            except httpx.TransportError as exc:
                # Refused, reset or closed mid-answer (a server killed while it parsed): that
                # server is gone; the next one is asked, and none left is NlpUnavailable.
                failures.append(f"{url} ({type(exc).__name__})")
                continue
            if response.status_code != 200:
                raise NlpError(
                    f"CoreNLP at {url} answered {response.status_code}: {response.text[:500]}"
                )
            try:
                data: dict[str, Any] = response.json()
            except ValueError as exc:
                raise NlpError(f"CoreNLP at {url} answered with invalid JSON: {exc}") from exc
            return data
        raise NlpUnavailable(f"no CoreNLP server answers at {', '.join(failures)}; {START_HINT}")


def parse(text: str, settings: Settings | None = None) -> ParsedDocument:
    """Parse one article with a short-lived client (for scripts; reuse a CoreNLPClient else)."""
    with CoreNLPClient(settings) as client:
        return client.parse(text)

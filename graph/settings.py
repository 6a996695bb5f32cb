"""One settings object for the whole process, read from ACTORGRAPH_* environment variables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# CoreNLP's NER: the 4-class CoNLL CRF alone (PERSON, LOCATION, ORGANIZATION, MISC), the 3-class
# CRF alone, or CoreNLP's default stack (three CRFs, numbers, SUTime, fine-grained KBP classes).
NerModel = Literal["conll4", "all3", "default"]
# Coreference: none, CoreNLP's statistical or fast neural systems on the dependency parse, or
# the neural and rule-based (dcoref) systems, which add the constituency parser (the costliest).
CorefMode = Literal["none", "statistical", "fastneural", "neural", "dcoref"]

ENV_PREFIX = "ACTORGRAPH_"
# Memory sizes as the JVM takes them: 512m, 1g, 2048k.
_JVM_SIZE = r"^[0-9]+[kKmMgG]?$"


def _data_home() -> Path:
    return Path.home() / ".local" / "share" / "actorgraph"


def _cache_home() -> Path:
    return Path.home() / ".cache" / "actorgraph"


class Settings(BaseSettings):
    """Configuration. Every field can be set as ``ACTORGRAPH_<FIELD>`` (case-insensitive)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    # A configured URI selects the Neo4j store; without one the embedded store is used.
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str = "neo4j"
    neo4j_retry_seconds: float = Field(
        default=5.0,
        gt=0,
        description="How long a failed transaction is retried (deadlocks, "
        "a restarting server) before the store reports itself unavailable.",
    )

    neo4j_connect_timeout: float = Field(
        default=3.0,
        gt=0,
        description="Seconds to wait for a connection to Neo4j (TCP, handshake, login, a free "
        "connection of the pool), and how long a call may wait before the server is asked "
        "whether it is alive at all.",
    )
    neo4j_query_timeout: float = Field(
        default=120.0,
        gt=0,
        description="Longest one call to Neo4j may take: the server's transaction timeout and "
        "the client's own deadline (a server that stopped answering is found sooner, by a "
        "liveness probe).",
    )
    health_timeout: float = Field(
        default=1.0,
        gt=0,
        le=30,
        description="How long GET /health waits for the store and for CoreNLP.",
    )
    neo4j_breaker_seconds: float = Field(
        default=2.0,
        ge=0,
        description="After Neo4j failed to answer, requests fail at once for this long, then "
        "one quick probe decides whether it is back.",
    )

    store: Path = Field(
        default_factory=lambda: _data_home() / "graph.db",
        description="SQLite file of the embedded store, used when no Neo4j URI is configured.",
    )

    max_article_bytes: int = Field(default=5_000_000, gt=0)
    lexicon: Path | None = Field(
        default=None, description="A user lexicon (JSON) that extends the built-in one."
    )

    api_key: SecretStr | None = Field(
        default=None,
        description="When set, writes and POST /cypher need it as the X-API-Key header.",
    )
    max_body_bytes: int = Field(default=5_000_000, gt=0)
    max_url_bytes: int = Field(
        default=8192, ge=1024, description="Longer request URLs are answered 414."
    )
    max_concurrent_ingests: int = Field(
        default=2, ge=1, description="POST /articles requests extracted and written at once."
    )
    ingest_queue_seconds: float = Field(
        default=30.0,
        ge=0,
        description="How long a POST /articles waits for a free slot before answering 503.",
    )
    shutdown_seconds: int = Field(
        default=10,
        ge=0,
        description="On SIGTERM `actorgraph serve` stops taking connections and gives the "
        "requests in flight this long to finish, then stops whatever they are doing.",
    )
    cypher_timeout_seconds: float = Field(default=10.0, gt=0, le=600)
    cypher_max_rows: int = Field(default=1000, ge=1)
    cypher_max_bytes: int = Field(
        default=10_000_000,
        ge=1000,
        description="POST /cypher refuses larger results (counted as Neo4j sends them, before "
        "they are decoded, and as JSON).",
    )
    cypher_max_depth: int = Field(
        default=50,
        ge=4,
        le=150,
        description="How deep a POST /cypher query, its parameters and its result may nest "
        "(Neo4j 5.26 stops answering 200-400 levels down).",
    )
    cypher_max_range: int = Field(
        default=100_000,
        ge=1,
        description="The most elements the range() calls of a POST /cypher query may ask for, "
        "multiplied (Neo4j does not stop a loop inside one expression).",
    )

    analytics_debounce_seconds: float = Field(
        default=2.0,
        ge=0,
        description="After a write the API serves the last alliance answer (marked stale) and "
        "computes the new one once the store has had no write for this long.",
    )
    analytics_max_stale_seconds: float = Field(
        default=60.0,
        gt=0,
        description="...or at once when the answer served is older than this, writes or not.",
    )

    explorer_layout_threshold: int = Field(
        default=1000,
        ge=0,
        description="Above this many actors the explorer uses a layout computed in Python "
        "and turns the browser's physics off.",
    )
    explorer_evidence: int = Field(
        default=5, ge=1, le=50, description="Evidence sentences the explorer keeps per relation."
    )

    # The local Neo4j server that scripts/neo4j-local assembles from Maven Central.
    neo4j_home: Path = Field(default_factory=lambda: _data_home() / "neo4j")
    neo4j_cache: Path = Field(default_factory=_cache_home)
    neo4j_bolt_port: int = Field(default=7687, ge=1, le=65535)
    neo4j_http_port: int = Field(default=7474, ge=1, le=65535)
    neo4j_local_auth: bool = Field(
        default=False,
        description="Start the local server with authentication on (user neo4j; the first "
        "start sets ACTORGRAPH_NEO4J_PASSWORD as its password).",
    )
    browser_guide_url: str = Field(
        default="http://localhost:8000/browser/guide",
        description="The actorgraph guide Neo4j Browser plays on connect (served by "
        "`actorgraph serve`).",
    )
    neo4j_heap: str = Field(default="1g", pattern=_JVM_SIZE)
    neo4j_pagecache: str = Field(default="512m", pattern=_JVM_SIZE)
    java_home: Path | None = None

    @field_validator("api_key", "neo4j_password", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # docker-compose passes "${VAR:-}" as an empty string: that means "not set".
        return None if value == "" else value

    # Stanford CoreNLP: the servers the NLP client sends articles to, and the local server that
    # `actorgraph nlp start` assembles from Maven Central (cli/servers/corenlp.py).
    corenlp_urls: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="CoreNLP servers, comma-separated or a JSON list; requests are spread over "
        "them round-robin. Empty means the local server on corenlp_port.",
    )
    corenlp_port: int = Field(default=9000, gt=0, lt=65536)
    corenlp_home: Path = Field(default_factory=lambda: _data_home() / "corenlp")
    corenlp_cache: Path = Field(default_factory=_cache_home)
    corenlp_heap: str = Field(default="3g", pattern=_JVM_SIZE)
    corenlp_threads: int = Field(
        default=0, ge=0, description="Requests the local server annotates at once; 0: one a core."
    )
    corenlp_timeout: float = Field(
        default=120.0, gt=0, description="Seconds one article may take, client and server side."
    )
    corenlp_parallelism: int = Field(
        default=2, ge=1, description="Articles the client keeps in flight at once."
    )
    corenlp_ner: NerModel = "conll4"
    corenlp_coref: CorefMode = "none"
    corenlp_max_chars: int = Field(
        default=100_000,
        ge=1_000,
        description="Longer texts are sent in pieces cut at paragraph breaks.",
    )
    corenlp_max_token_chars: int = Field(
        default=1_000,
        ge=20,
        description="A run of non-space characters longer than this is not sent to CoreNLP "
        "(blanked, offsets kept): a 1,000-character token costs it 0.03 s, 10,000 about 1 s, "
        "50,000 ran it out of heap (benchmarks/bench_parser_bounds.py).",
    )
    corenlp_max_sentence_tokens: int = Field(
        default=1_000,
        ge=20,
        description="A line holding more tokens is sent in pieces of at most this many, cut "
        "after a sentence end when there is one: a sentence costs CoreNLP ~1.2 ms a token up "
        "to 2,000 tokens, twice that at 4,000 (benchmarks/bench_parser_bounds.py).",
    )
    parse_cache: Path = Field(
        default_factory=lambda: _cache_home() / "parses.sqlite3",
        description="On-disk cache of parsed articles (sqlite, shared by processes).",
    )
    parse_cache_enabled: bool = True
    parse_cache_max_mb: float = Field(
        default=2048, gt=0, description="Above this size the oldest parses are evicted."
    )

    # Following feeds (loaders/feeds): the fetcher, the poller and the copy detector.
    feed_user_agent: str | None = Field(
        default=None,
        description="The whole User-Agent header; unset: actorgraph/<version> with the "
        "project's URL and feed_contact.",
    )
    feed_contact: str | None = Field(
        default=None,
        description="A URL or e-mail address put in the User-Agent, so that a site's operator "
        "can reach whoever runs this reader.",
    )
    feed_connect_timeout: float = Field(default=5.0, gt=0, description="Seconds to connect.")
    feed_read_timeout: float = Field(
        default=15.0, gt=0, description="Seconds to wait for the next bytes of an answer."
    )
    feed_total_timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds one request (one hop of a redirect chain) may take in all: a server "
        "that trickles bytes is cut off.",
    )
    feed_max_bytes: int = Field(
        default=10_000_000,
        ge=1024,
        description="Larger feeds or pages are refused, counted while they stream (decompressed).",
    )
    feed_max_redirects: int = Field(default=5, ge=0, le=20)
    feed_host_delay: float = Field(
        default=1.0,
        ge=0,
        description="Seconds between the end of one request to a host and the start of the next "
        "(requests to one host never overlap).",
    )
    feed_concurrency: int = Field(
        default=8, ge=1, description="Requests in flight at once (to different hosts)."
    )
    feed_every: float = Field(
        default=900.0, ge=10, description="Seconds between polls of a feed unless it says."
    )
    feed_backoff_max: float = Field(
        default=21_600.0,
        ge=10,
        description="Longest wait before retrying a failing feed (the wait doubles per failure).",
    )
    feed_max_new_items: int = Field(
        default=100,
        ge=1,
        description="New items taken from one feed in one pass; the rest come in the next pass.",
    )
    feed_seen_max: int = Field(
        default=5000,
        ge=100,
        description="Item ids and URLs remembered per feed (the oldest are forgotten first).",
    )
    copy_threshold: float = Field(
        default=0.3,
        gt=0,
        le=1,
        description="Estimated Jaccard similarity of word shingles from which an article is a "
        "copy of a stored story. 0.3 with 4-word shingles was chosen on labelled pairs "
        "(benchmarks/copies_data.py; README, Following feeds).",
    )
    copy_shingle: int = Field(
        default=4, ge=1, le=12, description="Words per shingle for copy detection."
    )
    copy_num_perm: int = Field(
        default=128, ge=16, le=1024, description="MinHash permutations per signature."
    )

    # `actorgraph ingest --cluster`: extraction on a Dask cluster, one writer (cli/cluster).
    dask_scheduler: str | None = Field(
        default=None,
        description="The cluster `actorgraph ingest` sends its work to when --cluster is not "
        "given: tcp://HOST:8786 (a running Dask scheduler) or local:N (N worker processes "
        "here). Unset: the serial ingest, Dask not even imported.",
    )
    cluster_batch: int = Field(
        default=16,
        ge=1,
        le=1000,
        description="Articles per Dask task. Each task costs the scheduler a few ms; 16 "
        "articles cost a worker ~3 s of parsing, so scheduling stays under 1%.",
    )
    cluster_in_flight: int = Field(
        default=0,
        ge=0,
        description="Batches sent and not yet written, at most (what bounds the client's "
        "memory). 0: four per worker thread, at least 4.",
    )
    worker_corenlp_port: int = Field(
        default=9100,
        gt=0,
        lt=65536,
        description="Port of the loopback CoreNLP a Dask worker starts on its machine when "
        "its ACTORGRAPH_CORENLP_URLS is empty (one per machine, shared by its workers).",
    )
    worker_corenlp_home: Path = Field(
        default_factory=lambda: _data_home() / "worker-corenlp",
        description="Home (pid, log, lock file) of that CoreNLP; not the one of "
        "`actorgraph nlp start`, so neither stops the other.",
    )

    @field_validator("corenlp_urls", mode="before")
    @classmethod
    def _split_urls(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("corenlp_urls")
    @classmethod
    def _check_urls(cls, value: list[str]) -> list[str]:
        for url in value:
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"a CoreNLP URL starts with http:// or https://, got {url!r}")
        return [url.rstrip("/") for url in value]

    @property
    def uses_neo4j(self) -> bool:
        return bool(self.neo4j_uri)

    @property
    def nlp_urls(self) -> list[str]:
        """The CoreNLP servers to use: the configured list, else the local server."""
        return self.corenlp_urls or [f"http://127.0.0.1:{self.corenlp_port}"]


def describe_invalid(exc: ValidationError) -> str:
    """One line naming each invalid ``ACTORGRAPH_*`` variable, its value and what is wrong.

    Secret values are never repeated: the message may end up in a log.
    """
    problems = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        name = ENV_PREFIX + field.upper()
        value = "" if field in _SECRETS else f"={error.get('input')!s}"
        problems.append(f"{name}{value}: {error['msg']}")
    return "invalid setting " + "; ".join(problems)


_SECRETS = frozenset(
    name for name, info in Settings.model_fields.items() if "SecretStr" in str(info.annotation)
)

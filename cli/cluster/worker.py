"""What runs on a Dask worker: the ``ActorgraphWorker`` plugin and the task functions.

The plugin is set up once per worker process (when the client registers it, or when a worker
joins later): it finds the worker's CoreNLP (its own ``ACTORGRAPH_CORENLP_URLS``, else the
machine's shared loopback server, ``parser.SharedParser``), opens the worker's parse cache
(``ACTORGRAPH_PARSE_CACHE`` of the worker, on its local disk) and builds the extractor, whose
lexicon and frames then serve every task of that process.

What decides an extraction comes from the client (``ReadingConfig``: the extractor version,
the NER and coreference models, the user lexicon's content, the size limits), so every worker
reads articles as the serial ingest on the client would; where to parse and cache comes from
the worker's own environment.

Tasks return what was read: ``Extraction`` models (the JSON contract), ``ReadError`` for an
input that could not be read or extracted, ``AlreadyStored`` for an article a re-run skips.
They never write the store: the client does.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin, get_worker

from graph.errors import NlpUnavailable
from graph.model import Extraction
from graph.results import AlreadyStored
from graph.settings import Settings
from loaders.reading.inputs import (
    STDIN,
    Document,
    InputFile,
    ReadError,
    input_files,
    read_input,
)
from loaders.rules.extract import EXTRACTOR_VERSION

if TYPE_CHECKING:
    from distributed import Worker

    from cli.cluster.parser import SharedParser
    from loaders.rules.extract import Extractor

Result = Extraction | ReadError | AlreadyStored
# The suffixes whose files may hold several articles (records): the planner counts them.
RECORDS = (".json", ".jsonl")


@dataclass(frozen=True)
class ReadingConfig:
    """What decides how an article is read, taken from the client's settings."""

    extractor_version: str
    corenlp_ner: str
    corenlp_coref: str
    corenlp_max_chars: int
    max_article_bytes: int
    lexicon: bytes | None  # the user lexicon file's content (its path may not exist there)

    @classmethod
    def of(cls, settings: Settings) -> ReadingConfig:
        lexicon = settings.lexicon.expanduser().read_bytes() if settings.lexicon else None
        return cls(
            extractor_version=EXTRACTOR_VERSION,
            corenlp_ner=settings.corenlp_ner,
            corenlp_coref=settings.corenlp_coref,
            corenlp_max_chars=settings.corenlp_max_chars,
            max_article_bytes=settings.max_article_bytes,
            lexicon=lexicon,
        )

    def plugin_name(self) -> str:
        """One name per configuration: a second run with the same one reuses the workers'
        extractors (the plugin is idempotent); another configuration gets its own."""
        fields = {**self.__dict__, "lexicon": self.lexicon.hex() if self.lexicon else None}
        digest = hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()
        return f"actorgraph-{digest[:16]}"


class WorkerUnfit(Exception):
    """This worker cannot extract (its CoreNLP does not answer, it runs another extractor
    version, its plugin is missing): the client sends its batches to other workers."""

    def __init__(self, worker: str, reason: str) -> None:
        super().__init__(f"worker {worker}: {reason}")
        self.worker = worker
        self.reason = reason


class ActorgraphWorker(WorkerPlugin):
    """Per worker process: the CoreNLP to use, the parse cache and one extractor."""

    idempotent = True

    def __init__(self, config: ReadingConfig) -> None:
        self.config = config
        self.name = config.plugin_name()
        self.address = "?"
        self.urls: list[str] = []
        self.broken: str | None = None  # why this worker cannot extract, if it cannot
        self._extractor: Extractor | None = None
        self._shared: SharedParser | None = None
        self._lexicon_dir: Path | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        # Sent to the workers as its configuration only: the rest is each process's own.
        return {"config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["config"])  # type: ignore[misc]

    # -- lifecycle (on the worker) -------------------------------------------------------------

    async def setup(self, worker: Worker) -> None:
        self.address = worker.address
        # Starting a CoreNLP or loading the lexicon takes seconds: off the worker's event loop,
        # which must keep answering the scheduler's heartbeats meanwhile.
        await asyncio.get_running_loop().run_in_executor(None, self._open)

    async def teardown(self, worker: Worker) -> None:
        del worker
        await asyncio.get_running_loop().run_in_executor(None, self._close)

    def _settings(self) -> Settings:
        update: dict[str, Any] = {
            "corenlp_ner": self.config.corenlp_ner,
            "corenlp_coref": self.config.corenlp_coref,
            "corenlp_max_chars": self.config.corenlp_max_chars,
            "max_article_bytes": self.config.max_article_bytes,
            "lexicon": None,
        }
        if self.config.lexicon is not None:
            self._lexicon_dir = Path(tempfile.mkdtemp(prefix="actorgraph-lexicon-"))
            path = self._lexicon_dir / "lexicon.json"
            path.write_bytes(self.config.lexicon)
            update["lexicon"] = path
        return Settings().model_copy(update=update)

    def _open(self) -> None:
        from loaders.pipeline import extractor_for, keep_out_of_collections

        try:
            settings = self._settings()
            if settings.corenlp_urls:
                self.urls = list(settings.corenlp_urls)
            else:
                from cli.cluster.parser import SharedParser

                self._shared = SharedParser(settings)
                self.urls = [self._shared.join()]
            settings = settings.model_copy(update={"corenlp_urls": self.urls})
            self._extractor = extractor_for(settings)
        except Exception as exc:  # recorded: this worker's tasks fail over to the others
            self.broken = f"could not prepare extraction: {type(exc).__name__}: {exc}"
            return
        # The lexicons live as long as the worker process: keep them out of collections
        # (see keep_out_of_collections; the process is this worker's).
        keep_out_of_collections()

    def _close(self) -> None:
        if self._extractor is not None:
            self._extractor.close()
            self._extractor = None
        if self._shared is not None:
            self._shared.leave()
            self._shared = None
        if self._lexicon_dir is not None:
            shutil.rmtree(self._lexicon_dir, ignore_errors=True)

    # -- work ----------------------------------------------------------------------------------

    def extract(self, items: Iterable[Document | ReadError | AlreadyStored]) -> list[Result]:
        """Every input's result, in input order. A CoreNLP that stops answering fails the
        whole batch (``WorkerUnfit``): the client sends it to another worker."""
        from loaders.pipeline import extract_documents

        if self.broken is not None or self._extractor is None:
            raise WorkerUnfit(self.address, self.broken or "the actorgraph plugin is not ready")
        listed = list(items)
        stored = [item for item in listed if isinstance(item, AlreadyStored)]
        readable = (item for item in listed if not isinstance(item, AlreadyStored))
        # One batch at a time per process: the extractor's rules run in Python (one core),
        # and its CoreNLP client already keeps several articles in flight.
        with self._lock:
            try:
                extracted = [
                    item if isinstance(item, ReadError) else item[1]
                    for item in extract_documents(readable, self._extractor)
                ]
            except NlpUnavailable as exc:
                raise WorkerUnfit(self.address, f"its CoreNLP does not answer: {exc}") from exc
        results = iter(extracted)
        known = iter(stored)
        return [
            next(known) if isinstance(item, AlreadyStored) else next(results) for item in listed
        ]


def _plugin(name: str, version: str) -> ActorgraphWorker:
    worker = get_worker()
    plugin = worker.plugins.get(name)
    if not isinstance(plugin, ActorgraphWorker):
        raise WorkerUnfit(worker.address, "the actorgraph plugin is not set up on it")
    if version != EXTRACTOR_VERSION:
        raise WorkerUnfit(
            worker.address,
            f"it runs extractor {EXTRACTOR_VERSION}, the client {version}: install the same "
            "actorgraph on every worker",
        )
    return plugin


# -- tasks -------------------------------------------------------------------------------------


def extract_records(
    plugin: str, version: str, items: list[Document | AlreadyStored]
) -> list[Result]:
    """Articles the client read and shipped."""
    return _plugin(plugin, version).extract(items)


@dataclass(frozen=True)
class Slice:
    """Records ``start`` to ``stop`` (exclusive) of what one file yields; a plain article
    file yields one."""

    file: InputFile
    start: int
    stop: int

    @property
    def size(self) -> int:
        return self.stop - self.start


def read_slice(part: Slice, max_bytes: int) -> Iterator[Document | ReadError]:
    return itertools.islice(read_input(part.file, max_bytes), part.start, part.stop)


def plan_files(paths: list[str], max_bytes: int) -> list[Slice | ReadError]:
    """The files of ``paths`` in the serial reader's order, as seen from a worker, each with
    how many inputs it yields (records are counted: a .jsonl file can hold thousands)."""
    planned: list[Slice | ReadError] = []
    for item in input_files(paths):
        if isinstance(item, ReadError):
            planned.append(item)
        elif isinstance(item, InputFile):
            count = 1
            if item.path.suffix.lower() in RECORDS:
                count = sum(1 for _ in read_input(item, max_bytes))
            planned.append(Slice(item, 0, count))
        else:
            assert item == STDIN
            planned.append(ReadError(STDIN, "standard input cannot be read by the workers"))
    return planned


def identify(parts: list[Slice], max_bytes: int) -> list[str | None]:
    """The article id of every input of these slices (None for one that cannot be read): a
    re-run asks the store which of them it holds before they are extracted."""
    return [
        item.article.id if isinstance(item, Document) else None
        for part in parts
        for item in read_slice(part, max_bytes)
    ]


def extract_files(
    plugin: str, version: str, parts: list[Slice], skip: frozenset[str]
) -> list[Result]:
    """Inputs the worker reads itself (``--shared-input``); ``skip`` holds the ids of the
    articles already stored by this extractor version."""
    worker = _plugin(plugin, version)
    max_bytes = worker.config.max_article_bytes

    def items() -> Iterator[Document | ReadError | AlreadyStored]:
        for part in parts:
            for item in read_slice(part, max_bytes):
                if isinstance(item, Document) and item.article.id in skip:
                    yield AlreadyStored(item.article.id, item.article.path)
                else:
                    yield item

    return worker.extract(items())

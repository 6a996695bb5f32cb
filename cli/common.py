"""What every command group shares, stated once: the consoles, one-line errors, the configured
store, CoreNLP on demand and the output formats."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from graph.errors import ActorgraphError
from graph.settings import Settings

if TYPE_CHECKING:
    from graph.store import GraphStore

console = Console()
err_console = Console(stderr=True)


def error_line(message: str) -> None:
    # One line whatever the terminal's width, and a path like "[draft].txt" is not markup.
    err_console.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)


def ensure_nlp(settings: Settings) -> None:
    """Extraction needs CoreNLP: configured servers must answer; the local one is started
    here when it is not running (and says so)."""
    from cli.servers.common import jars_ready
    from cli.servers.corenlp import ARTIFACTS, LocalCoreNLP
    from graph.errors import NlpUnavailable
    from loaders.nlp.health import nlp_health

    if nlp_health(settings).ok:
        return
    if settings.corenlp_urls:
        urls = ", ".join(settings.corenlp_urls)
        raise fail(NlpUnavailable(f"no CoreNLP server answers at {urls}"))
    server = LocalCoreNLP(settings)
    fetched = jars_ready(server.lib, ARTIFACTS)
    err_console.print(
        "CoreNLP is not running: starting the local server (`actorgraph nlp start`; "
        + ("about 30 s" if fetched else "the first run downloads ~480 MB, then about 30 s")
        + ")...",
        soft_wrap=True,
    )
    try:
        report = server.start(timeout=600)
    except ActorgraphError as exc:
        raise fail(exc) from exc
    err_console.print(
        f"CoreNLP ready at {report.url} (pid {report.pid}); `actorgraph nlp stop` ends it",
        soft_wrap=True,
    )


def fail(exc: Exception) -> typer.Exit:
    error_line(str(exc))
    return typer.Exit(code=1)


@contextlib.contextmanager
def configured_store(settings: Settings | None = None) -> Iterator[GraphStore]:
    """The configured store for one command, closed whatever happens: the one way every
    command opens a store."""
    from graph.store import open_store  # 1.2 s: see cli/main.py's docstring

    store = open_store(settings or Settings())
    try:
        yield store
    finally:
        store.close()


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", help="table (for people) or json (the API's answer)."),
]


def print_json(text: str) -> None:
    """The API's answer as it is, one line on stdout (for scripts and jq)."""
    import sys

    sys.stdout.write(text + "\n")

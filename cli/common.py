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
    # A file name that is not UTF-8 is shown with \\xNN escapes, never a failing print.
    from loaders.reading.inputs import printable

    err_console.print(f"[bold red]error:[/] {escape(printable(message))}", soft_wrap=True)


def user_error(exc: Exception) -> str | None:
    """The one line a user's mistake (a setting, a file, a server) is reported as; None for a
    bug."""
    from pydantic import ValidationError

    from graph.settings import describe_invalid
    from loaders.reading.inputs import InputError

    if isinstance(exc, ValidationError) and exc.title == Settings.__name__:
        return describe_invalid(exc)
    if isinstance(exc, ActorgraphError | InputError):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    return None


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
        # Raised, not printed here: every command reports it as one line (cli/main.py's
        # _Guarded), and `extract --format json` also as its one JSON object.
        raise NlpUnavailable(f"no CoreNLP server answers at {urls}")
    server = LocalCoreNLP(settings)
    fetched = jars_ready(server.lib, ARTIFACTS)
    err_console.print(
        "CoreNLP is not running: starting the local server (`actorgraph nlp start`; "
        + ("about 30 s" if fetched else "the first run downloads ~480 MB, then about 30 s")
        + ")...",
        soft_wrap=True,
    )
    report = server.start(timeout=600)
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

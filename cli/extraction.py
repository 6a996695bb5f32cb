"""Extraction commands: ``extract``, ``eval`` (scores against gold data) and ``nlp`` (the
local CoreNLP server extraction runs on)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cli.common import (
    OutputFormat,
    console,
    ensure_nlp,
    err_console,
    error_line,
    fail,
    user_error,
)
from graph.errors import ActorgraphError
from graph.settings import Settings
from loaders.reading.inputs import ReadError

if TYPE_CHECKING:
    from graph.model import Extraction
    from loaders.reading.inputs import Document

eval_app = typer.Typer(help="Score extraction against gold data.", no_args_is_help=True)
nlp_app = typer.Typer(
    help="Run a local Stanford CoreNLP server assembled from Maven Central (the NLP backbone).",
    no_args_is_help=True,
)


def extract(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files or folders (.txt .md .html .json .jsonl); - is stdin."),
    ],
    output: Annotated[
        OutputFormat, typer.Option("--format", help="json (the contract) or table (for people).")
    ] = OutputFormat.json,
) -> None:
    """Read articles and print the actors and evidenced relations found in them."""
    import sys

    from loaders.pipeline import extract_paths, extractor_for, keep_out_of_collections
    from loaders.reading.output import write_json_failure, write_json_stream
    from loaders.rules.extract import extractor_header

    def failed(exc: Exception) -> None:
        # The contract is one JSON object whatever happens, errors included (the error line
        # on stderr follows, from cli/main.py's _Guarded).
        if output is OutputFormat.json:
            message = user_error(exc) or f"{type(exc).__name__}: {exc}"
            write_json_failure(paths, message, sys.stdout, extractor_header())

    try:
        settings = Settings()
        # Built before any output: a bad lexicon file is one error, not a broken JSON stream.
        extractor = extractor_for(settings)
    except Exception as exc:
        failed(exc)
        raise
    keep_out_of_collections()
    try:
        ensure_nlp(settings)
    except Exception as exc:
        extractor.close()
        failed(exc)
        raise
    try:
        results = extract_paths(paths, settings, extractor)
        if output is OutputFormat.json:
            errors = write_json_stream(results, sys.stdout, extractor_header())
        else:
            errors = _print_tables(results)
    finally:
        extractor.close()
    for error in errors:
        error_line(f"{error.path}: {error.error}")
    if errors:
        raise typer.Exit(code=1)


def _print_tables(results: Iterable[tuple[Document, Extraction] | ReadError]) -> list[ReadError]:
    errors = []
    for result in results:
        if isinstance(result, ReadError):
            errors.append(result)
            continue
        document, extraction = result
        title = document.article.title or document.article.path
        table = Table("source", "relation", "target", "modality", "conf.", "trigger", title=title)
        for r in extraction.relations:
            table.add_row(
                r.source, r.type.value, r.target, r.modality.value, f"{r.confidence:.2f}", r.trigger
            )
        console.print(table)
        console.print(
            f"{len(extraction.actors)} actors: "
            + ", ".join(f"{a.name} ({a.type.value})" for a in extraction.actors)
        )
    return errors


@eval_app.command("re3d")
def eval_re3d(
    folders: Annotated[
        list[Path], typer.Argument(help="re3d subset folders (documents.json ...).")
    ],
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Also list, for the named-actor scoring, every missed gold relation and "
            "every wrong prediction with its sentence.",
        ),
    ] = False,
) -> None:
    """Score relation extraction against re3d gold: precision, recall, F1 per relation type,
    for all gold relations and for those between named actors."""
    from loaders.eval.re3d import evaluate, overall
    from loaders.pipeline import extractor_for, keep_out_of_collections

    settings = Settings()
    ensure_nlp(settings)
    extractor = extractor_for(settings)
    keep_out_of_collections()
    try:
        scores = evaluate(folders, extractor)
    except (OSError, ValueError) as exc:
        raise fail(exc) from exc
    finally:
        extractor.close()
    for title, totals in (("re3d", scores.all), ("re3d, named actors only", scores.named)):
        rows = [
            *(
                (kind.value, c.precision, c.recall, c.f1, c.predicted, c.gold)
                for kind, c in totals.items()
            ),
        ]
        c = overall(totals)
        rows.append(("overall", c.precision, c.recall, c.f1, c.predicted, c.gold))
        _score_table(title, rows)
    coverage = scores.coverage
    share = coverage.covered / coverage.total if coverage.total else 0.0
    console.print(
        f"{scores.documents} documents; {coverage.covered} of {coverage.total} gold pairs "
        f"({share:.0%}) have both ends covered by an extracted actor (the ceiling on recall)"
    )
    if explain:
        for item in scores.explained:
            console.print(f"{item.kind.upper()} {item.document}: {item.line}", markup=False)
            console.print(f"    {item.sentence}", markup=False, soft_wrap=True)


@eval_app.command("facts")
def eval_facts(
    files: Annotated[
        list[Path],
        typer.Argument(help="Gold files of articles with expected facts (tests/data/*.json)."),
    ],
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Also list every missed fact with the lines naming both ends, and every "
            "wrong relation with its sentence, trigger and CAMEO code.",
        ),
    ] = False,
) -> None:
    """Score extraction against gold files of articles with the facts an analyst expects:
    precision, recall and F1 per relation type, and any forbidden fact extracted."""
    from loaders.eval.facts import score
    from loaders.pipeline import extractor_for, keep_out_of_collections

    settings = Settings()
    ensure_nlp(settings)
    extractor = extractor_for(settings)
    keep_out_of_collections()
    try:
        result = score(extractor.extract, files)
    except (OSError, ValueError) as exc:
        raise fail(exc) from exc
    finally:
        extractor.close()
    rows = [
        (k, c.precision, c.recall, c.f1, c.predicted, c.gold) for k, c in result.by_type.items()
    ]
    t = result.total
    rows.append(("overall", t.precision, t.recall, t.f1, t.predicted, t.gold))
    _score_table(", ".join(f.stem for f in files), rows)
    console.print(
        f"precision {t.precision:.2f} ({t.correct}/{t.predicted}), "
        f"recall {t.recall:.2f} ({t.found}/{t.gold}), forbidden facts extracted: "
        f"{len(result.forbidden)}"
    )
    for fact in result.forbidden:
        console.print(f"FORBIDDEN {fact}", markup=False)
    if explain:
        for kind, items in (("MISS", result.misses), ("WRONG", result.wrong)):
            for item in items:
                console.print(f"{kind} {item.article}: {item.line}", markup=False)
                for sentence in item.sentences:
                    console.print(f"    {sentence}", markup=False, soft_wrap=True)


def _score_table(title: str, rows: list[tuple[str, float, float, float, int, int]]) -> None:
    table = Table("relation", "precision", "recall", "F1", "predicted", "gold", title=title)
    for name, precision, recall, f1, predicted, gold in rows:
        table.add_row(
            name, f"{precision:.2f}", f"{recall:.2f}", f"{f1:.2f}", str(predicted), str(gold)
        )
    console.print(table)


@nlp_app.command("start")
def nlp_start(
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for the server to load its annotators.")
    ] = 300.0,
) -> None:
    """Download (once) and start CoreNLP on 127.0.0.1 with its annotators preloaded."""
    from cli.servers.corenlp import LocalCoreNLP
    from loaders.nlp.pipeline import CORENLP_VERSION

    server = LocalCoreNLP(Settings())
    try:
        report = server.start(timeout=timeout)
    except ActorgraphError as exc:
        raise fail(exc) from exc
    if report.already_running:
        console.print(f"CoreNLP already running (pid {report.pid}) at {report.url}")
        return
    fetched = (
        f"downloaded in {report.download_seconds:.1f}s"
        if report.download_seconds
        else "jars cached, no download"
    )
    rss = server.rss() or 0
    console.print(
        f"CoreNLP {CORENLP_VERSION}: {fetched}; started and preloaded in "
        f"{report.start_seconds:.1f}s ({rss / 2**20:,.0f} MiB resident)",
        soft_wrap=True,
    )
    annotators = ",".join(server.pipeline.annotators)
    console.print(f"pid {report.pid}, {report.url}, annotators {annotators}", soft_wrap=True)


@nlp_app.command("stop")
def nlp_stop() -> None:
    """Stop the local CoreNLP server this tool started (by its recorded pid)."""
    from cli.servers.corenlp import LocalCoreNLP

    stopped = LocalCoreNLP(Settings()).stop()
    console.print("CoreNLP stopped." if stopped else "CoreNLP was not running.")


@nlp_app.command("status")
def nlp_status() -> None:
    """Say whether the local CoreNLP runs and the configured servers answer (exit 1 if none)."""
    from cli.servers.corenlp import LocalCoreNLP
    from loaders.nlp.health import nlp_health

    settings = Settings()
    server = LocalCoreNLP(settings)
    status = server.status()
    if status.running:
        state = "answers" if status.answers else "does not answer yet"
        rss = server.rss() or 0
        console.print(
            f"local server: running (pid {status.pid}, {rss / 2**20:,.0f} MiB), {state} at "
            f"{status.url}",
            soft_wrap=True,
        )
    else:
        console.print("local server: not running")
    health = nlp_health(settings)
    for item in health.servers:
        state = "answers" if item.answers else f"does not answer ({item.error})"
        console.print(f"{item.url}: {state}")
    if not health.ok:
        err_console.print("no CoreNLP server answers: start one with `actorgraph nlp start`")
        raise typer.Exit(code=1)

"""Entry point of the ``actorgraph`` console script.

Commands import the heavy parts of actorgraph inside themselves, where a measured cost says so
(`python -X importtime`, on top of what this module imports, on the 2-core machine): the API
and its server 2.6 s, the graph store (networkx, the neo4j driver) 1.2 s, the extraction
pipeline 0.5 s. `actorgraph extract`, `eval` and `--help` pay for none they do not use.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from graph.errors import ActorgraphError
from graph.model import ActorType, RelationType
from graph.settings import Settings
from loaders.reading import ReadError, printable

if TYPE_CHECKING:
    from graph.model import Extraction
    from graph.store import GraphStore
    from loaders.reading import Document

console = Console()
err_console = Console(stderr=True)
DEBUG_VARIABLE = "ACTORGRAPH_DEBUG"


def _error_line(message: str) -> None:
    # One line whatever the terminal's width, and a path like "[draft].txt" is not markup.
    # A file name that is not UTF-8 is shown with \\xNN escapes, never a failing print.
    err_console.print(f"[bold red]error:[/] {escape(printable(message))}", soft_wrap=True)


def _ensure_nlp(settings: Settings) -> None:
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
        # Raised, not printed here: every command reports it as one line (_Guarded), and
        # `extract --format json` also as its one JSON object.
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


def _fail(exc: Exception) -> typer.Exit:
    _error_line(str(exc))
    return typer.Exit(code=1)


class _Guarded(TyperGroup):
    """Every command runs through here: a user's mistake (a bad setting, lexicon or store file,
    a store that refuses) is one red line and exit 1; a bug is one line saying so, with its
    traceback only when ACTORGRAPH_DEBUG=1."""

    def invoke(self, ctx: Any) -> Any:  # click's Context, which typer does not export
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors, --help
            raise
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                raise  # the reader of stdout went away (| head): typer ends quietly
            _report(exc)
            raise typer.Exit(code=1) from exc


def _user_error(exc: Exception) -> str | None:
    """The one line a user's mistake (a setting, a file, a server) is reported as; None for a
    bug."""
    from pydantic import ValidationError

    from graph.settings import Settings, describe_invalid
    from loaders.reading import InputError

    if isinstance(exc, ValidationError) and exc.title == Settings.__name__:
        return describe_invalid(exc)
    if isinstance(exc, ActorgraphError | InputError):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror or exc}"
    return None


def _report(exc: Exception) -> None:
    message = _user_error(exc)
    if message is not None:
        _error_line(message)
    elif os.environ.get(DEBUG_VARIABLE, "").strip().lower() in ("1", "true", "yes"):
        raise exc
    else:
        _error_line(
            f"unexpected {type(exc).__name__}: {exc} - this is a bug in actorgraph; "
            f"run again with {DEBUG_VARIABLE}=1 to see the traceback"
        )


app = typer.Typer(
    cls=_Guarded,
    help="Turn news into a knowledge graph of geopolitical actors and alliances.",
    no_args_is_help=True,
    add_completion=False,
)
eval_app = typer.Typer(help="Score extraction against gold data.", no_args_is_help=True)
cypher_app = typer.Typer(
    help="The analyst Cypher library (cypher/library) for Neo4j.", no_args_is_help=True
)
neo4j_app = typer.Typer(
    help="Run a local Neo4j server assembled from Maven Central (no Docker needed).",
    no_args_is_help=True,
)
nlp_app = typer.Typer(
    help="Run a local Stanford CoreNLP server assembled from Maven Central (the NLP backbone).",
    no_args_is_help=True,
)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(nlp_app, name="nlp")
app.add_typer(eval_app, name="eval")
app.add_typer(cypher_app, name="cypher")


@contextlib.contextmanager
def _configured_store(settings: Settings | None = None) -> Iterator[GraphStore]:
    """The configured store for one command, closed whatever happens: the one way every
    command opens a store."""
    from graph.store import open_store  # 1.2 s: see the module's docstring

    store = open_store(settings or Settings())
    try:
        yield store
    finally:
        store.close()


@app.command()
def version() -> None:
    """Print the version of actorgraph."""
    from importlib.metadata import version as dist_version

    console.print(f"actorgraph {dist_version('actorgraph')}")


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


@app.command()
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

    from loaders.output import write_json_failure, write_json_stream
    from loaders.pipeline import extract_paths, extractor_for

    def failed(exc: Exception) -> None:
        # The contract is one JSON object whatever happens, errors included (the error line
        # on stderr follows, from _Guarded).
        if output is OutputFormat.json:
            message = _user_error(exc) or f"{type(exc).__name__}: {exc}"
            write_json_failure(paths, message, sys.stdout)

    try:
        settings = Settings()
        # Built before any output: a bad lexicon file is one error, not a broken JSON stream.
        extractor = extractor_for(settings)
    except Exception as exc:
        failed(exc)
        raise
    try:
        _ensure_nlp(settings)
    except Exception as exc:
        extractor.close()
        failed(exc)
        raise
    try:
        results = extract_paths(paths, settings, extractor)
        if output is OutputFormat.json:
            errors = write_json_stream(results, sys.stdout)
        else:
            errors = _print_tables(results)
    finally:
        extractor.close()
    for error in errors:
        _error_line(f"{error.path}: {error.error}")
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
) -> None:
    """Score relation extraction against re3d gold: precision, recall, F1 per relation type,
    for all gold relations and for those between named actors."""
    from loaders.pipeline import extractor_for
    from loaders.re3d import evaluate, overall

    settings = Settings()
    _ensure_nlp(settings)
    extractor = extractor_for(settings)
    try:
        scores = evaluate(folders, extractor)
    except (OSError, ValueError) as exc:
        raise _fail(exc) from exc
    finally:
        extractor.close()
    for title, totals in (("re3d", scores.all), ("re3d, named actors only", scores.named)):
        table = Table("relation", "precision", "recall", "F1", "predicted", "gold", title=title)
        rows = [
            *((kind.value, counts) for kind, counts in totals.items()),
            ("overall", overall(totals)),
        ]
        for name, counts in rows:
            table.add_row(
                name,
                f"{counts.precision:.2f}",
                f"{counts.recall:.2f}",
                f"{counts.f1:.2f}",
                str(counts.predicted),
                str(counts.gold),
            )
        console.print(table)
    coverage = scores.coverage
    share = coverage.covered / coverage.total if coverage.total else 0.0
    console.print(
        f"{scores.documents} documents; {coverage.covered} of {coverage.total} gold pairs "
        f"({share:.0%}) have both ends covered by an extracted actor (the ceiling on recall)"
    )


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to read; - is stdin.")],
) -> None:
    """Extract articles and write them to the configured store (Neo4j or embedded)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from loaders.pipeline import extractor_for, ingest_paths

    settings = Settings()
    _ensure_nlp(settings)
    extractor = extractor_for(settings)  # a bad lexicon fails before the store is touched
    try:
        with _configured_store(settings) as store:
            store.init_schema()
            with Progress(
                TextColumn("[bold]ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                console=err_console,
                transient=True,
                disable=not err_console.is_terminal,  # a log gets the failures, not a bar
            ) as progress:
                task = progress.add_task("", total=None)

                def advance(outcome: object) -> None:
                    progress.advance(task)
                    if isinstance(outcome, ReadError):
                        progress.console.print(
                            f"[red]failed[/] {escape(outcome.path)}: {escape(outcome.error)}",
                            soft_wrap=True,
                        )

                summary = ingest_paths(
                    paths, store, settings, on_result=advance, extractor=extractor
                )
            counts = store.counts()
    finally:
        extractor.close()
    table = Table("new", "unchanged", "replaced", "failed", "actors", "relations", title=store.kind)
    table.add_row(
        str(summary.new),
        str(summary.unchanged),
        str(summary.replaced),
        str(len(summary.failed)),
        str(summary.actors),
        str(summary.relations),
    )
    console.print(table)
    console.print(
        f"store now holds {counts.actors} actors, {counts.articles} articles, "
        f"{counts.statements} statements, {counts.edges} edges"
    )
    from graph.store import RetryCounter

    retries = store.retries if isinstance(store, RetryCounter) else 0
    if retries:
        console.print(f"{retries} transactions retried after a deadlock or a lost connection")
    if summary.stopped is not None:
        # The parser went away mid-run: what was written is in the table above.
        _error_line(f"ingest stopped before the end: {summary.stopped}")
        raise typer.Exit(code=1)
    if summary.failed:
        raise typer.Exit(code=1)


@app.command()
def relations(
    actor_id: Annotated[str, typer.Argument(help="The actor's id, e.g. iran.")],
    relation: Annotated[
        list[str] | None, typer.Option("--type", "-t", help="Only these relation types.")
    ] = None,
    direction: Annotated[str, typer.Option(help="out, in or both.")] = "both",
    evidence: Annotated[int, typer.Option(help="Sentences shown per edge.")] = 1,
) -> None:
    """Show an actor's aggregated relations with their evidence, from the configured store."""
    from graph.model import RelationType
    from graph.store.query import Direction, EdgeQuery

    try:
        types = frozenset(RelationType(t) for t in relation or [])
        query = EdgeQuery(
            actor=actor_id, types=types, direction=Direction(direction), evidence_limit=evidence
        )
    except ValueError as exc:
        raise _fail(exc) from exc
    with _configured_store() as store:
        edges = store.edges(query)
    table = Table(
        "source",
        "relation",
        "target",
        "mentions",
        "conf.",
        "modalities",
        "evidence",
        title=actor_id,
    )
    for e in edges:
        sentences = " / ".join(item.sentence for item in e.evidence)
        table.add_row(
            e.source,
            e.type.value,
            e.target,
            str(e.mentions),
            f"{e.confidence:.2f}",
            ",".join(m.value for m in e.modalities),
            sentences,
        )
    console.print(table)


# -- alliance analytics ---------------------------------------------------------------------

SinceOption = Annotated[
    datetime | None,
    typer.Option(formats=["%Y-%m-%d"], help="Only statements published on or after this day."),
]
UntilOption = Annotated[
    datetime | None,
    typer.Option(formats=["%Y-%m-%d"], help="Only statements published on or before this day."),
]
HistoricalOption = Annotated[
    bool,
    typer.Option(
        "--historical", help="Count historical statements too (default: asserted and claimed)."
    ),
]
FoldOption = Annotated[
    bool,
    typer.Option(
        "--fold", help="Fold leaders, units and cities into the state or group they belong to."
    ),
]
HalfLifeOption = Annotated[
    float | None,
    typer.Option(
        "--half-life", min=1.0, help="Weigh ties by recency: they halve every this many days."
    ),
]
MinConfidenceOption = Annotated[
    float, typer.Option(min=0.0, max=1.0, help="Leave out edges less certain than this.")
]
RunsOption = Annotated[
    int, typer.Option(min=1, max=20, help="Bloc detection runs (seeds) in the consensus.")
]
SeedOption = Annotated[int, typer.Option(min=0, help="The first run's seed.")]
ResolutionOption = Annotated[
    float, typer.Option(min=0.05, max=20.0, help="Larger: more, smaller blocs.")
]
LimitOption = Annotated[int, typer.Option(min=1, max=500, help="Longest list shown.")]
FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", help="table (for people) or json (the API's answer)."),
]


def _alliance_params(
    since: datetime | None,
    until: datetime | None,
    historical: bool,
    fold: bool,
    half_life: float | None,
    min_confidence: float,
    runs: int,
    seed: int,
    resolution: float,
) -> Any:
    from graph.alliances.service import AllianceParams

    return AllianceParams.of(
        since=since.date() if since else None,
        until=until.date() if until else None,
        historical=historical,
        fold=fold,
        half_life_days=half_life,
        min_confidence=min_confidence,
        runs=runs,
        seed=seed,
        resolution=resolution,
    )


def _print_json(text: str) -> None:
    """The API's answer as it is, one line on stdout (for scripts and jq)."""
    import sys

    sys.stdout.write(text + "\n")


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _names(names: Iterable[str], shown: int = 8) -> str:
    listed = list(names)
    more = f" … {len(listed) - shown} more" if len(listed) > shown else ""
    return ", ".join(listed[:shown]) + more


@app.command()
def blocs(
    since: SinceOption = None,
    until: UntilOption = None,
    historical: HistoricalOption = False,
    fold: FoldOption = False,
    half_life: HalfLifeOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    runs: RunsOption = 4,
    seed: SeedOption = 0,
    resolution: ResolutionOption = 1.0,
    limit: LimitOption = 50,
    output: FormatOption = OutputFormat.table,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Also store each actor's bloc in Neo4j (properties bloc, bloc_label, "
            "bloc_stability, bloc_period), replacing the blocs stored before.",
        ),
    ] = False,
) -> None:
    """Blocs: actors held together by support (signed community detection), with cohesion
    and stability; --write stores them on the actors in Neo4j for Browser users."""
    from graph.alliances.service import AllianceService, bloc_number
    from graph.store import BlocWriter

    params = _alliance_params(
        since, until, historical, fold, half_life, min_confidence, runs, seed, resolution
    )
    with _configured_store() as store:
        if write and not isinstance(store, BlocWriter):
            raise _fail(ValueError("--write stores blocs in Neo4j: set ACTORGRAPH_NEO4J_URI"))
        analysis = AllianceService(store).analysis(params)
        written = None
        if write and isinstance(store, BlocWriter):
            written = store.write_blocs(analysis.bloc_rows(), params.period)
    if output is OutputFormat.json:
        _print_json(analysis.json("blocs", limit).decode())
    else:
        found = analysis.report.blocs
        name = analysis.graph.name
        table = Table(
            "bloc", "named after", "size", "cohesion", "stability", "members", title="blocs"
        )
        for bloc in found.blocs:
            members = [name(m) for m in bloc.members]
            members += [f"({name(m)})" for m in bloc.folded]
            table.add_row(
                str(bloc_number(bloc.id)),
                name(bloc.label),
                str(bloc.size),
                _number(bloc.cohesion),
                _number(bloc.stability),
                _names(members),
            )
        console.print(table)
        console.print(
            f"{len(found.blocs)} blocs of {len(found.stability)} actors "
            f"({len(found.unaligned)} actors with no support or opposition tie are in none); "
            f"{found.frustrated_ties} of {found.ties} ties contradict the blocs "
            f"(frustration {found.frustration:.2f}); runs agree {found.agreement:.2f}",
            soft_wrap=True,
        )
    if written is not None:
        err_console.print(
            f"stored the blocs of {written} actors in Neo4j (bloc_period {params.period}): "
            "MATCH (a:Actor {bloc: 1}) RETURN a",
            soft_wrap=True,
        )


@app.command()
def balance(
    since: SinceOption = None,
    until: UntilOption = None,
    historical: HistoricalOption = False,
    fold: FoldOption = False,
    half_life: HalfLifeOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    runs: RunsOption = 4,
    seed: SeedOption = 0,
    resolution: ResolutionOption = 1.0,
    limit: LimitOption = 20,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Structural balance: balanced (+++, +--) and unbalanced (++-, ---) triangles of support
    and opposition, the heaviest unbalanced ones and the actors caught in them."""
    from graph.alliances.service import AllianceService

    params = _alliance_params(
        since, until, historical, fold, half_life, min_confidence, runs, seed, resolution
    )
    with _configured_store() as store:
        analysis = AllianceService(store).analysis(params)
    if output is OutputFormat.json:
        _print_json(analysis.json("balance", limit).decode())
        return
    result = analysis.report.balance
    name = analysis.graph.name
    ratio = "—" if result.balance_ratio is None else f"{result.balance_ratio:.2f}"
    kinds = ", ".join(f"{k} {n}" for k, n in result.by_kind.items())
    console.print(
        f"{result.triangles} triangles: {result.balanced} balanced, {result.unbalanced} "
        f"unbalanced (balance ratio {ratio}; {kinds})",
        soft_wrap=True,
    )
    if not result.unbalanced:
        return
    table = Table(
        "actors", "signs (ab, ac, bc)", "kind", "weakest tie", title="unbalanced triangles"
    )
    for t in result.unbalanced_triangles[:limit]:
        table.add_row(
            ", ".join(name(a) for a in t.actors), ", ".join(t.signs), t.kind, f"{t.weight:.2f}"
        )
    console.print(table)
    actors = Table(
        "actor", "triangles", "unbalanced", "share", title="actors in unbalanced triangles"
    )
    for a in [a for a in result.actors if a.unbalanced][:limit]:
        actors.add_row(
            name(a.actor), str(a.triangles), str(a.unbalanced), f"{a.unbalanced_share:.2f}"
        )
    console.print(actors)


@app.command()
def brokers(
    since: SinceOption = None,
    until: UntilOption = None,
    historical: HistoricalOption = False,
    fold: FoldOption = False,
    half_life: HalfLifeOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    runs: RunsOption = 4,
    seed: SeedOption = 0,
    resolution: ResolutionOption = 1.0,
    limit: LimitOption = 10,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Brokers and standing: who sits between blocs (betweenness on support ties, bridging),
    who is most supported, most opposed, and central by PageRank."""
    from graph.alliances.service import AllianceService

    params = _alliance_params(
        since, until, historical, fold, half_life, min_confidence, runs, seed, resolution
    )
    with _configured_store() as store:
        analysis = AllianceService(store).analysis(params)
    if output is OutputFormat.json:
        _print_json(analysis.json("brokers", limit).decode())
        return
    result = analysis.report.brokers
    name = analysis.graph.name
    standing = {s.actor: s for s in result.actors}
    table = Table(
        "actor",
        "bloc",
        "betweenness",
        "bridging",
        "blocs supported",
        "supported",
        "opposed",
        "PageRank",
        title="brokers (betweenness on support ties)",
    )
    for score in result.brokers[:limit]:
        s = standing[score.actor]
        table.add_row(
            name(s.actor),
            s.bloc or "—",
            f"{s.betweenness:.3f}",
            f"{s.bridging:.2f}",
            str(s.blocs_supported),
            f"{s.support_in:.2f}",
            f"{s.opposition_in:.2f}",
            f"{s.pagerank:.3f}",
        )
    console.print(table)
    for title, ranking in (
        ("bridges", result.bridges),
        ("most supported", result.most_supported),
        ("most opposed", result.most_opposed),
        ("PageRank", result.pagerank),
    ):
        shown = ", ".join(f"{name(r.actor)} {r.score:.2f}" for r in ranking[:limit]) or "none"
        console.print(f"[bold]{title}[/]: {escape(shown)}", soft_wrap=True)


class PeriodUnit(StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"


@app.command()
def timeline(
    since: SinceOption = None,
    until: UntilOption = None,
    historical: HistoricalOption = False,
    fold: FoldOption = False,
    half_life: HalfLifeOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    runs: RunsOption = 4,
    seed: SeedOption = 0,
    resolution: ResolutionOption = 1.0,
    unit: Annotated[
        PeriodUnit | None,
        typer.Option(help="Period length (default: the finest with at most 36 periods)."),
    ] = None,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Blocs over time: the blocs of each month, quarter or year, matched across periods so a
    bloc keeps its id, and what changed (who moved, which ties flipped, blocs formed or
    dissolved)."""
    from graph.alliances.service import AllianceService

    params = _alliance_params(
        since, until, historical, fold, half_life, min_confidence, runs, seed, resolution
    )
    with _configured_store() as store:
        answer = AllianceService(store).timeline(params, unit.value if unit else None)
    if output is OutputFormat.json:
        _print_json(answer.model_dump_json())
        return
    if not answer.periods:
        console.print("no dated support or opposition in the window: no periods")
        return
    table = Table("period", "bloc", "named after", "size", "cohesion", "members", title="blocs")
    for period in answer.timeline.periods:
        shown = [b for b in period.blocs if b.size > 1]
        if not shown:
            table.add_row(period.period, "—", "no bloc of two or more", "", "", "")
        for bloc in shown:
            table.add_row(
                period.period,
                bloc.id,
                bloc.label,
                str(bloc.size),
                _number(bloc.cohesion),
                _names(bloc.members),
            )
    console.print(table)
    for change in answer.timeline.changes:
        console.print(f"{change.period}  {escape(change.message)}", soft_wrap=True)
    if not answer.timeline.changes:
        console.print(f"no change over {len(answer.periods)} {answer.unit}s")


@app.command()
def explore(
    out: Annotated[
        Path, typer.Option("--out", "-o", help="HTML file to write (opens without a server).")
    ] = Path("actorgraph-explorer.html"),
    relation: Annotated[
        list[RelationType] | None,
        typer.Option("--type", "-t", help="Relation types shown at first (default: all)."),
    ] = None,
    actor_type: Annotated[
        list[ActorType] | None,
        typer.Option("--actor-type", help="Actor types shown at first (default: all)."),
    ] = None,
    min_confidence: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Hide relations less sure than this.")
    ] = 0.0,
    since: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Only evidence published on or after this day."),
    ] = None,
    until: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Only evidence published on or before this day."),
    ] = None,
    actor: Annotated[
        str | None, typer.Option(help="Open this actor's neighbourhood (id or name).")
    ] = None,
    hops: Annotated[int, typer.Option(min=0, max=6, help="Size of that neighbourhood.")] = 2,
    title: Annotated[str, typer.Option(help="Page title.")] = "actorgraph explorer",
) -> None:
    """Write the interactive graph page (the API's /explorer) as one self-contained HTML file."""
    from pydantic import ValidationError

    from api.explorer import ExplorerView, explorer_page

    try:
        view = ExplorerView(
            relation_types=relation or [],
            actor_types=actor_type or [],
            min_confidence=min_confidence,
            since=since.date() if since else None,
            until=until.date() if until else None,
            hops=hops,
        )
    except ValidationError as exc:
        raise _fail(ValueError(exc.errors()[0]["msg"].removeprefix("Value error, "))) from exc
    with _configured_store() as store:
        page, actors, relations = explorer_page(store, view, Settings(), actor=actor, title=title)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise _fail(ValueError(f"{out}: {exc.strerror or exc}")) from exc
    console.print(f"wrote {out}: {actors} actors, {relations} relations", soft_wrap=True)


@app.command()
def retract(article_id: Annotated[str, typer.Argument(help="The article's id (sha256).")]) -> None:
    """Remove an article and every statement only it supports."""

    with _configured_store() as store:
        found = store.retract(article_id)
    if not found:
        raise _fail(ValueError(f"unknown article: {article_id}"))
    console.print(f"retracted {article_id}")


@app.command()
def merge(
    keep: Annotated[str, typer.Argument(help="Actor id that stays.")],
    other: Annotated[str, typer.Argument(help="Actor id folded into it.")],
) -> None:
    """Merge two actors (aliases, statements, edges); re-ingesting will not split them."""

    with _configured_store() as store:
        actor = store.merge_actors(keep, other)
    console.print(f"merged {other} into {actor.id}; aliases: {', '.join(actor.aliases)}")


@app.command()
def alias(
    actor_id: Annotated[str, typer.Argument(help="The actor's id.")],
    name: Annotated[str, typer.Argument(help="Another name for it.")],
) -> None:
    """Add an alias to an actor."""

    with _configured_store() as store:
        actor = store.add_alias(actor_id, name)
    console.print(f"{actor.id}: {', '.join(actor.aliases)}")


@cypher_app.command("list")
def cypher_list() -> None:
    """List the analyst queries with what each answers and its parameters."""
    from graph import cypher as library

    table = Table("name", "what it answers", title="cypher/library")
    for name in library.library_names():
        table.add_row(name, library.header(f"{library.LIBRARY}/{name}"))
    console.print(table)


@cypher_app.command("run")
def cypher_run(
    name: Annotated[str, typer.Argument(help="A query name from `actorgraph cypher list`.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="A parameter as key=value.")
    ] = None,
) -> None:
    """Run an analyst query on the configured Neo4j and print its rows."""
    import json

    from graph import cypher as library
    from graph.store import CypherConsole

    if name not in library.library_names():
        raise _fail(ValueError(f"unknown query {name!r}; see `actorgraph cypher list`"))
    params = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise _fail(ValueError(f"--param takes key=value, got {item!r}"))
        params[key] = value
    with _configured_store() as store:
        if not isinstance(store, CypherConsole):
            raise _fail(ValueError("the Cypher library needs Neo4j: set ACTORGRAPH_NEO4J_URI"))
        rows = store.run_library(name, params)
    if not rows:
        console.print("(no rows)")
        return
    table = Table(*rows[0].keys(), title=name)
    for row in rows:
        table.add_row(
            *(json.dumps(v) if isinstance(v, list | dict) else str(v) for v in row.values())
        )
    console.print(table)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs) on the configured store."""
    import uvicorn

    from api.app import create_app

    settings = Settings()
    # A malformed store setting is one line here, not a traceback.
    with _configured_store(settings) as store:
        _ensure_nlp(settings)  # POST /articles extracts with it
        console.print(f"actorgraph API on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
        # Request heads up to 1 MiB reach the app, which answers 414 past
        # ACTORGRAPH_MAX_URL_BYTES instead of the connection being reset. On SIGTERM the
        # requests in flight get ACTORGRAPH_SHUTDOWN_SECONDS, not for ever: a client that
        # never finishes its body, or a call to a hung store, cannot keep the server up.
        uvicorn.run(
            create_app(settings, store),
            host=host,
            port=port,
            log_level="warning",
            h11_max_incomplete_event_size=1 << 20,
            timeout_graceful_shutdown=settings.shutdown_seconds,
        )


@app.command()
def init() -> None:
    """Create every table, constraint and index in the configured store (idempotent)."""
    from graph.store import SchemaAdmin

    settings = Settings()
    with _configured_store(settings) as store:
        store.init_schema()
        if not isinstance(store, SchemaAdmin):
            console.print(f"Embedded store ready: {settings.store}")
            return
        table = Table("constraint", "type", "on", "properties")
        for row in store.constraints():
            table.add_row(
                row["name"],
                row["type"],
                ",".join(row["labelsOrTypes"] or []),
                ",".join(row["properties"] or []),
            )
        console.print(table)
        console.print(f"Schema applied to {settings.neo4j_uri} ({settings.neo4j_database}).")


@app.command()
def migrate(
    path: Annotated[
        Path | None,
        typer.Argument(help="The old JSON store (default: ~/.local/share/actorgraph/graph.json)."),
    ] = None,
) -> None:
    """Import a store written by the old JSON embedded store into the configured store."""
    from graph.store.engine import Engine
    from graph.store.migrate import migrate as import_json

    settings = Settings()
    source = (path or Path.home() / ".local" / "share" / "actorgraph" / "graph.json").expanduser()
    if not settings.uses_neo4j and source.resolve() == settings.store.expanduser().resolve():
        raise _fail(
            ValueError(
                f"ACTORGRAPH_STORE names the JSON store itself ({source}): point it at a new "
                "file (e.g. graph.db) to import into"
            )
        )
    with _configured_store(settings) as store:
        if not isinstance(store, Engine):
            raise _fail(ValueError(f"cannot import into a {store.kind} store"))
        counts = import_json(source, store)
    console.print(
        f"imported {source} into the {store.kind} store: {counts.actors} actors, "
        f"{counts.articles} articles, {counts.statements} statements, {counts.edges} edges"
    )


@neo4j_app.command("start")
def neo4j_start(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for Bolt to answer.")] = 180.0,
) -> None:
    """Download (once) and start Neo4j Community on 127.0.0.1; wait until Bolt answers."""
    from cli.servers.neo4j import NEO4J_VERSION, LocalNeo4j

    server = LocalNeo4j(Settings())
    report = server.start(timeout=timeout)
    if report.already_running:
        console.print(f"Neo4j already running (pid {report.pid}) at {report.url}")
        return
    fetched = (
        f"downloaded in {report.download_seconds:.1f}s"
        if report.download_seconds
        else "jars cached, no download"
    )
    console.print(f"Neo4j {NEO4J_VERSION}: {fetched}; started in {report.start_seconds:.1f}s")
    console.print(f"pid {report.pid}, Bolt {report.url}")
    console.print(f"Browser {server.browser_url}")
    console.print(f"Use it: export ACTORGRAPH_NEO4J_URI={report.url}")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j server this tool started (by its recorded pid)."""
    from cli.servers.neo4j import LocalNeo4j

    stopped = LocalNeo4j(Settings()).stop()
    console.print("Neo4j stopped." if stopped else "Neo4j was not running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j server runs and answers; exit 1 when it does not."""
    from cli.servers.neo4j import LocalNeo4j

    status = LocalNeo4j(Settings()).status()
    if status.running:
        state = "answers" if status.answers else "does not answer yet"
        console.print(f"running (pid {status.pid}), {state} at {status.url}")
    else:
        console.print("not running")
    if not (status.running and status.answers):
        raise typer.Exit(code=1)


@neo4j_app.command("browser-url")
def neo4j_browser_url() -> None:
    """Print the Neo4j Browser URL of the local server."""
    from cli.servers.neo4j import LocalNeo4j

    console.print(LocalNeo4j(Settings()).browser_url, soft_wrap=True)


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
        raise _fail(exc) from exc
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


if __name__ == "__main__":
    app()

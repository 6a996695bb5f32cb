"""Store commands: ``init``, ``migrate``, ``ingest``, ``relations``, ``retract``, ``merge``,
``alias``, ``explore`` and ``cypher`` (the analyst library on Neo4j)."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from cli.common import configured_store, console, ensure_nlp, err_console, error_line, fail
from graph.model import ActorType, RelationType
from graph.results import Edge
from graph.settings import Settings

if TYPE_CHECKING:
    from graph.ingest import IngestSummary
    from graph.store import GraphStore

cypher_app = typer.Typer(
    help="The analyst Cypher library (cypher/library) for Neo4j.", no_args_is_help=True
)


def init() -> None:
    """Create every table, constraint and index in the configured store (idempotent)."""
    from graph.store import SchemaAdmin

    settings = Settings()
    with configured_store(settings) as store:
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
        raise fail(
            ValueError(
                f"ACTORGRAPH_STORE names the JSON store itself ({source}): point it at a new "
                "file (e.g. graph.db) to import into"
            )
        )
    with configured_store(settings) as store:
        if not isinstance(store, Engine):
            raise fail(ValueError(f"cannot import into a {store.kind} store"))
        counts = import_json(source, store)
    console.print(
        f"imported {source} into the {store.kind} store: {counts.actors} actors, "
        f"{counts.articles} articles, {counts.statements} statements, {counts.edges} edges"
    )


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to read; - is stdin.")],
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Extract on a Dask cluster: tcp://HOST:8786 (a running scheduler) or local:N "
            "(N worker processes here). Default: ACTORGRAPH_DASK_SCHEDULER, else no cluster.",
        ),
    ] = None,
    shared_input: Annotated[
        bool,
        typer.Option(
            "--shared-input",
            help="With --cluster: the workers read the (absolute) paths themselves instead "
            "of this process shipping the articles.",
        ),
    ] = False,
) -> None:
    """Extract articles and write them to the configured store (Neo4j or embedded)."""
    settings = Settings()
    address = cluster or settings.dask_scheduler
    if address or shared_input:
        _cluster_ingest(paths, address, shared_input, settings)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from graph.ingest import Failed, Outcome, ingest
    from loaders.pipeline import extract_paths, extractions, extractor_for, keep_out_of_collections

    ensure_nlp(settings)
    extractor = extractor_for(settings)  # a bad lexicon fails before the store is touched
    keep_out_of_collections()
    try:
        with configured_store(settings) as store:
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

                def advance(outcome: Outcome) -> None:
                    progress.advance(task)
                    if isinstance(outcome, Failed):
                        progress.console.print(
                            f"[red]failed[/] {escape(outcome.path)}: {escape(outcome.error)}",
                            soft_wrap=True,
                        )

                items = extractions(extract_paths(paths, settings, extractor))
                summary = ingest(items, store, on_outcome=advance)
            _print_ingest_summary(summary, store)
    finally:
        extractor.close()


def _cluster_ingest(
    paths: list[str], address: str | None, shared_input: bool, settings: Settings
) -> None:
    """`ingest --cluster`: Dask is imported here only (cli/cluster)."""
    if not address:
        raise fail(ValueError("--shared-input needs --cluster (or ACTORGRAPH_DASK_SCHEDULER)"))
    try:
        from cli.cluster.command import ingest_on_cluster
    except ImportError as exc:
        raise fail(
            ValueError(f"--cluster needs Dask: pip install 'dask[distributed]' ({exc})")
        ) from exc
    with configured_store(settings) as store:
        store.init_schema()
        run = ingest_on_cluster(paths, address, shared_input, settings, store, err_console)
        _print_ingest_summary(run.summary, store)


def _print_ingest_summary(summary: IngestSummary, store: GraphStore) -> None:
    """The ingest's table and the store's counts; exit 1 when an input failed."""
    from graph.store import RetryCounter

    counts = store.counts()
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
    if summary.skipped:
        console.print(
            f"{summary.skipped} articles already stored by this extractor were skipped "
            "before extraction (counted as unchanged)",
            soft_wrap=True,
        )
    retries = store.retries if isinstance(store, RetryCounter) else 0
    if retries:
        console.print(f"{retries} transactions retried after a deadlock or a lost connection")
    if summary.stopped is not None:
        # The parser went away mid-run: what was written is in the table above.
        error_line(f"ingest stopped before the end: {summary.stopped}")
        raise typer.Exit(code=1)
    if summary.failed:
        raise typer.Exit(code=1)


def relations(
    actor_id: Annotated[str, typer.Argument(help="The actor's id, e.g. iran.")],
    relation: Annotated[
        list[str] | None, typer.Option("--type", "-t", help="Only these relation types.")
    ] = None,
    direction: Annotated[str, typer.Option(help="out, in or both.")] = "both",
    evidence: Annotated[int, typer.Option(help="Sentences shown per edge.")] = 1,
) -> None:
    """Show an actor's aggregated relations with their evidence, from the configured store."""
    from graph.store.query import Direction, EdgeQuery

    try:
        types = frozenset(RelationType(t) for t in relation or [])
        query = EdgeQuery(
            actor=actor_id, types=types, direction=Direction(direction), evidence_limit=evidence
        )
    except ValueError as exc:
        raise fail(exc) from exc
    with configured_store() as store:
        edges = store.edges(query)
    _print_edges(actor_id, edges)


EVIDENCE_INDENT = 4


def _print_edges(title: str, edges: list[Edge]) -> None:
    """One line per edge, its columns aligned, and the edge's evidence under it: each sentence
    on its own lines, indented and wrapped at the terminal's width (in a table column of its
    own, a sentence came out one word per line on an 80-column terminal)."""
    header = ("source", "relation", "target", "mentions", "conf.", "modalities")
    rows = [
        (
            e.source,
            e.type.value,
            e.target,
            str(e.mentions),
            f"{e.confidence:.2f}",
            ",".join(m.value for m in e.modalities),
        )
        for e in edges
    ]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        # Names left, numbers right, as a table aligns them.
        return "  ".join(
            cell.rjust(width) if i in (3, 4) else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    def show(text: str, style: str = "") -> None:
        console.print(Text(text, style=style), soft_wrap=True)

    show(f"{title}: {len(edges)} edge{'' if len(edges) == 1 else 's'}, strongest first", "bold")
    if not edges:
        return
    show(line(header), "bold")
    for edge, row in zip(edges, rows, strict=True):
        show(line(row))
        for item in edge.evidence:
            for part in textwrap.wrap(item.sentence, max(console.width - EVIDENCE_INDENT, 20)):
                show(" " * EVIDENCE_INDENT + part, "dim")


def retract(article_id: Annotated[str, typer.Argument(help="The article's id (sha256).")]) -> None:
    """Remove an article and every statement only it supports."""

    with configured_store() as store:
        found = store.retract(article_id)
    if not found:
        raise fail(ValueError(f"unknown article: {article_id}"))
    console.print(f"retracted {article_id}")


def merge(
    keep: Annotated[str, typer.Argument(help="Actor id that stays.")],
    other: Annotated[str, typer.Argument(help="Actor id folded into it.")],
) -> None:
    """Merge two actors (aliases, statements, edges); re-ingesting will not split them."""

    with configured_store() as store:
        actor = store.merge_actors(keep, other)
    console.print(f"merged {other} into {actor.id}; aliases: {', '.join(actor.aliases)}")


def alias(
    actor_id: Annotated[str, typer.Argument(help="The actor's id.")],
    name: Annotated[str, typer.Argument(help="Another name for it.")],
) -> None:
    """Add an alias to an actor."""

    with configured_store() as store:
        actor = store.add_alias(actor_id, name)
    console.print(f"{actor.id}: {', '.join(actor.aliases)}")


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
        raise fail(ValueError(exc.errors()[0]["msg"].removeprefix("Value error, "))) from exc
    with configured_store() as store:
        page, actors, relations = explorer_page(store, view, Settings(), actor=actor, title=title)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise fail(ValueError(f"{out}: {exc.strerror or exc}")) from exc
    console.print(f"wrote {out}: {actors} actors, {relations} relations", soft_wrap=True)


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
        raise fail(ValueError(f"unknown query {name!r}; see `actorgraph cypher list`"))
    params = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise fail(ValueError(f"--param takes key=value, got {item!r}"))
        params[key] = value
    with configured_store() as store:
        if not isinstance(store, CypherConsole):
            raise fail(ValueError("the Cypher library needs Neo4j: set ACTORGRAPH_NEO4J_URI"))
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

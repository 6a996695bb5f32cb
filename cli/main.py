"""Entry point of the ``actorgraph`` console script."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph.errors import ActorgraphError
from graph.settings import Settings

app = typer.Typer(
    help="Turn news into a knowledge graph of geopolitical actors and alliances.",
    no_args_is_help=True,
    add_completion=False,
)
neo4j_app = typer.Typer(
    help="Run a local Neo4j server assembled from Maven Central (no Docker needed).",
    no_args_is_help=True,
)
app.add_typer(neo4j_app, name="neo4j")

console = Console()
err_console = Console(stderr=True)


def _fail(exc: Exception) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {exc}")
    return typer.Exit(code=1)


@app.command()
def version() -> None:
    """Print the version of actorgraph."""
    from importlib.metadata import version as dist_version

    console.print(f"actorgraph {dist_version('actorgraph')}")


@app.command()
def init() -> None:
    """Create every constraint and index in the configured store (idempotent)."""
    from graph.neo4j_store import Neo4jStore

    settings = Settings()
    if not settings.uses_neo4j:
        console.print("No Neo4j configured (ACTORGRAPH_NEO4J_URI): nothing to initialise.")
        return
    store = Neo4jStore.from_settings(settings)
    try:
        store.init_schema()
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
    except ActorgraphError as exc:
        raise _fail(exc) from exc
    finally:
        store.close()


@neo4j_app.command("start")
def neo4j_start(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for Bolt to answer.")] = 180.0,
) -> None:
    """Download (once) and start Neo4j Community on 127.0.0.1; wait until Bolt answers."""
    from graph.neo4j_local import NEO4J_VERSION, LocalNeo4j

    server = LocalNeo4j(Settings())
    try:
        report = server.start(timeout=timeout)
    except ActorgraphError as exc:
        raise _fail(exc) from exc
    if report.already_running:
        console.print(f"Neo4j already running (pid {report.pid}) at {report.bolt_uri}")
        return
    fetched = (
        f"downloaded in {report.download_seconds:.1f}s"
        if report.download_seconds
        else "jars cached, no download"
    )
    console.print(f"Neo4j {NEO4J_VERSION}: {fetched}; started in {report.start_seconds:.1f}s")
    console.print(f"pid {report.pid}, Bolt {report.bolt_uri}")
    console.print(f"Browser {server.browser_url}")
    console.print(f"Use it: export ACTORGRAPH_NEO4J_URI={report.bolt_uri}")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j server this tool started (by its recorded pid)."""
    from graph.neo4j_local import LocalNeo4j

    stopped = LocalNeo4j(Settings()).stop()
    console.print("Neo4j stopped." if stopped else "Neo4j was not running.")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Say whether the local Neo4j server runs and answers; exit 1 when it does not."""
    from graph.neo4j_local import LocalNeo4j

    status = LocalNeo4j(Settings()).status()
    if status.running:
        state = "answers" if status.answers else "does not answer yet"
        console.print(f"running (pid {status.pid}), {state} at {status.bolt_uri}")
    else:
        console.print("not running")
    if not (status.running and status.answers):
        raise typer.Exit(code=1)


@neo4j_app.command("browser-url")
def neo4j_browser_url() -> None:
    """Print the Neo4j Browser URL of the local server."""
    from graph.neo4j_local import LocalNeo4j

    console.print(LocalNeo4j(Settings()).browser_url, soft_wrap=True)


if __name__ == "__main__":
    app()

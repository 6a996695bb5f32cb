"""Server commands: ``serve`` (the HTTP API) and ``neo4j`` (a local Neo4j server)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import configured_store, console, ensure_nlp
from graph.settings import Settings

neo4j_app = typer.Typer(
    help="Run a local Neo4j server assembled from Maven Central (no Docker needed).",
    no_args_is_help=True,
)


def serve(
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    watch: Annotated[
        bool,
        typer.Option("--watch", help="Also poll the followed feeds and ingest their new articles."),
    ] = False,
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs) on the configured store."""
    import uvicorn

    from api.app import create_app

    settings = Settings()
    # A malformed store setting is one line here, not a traceback.
    with configured_store(settings) as store:
        ensure_nlp(settings)  # POST /articles extracts with it
        watcher = None
        if watch:
            from cli.watch.commands import start_watcher

            store.init_schema()
            watcher = start_watcher()
            console.print(f"watching the {len(store.feeds())} followed feeds (pid {watcher.pid})")
        console.print(f"actorgraph API on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
        try:
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
        finally:
            if watcher is not None:
                from cli.watch.commands import stop_watcher

                stop_watcher(watcher)


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

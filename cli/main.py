"""Entry point of the ``actorgraph`` console script.

Commands import the heavy parts of actorgraph inside themselves, where a measured cost says so
(`python -X importtime`, on top of what this module imports, on the 2-core machine): the API
and its server 2.6 s, the graph store (networkx, the neo4j driver) 1.2 s, the extraction
pipeline 0.5 s. `actorgraph extract`, `eval` and `--help` pay for none they do not use.
"""

from __future__ import annotations

import errno
import os
from typing import Any

import typer
from typer.core import TyperGroup

from cli import alliances, extraction, server_commands, store
from cli.common import console, error_line, user_error
from cli.watch import commands as following

DEBUG_VARIABLE = "ACTORGRAPH_DEBUG"


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


def _report(exc: Exception) -> None:
    message = user_error(exc)
    if message is not None:
        error_line(message)
    elif os.environ.get(DEBUG_VARIABLE, "").strip().lower() in ("1", "true", "yes"):
        raise exc
    else:
        error_line(
            f"unexpected {type(exc).__name__}: {exc} - this is a bug in actorgraph; "
            f"run again with {DEBUG_VARIABLE}=1 to see the traceback"
        )


app = typer.Typer(
    cls=_Guarded,
    help="Turn news into a knowledge graph of geopolitical actors and alliances.",
    no_args_is_help=True,
    add_completion=False,
)


def version() -> None:
    """Print the version of actorgraph."""
    from importlib.metadata import version as dist_version

    console.print(f"actorgraph {dist_version('actorgraph')}")


# The command table, in the order `actorgraph --help` lists it.
app.command()(version)
app.command()(extraction.extract)
app.command()(store.ingest)
app.command()(store.relations)
app.command()(alliances.blocs)
app.command()(alliances.balance)
app.command()(alliances.brokers)
app.command()(alliances.timeline)
app.command()(store.explore)
app.command()(store.retract)
app.command()(store.merge)
app.command()(store.alias)
app.command()(following.watch)
app.command()(server_commands.serve)
app.command()(store.init)
app.command()(store.migrate)
app.add_typer(server_commands.neo4j_app, name="neo4j")
app.add_typer(extraction.nlp_app, name="nlp")
app.add_typer(extraction.eval_app, name="eval")
app.add_typer(store.cypher_app, name="cypher")
app.add_typer(following.feeds_app, name="feeds")


if __name__ == "__main__":
    app()

"""Alliance analytics commands: ``blocs``, ``balance``, ``brokers`` and ``timeline``, each
taking the same options (one question, ``AllianceParams``)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from cli.common import (
    FormatOption,
    OutputFormat,
    configured_store,
    console,
    err_console,
    fail,
    print_json,
)
from graph.alliance_params import DEFAULT_RUNS, AllianceParams, bounds

DAY = "%Y-%m-%d"


def _bounded(field: str, kind: type[float] | type[int]) -> dict[str, Any]:
    """typer's min and max for a number of AllianceParams: the model's bounds."""
    low, high = bounds(field)
    return {"min": kind(low), "max": kind(high)}


# The options every alliance command takes, declared once: ``alliance_command`` puts them
# first in each command's signature and hands them to the command as one AllianceParams.
OPTIONS = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
    for name, default, kind in [
        (
            "since",
            None,
            Annotated[
                datetime | None,
                typer.Option(formats=[DAY], help="Only statements published on or after this day."),
            ],
        ),
        (
            "until",
            None,
            Annotated[
                datetime | None,
                typer.Option(
                    formats=[DAY], help="Only statements published on or before this day."
                ),
            ],
        ),
        (
            "historical",
            False,
            Annotated[
                bool,
                typer.Option(
                    "--historical",
                    help="Count historical statements too (default: asserted and claimed).",
                ),
            ],
        ),
        (
            "fold",
            False,
            Annotated[
                bool,
                typer.Option(
                    "--fold",
                    help="Fold leaders, units and cities into the state or group they belong to.",
                ),
            ],
        ),
        (
            "half_life",
            None,
            Annotated[
                float | None,
                typer.Option(
                    "--half-life",
                    **_bounded("half_life_days", float),
                    help="Weigh ties by recency: they halve every this many days.",
                ),
            ],
        ),
        (
            "min_confidence",
            0.0,
            Annotated[
                float,
                typer.Option(
                    **_bounded("min_confidence", float),
                    help="Leave out edges less certain than this.",
                ),
            ],
        ),
        (
            "runs",
            DEFAULT_RUNS,
            Annotated[
                int,
                typer.Option(
                    **_bounded("runs", int), help="Bloc detection runs (seeds) in the consensus."
                ),
            ],
        ),
        (
            "seed",
            0,
            Annotated[int, typer.Option(**_bounded("seed", int), help="The first run's seed.")],
        ),
        (
            "resolution",
            1.0,
            Annotated[
                float,
                typer.Option(**_bounded("resolution", float), help="Larger: more, smaller blocs."),
            ],
        ),
    ]
]
LimitOption = Annotated[int, typer.Option(min=1, max=500, help="Longest list shown.")]
UNALIGNED_SHOWN = 20  # actors named on the line of unaligned ones (then "… N more")


def _question(
    since: datetime | None,
    until: datetime | None,
    historical: bool,
    fold: bool,
    half_life: float | None,
    min_confidence: float,
    runs: int,
    seed: int,
    resolution: float,
) -> AllianceParams:
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


def alliance_command(command: Callable[..., None]) -> Callable[..., None]:
    """``command(params, ...)`` as a command taking the alliance options (``OPTIONS``) before
    its own, and given them as one ``AllianceParams``."""
    own = inspect.signature(command, eval_str=True)
    keyword = inspect.Parameter.KEYWORD_ONLY  # typer passes every parameter by name
    rest = [p.replace(kind=keyword) for p in own.parameters.values() if p.name != "params"]
    names = [p.name for p in OPTIONS]

    @functools.wraps(command)
    def run(**given: Any) -> None:
        command(_question(**{name: given.pop(name) for name in names}), **given)

    signature = own.replace(parameters=[*OPTIONS, *rest])
    # typer reads a command's parameters from its signature and type hints.
    run.__signature__ = signature  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
    return run


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _names(names: Iterable[str], shown: int = 8) -> str:
    listed = list(names)
    more = f" … {len(listed) - shown} more" if len(listed) > shown else ""
    return ", ".join(listed[:shown]) + more


@alliance_command
def blocs(
    params: AllianceParams,
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

    with configured_store() as store:
        if write and not isinstance(store, BlocWriter):
            raise fail(ValueError("--write stores blocs in Neo4j: set ACTORGRAPH_NEO4J_URI"))
        analysis = AllianceService(store).analysis(params)
        written = None
        if write and isinstance(store, BlocWriter):
            written = store.write_blocs(analysis.bloc_rows(), params.period)
    if output is OutputFormat.json:
        print_json(analysis.json("blocs", limit).decode())
    else:
        found = analysis.report.blocs
        name = analysis.graph.name
        # A bloc of one actor is no alliance: such actors are listed apart, as unaligned.
        shown = [b for b in found.blocs if b.size > 1]
        alone = [b for b in found.blocs if b.size == 1]
        table = Table(
            "bloc", "named after", "size", "cohesion", "stability", "members", title="blocs"
        )
        if not shown:
            table.add_row("—", "no bloc of two or more", "", "", "", "")
        for bloc in shown:
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
        if alone:
            listed = [
                name(b.members[0]) + (f" ({', '.join(map(name, b.folded))})" if b.folded else "")
                for b in alone
            ]
            console.print(
                f"unaligned (a bloc of their own): {_names(listed, shown=UNALIGNED_SHOWN)}",
                soft_wrap=True,
                markup=False,
            )
        none = len(found.unaligned)
        console.print(
            f"{_count(len(shown), 'bloc')} of two or more and "
            f"{_count(len(alone), 'unaligned actor')} ({_count(len(found.stability), 'actor')} "
            f"in all; {_count(none, 'actor')} with no support or opposition tie "
            f"{'is' if none == 1 else 'are'} in none); {found.frustrated_ties} of {found.ties} "
            f"ties contradict the blocs (frustration {found.frustration:.2f}); runs agree "
            f"{found.agreement:.2f}",
            soft_wrap=True,
        )
    if written is not None:
        err_console.print(
            f"stored the blocs of {written} actors in Neo4j (bloc_period {params.period}): "
            "MATCH (a:Actor {bloc: 1}) RETURN a",
            soft_wrap=True,
        )


@alliance_command
def balance(
    params: AllianceParams,
    limit: LimitOption = 20,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Structural balance: balanced (+++, +--) and unbalanced (++-, ---) triangles of support
    and opposition, the heaviest unbalanced ones and the actors caught in them."""
    from graph.alliances.service import AllianceService

    with configured_store() as store:
        analysis = AllianceService(store).analysis(params)
    if output is OutputFormat.json:
        print_json(analysis.json("balance", limit).decode())
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


@alliance_command
def brokers(
    params: AllianceParams,
    limit: LimitOption = 10,
    output: FormatOption = OutputFormat.table,
) -> None:
    """Brokers and standing: who sits between blocs (betweenness on support ties, bridging),
    who is most supported, most opposed, and central by PageRank."""
    from graph.alliances.service import AllianceService

    with configured_store() as store:
        analysis = AllianceService(store).analysis(params)
    if output is OutputFormat.json:
        print_json(analysis.json("brokers", limit).decode())
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


@alliance_command
def timeline(
    params: AllianceParams,
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

    with configured_store() as store:
        answer = AllianceService(store).timeline(params, unit.value if unit else None)
    if output is OutputFormat.json:
        print_json(answer.model_dump_json())
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

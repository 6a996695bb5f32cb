"""Blocs over time: periods, identity across periods, moves and flipped ties."""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx
import pytest

from graph.alliances import periods, timeline
from graph.alliances.synthetic import edge, month_start, planted, snapshot
from graph.model import RelationType

SUP, OPP = RelationType.SUPPORTS, RelationType.OPPOSES
CAMPS = {**{f"west-{i}": 0 for i in range(12)}, **{f"east-{i}": 1 for i in range(12)}}


def test_periods_are_calendar_months_quarters_and_years() -> None:
    months = periods(date(2025, 11, 20), date(2026, 2, 3))
    assert [(p.label, p.since, p.until) for p in months] == [
        ("2025-11", "2025-11-01", "2025-11-30"),
        ("2025-12", "2025-12-01", "2025-12-31"),
        ("2026-01", "2026-01-01", "2026-01-31"),
        ("2026-02", "2026-02-01", "2026-02-28"),
    ]
    quarters = periods(date(2025, 11, 20), date(2026, 4, 1), unit="quarter")
    assert [(p.label, p.since, p.until) for p in quarters] == [
        ("2025-Q4", "2025-10-01", "2025-12-31"),
        ("2026-Q1", "2026-01-01", "2026-03-31"),
        ("2026-Q2", "2026-04-01", "2026-06-30"),
    ]
    assert [p.label for p in periods(date(2024, 2, 29), date(2026, 1, 1), unit="year")] == [
        "2024",
        "2025",
        "2026",
    ]
    with pytest.raises(ValueError):
        periods(date(2026, 2, 1), date(2026, 1, 1))


def month(
    first: date, camp_of_mover: int, seed: int, extra: list[dict[str, Any]] | None = None
) -> nx.MultiDiGraph:
    """A month of two camps; "mover" sides with camp ``camp_of_mover``."""
    truth = {**CAMPS, "mover": camp_of_mover}
    days = (month_start(first, 1) - first).days
    base = planted(truth, ties=150, noise=0.0, seed=seed, start=first, days=days, hubs=None)
    rows = [dict(d) for _, _, d in base.snapshot.edges(data=True)]
    rows = [r for r in rows if "mover" not in (r["source"], r["target"])]
    # the mover's own ties: support for its side, opposition to the other
    for name, camp in CAMPS.items():
        if int(name.split("-")[1]) < 5:
            kind = SUP if camp == camp_of_mover else OPP
            rows.append(edge("mover", name, kind, mentions=2, first_seen=first))
    return snapshot([], rows + (extra or []))


def two_months() -> dict[str, nx.MultiDiGraph]:
    return {
        "2026-02": month(date(2026, 2, 1), 1, seed=2),
        "2026-01": month(date(2026, 1, 1), 0, seed=1),  # order of the mapping does not matter
    }


def test_an_actor_that_changes_sides_is_reported_as_moving() -> None:
    result = timeline(two_months())
    assert [p.period for p in result.periods] == ["2026-01", "2026-02"]
    jan, feb = result.periods
    west_jan = next(b for b in jan.blocs if "west-0" in b.members)
    east_jan = next(b for b in jan.blocs if "east-0" in b.members)
    west_feb = next(b for b in feb.blocs if "west-0" in b.members)
    east_feb = next(b for b in feb.blocs if "east-0" in b.members)
    # the blocs keep their identity from one month to the next
    assert (west_feb.id, east_feb.id) == (west_jan.id, east_jan.id)
    assert "mover" in west_jan.members and "mover" in east_feb.members
    moves = [c for c in result.changes if c.kind == "moved"]
    [move] = moves  # nobody else moved
    assert move.actors == ["mover"] and move.period == "2026-02"
    assert (move.before, move.after, move.since_period) == (west_jan.id, east_jan.id, "2026-01")
    assert move.message == (
        f"mover moved from {west_jan.id} ({west_jan.label}) to {east_jan.id} ({east_jan.label})"
        " in 2026-02"
    )
    assert move.stability is not None and move.stability > 0.5


def test_a_tie_that_turns_is_reported() -> None:
    result = timeline(two_months())
    flips = {tuple(c.actors): c for c in result.changes if c.kind == "tie_flipped"}
    # the mover supported west-0..4 and opposed east-0..4; in February the other way round
    assert set(flips) == {(f"east-{i}", "mover") for i in range(5)} | {
        ("mover", f"west-{i}") for i in range(5)
    }
    west = flips[("mover", "west-0")]
    assert (west.before, west.after, west.since_period) == ("supports", "opposes", "2026-01")
    assert west.message == "the tie mover-west-0 turned from support to opposition in 2026-02"


def test_a_bloc_is_matched_across_a_gap_and_new_blocs_are_reported() -> None:
    third = {f"south-{i}": 0 for i in range(8)}
    south = planted(third, ties=20, noise=0.0, seed=4, hubs=None, start=date(2026, 3, 1), days=31)
    south_rows = [dict(d) for _, _, d in south.snapshot.edges(data=True)]
    south_rows += [edge("south-0", "west-0", OPP, first_seen="2026-03-02")]
    snapshots = {
        "2026-01": month(date(2026, 1, 1), 0, seed=1),
        "2026-02": snapshot([], [edge("x", "y", SUP, first_seen="2026-02-03")]),  # quiet month
        "2026-03": month(date(2026, 3, 1), 0, seed=3, extra=south_rows),
    }
    result = timeline(snapshots)
    jan, _, mar = result.periods
    assert {b.id for b in mar.blocs if b.size > 1} >= {b.id for b in jan.blocs}
    formed = [c for c in result.changes if c.kind == "formed"]
    assert {c.period for c in formed} == {"2026-02", "2026-03"}
    [south_formed] = [c for c in formed if "south-0" in c.actors]
    assert south_formed.period == "2026-03"
    dissolved = [c for c in result.changes if c.kind == "dissolved"]
    assert [(c.period, c.actors) for c in dissolved] == [("2026-03", ["x", "y"])]
    tracks = {t.id: t for t in result.tracks}
    west = next(b for b in jan.blocs if "west-0" in b.members)
    assert tracks[west.id].periods == ["2026-01", "2026-03"]
    assert next(b for b in mar.blocs if b.id == west.id).jaccard == 1.0


def test_the_timeline_is_deterministic() -> None:
    first = timeline(two_months()).model_dump(mode="json")
    assert timeline(two_months()).model_dump(mode="json") == first

"""Blocs over time: blocs per period, matched across periods so a bloc keeps its identity, and
what changed.

Input: one snapshot per period (``store.snapshot(since, until)`` for each of ``periods(...)``;
after the store refactor ``store.snapshot(window=Window(since, until, modalities))``, which also
filters modalities statement by statement), labelled so that labels sort chronologically
("2026-03", "2026-Q1", "2026": the labels ``periods`` makes). Each period's blocs are found
independently (``blocs``, same seeds), then matched to the tracks of earlier periods: the
Jaccard overlap of members between each bloc and each track's latest members, one-to-one by the
Hungarian method (scipy's ``linear_sum_assignment``), a match needing an overlap of at least
``min_jaccard``. A track may skip periods (a month without news of it) and be matched again
later. Unmatched blocs start new tracks, named "bloc-1", "bloc-2", ... in order of appearance.

Changes, each with a sentence:

- ``moved``: an actor in a bloc of two or more now, whose last bloc (of two or more) was another
  track ("X moved from bloc-1 (Syria) to bloc-2 (HTS) in 2026-03");
- ``tie_flipped``: the net tie between two actors changed sign since the last period it was
  seen in ("the tie X-Y turned from support to opposition in 2026-03");
- ``formed`` / ``dissolved``: a track of two or more actors begins after the first period, or
  is last seen before the last period.

Actors alone in their bloc are left out of moves: with a month's data, being alone mostly means
being seen little.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import networkx as nx
import numpy as np
from scipy.optimize import linear_sum_assignment

from graph.alliance_params import DEFAULT_MODALITIES, DEFAULT_RUNS
from graph.alliances.blocs import blocs
from graph.alliances.results import (
    Bloc,
    Change,
    ChangeKind,
    Period,
    Timeline,
    TimelineBloc,
    TimelinePeriod,
    Track,
)
from graph.alliances.signed import SignedGraph, signed_graph
from graph.model import Modality

Unit = Literal["month", "quarter", "year"]
_KIND_ORDER: dict[str, int] = {"formed": 0, "moved": 1, "tie_flipped": 2, "dissolved": 3}


def periods(first: date, last: date, *, unit: Unit = "month") -> list[Period]:
    """The calendar periods from the one holding ``first`` to the one holding ``last``."""
    if last < first:
        raise ValueError("last is before first")
    step = {"month": 1, "quarter": 3, "year": 12}[unit]
    start_month = (first.month - 1) // step * step
    index = first.year * 12 + start_month
    found = []
    while True:
        year, month = divmod(index, 12)
        month += 1
        if date(year, month, 1) > last:
            break
        end_index = index + step - 1
        end_year, end_month = divmod(end_index, 12)
        end = date(end_year, end_month + 1, calendar.monthrange(end_year, end_month + 1)[1])
        if unit == "month":
            label = f"{year:04d}-{month:02d}"
        elif unit == "quarter":
            label = f"{year:04d}-Q{(month - 1) // 3 + 1}"
        else:
            label = f"{year:04d}"
        found.append(
            Period(label=label, since=date(year, month, 1).isoformat(), until=end.isoformat())
        )
        index += step
    return found


@dataclass
class _Track:
    id: str
    label: str
    members: frozenset[str]
    size: int
    periods: list[str] = field(default_factory=list)


def timeline(
    snapshots: Mapping[str, nx.MultiDiGraph],
    *,
    modalities: Iterable[Modality] = DEFAULT_MODALITIES,
    half_life_days: float | None = None,
    fold: bool = False,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    resolution: float = 1.0,
    min_jaccard: float = 0.25,
    min_confidence: float = 0.0,
) -> Timeline:
    """Blocs per period, their tracks and the changes, from one snapshot per period."""
    wanted = frozenset(modalities)
    graphs = {
        label: signed_graph(
            snapshots[label],
            modalities=wanted,
            half_life_days=half_life_days,
            fold=fold,
            min_confidence=min_confidence,
        )
        for label in sorted(snapshots)
    }
    return timeline_of(graphs, runs=runs, seed=seed, resolution=resolution, min_jaccard=min_jaccard)


def timeline_of(
    graphs: Mapping[str, SignedGraph],
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    resolution: float = 1.0,
    min_jaccard: float = 0.25,
) -> Timeline:
    """The same from signed graphs already built, one per period label."""
    labels = sorted(graphs)
    tracks: list[_Track] = []
    holding: dict[str, set[int]] = {}  # actor -> tracks whose latest members include it
    last_bloc: dict[str, tuple[int, str]] = {}  # actor -> (track, period) of its last bloc of 2+
    last_sign: dict[tuple[str, str], tuple[float, str]] = {}
    names: dict[str, str] = {}
    changes: list[tuple[int, Change]] = []
    result_periods = []
    for p, label in enumerate(labels):
        graph = graphs[label]
        names.update(graph.names)
        found = blocs(graph, runs=runs, seed=seed, resolution=resolution, limit=0)
        matched = _match(found.blocs, tracks, holding, min_jaccard)
        period_blocs = []
        for b, bloc in enumerate(found.blocs):
            members = frozenset(bloc.members)
            t = matched.get(b)
            jaccard = None
            if t is None:
                t = len(tracks)
                tracks.append(_Track(f"bloc-{t + 1}", bloc.label, members, bloc.size))
                if p > 0 and bloc.size > 1:
                    changes.append((p, _formed(label, tracks[t], names)))
            else:
                old = tracks[t].members
                jaccard = round(len(old & members) / len(old | members), 6)
                for actor in old:
                    holding[actor].discard(t)
                tracks[t].members, tracks[t].size = members, bloc.size
            for actor in members:
                holding.setdefault(actor, set()).add(t)
            tracks[t].periods.append(label)
            period_blocs.append(
                TimelineBloc(
                    id=tracks[t].id,
                    label=bloc.label,
                    members=bloc.members,
                    folded=bloc.folded,
                    size=bloc.size,
                    cohesion=bloc.cohesion,
                    stability=bloc.stability,
                    jaccard=jaccard,
                )
            )
            if bloc.size > 1:
                for actor in bloc.members:
                    before = last_bloc.get(actor)
                    if before is not None and before[0] != t:
                        changes.append(
                            (p, _moved(label, actor, tracks, before, t, found.stability, names))
                        )
                    last_bloc[actor] = (t, label)
        for u, v, w in graph.rows():
            pair = (graph.nodes[u], graph.nodes[v])
            seen = last_sign.get(pair)
            if seen is not None and (seen[0] > 0) != (w > 0):
                changes.append((p, _flipped(label, pair, seen, w, names)))
            last_sign[pair] = (w, label)
        result_periods.append(
            TimelinePeriod(
                period=label,
                actors=len(graph.nodes),
                ties=found.ties,
                frustration=found.frustration,
                blocs=sorted(period_blocs, key=lambda x: (-x.size, x.members)),
            )
        )
    for track in tracks:
        end = labels.index(track.periods[-1])
        if end < len(labels) - 1 and track.size > 1:
            changes.append((end + 1, _dissolved(labels[end + 1], track, names)))
    changes.sort(key=lambda c: (c[0], _KIND_ORDER[c[1].kind], c[1].actors, c[1].before or ""))
    return Timeline(
        periods=result_periods,
        tracks=[
            Track(
                id=t.id,
                label=t.label,
                first_period=t.periods[0],
                last_period=t.periods[-1],
                periods=t.periods,
            )
            for t in tracks
        ],
        changes=[c for _, c in changes],
    )


def _match(
    found: Sequence[Bloc],
    tracks: list[_Track],
    holding: Mapping[str, set[int]],
    min_jaccard: float,
) -> dict[int, int]:
    """bloc index -> track index, one-to-one, maximising the summed Jaccard overlap."""
    overlap: dict[tuple[int, int], int] = {}
    for b, bloc in enumerate(found):
        for actor in bloc.members:
            for t in holding.get(actor, ()):
                overlap[(t, b)] = overlap.get((t, b), 0) + 1
    if not overlap:
        return {}
    rows = sorted({t for t, _ in overlap})
    cols = sorted({b for _, b in overlap})
    row_of = {t: i for i, t in enumerate(rows)}
    col_of = {b: j for j, b in enumerate(cols)}
    jaccard = np.zeros((len(rows), len(cols)))
    for (t, b), both in overlap.items():
        union = len(tracks[t].members) + found[b].size - both
        jaccard[row_of[t], col_of[b]] = both / union
    chosen_rows, chosen_cols = linear_sum_assignment(-jaccard)
    return {
        cols[j]: rows[i]
        for i, j in zip(chosen_rows.tolist(), chosen_cols.tolist(), strict=True)
        if jaccard[i, j] >= min_jaccard
    }


def _bloc_name(track: _Track, names: Mapping[str, str]) -> str:
    return f"{track.id} ({names.get(track.label, track.label)})"


def _moved(
    period: str,
    actor: str,
    tracks: list[_Track],
    before: tuple[int, str],
    after: int,
    stability: Mapping[str, float],
    names: Mapping[str, str],
) -> Change:
    old, new = tracks[before[0]], tracks[after]
    return Change(
        period=period,
        kind="moved",
        actors=[actor],
        before=old.id,
        after=new.id,
        since_period=before[1],
        stability=stability.get(actor),
        message=(
            f"{names.get(actor, actor)} moved from {_bloc_name(old, names)} "
            f"to {_bloc_name(new, names)} in {period}"
        ),
    )


def _flipped(
    period: str,
    pair: tuple[str, str],
    seen: tuple[float, str],
    now: float,
    names: Mapping[str, str],
) -> Change:
    word = {True: "support", False: "opposition"}
    a, b = (names.get(x, x) for x in pair)
    return Change(
        period=period,
        kind="tie_flipped",
        actors=list(pair),
        before="supports" if seen[0] > 0 else "opposes",
        after="supports" if now > 0 else "opposes",
        since_period=seen[1],
        stability=None,
        message=f"the tie {a}-{b} turned from {word[seen[0] > 0]} to {word[now > 0]} in {period}",
    )


def _formed(period: str, track: _Track, names: Mapping[str, str]) -> Change:
    return _track_change(period, "formed", track, f"{_bloc_name(track, names)} formed in {period}")


def _dissolved(period: str, track: _Track, names: Mapping[str, str]) -> Change:
    return _track_change(
        period, "dissolved", track, f"{_bloc_name(track, names)} is not seen from {period}"
    )


def _track_change(period: str, kind: ChangeKind, track: _Track, message: str) -> Change:
    return Change(
        period=period,
        kind=kind,
        actors=sorted(track.members),
        before=track.id if kind == "dissolved" else None,
        after=track.id if kind == "formed" else None,
        since_period=track.periods[-1] if kind == "dissolved" else None,
        stability=None,
        message=message,
    )

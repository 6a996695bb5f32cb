"""Alliance analytics: blocs with consensus, balance and brokers on a large graph; a timeline.

Run: .venv/bin/python benchmarks/bench_alliances.py [--actors 10000 --edges 50000]
     [--months 12 --month-actors 1000 --month-edges 5000] [--repeat 3]

Goals (issue 13): 10,000 actors / 50,000 signed edges, blocs with consensus + balance +
brokers <= 5 s; a 12-month timeline of a 1,000-actor graph <= 10 s.

The large graph is a store-shaped snapshot (``graph.alliances.synthetic``): actors in blocs of
uneven sizes, 80% of ties inside blocs, 10% of signs wrong, Pareto prominence (hubs and a long
tail), plus unsigned relations (calls, controls, located_in) that the signed graph must skip.
The timeline has one snapshot per month of a 1,000-actor graph in which 2% of the actors change
bloc every month. Prints wall and CPU seconds per step (the median of ``--repeat`` runs; this
machine is shared, so the CPU time says what the code costs when the wall time is inflated by
other load) and how well the planted blocs are recovered (adjusted Rand index). Also the cost of
serving a cached ``/analytics/blocs`` answer (serialising the stored result), which is what the
API's p50 will be once the result is cached by data version.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.alliance_params import DEFAULT_RUNS  # noqa: E402
from graph.alliances import (  # noqa: E402
    adjusted_rand_index,
    balance,
    blocs,
    brokers,
    inferred_relations,
    periods,
    signed_graph,
    timeline,
)
from graph.alliances.blocs import ITERATIONS  # noqa: E402
from graph.alliances.results import BlocsResult  # noqa: E402
from graph.alliances.synthetic import edge, month_start, planted  # noqa: E402
from graph.model import RelationType  # noqa: E402

T = TypeVar("T")
UNSIGNED = [RelationType.CALLS, RelationType.CONTROLS, RelationType.LOCATED_IN]


def bloc_sizes(actors: int, seed: int) -> list[int]:
    """Uneven bloc sizes (a few large camps, many small ones) summing to ``actors``."""
    rng = random.Random(seed)
    sizes: list[int] = []
    while sum(sizes) < actors:
        sizes.append(max(5, int(rng.paretovariate(1.2) * 40)))
    sizes[-1] -= sum(sizes) - actors
    return [s for s in sizes if s > 0]


def truth_of(sizes: list[int], prefix: str = "actor") -> dict[str, int]:
    width = len(str(sum(sizes)))
    truth, position = {}, 0
    for bloc, size in enumerate(sizes):
        for i in range(position, position + size):
            truth[f"{prefix}-{i:0{width}d}"] = bloc
        position += size
    return truth


def with_unsigned(snapshot: nx.MultiDiGraph, count: int, seed: int) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    actors = sorted(snapshot.nodes)
    for _ in range(count):
        u, v = rng.sample(actors, 2)
        kind = rng.choice(UNSIGNED)
        if not snapshot.has_edge(u, v, key=kind.value):
            snapshot.add_edge(u, v, key=kind.value, **edge(u, v, kind))
    return snapshot


def timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def recovered(result: BlocsResult, truth: dict[str, int]) -> float:
    actors = sorted(result.stability)
    ids = {b: k for k, b in enumerate(sorted({result.membership[a] for a in actors}))}
    return adjusted_rand_index(
        [ids[result.membership[a]] for a in actors], [truth[a] for a in actors]
    )


def large_graph(args: argparse.Namespace) -> None:
    sizes = bloc_sizes(args.actors, seed=1)
    truth = truth_of(sizes)
    made = planted(truth, ties=args.edges, inside=0.8, noise=0.1, seed=1)
    snapshot = with_unsigned(made.snapshot, args.edges // 5, seed=2)
    signed_edges = sum(1 for _, _, k in snapshot.edges(keys=True) if k in ("supports", "opposes"))
    print(
        f"large graph: {snapshot.number_of_nodes():,} actors, {signed_edges:,} signed edges "
        f"(+{snapshot.number_of_edges() - signed_edges:,} unsigned), {len(sizes)} planted blocs, "
        f"{made.wrong_sign:,} wrong signs; blocs: {args.runs} runs x {args.iterations} iterations"
    )
    rows: dict[str, list[tuple[float, float]]] = {}
    found: Any = None
    graph: Any = None
    for _ in range(args.repeat):
        graph, *t_signed = timed(lambda: signed_graph(snapshot))
        found, *t_blocs = timed(
            lambda: blocs(graph, runs=args.runs, iterations=args.iterations)  # noqa: B023
        )
        _, *t_balance = timed(lambda: balance(graph))  # noqa: B023
        _, *t_brokers = timed(lambda: brokers(graph, found))  # noqa: B023
        steps = {
            "signed graph": t_signed,
            "blocs + consensus": t_blocs,
            "balance": t_balance,
            "brokers": t_brokers,
        }
        steps["total"] = [sum(s[0] for s in steps.values()), sum(s[1] for s in steps.values())]
        for name, (wall, cpu) in steps.items():
            rows.setdefault(name, []).append((wall, cpu))
    print(f"{'step':<20} {'wall s':>8} {'cpu s':>8}")
    for name, samples in rows.items():
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        print(f"{name:<20} {wall:>8.2f} {cpu:>8.2f}")
    print(
        f"recovered: ARI {recovered(found, truth):.3f} over {len(graph.nodes):,} actors; "
        f"{len(found.blocs)} blocs ({sum(b.size > 1 for b in found.blocs)} of 2+), "
        f"frustration {found.frustration:.3f}, run agreement {found.agreement:.3f}"
    )
    inferred, wall, cpu = timed(lambda: inferred_relations(graph))
    print(
        f"inferred relations (not in the goal): {wall:.2f} s wall, {cpu:.2f} s cpu, "
        f"{inferred.candidates:,} candidate pairs"
    )
    payload = found.model_dump_json()
    serialising = []
    for _ in range(50):
        start = time.perf_counter()
        found.model_dump_json()
        serialising.append(time.perf_counter() - start)
    print(
        f"cached /analytics/blocs answer: {len(payload) / 1e6:.2f} MB JSON, serialised in "
        f"{statistics.median(serialising) * 1000:.0f} ms (p50 of 50)"
    )


def monthly_snapshots(args: argparse.Namespace) -> tuple[dict[str, nx.MultiDiGraph], int]:
    rng = random.Random(3)
    truth = truth_of(bloc_sizes(args.month_actors, seed=3), prefix="m")
    blocs_planted = sorted(set(truth.values()))
    snapshots = {}
    moves = 0
    first = date(2025, 1, 1)
    for k, period in enumerate(periods(first, month_start(first, args.months - 1))):
        if k:
            for actor in rng.sample(sorted(truth), args.month_actors // 50):
                truth[actor] = rng.choice(blocs_planted)
                moves += 1
        start = date.fromisoformat(period.since)
        days = (date.fromisoformat(period.until) - start).days + 1
        made = planted(
            truth, ties=args.month_edges, noise=0.05, seed=10 + k, start=start, days=days
        )
        snapshots[period.label] = made.snapshot
    return snapshots, moves


def months(args: argparse.Namespace) -> None:
    snapshots, moves = monthly_snapshots(args)
    print(
        f"\ntimeline: {len(snapshots)} monthly snapshots of {args.month_actors:,} actors, "
        f"{args.month_edges:,} signed edges each, {moves} planted changes of bloc"
    )
    walls, cpus = [], []
    result: Any = None
    for _ in range(args.repeat):
        result, wall, cpu = timed(lambda: timeline(snapshots, runs=args.runs, seed=0))
        walls.append(wall)
        cpus.append(cpu)
    kinds: dict[str, int] = {}
    for change in result.changes:
        kinds[change.kind] = kinds.get(change.kind, 0) + 1
    print(f"{'timeline':<20} {statistics.median(walls):>8.2f} {statistics.median(cpus):>8.2f}")
    print(f"{len(result.tracks)} tracks, changes: {dict(sorted(kinds.items()))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=50_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--month-actors", type=int, default=1_000)
    parser.add_argument("--month-edges", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--iterations", type=int, default=ITERATIONS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load} (before the run); numpy {np.__version__}")
    large_graph(args)
    months(args)


if __name__ == "__main__":
    main()

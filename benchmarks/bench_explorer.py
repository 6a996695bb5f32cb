"""Explorer: time from navigation to a stabilised network in headless Chromium.

Run: .venv/bin/python benchmarks/bench_explorer.py [--sizes 100 500 2000] [--runs 3]

Generates graphs of N actors (hubs and a long tail, ~2 relations per actor, two evidence
sentences per relation), renders the explorer page from each with the same function the API
uses, and opens it in Debian's Chromium. Prints, per size: the Python render time (cold, which
includes the networkx layout above the threshold, and warm, with the layout cached), the page
size, the browser's time from navigation to the stabilised network, and the time the page takes
to apply a filter afterwards.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.explorer import DEFAULT_LAYOUT_THRESHOLD, ExplorerView, render_explorer  # noqa: E402
from api.explorer import layout as layout_module  # noqa: E402
from graph.model import Actor, ActorType, Modality, RelationType  # noqa: E402
from graph.results import Edge, EvidenceItem  # noqa: E402
from graph.store.engine import to_networkx  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RELATIONS = [
    (RelationType.SUPPORTS, 0.3),
    (RelationType.OPPOSES, 0.25),
    (RelationType.CALLS, 0.15),
    (RelationType.CONTROLS, 0.1),
    (RelationType.LOCATED_IN, 0.1),
    (RelationType.MEMBER_OF, 0.05),
    (RelationType.LEADS, 0.05),
]


def generated_graph(size: int, seed: int = 1) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    shape = nx.barabasi_albert_graph(size, 2, seed=seed)
    types = list(ActorType)
    actors = [
        Actor(id=f"actor-{i}", name=f"Actor {i}", type=rng.choice(types), aliases=[f"A{i}"])
        for i in range(size)
    ]
    kinds, weights = zip(*RELATIONS, strict=True)
    edges = []
    for u, v in shape.edges():
        kind = rng.choices(kinds, weights)[0]
        mentions = rng.randint(1, 6)
        day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 600))
        evidence = [
            EvidenceItem(
                statement_id=f"s{u}-{v}-{k}",
                article_id=f"{(u * 7919 + v) % 10**12:064d}",
                title=f"Dispatch {u}-{v}",
                published=day,
                sentence=f"Actor {u} was reported to {kind.value} Actor {v} near the front "
                f"line, officials said on day {k}.",
                start=0,
                end=90,
                modality=Modality.ASSERTED,
                confidence=0.7,
                trigger=kind.value,
            )
            for k in range(2)
        ]
        edges.append(
            Edge(
                source=f"actor-{u}",
                target=f"actor-{v}",
                type=kind,
                mentions=mentions,
                articles=mentions,
                first_seen=day,
                last_seen=day,
                weight=1.0,
                confidence=round(rng.uniform(0.3, 0.99), 2),
                modalities=[Modality.ASSERTED],
                evidence=evidence,
            )
        )
    return to_networkx(actors, edges)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="actorgraph-bench-explorer-"))
    print(f"layout threshold: {DEFAULT_LAYOUT_THRESHOLD} actors; chromium: {args.chromium}")
    header = (
        f"{'actors':>6} {'edges':>6} {'layout':>11} {'render cold':>11} {'render warm':>11} "
        f"{'page MB':>7} {'nav→stable':>10} {'filter':>7} {'total cold':>10}"
    )
    print(header)
    with sync_playwright() as playwright:
        for size in args.sizes:
            graph = generated_graph(size)
            layout_module._CACHE.clear()
            started = time.perf_counter()
            page_html = render_explorer(graph, ExplorerView())
            cold = time.perf_counter() - started
            started = time.perf_counter()
            render_explorer(graph, ExplorerView())
            warm = time.perf_counter() - started
            path = work / f"graph-{size}.html"
            path.write_text(page_html, encoding="utf-8")
            stable_ms, filter_ms = [], []
            for _ in range(args.runs):
                profile = tempfile.mkdtemp(prefix="actorgraph-chromium-")
                context = playwright.chromium.launch_persistent_context(
                    profile,
                    executable_path=args.chromium,
                    headless=True,
                    args=FLAGS,
                    viewport={"width": 1400, "height": 900},
                )
                page = context.new_page()
                page.goto(path.as_uri())
                # The figure is taken inside the page, so how the wait polls does not count.
                page.locator("body[data-stable=true]").wait_for(state="attached", timeout=120_000)
                stable_ms.append(page.evaluate("window.actorgraph.stabilizedAt"))
                filter_ms.append(
                    page.evaluate(
                        """() => { const t = performance.now();
                        const s = Object.assign({}, window.actorgraph.state(),
                                                {relation_types: ["opposes"]});
                        window.actorgraph.apply(s, {quiet: true});
                        return performance.now() - t; }"""
                    )
                )
                context.close()
                shutil.rmtree(profile, ignore_errors=True)
            browser = statistics.median(stable_ms) / 1000
            mode = "networkx" if size > DEFAULT_LAYOUT_THRESHOLD else "vis physics"
            print(
                f"{size:>6} {graph.number_of_edges():>6} {mode:>11} {cold:>10.2f}s "
                f"{warm:>10.2f}s {path.stat().st_size / 1e6:>7.2f} {browser:>9.2f}s "
                f"{statistics.median(filter_ms):>5.0f}ms {cold + browser:>9.2f}s"
            )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

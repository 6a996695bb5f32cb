#!/usr/bin/env python3
"""Precision of the relations each kind of trigger makes, on the project's development sentences:
re3d (named-actor scoring) and the development gold files of articles with facts. The blind set
(tests/data/blind_round3.json) is never read here.

    .venv/bin/python scripts/cameo_precision.py [--re3d DIR ...] [--facts FILE ...]

A relation's trigger is attributed to the source of the frame that read it: a hand-made frame
(loaders/knowledge/data/frames.json), a sense (loaders/knowledge/data/senses.json) or the CAMEO
dictionary (loaders/knowledge/triggers.py), and, for the dictionary, to its CAMEO code family (the
first two digits). Prints, per source and family, the relations judged right and in all; the
admission of code families in loaders/knowledge/data/cameo_relations.json cites these figures.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.model import Relation  # noqa: E402
from graph.settings import Settings  # noqa: E402
from loaders.eval import facts, re3d  # noqa: E402
from loaders.pipeline import extractor_for  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval" / "re3d"
DEV_FACTS = [
    ROOT / "tests/data/dev_round3.json",
    ROOT / "tests/data/new_conflicts.json",
    ROOT / "tests/data/unseen_conflicts.json",
]


def source_of(relation: Relation) -> str:
    """Where the trigger of a relation comes from: frame, sense:<name>, cameo <family>."""
    rule = relation.rule or "frame"
    if rule.startswith("cameo:"):
        return f"cameo {(relation.cameo or '--')[:2]}"
    if rule in ("actorgraph", "user"):
        return "frame"
    return rule


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--re3d", type=Path, nargs="*", default=[SHARED / "CENTCOM", SHARED / "UK Government"]
    )
    parser.add_argument("--facts", type=Path, nargs="*", default=DEV_FACTS)
    parser.add_argument("-v", "--verbose", action="store_true", help="list each relation")
    args = parser.parse_args()
    if any("blind" in path.name for path in args.facts):
        parser.error("the blind set is a measurement, never a source of tuning figures")
    extractor = extractor_for(Settings())
    judged: list[tuple[Relation, bool]] = []
    try:
        if args.re3d:
            judged += re3d.evaluate(args.re3d, extractor).judged
        if args.facts:
            judged += facts.score(extractor.extract, args.facts).judged
    finally:
        extractor.close()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for relation, ok in judged:
        key = source_of(relation)
        total[key] += 1
        right[key] += ok
        examples[key].append(
            f"{'+' if ok else '-'} {relation.trigger} ({relation.cameo}): {relation.source} "
            f"{relation.type.value} {relation.target}"
        )
    for key in sorted(total):
        print(f"{key:10} {right[key]:4}/{total[key]:<4} precision {right[key] / total[key]:.2f}")
        if args.verbose:
            for line in examples[key]:
                print("   ", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

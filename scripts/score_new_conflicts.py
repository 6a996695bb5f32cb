#!/usr/bin/env python3
"""Score the extractor on a gold file of articles with expected facts: by default
tests/data/new_conflicts.json (conflicts the dev data never names), or another file in its format
given with --gold, such as tests/data/unseen_conflicts.json (conflicts nothing was tuned on).

Run: .venv/bin/python scripts/score_new_conflicts.py [--gold PATH] [-v]

Parses with the configured CoreNLP server (and the parse cache); prints precision, recall, the
misses, the wrong relations (-v) and any forbidden fact found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.settings import Settings
from loaders.pipeline import extractor_for
from tests.new_conflicts import GOLD, score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--gold", type=Path, default=GOLD, help="gold file (default tests/data/new_conflicts.json)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="also print wrong relations")
    args = parser.parse_args()
    extractor = extractor_for(Settings())
    try:
        result = score(extractor.extract, args.gold)
    finally:
        extractor.close()
    label = args.gold.stem.replace("_", " ")
    print(
        f"{label}: precision {result.precision:.2f} ({result.correct}/{result.predicted}) "
        f"recall {result.recall:.2f} ({result.found}/{result.gold})"
    )
    for miss in result.misses:
        print("  MISS", miss)
    if args.verbose:
        for wrong in result.wrong:
            print("  WRONG", wrong)
    for fact in result.forbidden:
        print("  FORBIDDEN", fact)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Score the extractor on tests/data/new_conflicts.json (conflicts the dev data never names).

Run: .venv/bin/python scripts/score_new_conflicts.py [-v]

Parses with the configured CoreNLP server (and the parse cache); prints precision, recall, the
misses, the wrong relations (-v) and any forbidden fact found.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.settings import Settings
from loaders.pipeline import extractor_for
from tests.new_conflicts import score


def main() -> int:
    extractor = extractor_for(Settings())
    try:
        result = score(extractor.extract)
    finally:
        extractor.close()
    print(
        f"new conflicts: precision {result.precision:.2f} ({result.correct}/{result.predicted}) "
        f"recall {result.recall:.2f} ({result.found}/{result.gold})"
    )
    for miss in result.misses:
        print("  MISS", miss)
    if "-v" in sys.argv:
        for wrong in result.wrong:
            print("  WRONG", wrong)
    for fact in result.forbidden:
        print("  FORBIDDEN", fact)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Parse tests/data/nlp_sentences.txt with the real CoreNLP server into tests/data/nlp/*.json.

Run: .venv/bin/python scripts/make_nlp_fixtures.py [--check]

Uses the configured servers (ACTORGRAPH_CORENLP_URLS, else the local one on
ACTORGRAPH_CORENLP_PORT; start it with `actorgraph nlp start`), the default pipeline and no
parse cache. Each fixture is {"name", "text", "document"} with the document as
ParsedDocument.to_dict(); the unit tests load them without a server. --check compares instead
of writing and exits 1 when a fixture differs (CoreNLP is deterministic).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.errors import ActorgraphError
from graph.settings import Settings
from loaders.nlp.client import CoreNLPClient
from loaders.nlp.pipeline import Pipeline
from tests.nlp_cases import ROOT, TARGET, cases, render


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    TARGET.mkdir(parents=True, exist_ok=True)
    stale = []
    with CoreNLPClient(Settings(), pipeline=Pipeline(), cache=None) as client:
        for case in cases():
            rendered = render(case, client)
            path = TARGET / f"{case.name}.json"
            if args.check:
                if not path.is_file() or path.read_text(encoding="utf-8") != rendered:
                    stale.append(case.name)
                continue
            path.write_text(rendered, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print(f"fixtures differ from a fresh parse: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ActorgraphError as exc:
        sys.exit(f"error: {exc}")

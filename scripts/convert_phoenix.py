#!/usr/bin/env python3
"""Convert the Phoenix / PETRARCH2 dictionaries into loaders/knowledge/data/phoenix/.

    .venv/bin/python scripts/convert_phoenix.py [--source ../shared/lexicons/phoenix]
        [--out loaders/knowledge/data/phoenix] [--summary summary.json]

Writes actors.json.gz, agents.json.gz and verbs.json.gz (compact JSON, gzip without a time
stamp): a re-run gives byte-identical files. Prints the summary (entries in and out by file
and type, names dropped and flagged by reason) as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.phoenix import build, records  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared/lexicons/phoenix")
    parser.add_argument("--out", type=Path, default=ROOT / "loaders/knowledge/data/phoenix")
    parser.add_argument("--summary", type=Path, help="also write the summary to this file")
    args = parser.parse_args(argv)

    started = time.perf_counter()

    def read(name: str) -> str:
        return str((args.source / name).read_text(encoding="utf-8"))

    sources = {key: read(name) for key, name in records.ACTOR_FILES.items()}
    actors, agents, verbs, summary = build.convert(
        sources, read(records.AGENT_FILE), read(records.VERB_FILE)
    )
    args.out.mkdir(parents=True, exist_ok=True)
    build.write_gzip(args.out / "actors.json.gz", build.dump_json(actors))
    build.write_gzip(args.out / "agents.json.gz", build.dump_json(agents))
    build.write_gzip(args.out / "verbs.json.gz", build.dump_json(verbs))
    report = summary.to_json()
    report["output_bytes"] = {
        path.name: path.stat().st_size
        for path in sorted(args.out.iterdir())
        if path.suffix in (".gz", ".json")
    }
    report["seconds"] = round(time.perf_counter() - started, 1)
    text = json.dumps(report, indent=1, ensure_ascii=False)
    if args.summary:
        args.summary.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

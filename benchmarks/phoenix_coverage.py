"""How many re3d gold actor spans the Phoenix lexicon links, against the current lexicon.

    .venv/bin/python benchmarks/phoenix_coverage.py ../shared/eval/re3d/CENTCOM \\
        "../shared/eval/re3d/UK Government"

For each gold entity of an actor type (Organisation, Person, Nationality, Location) the span
text is linked by exact normalised match:

- **phoenix**: ``loaders.knowledge.phoenix.PhoenixLexicon.resolve(text, ner_type)`` with its guards
  (``raw`` counts any entry with that key, guards off);
- **current**: ``loaders.knowledge.lexicon`` — the span's lower-cased tokens (a leading "the"
  dropped) found as a phrase naming an actor, a city or a demonym.

A link is wrong-typed when the linked actor's type cannot be the gold type (Person: leader or
person; Organisation: organization or armed group; Nationality: a state by its demonym;
Location: state, city or region). Counts are over distinct (document, span) pairs. Prints
numbers only: no gold text.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from graph.model import ActorType
from loaders.knowledge.lexicon import Lexicon, default_lexicon
from loaders.knowledge.phoenix import PhoenixLexicon, default_phoenix
from loaders.knowledge.text import tokenize

NER = {
    "Person": "PERSON",
    "Organisation": "ORGANIZATION",
    "Nationality": "NATIONALITY",
    "Location": "LOCATION",
}
FITS = {
    "Person": {ActorType.LEADER, ActorType.PERSON},
    "Organisation": {ActorType.ORGANIZATION, ActorType.ARMED_GROUP},
    "Nationality": {ActorType.STATE},
    "Location": {ActorType.STATE, ActorType.CITY, ActorType.REGION},
}


def current_link(lexicon: Lexicon, text: str) -> ActorType | None:
    key = [t.lower for t in tokenize(text)]
    while key and key[0] == "the":
        key = key[1:]
    for entry in lexicon.phrases.get(tuple(key), []):
        if entry.kind in ("actor", "city") and entry.actor is not None:
            return entry.actor.type
        if entry.kind == "demonym":
            return ActorType.STATE
    return None


def phoenix_link(lexicon: PhoenixLexicon, text: str, gold: str) -> tuple[ActorType | None, bool]:
    result = lexicon.resolve(text, NER[gold])
    raw = bool(lexicon.lookup(text))
    return (result.candidate.actor.type if result.candidate else None), raw


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    phoenix = default_phoenix()
    phoenix_seconds = time.perf_counter() - started
    current = default_lexicon()

    spans: dict[tuple[str, int, int], tuple[str, str]] = {}
    for folder in args.folders:
        for line in (folder / "entities.json").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            entity = json.loads(line)
            if entity["type"] in NER:
                key = (entity["documentId"], entity["begin"], entity["end"])
                spans[key] = (entity["type"], entity["value"])

    counts: dict[str, Counter[str]] = {gold: Counter() for gold in NER}
    for gold, text in spans.values():
        row = counts[gold]
        row["gold"] += 1
        old = current_link(current, text)
        new, raw = phoenix_link(phoenix, text, gold)
        row["current"] += old is not None
        row["current_wrong_type"] += old is not None and old not in FITS[gold]
        row["phoenix"] += new is not None
        row["phoenix_raw"] += raw
        row["phoenix_wrong_type"] += new is not None and new not in FITS[gold]
        row["either"] += old is not None or new is not None
        row["phoenix_only"] += new is not None and old is None
        row["current_only"] += old is not None and new is None
        if new is not None:
            row[f"phoenix_as_{new.value}"] += 1
    total: Counter[str] = Counter()
    for row in counts.values():
        total.update(row)
    table = {**counts, "all": total}
    if args.json:
        print(json.dumps({k: dict(v) for k, v in table.items()}, indent=1, sort_keys=True))
    else:
        columns = [
            "gold", "current", "current_wrong_type", "phoenix", "phoenix_raw",
            "phoenix_wrong_type", "phoenix_only", "current_only", "either",
        ]  # fmt: skip
        print("| type | " + " | ".join(columns) + " |")
        print("|---" * (len(columns) + 1) + "|")
        for name, row in table.items():
            print(f"| {name} | " + " | ".join(str(row[c]) for c in columns) + " |")
        print(f"\nphoenix lexicon loaded in {phoenix_seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

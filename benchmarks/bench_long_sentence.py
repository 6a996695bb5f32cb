"""Extraction time (CoreNLP parse + rules) of one article that is a single long sentence.

Run: .venv/bin/python benchmarks/bench_long_sentence.py [--sizes 5000,10000,20000,40000]
(needs a CoreNLP server: `actorgraph nlp start`)

The text is generated (deterministic): actor names, trigger verbs, pronouns, counterparts and
filler joined by spaces and commas, with one full stop at the end, like a page scraped without
its punctuation. Linear cost shows as a constant seconds-per-1k-words column.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ACTORS = [
    "Iran",
    "Russia",
    "Syria",
    "Turkey",
    "Hezbollah",
    "the Houthis",
    "Bashar al-Assad",
    "Egypt",
    "Qatar",
    "the United States",
    "Damascus",
    "Aleppo",
    "Iranian Foreign Minister Abbas Araghchi",
    "Araghchi",
    "his Iranian counterpart",
    "the Emirati president",
    "he",
    "insurgents",
    "the regime",
    "the city",
    "Hayat Tahrir al-Sham (HTS)",
    "HTS",
]
VERBS = ["backs", "supports", "condemned", "attacked", "met", "seized", "opposes", "called"]
FILLER = [
    *("the", "and", "with", "of", "in", "on", "forces", "officials", "said", "that", "while"),
    *("after", "talks", "a", "new", "deal", ",", "which", "under", "control", "would", "between"),
]


def long_sentence(words: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < words:
        draw = rng.random()
        pool = ACTORS if draw < 0.25 else VERBS if draw < 0.37 else FILLER
        out.append(rng.choice(pool))
    return " ".join(out) + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,10000,20000,40000")
    args = parser.parse_args()

    from graph.model import Article, article_id
    from graph.settings import Settings
    from loaders.pipeline import extractor_for

    extractor = extractor_for(Settings(parse_cache_enabled=False))
    print("| words | characters | sentences | relations | parse s | rules s | s per 1k words |")
    print("|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        text = long_sentence(size)
        began = time.perf_counter()
        parsed = extractor.parser.parse(text)  # type: ignore[union-attr]
        parse_seconds = time.perf_counter() - began
        began = time.perf_counter()
        result = extractor.read(parsed, text, Article(id=article_id(text)))
        rules_seconds = time.perf_counter() - began
        total = parse_seconds + rules_seconds
        print(
            f"| {size:,} | {len(text):,} | {len(parsed.sentences)} | {len(result.relations)} "
            f"| {parse_seconds:.2f} | {rules_seconds:.2f} | {total / size * 1000:.3f} |",
            flush=True,
        )
    extractor.close()


if __name__ == "__main__":
    main()

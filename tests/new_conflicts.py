"""The project's gold files of articles with expected facts (scored by loaders/eval/facts.py):
tests/data/new_conflicts.json (conflicts the dev data never names; a floor in
tests/nlp/test_new_conflicts.py), unseen_conflicts.json and blind_round3.json (measurements
only: never tuned on)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.model import Article, Extraction
from loaders.eval import facts

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "new_conflicts.json"


def score(extract: Callable[[str, Article], Extraction], path: Path = GOLD) -> facts.Score:
    return facts.score(extract, [path])

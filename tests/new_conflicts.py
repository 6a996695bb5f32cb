"""Scoring of a gold file of articles with the facts an analyst expects: by default
tests/data/new_conflicts.json (conflicts the dev data never names; used by
scripts/score_new_conflicts.py and tests/nlp/test_new_conflicts.py), or another file in its format
such as tests/data/unseen_conflicts.json (conflicts nothing was tuned on; a measurement only)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import Article, ExtractedActor, Extraction, Modality, Relation, article_id

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "new_conflicts.json"
SCORED = ("supports", "opposes", "calls", "controls")
SYMMETRIC = ("opposes", "calls")


@dataclass
class Score:
    predicted: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0
    forbidden: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0


def articles(path: Path = GOLD) -> list[dict[str, Any]]:
    """The articles of a gold file (tests/data/new_conflicts.json unless told)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return list(data["articles"])


def text_of(article: dict[str, Any]) -> str:
    return "\n".join(article["text"])


def _names(actor: ExtractedActor) -> set[str]:
    names = {actor.id.lower(), actor.name.lower(), *(a.lower() for a in actor.aliases)}
    return names | {m.text.lower() for m in actor.mentions}


def _fits(spec: list[str], actor: ExtractedActor | None) -> bool:
    return actor is not None and bool({s.lower() for s in spec} & _names(actor))


def matches(fact: dict[str, Any], relation: Relation, actors: dict[str, ExtractedActor]) -> bool:
    if relation.type.value != fact["type"]:
        return False
    source, target = actors.get(relation.source), actors.get(relation.target)
    forward = _fits(fact["source"], source) and _fits(fact["target"], target)
    backward = _fits(fact["source"], target) and _fits(fact["target"], source)
    if not (forward or (fact["type"] in SYMMETRIC and backward)):
        return False
    return "modality" not in fact or relation.modality.value in fact["modality"]


def score(extract: Callable[[str, Article], Extraction], path: Path = GOLD) -> Score:
    """Precision over the scored relations an extractor finds in the articles of the gold file at
    `path` (negated ones left out), recall over the expected facts, and the forbidden facts it
    asserts."""
    total = Score()
    for item in articles(path):
        text = text_of(item)
        result = extract(text, Article(id=article_id(text), source=item.get("source")))
        actors = {a.id: a for a in result.actors}
        facts = item["facts"]
        predicted = [
            r
            for r in result.relations
            if r.type.value in SCORED and r.modality is not Modality.NEGATED
        ]
        seen: set[tuple[str, str, str]] = set()
        for relation in predicted:
            pair = (relation.source, relation.type.value, relation.target)
            if relation.type.value in SYMMETRIC:
                pair = (min(pair[0], pair[2]), pair[1], max(pair[0], pair[2]))
            if pair in seen:
                continue
            seen.add(pair)
            total.predicted += 1
            if any(matches(f, relation, actors) for f in facts):
                total.correct += 1
            else:
                total.wrong.append(f"{item['id']}: {pair[0]} {pair[1]} {pair[2]}")
        for fact in facts:
            total.gold += 1
            if any(matches(fact, r, actors) for r in predicted):
                total.found += 1
            else:
                total.misses.append(
                    f"{item['id']}: {fact['source'][0]} {fact['type']} {fact['target'][0]}"
                )
        for fact in item.get("forbidden", ()):
            if any(matches(fact, r, actors) for r in predicted):
                total.forbidden.append(f"{item['id']}: {fact}")
    return total

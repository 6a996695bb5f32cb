"""Scoring against gold files of articles with the facts an analyst expects (the format of
tests/data/new_conflicts.json): precision, recall and F1 per relation type, the missed facts
and the wrong relations with the sentences they were read from.

Format: ``{"articles": [{"id", "source"?, "text": [paragraph, ...], "facts": [...],
"forbidden": [...]}]}``. A fact is ``{"source": [names], "type", "target": [names],
"modality"?: [...]}``: an actor spec matches an extracted actor whose id, name, alias or one of
whose mentions is one of the names (case-insensitive); opposes and calls match in either
direction; a fact with ``modality`` matches only a relation with one of those modalities.
Forbidden facts must not be extracted unless negated.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import (
    Article,
    ExtractedActor,
    Extraction,
    Modality,
    Relation,
    RelationType,
    article_id,
)

# A fact file may state every relation between actors; the structural ones come from the
# lexicon, not from reading, and are not scored.
SCORED = tuple(t.value for t in RelationType if not t.structural)
SYMMETRIC = tuple(t.value for t in RelationType if t.symmetric)


@dataclass
class Counts:
    predicted: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Explained:
    """One missed fact or one wrong relation, with where it was (or should have been) read."""

    article: str
    line: str
    sentences: tuple[str, ...] = ()


@dataclass
class Score:
    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in SCORED})
    forbidden: list[str] = field(default_factory=list)
    misses: list[Explained] = field(default_factory=list)
    wrong: list[Explained] = field(default_factory=list)
    # every scored prediction with whether it was right, to measure triggers by their source
    judged: list[tuple[Relation, bool]] = field(default_factory=list)

    def _total(self) -> Counts:
        total = Counts()
        for counts in self.by_type.values():
            total.predicted += counts.predicted
            total.correct += counts.correct
            total.gold += counts.gold
            total.found += counts.found
        return total

    @property
    def total(self) -> Counts:
        return self._total()

    @property
    def predicted(self) -> int:
        return self.total.predicted

    @property
    def correct(self) -> int:
        return self.total.correct

    @property
    def gold(self) -> int:
        return self.total.gold

    @property
    def found(self) -> int:
        return self.total.found

    @property
    def precision(self) -> float:
        return self.total.precision

    @property
    def recall(self) -> float:
        return self.total.recall


def articles(path: Path) -> list[dict[str, Any]]:
    """The articles of a gold file; a clear error names the file when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data["articles"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a facts gold file ({exc})") from exc
    return list(items)


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


def _sentences_naming(
    fact: dict[str, Any], text: str, actors: dict[str, ExtractedActor]
) -> tuple[str, ...]:
    """The lines of the article that mention both ends of a missed fact (or either end's
    names as plain text), to show where it should have been read."""
    ends = []
    for spec in (fact["source"], fact["target"]):
        names = {s.lower() for s in spec}
        for actor in actors.values():
            if _fits(spec, actor):
                names |= {m.text.lower() for m in actor.mentions}
        ends.append(names)
    lines = [line for line in text.split("\n") if line.strip()]
    return tuple(
        line for line in lines if all(any(name in line.lower() for name in names) for names in ends)
    )


def score(
    extract: Callable[[str, Article], Extraction],
    paths: Iterable[Path],
) -> Score:
    """Precision over the scored relations an extractor finds in the articles (negated ones
    left out), recall over the expected facts, per relation type; the forbidden facts it
    asserts; every miss and wrong relation explained."""
    total = Score()
    for path in paths:
        for item in articles(path):
            _score_article(item, extract, total)
    return total


def _score_article(
    item: dict[str, Any], extract: Callable[[str, Article], Extraction], total: Score
) -> None:
    text = text_of(item)
    result = extract(text, Article(id=article_id(text), source=item.get("source")))
    actors = {a.id: a for a in result.actors}
    facts = item["facts"]
    predicted = [
        r for r in result.relations if r.type.value in SCORED and r.modality is not Modality.NEGATED
    ]
    seen: set[tuple[str, str, str]] = set()
    for relation in predicted:
        pair = (relation.source, relation.type.value, relation.target)
        if relation.type.value in SYMMETRIC:
            pair = (min(pair[0], pair[2]), pair[1], max(pair[0], pair[2]))
        if pair in seen:
            continue
        seen.add(pair)
        counts = total.by_type[relation.type.value]
        counts.predicted += 1
        right = any(matches(f, relation, actors) for f in facts)
        total.judged.append((relation, right))
        if right:
            counts.correct += 1
        else:
            total.wrong.append(
                Explained(
                    item["id"],
                    f"{pair[0]} {pair[1]} {pair[2]} ({relation.modality.value}; trigger "
                    f"{relation.trigger!r}, cameo {relation.cameo or '-'})",
                    (relation.evidence.text,),
                )
            )
    for fact in facts:
        counts = total.by_type[fact["type"]]
        counts.gold += 1
        if any(matches(fact, r, actors) for r in predicted):
            counts.found += 1
        else:
            modality = f" [{'/'.join(fact['modality'])}]" if "modality" in fact else ""
            total.misses.append(
                Explained(
                    item["id"],
                    f"{fact['source'][0]} {fact['type']} {fact['target'][0]}{modality}",
                    _sentences_naming(fact, text, actors),
                )
            )
    for fact in item.get("forbidden", ()):
        if any(matches(fact, r, actors) for r in predicted):
            total.forbidden.append(f"{item['id']}: {fact}")

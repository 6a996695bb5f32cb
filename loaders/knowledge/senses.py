"""Trigger senses decided by the trigger's frame in the parse (loaders/knowledge/data/senses.json):
"call" with an infinitive is a demand, "call X a terrorist" a denunciation, "take orders from"
subordination. A sense is data: conditions on the trigger's dependents and what the trigger then
is (no relation, or one frame in the shape of frames.json entries)."""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from loaders.nlp.model import Sentence, Token


@dataclass(frozen=True, slots=True)
class Edge:
    relation: str  # "xcomp", "obl:for": a full relation, or a base when it has no ':'
    lemmas: frozenset[str] = frozenset()
    pos: str = ""
    ner: str = ""  # the dependent's named-entity tag, e.g. PERSON
    count: int = 1  # how many such dependents there must be at least
    child: Edge | None = None  # an edge the dependent itself must have

    def found(self, sentence: Sentence, index: int) -> bool:
        seen = 0
        for dep in sentence.out_edges(index):
            if dep.relation != self.relation and dep.base != self.relation:
                continue
            child = sentence.token(dep.dependent)
            if self.lemmas and not (
                child.lemma.lower() in self.lemmas or child.word.lower() in self.lemmas
            ):
                continue
            if self.pos and not child.pos.startswith(self.pos):
                continue
            if self.ner and child.ner != self.ner:
                continue
            if self.child is not None and not self.child.found(sentence, child.index):
                continue
            seen += 1
            if seen >= self.count:
                return True
        return False


@dataclass(frozen=True, slots=True)
class Sense:
    lemma: str
    pos: str
    name: str
    edges: tuple[Edge, ...]
    absent: tuple[Edge, ...]
    # The frame as sorted (key, value) pairs, so a sense can key a cache; None: the trigger
    # makes no relation in this sense.
    frame: tuple[tuple[str, Any], ...] | None

    def fits(self, sentence: Sentence, token: Token) -> bool:
        return all(e.found(sentence, token.index) for e in self.edges) and not any(
            e.found(sentence, token.index) for e in self.absent
        )


@dataclass(frozen=True)
class Senses:
    by_key: Mapping[tuple[str, str], tuple[Sense, ...]]

    def lemmas(self) -> frozenset[str]:
        return frozenset(lemma for lemma, _ in self.by_key)

    def sense(self, sentence: Sentence, token: Token, pos: str) -> Sense | None:
        """The first sense of the token's lemma (as this part of speech) that fits its parse."""
        for sense in self.by_key.get((token.lemma.lower(), pos), ()):
            if sense.fits(sentence, token):
                return sense
        return None


def _edge(raw: Mapping[str, Any], lists: Mapping[str, Any]) -> Edge:
    words = [
        *raw.get("lemmas", ()),
        *(lists[raw["lemmas_of"]]["words"] if "lemmas_of" in raw else ()),
    ]
    return Edge(
        relation=raw["rel"],
        lemmas=frozenset(w.lower() for w in words),
        pos=raw.get("pos", ""),
        ner=raw.get("ner", ""),
        count=int(raw.get("count", 1)),
        child=_edge(raw["child"], lists) if "child" in raw else None,
    )


def _frozen(raw: Mapping[str, Any] | None) -> tuple[tuple[str, Any], ...] | None:
    if raw is None:
        return None
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in raw.items()))


def build_senses(raw: list[Mapping[str, Any]], lists: Mapping[str, Any] | None = None) -> Senses:
    """Senses from their entries; an entry names one 'lemma' or several ('lemmas') that share
    it, and an edge's 'lemmas_of' names a word list of the file's 'lists'."""
    index: dict[tuple[str, str], list[Sense]] = defaultdict(list)
    for entry in raw:
        for lemma in entry["lemmas"] if "lemmas" in entry else (entry["lemma"],):
            sense = Sense(
                lemma=lemma.lower(),
                pos=entry["pos"],
                name=entry["sense"],
                edges=tuple(_edge(e, lists or {}) for e in entry.get("edges", ())),
                absent=tuple(_edge(e, lists or {}) for e in entry.get("absent", ())),
                frame=_frozen(entry.get("relation")),
            )
            index[(sense.lemma, sense.pos)].append(sense)
    return Senses({k: tuple(v) for k, v in index.items()})


@functools.cache
def default_senses() -> Senses:
    text = (resources.files("loaders.knowledge") / "data" / "senses.json").read_text(
        encoding="utf-8"
    )
    data: dict[str, Any] = json.loads(text)
    return build_senses(data["senses"], data.get("lists", {}))

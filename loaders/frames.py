"""Relation triggers keyed by lemma and part of speech, each with the dependency roles that
carry its arguments (loaders/data/frames.json, extended by a user lexicon's ``frames``).

CAMEO codes: a lemma the Phoenix CAMEO verb dictionary codes itself (not through its synonym
block) and whose code means the frame's relation takes that code; weights are the Goldstein
values of the codes (loaders/cameo.py).
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

from graph.model import RelationType
from loaders.cameo import goldstein, relation_for
from loaders.nlp.model import Sentence, Token
from loaders.phoenix import cameo_verbs

PosClass = Literal["verb", "noun", "adj"]


@dataclass(frozen=True, slots=True)
class Frame:
    lemma: str
    pos: PosClass
    type: RelationType
    cameo: str | None
    weight: float
    preps: tuple[str, ...] = ()
    subject_preps: tuple[str, ...] = ()
    requires_prep: bool = False
    joint: bool = False
    inverse: bool = False
    place_object: bool = False
    actor_object: bool = False
    place_or_actor_object: bool = False
    place_subject: bool = False
    agent_noun: bool = False  # "X, an ally of Y": the noun's referent is the subject
    compound: bool = False  # "X-backed Y": a participle inside a noun phrase
    evaluative: bool = False  # "condemned Assad's brutality": the owner of the object counts
    with_object: bool = False  # "provided Iraq with support": the object counts with "with"
    source: str = "actorgraph"


@dataclass(frozen=True)
class FrameLexicon:
    frames: Mapping[tuple[str, PosClass], tuple[Frame, ...]]
    light_verbs: frozenset[str]
    receiving_verbs: frozenset[str]
    counting_nouns: frozenset[str]
    reporting_verbs: frozenset[str]
    accusing_verbs: frozenset[str]
    intent_verbs: frozenset[str]
    hypothetical_markers: frozenset[str]
    future_markers: frozenset[str]
    negations: frozenset[str]
    negating_verbs: frozenset[str]
    losing_verbs: frozenset[str] = frozenset()
    # Every word a lookup can start from: a frame's lemma, and a phrasal verb's verb.
    _triggers: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = {lemma for lemma, _ in self.frames}
        words |= {lemma.rsplit(" ", 1)[0] for lemma in words}
        object.__setattr__(self, "_triggers", frozenset(words))

    def for_token(self, sentence: Sentence, token: Token) -> tuple[Frame, ...]:
        """The frames a token can trigger, by its lemma and how it is used."""
        lemma = token.lemma.lower()
        if lemma not in self._triggers and token.word.lower() not in self._triggers:
            return ()  # most words trigger nothing: spare them the look at their edges
        found: list[Frame] = []
        particle = _particle(sentence, token) if token.pos.startswith("VB") else None
        for pos in pos_classes(sentence, token):
            if particle is not None:
                # "drove the group out", "pushed back the rebels": the phrasal verb's frames
                found.extend(self.frames.get((f"{lemma} {particle}", pos), ()))
            found.extend(self.frames.get((lemma, pos), ()))
            if pos in ("noun", "adj") and token.word.lower() != lemma:
                # Plural nouns the lemmatiser keeps ("talks", "clashes") and participles read as
                # adjectives ("is allied with") are listed as such.
                found.extend(self.frames.get((token.word.lower(), pos), ()))
        return tuple(dict.fromkeys(found))


PARTICLES = frozenset(["out", "back", "off", "down", "over", "up", "away"])


def _particle(sentence: Sentence, token: Token) -> str | None:
    for dep in sentence.out_edges(token.index):
        word = sentence.token(dep.dependent).word.lower()
        if dep.relation in ("compound:prt", "advmod") and word in PARTICLES:
            return word
        if dep.relation.startswith("obl:out"):
            return "out"  # "drove the group out of the region"
    return None


def pos_classes(sentence: Sentence, token: Token) -> tuple[PosClass, ...]:
    tag = token.pos
    if tag.startswith("VB"):
        if tag in ("VBN", "VBD") and any(
            d.relation in ("amod", "compound") for d in sentence.in_edges(token.index)
        ):
            return ("adj", "verb")  # "Russian-backed forces": a participle as a modifier
        if tag == "VBN":
            return ("verb", "adj")  # "Iran is allied with Russia"
        return ("verb",)
    if tag.startswith("NN"):
        return ("noun",)
    if tag.startswith("JJ"):
        return ("adj",)
    return ()


def build_frames(raw_frames: Iterable[Mapping[str, Any]], words: Mapping[str, Any]) -> FrameLexicon:
    coded = _cameo_codes()
    index: dict[tuple[str, PosClass], list[Frame]] = defaultdict(list)
    for raw in raw_frames:
        kind = RelationType(raw["type"])
        pos: PosClass = raw["pos"]
        for lemma in raw["lemmas"]:
            lemma = lemma.lower()
            cameo = raw.get("cameo")
            if pos == "verb" and lemma in coded and relation_for(coded[lemma])[0] is kind:
                cameo = coded[lemma]
            weight = raw.get("weight")
            if weight is None:
                weight = goldstein(cameo) or 0.0
            frame = Frame(
                lemma=lemma,
                pos=pos,
                type=kind,
                cameo=cameo,
                weight=float(weight),
                preps=tuple(raw.get("preps", ())),
                subject_preps=tuple(raw.get("subject_preps", ())),
                requires_prep=bool(raw.get("requires_prep", False)),
                joint=bool(raw.get("joint", False)),
                inverse=bool(raw.get("inverse", False)),
                place_object=bool(raw.get("place_object", False)),
                actor_object=bool(raw.get("actor_object", False)),
                place_or_actor_object=bool(raw.get("place_or_actor_object", False)),
                place_subject=bool(raw.get("place_subject", False)),
                agent_noun=bool(raw.get("agent_noun", False)),
                compound=bool(raw.get("compound", False)),
                evaluative=bool(raw.get("evaluative", False)),
                with_object=bool(raw.get("with_object", False)),
                source=str(raw.get("source", "actorgraph")),
            )
            index[(lemma, pos)].append(frame)

    def words_of(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in words.get(key, ()))

    return FrameLexicon(
        frames={key: tuple(value) for key, value in index.items()},
        light_verbs=words_of("light_verbs"),
        receiving_verbs=words_of("receiving_verbs"),
        counting_nouns=words_of("counting_nouns"),
        reporting_verbs=words_of("reporting_verbs"),
        accusing_verbs=words_of("accusing_verbs"),
        intent_verbs=words_of("intent_verbs"),
        hypothetical_markers=words_of("hypothetical_markers"),
        future_markers=words_of("future_markers"),
        negations=words_of("negations"),
        negating_verbs=words_of("negating_verbs"),
        losing_verbs=words_of("losing_verbs"),
    )


def _cameo_codes() -> dict[str, str]:
    """Verb lemma -> the CAMEO code the Phoenix dictionary gives the verb itself."""
    return {
        lemma: entry.cameo
        for lemma, entry in cameo_verbs().verbs.items()
        if entry.cameo and entry.code_from == "verb" and " " not in lemma
    }


def frames_data() -> dict[str, Any]:
    text = (resources.files("loaders") / "data" / "frames.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def default_frames(extra: tuple[str, ...] = ()) -> FrameLexicon:
    """The shipped frames plus user frames (JSON-encoded entries, hashable for the cache)."""
    data = frames_data()
    user = [{**json.loads(raw), "source": "user"} for raw in extra]
    return build_frames([*data["frames"], *user], data)

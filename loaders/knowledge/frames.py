"""Relation triggers keyed by lemma and part of speech, each with the dependency roles that
carry its arguments (loaders/knowledge/data/frames.json, extended by a user lexicon's ``frames``).

CAMEO codes: a lemma the Phoenix CAMEO verb dictionary codes itself (not through its synonym
block) and whose code means the frame's relation takes that code; weights are the Goldstein
values of the codes (loaders/knowledge/cameo.py).
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any, Literal

from graph.model import RelationType
from loaders.knowledge.cameo import admitted_relation, code_relation, goldstein
from loaders.knowledge.senses import Sense, Senses, default_senses
from loaders.knowledge.triggers import CameoTriggers, Match, default_triggers
from loaders.knowledge.words import words
from loaders.nlp.model import Sentence, Token

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
    place_subject: bool = False
    agent_noun: bool = False  # "X, an ally of Y": the noun's referent is the subject
    compound: bool = False  # "X-backed Y": a participle inside a noun phrase
    evaluative: bool = False  # "condemned Assad's brutality": the owner of the object counts
    with_object: bool = False  # "provided Iraq with support": the object counts with "with"
    planned: bool = False  # the code only expresses an intent (CAMEO 03x)
    # "handed Lashio back to the army": the 'to' phrase is the new holder, the object the place
    transfer: bool = False
    region_object: bool = False  # "recognised Abkhazia": a region may be the one acted on
    # "called the Hamas raid an act of terrorism": the thing named is the one acted on
    named_object: bool = False
    # A dictionary pattern's noun is the verb's object ("mounted an offensive"): the one acted
    # on is found through a preposition of the verb or of that noun.
    consumed_object: bool = False
    # "exercises around Taiwan": the frame's prepositions name the one aimed at even where they
    # usually say where ("strikes across Syria" is only where)
    aimed: bool = False
    source: str = "actorgraph"  # actorgraph | user | cameo:<group>[:<pattern line>]


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
    cameo: CameoTriggers | None = None
    senses: Senses | None = None
    not_triggers: frozenset[str] = frozenset()
    # Every word a lookup can start from: a frame's lemma, and a phrasal verb's verb.
    _triggers: frozenset[str] = field(init=False, repr=False, compare=False)
    _hand_verbs: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = {lemma for lemma, _ in self.frames}
        words |= {lemma.rsplit(" ", 1)[0] for lemma in words}
        verbs = {lemma.split(" ", 1)[0] for lemma, pos in self.frames if pos == "verb"}
        object.__setattr__(self, "_hand_verbs", frozenset(verbs))
        if self.cameo is not None:
            words |= set(self.cameo.by_lemma)
        if self.senses is not None:
            words |= self.senses.lemmas()
        object.__setattr__(self, "_triggers", frozenset(words))

    def for_token(self, sentence: Sentence, token: Token) -> tuple[Frame, ...]:
        """The frames a token can trigger, by its lemma and how it is used."""
        lemma = token.lemma.lower()
        if lemma not in self._triggers and token.word.lower() not in self._triggers:
            hyphened = _hyphened(sentence, token)
            if hyphened is None or hyphened not in self._triggers:
                return ()  # most words trigger nothing: spare them the look at their edges
        if self.not_triggers and _hyphened(sentence, token) in self.not_triggers:
            return ()  # "cease-fire" holds no firing
        if self.senses is not None:
            for pos in pos_classes(sentence, token)[:1]:
                sense = self.senses.sense(sentence, token, pos)
                if sense is not None:
                    # The sense the parse shows decides, whatever the lemma's frames say.
                    return _sense_frames(sense, lemma)
        found: list[Frame] = []
        particle = _particle(sentence, token) if token.pos.startswith("VB") else None
        if self.cameo is not None and token.pos.startswith("VB") and lemma in self.cameo:
            # The dictionary's code for this clause. A hand-made frame overrides the
            # dictionary's code for the verb itself; a pattern of the dictionary ("recalled
            # its ambassador", "held joint exercises") is more specific than either and
            # applies to every verb.
            match = self.cameo.match(sentence, token)
            if match is not None and self._received(sentence, token):
                match = None  # "received backing from Egypt": the noun says who gave what
            if match is not None and (match.pattern is not None or lemma not in self._hand_verbs):
                found.extend(dictionary_frames(match, lemma))
        for pos in pos_classes(sentence, token):
            if particle is not None:
                # "drove the group out", "pushed back the rebels": the phrasal verb's frames
                found.extend(self.frames.get((f"{lemma} {particle}", pos), ()))
            found.extend(self.frames.get((lemma, pos), ()))
            if pos in ("noun", "adj") and token.word.lower() != lemma:
                # Plural nouns the lemmatiser keeps ("talks", "clashes") and participles read as
                # adjectives ("is allied with") are listed as such.
                listed = self.frames.get((token.word.lower(), pos), ())
                if listed:
                    # A frame listed under both forms ("talk", "talks") is read once.
                    have = {replace(f, lemma=lemma) for f in found}
                    found.extend(f for f in listed if replace(f, lemma=lemma) not in have)
            hyphened = _hyphened(sentence, token)
            if pos == "noun" and hyphened is not None:
                found.extend(self.frames.get((hyphened, pos), ()))  # "go - between"
        return tuple(dict.fromkeys(found))

    def _received(self, sentence: Sentence, token: Token) -> bool:
        """A receiving verb whose object is a trigger noun ("enjoys the support of", "won
        backing from"): the dictionary codes the verb as the receiver's own act."""
        if token.lemma.lower() not in self.receiving_verbs:
            return False
        return any(
            (sentence.token(d.dependent).lemma.lower(), "noun") in self.frames
            or (sentence.token(d.dependent).word.lower(), "noun") in self.frames
            for d in sentence.out_edges(token.index, "obj")
        )


def _hyphened(sentence: Sentence, token: Token) -> str | None:
    """ "go-between" tokenised "go - between": the hyphenated word a token ends."""
    if token.index < 3 or sentence.token(token.index - 1).word not in ("-", "\u2010", "\u2011"):
        return None
    return f"{sentence.token(token.index - 2).word.lower()}-{token.word.lower()}"


PARTICLES = words("frames", "particles")


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
            if any(
                d.base in ("nsubj", "nsubj:pass", "obl") for d in sentence.out_edges(token.index)
            ):
                return ("adj", "verb")  # a modifier the parser gave its own clause roles
            # "Russian-backed forces", "coordinated patrols": a participle that only
            # describes its noun is no clause of the sentence's subject.
            return ("adj",)
        if tag == "VBN":
            return ("verb", "adj")  # "Iran is allied with Russia"
        if tag == "VBG" and any(
            d.base in ("nsubj", "nsubj:pass", "obj", "det", "nmod", "obl")
            for d in sentence.in_edges(token.index)
        ):
            return ("noun", "verb")  # "fighting between A and B broke out": a gerund as noun
        return ("verb",)
    if tag.startswith("NN"):
        return ("noun",)
    if tag.startswith("JJ"):
        return ("adj",)
    return ()


def frame_of(raw: Mapping[str, Any], lemma: str) -> Frame:
    """One frame from an entry in the shape of loaders/knowledge/data/frames.json."""
    cameo = raw.get("cameo")
    weight = raw.get("weight")
    if weight is None:
        weight = goldstein(cameo) or 0.0
    return Frame(
        lemma=lemma,
        pos=raw["pos"],
        type=RelationType(raw["type"]),
        cameo=cameo,
        weight=float(weight),
        preps=tuple(raw.get("preps", ())),
        subject_preps=tuple(raw.get("subject_preps", ())),
        requires_prep=bool(raw.get("requires_prep", False)),
        joint=bool(raw.get("joint", False)),
        inverse=bool(raw.get("inverse", False)),
        place_object=bool(raw.get("place_object", False)),
        actor_object=bool(raw.get("actor_object", False)),
        place_subject=bool(raw.get("place_subject", False)),
        agent_noun=bool(raw.get("agent_noun", False)),
        compound=bool(raw.get("compound", False)),
        evaluative=bool(raw.get("evaluative", False)),
        with_object=bool(raw.get("with_object", False)),
        planned=bool(raw.get("planned", False)),
        transfer=bool(raw.get("transfer", False)),
        region_object=bool(raw.get("region_object", False)),
        named_object=bool(raw.get("named_object", False)),
        consumed_object=bool(raw.get("consumed_object", False)),
        aimed=bool(raw.get("aimed", False)),
        source=str(raw.get("source", "actorgraph")),
    )


def build_frames(
    raw_frames: Iterable[Mapping[str, Any]],
    words: Mapping[str, Any],
    dictionary: CameoTriggers | None = None,
    senses: Senses | None = None,
) -> FrameLexicon:
    index: dict[tuple[str, PosClass], list[Frame]] = defaultdict(list)
    for raw in raw_frames:
        for lemma in raw["lemmas"]:
            frame = frame_of(raw, lemma.lower())
            index[(frame.lemma, frame.pos)].append(frame)

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
        cameo=dictionary,
        senses=senses,
        not_triggers=frozenset(w.lower() for w in words.get("not_triggers", {}).get("words", ())),
    )


@functools.lru_cache(maxsize=1024)
def _sense_frames(sense: Sense, lemma: str) -> tuple[Frame, ...]:
    if sense.frame is None:
        return ()
    return (frame_of({**dict(sense.frame), "source": f"sense:{sense.name}"}, lemma),)


def dictionary_frames(match: Match, lemma: str) -> tuple[Frame, ...]:
    """The frames a dictionary match makes: its code (and its reverse code, the other way
    round) through the table of loaders/knowledge/data/cameo_relations.json."""
    pattern = match.pattern
    if pattern is None and not match.verb.own_code:
        # a bare member of a verb group: only in families whose synonyms keep their sense
        entry = code_relation(match.code)
        if entry is None or not entry.synonyms:
            return ()
    key = (match.verb.group.name, pattern.line if pattern else 0, match.code, match.reverse)
    return _dictionary_frames(key, lemma, match)


@functools.lru_cache(maxsize=8192)
def _frames_for_code(
    lemma: str,
    code: str | None,
    inverse: bool,
    target_preps: tuple[str, ...],
    consumed: bool,
    source: str,
    prep_slot: bool = False,
) -> tuple[Frame, ...]:
    entry = admitted_relation(code)
    if entry is None or entry.relation is None:
        return ()
    slot_only = prep_slot and entry.partner_in_slot
    preps = target_preps if slot_only else tuple(dict.fromkeys((*entry.preps, *target_preps)))
    common = {
        "lemma": lemma,
        "pos": "verb",
        "cameo": code,
        "weight": goldstein(code) or 0.0,
        "preps": preps,
        "inverse": inverse,
        "planned": entry.planned,
        "consumed_object": consumed,
        "requires_prep": slot_only,
        "source": source,
    }
    if entry.place_only:
        frames = [Frame(type=entry.relation, place_object=True, **common)]  # type: ignore[arg-type]
        if entry.otherwise is not None:
            frames.append(Frame(type=entry.otherwise, actor_object=True, **common))  # type: ignore[arg-type]
        return tuple(frames)
    return (Frame(type=entry.relation, actor_object=True, **common),)  # type: ignore[arg-type]


def _dictionary_frames(
    key: tuple[str, int, str | None, str | None], lemma: str, match: Match
) -> tuple[Frame, ...]:
    pattern = match.pattern
    # A phrase of the pattern marked as the target, or one without a noun of its own ("IMPORT *
    # (FROM)"): a slot whose object is the one acted on.
    target_preps = tuple(
        prep
        for p in (pattern.preps if pattern else ())
        if p.target or p.noun is None
        for prep in p.preps
    )
    consumed = match.consumed_object and (pattern is None or pattern.target != "object")
    # "DISCUSS (WITH) +": in a family whose partner is a pattern's phrase, a pattern with no
    # object takes the one acted on from that phrase alone; a direct object there is a topic
    # ("discussed the project with Iraqi leaders"). Not so "BAR + FROM" (16).
    prep_slot = bool(target_preps) and pattern is not None and pattern.object is None
    source = f"cameo:{key[0]}" + (f":{key[1]}" if key[1] else "")
    return _frames_for_code(
        lemma, match.code, False, target_preps, consumed, source, prep_slot
    ) + _frames_for_code(lemma, match.reverse, True, target_preps, consumed, source, prep_slot)


def frames_data() -> dict[str, Any]:
    text = (resources.files("loaders.knowledge") / "data" / "frames.json").read_text(
        encoding="utf-8"
    )
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def default_frames(extra: tuple[str, ...] = ()) -> FrameLexicon:
    """The shipped frames plus user frames (JSON-encoded entries, hashable for the cache)."""
    data = frames_data()
    user = [{**json.loads(raw), "source": "user"} for raw in extra]
    return build_frames([*data["frames"], *user], data, default_triggers(), default_senses())

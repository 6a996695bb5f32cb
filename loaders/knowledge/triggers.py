"""The CAMEO verb dictionary as triggers on the dependency parse.

Every verb group of the Phoenix/PETRARCH2 dictionary (loaders/knowledge/data/phoenix/verbs.json.gz)
gives its verbs a code; every pattern of the group, read into constraints on the parse by the
converter (a subject noun, a particle, an object noun phrase, prepositional phrases, where the
target is), refines the code when the clause fits it: the most specific pattern that fits wins,
as in PETRARCH. The code becomes a relation through one table,
loaders/knowledge/data/cameo_relations.json
(loaders/knowledge/cameo.py). How a pattern's words are found in the parse:

- the verb: the token's lemma is the group verb's head word; a multi-word verb's other words
  ("meet with", "shake hands") are read like a pattern's particle, preposition or object;
- the object phrase: the head of ``obj`` (``nsubj:pass`` in the passive) is the phrase's last
  word, or a member of its synset (``&MILITARY``); the other words modify it (``amod``,
  ``compound``, ``nmod``) or stand right before it;
- a particle: ``compound:prt`` (or ``advmod``) with that word;
- a prepositional phrase: ``obl:<prep>`` of the verb or ``nmod:<prep>`` of the object, with
  its noun when the pattern names one;
- a subject noun (``&AIRCRAFT * ATTACKS``): the head of ``nsubj``.

A hand-made frame (loaders/knowledge/data/frames.json) overrides the dictionary's code for its
lemma; a pattern, more specific than either, applies to every verb (loaders/knowledge/frames.py).
"""

from __future__ import annotations

import functools
import gzip
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from loaders.knowledge.words import words
from loaders.nlp.model import Sentence, Token

OBJECT_RELATIONS = ("obj",)
MODIFIER_RELATIONS = ("amod", "compound", "nmod", "nmod:poss", "det", "nummod")


@dataclass(frozen=True, slots=True)
class Noun:
    """A noun phrase a pattern asks for: the head's alternatives and the modifying words."""

    heads: frozenset[str]
    modifiers: tuple[frozenset[str], ...] = ()

    def fits(self, sentence: Sentence, index: int) -> bool:
        token = sentence.token(index)
        if not _word_in(token, self.heads):
            return False
        if not self.modifiers:
            return True
        near = {d.dependent for d in sentence.out_edges(index) if d.base in MODIFIER_RELATIONS}
        near |= {i for i in range(max(1, index - 3), index)}
        tokens = [sentence.token(i) for i in near]
        return all(any(_word_in(t, words) for t in tokens) for words in self.modifiers)


@dataclass(frozen=True, slots=True)
class Prep:
    preps: tuple[str, ...]
    noun: Noun | None
    target: bool


@dataclass(frozen=True, slots=True)
class Pattern:
    """One pattern of a verb group, as constraints; ``line`` is its line in CAMEO.2.0.txt."""

    line: int
    code: str | None
    reverse: str | None
    subject: Noun | None
    particle: str | None
    object: Noun | None
    preps: tuple[Prep, ...]
    target: str | None

    @property
    def specificity(self) -> int:
        words = (self.object is not None) * (1 + len(self.object.modifiers if self.object else ()))
        return (
            words
            + (self.subject is not None)
            + (self.particle is not None)
            + sum(1 + (p.noun is not None) for p in self.preps)
        )

    @property
    def shape(self) -> str:
        """The kind of pattern, for counts and for the tests that cover each kind."""
        parts = []
        if self.subject is not None:
            parts.append("subject")
        if self.particle is not None:
            parts.append("particle")
        if self.object is not None:
            parts.append("object")
        if self.preps:
            parts.append("prep")
        return "+".join(parts) or "verb"


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    line: int
    code: str | None
    reverse: str | None
    patterns: tuple[Pattern, ...]
    # Patterns by the word a clause must have for them to fit (an object head, a subject head,
    # a particle, a preposition), so a verb is checked only against the patterns its clause
    # can fit: most of a group's patterns name an object noun the clause does not have.
    index: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, hash=False)

    def candidates(self, keys: set[str]) -> list[Pattern]:
        positions = sorted({i for key in keys for i in self.index.get(key, ())})
        return [self.patterns[i] for i in positions]


def _index(patterns: tuple[Pattern, ...]) -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = defaultdict(list)
    for position, pattern in enumerate(patterns):
        if pattern.object is not None:
            keys = {f"obj:{w}" for w in pattern.object.heads}
        elif pattern.subject is not None:
            keys = {f"subj:{w}" for w in pattern.subject.heads}
        elif pattern.particle is not None:
            keys = {f"prt:{pattern.particle}"}
        else:
            keys = {f"prep:{p}" for p in pattern.preps[0].preps} if pattern.preps else {"any"}
        for key in keys:
            found[key].append(position)
    return {key: tuple(value) for key, value in found.items()}


@dataclass(frozen=True, slots=True)
class Verb:
    """A verb of a group: its head word is looked up by lemma; the other words are a pattern
    of their own (``meet with``)."""

    group: Group
    lemma: str
    code: str | None
    reverse: str | None
    own: Pattern | None
    own_code: bool = False  # the dictionary codes this verb itself, not only its group


@dataclass(frozen=True, slots=True)
class Match:
    """The code a clause gets: from the pattern that fits best, else from the verb or group."""

    verb: Verb
    pattern: Pattern | None
    code: str | None
    reverse: str | None

    @property
    def target(self) -> str | None:
        return self.pattern.target if self.pattern is not None else None

    @property
    def consumed_object(self) -> bool:
        """The verb's object is the pattern's noun ("launched an offensive"), not the one acted
        on, who is then found through a preposition."""
        return self.pattern is not None and self.pattern.object is not None


class CameoTriggers:
    def __init__(self, doc: Mapping[str, Any]) -> None:
        synsets = {name: _synset_heads(members) for name, members in doc["synsets"].items()}
        self.synsets = synsets
        self.groups: list[Group] = []
        self.by_lemma: dict[str, list[Verb]] = defaultdict(list)
        self.dropped: list[tuple[str, int, str]] = []
        for raw in doc["groups"]:
            patterns = tuple(
                sorted(
                    (_pattern(p, synsets) for p in raw.get("patterns", ())),
                    key=lambda p: -p.specificity,
                )
            )
            group = Group(raw["name"], raw["line"], raw.get("code"), raw.get("reverse"), patterns)
            group.index.update(_index(patterns))
            self.groups.append(group)
            self.dropped += [(group.name, d["line"], d["reason"]) for d in raw.get("dropped", ())]
            for verb in raw["verbs"]:
                words: list[str] = verb["words"]
                head = verb["head"]
                own = _multiword(words, head, verb, group)
                entry = Verb(
                    group=group,
                    lemma=words[head],
                    code=verb.get("code", group.code) if "code" in verb else group.code,
                    reverse=verb.get("reverse") if "code" in verb else group.reverse,
                    own=own,
                    own_code="code" in verb,
                )
                self.by_lemma[entry.lemma].append(entry)

    def __contains__(self, lemma: str) -> bool:
        return lemma in self.by_lemma

    def match(self, sentence: Sentence, token: Token) -> Match | None:
        """The code of a verb token: the first verb of the dictionary with this lemma whose own
        words fit, with the most specific pattern of its group that fits the clause."""
        verbs = self.by_lemma.get(token.lemma.lower())
        if not verbs:
            return None
        fitting = [v for v in verbs if v.own is not None and fits(v.own, sentence, token.index)]
        fitting += [v for v in verbs if v.own is None]
        if not fitting:
            return None
        verb = fitting[0]
        for pattern in verb.group.candidates(_clause_keys(sentence, token.index)):
            if fits(pattern, sentence, token.index):
                return Match(verb, pattern, pattern.code, _reverse(pattern, sentence, token))
        own = verb.own
        if own is not None and (own.code or own.reverse):
            return Match(verb, own, own.code, own.reverse)
        return Match(verb, None, verb.code, verb.reverse)

    def patterns(self) -> Iterable[tuple[Group, Pattern]]:
        for group in self.groups:
            for pattern in group.patterns:
                yield group, pattern


def _reverse(pattern: Pattern, sentence: Sentence, token: Token) -> str | None:
    """The pattern's reverse code, unless it names only the subject and the clause has a direct
    object: '&WEAPON * [193:193]' is guns battling each other, while in 'jets struck the PKK'
    the act goes one way."""
    if pattern.reverse is None or pattern.object is not None or pattern.preps:
        return pattern.reverse
    if any(d.base == "obj" for d in sentence.out_edges(token.index)):
        return None
    return pattern.reverse


def fits(pattern: Pattern, sentence: Sentence, verb: int) -> bool:
    edges = sentence.out_edges(verb)
    if pattern.particle is not None and not any(
        d.relation in ("compound:prt", "advmod", "obl:" + pattern.particle)
        and sentence.token(d.dependent).word.lower() == pattern.particle
        for d in edges
    ):
        return False
    objects = [d.dependent for d in edges if d.relation in OBJECT_RELATIONS]
    if any(d.relation == "aux:pass" for d in edges):
        objects += [d.dependent for d in edges if d.relation == "nsubj:pass"]
    if pattern.object is not None:
        objects = [o for o in objects if pattern.object.fits(sentence, o)]
        if not objects:
            return False
    if pattern.subject is not None and not any(
        d.relation in ("nsubj", "nsubj:xsubj") and pattern.subject.fits(sentence, d.dependent)
        for d in edges
    ):
        return False
    for prep in pattern.preps:
        phrases = [
            d.dependent for d in edges if d.base == "obl" and _prep_of(d.relation) in prep.preps
        ]
        if pattern.object is not None:
            phrases += [
                d.dependent
                for o in objects
                for d in sentence.out_edges(o)
                if d.base == "nmod" and _prep_of(d.relation) in prep.preps
            ]
        if prep.noun is not None:
            phrases = [p for p in phrases if prep.noun.fits(sentence, p)]
        if not phrases:
            return False
    return True


def _clause_keys(sentence: Sentence, verb: int) -> set[str]:
    """The index keys a verb's clause offers: its object and subject heads, particles and
    prepositions (of the verb and of its objects)."""
    keys = {"any"}
    for dep in sentence.out_edges(verb):
        child = sentence.token(dep.dependent)
        words = {child.lemma.lower(), child.word.lower()}
        if dep.relation in ("obj", "nsubj:pass"):
            keys |= {f"obj:{w}" for w in words}
            keys |= {
                f"prep:{_prep_of(d.relation)}"
                for d in sentence.out_edges(dep.dependent)
                if d.base == "nmod"
            }
        elif dep.relation in ("nsubj", "nsubj:xsubj"):
            keys |= {f"subj:{w}" for w in words}
        elif dep.relation in ("compound:prt", "advmod"):
            keys.add(f"prt:{child.word.lower()}")
        elif dep.base == "obl":
            keys.add(f"prep:{_prep_of(dep.relation)}")
            keys.add(f"prt:{_prep_of(dep.relation)}")
    return keys


def _prep_of(relation: str) -> str:
    return relation.split(":", 1)[1] if ":" in relation else ""


def _word_in(token: Token, words: frozenset[str]) -> bool:
    return token.lemma.lower() in words or token.word.lower() in words


def _singular(word: str) -> str:
    for ending, replacement in (("ies", "y"), ("ses", "s"), ("s", "")):
        if word.endswith(ending) and len(word) > len(ending) + 2 and not word.endswith("ss"):
            return word[: -len(ending)] + replacement
    return word


def _forms(word: str) -> frozenset[str]:
    return frozenset({word, _singular(word)})


def _synset_heads(members: Iterable[str]) -> frozenset[str]:
    """A synset's members are matched by their last word ("fighter jet" -> "jet")."""
    heads: set[str] = set()
    for member in members:
        words = member.split()
        if words:
            heads |= _forms(words[-1].lower())
    return frozenset(heads)


def _words(word: str, synsets: Mapping[str, frozenset[str]]) -> frozenset[str]:
    if word.startswith("&"):
        return synsets.get(word[1:], frozenset())
    return _forms(word)


def _noun(words: list[str] | None, synsets: Mapping[str, frozenset[str]]) -> Noun | None:
    if not words:
        return None
    return Noun(
        heads=_words(words[-1], synsets),
        modifiers=tuple(_words(w, synsets) for w in words[:-1]),
    )


def _pattern(raw: Mapping[str, Any], synsets: Mapping[str, frozenset[str]]) -> Pattern:
    return Pattern(
        line=raw["line"],
        code=raw.get("code"),
        reverse=raw.get("reverse"),
        subject=_noun(raw.get("subject"), synsets),
        particle=raw.get("particle"),
        object=_noun(raw.get("object"), synsets),
        preps=tuple(
            Prep(tuple(p["preps"]), _noun(p.get("words"), synsets), bool(p.get("target")))
            for p in raw.get("preps", ())
        ),
        target=raw.get("target"),
    )


PARTICLE_WORDS = words("triggers", "particle_words")
PREPOSITION_WORDS = words("triggers", "preposition_words")


def _multiword(
    words: list[str], head: int, verb: Mapping[str, Any], group: Group
) -> Pattern | None:
    """ "meet with", "shake hands", "hold talks": the words after the head as a pattern."""
    rest = words[head + 1 :]
    if not rest:
        return None
    particle = rest[0] if rest[0] in PARTICLE_WORDS else None
    if particle:
        rest = rest[1:]
    preps: tuple[Prep, ...] = ()
    if rest and rest[0] in PREPOSITION_WORDS:
        preps = (Prep((rest[0],), None, True),)
        rest = rest[1:]
    obj = Noun(_forms(rest[-1]), tuple(_forms(w) for w in rest[:-1])) if rest else None
    code = verb.get("code", group.code) if "code" in verb else None
    return Pattern(
        line=group.line,
        code=code,
        reverse=verb.get("reverse"),
        subject=None,
        particle=particle,
        object=obj,
        preps=preps,
        target="prep" if preps else None,
    )


@functools.cache
def default_triggers() -> CameoTriggers:
    """The shipped dictionary, read once per process."""
    path = resources.files("loaders.knowledge") / "data" / "phoenix" / "verbs.json.gz"
    doc = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    return CameoTriggers(doc)

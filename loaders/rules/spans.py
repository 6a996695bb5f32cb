"""Spans: the stretches of a sentence that name, describe or point to an actor (a name, a
demonym, an organ, a title, a generic agent, a pronoun), with the actor they stand for once
resolved; and the token tests every rule module shares (capitalisation, headlines, display
names, the head words of group names)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from itertools import pairwise

from graph.model import ActorType
from loaders.knowledge.lexicon import ActorTemplate, Lexicon
from loaders.knowledge.names import key_tokens, name_key
from loaders.knowledge.words import words
from loaders.nlp.model import EntityMention, Sentence, Token

ARMED_HEADS = words("mentions", "armed_heads")


GROUP_HEAD_NOUNS = words("mentions", "group_head_nouns")


KIN_NOUNS = frozenset(["tribe", "clan"])  # "the Al bu Nimr tribe": an organisation


HYPHENS = frozenset(["-", "\u2010", "\u2011", "\u2013"])


NAME_PARTICLES = words("mentions", "name_particles")


ORGANIZATION_HEADS = words("mentions", "organization_heads")


NAME_HEADS = ARMED_HEADS | ORGANIZATION_HEADS  # the last word of a group's name


ORGAN_HEADS = words("mentions", "organ_heads")


BARE_ORGANS = words("mentions", "bare_organs")


PLACE_CUES = words("mentions", "place_cues")


NAME_NER = frozenset({"PERSON", "ORGANIZATION", "LOCATION", "MISC"})


_CAPITALISED = re.compile(r"^[A-Z\u00c0-\u00de]")


PLACE_TYPES = (ActorType.CITY, ActorType.REGION)


@dataclass
class Span:
    """A stretch of one sentence that names, or points to, an actor."""

    sentence: int
    first: int  # token indexes, 1-based, inclusive
    last: int
    head: int
    start: int  # character offsets into the article
    end: int
    kind: str  # name | demonym | organ | generic | pronoun | title | speaker
    actor: ActorTemplate | None = None
    role: str | None = None  # an office named with it ("foreign minister")
    country: str | None = None  # a state named with it (demonym, "of Iraq")
    capital_of: str | None = None  # a capital city stands for its state when it acts
    plural: bool = False
    text: str = ""
    via: str = ""  # how the actor was found: lexicon, phoenix, ner, head, coref...
    body: Span | None = None  # the group or organisation an office is of ("RSF leader X")
    office: str | None = None  # that office
    former: bool = False  # "former president X": an office no longer held

    def covers(self, index: int) -> bool:
        return self.first <= index <= self.last


@dataclass
class SentenceSpans:
    sentence: Sentence
    spans: list[Span] = field(default_factory=list)
    _by_token: dict[int, Span] = field(default_factory=dict)

    def add(self, span: Span) -> None:
        self.spans.append(span)
        for index in range(span.first, span.last + 1):
            self._by_token.setdefault(index, span)

    def at(self, index: int) -> Span | None:
        return self._by_token.get(index)

    def free(self, first: int, last: int) -> bool:
        if first == last:
            return first not in self._by_token  # most asks are about one word
        return self._by_token.keys().isdisjoint(range(first, last + 1))

    def remove(self, span: Span) -> None:
        self.spans.remove(span)
        for index in range(span.first, span.last + 1):
            if self._by_token.get(index) is span:
                del self._by_token[index]


# Offices of a group or organisation written with a person: "RSF leader X", "X, the RSF
# commander", "X, head of the Wagner Group"; the words that name them and the role each is.
BODY_OFFICES = {
    "leader": "leader",
    "commander": "commander",
    "chief": "chief",
    "head": "head",
    "chairman": "chairman",
    "chairwoman": "chairman",
    "chair": "chairman",
    "founder": "founder",
    "emir": "emir",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson",
    "secretary-general": "secretary general",
}


BODY_TYPES = (ActorType.ARMED_GROUP, ActorType.ORGANIZATION)


def body_of(spans: SentenceSpans, span: Span) -> tuple[Span, str] | None:
    """The group a person holds an office of, from the office noun written with the name:
    "RSF leader X", "X, the RSF commander", "X, leader of the Fano militia", "the Wagner
    Group's chief X"."""
    sentence = spans.sentence
    offices = [
        sentence.token(d.dependent)
        for d in sentence.out_edges(span.head)
        if d.base in ("compound", "appos", "amod") and not span.covers(d.dependent)
    ]
    for office in offices:
        role = BODY_OFFICES.get(office.lemma.lower())
        if office.lemma.lower() in ("general", "secretary-general") and any(
            sentence.token(d.dependent).lemma.lower() == "secretary"
            for d in sentence.out_edges(office.index, "compound")
        ):
            role = "secretary general"  # "NATO Secretary General X", "UN Secretary-General X"
        if role is None:
            continue
        owners = [
            d.dependent
            for d in sentence.out_edges(office.index)
            if d.relation in ("compound", "nmod:of", "nmod:poss")
        ]
        # "RSF leader X": the group is often the name's own modifier, left of the office.
        owners += [
            d.dependent
            for d in sentence.out_edges(span.head)
            if d.relation in ("compound", "nmod:poss") and d.dependent < office.index
        ]
        for index in owners:
            other = spans.at(index)
            if other is None:
                # "the Fano militia": the name is the compound of a group noun
                other = next(
                    (
                        spans.at(d.dependent)
                        for d in sentence.out_edges(index, "compound")
                        if spans.at(d.dependent) is not None
                    ),
                    None,
                )
            if (
                other is not None
                and other is not span
                and other.actor is not None
                and other.actor.type in BODY_TYPES
            ):
                return other, role
    return None


def joined_persons(
    sentence: Sentence, mentions: list[EntityMention], text: str
) -> list[EntityMention]:
    """Two person names one capitalised word or name particle apart are one name the tagger
    split: "Hassan Sheikh Mohamud", "Tamim bin Hamad Al Thani"."""
    persons = sorted((m for m in mentions if m.ner == "PERSON"), key=lambda m: m.first)
    joined: list[EntityMention] = []
    skip: set[int] = set()
    for left, right in pairwise(persons):
        if right.first - left.last != 2:
            continue
        middle = sentence.token(left.last + 1)
        particle = middle.word.lower() in NAME_PARTICLES  # "Tamim bin Hamad Al Thani"
        if not particle and (
            middle.pos != "NNP" or not capitalised_word(middle) or middle.ner != "O"
        ):
            continue
        skip.update((id(left), id(right)))
        joined.append(
            EntityMention(
                text=text[left.start : right.end],
                ner="PERSON",
                first=left.first,
                last=right.last,
                start=left.start,
                end=right.end,
            )
        )
    if not joined:
        return mentions
    return [m for m in mentions if id(m) not in skip] + joined


def preferred_demonyms(lexicon: Lexicon) -> dict[str, str]:
    """Demonym key -> state, for the demonyms several states share, as the project's lexicon
    (loaders/knowledge/data/lexicon.json) maps them."""
    raw = json.loads(
        (resources.files("loaders.knowledge") / "data" / "lexicon.json").read_text(encoding="utf-8")
    )
    preferred: dict[str, str] = {}
    for demonym, iso in raw.get("demonyms", {}).items():
        state = lexicon.states_by_iso.get(iso)
        key = name_key(demonym)
        shared = {e.country for e in lexicon.by_key.get(key, ()) if e.kind == "demonym"}
        if state is not None and len(shared) > 1 and state in shared:
            preferred[key] = state
    return preferred


def non_persons_inside(inside: list[Span]) -> list[Span]:
    """The lexicon's names of states, places and bodies inside a longer PERSON name: the tagger
    read them as part of the person's name. People inside it ("Putin Erdogan" tagged as one)
    are kept."""
    return [
        m
        for m in inside
        if m.kind == "name"
        and m.actor is not None
        and m.actor.type not in (ActorType.PERSON, ActorType.LEADER)
    ]


def is_headline(sentence: Sentence) -> bool:
    """Title Case without a full stop: "Iraqi Forces Retake Town From Militants"."""
    words = [t for t in sentence.tokens if t.word[:1].isalpha()]
    if len(words) < 3 or sentence.tokens[-1].word in (".", "!", "?", ":", "''", '"'):
        return False
    capitalised = sum(1 for t in words if t.word[:1].isupper())
    return capitalised / len(words) >= 0.6


ARMED_FIRST_WORDS = words("mentions", "armed_first_words")


def organisation_type(words: list[str]) -> ActorType:
    head = words[-1] if words else ""
    first = words[0] if words else ""
    if head in ARMED_HEADS or first in ARMED_FIRST_WORDS:
        return ActorType.ARMED_GROUP
    return ActorType.ORGANIZATION


def span_base(
    sentence: Sentence,
    first: int,
    last: int,
    surface: str,
    *,
    kind: str = "",
    actor: ActorTemplate | None = None,
    role: str | None = None,
    country: str | None = None,
    capital_of: str | None = None,
    plural: bool = False,
    via: str = "",
) -> Span:
    """A span over tokens ``first..last``; callers fill in its kind and referent, here (the
    lexicon's many candidate spans: cheaper than ``replace``) or later."""
    return Span(
        sentence=sentence.index,
        first=first,
        last=last,
        head=sentence.head(first, last).index,
        start=sentence.token(first).start,
        end=sentence.token(last).end,
        kind=kind,
        actor=actor,
        role=role,
        country=country,
        capital_of=capital_of,
        plural=plural,
        text=surface,
        via=via,
    )


def is_name(sentence: Sentence, mention: EntityMention) -> bool:
    # CoreNLP's entity mentions include pronouns it tagged PERSON ("he"): not names.
    tokens = [sentence.token(i) for i in mention.indexes]
    return any(t.pos in ("NNP", "NNPS", "JJ", "NN", "NNS") for t in tokens) and any(
        capitalised_word(t) for t in tokens
    )


def capitalised_word(token: Token) -> bool:
    return token.word[:1].isupper() or bool(_CAPITALISED.match(token.word))


def capitalised_start(tokens: Iterable[Token]) -> bool:
    for token in tokens:
        if key_tokens(token.original):
            return capitalised_word(token)
    return False


def acronym_form(surface: str) -> bool:
    letters = [ch for ch in surface if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def place_ner(sentence: Sentence, index: int) -> bool:
    """Whether one capitalised word may be a city: the tagger says LOCATION, or says nothing
    of a proper noun that stands alone (not the last word of "the UK-France Summit")."""
    token = sentence.token(index)
    if token.ner == "LOCATION":
        return True
    if token.ner != "O" or token.pos != "NNP":
        return False
    before = sentence.tokens[index - 2] if index > 1 else None
    after = sentence.tokens[index] if index < len(sentence.tokens) else None
    for other in (before, after):
        if other is not None and (
            other.word in ("-", "\u2013")
            or (other.pos.startswith("NNP") and capitalised_word(other))
        ):
            return False
    return True


def common_noun_alias(actor: ActorTemplate, surface: str) -> bool:
    """An alias the lexicon writes in lower case ("international coalition") is a common-noun
    phrase that names the actor as written, capitalised or not."""
    key = name_key(surface)
    return any(
        name_key(alias) == key and not any(w[:1].isupper() for w in alias.split() if w != "the")
        for alias in actor.aliases
    )


def display_name_of(surface: str) -> str:
    name = " ".join(surface.split())
    if name.lower().startswith("the "):
        name = name[4:]
    name = re.sub(r"[\u2019']s$", "", name)  # "the Board of Inquiry's"
    return name.strip(" ,.;:'\"\u2019")


def is_titled(sentence: Sentence, first: int, titles: dict[str, str]) -> bool:
    if first <= 1:
        return False
    previous = sentence.token(first - 1)
    return name_key(previous.word) in titles


def modifier_tokens(sentence: Sentence, span: Span) -> list[Token]:
    tokens = [sentence.token(i) for i in range(span.first, span.last + 1)]
    found: list[Token] = []
    for token in tokens:
        found.extend(modifier_tokens_of(sentence, token.index))
    return [t for t in found if not span.covers(t.index)]


def modifier_tokens_of(sentence: Sentence, index: int) -> list[Token]:
    """compound/amod/flat dependents of a token, and theirs (a noun phrase's left side)."""
    found: list[Token] = []
    pending = [index]
    seen = {index}
    while pending:
        current = pending.pop()
        for dep in sentence.out_edges(current):
            if dep.base not in ("compound", "amod", "flat", "nmod") or dep.dependent in seen:
                continue
            if dep.base == "nmod" and dep.relation not in ("nmod:of", "nmod:for"):
                continue
            seen.add(dep.dependent)
            found.append(sentence.token(dep.dependent))
            pending.append(dep.dependent)
    return found


def role_in(words: list[Token], titles: dict[str, str]) -> str | None:
    """The longest title phrase in a run of words ("Foreign Minister" -> foreign minister)."""
    keys = [name_key(t.word) for t in words]
    best: str | None = None
    best_length = 0
    for start in range(len(keys)):
        for end in range(start, min(len(keys), start + 5)):
            phrase = " ".join(k for k in keys[start : end + 1] if k)
            role = titles.get(phrase)
            if role and end - start + 1 > best_length:
                best, best_length = role, end - start + 1
    return best or None


def self_known(span: Span) -> bool:
    """Whether a span's actor came from a lexicon (a name the gazetteer or dictionaries know)."""
    return span.actor is not None and span.actor.wikidata_id is not None

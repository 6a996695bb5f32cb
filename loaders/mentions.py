"""Actor mentions in a parsed article, and what each refers to.

Candidates come from the parser (CoreNLP's named entities) and from the lexicon (names,
demonyms, state organs, generic agents, titles); the lexicon and then the Phoenix dictionary
type and link them. A name no lexicon knows is still an actor, typed from its head noun and the
entity type ("... Forces" is an armed group, "... Ministry" an organisation, a person with an
office a leader); a location is a city only when the gazetteer knows it, never by one word.
Pronouns, "the group", titles, surnames and first-person speakers are resolved in
loaders/coref.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from itertools import pairwise

from graph.model import ActorType, slugify
from loaders.lexicon import ActorTemplate, Entry, Lexicon
from loaders.nlp.model import EntityMention, ParsedDocument, Sentence, Token
from loaders.phoenix import PhoenixActor, PhoenixLexicon
from loaders.phoenix_names import fold, key_tokens, name_key

MAX_NAME_TOKENS = 9

# Head words that type an unknown organisation name.
ARMED_HEADS = frozenset(
    [
        "army",
        "armies",
        "forces",
        "force",
        "front",
        "brigade",
        "brigades",
        "battalion",
        "battalions",
        "movement",
        "movements",
        "squadron",
        "squadrons",
        "wing",
        "wings",
        "fleet",
        "flotilla",
        "platoon",
        "regiment",
        "command",
    ]
) | frozenset(
    [
        "militia",
        "militias",
        "guard",
        "guards",
        "corps",
        "legion",
        "legions",
        "division",
        "divisions",
        "regiment",
        "regiments",
        "mujahideen",
        "mujahedeen",
        "commandos",
        "resistance",
        "alliance",
        "tigers",
        "hawks",
        "wolves",
        "lions",
        "units",
        "unit",
        "fighters",
        "jaish",
        "jaysh",
        "jabhat",
        "harakat",
        "kata'ib",
        "katibat",
        "liwa",
        "ansar",
        "hezbollah",
        "cartel",
        "cartels",
        "gang",
        "gangs",
    ]
)
# Head words of names for things, not actors: "UN Security Council Resolution", "the Minsk
# Agreement", "the Astana Process".
DOCUMENT_HEADS = frozenset(
    [
        "resolution",
        "agreement",
        "accord",
        "accords",
        "treaty",
        "summit",
        "conference",
        "act",
        "law",
        "plan",
        "convention",
        "declaration",
        "initiative",
        "process",
        "talks",
        "format",
        "protocol",
        "charter",
        "report",
        "day",
    ]
)
# Lower-case group nouns after an unknown proper noun that name a group by it: "the Fano
# militia", "the Sinaloa cartel", "the Wagner group".
GROUP_HEAD_NOUNS = frozenset(
    [
        "militia",
        "militias",
        "cartel",
        "gang",
        "group",
        "movement",
        "rebels",
        "faction",
        "coalition",
        "tribe",
        "clan",
        "force",  # "the Radaa force"
        "brigade",
        "battalion",
        "network",
    ]
)
KIN_NOUNS = frozenset(["tribe", "clan"])  # "the Al bu Nimr tribe": an organisation
HYPHENS = frozenset(["-", "\u2010", "\u2011", "\u2013"])
NAME_PARTICLES = frozenset(["bu", "bin", "ibn", "bint", "al", "el", "abu", "bani", "ould", "ag"])
ORGANIZATION_HEADS = frozenset(
    [
        "ministry",
        "ministries",
        "council",
        "councils",
        "commission",
        "union",
        "organisation",
        "organization",
        "organisations",
        "organizations",
        "agency",
        "agencies",
        "committee",
        "committees",
        "party",
        "parties",
        "office",
        "department",
        "bank",
        "fund",
        "court",
        "assembly",
        "parliament",
        "institute",
        "institution",
        "authority",
        "league",
        "association",
        "federation",
        "observatory",
        "foundation",
        "society",
        "network",
        "programme",
        "program",
        "mission",
        "coalition",
        "government",
        "administration",
        "company",
        "corporation",
        "group",
        "center",
        "centre",
        "secretariat",
        "directorate",
        "bureau",
        "service",
        "services",
        "cabinet",
        "senate",
        "congress",
        "tribunal",
    ]
)
NAME_HEADS = ARMED_HEADS | ORGANIZATION_HEADS  # the last word of a group's name
# A phrase made only of a demonym and one of these is the state's organ, not a new name:
# "Syrian Army", "Russian Armed Forces", "Iraqi Government".
ORGAN_HEADS = frozenset(
    [
        "government",
        "regime",
        "army",
        "military",
        "forces",
        "force",
        "troops",
        "navy",
        "police",
        "authorities",
        "officials",
        "administration",
        "ministry",
        "cabinet",
        "parliament",
        "junta",
        "soldiers",
        "intelligence",
        "guard",
    ]
)
# Organs that stand for the article's main state when they come with no owner ("the regime").
BARE_ORGANS = frozenset(
    ["regime", "government", "army", "military", "authorities", "administration", "junta", "troops"]
)
PERSON_NER = frozenset({"PERSON"})
# Words after which a name is a place ("near Al Shadaddi"), whatever the tagger says.
PLACE_CUES = frozenset(
    {"near", "outside", "around", "inside", "towards", "toward", "west", "east", "north", "south"}
)
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


class MentionFinder:
    """Finds and links the actor mentions of a parsed article (before coreference)."""

    def __init__(self, lexicon: Lexicon, phoenix: PhoenixLexicon | None) -> None:
        self.lx = lexicon
        self.phoenix = phoenix
        self.titles = {name_key(phrase): role for phrase, role in lexicon.titles.items()}
        self.demonyms = _preferred_demonyms(lexicon)

    def entries(self, key: str) -> list[Entry]:
        """What a phrase can mean. A demonym several states share ("Indian", "American") means
        the state the project's lexicon gives it, not a territory the country package lists."""
        entries = self.lx.by_key.get(key, [])
        preferred = self.demonyms.get(key)
        if preferred is None:
            return entries
        return [e for e in entries if e.kind != "demonym" or e.country == preferred]

    # -- the document ------------------------------------------------------------------------

    def find(self, parsed: ParsedDocument, text: str, day: date | None) -> list[SentenceSpans]:
        found = [SentenceSpans(sentence) for sentence in parsed.sentences]
        for spans in found:
            self._names(spans, text, day)
        surnames = _surname_table(found)
        for spans in found:
            _known_surnames(spans, surnames)
            self._surnames(spans, surnames)
            self._head_noun_names(spans, text)
            self._proper_group_names(spans, text)
            _cued_places(spans, text)
            _taken_places(spans, text)
            _led_bodies(spans, text)
        for spans in found:
            _named_organs(spans, text)
            _national_bodies(spans, text)
            _spelled_out_names(spans, text)
        _defined_acronyms(found)
        _places_that_act_as_groups(found)
        _short_names(found)
        for spans in found:
            self._modifiers(spans)
        return found

    # -- named actors ---------------------------------------------------------------------------

    def _names(self, spans: SentenceSpans, text: str, day: date | None) -> None:
        sentence = spans.sentence
        matches = list(self._lexicon_matches(sentence, text))
        ner = [m for m in sentence.mentions if m.ner in NAME_NER and _is_name(sentence, m)]
        ner = _joined_persons(sentence, ner, text)
        taken: set[int] = set()
        for mention in sorted(ner, key=lambda m: m.first - m.last):
            inside = [m for m in matches if mention.first <= m.first and m.last <= mention.last]
            exact = [m for m in inside if (m.first, m.last) == (mention.first, mention.last)]
            if exact or any(m.first < mention.first <= m.last for m in matches):
                continue  # the lexicon reads this stretch itself
            if mention.ner == "PERSON":
                # "Hassan Sheikh Mohamud": an office word inside a person's name is the name's
                for match in [m for m in inside if m.kind == "title" and m.first > mention.first]:
                    matches.remove(match)
                    inside.remove(match)
                # "Kim Jong Un": a word of a person's name is no organisation or place of its own
                for match in _non_persons_inside(inside):
                    matches.remove(match)
                    inside.remove(match)
            whole = self._link_whole(sentence, mention, text, day)
            if whole is None and mention.ner == "LOCATION":
                # "Cabo Delgado": a city the gazetteer knows inside a longer place name is
                # not that city.
                for match in [m for m in inside if m.actor and m.actor.type in PLACE_TYPES]:
                    matches.remove(match)
                    inside.remove(match)
            if whole is None and inside:
                whole = self._longer_name(sentence, mention, inside, text)
            if whole is None and inside:
                continue  # "Iranian" inside a longer unknown MISC: keep the lexicon's reading
            if whole is None:
                whole = self._unknown_name(sentence, mention, text)
            if whole is None:
                continue
            for match in inside:
                matches.remove(match)
            if taken.intersection(range(mention.first, mention.last + 1)):
                continue
            taken.update(range(mention.first, mention.last + 1))
            spans.add(whole)
        for match in matches:
            if spans.free(match.first, match.last):
                spans.add(match)

    def _longer_name(
        self, sentence: Sentence, mention: EntityMention, inside: list[Span], text: str
    ) -> Span | None:
        """A tagged name longer than the one known name inside it: a branch of a group ("Islamic
        State West Africa Province", "the Coalition of Patriots for Change") is a group of its
        own; a state's name inside a longer place name ("Lake Chad") is no state."""
        if mention.ner not in ("ORGANIZATION", "LOCATION") or _headline(sentence):
            return None
        names = [m for m in inside if m.kind == "name" and m.actor is not None]
        group_name = (
            mention.ner == "ORGANIZATION"
            and sentence.token(mention.last).lemma.lower() in NAME_HEADS
            and len(names) >= 1
            and all(m.last <= mention.last for m in inside)
        )
        if not group_name and (len(names) != 1 or len(inside) != 1):
            return None
        # The longest name wins: of several known names inside, the first one is the anchor
        # ("Tigray" in "Tigray Defence Forces"); the rest is the group's own words.
        known = names[0]
        assert known.actor is not None
        first, last = mention.first, mention.last
        if mention.ner == "ORGANIZATION":
            # "Coalition of Patriots" + "for Change": the tagger often stops at a preposition
            while (
                last + 2 <= len(sentence.tokens)
                and sentence.token(last + 1).word.lower() in ("of", "for")
                and sentence.token(last + 2).pos in ("NNP", "NNPS")
                and _capitalised_word(sentence.token(last + 2))
            ):
                last += 2
        while first < known.first and sentence.token(first).pos in ("DT",):
            first += 1
        extra = [
            sentence.token(i)
            for i in range(first, last + 1)
            if not known.covers(i) and _capitalised_word(sentence.token(i))
        ]
        if group_name and known.actor.type in PLACE_TYPES:
            extra = [t for t in extra if not self._is_demonym(t.word)]
        if not extra or any(self._is_demonym(t.word) for t in extra):
            return None
        if sentence.token(last).lemma.lower() in DOCUMENT_HEADS:
            return None  # "UN Security Council Resolution 2254" is no actor
        surface = text[sentence.token(first).start : sentence.token(last).end]
        name = _display_name(surface)
        if not name:
            return None
        kind: ActorType
        head = sentence.token(last).lemma.lower()
        if known.actor.type in (ActorType.ARMED_GROUP, ActorType.ORGANIZATION):
            kind = known.actor.type
        elif known.actor.type is ActorType.STATE and mention.ner == "LOCATION":
            kind = ActorType.REGION
        elif mention.ner == "ORGANIZATION" and head in NAME_HEADS:
            # "Tigray Defence Forces", "Arakan Army", "Darfur Joint Force": a group named
            # after a place is the group, not the place.
            words = [t.word.lower() for t in sentence.tokens[first - 1 : last]]
            kind = organisation_type([*words[:-1], head])
        else:
            return None
        return replace(
            _span_base(sentence, first, last, surface),
            kind="name",
            actor=ActorTemplate(id=slugify(name), name=name, type=kind),
            via="ner",
        )

    def _lexicon_matches(self, sentence: Sentence, text: str) -> Iterator[Span]:
        """Longest lexicon matches, left to right, without overlaps."""
        tokens = sentence.tokens
        keys = [name_key(t.original) for t in tokens]
        for at in range(1, len(tokens) - 1):
            # "Tehrik - i - Taliban": a particle between hyphens the tokenizer split off is
            # dropped from the key, as name keys drop it from "Tehrik-i-Taliban"
            if (
                tokens[at - 1].word in HYPHENS
                and tokens[at + 1].word in HYPHENS
                and name_key(f"x-{tokens[at].original}-x") == "x x"
            ):
                keys[at] = ""
        prefixes = self.lx.prefixes
        position = 0
        while position < len(tokens):
            if not keys[position]:
                position += 1  # a name does not start on punctuation, "the" or "al-"
                continue
            best: Span | None = None
            key = ""
            for end in range(position, min(len(tokens), position + MAX_NAME_TOKENS)):
                if keys[end]:
                    key = f"{key} {keys[end]}" if key else keys[end]
                if key not in prefixes:
                    break
                if not keys[end]:
                    continue  # a span does not end on punctuation or an article
                span = self._read_match(sentence, position, end, key, text)
                if span is not None:
                    best = span
            if best is not None:
                yield best
                position = best.last
            else:
                position += 1

    def _read_match(
        self, sentence: Sentence, first_at: int, last_at: int, key: str, text: str
    ) -> Span | None:
        tokens = sentence.tokens
        first, last = tokens[first_at], tokens[last_at]
        surface = text[first.start : last.end]
        for entry in self.entries(key):
            span = self._entry_span(sentence, first_at, last_at, entry, surface)
            if span is not None:
                return span
        return None

    def _entry_span(
        self, sentence: Sentence, first_at: int, last_at: int, entry: Entry, surface: str
    ) -> Span | None:
        tokens = sentence.tokens
        first, last = tokens[first_at], tokens[last_at]
        capitalised = _capitalised_start(tokens[first_at : last_at + 1])
        if entry.case_sensitive and not _acronym_form(surface):
            return None
        where = (sentence, first.index, last.index, surface)
        if entry.kind in ("actor", "city"):
            if entry.actor is None:
                return None
            if not capitalised and not _common_noun_alias(entry.actor, surface):
                return None
            if (
                entry.actor.type is ActorType.CITY
                and last_at == first_at
                and entry.capital_of is None
                and not _place_ner(sentence, first.index)
            ):
                # one capitalised word is a city only when the tagger agrees; a capital is
                # known well enough ("Kyiv's backers", tagged a person) to stand on its own
                return None
            return _span_base(
                *where, kind="name", actor=entry.actor, capital_of=entry.capital_of, via="lexicon"
            )
        if entry.kind == "demonym":
            if not capitalised or entry.country is None:
                return None
            state = self.lx.actors.get(entry.country)
            return _span_base(
                *where, kind="demonym", actor=state, country=entry.country, via="lexicon"
            )
        if entry.kind == "title":
            return _span_base(*where, kind="title", role=entry.role, via="lexicon")
        if entry.kind in ("organ", "generic"):
            if (
                entry.kind == "organ"
                and last.pos.startswith("JJ")
                and any(d.base == "amod" for d in sentence.in_edges(last.index))
            ):
                return None  # "military assistance", "military base": an adjective, no organ
            return _span_base(
                *where, kind=entry.kind, plural=last.pos in ("NNS", "NNPS"), via="lexicon"
            )
        return None

    def _link_whole(
        self, sentence: Sentence, mention: EntityMention, text: str, day: date | None
    ) -> Span | None:
        """A tagged name the lexicon or Phoenix knows as a whole."""
        surface = text[mention.start : mention.end]
        base = _span_base(sentence, mention.first, mention.last, surface)
        key = name_key(surface)
        for entry in self.entries(key):
            if entry.kind in ("actor", "city") and entry.actor is not None:
                if entry.case_sensitive and not _acronym_form(surface):
                    continue
                if mention.ner == "PERSON" and entry.actor.type in PLACE_TYPES:
                    continue
                return replace(
                    base,
                    kind="name",
                    actor=entry.actor,
                    capital_of=entry.capital_of,
                    via="lexicon",
                )
            if entry.kind == "demonym" and entry.country:
                return replace(
                    base,
                    kind="demonym",
                    actor=self.lx.actors.get(entry.country),
                    country=entry.country,
                    via="lexicon",
                )
        if self.phoenix is None:
            return None
        candidate = self.phoenix.link(surface, mention.ner, day)
        if candidate is None:
            return None
        actor = self.from_phoenix(candidate.actor, day)
        if actor.type in PLACE_TYPES and mention.ner != "LOCATION":
            return None
        return replace(base, kind="name", actor=actor, via="phoenix")

    def from_phoenix(self, actor: PhoenixActor, day: date | None) -> ActorTemplate:
        known = self.lx.actors.get(actor.id)
        if known is not None:
            return known
        converted = actor.to_actor(day)
        return ActorTemplate(
            id=converted.id,
            name=converted.name,
            type=converted.type,
            aliases=tuple(converted.aliases),
            wikidata_id=converted.wikidata_id,
            country=converted.country,
            role=converted.role,
        )

    def _unknown_name(self, sentence: Sentence, mention: EntityMention, text: str) -> Span | None:
        """A name no lexicon knows: typed from the tagger and the head noun."""
        first, last = mention.first, mention.last
        tokens = sentence.tokens
        if _headline(sentence):
            return None  # Title Case Makes Every Word Look Like A Name
        if mention.ner == "PERSON":
            # "Foreign Minister Abbas Araghchi": the office is not part of the name.
            while first < last and name_key(tokens[first - 1].word) in self.titles:
                first += 1
            # "Senior General Min Aung Hlaing": after an office, capitalised words the tagger
            # left out are the name's.
            start = first
            while (
                start > 1
                and tokens[start - 2].pos == "NNP"
                and tokens[start - 2].ner == "O"
                and _capitalised_word(tokens[start - 2])
                and not tokens[start - 2].word.isupper()
                and "." not in tokens[start - 2].word
                and name_key(tokens[start - 2].word) not in self.titles
                and not self.lx.by_key.get(name_key(tokens[start - 2].word))
            ):
                start -= 1
            if start < first and start > 1 and name_key(tokens[start - 2].word) in self.titles:
                first = start
        else:
            # "the Syrian Observatory": the tagger often leaves capitalised modifiers out.
            while (
                first > 1
                and _capitalised_word(tokens[first - 2])
                and tokens[first - 2].pos in ("NNP", "NNPS", "JJ")
            ):
                first -= 1
        if first > 1 and tokens[first - 2].word.lower() in PLACE_CUES:
            return None  # "near Al Shadaddi", "outside X": a place the gazetteer does not know
        if tokens[first - 1].word.lower() in PLACE_CUES:
            return None
        while first < last and tokens[first - 1].pos in ("IN", "DT", "CC", "TO", "RB"):
            first += 1  # "The ..." : an article is no part of it
        if tokens[first - 1].pos in ("PRP$", "PRP", "WP", "WDT") or tokens[
            first - 1
        ].word.lower() in ("its", "their", "our", "his", "her"):
            return None
        surface = text[tokens[first - 1].start : tokens[last - 1].end]
        words = [t.word.lower() for t in tokens[first - 1 : last]]
        base = _span_base(sentence, first, last, surface)
        name = _display_name(surface)
        if not name or not any(ch.isalpha() for ch in name):
            return None
        if len(words) == 1 and _acronym_form(surface):
            return None  # an unknown acronym (IED, UAV) is an actor only once defined: see below
        if len(words) == 1 and first == 1 and last < len(tokens) and tokens[last].word == ",":
            return None  # "United, we continue ...": a sentence's opening word, no name
        kind: ActorType | None
        if mention.ner == "PERSON":
            kind = ActorType.PERSON
            if len(words) == 1 and not _titled(sentence, first, self.titles):
                return None  # a lone surname nobody introduced: too unsure to become an actor
        elif mention.ner == "ORGANIZATION":
            kind = organisation_type(words)
        elif mention.ner == "LOCATION":
            if words[-1] in NAME_HEADS:
                kind = organisation_type(words)  # "the Sinaloa Cartel" tagged as a place
            elif len(words) == 1:
                return None  # one unknown word is not made a place
            else:
                kind = ActorType.REGION
        else:
            kind = organisation_type(words) if words[-1] in NAME_HEADS else None
            if kind is None:
                return None
            if all(self._is_demonym(w) for w in words[:-1]) and words[-1] in ORGAN_HEADS:
                return None  # "Syrian Army" is Syria's organ, read later
        if kind is None:
            return None
        if words[-1] in ORGAN_HEADS and all(self._is_demonym(w) for w in words[:-1]):
            return None
        template = ActorTemplate(id=slugify(name), name=name, type=kind)
        return replace(base, kind="name", actor=template, via="ner")

    def _is_demonym(self, word: str) -> bool:
        return any(e.kind == "demonym" for e in self.lx.by_key.get(name_key(word), ()))

    def _surnames(self, spans: SentenceSpans, surnames: dict[str, ActorTemplate]) -> None:
        """A lone capitalised word that is the surname of a person named earlier."""
        sentence = spans.sentence
        for token in sentence.tokens:
            if token.pos not in ("NNP", "NNPS") or not spans.free(token.index, token.index):
                continue
            actor = surnames.get(fold(token.word))
            if actor is not None:
                spans.add(
                    replace(
                        _span_base(sentence, token.index, token.index, token.original),
                        kind="name",
                        actor=actor,
                        via="surname",
                    )
                )

    def _head_noun_names(self, spans: SentenceSpans, text: str) -> None:
        """Capitalised noun phrases ending in an organisation head the tagger missed:
        "the Rapid Support Forces", "the Sudanese Armed Forces Council"."""
        sentence = spans.sentence
        tokens = sentence.tokens
        for token in tokens:
            word = token.word.lower()
            if word not in NAME_HEADS or not _capitalised_word(token):
                continue
            organ = spans.at(token.index)
            if organ is not None and organ.kind == "organ" and _of_a_state(spans, organ):
                continue  # "the Federal Government of Iraq" is Iraq's
            if organ is not None and organ.kind == "organ" and organ.first == organ.last:
                # "the Arakan Army", "the National Liberation Army": a capitalised organ word
                # after a capitalised word that is no demonym is part of a name.
                previous = tokens[token.index - 2] if token.index > 1 else None
                if (
                    previous is not None
                    and spans.free(previous.index, previous.index)
                    and _capitalised_word(previous)
                    and previous.pos.startswith("NNP")
                    and not self._is_demonym(previous.word)
                ):
                    spans.remove(organ)
            if not spans.free(token.index, token.index):
                continue
            first = token.index
            while first > 1 and spans.free(first - 1, first - 1):
                previous = tokens[first - 2]
                numbered = previous.pos == "CD" and previous.word.isdigit() and first == token.index
                if not (
                    _capitalised_word(previous) or previous.word in ("-", "of", "&") or numbered
                ):
                    break  # "the 444 Brigade", "the 4th Armoured Division": a number names it
                first -= 1
            while first < token.index and tokens[first - 1].word in ("-", "of", "&"):
                first += 1
            words = [t.word.lower() for t in tokens[first - 1 : token.index]]
            if len(words) < 2 or all(self._is_demonym(w) for w in words[:-1]):
                continue  # "Syrian Army" is an organ; "Forces" alone is no name
            if first == 1 and len(words) == 2 and words[0] in ("the", "a", "an"):
                continue
            surface = text[tokens[first - 1].start : token.end]
            name = _display_name(surface)
            kind = organisation_type(words)
            template = self._known(name) or ActorTemplate(id=slugify(name), name=name, type=kind)
            spans.add(
                replace(
                    _span_base(sentence, first, token.index, surface),
                    kind="name",
                    actor=template,
                    via="head",
                )
            )

    def _proper_group_names(self, spans: SentenceSpans, text: str) -> None:
        """ "the Fano militia", "the Sinaloa cartel": unknown proper nouns compounded with a
        lower-case group noun name an armed group by the proper nouns."""
        sentence = spans.sentence
        for token in sentence.tokens:
            if token.lemma.lower() not in GROUP_HEAD_NOUNS or _capitalised_word(token):
                continue
            following = sentence.tokens[token.index] if token.index < len(sentence.tokens) else None
            if following is not None and following.lemma.lower() in GROUP_HEAD_NOUNS:
                continue  # "gang coalition": read from the last group noun
            heads = [token]
            last = token.index - 1
            while last >= 1 and sentence.token(last).lemma.lower() in GROUP_HEAD_NOUNS:
                heads.insert(0, sentence.token(last))  # "the Viv Ansanm gang coalition"
                last -= 1
            first = last
            while first >= 1 and (
                (
                    sentence.token(first).pos in ("NNP", "NNPS")
                    and _capitalised_word(sentence.token(first))
                    and not self._is_demonym(sentence.token(first).word)
                )
                or (  # "the Al bu Nimr tribe": a lower-case particle inside a name
                    sentence.token(first).word in NAME_PARTICLES
                    and first > 1
                    and _capitalised_word(sentence.token(first - 1))
                    and first < last
                )
            ):
                first -= 1
            first += 1
            if first > last:
                continue
            # The span takes the group nouns in ("the Fano militia"), so that whatever the
            # phrase's head governs or is governed by reaches the group.
            end = heads[-1].index if spans.free(heads[0].index, heads[-1].index) else last
            tagged = spans.at(first)
            if (
                tagged is not None
                and tagged.kind == "name"
                and tagged.actor is not None
                and tagged.actor.type in (ActorType.ARMED_GROUP, ActorType.ORGANIZATION)
                and (tagged.first, tagged.last) == (first, last)
                and spans.free(heads[0].index, heads[-1].index)
            ):
                # "the Viv Ansanm gang coalition": a known group's name with its group nouns
                # is one span, so "the gang coalition" later points back to it
                surface = text[tagged.start : sentence.token(end).end]
                spans.remove(tagged)
                base = _span_base(sentence, first, end, surface)
                spans.add(replace(base, kind="name", via=tagged.via, actor=tagged.actor))
                continue
            if tagged is not None:
                # a name the tagger took for a person: "the Viv Ansanm gang"
                if (
                    tagged.via == "ner"
                    and (tagged.first, tagged.last) == (first, last)
                    and tagged.actor is not None
                    and tagged.actor.type is ActorType.PERSON
                ):
                    phrase = " ".join([tagged.actor.name, *(t.word.lower() for t in heads)])
                    actor = replace(
                        tagged.actor,
                        type=ActorType.ARMED_GROUP,
                        aliases=(*tagged.actor.aliases, phrase),
                    )
                    surface = text[tagged.start : sentence.token(end).end]
                    spans.remove(tagged)
                    base = _span_base(sentence, first, end, surface)
                    spans.add(replace(base, kind="name", via="ner", actor=actor))
                continue
            if not spans.free(first, last):
                continue
            name = _display_name(text[sentence.token(first).start : sentence.token(last).end])
            if not name:
                continue
            phrase = " ".join([name, *(t.word.lower() for t in heads)])
            kind = ActorType.ORGANIZATION if heads[-1].lemma.lower() in KIN_NOUNS else None
            template = self._known(name) or ActorTemplate(
                id=slugify(name),
                name=name,
                type=kind or ActorType.ARMED_GROUP,
                aliases=(phrase,),
            )
            surface = text[sentence.token(first).start : sentence.token(end).end]
            span = replace(_span_base(sentence, first, end, surface), kind="name", via="head")
            spans.add(replace(span, actor=template))

    def _known(self, name: str) -> ActorTemplate | None:
        for entry in self.lx.by_key.get(name_key(name), ()):
            if entry.kind == "actor" and entry.actor is not None:
                return entry.actor
        return None

    def _modifiers(self, spans: SentenceSpans) -> None:
        """Titles and states written next to a name: "Iranian Foreign Minister Abbas Araghchi",
        "Bashar al-Assad, the Syrian president"."""
        for span in list(spans.spans):
            if span.kind != "name" or span.actor is None:
                continue
            if span.actor.type not in (ActorType.PERSON, ActorType.LEADER):
                continue
            role, country = self._title_of(spans, span)
            body = _body_of(spans, span)
            if body is not None:
                # an office of a group: the person's own, not a state's office
                span.body, span.office = body
                role = None
                if span.actor.type is ActorType.PERSON:
                    span.actor = replace(span.actor, type=ActorType.LEADER)
            if role is None and country is None:
                continue
            span.role = role or span.role
            span.country = country or span.country
            actor = span.actor
            if role and actor.role != role:
                actor = replace(actor, role=role)  # the office the text gives wins
            if country and actor.country is None:
                actor = replace(actor, country=country)
            if role and actor.type is ActorType.PERSON and role:
                actor = replace(actor, type=ActorType.LEADER)
            span.actor = actor

    def _title_of(self, spans: SentenceSpans, span: Span) -> tuple[str | None, str | None]:
        sentence = spans.sentence
        role: str | None = None
        country: str | None = None
        # Words left of the name in the same noun phrase: its compound/amod modifiers.
        modifiers = _modifier_tokens(sentence, span)
        # "X, the Syrian president": an apposition.
        for dep in sentence.out_edges(span.head, "appos"):
            modifiers.append(sentence.token(dep.dependent))
            modifiers.extend(_modifier_tokens_of(sentence, dep.dependent))
        words = sorted(modifiers, key=lambda t: t.index)
        role = _role_in(words, self.titles)
        if role is not None and any(t.lemma.lower() in FORMER for t in words):
            span.former = True  # "former president X" holds no office now
            role = None
        before = spans.at(span.first - 1) if span.first > 1 else None
        if role is None and before is not None and before.kind == "title":
            role = before.role  # "US Secretary of State John Kerry": "of" is no modifier
        for token in words:
            other = spans.at(token.index)
            if token.index > 1 and sentence.token(token.index - 1).pos in ("IN", "TO"):
                continue  # "In Turkey Minister X met ...": where, not whose minister
            if (
                other is not None
                and other is not span
                and other.kind in ("demonym", "name")
                and other.actor is not None
                and other.actor.type is ActorType.STATE
            ):
                country = other.actor.id
        return role, country


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


def _body_of(spans: SentenceSpans, span: Span) -> tuple[Span, str] | None:
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


def _joined_persons(
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
            middle.pos != "NNP" or not _capitalised_word(middle) or middle.ner != "O"
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


def _preferred_demonyms(lexicon: Lexicon) -> dict[str, str]:
    """Demonym key -> state, for the demonyms several states share, as the project's lexicon
    (loaders/data/lexicon.json) maps them."""
    raw = json.loads(
        (resources.files("loaders") / "data" / "lexicon.json").read_text(encoding="utf-8")
    )
    preferred: dict[str, str] = {}
    for demonym, iso in raw.get("demonyms", {}).items():
        state = lexicon.states_by_iso.get(iso)
        key = name_key(demonym)
        shared = {e.country for e in lexicon.by_key.get(key, ()) if e.kind == "demonym"}
        if state is not None and len(shared) > 1 and state in shared:
            preferred[key] = state
    return preferred


def _non_persons_inside(inside: list[Span]) -> list[Span]:
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


def _headline(sentence: Sentence) -> bool:
    """Title Case without a full stop: "Iraqi Forces Retake Town From Militants"."""
    words = [t for t in sentence.tokens if t.word[:1].isalpha()]
    if len(words) < 3 or sentence.tokens[-1].word in (".", "!", "?", ":", "''", '"'):
        return False
    capitalised = sum(1 for t in words if t.word[:1].isupper())
    return capitalised / len(words) >= 0.6


# Group words a name starts with; "tehrik" (Urdu) like "harakat" (Arabic) is "movement".
ARMED_FIRST_WORDS = frozenset(["jaish", "jaysh", "jabhat", "harakat", "tehrik", "liwa", "ansar"])


def organisation_type(words: list[str]) -> ActorType:
    head = words[-1] if words else ""
    first = words[0] if words else ""
    if head in ARMED_HEADS or first in ARMED_FIRST_WORDS:
        return ActorType.ARMED_GROUP
    return ActorType.ORGANIZATION


def _span_base(
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


def _is_name(sentence: Sentence, mention: EntityMention) -> bool:
    # CoreNLP's entity mentions include pronouns it tagged PERSON ("he"): not names.
    tokens = [sentence.token(i) for i in mention.indexes]
    return any(t.pos in ("NNP", "NNPS", "JJ", "NN", "NNS") for t in tokens) and any(
        _capitalised_word(t) for t in tokens
    )


def _capitalised_word(token: Token) -> bool:
    return token.word[:1].isupper() or bool(_CAPITALISED.match(token.word))


def _capitalised_start(tokens: Iterable[Token]) -> bool:
    for token in tokens:
        if key_tokens(token.original):
            return _capitalised_word(token)
    return False


def _acronym_form(surface: str) -> bool:
    letters = [ch for ch in surface if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _place_ner(sentence: Sentence, index: int) -> bool:
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
            or (other.pos.startswith("NNP") and _capitalised_word(other))
        ):
            return False
    return True


def _common_noun_alias(actor: ActorTemplate, surface: str) -> bool:
    """An alias the lexicon writes in lower case ("international coalition") is a common-noun
    phrase that names the actor as written, capitalised or not."""
    key = name_key(surface)
    return any(
        name_key(alias) == key and not any(w[:1].isupper() for w in alias.split() if w != "the")
        for alias in actor.aliases
    )


def _display_name(surface: str) -> str:
    name = " ".join(surface.split())
    if name.lower().startswith("the "):
        name = name[4:]
    name = re.sub(r"[\u2019']s$", "", name)  # "the Board of Inquiry's"
    return name.strip(" ,.;:'\"\u2019")


def _titled(sentence: Sentence, first: int, titles: dict[str, str]) -> bool:
    if first <= 1:
        return False
    previous = sentence.token(first - 1)
    return name_key(previous.word) in titles


def _modifier_tokens(sentence: Sentence, span: Span) -> list[Token]:
    tokens = [sentence.token(i) for i in range(span.first, span.last + 1)]
    found: list[Token] = []
    for token in tokens:
        found.extend(_modifier_tokens_of(sentence, token.index))
    return [t for t in found if not span.covers(t.index)]


def _modifier_tokens_of(sentence: Sentence, index: int) -> list[Token]:
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


def _role_in(words: list[Token], titles: dict[str, str]) -> str | None:
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


def _defined_acronyms(found: list[SentenceSpans]) -> None:
    """ "the Rapid Support Forces (RSF)": the acronym names that actor wherever it appears."""
    defined: dict[str, Span] = {}
    for spans in found:
        for span in spans.spans:
            if span.kind != "name" or span.actor is None:
                continue
            acronym = _acronym_after(spans.sentence.tokens, span.last)
            if acronym is not None:
                defined.setdefault(acronym, span)
    explicit = set(defined)
    # "the TPLF" after "the Tigray People's Liberation Front": an acronym nobody defined that
    # spells a group's initials.
    for spans in found:
        for span in spans.spans:
            actor = span.actor
            if span.kind != "name" or actor is None or actor.type not in BODY_TYPES:
                continue
            initials = _initials(actor.name)
            if len(initials) >= 3:
                defined.setdefault(initials, span)
    if not defined:
        return
    for spans in found:
        for token in spans.sentence.tokens:
            owner = defined.get(token.word)
            if owner is None or not _acronym_form(token.word):
                continue
            if token.word in explicit:
                _yield_to_definition(spans, token.index, owner)
            if not spans.free(token.index, token.index):
                continue
            spans.add(
                replace(
                    _span_base(spans.sentence, token.index, token.index, token.original),
                    kind="name",
                    actor=owner.actor,
                    via="acronym",
                )
            )


def _yield_to_definition(spans: SentenceSpans, index: int, owner: Span) -> None:
    """An acronym the article defines means what it defines it as, not what the gazetteer or
    lexicon knows by the same letters ("BLA", a town, after "the Balochistan Liberation Army
    (BLA)")."""
    taken = spans.at(index)
    if (
        taken is not None
        and (taken.first, taken.last) == (index, index)
        and taken.kind == "name"
        and taken.actor is not None
        and owner.actor is not None
        and taken.actor.id != owner.actor.id
    ):
        spans.remove(taken)


# What a group does and a place cannot: an unknown "place" that does it is a group.
HOSTILE_DEEDS = frozenset(
    [
        "attack",
        "ambush",
        "kill",
        "storm",
        "bomb",
        "kidnap",
        "abduct",
        "raid",
        "shoot",
        "murder",
        "extort",
        "hijack",
        "behead",
        "massacre",
        "assassinate",
        "smuggle",
        "traffic",
    ]
)
# "Los Zetas", "Las Pandillas", "Os Crias": a Spanish or Portuguese plural name is a group's.
PLURAL_ARTICLES = frozenset(["los", "las", "os", "as"])


def _short_names(found: list[SentenceSpans]) -> None:
    """ "the Tigers", "the Front" after "the Liberation Tigers of Tamil Eelam", "the Polisario
    Front": an unknown name made of the last words of one longer group name in the article
    is that group, not a group of its own."""
    groups = (ActorType.ARMED_GROUP, ActorType.ORGANIZATION)
    longer: dict[str, ActorTemplate] = {}
    for spans in found:
        for span in spans.spans:
            actor = span.actor
            if (
                span.kind == "name"
                and actor is not None
                and actor.type in groups
                and len(actor.name.split()) >= 3
            ):
                longer.setdefault(actor.id, actor)
    if not longer:
        return
    for spans in found:
        for span in list(spans.spans):
            actor = span.actor
            if span.kind != "name" or actor is None or not _weakly_known(span, actor):
                continue
            words = actor.name.split()
            if actor.type not in groups or len(words) > 2 or actor.id in longer:
                continue
            owners = [
                a
                for a in longer.values()
                if _words_inside(words, a.name.split()) and a.id != actor.id
            ]
            if len(owners) == 1:
                spans.remove(span)
                spans.add(replace(span, actor=owners[0], via="short"))


def _weakly_known(span: Span, actor: ActorTemplate) -> bool:
    """Typed from the tagger alone, or a minor dictionary sense (no Wikidata item: "Tigers", a
    Swazi group): what the article spells out in full wins over it."""
    return span.via in ("ner", "head") or (span.via == "phoenix" and actor.wikidata_id is None)


def _words_inside(words: list[str], name: list[str]) -> bool:
    # whole words in order, ending on a capitalised word of the name: "Tigers" of "Liberation
    # Tigers of Tamil Eelam", "Front" of "Polisario Front"
    n = len(words)
    return any(name[i : i + n] == words for i in range(len(name) - n + 1))


def _places_that_act_as_groups(found: list[SentenceSpans]) -> None:
    """Names the tagger took for places the gazetteer does not know, that a group noun follows
    ("the Los Tiburones gang"), that attack or kill, or that have a plural article ("Los
    Zorros"): an armed group, in every mention."""
    groups: set[str] = set()
    for spans in found:
        for span in spans.spans:
            if _unknown_region(span) and _group_cue(spans.sentence, span):
                assert span.actor is not None
                groups.add(span.actor.id)
    if not groups:
        return
    for spans in found:
        for span in list(spans.spans):
            if _unknown_region(span) and span.actor is not None and span.actor.id in groups:
                actor = replace(span.actor, type=ActorType.ARMED_GROUP)
                spans.remove(span)
                spans.add(replace(span, actor=actor))


def _unknown_region(span: Span) -> bool:
    return (
        span.kind == "name"
        and span.via == "ner"
        and span.actor is not None
        and span.actor.type is ActorType.REGION
    )


def _group_cue(sentence: Sentence, span: Span) -> bool:
    words = span.text.split()
    if len(words) >= 2 and words[0].lower() in PLURAL_ARTICLES and words[-1].endswith("s"):
        return True
    tokens = sentence.tokens
    if span.last < len(tokens):
        following = tokens[span.last]
        if following.lemma.lower() in GROUP_HEAD_NOUNS and not _capitalised_word(following):
            return True
    return any(
        edge.base == "nsubj" and sentence.token(edge.governor).lemma.lower() in HOSTILE_DEEDS
        for edge in sentence.in_edges(span.head)
    )


def _acronym_after(tokens: Sequence[Token], last: int) -> str | None:
    """The acronym in brackets right after token ``last`` (1-based): "... Army (BLA)"."""
    if last + 3 > len(tokens):
        return None
    opening, inner, closing = tokens[last : last + 3]
    if (
        opening.word in ("(", "-LRB-")
        and closing.word in (")", "-RRB-")
        and _acronym_form(inner.word)
        and len(inner.word) >= 2
    ):
        return inner.word
    return None


def _spelled_out_names(spans: SentenceSpans, text: str) -> None:
    """ "the Tehrik-i-Taliban Pakistan (TTP)": proper nouns whose initials spell the acronym
    after them are one name, even when known names inside them (a state, another group) were
    linked on their own; the group is not the state or group it is named after."""
    sentence = spans.sentence
    tokens = sentence.tokens
    for index in range(1, len(tokens) - 2):
        acronym = _acronym_after(tokens, index)
        if acronym is None or not tokens[index - 1].pos.startswith("NNP"):
            continue
        first = index
        capitals: list[str] = []
        while first >= 1:
            token = tokens[first - 1]
            word = token.word
            if token.pos.startswith("NNP") or word in ("-", "of", "for", "al", "el", "i", "e"):
                # right to left, like the walk: "e-Jihad" gives J
                capitals.extend(reversed([p[0] for p in word.split("-") if p[:1].isupper()]))
                if "".join(reversed(capitals)) == acronym.upper().replace(".", ""):
                    break
                first -= 1
            else:
                first = 0
        if first < 1 or first == index:
            continue
        inside = [s for s in spans.spans if s.first <= index and s.last >= first]
        if not inside or any(s.first < first or s.last > index for s in inside):
            continue  # nothing linked inside it, or a span reaching out of it
        if len(inside) == 1 and (inside[0].first, inside[0].last) == (first, index):
            continue  # already one name
        surface = text[tokens[first - 1].start : tokens[index - 1].end]
        name = _display_name(surface)
        if not name:
            continue
        words = [t.word.lower() for t in tokens[first - 1 : index]]
        kind = organisation_type(words)
        if any(s.actor is not None and s.actor.type is ActorType.ARMED_GROUP for s in inside):
            kind = ActorType.ARMED_GROUP  # named after an armed group: "Tehrik-i-Taliban"
        for span in inside:
            spans.remove(span)
        spans.add(
            replace(
                _span_base(sentence, first, index, surface),
                kind="name",
                actor=ActorTemplate(id=slugify(name), name=name, type=kind),
                via="acronym",
            )
        )


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w]
    if len(words) < 3:
        return ""
    letters = [w[0] for w in words if w[:1].isupper()]
    if len(letters) < len(words) - 2:
        return ""  # mostly lower-case words: no proper name to abbreviate
    return "".join(letters)


def _of_a_state(spans: SentenceSpans, organ: Span) -> bool:
    tokens = spans.sentence.tokens
    if organ.last + 1 >= len(tokens) or tokens[organ.last].word.lower() != "of":
        return False
    other = spans.at(organ.last + 2)
    if other is None and organ.last + 2 < len(tokens) and tokens[organ.last + 1].pos == "DT":
        other = spans.at(organ.last + 3)
    return other is not None and other.actor is not None and other.actor.type is ActorType.STATE


def _named_organs(spans: SentenceSpans, text: str) -> None:
    """ "the Government of National Unity": a capitalised organ word whose "of" names no actor
    but capitalised words is the name of a body of its own (not "the Government of Iraq")."""
    sentence = spans.sentence
    tokens = sentence.tokens
    for span in list(spans.spans):
        if span.kind != "organ" or not _capitalised_word(tokens[span.first - 1]):
            continue
        position = span.last  # index of the token after the organ, 0-based
        if position + 1 >= len(tokens) or tokens[position].word != "of":
            continue
        last = position + 1
        while last < len(tokens) and (
            _capitalised_word(tokens[last]) or tokens[last].word.lower() in ("of", "and")
        ):
            last += 1
        while last > position + 1 and not _capitalised_word(tokens[last - 1]):
            last -= 1
        if last <= position + 1 or not spans.free(position + 2, last):
            continue
        if tokens[position + 1].pos not in ("NNP", "NNPS"):
            continue
        surface = text[tokens[span.first - 1].start : tokens[last - 1].end]
        name = _display_name(surface)
        spans.remove(span)
        spans.add(
            replace(
                _span_base(sentence, span.first, last, surface),
                kind="name",
                actor=ActorTemplate(id=slugify(name), name=name, type=ActorType.ORGANIZATION),
                via="head",
            )
        )


# Common nouns that say what kind of place a proper noun names: "the town of Paletwa", "Borno
# state", "the Hiran region".
SETTLEMENT_NOUNS = frozenset(["town", "city", "village", "port", "settlement", "township"])
AREA_NOUNS = frozenset(
    ["district", "province", "region", "county", "governorate", "state", "prefecture"]
)


def _cued_places(spans: SentenceSpans, text: str) -> None:
    """Proper nouns a place noun names: "the town of Paletwa", "the village of X" (a city),
    "Borno state", "the province of X" (a region), when no lexicon knows them."""
    sentence = spans.sentence
    for token in sentence.tokens:
        lemma = token.lemma.lower()
        if token.pos not in ("NN", "NNS") or _capitalised_word(token):
            continue
        if lemma in SETTLEMENT_NOUNS:
            kind = ActorType.CITY
        elif lemma in AREA_NOUNS:
            kind = ActorType.REGION
        else:
            continue
        for dep in sentence.out_edges(token.index):
            if dep.relation == "nmod:of":
                pass
            elif dep.relation == "compound" and kind is ActorType.REGION:
                if dep.dependent != token.index - 1:
                    continue  # "Borno state": the name just before the noun
            else:
                continue
            name_token = sentence.token(dep.dependent)
            if name_token.pos not in ("NNP", "NNPS") or not _capitalised_word(name_token):
                continue
            first = last = name_token.index
            for inner in sentence.out_edges(name_token.index):
                if inner.base in ("compound", "flat") and sentence.token(inner.dependent).pos in (
                    "NNP",
                    "NNPS",
                ):
                    first = min(first, inner.dependent)
                    last = max(last, inner.dependent)
            if last - first + 1 > 4:
                continue
            known = [spans.at(i) for i in range(first, last + 1)]
            if any(k is not None and k.via != "ner" for k in known):
                continue  # the lexicon or a rule read it already
            for other in {id(k): k for k in known if k is not None}.values():
                spans.remove(other)
            surface = text[sentence.token(first).start : sentence.token(last).end]
            name = _display_name(surface)
            if not name:
                continue
            spans.add(
                replace(
                    _span_base(sentence, first, last, surface),
                    kind="name",
                    actor=ActorTemplate(id=slugify(name), name=name, type=kind),
                    via="place",
                )
            )


# Verbs whose object, when the tagger calls it a location, is a place taken or held: "Russian
# troops captured Synkivka", "its forces still held Kupiansk".
TAKING_VERBS = frozenset(
    [
        "capture",
        "seize",
        "take",
        "retake",
        "recapture",
        "hold",
        "overrun",
        "occupy",
        "liberate",
        "conquer",
        "control",
        "besiege",
        "encircle",
        "storm",
        "enter",
    ]
)


def self_known(span: Span) -> bool:
    """Whether a span's actor came from a lexicon (a name the gazetteer or dictionaries know)."""
    return span.actor is not None and span.actor.wikidata_id is not None


def _taken_places(spans: SentenceSpans, text: str) -> None:
    """A proper noun the tagger calls a location, that no lexicon knows, as the object of a
    taking verb: a town (the verb is the cue the gazetteer lacks)."""
    sentence = spans.sentence
    if _headline(sentence):
        return  # "Rebels Take Town": every word of a headline is capitalised
    for dep in sentence.dependencies:
        if dep.relation != "obj" or not dep.governor:
            continue
        verb = sentence.token(dep.governor)
        if not verb.pos.startswith("VB") or verb.lemma.lower() not in TAKING_VERBS:
            continue
        token = sentence.token(dep.dependent)
        if token.lemma.lower() in SETTLEMENT_NOUNS | AREA_NOUNS:
            continue
        if token.pos not in ("NNP", "NNPS") or token.ner not in (
            "LOCATION",
            "PERSON",
            "ORGANIZATION",
            "O",
        ):
            continue  # the tagger often calls an unknown small town a person or a group
        if token.ner != "LOCATION" and any(
            d.base in ("compound", "flat") for d in sentence.out_edges(token.index)
        ):
            continue  # a two-word name it calls a person is a person
        first = last = token.index
        for inner in sentence.out_edges(token.index):
            if inner.base in ("compound", "flat") and sentence.token(inner.dependent).pos in (
                "NNP",
                "NNPS",
            ):
                first = min(first, inner.dependent)
        if last - first + 1 > 3:
            continue
        if not spans.free(first, last):
            # an unknown name the tagger typed as a group or person ("held Kupiansk")
            taken = spans.at(token.index)
            if (
                taken is None
                or taken.via != "ner"
                or taken.actor is None
                or taken.actor.type not in (ActorType.ORGANIZATION, ActorType.PERSON)
                or self_known(taken)
            ):
                continue
            spans.remove(taken)
        surface = text[sentence.token(first).start : sentence.token(last).end]
        name = _display_name(surface)
        if name:
            spans.add(
                replace(
                    _span_base(sentence, first, last, surface),
                    kind="name",
                    actor=ActorTemplate(id=slugify(name), name=name, type=ActorType.CITY),
                    via="place",
                )
            )


# Nouns for a body that "X-led" names: "the Kenyan-led security mission", "a French-led force".
LED_BODY_NOUNS = frozenset(
    ["mission", "force", "forces", "coalition", "alliance", "contingent", "operation", "bloc"]
)


def _led_bodies(spans: SentenceSpans, text: str) -> None:
    """ "the Kenyan-led security mission": a body no lexicon names, named by who leads it; the
    span is the phrase after "-led" (so "the security mission" is its mention too)."""
    sentence = spans.sentence
    for token in sentence.tokens:
        if token.word.lower() != "led" or token.index < 3:
            continue
        if sentence.token(token.index - 1).word not in ("-", "\u2010", "\u2011"):
            continue
        leader = spans.at(token.index - 2)
        if leader is None or leader.kind not in ("name", "demonym") or leader.actor is None:
            continue
        heads = [d.governor for d in sentence.in_edges(token.index, "amod")]
        if not heads or sentence.token(heads[0]).lemma.lower() not in LED_BODY_NOUNS:
            continue
        head = heads[0]
        if head <= token.index or not spans.free(token.index + 1, head):
            continue
        if leader.first < token.index - 2:
            continue
        full = _display_name(text[leader.start : sentence.token(head).end])
        surface = text[sentence.token(token.index + 1).start : sentence.token(head).end]
        words = [sentence.token(i).word.lower() for i in range(token.index + 1, head + 1)]
        kind = ActorType.ARMED_GROUP if words[-1] in ("force", "forces") else ActorType.ORGANIZATION
        spans.add(
            replace(
                _span_base(sentence, token.index + 1, head, surface),
                kind="name",
                actor=ActorTemplate(
                    id=slugify(full), name=full, type=kind, aliases=(" ".join(words),)
                ),
                via="head",
            )
        )


# Capitalised words that, between a demonym and an organ word, make a name: "the Libyan
# National Army", "the Haitian National Police" (not "the Sudanese Armed Forces").
NAME_MARKERS = frozenset(
    ["national", "democratic", "popular", "revolutionary", "liberation", "patriotic", "free"]
)


def _national_bodies(spans: SentenceSpans, text: str) -> None:
    """ "the Libyan National Army": a demonym, a name word and an organ word name a body of
    their own (of that state), not the state's organ."""
    sentence = spans.sentence
    for organ in list(spans.spans):
        if organ.kind != "organ" or not _capitalised_word(sentence.token(organ.last)):
            continue
        first = organ.first
        while first > 1 and spans.free(first - 1, first - 1):
            previous = sentence.token(first - 1)
            if not (_capitalised_word(previous) and previous.pos.startswith("NNP")):
                break
            first -= 1
        words = [sentence.token(i).word.lower() for i in range(first, organ.last + 1)]
        if not NAME_MARKERS.intersection(words):
            continue
        demonym = spans.at(first - 1) if first > 1 else None
        if demonym is None or demonym.kind != "demonym" or demonym.country is None:
            continue
        surface = text[demonym.start : organ.end]
        name = _display_name(surface)
        head = words[-1]
        kind = ActorType.ARMED_GROUP if head in ARMED_HEADS else ActorType.ORGANIZATION
        spans.remove(organ)
        spans.remove(demonym)
        spans.add(
            replace(
                _span_base(sentence, demonym.first, organ.last, surface),
                kind="name",
                actor=ActorTemplate(
                    id=slugify(name), name=name, type=kind, country=demonym.country
                ),
                via="head",
            )
        )


FORMER = frozenset(["former", "ex", "ex-", "late", "then", "erstwhile", "outgoing"])


def _known_surnames(spans: SentenceSpans, surnames: dict[str, ActorTemplate]) -> None:
    """ "Minister Ellwood" after "Tobias Ellwood": a one-word name the tagger made a new person
    is the person named in full."""
    for span in spans.spans:
        actor = span.actor
        if span.via != "ner" or actor is None or span.first != span.last:
            continue
        known = surnames.get(fold(span.text))
        if known is not None and known.id != actor.id:
            span.actor = known
            span.via = "surname"


def _surname_table(found: list[SentenceSpans]) -> dict[str, ActorTemplate]:
    """Last names of the persons a document names in full: "Lavrov" -> Sergei Lavrov."""
    table: dict[str, ActorTemplate] = {}
    ambiguous: set[str] = set()
    for spans in found:
        for span in spans.spans:
            actor = span.actor
            if span.kind != "name" or actor is None:
                continue
            if actor.type not in (ActorType.PERSON, ActorType.LEADER):
                continue
            words = key_tokens(actor.name)
            if len(words) < 2:
                continue
            surname = words[-1]
            known = table.get(surname)
            if known is not None and known.id != actor.id:
                ambiguous.add(surname)
            table[surname] = actor
    return {k: v for k, v in table.items() if k not in ambiguous}

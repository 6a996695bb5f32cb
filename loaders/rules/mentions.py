"""Actor mentions in a parsed article, and what each refers to.

Candidates come from the parser (CoreNLP's named entities) and from the lexicon (names,
demonyms, state organs, generic agents, titles); the lexicon and then the Phoenix dictionary
type and link them. A name no lexicon knows is still an actor, typed from its head noun and the
entity type ("... Forces" is an armed group, "... Ministry" an organisation, a person with an
office a leader); a location is a city only when the gazetteer knows it, never by one word.
Pronouns, "the group", titles, surnames and first-person speakers are resolved in
loaders/rules/coref.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from graph.model import ActorType, slugify
from loaders.knowledge.lexicon import ActorTemplate, Entry, Lexicon
from loaders.knowledge.names import fold_case, name_key
from loaders.knowledge.phoenix import PhoenixActor, PhoenixLexicon
from loaders.knowledge.words import words
from loaders.nlp.model import EntityMention, ParsedDocument, Sentence
from loaders.rules.names import (
    FORMER,
    SETTLEMENT_NOUNS,
    cued_places,
    defined_acronyms,
    known_surnames,
    led_bodies,
    named_organs,
    national_bodies,
    of_a_state,
    places_that_act_as_groups,
    short_names,
    spelled_out_names,
    surname_table,
    taken_places,
)
from loaders.rules.spans import (
    GROUP_HEAD_NOUNS,
    HYPHENS,
    KIN_NOUNS,
    NAME_HEADS,
    NAME_NER,
    NAME_PARTICLES,
    ORGAN_HEADS,
    PLACE_CUES,
    PLACE_TYPES,
    SentenceSpans,
    Span,
    acronym_form,
    body_of,
    capitalised_start,
    capitalised_word,
    common_noun_alias,
    display_name_of,
    is_headline,
    is_name,
    is_titled,
    joined_persons,
    modifier_tokens,
    modifier_tokens_of,
    non_persons_inside,
    organisation_type,
    place_ner,
    preferred_demonyms,
    role_in,
    span_base,
)

MAX_NAME_TOKENS = 9


DOCUMENT_HEADS = words("mentions", "document_heads")


class MentionFinder:
    def __init__(self, lexicon: Lexicon, phoenix: PhoenixLexicon | None) -> None:
        self.lx = lexicon
        self.phoenix = phoenix
        self.titles = {name_key(phrase): role for phrase, role in lexicon.titles.items()}
        self.demonyms = preferred_demonyms(lexicon)

    def entries(self, key: str) -> list[Entry]:
        """What a phrase can mean. A demonym several states share ("Indian", "American") means
        the state the project's lexicon gives it, not a territory the country package lists."""
        entries = self.lx.by_key.get(key, [])
        preferred = self.demonyms.get(key)
        if preferred is None:
            return entries
        return [e for e in entries if e.kind != "demonym" or e.country == preferred]

    def find(self, parsed: ParsedDocument, text: str, day: date | None) -> list[SentenceSpans]:
        found = [SentenceSpans(sentence) for sentence in parsed.sentences]
        for spans in found:
            self._names(spans, text, day)
        surnames = surname_table(found)
        for spans in found:
            known_surnames(spans, surnames)
            self._surnames(spans, surnames)
            self._head_noun_names(spans, text)
            self._proper_group_names(spans, text)
            cued_places(spans, text)
            taken_places(spans, text)
            led_bodies(spans, text)
        for spans in found:
            named_organs(spans, text)
            national_bodies(spans, text)
            spelled_out_names(spans, text)
        defined_acronyms(found)
        places_that_act_as_groups(found)
        short_names(found)
        for spans in found:
            self._modifiers(spans)
        return found

    def _names(self, spans: SentenceSpans, text: str, day: date | None) -> None:
        sentence = spans.sentence
        matches = list(self._lexicon_matches(sentence, text))
        ner = [m for m in sentence.mentions if m.ner in NAME_NER and is_name(sentence, m)]
        ner = joined_persons(sentence, ner, text)
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
                for match in non_persons_inside(inside):
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
        if mention.ner not in ("ORGANIZATION", "LOCATION") or is_headline(sentence):
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
                and capitalised_word(sentence.token(last + 2))
            ):
                last += 2
        while first < known.first and sentence.token(first).pos in ("DT",):
            first += 1
        extra = [
            sentence.token(i)
            for i in range(first, last + 1)
            if not known.covers(i) and capitalised_word(sentence.token(i))
        ]
        if group_name and known.actor.type in PLACE_TYPES:
            extra = [t for t in extra if not self._is_demonym(t.word)]
        if not extra or any(self._is_demonym(t.word) for t in extra):
            return None
        if sentence.token(last).lemma.lower() in DOCUMENT_HEADS:
            return None  # "UN Security Council Resolution 2254" is no actor
        surface = text[sentence.token(first).start : sentence.token(last).end]
        name = display_name_of(surface)
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
            span_base(sentence, first, last, surface),
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
        capitalised = capitalised_start(tokens[first_at : last_at + 1])
        if entry.case_sensitive and not acronym_form(surface):
            return None
        where = (sentence, first.index, last.index, surface)
        if entry.kind in ("actor", "city"):
            if entry.actor is None:
                return None
            if not capitalised and not common_noun_alias(entry.actor, surface):
                return None
            if (
                entry.actor.type is ActorType.CITY
                and last_at == first_at
                and entry.capital_of is None
                and not place_ner(sentence, first.index)
            ):
                # one capitalised word is a city only when the tagger agrees; a capital is
                # known well enough ("Kyiv's backers", tagged a person) to stand on its own
                return None
            return span_base(
                *where, kind="name", actor=entry.actor, capital_of=entry.capital_of, via="lexicon"
            )
        if entry.kind == "demonym":
            if not capitalised or entry.country is None:
                return None
            state = self.lx.actors.get(entry.country)
            return span_base(
                *where, kind="demonym", actor=state, country=entry.country, via="lexicon"
            )
        if entry.kind == "title":
            return span_base(*where, kind="title", role=entry.role, via="lexicon")
        if entry.kind in ("organ", "generic"):
            if (
                entry.kind == "organ"
                and last.pos.startswith("JJ")
                and any(d.base == "amod" for d in sentence.in_edges(last.index))
            ):
                return None  # "military assistance", "military base": an adjective, no organ
            return span_base(
                *where, kind=entry.kind, plural=last.pos in ("NNS", "NNPS"), via="lexicon"
            )
        return None

    def _link_whole(
        self, sentence: Sentence, mention: EntityMention, text: str, day: date | None
    ) -> Span | None:
        """A tagged name the lexicon or Phoenix knows as a whole."""
        surface = text[mention.start : mention.end]
        base = span_base(sentence, mention.first, mention.last, surface)
        key = name_key(surface)
        for entry in self.entries(key):
            if entry.kind in ("actor", "city") and entry.actor is not None:
                if entry.case_sensitive and not acronym_form(surface):
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
        if is_headline(sentence):
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
                and capitalised_word(tokens[start - 2])
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
                and capitalised_word(tokens[first - 2])
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
        base = span_base(sentence, first, last, surface)
        name = display_name_of(surface)
        if not name or not any(ch.isalpha() for ch in name):
            return None
        if len(words) == 1 and acronym_form(surface):
            return None  # an unknown acronym (IED, UAV) is an actor only once defined: see below
        if len(words) == 1 and first == 1 and last < len(tokens) and tokens[last].word == ",":
            return None  # "United, we continue ...": a sentence's opening word, no name
        kind: ActorType | None
        if _described_as_settlement(sentence, last):
            kind = ActorType.CITY  # "Wad Madani, the capital of Gezira state"
        elif mention.ner == "PERSON":
            kind = ActorType.PERSON
            if len(words) == 1 and not is_titled(sentence, first, self.titles):
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
            actor = surnames.get(fold_case(token.word))
            if actor is not None:
                spans.add(
                    replace(
                        span_base(sentence, token.index, token.index, token.original),
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
            if word not in NAME_HEADS or not capitalised_word(token):
                continue
            organ = spans.at(token.index)
            if organ is not None and organ.kind == "organ" and of_a_state(spans, organ):
                continue  # "the Federal Government of Iraq" is Iraq's
            if organ is not None and organ.kind == "organ" and organ.first == organ.last:
                # "the Arakan Army", "the National Liberation Army": a capitalised organ word
                # after a capitalised word that is no demonym is part of a name.
                previous = tokens[token.index - 2] if token.index > 1 else None
                if (
                    previous is not None
                    and spans.free(previous.index, previous.index)
                    and capitalised_word(previous)
                    and previous.pos.startswith("NNP")
                    and not self._is_demonym(previous.word)
                ):
                    spans.remove(organ)
            if (
                organ is not None
                and organ.first == organ.last
                and token.index > 1
                and tokens[token.index - 2].pos == "CD"
                and tokens[token.index - 2].word.isdigit()
                and spans.free(token.index - 1, token.index - 1)
            ):
                # the tagger's "Brigade" of "the 212 Brigade": the number is part of its name
                spans.remove(organ)
            if not spans.free(token.index, token.index):
                continue
            first = token.index
            while first > 1 and spans.free(first - 1, first - 1):
                previous = tokens[first - 2]
                numbered = previous.pos == "CD" and previous.word.isdigit() and first == token.index
                if not (
                    capitalised_word(previous) or previous.word in ("-", "of", "&") or numbered
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
            name = display_name_of(surface)
            kind = organisation_type(words)
            template = self._known(name) or ActorTemplate(id=slugify(name), name=name, type=kind)
            spans.add(
                replace(
                    span_base(sentence, first, token.index, surface),
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
            if token.lemma.lower() not in GROUP_HEAD_NOUNS or capitalised_word(token):
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
                    and capitalised_word(sentence.token(first))
                    and not self._is_demonym(sentence.token(first).word)
                )
                or (  # "the Al bu Nimr tribe": a lower-case particle inside a name
                    sentence.token(first).word in NAME_PARTICLES
                    and first > 1
                    and capitalised_word(sentence.token(first - 1))
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
                base = span_base(sentence, first, end, surface)
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
                    base = span_base(sentence, first, end, surface)
                    spans.add(replace(base, kind="name", via="ner", actor=actor))
                continue
            if not spans.free(first, last):
                continue
            name = display_name_of(text[sentence.token(first).start : sentence.token(last).end])
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
            span = replace(span_base(sentence, first, end, surface), kind="name", via="head")
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
            body = body_of(spans, span)
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
        modifiers = modifier_tokens(sentence, span)
        # "X, the Syrian president": an apposition.
        for dep in sentence.out_edges(span.head, "appos"):
            modifiers.append(sentence.token(dep.dependent))
            modifiers.extend(modifier_tokens_of(sentence, dep.dependent))
        words = sorted(modifiers, key=lambda t: t.index)
        role = role_in(words, self.titles)
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


def _described_as_settlement(sentence: Sentence, last: int) -> bool:
    """A name in apposition with a town or a capital ("Wad Madani, the capital of Gezira
    state", "Kalehe, a town in South Kivu") is a place, whatever the tagger says."""
    return any(
        sentence.token(d.dependent).lemma.lower() in (*SETTLEMENT_NOUNS, "capital")
        for d in sentence.out_edges(last, "appos")
    )

"""Article-level passes over the names the finder read: acronyms the article defines, short names
for longer ones ("the Tigers"), spelled-out names, named organs, places a noun cues or a taking
verb shows ("the town of X", "captured X"), bodies an actor leads, national bodies, surnames."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from graph.model import ActorType, slugify
from loaders.knowledge.lexicon import ActorTemplate
from loaders.knowledge.names import fold_case, key_tokens
from loaders.knowledge.words import words
from loaders.nlp.model import Sentence, Token
from loaders.rules.spans import (
    ARMED_HEADS,
    BODY_TYPES,
    GROUP_HEAD_NOUNS,
    SentenceSpans,
    Span,
    acronym_form,
    capitalised_word,
    display_name_of,
    is_headline,
    organisation_type,
    self_known,
    span_base,
)


def defined_acronyms(found: list[SentenceSpans]) -> None:
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
            if owner is None or not acronym_form(token.word):
                continue
            if token.word in explicit:
                _yield_to_definition(spans, token.index, owner)
            if not spans.free(token.index, token.index):
                continue
            spans.add(
                replace(
                    span_base(spans.sentence, token.index, token.index, token.original),
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


HOSTILE_DEEDS = words("mentions", "hostile_deeds")


PLURAL_ARTICLES = words("mentions", "plural_articles")


def short_names(found: list[SentenceSpans]) -> None:
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


def places_that_act_as_groups(found: list[SentenceSpans]) -> None:
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
        if following.lemma.lower() in GROUP_HEAD_NOUNS and not capitalised_word(following):
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
        and acronym_form(inner.word)
        and len(inner.word) >= 2
    ):
        return inner.word
    return None


def spelled_out_names(spans: SentenceSpans, text: str) -> None:
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
        name = display_name_of(surface)
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
                span_base(sentence, first, index, surface),
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


def of_a_state(spans: SentenceSpans, organ: Span) -> bool:
    tokens = spans.sentence.tokens
    if organ.last + 1 >= len(tokens) or tokens[organ.last].word.lower() != "of":
        return False
    other = spans.at(organ.last + 2)
    if other is None and organ.last + 2 < len(tokens) and tokens[organ.last + 1].pos == "DT":
        other = spans.at(organ.last + 3)
    return other is not None and other.actor is not None and other.actor.type is ActorType.STATE


def named_organs(spans: SentenceSpans, text: str) -> None:
    """ "the Government of National Unity": a capitalised organ word whose "of" names no actor
    but capitalised words is the name of a body of its own (not "the Government of Iraq")."""
    sentence = spans.sentence
    tokens = sentence.tokens
    for span in list(spans.spans):
        if span.kind != "organ" or not capitalised_word(tokens[span.first - 1]):
            continue
        position = span.last  # index of the token after the organ, 0-based
        if position + 1 >= len(tokens) or tokens[position].word != "of":
            continue
        last = position + 1
        while last < len(tokens) and (
            capitalised_word(tokens[last]) or tokens[last].word.lower() in ("of", "and")
        ):
            last += 1
        while last > position + 1 and not capitalised_word(tokens[last - 1]):
            last -= 1
        if last <= position + 1 or not spans.free(position + 2, last):
            continue
        if tokens[position + 1].pos not in ("NNP", "NNPS"):
            continue
        surface = text[tokens[span.first - 1].start : tokens[last - 1].end]
        name = display_name_of(surface)
        spans.remove(span)
        spans.add(
            replace(
                span_base(sentence, span.first, last, surface),
                kind="name",
                actor=ActorTemplate(id=slugify(name), name=name, type=ActorType.ORGANIZATION),
                via="head",
            )
        )


SETTLEMENT_NOUNS = words("mentions", "settlement_nouns")


AREA_NOUNS = words("mentions", "area_nouns")


def cued_places(spans: SentenceSpans, text: str) -> None:
    """Proper nouns a place noun names: "the town of Paletwa", "the village of X" (a city),
    "Borno state", "the province of X" (a region), when no lexicon knows them."""
    sentence = spans.sentence
    for token in sentence.tokens:
        lemma = token.lemma.lower()
        if token.pos not in ("NN", "NNS") or capitalised_word(token):
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
            if name_token.pos not in ("NNP", "NNPS") or not capitalised_word(name_token):
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
            name = display_name_of(surface)
            if not name:
                continue
            spans.add(
                replace(
                    span_base(sentence, first, last, surface),
                    kind="name",
                    actor=ActorTemplate(id=slugify(name), name=name, type=kind),
                    via="place",
                )
            )


TAKING_VERBS = words("mentions", "taking_verbs")


def taken_places(spans: SentenceSpans, text: str) -> None:
    """A proper noun the tagger calls a location, that no lexicon knows, as the object of a
    taking verb: a town (the verb is the cue the gazetteer lacks)."""
    sentence = spans.sentence
    if is_headline(sentence):
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
        name = display_name_of(surface)
        if name:
            spans.add(
                replace(
                    span_base(sentence, first, last, surface),
                    kind="name",
                    actor=ActorTemplate(id=slugify(name), name=name, type=ActorType.CITY),
                    via="place",
                )
            )


LED_BODY_NOUNS = words("mentions", "led_body_nouns")


def led_bodies(spans: SentenceSpans, text: str) -> None:
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
        full = display_name_of(text[leader.start : sentence.token(head).end])
        surface = text[sentence.token(token.index + 1).start : sentence.token(head).end]
        words = [sentence.token(i).word.lower() for i in range(token.index + 1, head + 1)]
        kind = ActorType.ARMED_GROUP if words[-1] in ("force", "forces") else ActorType.ORGANIZATION
        spans.add(
            replace(
                span_base(sentence, token.index + 1, head, surface),
                kind="name",
                actor=ActorTemplate(
                    id=slugify(full), name=full, type=kind, aliases=(" ".join(words),)
                ),
                via="head",
            )
        )


NAME_MARKERS = words("mentions", "name_markers")


def national_bodies(spans: SentenceSpans, text: str) -> None:
    """ "the Libyan National Army": a demonym, a name word and an organ word name a body of
    their own (of that state), not the state's organ."""
    sentence = spans.sentence
    for organ in list(spans.spans):
        if organ.kind != "organ" or not capitalised_word(sentence.token(organ.last)):
            continue
        first = organ.first
        while first > 1 and spans.free(first - 1, first - 1):
            previous = sentence.token(first - 1)
            if not (capitalised_word(previous) and previous.pos.startswith("NNP")):
                break
            first -= 1
        words = [sentence.token(i).word.lower() for i in range(first, organ.last + 1)]
        if not NAME_MARKERS.intersection(words):
            continue
        demonym = spans.at(first - 1) if first > 1 else None
        if demonym is None or demonym.kind != "demonym" or demonym.country is None:
            continue
        surface = text[demonym.start : organ.end]
        name = display_name_of(surface)
        head = words[-1]
        kind = ActorType.ARMED_GROUP if head in ARMED_HEADS else ActorType.ORGANIZATION
        spans.remove(organ)
        spans.remove(demonym)
        spans.add(
            replace(
                span_base(sentence, demonym.first, organ.last, surface),
                kind="name",
                actor=ActorTemplate(
                    id=slugify(name), name=name, type=kind, country=demonym.country
                ),
                via="head",
            )
        )


FORMER = words("mentions", "former")


def known_surnames(spans: SentenceSpans, surnames: dict[str, ActorTemplate]) -> None:
    """ "Minister Ellwood" after "Tobias Ellwood": a one-word name the tagger made a new person
    is the person named in full."""
    for span in spans.spans:
        actor = span.actor
        if span.via != "ner" or actor is None or span.first != span.last:
            continue
        known = surnames.get(fold_case(span.text))
        if known is not None and known.id != actor.id:
            span.actor = known
            span.via = "surname"


def surname_table(found: list[SentenceSpans]) -> dict[str, ActorTemplate]:
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

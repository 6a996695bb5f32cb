"""What the mentions that are not names refer to: state organs ("the Syrian army", "the
regime"), generic agents ("militants from HTS", "the group"), titles ("the Emirati president",
"his Iranian counterpart"), pronouns, and the speaker of a statement ("we", "I").

Rules of thumb, each written once: an organ belongs to the state, leader or group that
modifies it, else (for "the regime", "the government") to the article's main state; a generic
agent belongs to the group it is "from" or "of", else to the group last named; a pronoun takes
the last actor of a fitting kind, or the subject it announces ("In a call with his
counterpart, Lavrov ..."); "I"/"we" is the one who says so (the subject of "said"), else the
article's source; a speaker is never a place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from graph.model import ActorType, Article, slugify
from loaders.knowledge.frames import FrameLexicon
from loaders.knowledge.lexicon import ActorTemplate, Lexicon
from loaders.knowledge.names import name_key
from loaders.knowledge.words import words
from loaders.nlp.model import CorefChain
from loaders.rules.mentions import MentionFinder
from loaders.rules.referents import (
    BODIES,
    GROUP_NOUNS,
    GROUPS,
    HEAD_ANAPHORS,
    IT_PRONOUNS,
    PERSON_PRONOUNS,
    PERSONS,
    STATE_NOUNS,
    THEY_PRONOUNS,
    OwnedOrgan,
    announced_subject,
    apposed_person,
    article_main_state,
    bodies_by_head_word,
    clause_subjects,
    described_place,
    group_written_after,
    holder_in_history,
    home_state,
    in_subject,
    introduced_speaker,
    is_definite,
    is_foreign,
    is_modified,
    loyal_to,
    most_mentioned_state,
    most_named,
    most_recent,
    named_by_head,
    not_a_place,
    office_holder,
    offices_the_text_gives,
    only_state_so_far,
    organ_owner_nearby,
    people_of,
    plainly_modified,
    pronoun_kinds,
    regional_body,
    reported_by,
    specified,
    states_named,
    subject_first,
    subtree,
)
from loaders.rules.spans import BARE_ORGANS, PLACE_TYPES, SentenceSpans, Span

FIRST_PERSON = words("coreference", "first_person")


OBJECT_PRONOUNS = words("coreference", "object_pronouns")


PLURAL_FIRST_PERSON = words("coreference", "plural_first_person")


LOOK_BACK = 3  # sentences a pronoun may reach back


# Offices whose unnamed holder stands for the state that sends them.
REPRESENTATIVES = frozenset(["ambassador", "envoy"])


# "the town", "the province": the last place of that kind.
PLACE_ANAPHORS = {
    "town": ActorType.CITY,
    "city": ActorType.CITY,
    "village": ActorType.CITY,
    "province": ActorType.REGION,
    "region": ActorType.REGION,
}


# What a lone pronoun or a definite noun ("the country", "the town") may point back to.
THIRD_PERSON = PERSON_PRONOUNS | IT_PRONOUNS | THEY_PRONOUNS


ANAPHOR_NOUNS = STATE_NOUNS | GROUP_NOUNS | frozenset(PLACE_ANAPHORS)


SECURITY_ORGANS = words("coreference", "security_organs")


@dataclass(frozen=True)
class _Document:
    """What coreference knows of the whole article."""

    found: list[SentenceSpans]
    main_state: ActorTemplate | None
    home: str | None  # the publisher's state
    named_states: frozenset[str]  # states named or written as demonyms
    owned: list[OwnedOrgan]  # organs with an owning state, in reading order
    bodies: dict[str, ActorTemplate]  # "police" -> the Haitian National Police


DEPLOYING_VERBS = words("coreference", "deploying_verbs")


_ORGAN_WORDS = words("coreference", "organ_words")


class Resolver:
    def __init__(self, lexicon: Lexicon, frames: FrameLexicon, finder: MentionFinder) -> None:
        self.lx = lexicon
        self.frames = frames
        self.finder = finder
        self.titles = finder.titles

    def resolve(
        self,
        found: list[SentenceSpans],
        article: Article,
        chains: Sequence[CorefChain] = (),
    ) -> None:
        """Give every mention that is no name its actor. ``chains`` are CoreNLP's coreference
        chains when the parse has them (``Settings.corenlp_coref``, off by default): a pronoun
        whose chain holds no actor at all refers to none, and a pronoun the rules leave open
        takes the actor an earlier mention of its chain was resolved to, when that fits."""
        main_state = article_main_state(found)
        links = _ChainLinks(chains, found)
        source = self._source_actor(article.source)
        home = home_state(source, self.lx)  # the publisher's state, for bare titles
        doc = _Document(
            found=found,
            main_state=main_state,
            home=home,
            named_states=states_named(found),
            owned=self._owned_organs(found),
            bodies=bodies_by_head_word(found),
        )
        history: list[Span] = []
        last_speaker: tuple[int, ActorTemplate] | None = None
        for spans in found:
            sentence = spans.sentence
            self._add_pronouns_and_anaphors(spans)
            for span in sorted(spans.spans, key=lambda s: s.first):
                if span.actor is None or span.kind in ("organ", "generic"):
                    actor = self._refer(spans, span, history, doc)
                    if actor is not None:
                        span.actor = actor
                if span.kind == "pronoun" and links.about_no_actor(span):
                    span.actor = None  # "the attack ... It violated": the chain holds no actor
                elif span.kind == "pronoun" and span.actor is None:
                    span.actor = links.antecedent(span, pronoun_kinds(sentence, span))
                if span.actor is not None and span.kind != "speaker":
                    links.resolved(span)
                if span.kind == "speaker":
                    speaker = self._speaker(spans, span, history, last_speaker, source)
                    span.actor = speaker
                    if speaker is not None:
                        last_speaker = (sentence.index, speaker)
                        if span.text.lower() in PLURAL_FIRST_PERSON:
                            span.actor = self._side_of(speaker, source)
                if span.actor is not None:
                    history.append(span)
            introduced = introduced_speaker(spans, self.frames.reporting_verbs)
            if introduced is not None:
                last_speaker = (sentence.index, introduced)
        offices_the_text_gives(found)

    # -- kinds -----------------------------------------------------------------------------

    def _refer(
        self,
        spans: SentenceSpans,
        span: Span,
        history: list[Span],
        doc: _Document,
    ) -> ActorTemplate | None:
        if span.kind == "organ":
            return self._organ(spans, span, doc)
        if span.kind == "generic":
            return self._generic(spans, span, history, doc.found)
        if span.kind == "title":
            return self._title(spans, span, doc.home, doc.found)
        if span.kind == "pronoun":
            return self._pronoun(spans, span, history, doc.found)
        return span.actor

    def _owner(self, spans: SentenceSpans, span: Span, names_only: bool = False) -> Span | None:
        """The actor a noun phrase's modifiers name: "Syrian army", "Syria's army", "the
        government of Iraq", "the Assad regime", "its army", "HTS militants"."""
        sentence = spans.sentence
        loyal = loyal_to(spans, span.head)
        if loyal is not None and not (names_only and loyal.kind == "demonym"):
            return loyal  # "forces loyal to Haftar", "militias aligned with Iran"
        for dep in sentence.out_edges(span.head):
            if dep.relation not in ("amod", "compound", "nmod:poss", "nmod:of", "nmod:from"):
                continue
            other = spans.at(dep.dependent)
            if other is None or other is span or other.actor is None:
                continue
            if names_only and other.kind == "demonym":
                continue
            return other
        for dep in sentence.out_edges(span.head, "nmod:in"):
            # "the junta in Niamey", "the government in Kabul": a body in a capital is the
            # state's (a body anywhere else is only located there)
            other = spans.at(dep.dependent)
            if other is not None and other.actor is not None and other.capital_of is not None:
                state = self.lx.actors.get(other.capital_of)
                if state is not None:
                    return replace(other, actor=state)
        return None

    def _organ(
        self,
        spans: SentenceSpans,
        span: Span,
        doc: _Document,
    ) -> ActorTemplate | None:
        main_state = doc.main_state
        owner = self._owner(spans, span)
        if (
            owner is not None
            and owner.actor is not None
            and owner.actor.type is ActorType.STATE
            and spans.sentence.token(span.head).word.lower() == "people"
        ):
            return people_of(owner.actor)  # "the Syrian people" are not the Syrian state
        if owner is not None and owner.actor is not None:
            actor = owner.actor
            if actor.type in PERSONS and actor.country:
                if actor.country in doc.named_states or owner.country:
                    return self.lx.actors.get(actor.country, actor)  # "the Assad regime"
                # a person's state from a dictionary the text never confirms may be out of
                # date ("the government of President X"): the state whose organs it names
                return organ_owner_nearby(span, doc.owned)
            if actor.type in (ActorType.CITY,) and owner.capital_of:
                return self.lx.actors.get(owner.capital_of)
            if actor.type is ActorType.REGION:
                # "the Kurdistan regional government": a region's own government is an actor.
                head = spans.sentence.token(span.head).lemma.lower()
                if head in ("government", "authorities", "administration", "council"):
                    name = f"{actor.name} {'Regional ' if head == 'government' else ''}"
                    name += head.title()
                    return ActorTemplate(
                        id=slugify(name),
                        name=name,
                        type=ActorType.ORGANIZATION,
                        country=actor.country,
                    )
                return None
            if actor.type in PLACE_TYPES:
                return None
            return actor
        head_token = spans.sentence.token(span.head)
        if is_foreign(spans.sentence, span.head):
            return None  # "foreign troops" are no one's in particular
        regional = regional_body(spans, span)
        if regional is not None:
            return regional
        sender = self._sender(spans, span)
        if sender is not None:
            return sender  # "Uganda sent troops": Uganda's troops
        body = doc.bodies.get(head_token.word.lower())
        if (
            body is not None
            and span.first == span.last
            and not is_modified(spans.sentence, head_token)
        ):
            return body  # "the police" after "the Haitian National Police"
        if main_state is not None and head_token.lemma.lower() in BARE_ORGANS:
            return main_state
        if head_token.lemma.lower() in SECURITY_ORGANS:
            owner_state = organ_owner_nearby(span, doc.owned)
            if owner_state is not None:
                return owner_state
            if not doc.owned and main_state is None:
                only = only_state_so_far(doc.found, span)
                if only is not None:
                    return only  # "government positions near Bossangoa in the CAR"
        if main_state is not None and any(
            spans.at(d.dependent) is not None and spans.at(d.dependent).kind == "organ"  # type: ignore[union-attr]
            for d in spans.sentence.out_edges(span.head, "compound")
        ):
            return main_state  # "government forces", "regime troops"
        return None

    def _sender(self, spans: SentenceSpans, span: Span) -> ActorTemplate | None:
        """The state that sends, deploys or withdraws an organ is its owner: "Uganda deployed
        special forces", "Burundi has sent thousands of soldiers", "Maduro ordered troops"."""
        sentence = spans.sentence
        current = span.head
        for _ in range(2):
            edges = [d for d in sentence.in_edges(current) if d.governor != 0]
            if not edges:
                return None
            edge = edges[0]
            governor = sentence.token(edge.governor)
            if edge.relation == "nmod:of" and governor.pos in ("NNS", "CD", "NN"):
                current = governor.index  # "thousands of soldiers"
                continue
            if edge.relation != "obj" or governor.lemma.lower() not in DEPLOYING_VERBS:
                return None
            for subject in sentence.out_edges(governor.index):
                if subject.relation not in ("nsubj", "nsubj:xsubj"):
                    continue
                other = spans.at(subject.dependent)
                if other is None or other is span or other.actor is None:
                    continue
                actor = other.actor
                if actor.type in PERSONS and actor.country:
                    return self.lx.actors.get(actor.country)
                if actor.type is ActorType.STATE:
                    return actor
                if other.capital_of:
                    return self.lx.actors.get(other.capital_of)
            return None
        return None

    def _owned_organs(self, found: list[SentenceSpans]) -> list[OwnedOrgan]:
        """The organs a document gives an owning state ("the Ethiopian military", "Mexican
        soldiers", "the government of President X"), in reading order."""
        owned: list[OwnedOrgan] = []
        for spans in found:
            for span in spans.spans:
                if span.kind != "organ":
                    continue
                head = spans.sentence.token(span.head).lemma.lower()
                if head not in SECURITY_ORGANS:
                    continue
                owner = self._owner(spans, span)
                if owner is None or owner.actor is None:
                    continue
                actor = owner.actor
                if actor.type in PERSONS and actor.country:
                    actor = self.lx.actors.get(actor.country, actor)
                if actor.type is ActorType.STATE:
                    owned.append((span.sentence, span.first, actor))
        return owned

    def _generic(
        self,
        spans: SentenceSpans,
        span: Span,
        history: list[Span],
        found: list[SentenceSpans],
    ) -> ActorTemplate | None:
        owner = self._owner(spans, span, names_only=True)
        if (
            owner is not None
            and owner.actor is not None
            and owner.via == "ner"
            and owner.actor.type in (ActorType.REGION, ActorType.ORGANIZATION, ActorType.PERSON)
        ):
            # "fighters of Ansarul Islam", "gunmen from the X": a name the tagger took for a
            # place that fighters belong to is their group, wherever the article names it.
            group = replace(owner.actor, type=ActorType.ARMED_GROUP)
            for named in (o for ss in found for o in ss.spans):
                if named.actor is not None and named.actor.id == group.id:
                    named.actor = group
        if owner is None:
            owner = group_written_after(spans, span)
        if owner is not None and owner.actor is not None and owner.actor.type in GROUPS:
            return owner.actor
        if specified(spans.sentence, span.head):
            return None  # "local Arab fighters" are not the group last named
        for dep in spans.sentence.in_edges(span.head, "appos"):
            other = spans.at(dep.governor)
            if other is not None and other.actor is not None and other.actor.type in GROUPS:
                return other.actor
        head = spans.sentence.token(span.head).lemma.lower()
        if head not in GROUP_NOUNS:
            # "the militants", "the jihadists": of the armed groups named lately, the one the
            # article names most (not a patron or rival named in passing)
            frequent = most_named(history, found, spans.sentence.index, 5)
            if frequent is not None:
                return frequent
        recent = most_recent(history, spans.sentence.index, (ActorType.ARMED_GROUP,), 5)
        if recent is not None:
            return recent
        groups = {
            s.actor.id: s.actor
            for ss in found
            for s in ss.spans
            if s.kind == "name" and s.actor is not None and s.actor.type is ActorType.ARMED_GROUP
        }
        return next(iter(groups.values())) if len(groups) == 1 else None

    def _title(
        self,
        spans: SentenceSpans,
        span: Span,
        home: str | None,
        found: list[SentenceSpans],
    ) -> ActorTemplate | None:
        sentence = spans.sentence
        for dep in sentence.in_edges(span.head):
            governor = spans.at(dep.governor)
            if dep.base in ("compound", "amod", "appos") and governor and governor.kind == "name":
                return None  # a name's own title ("Foreign Minister Abbas Araghchi")
        named = apposed_person(spans, span)
        if named is not None:
            return named  # "the Iraqi Foreign Minister, Ibrahim al-Jaafari, ..."
        if not span.role:
            return None
        owner = self._owner(spans, span)
        country = None
        if owner is not None and owner.actor is not None and owner.actor.type is ActorType.STATE:
            country = owner.actor.id
        elif owner is not None and owner.actor is not None and owner.actor.type in GROUPS:
            return owner.actor  # "the African Union envoy", "a Hamas spokesman": the body

        holder = office_holder(found, span.role, country, before=(sentence.index, span.first))
        if holder is None:
            # "The Foreign Secretary met ..." before "The Foreign Secretary, Boris Johnson, said".
            holder = office_holder(found, span.role, country, before=None)
        if holder is not None:
            return holder
        if span.role in ("leader", "spokesperson", "minister", "commander", "official"):
            return None  # too common to stand for one office holder
        if country is None and home is not None:
            country = home  # a government's press release: its own office holders
        if country is None:
            return None
        if span.role in REPRESENTATIVES and owner is not None:
            return self.lx.actors.get(country)  # "the Turkish ambassador" stands for Turkey
        return self.placeholder(span.role, country)

    def placeholder(self, role: str, country: str) -> ActorTemplate | None:
        """An office holder the article does not name ("his Ethiopian counterpart", "Qatar's
        emir") acts for the state: a node per unnamed office would split the state's
        relations across nodes no one can look up."""
        del role
        return self.lx.actors.get(country)

    def _pronoun(
        self, spans: SentenceSpans, span: Span, history: list[Span], found: list[SentenceSpans]
    ) -> ActorTemplate | None:
        sentence = spans.sentence
        word = sentence.token(span.head).word.lower()
        if word in OBJECT_PRONOUNS:
            # "Uganda backed them", "Eritrean troops attacked them": an object pronoun is
            # never its own clause's subject, nor a name inside that subject, nor (when the
            # subject is a person) that person's state: "the Senegalese minister said he
            # hoped to meet them" never meets Senegal
            subjects = clause_subjects(sentence, span.head)
            own = subtree(sentence, subjects)
            selves = {
                a.id
                for head in subjects
                if (at := spans.at(head)) is not None and (a := at.actor) is not None
            }
            selves |= {
                a.country
                for head in subjects
                if (at := spans.at(head)) is not None
                and (a := at.actor) is not None
                and a.type in PERSONS
                and a.country
            }
            history = [
                h
                for h in history
                if (h.sentence != sentence.index or h.head not in own)
                and (h.actor is None or h.actor.id not in selves)
            ]
        if word in IT_PRONOUNS | THEY_PRONOUNS:
            # "In Gabon on Thursday, the colonel said ... who they accused": a state named
            # as where something happened is no one a pronoun stands for
            history = [h for h in history if not _venue(found, h)]
        if word in PERSON_PRONOUNS:
            ahead = announced_subject(spans, span)
            if ahead is not None:
                return ahead
            return most_recent(history, sentence.index, PERSONS, LOOK_BACK)
        # A subject "it"/"they" continues the topic: the subject of a clause before it
        # ("Kenya accused Ethiopia of X. It also ..."); "its", "their", "them" take the
        # last one named.
        subject = word in ("it", "they") and in_subject(sentence, span.head)
        if word in IT_PRONOUNS:
            # "its" is never "Armenian forces": a plural mention is no "it"
            if subject:
                return subject_first(history, found, sentence.index, BODIES, 2, singular=True)
            return most_recent(history, sentence.index, BODIES, 2, singular=True)
        if word in THEY_PRONOUNS:
            if subject:
                return subject_first(history, found, sentence.index, BODIES, 2)
            return most_recent(history, sentence.index, BODIES, 2)
        lemma = sentence.token(span.head).lemma.lower()
        if lemma in STATE_NOUNS | GROUP_NOUNS:
            # "Rwanda has troops in the country": never the subject of its own clause
            own = clause_subjects(sentence, span.head)
            earlier = [h for h in history if h.sentence != sentence.index or h.head not in own]
            if lemma in STATE_NOUNS:
                # "the country": the state the article is about among those named lately
                return most_mentioned_state(earlier, sentence.index, 5)
            return most_recent(earlier, sentence.index, GROUPS, 5)
        if lemma in PLACE_ANAPHORS:
            # "retake the town": the last place of that kind
            return most_recent(history, sentence.index, (PLACE_ANAPHORS[lemma],), 5)
        if lemma == "counterpart":
            named = apposed_person(spans, span, ("appos", "dep", "compound", "flat"))
            return named or self._counterpart(spans, span, history)
        return named_by_head(history, sentence.index, lemma)

    def _counterpart(
        self, spans: SentenceSpans, span: Span, history: list[Span]
    ) -> ActorTemplate | None:
        """ "his Iranian counterpart": the holder of the possessor's office in that state."""
        sentence = spans.sentence
        possessor: ActorTemplate | None = None
        country: str | None = None
        for dep in sentence.out_edges(span.head):
            other = spans.at(dep.dependent)
            if other is None or other.actor is None:
                continue
            if dep.relation == "nmod:poss":
                possessor = other.actor
            elif dep.base in ("amod", "compound") and other.actor.type is ActorType.STATE:
                country = other.actor.id
        if possessor is None or possessor.role is None or country is None:
            return None
        holder = office_holder([spans], possessor.role, country, before=None)
        if holder is None:
            holder = holder_in_history(history, possessor.role, country)
        return holder or self.placeholder(possessor.role, country)

    def _speaker(
        self,
        spans: SentenceSpans,
        span: Span,
        history: list[Span],
        last: tuple[int, ActorTemplate] | None,
        source: ActorTemplate | None,
    ) -> ActorTemplate | None:
        sentence = spans.sentence
        said = reported_by(sentence, span.head, self.frames.reporting_verbs)
        if said is not None:
            owner = spans.at(said)
            if owner is not None and owner.actor is not None and owner.kind != "speaker":
                return not_a_place(owner.actor)
        if last is not None and sentence.index - last[0] <= 2:
            return last[1]
        del history
        return source

    def _side_of(self, speaker: ActorTemplate, source: ActorTemplate | None) -> ActorTemplate:
        """ "we" in a person's mouth is the side the person speaks for: the state the person
        serves, else the publisher of a release, else the person."""
        if speaker.type not in PERSONS:
            return speaker
        if speaker.country and speaker.country in self.lx.actors:
            return self.lx.actors[speaker.country]
        return source or speaker

    def _source_actor(self, source: str | None) -> ActorTemplate | None:
        """The publisher an article's "we" refers to (a press release)."""
        if not source or not source.strip():
            return None
        name = " ".join(source.split())
        words = name.split()
        if len(words) >= 2 and name_key(words[-1]) in _ORGAN_WORDS:
            # "UK Government": a state's organ speaks for the state.
            owner = " ".join(words[:-1])
            for entry in self.lx.by_key.get(name_key(owner), ()):
                if entry.kind == "actor" and entry.actor and entry.actor.type is ActorType.STATE:
                    return entry.actor
                if entry.kind == "demonym" and entry.country in self.lx.actors:
                    return self.lx.actors[entry.country]
        for entry in self.lx.by_key.get(name_key(name), ()):
            if entry.actor is not None and entry.kind == "actor":
                return not_a_place(entry.actor)
        if self.finder.phoenix is not None:
            candidate = self.finder.phoenix.link(name, "ORGANIZATION")
            if candidate is not None:
                return not_a_place(self.finder.from_phoenix(candidate.actor, None))
        return ActorTemplate(id=slugify(name), name=name, type=ActorType.ORGANIZATION)

    # -- spans for pronouns and anaphoric nouns ----------------------------------------------

    def _add_pronouns_and_anaphors(self, spans: SentenceSpans) -> None:
        sentence = spans.sentence
        for token in sentence.tokens:
            if not spans.free(token.index, token.index):
                continue
            word = token.word.lower()
            kind: str | None = None
            if token.pos in ("PRP", "PRP$"):
                if any(d.relation == "expl" for d in sentence.in_edges(token.index)):
                    continue  # "it is clear that ..."
                if word in FIRST_PERSON:
                    kind = "speaker"
                elif word in THIRD_PERSON:
                    kind = "pronoun"
            elif token.pos == "NN":
                lemma = token.lemma.lower()
                definite = is_definite(sentence, token)
                if lemma == "counterpart":
                    kind = "pronoun"
                elif definite and lemma in ANAPHOR_NOUNS and not is_modified(sentence, token):
                    kind = "pronoun"  # "the country", "the group", "the town"
                elif definite and lemma in HEAD_ANAPHORS and plainly_modified(sentence, token):
                    kind = "pronoun"  # "the coalition", "the global coalition", "the cartel"
                elif definite and lemma in PLACE_ANAPHORS and described_place(sentence, token):
                    kind = "pronoun"  # "the oil-rich region", "the mountainous province"
            if kind is not None:
                spans.add(
                    Span(
                        sentence=sentence.index,
                        first=token.index,
                        last=token.index,
                        head=token.index,
                        start=token.start,
                        end=token.end,
                        kind=kind,
                        text=token.original,
                        via="coref",
                    )
                )


class _ChainLinks:
    """CoreNLP's chains over the document: the chain a mention's head is in, the chains that
    hold a mention of an actor, and the actor each chain's mentions read so far resolved to."""

    def __init__(self, chains: Sequence[CorefChain], found: list[SentenceSpans]) -> None:
        self.chain_at: dict[tuple[int, int], int] = {}
        self.ranges: dict[int, list[tuple[int, int, int]]] = {}  # sentence -> (first, last, id)
        for number, chain in enumerate(chains):
            if len(chain.mentions) < 2:
                continue
            for mention in chain.mentions:
                self.chain_at.setdefault((mention.sentence, mention.head), number)
                self.ranges.setdefault(mention.sentence, []).append(
                    (mention.first, mention.last, number)
                )
        self.actor_of: dict[int, ActorTemplate] = {}
        self.with_actor: set[int] = set()
        for spans in found:
            for span in spans.spans:
                for first, last, number in self.ranges.get(span.sentence, ()):
                    if first <= span.head <= last:
                        self.with_actor.add(number)

    def about_no_actor(self, span: Span) -> bool:
        number = self.chain_at.get((span.sentence, span.head))
        return number is not None and number not in self.with_actor

    def resolved(self, span: Span) -> None:
        """A mention read as an actor names the actor of the chains it stands in."""
        if span.actor is None or span.actor.type in PLACE_TYPES or span.kind == "pronoun":
            return
        for first, last, number in self.ranges.get(span.sentence, ()):
            if first <= span.head <= last:
                self.actor_of.setdefault(number, span.actor)

    def antecedent(self, span: Span, kinds: tuple[ActorType, ...]) -> ActorTemplate | None:
        number = self.chain_at.get((span.sentence, span.head))
        actor = self.actor_of.get(number) if number is not None else None
        return actor if actor is not None and actor.type in kinds else None


def _venue(found: list[SentenceSpans], span: Span) -> bool:
    """A state named as where a clause happens ("In Gabon on Thursday, X said")."""
    if span.actor is None or span.actor.type is not ActorType.STATE or span.kind != "name":
        return False
    sentence = found[span.sentence].sentence
    return any(
        d.relation in ("obl:in", "obl:at")
        and d.governor
        and sentence.token(d.governor).pos.startswith("VB")
        for d in sentence.in_edges(span.head)
    )

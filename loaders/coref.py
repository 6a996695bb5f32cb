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

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from graph.model import ActorType, Article, slugify
from loaders.frames import FrameLexicon
from loaders.lexicon import ActorTemplate, Lexicon
from loaders.mentions import BARE_ORGANS, PLACE_TYPES, MentionFinder, SentenceSpans, Span
from loaders.nlp.model import CorefChain, Sentence, Token
from loaders.phoenix_names import name_key

PERSONS = (ActorType.PERSON, ActorType.LEADER)
GROUPS = (ActorType.ARMED_GROUP, ActorType.ORGANIZATION)
BODIES = (ActorType.STATE, ActorType.ARMED_GROUP, ActorType.ORGANIZATION)

PERSON_PRONOUNS = frozenset(["he", "him", "his", "himself", "she", "her", "hers", "herself"])
IT_PRONOUNS = frozenset(["it", "its", "itself"])
THEY_PRONOUNS = frozenset(["they", "them", "their", "theirs", "themselves"])
FIRST_PERSON = frozenset(
    ["i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"]
)
# "the group", "the militia": nouns that point back to the last armed group or organisation.
GROUP_NOUNS = frozenset(
    [
        "group",
        "militia",
        "movement",
        "organisation",
        "organization",
        "faction",
        "insurgency",
        "outfit",
        "network",
    ]
)
OBJECT_PRONOUNS = frozenset(["him", "her", "it", "them"])
PLURAL_FIRST_PERSON = frozenset(["we", "us", "our", "ours", "ourselves"])
STATE_NOUNS = frozenset(["country", "nation", "state", "kingdom", "republic"])
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
# Organs a bare mention of which belongs to the state whose organ of that kind the text names.
SECURITY_ORGANS = frozenset(
    [
        "army",
        "military",
        "troops",
        "troop",
        "soldier",
        "soldiers",
        "force",
        "forces",
        "navy",
        "police",
        "government",
        "authorities",
        "authority",
        "regime",
        "junta",
        "administration",
        "ministry",
        "general",
        "generals",
    ]
)
OwnedOrgan = tuple[int, int, ActorTemplate]  # sentence, first token, owning state


@dataclass(frozen=True)
class _Document:
    """What coreference knows of the whole article."""

    found: list[SentenceSpans]
    main_state: ActorTemplate | None
    home: str | None  # the publisher's state
    named_states: frozenset[str]  # states named or written as demonyms
    owned: list[OwnedOrgan]  # organs with an owning state, in reading order
    bodies: dict[str, ActorTemplate]  # "police" -> the Haitian National Police


# Verbs whose subject owns the troops they move: "Uganda deployed special forces".
DEPLOYING_VERBS = frozenset(
    [
        "send",
        "deploy",
        "dispatch",
        "order",
        "mass",
        "station",
        "contribute",
        "commit",
        "withdraw",
        "pull",
        "rush",
        "airlift",
        "mobilize",
        "mobilise",
        "redeploy",
    ]
)
ORGAN_REACH = 3  # sentences back to the organ a bare organ takes its state from
_ORGAN_WORDS = frozenset({"government", "ministry", "office", "administration", "embassy"})


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
        main_state = _main_state(found)
        links = _ChainLinks(chains, found)
        source = self._source_actor(article.source)
        home = _home_state(source, self.lx)  # the publisher's state, for bare titles
        doc = _Document(
            found=found,
            main_state=main_state,
            home=home,
            named_states=_named_states(found),
            owned=self._owned_organs(found),
            bodies=_national_bodies(found),
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
                    span.actor = links.antecedent(span, _pronoun_kinds(sentence, span))
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
            introduced = _introduced_speaker(spans, self.frames.reporting_verbs)
            if introduced is not None:
                last_speaker = (sentence.index, introduced)
        _offices_the_text_gives(found)

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
        loyal = _allegiance(spans, span.head)
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
            return _people_of(owner.actor)  # "the Syrian people" are not the Syrian state
        if owner is not None and owner.actor is not None:
            actor = owner.actor
            if actor.type in PERSONS and actor.country:
                if actor.country in doc.named_states or owner.country:
                    return self.lx.actors.get(actor.country, actor)  # "the Assad regime"
                # a person's state from a dictionary the text never confirms may be out of
                # date ("the government of President X"): the state whose organs it names
                return _organ_owner_nearby(span, doc.owned)
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
        if _foreign(spans.sentence, span.head):
            return None  # "foreign troops" are no one's in particular
        regional = _regional_body(spans, span)
        if regional is not None:
            return regional
        sender = self._sender(spans, span)
        if sender is not None:
            return sender  # "Uganda sent troops": Uganda's troops
        body = doc.bodies.get(head_token.word.lower())
        if (
            body is not None
            and span.first == span.last
            and not _modified(spans.sentence, head_token)
        ):
            return body  # "the police" after "the Haitian National Police"
        if main_state is not None and head_token.lemma.lower() in BARE_ORGANS:
            return main_state
        if head_token.lemma.lower() in SECURITY_ORGANS:
            owner_state = _organ_owner_nearby(span, doc.owned)
            if owner_state is not None:
                return owner_state
            if not doc.owned and main_state is None:
                only = _only_state_so_far(doc.found, span)
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
            owner = _group_written_after(spans, span)
        if owner is not None and owner.actor is not None and owner.actor.type in GROUPS:
            return owner.actor
        if _specified(spans.sentence, span.head):
            return None  # "local Arab fighters" are not the group last named
        for dep in spans.sentence.in_edges(span.head, "appos"):
            other = spans.at(dep.governor)
            if other is not None and other.actor is not None and other.actor.type in GROUPS:
                return other.actor
        head = spans.sentence.token(span.head).lemma.lower()
        if head not in GROUP_NOUNS:
            # "the militants", "the jihadists": of the armed groups named lately, the one the
            # article names most (not a patron or rival named in passing)
            frequent = _most_named(history, found, spans.sentence.index, 5)
            if frequent is not None:
                return frequent
        recent = _most_recent(history, spans.sentence.index, (ActorType.ARMED_GROUP,), 5)
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
        named = _apposed_person(spans, span)
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

        holder = _holder(found, span.role, country, before=(sentence.index, span.first))
        if holder is None:
            # "The Foreign Secretary met ..." before "The Foreign Secretary, Boris Johnson, said".
            holder = _holder(found, span.role, country, before=None)
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
            # never its own clause's subject, nor a name inside that subject
            own = _subtree(sentence, _clause_subjects(sentence, span.head))
            history = [h for h in history if h.sentence != sentence.index or h.head not in own]
        if word in PERSON_PRONOUNS:
            ahead = _announced_subject(spans, span)
            if ahead is not None:
                return ahead
            return _most_recent(history, sentence.index, PERSONS, LOOK_BACK)
        # A subject "it"/"they" continues the topic: the subject of a clause before it
        # ("Kenya accused Ethiopia of X. It also ..."); "its", "their", "them" take the
        # last one named.
        subject = word in ("it", "they") and _in_subject(sentence, span.head)
        if word in IT_PRONOUNS:
            # "its" is never "Armenian forces": a plural mention is no "it"
            if subject:
                return _subject_first(history, found, sentence.index, BODIES, 2, singular=True)
            return _most_recent(history, sentence.index, BODIES, 2, singular=True)
        if word in THEY_PRONOUNS:
            if subject:
                return _subject_first(history, found, sentence.index, BODIES, 2)
            return _most_recent(history, sentence.index, BODIES, 2)
        lemma = sentence.token(span.head).lemma.lower()
        if lemma in STATE_NOUNS | GROUP_NOUNS:
            # "Rwanda has troops in the country": never the subject of its own clause
            own = _clause_subjects(sentence, span.head)
            earlier = [h for h in history if h.sentence != sentence.index or h.head not in own]
            if lemma in STATE_NOUNS:
                # "the country": the state the article is about among those named lately
                return _most_mentioned_state(earlier, sentence.index, 5)
            return _most_recent(earlier, sentence.index, GROUPS, 5)
        if lemma in PLACE_ANAPHORS:
            # "retake the town": the last place of that kind
            return _most_recent(history, sentence.index, (PLACE_ANAPHORS[lemma],), 5)
        if lemma == "counterpart":
            named = _apposed_person(spans, span, ("appos", "dep", "compound", "flat"))
            return named or self._counterpart(spans, span, history)
        return _named_by_head(history, sentence.index, lemma)

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
        holder = _holder([spans], possessor.role, country, before=None)
        if holder is None:
            holder = _holder_in_history(history, possessor.role, country)
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
        said = _reported_by(sentence, span.head, self.frames.reporting_verbs)
        if said is not None:
            owner = spans.at(said)
            if owner is not None and owner.actor is not None and owner.kind != "speaker":
                return _not_a_place(owner.actor)
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
                return _not_a_place(entry.actor)
        if self.finder.phoenix is not None:
            candidate = self.finder.phoenix.link(name, "ORGANIZATION")
            if candidate is not None:
                return _not_a_place(self.finder.from_phoenix(candidate.actor, None))
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
                definite = _definite(sentence, token)
                if lemma == "counterpart":
                    kind = "pronoun"
                elif definite and lemma in ANAPHOR_NOUNS and not _modified(sentence, token):
                    kind = "pronoun"  # "the country", "the group", "the town"
                elif definite and lemma in HEAD_ANAPHORS and _plainly_modified(sentence, token):
                    kind = "pronoun"  # "the coalition", "the global coalition", "the cartel"
                elif definite and lemma in PLACE_ANAPHORS and _described_place(sentence, token):
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


# Adjectives that put the people they describe under someone: "forces loyal to Haftar",
# "militias aligned with Iran", "fighters affiliated to the Islamic State".
ALLEGIANCE = frozenset(
    ["loyal", "aligned", "allied", "affiliated", "linked", "answerable", "attached", "beholden"]
)


def _allegiance(spans: SentenceSpans, head: int) -> Span | None:
    sentence = spans.sentence
    for dep in sentence.out_edges(head):
        if dep.base not in ("amod", "acl") or (
            sentence.token(dep.dependent).lemma.lower() not in ALLEGIANCE
            and sentence.token(dep.dependent).word.lower() not in ALLEGIANCE
        ):
            continue
        for inner in sentence.out_edges(dep.dependent):
            if inner.relation in ("obl:to", "obl:with", "nmod:to", "nmod:with"):
                other = spans.at(inner.dependent)
                if other is not None and other.actor is not None:
                    return other
    return None


def _pronoun_kinds(sentence: Sentence, span: Span) -> tuple[ActorType, ...]:
    word = sentence.token(span.head).word.lower()
    if word in PERSON_PRONOUNS:
        return PERSONS
    if word in IT_PRONOUNS | THEY_PRONOUNS:
        return BODIES
    lemma = sentence.token(span.head).lemma.lower()
    if lemma in STATE_NOUNS:
        return (ActorType.STATE,)
    if lemma in GROUP_NOUNS | HEAD_ANAPHORS:
        return GROUPS
    return ()


def _organ_owner_nearby(span: Span, owned: list[OwnedOrgan]) -> ActorTemplate | None:
    """A bare "the army", "soldiers", "the police" with no main state: the state whose
    organ was last named (within a few sentences), else the only state the document
    names organs of."""
    before = [
        actor
        for sentence, first, actor in owned
        if (sentence, first) < (span.sentence, span.first)
        and span.sentence - sentence <= ORGAN_REACH
    ]
    if before:
        return before[-1]
    states = {actor.id: actor for _, _, actor in owned}
    return next(iter(states.values())) if len(states) == 1 else None


def _offices_the_text_gives(found: list[SentenceSpans]) -> None:
    """A person the text calls a group's officer ("NATO Secretary General X") or a former
    office holder ("former president X") holds no state office a dictionary remembers."""
    holders = {
        span.actor.id
        for spans in found
        for span in spans.spans
        if span.actor is not None and (span.office is not None or span.former)
    }
    if not holders:
        return
    for spans in found:
        for span in spans.spans:
            if span.actor is not None and span.actor.id in holders:
                span.actor = replace(span.actor, role=None)
                span.role = None


def _most_named(
    history: list[Span], found: list[SentenceSpans], sentence: int, reach: int
) -> ActorTemplate | None:
    """Of the armed groups named within ``reach`` sentences, the one named most in the whole
    article; ties go to the latest."""
    recent: list[ActorTemplate] = []
    for span in reversed(history):
        if sentence - span.sentence > reach:
            break
        actor = span.actor
        if (
            span.kind == "name"
            and actor is not None
            and actor.type is ActorType.ARMED_GROUP
            and actor not in recent
        ):
            recent.append(actor)
    if len(recent) < 2:
        return recent[0] if recent else None
    counts = Counter(
        s.actor.id
        for ss in found
        for s in ss.spans
        if s.kind == "name" and s.actor is not None and s.actor.type is ActorType.ARMED_GROUP
    )
    return max(recent, key=lambda a: (counts[a.id], -recent.index(a)))


def _most_mentioned_state(history: list[Span], sentence: int, reach: int) -> ActorTemplate | None:
    """Of the states mentioned within ``reach`` sentences, the one mentioned most so far (by
    name, demonym or organ); ties go to the latest."""
    recent: list[ActorTemplate] = []
    counts: Counter[str] = Counter()
    for span in history:
        actor = span.actor
        if actor is None or actor.type is not ActorType.STATE or span.kind == "speaker":
            continue
        counts[actor.id] += 1
        if sentence - span.sentence <= reach:
            if actor in recent:
                recent.remove(actor)
            recent.append(actor)
    if not recent:
        return None
    recent.reverse()  # latest first
    return max(recent, key=lambda a: (counts[a.id], -recent.index(a)))


def _only_state_so_far(found: list[SentenceSpans], span: Span) -> ActorTemplate | None:
    """The one state the article has named up to a mention (its own sentence included)."""
    states: dict[str, ActorTemplate] = {}
    for spans in found[: span.sentence + 1]:
        for other in spans.spans:
            actor = other.actor
            if (
                other.kind in ("name", "demonym")
                and actor is not None
                and actor.type is ActorType.STATE
            ):
                states[actor.id] = actor
    return next(iter(states.values())) if len(states) == 1 else None


def _group_written_after(spans: SentenceSpans, span: Span) -> Span | None:
    """ "gunmen from the Sinaloa Cartel" with "from ..." attached elsewhere by the parser: the
    group named right after "from"/"of"."""
    sentence = spans.sentence
    tokens = sentence.tokens
    position = span.last  # 0-based index of the next token
    if position >= len(tokens) or tokens[position].word.lower() not in ("from", "of"):
        return None
    for index in range(position + 2, min(len(tokens), position + 4) + 1):
        other = spans.at(index)
        if other is not None:
            return other if other.kind == "name" else None
        if tokens[index - 1].pos not in ("DT",):
            return None
    return None


def _clause_subjects(sentence: Sentence, index: int) -> set[int]:
    """The subjects of the verb a token belongs to (a few steps up)."""
    current = index
    for _ in range(4):
        edges = [d for d in sentence.in_edges(current) if d.governor != 0]
        if not edges:
            return set()
        current = edges[0].governor
        if sentence.token(current).pos.startswith("VB"):
            return {
                d.dependent
                for d in sentence.out_edges(current)
                if d.relation in ("nsubj", "nsubj:pass", "nsubj:xsubj")
            }
    return set()


def _people_of(state: ActorTemplate) -> ActorTemplate:
    """A state's population, an actor of its own: regimes fight it, others stand by it."""
    return ActorTemplate(
        id=f"{state.id}-people",
        name=f"People of {state.name}",
        type=ActorType.ORGANIZATION,
        country=state.id,
    )


def _foreign(sentence: Sentence, index: int) -> bool:
    """ "foreign troops", "local ground forces": organs no state in particular owns."""
    return any(
        sentence.token(d.dependent).lemma.lower() in UNOWNED
        for d in sentence.out_edges(index, "amod")
    )


UNOWNED = frozenset(["foreign", "outside", "external", "other", "rival", "allied"])


# Qualifiers that make a generic agent a group of its own: "local fighters", "the moderate
# opposition".
QUALIFIERS = frozenset(
    [
        "local",
        "other",
        "foreign",
        "rival",
        "tribal",
        "moderate",
        "political",
        "mainstream",
        "legitimate",
        "democratic",
        "secular",
        "peaceful",
    ]
)
IDEOLOGIES = frozenset({"islamist", "jihadist", "salafist", "salafi", "extremist", "armed"})


def _specified(sentence: Sentence, index: int) -> bool:
    """A generic agent with its own qualifier ("Local Arab fighters", "Sunni tribal fighters",
    "other rebels") names a group of its own, not the one last mentioned."""
    for dep in sentence.out_edges(index):
        if dep.base not in ("amod", "compound", "det"):
            continue
        word = sentence.token(dep.dependent)
        lemma = word.lemma.lower()
        if dep.base == "det":
            if lemma in ("other", "another", "some", "many", "several", "a", "an"):
                return True
            continue
        if lemma in IDEOLOGIES:
            continue
        if word.word[:1].isupper() or lemma in QUALIFIERS:
            return True
    return False


def _regional_body(spans: SentenceSpans, span: Span) -> ActorTemplate | None:
    """ "the Kurdistan regional government": a capitalised place word no lexicon knows, owning
    a government, names a body of its own."""
    sentence = spans.sentence
    head = sentence.token(span.head)
    if head.lemma.lower() not in ("government", "authority", "authorities", "administration"):
        return None
    owners = [
        sentence.token(d.dependent)
        for d in sentence.out_edges(span.head, "compound")
        if spans.at(d.dependent) is None and sentence.token(d.dependent).word[:1].isupper()
    ]
    if not owners:
        return None
    regional = any(
        sentence.token(d.dependent).lemma.lower() == "regional"
        for d in sentence.out_edges(span.head, "amod")
    )
    name = (
        " ".join(t.word for t in owners) + (" Regional " if regional else " ") + head.word.title()
    )
    return ActorTemplate(id=slugify(name), name=name, type=ActorType.ORGANIZATION)


# Head words of group names that, alone after "the", point back to the group so named.
HEAD_ANAPHORS = frozenset(
    [
        "coalition",
        "alliance",
        "front",
        "movement",
        "council",
        "union",
        "league",
        "brigade",
        "militia",
        "organisation",
        "organization",
        "committee",
        "commission",
        "mission",
        "junta",
        "party",
        "cartel",
        "gang",
    ]
)
HEAD_REACH = 6  # sentences "the coalition" may reach back


def _plainly_modified(sentence: Sentence, token: Token) -> bool:
    """Only lower-case adjectives ("the global coalition"), not "other", "new", "Saudi-led"."""
    for dep in sentence.out_edges(token.index):
        if dep.base in ("det", "case", "punct", "acl", "nmod", "cc", "conj"):
            continue
        word = sentence.token(dep.dependent)
        if dep.base == "compound" and word.pos == "NN" and not word.word[:1].isupper():
            continue  # "the gang coalition"
        if dep.base != "amod":
            return False
        if word.pos not in ("JJ", "JJR") or word.word[:1].isupper():
            return False
        if word.lemma.lower() in ("other", "new", "rival", "local", "another", "former"):
            return False
    return True


def _named_by_head(history: list[Span], sentence: int, lemma: str) -> ActorTemplate | None:
    for span in reversed(history):
        if sentence - span.sentence > HEAD_REACH:
            return None
        actor = span.actor
        if actor is None or span.kind != "name" or actor.type not in GROUPS:
            continue
        names = (actor.name, *actor.aliases, span.text)  # "the Viv Ansanm gang coalition"
        if any(_head_word(name) == lemma for name in names):
            return actor
    return None


def _head_word(name: str) -> str:
    """The head noun of a name: its last word, or the last before "of"/"for" ("Coalition of
    Patriots for Change" -> coalition)."""
    words = name.lower().split()
    for position, word in enumerate(words):
        if word in ("of", "for") and position > 0:
            return words[position - 1]
    return words[-1] if words else ""


def _apposed_person(
    spans: SentenceSpans, span: Span, relations: tuple[str, ...] = ("appos", "dep")
) -> ActorTemplate | None:
    """The person a title or "counterpart" is written with: "the Iraqi Foreign Minister,
    Ibrahim al-Jaafari", "his Moroccan counterpart Nasser Bourita"."""
    sentence = spans.sentence
    for dep in sentence.out_edges(span.head):
        if dep.relation not in relations:
            continue
        other = spans.at(dep.dependent)
        if (
            other is not None
            and other.kind == "name"
            and other.actor is not None
            and other.actor.type in PERSONS
        ):
            return other.actor
    return None


def _introduced_speaker(spans: SentenceSpans, reporting: frozenset[str]) -> ActorTemplate | None:
    """ "The Foreign Secretary, Boris Johnson, said:" announces who says the next sentences."""
    sentence = spans.sentence
    if not sentence.tokens or sentence.tokens[-1].word != ":":
        return None
    for root in sentence.roots():
        if root.lemma.lower() not in reporting:
            continue
        if sentence.out_edges(root.index, "ccomp"):
            return None
        for subject in sentence.children(root.index, "nsubj"):
            span = spans.at(subject.index)
            if span is None:
                continue
            actor = span.actor
            if actor is None or span.kind == "title":
                actor = _apposed_person(spans, span) or actor
            if actor is not None and actor.type not in PLACE_TYPES:
                return actor
    return None


def _definite(sentence: Sentence, token: Token) -> bool:
    return any(
        sentence.token(d.dependent).lemma.lower() in ("the", "this", "that")
        for d in sentence.out_edges(token.index, "det")
    )


def _described_place(sentence: Sentence, token: Token) -> bool:
    """ "the oil-rich region": a place noun with only describing adjectives is still the last
    such place; a direction ("the northern region"), a name ("the Kurdish region") or a phrase
    ("the town of X") makes another."""
    edges = [d for d in sentence.out_edges(token.index) if d.base not in ("det", "punct")]
    return bool(edges) and all(
        d.base == "amod"
        and sentence.token(d.dependent).pos == "JJ"
        and sentence.token(d.dependent).word.islower()
        and sentence.token(d.dependent).lemma.lower() not in DIRECTIONS
        for d in edges
    )


# Adjectives that pick out part of a place, or another place.
DIRECTIONS = frozenset(
    """north northern south southern east eastern west western central northeastern
    northwestern southeastern southwestern northeast northwest southeast southwest upper lower
    other new""".split()  # noqa: SIM905
)


def _modified(sentence: Sentence, token: Token) -> bool:
    return any(
        d.base in ("amod", "compound", "nmod") or d.relation == "nmod:poss"
        for d in sentence.out_edges(token.index)
    )


def _most_recent(
    history: list[Span],
    sentence: int,
    kinds: tuple[ActorType, ...],
    reach: int,
    singular: bool = False,
) -> ActorTemplate | None:
    for span in reversed(history):
        if sentence - span.sentence > reach:
            return None
        actor = span.actor
        if singular and span.plural:
            continue
        if actor is not None and actor.type in kinds and span.kind != "speaker":
            return actor
    return None


def _subject_first(
    history: list[Span],
    found: list[SentenceSpans],
    sentence: int,
    kinds: tuple[ActorType, ...],
    reach: int,
    singular: bool = False,
) -> ActorTemplate | None:
    """ "it"/"they": of the fitting actors in the nearest sentence that has any, the subject
    of a clause (an actor whose name is, or modifies, a subject); two different subjects at
    the same distance, coordinated ("Kenya and Ethiopia signed a pact. It ..."), leave the
    pronoun unresolved; with no subject, the last one named."""
    for back in range(reach + 1):
        index = sentence - back
        if index < 0:
            break
        candidates = [
            h
            for h in history
            if h.sentence == index
            and h.actor is not None
            and h.actor.type in kinds
            and h.kind != "speaker"
            and not (singular and h.plural)
        ]
        if not candidates:
            continue
        parse = found[index].sentence
        subjects = [h for h in candidates if _in_subject(parse, h.head)]
        if subjects:
            actors = {h.actor.id for h in subjects if h.actor is not None}
            if len(actors) > 1 and _coordinated(parse, [h.head for h in subjects]):
                return None
            return subjects[0].actor
        return candidates[-1].actor
    return None


def _in_subject(sentence: Sentence, head: int) -> bool:
    """Whether a token is a clause's subject or inside one ("Russia's army", "Iranian drones")."""
    current = head
    for _ in range(3):
        edges = [d for d in sentence.in_edges(current) if d.governor != 0]
        if not edges:
            return False
        if any(d.base in ("nsubj", "nsubj:pass") for d in edges):
            return True
        if not any(d.base in ("amod", "compound", "nmod:poss", "nmod", "conj") for d in edges):
            return False
        current = edges[0].governor
    return False


def _coordinated(sentence: Sentence, heads: list[int]) -> bool:
    wanted = set(heads)
    return any(
        d.base == "conj" and {d.governor, d.dependent} <= wanted for d in sentence.dependencies
    )


_MODIFIERS = frozenset(["amod", "compound", "nmod:poss", "nmod", "appos", "flat", "det"])


def _subtree(sentence: Sentence, heads: set[int]) -> set[int]:
    """The tokens under some heads, the heads included (through modifiers)."""
    found = set(heads)
    frontier = list(heads)
    while frontier:
        current = frontier.pop()
        for dep in sentence.out_edges(current):
            if dep.base in _MODIFIERS and dep.dependent not in found:
                found.add(dep.dependent)
                frontier.append(dep.dependent)
    return found


def _holder(
    found: list[SentenceSpans], role: str, country: str | None, before: tuple[int, int] | None
) -> ActorTemplate | None:
    """A person the document names with this office (and state)."""
    for spans in found:
        for span in spans.spans:
            if before is not None and (span.sentence, span.first) >= before:
                continue
            actor = span.actor
            if span.kind != "name" or actor is None or actor.type not in PERSONS:
                continue
            if (span.role or actor.role) == role and (
                country is None or (span.country or actor.country) == country
            ):
                return actor
    return None


def _holder_in_history(history: list[Span], role: str, country: str) -> ActorTemplate | None:
    for span in reversed(history):
        actor = span.actor
        if actor and actor.type in PERSONS and actor.role == role and actor.country == country:
            return actor
    return None


def _announced_subject(spans: SentenceSpans, span: Span) -> ActorTemplate | None:
    """A pronoun in a phrase before the subject it refers to: "In a call with his
    counterpart, Lavrov stressed ..." -> Lavrov."""
    sentence = spans.sentence
    for root in sentence.roots():
        for subject in sentence.children(root.index, "nsubj"):
            named = spans.at(subject.index)
            if named is None or named.actor is None or named.actor.type not in PERSONS:
                continue
            if span.last < named.first and _fronted(sentence, span.head, root.index):
                return named.actor
    return None


def _fronted(sentence: Sentence, index: int, root: int) -> bool:
    """Whether a token sits in an adverbial phrase of the root placed before its subject."""
    current = index
    for _ in range(12):
        edges = [d for d in sentence.in_edges(current) if d.governor != 0]
        if not edges:
            return False
        edge = edges[0]
        if edge.governor == root:
            return edge.base in ("obl", "advcl", "nmod") and current < root
        current = edge.governor
    return False


def _reported_by(sentence: Sentence, index: int, reporting: frozenset[str]) -> int | None:
    """The subject token of the reporting verb whose statement holds token ``index``."""
    current = index
    for _ in range(15):
        edges = [d for d in sentence.in_edges(current) if d.governor != 0]
        if not edges:
            break
        edge = edges[0]
        governor = sentence.token(edge.governor)
        if edge.base in ("ccomp", "parataxis", "xcomp") and governor.lemma.lower() in reporting:
            for subject in sentence.children(governor.index, "nsubj"):
                return subject.index
        current = governor.index
    for root in sentence.roots():
        if root.lemma.lower() in reporting and root.index > index:
            for subject in sentence.children(root.index, "nsubj"):
                if subject.index != index:
                    return subject.index
    return None


def _home_state(source: ActorTemplate | None, lexicon: Lexicon) -> str | None:
    if source is None:
        return None
    if source.type is ActorType.STATE:
        return source.id
    if source.country and source.country in lexicon.actors:
        return source.country
    return None


def _not_a_place(actor: ActorTemplate) -> ActorTemplate | None:
    return None if actor.type in PLACE_TYPES else actor


def _national_bodies(found: list[SentenceSpans]) -> dict[str, ActorTemplate]:
    """A state's bodies named in full ("the Haitian National Police"), by their last word, when
    only one has it."""
    bodies: dict[str, dict[str, ActorTemplate]] = {}
    for spans in found:
        for span in spans.spans:
            actor = span.actor
            if span.kind != "name" or actor is None or actor.type not in GROUPS:
                continue
            if not actor.country or not actor.name.split():
                continue
            head = actor.name.split()[-1].lower()
            bodies.setdefault(head, {})[actor.id] = actor
    return {head: next(iter(b.values())) for head, b in bodies.items() if len(b) == 1}


def _named_states(found: list[SentenceSpans]) -> frozenset[str]:
    return frozenset(
        span.actor.id
        for spans in found
        for span in spans.spans
        if span.kind in ("name", "demonym")
        and span.actor is not None
        and span.actor.type is ActorType.STATE
    )


def _main_state(found: list[SentenceSpans]) -> ActorTemplate | None:
    """The state an article is mostly about: "the regime" and "the army" alone are its."""
    counts: Counter[str] = Counter()
    actors: dict[str, ActorTemplate] = {}
    for spans in found:
        for span in spans.spans:
            actor = span.actor
            if actor is None or span.kind not in ("name", "demonym"):
                continue
            state = actor if actor.type is ActorType.STATE else None
            if state is None and actor.type in PERSONS and actor.country:
                continue
            if state is not None:
                counts[state.id] += 1
                actors[state.id] = state
    if not counts:
        return None
    (best, count), *rest = [*counts.most_common(2), ("", 0)]
    if count < 2 or (rest and rest[0][1] == count):
        return None
    return actors[best]


def with_country(actor: ActorTemplate, country: str | None) -> ActorTemplate:
    return actor if country is None or actor.country else replace(actor, country=country)

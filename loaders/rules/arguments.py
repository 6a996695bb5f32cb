"""From words to actors, for every trigger: which mention a dependent names, and how far a
noun that is no mention reaches to one ("ISIL positions", "fighters of B", "sanctions on
Belarusian state companies"); whether a place may be an argument; the checks a relation's two
ends must pass. The root of the relation reader's classes (verbs, nouns, relations)."""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import ActorType, RelationType
from loaders.knowledge.frames import Frame, FrameLexicon
from loaders.knowledge.lexicon import ActorTemplate, Lexicon
from loaders.knowledge.words import words
from loaders.nlp.model import Sentence
from loaders.rules.spans import PLACE_TYPES, SentenceSpans, Span

VERB_SUBJECTS = ("nsubj", "nsubj:xsubj")
SUBJECT_CONTROL = words("relations", "subject_control_verbs")


NOUN_OWNERS = ("nmod:poss", "amod", "compound")


# One step from an argument word that is no mention to one that is ("ISIL positions", "the
# coalition's airstrikes", "calls to allies in Baghdad")...


RELATIONAL = words("relations", "relational")
LISTING_HEADS = words("relations", "listing_heads")


POSS_HEADS = words("relations", "poss_heads")


TARGET_HEADS = words("relations", "target_heads")


PEOPLE_HEADS = words("relations", "people_heads")


CITIZEN_HEADS = words("relations", "citizen_heads")


NOT_AGENTS = words("relations", "not_agents")


NOT_OWNED = words("relations", "not_owned") | NOT_AGENTS


ACTIVITY_NOUNS = words("relations", "activity_nouns")


PLACE_WORDS = words("relations", "place_words")
LAUNCHING_VERBS = words("relations", "launching_verbs")


AID_NOUNS = words("relations", "aid_nouns")


LOCATIVE = words("relations", "locative")


CONFIDENCE = 0.85


MENTION_FACTOR = {
    "name": 1.0,
    "demonym": 1.0,
    "organ": 0.95,
    "title": 0.95,
    "generic": 0.9,
    "pronoun": 0.9,
    "speaker": 0.85,
}


@dataclass(frozen=True, slots=True)
class Arg:
    actor: ActorTemplate
    span: Span
    factor: float  # how sure the argument is


def _rules_a_state(source: ActorTemplate, target: ActorTemplate) -> bool:
    """ "The Taliban rule Afghanistan": an armed group can hold a whole state; a state
    controlling another state is war or influence, which other frames say."""
    return source.type is ActorType.ARMED_GROUP and target.type is ActorType.STATE


def _listed_appositions(sentence: Sentence, word: int) -> list[int]:
    """ "The UK, the wider Global Coalition and the Government of Iraq" read as the UK with two
    appositions joined by "and": a list, each of whose members takes part."""
    apposed = [d.dependent for d in sentence.out_edges(word, "appos")]
    if len(apposed) < 2:
        return []
    joined = any(
        d.relation.startswith("conj") and d.dependent in apposed
        for a in apposed
        for d in sentence.out_edges(a)
    )
    return apposed if joined else []


def _without_home_states(reached: list[tuple[Span, float]]) -> list[tuple[Span, float]]:
    """ "Sudan's RSF commander", "Lebanon's Hezbollah": a group named beside its own state is
    the one meant; the state only says where it is from."""
    homes = {
        span.actor.country
        for span, _ in reached
        if span.actor is not None and span.actor.type is not ActorType.STATE and span.actor.country
    }
    return [
        (span, factor)
        for span, factor in reached
        if not (
            span.actor is not None and span.actor.type is ActorType.STATE and span.actor.id in homes
        )
    ]


def _apposed_state(spans: SentenceSpans, word: int) -> bool:
    """A proper noun that is no mention with a state in apposition: "Raqqah, Syria"."""
    sentence = spans.sentence
    if sentence.token(word).pos not in ("NNP", "NNPS"):
        return False
    for dep in sentence.out_edges(word, "appos"):
        other = spans.at(dep.dependent)
        if other is not None and other.actor is not None and other.actor.type is ActorType.STATE:
            return True
    return False


def _country_of_a_place(spans: SentenceSpans, word: int, span: Span) -> bool:
    if span.actor is None or span.actor.type is not ActorType.STATE:
        return False
    sentence = spans.sentence
    if any(d.relation == "nmod:poss" for d in sentence.in_edges(word)):
        return False  # "Moscow, Myanmar's main arms supplier": an owner, not Moscow's country
    governors = [d.governor for d in sentence.in_edges(word) if d.relation == "appos"]
    if span.first > 2 and sentence.token(span.first - 1).word == ",":
        governors.append(span.first - 2)
    for index in governors:
        other = spans.at(index) if index > 0 else None
        if other is not None and other.actor is not None and other.actor.type in PLACE_TYPES:
            return True
    return False


def prep_of(relation: str) -> str:
    """'obl:against' -> 'against'; 'nmod:according_to' -> 'according_to'."""
    return relation.split(":", 1)[1] if ":" in relation else ""


def is_passive(sentence: Sentence, index: int) -> bool:
    """ "X was designated a terrorist group by A and B": agents of a passive each took a
    stance on X, which says nothing of acting together."""
    return any(d.relation in ("nsubj:pass", "aux:pass") for d in sentence.out_edges(index))


class ArgumentReading:
    """Arguments of triggers: the actors their dependents name."""

    def __init__(self, frames: FrameLexicon, lexicon: Lexicon) -> None:
        self.frames = frames
        self.lx = lexicon

    def _args(
        self,
        spans: SentenceSpans,
        words: list[int],
        subject: bool,
        frame: Frame | None = None,
        locative: frozenset[int] = frozenset(),
    ) -> list[Arg]:
        if not words:
            return []  # the common case: a role the clause does not fill
        found: dict[str, Arg] = {}
        words = [*words, *(w for word in words for w in _listed_appositions(spans.sentence, word))]
        for word in dict.fromkeys(words):
            for arg in self._word_args(spans, word, subject, frame):
                if word in locative and arg.actor.type is ActorType.STATE:
                    continue  # "strikes in Syria" says where, not whom
                found.setdefault(arg.actor.id, arg)
        return list(found.values())

    def _word_args(
        self, spans: SentenceSpans, word: int, subject: bool, frame: Frame | None
    ) -> list[Arg]:
        span = spans.at(word)
        if span is not None and span.actor is not None:
            if _country_of_a_place(spans, word, span):
                return []  # "isolate Raqqah, Syria": the state only says where the city is
            arg = self._arg(span, 1.0, subject, frame)
            return [arg] if arg is not None else []
        sentence = spans.sentence
        for d in sentence.in_edges(word, "appos"):
            # "Hezbollah, a Lebanese group backed by Iran": a description stands for the
            # actor it is in apposition to (a member of a list read as appositions does not)
            if word in _listed_appositions(sentence, d.governor):
                continue
            anchor = spans.at(d.governor)
            if anchor is not None and anchor.actor is not None and anchor.kind == "name":
                arg = self._arg(anchor, 1.0, subject, frame)
                return [arg] if arg is not None else []
        if span is not None and span.kind in ("generic", "organ"):
            return []  # "the Syrian opposition", "foreign troops": not the state they name
        head = sentence.token(word)
        lemma = head.lemma.lower()
        if head.ner == "LOCATION" or _apposed_state(spans, word):
            return []  # "Raqqah, Syria": a place and its country (whatever the tagger says)
        if subject and lemma in NOT_AGENTS:
            return []
        relational = head.word.lower() in RELATIONAL or lemma in RELATIONAL
        concrete = (
            (lemma in POSS_HEADS and not (subject and lemma in TARGET_HEADS))
            or lemma in PEOPLE_HEADS
            or (subject and lemma in ACTIVITY_NOUNS)
            or (not subject and lemma in CITIZEN_HEADS)
        )
        evaluated = not subject and frame is not None and frame.evaluative
        reached: list[tuple[Span, float]] = []
        located: list[tuple[Span, float]] = []
        for dep in sentence.out_edges(word):
            relation = dep.relation
            if relation == "appos":
                allowed = True
            elif relation in ("nmod:including", "nmod:such_as"):
                # "Western governments, including France and Germany", "regional powers such
                # as China": the named members act as the group they are listed from (not so
                # the items of "topics including Syria")
                allowed = lemma in LISTING_HEADS
            elif relation in ("nmod:in", "nmod:from"):
                allowed = relational or lemma in PEOPLE_HEADS  # "allies in Baghdad"
            elif lemma in PLACE_WORDS and relation in ("nmod:of", "compound"):
                # "the town of Paletwa", "most of Port-au-Prince"; but "large parts of
                # Somalia", "a Congo mining town" say where, and are not the state.
                child = spans.at(dep.dependent)
                allowed = (
                    child is None
                    or child.actor is None
                    or (child.actor.type is not ActorType.STATE)
                )
            elif relation in ("nmod:for", "nmod:to"):
                # "fund training for Mozambique's army", "deliver aid to Gaza's people"
                allowed = (
                    not subject
                    and frame is not None
                    and frame.type is RelationType.SUPPORTS
                    and lemma in AID_NOUNS
                )
            elif relation in ("nmod:poss", "compound", "amod", "nmod:of", "nmod:by"):
                # "ISIL positions", "the coalition's airstrikes"; after "condemned" or
                # "welcomed" any owner counts ("Assad's brutality", "Iraq's liberation of X");
                # what is done to a state's or group's things is done to it ("sanctions on
                # Belarusian state companies", "shot down Iranian drones").
                owned = not subject and lemma not in NOT_OWNED and relation != "nmod:of"
                allowed = not relational and (concrete or evaluated or owned)
            else:
                allowed = False
            if not allowed:
                continue
            child = spans.at(dep.dependent)
            if child is not None and child.actor is not None:
                if relation in ("nmod:in", "nmod:from"):
                    located.append((child, 0.9))
                else:
                    reached.append((child, 0.9))
        # "intercepted a missile fired by the Houthis": a weapon is the one's who fired it
        for dep in sentence.out_edges(word, "acl"):
            owning = sentence.token(dep.dependent).lemma.lower()
            if owning in LAUNCHING_VERBS:
                for inner in sentence.out_edges(dep.dependent):
                    child = spans.at(inner.dependent)
                    if (
                        (
                            inner.relation in ("obl:agent", "obl:by")
                            or (inner.relation == "obl:to" and owning == "belong")
                        )
                        and child is not None
                        and child.actor is not None
                    ):
                        reached.append((child, 0.9))
        # "the African Union envoy in Addis Ababa": the owner the phrase names wins over where
        # its head is.
        reached = _without_home_states(reached or located)
        if not reached:
            # "opposition-controlled areas": the controller of an area is the one hit.
            for dep in sentence.out_edges(word, "amod"):
                participle = sentence.token(dep.dependent)
                if participle.lemma.lower() in ("control", "hold", "occupy", "run"):
                    for inner in sentence.out_edges(participle.index):
                        child = spans.at(inner.dependent)
                        if child is not None and child.actor is not None:
                            reached.append((child, 0.8))
        args = [self._arg(child, factor, subject, frame) for child, factor in reached]
        return [a for a in args if a is not None]

    def _arg(self, span: Span, factor: float, subject: bool, frame: Frame | None) -> Arg | None:
        actor = span.actor
        assert actor is not None
        if (
            not subject
            and frame is not None
            and frame.type is RelationType.SUPPORTS
            and span.text.split()[:1] == ["Operation"]
        ):
            return None  # "in support of Operation Inherent Resolve": an operation, no actor
        if actor.type in PLACE_TYPES:
            keep = frame is not None and (
                (subject and frame.place_subject)
                or (not subject and frame.place_object)
                or (not subject and frame.region_object and actor.type is ActorType.REGION)
            )
            if not keep:
                state = self._capital_state(span)
                if state is None:
                    return None  # a place is an argument only where the frame wants one
                actor = state
        return Arg(actor, span, factor * MENTION_FACTOR.get(span.kind, 0.9))

    def _capital_state(self, span: Span) -> ActorTemplate | None:
        """A capital that acts is its state ("Damascus scrambles", "a visit to Moscow")."""
        state_id = span.capital_of
        if state_id is None and span.actor is not None and span.actor.type is ActorType.CITY:
            state_id = next((s for s, c in self.lx.capitals.items() if c == span.actor.id), None)
        return self.lx.actors.get(state_id) if state_id else None

    def _is_place(self, spans: SentenceSpans, word: int) -> bool:
        span = spans.at(word)
        return (
            span is not None
            and span.actor is not None
            and span.actor.type in PLACE_TYPES
            and self._capital_state(span) is None
        )

    def _checked(
        self, frame: Frame, source: Arg, target: Arg
    ) -> tuple[ActorTemplate, ActorTemplate] | None:
        s, t = source.actor, target.actor
        if s.id == t.id:
            return None
        if frame.type is RelationType.CONTROLS:
            if s.type in PLACE_TYPES or not (t.type in PLACE_TYPES or _rules_a_state(s, t)):
                return None
            return s, t
        if frame.type is RelationType.LEADS:
            # "the group, led by X", "X, who heads the council": a person at the head of a
            # group, an organisation or a state.
            if s.type not in (ActorType.PERSON, ActorType.LEADER) or t.type in PLACE_TYPES:
                return None
            if t.type in (ActorType.PERSON, ActorType.LEADER):
                return None
            return s, t
        if s.type in PLACE_TYPES:
            return None
        if t.type in PLACE_TYPES and not (frame.region_object and t.type is ActorType.REGION):
            return None  # a city neither supports nor is supported; capitals became states
        return s, t


def controller_subjects(sentence: Sentence, index: int) -> list[int]:
    """The subject of a subject-control verb ("used X to", "telephoned X to") whose purpose
    clause ``index`` is: its own, or that of the clause a participle ("..., using it to")
    hangs from."""
    for up in sentence.in_edges(index, "xcomp"):
        if not up.governor or sentence.token(up.governor).lemma.lower() not in SUBJECT_CONTROL:
            continue
        own = [d.dependent for d in sentence.out_edges(up.governor) if d.relation == "nsubj"]
        if own:
            return own
        return [
            d.dependent
            for above in sentence.in_edges(up.governor)
            if above.base in ("advcl", "dep", "xcomp", "conj") and above.governor
            for d in sentence.out_edges(above.governor)
            if d.relation == "nsubj"
        ]
    return []

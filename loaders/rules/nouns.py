"""A nominal trigger's subjects and objects: nmod:poss, an actor adjective or compound
("Russian airstrikes"), nmod:by/from, a copula subject or apposition ("Iran, a key ally of
Syria"), else the subject of the light or support verb it is the object of ("launched strikes",
"signed a pact"); "received support from X" turns it round; participles inside a noun phrase
("Russian-backed forces"); adjectives; "between A and B"; hosts of talks."""

from __future__ import annotations

from graph.model import RelationType
from loaders.knowledge.frames import Frame
from loaders.knowledge.words import words
from loaders.nlp.model import Sentence
from loaders.rules.arguments import (
    LOCATIVE,
    NOUN_OWNERS,
    VERB_SUBJECTS,
    Arg,
    controller_subjects,
    prep_of,
)
from loaders.rules.spans import SentenceSpans
from loaders.rules.verbs import VerbReading, antecedent

PARTICIPATING = words("relations", "participating")


# Verbs whose subject and object take part together in what they are "for": "joined X for
# talks".
JOINING_VERBS = frozenset(["join", "accompany"])


def _in_phrase(sentence: Sentence, index: int) -> bool:
    """ "in support of", "in solidarity with": the noun heads a phrase with "in"."""
    return any(
        sentence.token(d.dependent).word.lower() == "in" for d in sentence.out_edges(index, "case")
    )


THANKING = words("relations", "thanking")


HOSTING_VERBS = words("relations", "hosting_verbs")
ASKING_VERBS = words("relations", "asking_verbs")
RESPONSIBILITY = words("relations", "responsibility_nouns")


class NounReading(VerbReading):
    """Nominal, adjectival and participial triggers' arguments."""

    def _noun(
        self, spans: SentenceSpans, index: int, frame: Frame
    ) -> tuple[list[Arg], list[Arg], int | None]:
        sentence = spans.sentence
        edges = sentence.out_edges(index)
        subject_words: list[int] = []
        object_words = [
            d.dependent for d in edges if d.base == "nmod" and prep_of(d.relation) in frame.preps
        ]
        locative = frozenset(
            d.dependent
            for d in edges
            if d.base == "nmod"
            and prep_of(d.relation) in LOCATIVE
            and not (frame.aimed and prep_of(d.relation) in frame.preps)
        )
        if frame.agent_noun:
            # "Assad's backers", "an ally of Syria": the owner is the one supported; but "the
            # African Union's mediator" is the union's agent, not its counterpart.
            if frame.type is not RelationType.CALLS:
                object_words += [d.dependent for d in edges if d.relation == "nmod:poss"]
            if any(d.relation == "cop" for d in edges):  # "Iran is an ally of Syria"
                subject_words += [d.dependent for d in edges if d.relation == "nsubj"]
            subject_words += [d.governor for d in sentence.in_edges(index, "appos")]
            # "its ally Hezbollah", "Iran's proxy, the Houthis": the agent named after it
            subject_words += [d.dependent for d in edges if d.relation == "appos"]
            # "Somaliland's ally Ethiopia" parsed with "ally" as a modifier of the name: the
            # name is the agent, its owner the one supported
            for dep in sentence.in_edges(index, "compound"):
                if frame.type is not RelationType.CALLS and any(
                    d.relation == "nmod:poss" for d in sentence.out_edges(dep.governor)
                ):
                    subject_words.append(dep.governor)
                    object_words += [
                        d.dependent
                        for d in sentence.out_edges(dep.governor)
                        if d.relation == "nmod:poss"
                    ]
            # "Oman served as a go-between", "Qatar acts as mediator": the verb's subject
            for dep in sentence.in_edges(index):
                if dep.governor and dep.relation in ("obl:as", "xcomp"):
                    subject_words += [
                        antecedent(sentence, dep.governor, d.dependent)
                        for d in sentence.out_edges(dep.governor)
                        if d.relation in VERB_SUBJECTS
                    ]
        else:
            owners = [
                d.dependent
                for d in edges
                if d.relation in NOUN_OWNERS and not self._is_place(spans, d.dependent)
            ]
            compounds = [d.dependent for d in edges if d.relation == "compound"]
            recipients = self._misread_recipients(
                sentence, index, [w for w in owners if w in compounds]
            )
            subject_words += [w for w in owners if w not in recipients]
            object_words += recipients
            subject_words += [d.dependent for d in edges if d.relation == "nsubj"]
            subject_words += [
                d.dependent
                for d in edges
                if d.base == "nmod" and prep_of(d.relation) in (*frame.subject_preps, "by")
            ]
            if frame.type is RelationType.CONTROLS and not any(
                d.base == "nmod" and prep_of(d.relation) in ("of", "over") for d in edges
            ):
                # "the city, which had been under regime control": the copula subject is
                # the place controlled, the modifiers the controller; but in "the
                # separatists were in control of Aden" the subject controls what follows.
                copula = [d.dependent for d in edges if d.relation == "nsubj"]
                subject_words = [w for w in subject_words if w not in copula]
                object_words += copula
        for dep in sentence.in_edges(index, "nsubj"):
            # "the coalition's airstrikes destroyed ISIL's tanks": the verb's objects are the
            # strikes' objects (only where the verb itself hits).
            if frame.type is not RelationType.OPPOSES:
                continue
            hitting = any(
                f.type is RelationType.OPPOSES
                for f in self.frames.for_token(sentence, sentence.token(dep.governor))
            )
            verb_edges = sentence.out_edges(dep.governor)
            if hitting:
                object_words += [d.dependent for d in verb_edges if d.relation == "obj"]
            object_words += [
                d.dependent
                for d in verb_edges
                if d.base == "obl" and prep_of(d.relation) in ("against", "on", "targeting")
            ]
        carrier: int | None = None
        own = self._args(spans, subject_words, subject=True, frame=frame)
        if not frame.agent_noun and (not own or frame.type is RelationType.CALLS):
            governor, relation = self._climb(sentence, index)
            if governor is not None:
                carrier = governor
                verb = sentence.token(governor)
                lemma = verb.lemma.lower()
                subject_relations: tuple[str, ...] = (*VERB_SUBJECTS, "obl:agent")
                if lemma in PARTICIPATING:
                    subject_relations = (*subject_relations, "nsubj:pass")  # "was involved in"
                their_subjects = (
                    controller_subjects(sentence, governor)
                    or [
                        d.dependent
                        for d in sentence.out_edges(governor)
                        if d.relation in subject_relations
                    ]
                    or self._inherited_subject(sentence, governor)
                )
                # "claimed responsibility for the attack", "took credit for the raid"
                claimed = any(
                    d.relation == "nmod:for"
                    and sentence.token(d.governor).lemma.lower() in RESPONSIBILITY
                    for d in sentence.in_edges(index)
                ) or (
                    relation == "obl:for"
                    and any(
                        sentence.token(d.dependent).lemma.lower() in RESPONSIBILITY
                        for d in sentence.out_edges(governor, "obj")
                    )
                )
                if lemma in self.frames.receiving_verbs and relation in (
                    "obj",
                    "nsubj:pass",
                    "obl:under",  # "came under fire from al-Shabaab"
                ):
                    object_words += their_subjects  # "Syria received support from Iran"
                    # "Haftar enjoys the support of Cairo": received, the support is the giver's
                    givers = [
                        d.dependent
                        for d in edges
                        if d.relation == "nmod:of" and lemma not in ASKING_VERBS
                    ]
                    object_words = [w for w in object_words if w not in givers]
                    subject_words += givers
                    subject_words += [
                        d.dependent
                        for d in sentence.out_edges(governor)
                        if d.relation in ("obl:from", "obl:by")
                    ]
                elif not own and claimed:
                    subject_words += their_subjects  # who claims the deed did it
                elif not own and (
                    (lemma in self.frames.light_verbs and relation in ("obj", "obl:in"))
                    or (lemma in PARTICIPATING and relation.startswith("obl"))
                    or (frame.type is RelationType.CALLS and relation.startswith("obl"))
                    or (frame.type is RelationType.SUPPORTS and relation == "obl:in")
                ):
                    subject_words += their_subjects
                    object_words += [
                        d.dependent
                        for d in sentence.out_edges(governor)
                        if d.base == "obl"
                        and prep_of(d.relation) in frame.preps
                        and prep_of(d.relation) not in LOCATIVE
                    ]
                    if relation == "obj":
                        # "dealt ISIL a heavy defeat", "gave Iraq its backing"
                        object_words += [d.dependent for d in sentence.out_edges(governor, "iobj")]
                    if frame.joint and lemma in JOINING_VERBS and relation.startswith("obl"):
                        # "joined the US Secretary of State for talks": both take part
                        object_words += [
                            d.dependent
                            for d in sentence.out_edges(governor)
                            if d.relation in ("obj", "iobj")
                        ]
        if frame.type is RelationType.SUPPORTS and not object_words:
            # "thanked Ankara for its support": the one who thanks for the help received it
            for dep in sentence.in_edges(index):
                if (
                    dep.relation == "obl:for"
                    and dep.governor
                    and (sentence.token(dep.governor).lemma.lower() in THANKING)
                ):
                    object_words += [
                        d.dependent
                        for d in sentence.out_edges(dep.governor)
                        if d.relation in VERB_SUBJECTS
                    ]
        subjects = self._args(spans, subject_words, subject=True, frame=frame)
        if not subjects and frame.type is RelationType.SUPPORTS and _in_phrase(sentence, index):
            # "X conducted strikes coordinated with and in support of Y": whoever acts in the
            # clause above acts in support.
            subjects = self._acting_above(spans, index, frame)
        objects = self._args(spans, object_words, subject=False, frame=frame, locative=locative)
        return subjects, objects, carrier

    def _acting_above(self, spans: SentenceSpans, index: int, frame: Frame) -> list[Arg]:
        """The actors that are subject of the nearest clause above a token that has any: "X
        conducted strikes coordinated with and in support of Y", or a phrase the parser hung
        on a relative clause whose subject does not act ("targets, which include ... in
        support of Y")."""
        sentence = spans.sentence
        current = index
        for _ in range(5):
            edges = [d for d in sentence.in_edges(current) if d.governor != 0]
            if not edges:
                return []
            current = edges[0].governor
            if sentence.token(current).lemma.lower() in self.frames.reporting_verbs:
                return []  # "..., he added": who says it does not act
            if sentence.token(current).pos.startswith("VB"):
                words = [
                    d.dependent
                    for d in sentence.out_edges(current)
                    if d.relation in (*VERB_SUBJECTS, "obl:agent")
                ]
                found = self._args(spans, words, subject=True, frame=frame)
                if found:
                    return found
        return []

    def _misread_recipients(self, sentence: Sentence, index: int, owners: list[int]) -> list[int]:
        """ "offered Mexico intelligence support": a name right after a light verb, read as
        the noun's compound, is the verb's indirect object (the recipient)."""
        found: list[int] = []
        for dep in sentence.in_edges(index, "obj"):
            verb = sentence.token(dep.governor)
            if verb.lemma.lower() not in self.frames.light_verbs:
                continue
            if sentence.out_edges(verb.index, "iobj"):
                continue
            found += [
                w
                for w in owners
                if w == verb.index + 1 and sentence.token(w).pos in ("NNP", "NNPS")
            ]
        return found

    def _climb(self, sentence: Sentence, index: int) -> tuple[int | None, str]:
        """The verb a nominal trigger hangs from, through counting nouns ("a flurry of calls")
        and an open clausal head ("launched a wave of strikes")."""
        current = index
        for _ in range(4):
            edges = [d for d in sentence.in_edges(current) if d.governor != 0]
            if not edges:
                return None, ""
            edge = edges[0]
            governor = sentence.token(edge.governor)
            if edge.relation == "nmod:of" and governor.lemma.lower() in self.frames.counting_nouns:
                current = governor.index
                continue
            if edge.relation == "nmod:for" and governor.lemma.lower() in RESPONSIBILITY:
                current = governor.index  # "claimed responsibility for the attack"
                continue
            if governor.pos.startswith("VB") and edge.base in ("obj", "nsubj", "obl"):
                return governor.index, edge.relation
            return None, ""
        return None, ""

    def _adjective(
        self, spans: SentenceSpans, index: int, frame: Frame
    ) -> tuple[list[Arg], list[Arg]]:
        sentence = spans.sentence
        edges = sentence.out_edges(index)
        # "Iran is allied with Russia", "which is allied with al-Qaeda": a participle read as
        # an adjective keeps its passive subject.
        subject_words = [d.dependent for d in edges if d.relation in ("nsubj", "nsubj:pass")]
        subject_words += [d.governor for d in sentence.in_edges(index, "amod")]
        object_words = [
            d.dependent
            for d in edges
            if d.base == "obl"
            and (
                prep_of(d.relation) in frame.preps
                or (d.relation == "obl:agent" and "by" in frame.preps)
            )
        ]
        return (
            self._args(spans, subject_words, subject=True, frame=frame),
            self._args(spans, object_words, subject=False, frame=frame),
        )

    def _participle(
        self, spans: SentenceSpans, index: int, frame: Frame
    ) -> tuple[list[Arg], list[Arg]]:
        """ "Russian-backed forces", "regime-held territory", "the Iran-aligned militia"."""
        sentence = spans.sentence
        heads = [d.governor for d in sentence.in_edges(index) if d.base in ("amod", "compound")]
        if not heads:
            return [], []
        modifier_words = [
            d.dependent
            for d in sentence.out_edges(index)
            if d.base in ("dep", "compound", "obl", "nmod", "advmod", "amod", "nsubj", "obl:npmod")
        ]
        # "Iranian-backed": the word before the hyphen is often a sibling, not a dependent.
        if index > 2 and sentence.token(index - 1).word in ("-", "\u2010", "\u2011"):
            modifier_words.append(index - 2)
        return (
            self._args(spans, modifier_words, subject=True, frame=frame),
            self._args(spans, heads, subject=False, frame=frame),
        )

    def _hosts(self, spans: SentenceSpans, index: int, frame: Frame) -> list[Arg]:
        """ "Qatar hosted talks between A and B": whoever hosts talks meets each side."""
        sentence = spans.sentence
        words = [
            antecedent(sentence, d.governor, subject.dependent)
            for d in sentence.in_edges(index, "obj")
            if d.governor and sentence.token(d.governor).lemma.lower() in HOSTING_VERBS
            for subject in sentence.out_edges(d.governor)
            if subject.relation in VERB_SUBJECTS
        ]
        return self._args(spans, words, subject=True, frame=frame)

    def _between(self, spans: SentenceSpans, index: int, frame: Frame) -> list[Arg]:
        if frame.requires_prep and not {"between", "among"} & set(frame.preps):
            # a frame that needs its own preposition ("fight alongside") says nothing of
            # the parties of "fighting between A and B"
            return []
        sentence = spans.sentence
        heads = [index]
        if frame.pos == "noun":
            # "fighting broke out between A and B", "talks were held between A and B": the
            # phrase hangs from the verb the event is the subject of.
            heads += [
                d.governor
                for d in sentence.in_edges(index)
                if d.base in ("nsubj", "nsubj:pass") and d.governor
            ]
        words = [
            d.dependent
            for head in heads
            for d in sentence.out_edges(head)
            if d.relation in ("nmod:between", "obl:between", "nmod:among", "obl:among")
        ]
        return self._args(spans, words, subject=True, frame=frame)

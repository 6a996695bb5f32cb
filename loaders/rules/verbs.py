"""A verb trigger's subjects and objects: nsubj (nsubj:xsubj when controlled: "continued to
attack"), obl:agent in the passive (where nsubj:pass is the object); objects obj, iobj,
obl:<prep> of the trigger's class; a verb without a subject of its own takes its governor's (the
noun a participle modifies, the object of an accusation, a participial adverbial's subject);
repairs of the parser's usual misreadings of accusations and relative clauses."""

from __future__ import annotations

from graph.model import ActorType, RelationType
from loaders.knowledge.frames import Frame
from loaders.knowledge.words import words
from loaders.nlp.model import Dependency, Sentence, Token
from loaders.rules.arguments import (
    ACTIVITY_NOUNS,
    AID_NOUNS,
    LAUNCHING_VERBS,
    LOCATIVE,
    VERB_SUBJECTS,
    Arg,
    ArgumentReading,
    controller_subjects,
    prep_of,
)
from loaders.rules.spans import SentenceSpans

# Prepositions whose object is the one acted on when a dictionary pattern's noun is the verb's
# object: "recalled its ambassador from Senegal", "issued a threat to Israel".
# What is given in support ("gave Kyiv weapons", "lent the junta legitimacy"): aid, and the
# cover a backer lends.
GIFTS = AID_NOUNS | frozenset(["legitimacy", "cover", "sanctuary", "refuge", "asylum", "shelter"])
CONSUMED_PREPS = ("to", "from", "with", "against", "for")


MEDIA = words("relations", "media")


PARTICLE_WORDS = words("relations", "particle_words")


ACCUSING = words("relations", "accusing")


def _misread_gerund(sentence: Sentence, verb: int) -> tuple[int, int] | None:
    """ "accused Eritrea of funding al-Shabaab" parsed as "of [funding al-Shabaab]", the gerund
    an adjective of the group: Eritrea (the object of "accused") funds al-Shabaab."""
    if sentence.token(verb).pos != "VBG" or verb < 2:
        return None
    if sentence.token(verb - 1).word.lower() not in ("of", "for"):
        return None
    for amod in sentence.in_edges(verb, "amod"):
        noun = amod.governor
        for up in sentence.in_edges(noun):
            if up.governor and up.relation in ("obl:of", "obl:for"):
                objects = [d.dependent for d in sentence.out_edges(up.governor, "obj")]
                if objects and objects[0] < verb:
                    return objects[0], noun
    return None


def _relative_head(sentence: Sentence, verb: int) -> list[int]:
    """The noun a relative clause describes, for a verb reported inside it ("which Kinshasa
    says is backed by Kigali"): up through ccomp/dep to an acl:relcl."""
    current = verb
    for _ in range(3):
        ups = [d for d in sentence.in_edges(current) if d.governor]
        if not ups:
            return []
        up = ups[0]
        if up.relation == "acl:relcl":
            return [up.governor]
        if up.base not in ("ccomp", "dep", "xcomp"):
            return []
        current = up.governor
    return []


def _accusation_objects(sentence: Sentence, verb: int) -> tuple[list[int], list[int]] | None:
    """ "X accuses Iran of supplying the Houthis" with the Houthis hung on "accuses": the
    accused (the object before the gerund) and the gerund's own objects (after it)."""
    token = sentence.token(verb)
    if token.pos != "VBG" or any(d.relation == "obj" for d in sentence.out_edges(verb)):
        return None
    for dep in sentence.in_edges(verb):
        if dep.relation not in ("obl:of", "advcl:of", "obl:for", "advcl:for") or not dep.governor:
            continue
        if sentence.token(dep.governor).lemma.lower() not in ACCUSING:
            return None
        objects = [d.dependent for d in sentence.out_edges(dep.governor, "obj")]
        before = [o for o in objects if o < verb]
        after = [o for o in objects if o > verb]
        if before and after:
            return before[:1], after
    return None


def _object_relative_misread(sentence: Sentence, verb: int) -> int | None:
    """ "Iran, which backs the Houthis, ...": a relative clause the parser read as an object
    clause (Iran the object, no subject) although "which" stands right before its verb and
    the verb has an object of its own: the noun it hangs from is the subject."""
    edges = sentence.out_edges(verb)
    if any(d.relation in VERB_SUBJECTS for d in edges):
        return None
    objects = [d.dependent for d in edges if d.relation == "obj"]
    for dep in sentence.in_edges(verb, "acl:relcl"):
        noun = dep.governor
        if noun not in objects or not any(o > verb for o in objects):
            continue
        for ref in sentence.children(noun, "ref"):
            between = [sentence.token(i) for i in range(ref.index + 1, verb)]
            if noun < ref.index < verb and all(
                t.pos.startswith(("RB", "MD", "VB")) for t in between
            ):
                return noun
    return None


def antecedent(sentence: Sentence, verb: int, word: int) -> int:
    """ "NATO peacekeepers, who have protected Kosovo": a relative pronoun the parser left as
    the subject stands for the noun its clause hangs from."""
    if sentence.token(word).pos not in ("WP", "WDT"):
        return word
    for dep in sentence.in_edges(verb):
        if (
            dep.base in ("dep", "acl", "appos")
            and dep.governor != 0
            and sentence.token(dep.governor).pos.startswith("NN")
        ):
            return dep.governor
    return word


def _reduced_passive(sentence: Sentence, index: int) -> bool:
    """A past participle with a "by" agent and no auxiliary: "forces backed by Iran"."""
    token = sentence.token(index)
    if token.pos != "VBN":
        return False
    edges = sentence.out_edges(index)
    if any(d.base in ("aux", "aux:pass", "cop") for d in edges):
        return False
    return any(d.relation in ("obl:agent", "obl:by") for d in edges)


def _owner_word(token: Token, relation: str) -> bool:
    """An adjective owns an undertaking only as a demonym ("Iraqi efforts"), never as a plain
    adjective ("military efforts")."""
    if relation == "amod" or token.pos.startswith("JJ"):
        return token.ner != "O"
    return True


class VerbReading(ArgumentReading):
    """Verb triggers' arguments."""

    def _verb(
        self, spans: SentenceSpans, index: int, frame: Frame
    ) -> tuple[list[Arg], list[Arg], bool]:
        sentence = spans.sentence
        edges = sentence.out_edges(index)
        passive = any(d.relation in ("nsubj:pass", "aux:pass") for d in edges)
        subject_words = [
            antecedent(sentence, index, d.dependent) for d in edges if d.relation in VERB_SUBJECTS
        ]
        object_words: list[int] = []
        reduced = _reduced_passive(sentence, index)
        if passive:
            subject_words = [d.dependent for d in edges if d.relation == "obl:agent"]
            if not frame.requires_prep:
                object_words += [d.dependent for d in edges if d.relation == "nsubj:pass"]
                if not any(d.relation == "nsubj:pass" for d in edges):
                    # "the M23, which Kinshasa says is backed by Kigali": the passive's
                    # subject is the noun of the relative clause it is reported in
                    object_words += _relative_head(sentence, index)
        elif reduced:
            # "the Houthis, supported by Tehran", "the group, led by X", "militias backed by
            # Iran attacked": a participle with its agent; the noun it describes undergoes it.
            subject_words = [d.dependent for d in edges if d.relation in ("obl:agent", "obl:by")]
            if not frame.requires_prep:
                object_words += [d.dependent for d in edges if d.relation == "nsubj"]
                object_words += [d.governor for d in sentence.in_edges(index, "acl")]
        if frame.consumed_object:
            # "mounted an offensive against X", "recalled its ambassador from X", "granted
            # X a loan": the object is the dictionary pattern's noun; the one acted on is the
            # indirect object or hangs by a preposition from the verb or that noun.
            # (a frame that requires its own preposition, "crossed the border into X", takes
            # the one acted on from it alone: not "from Afghanistan")
            extra = () if frame.requires_prep else CONSUMED_PREPS
            preps = (*frame.preps, *extra)
            object_words += [d.dependent for d in edges if d.relation == "iobj"]
            # "refused Moscow's demands", "blockaded an Armenian convoy": the owner of the
            # pattern's noun is the one it is done to
            if frame.type is not RelationType.CONTROLS:  # "seized a Congo mining town"
                object_words += [
                    d.dependent
                    for o in edges
                    if o.relation == "obj"
                    # "reaffirmed Egypt's support": the owner of an event noun is its doer
                    and (sentence.token(o.dependent).lemma.lower(), "noun")
                    not in self.frames.frames
                    for d in sentence.out_edges(o.dependent)
                    if d.relation in ("nmod:poss", "amod", "compound")
                ]
            object_words += [
                d.dependent
                for o in edges
                if o.relation == "obj"
                for d in sentence.out_edges(o.dependent)
                if d.base == "nmod" and prep_of(d.relation) in preps
            ]
            object_words += [
                d.dependent for d in edges if d.base == "obl" and prep_of(d.relation) in preps
            ]
        elif not frame.requires_prep and (
            not frame.with_object or any(d.relation == "obl:with" for d in edges)
        ):
            object_words += [d.dependent for d in edges if d.relation in ("obj", "iobj")]
            object_words += _fired_by(sentence, edges)
        # "handed Lashio back to the army": a phrase the parser hung on the particle
        particles = [
            d.dependent
            for d in edges
            if d.relation in ("advmod", "compound:prt")
            and sentence.token(d.dependent).word.lower() in PARTICLE_WORDS
        ]
        edges = [*edges, *(d for p in particles for d in sentence.out_edges(p) if d.base == "obl")]
        object_words += [
            d.dependent for d in edges if d.base == "obl" and prep_of(d.relation) in frame.preps
        ]
        if (
            frame.requires_prep
            and "to" in frame.preps
            and not frame.joint
            and any(
                d.relation == "obj" and sentence.token(d.dependent).lemma.lower() in GIFTS
                for d in edges
            )
        ):
            # "lending the paramilitaries legitimacy", "gave Kyiv weapons": the indirect object
            # is the one given to (not so for "gave the UN access")
            object_words += [d.dependent for d in edges if d.relation == "iobj"]
        if frame.named_object:
            object_words += [
                d.dependent
                for clause in edges
                if clause.base == "xcomp"
                for d in sentence.out_edges(clause.dependent)
                if d.relation == "nsubj"
            ]
        if frame.type is RelationType.CALLS:
            # "discussed it by phone with X", "spoke via video link with X": the parser hangs
            # the one spoken with on the medium
            object_words += [
                d.dependent
                for medium in edges
                if medium.relation in ("obl:by", "obl:via", "obl:over", "obl:on")
                and sentence.token(medium.dependent).lemma.lower() in MEDIA
                for d in sentence.out_edges(medium.dependent)
                if d.base == "nmod" and prep_of(d.relation) in frame.preps
            ]
        if not object_words and frame.type is RelationType.SUPPORTS and frame.pos == "verb":
            # "helped Somali forces recapture X", "enabled Kyiv to strike": the one helped is
            # the subject of the clause that says what it was helped to do
            object_words += [
                d.dependent
                for clause in edges
                if clause.base in ("ccomp", "xcomp")
                for d in sentence.out_edges(clause.dependent)
                if d.relation == "nsubj"
            ]
        locative = frozenset(
            d.dependent for d in edges if d.base == "obl" and prep_of(d.relation) in LOCATIVE
        )
        if frame.type is RelationType.CALLS and not object_words:
            # "pressed for Russia to use its influence", "called on the UN to intervene" (with
            # "on" read as the clause's marker): the one asked is the clause's subject
            for clause in edges:
                if clause.base in ("advcl", "xcomp", "ccomp") and any(
                    sentence.token(m.dependent).word.lower() in ("for", "on", "upon")
                    for m in sentence.out_edges(clause.dependent, "mark")
                ):
                    object_words += [
                        d.dependent for d in sentence.out_edges(clause.dependent, "nsubj")
                    ]
        if (
            not object_words
            and frame.actor_object
            and sentence.token(index).pos in ("VB", "VBP")
            and not any(d.base in ("aux", "mark", "aux:pass") for d in edges)
        ):
            # "reiterates UK support for Iraq": a noun the tagger read as a verb.
            object_words += [d.dependent for d in edges if d.relation in ("obl:for", "obl:to")]
        deeds = [
            d.dependent
            for d in edges
            if d.relation in ("obl:of", "advcl:of")
            and sentence.token(d.dependent).pos == "VBG"
            and sentence.token(index).lemma.lower() in ACCUSING
        ]
        if deeds:
            # what follows "accused X of V-ing" is the deed's, not another one accused
            object_words = [w for w in object_words if w < min(deeds)]
        accused = _accusation_objects(sentence, index)
        if accused is not None and not object_words:
            # "accuses Iran of supplying the Houthis", the Houthis parsed as a second object
            # of "accuses": the accused does the deed to what follows the gerund
            subject_words, object_words = accused
        gerund = None if subject_words or object_words else _misread_gerund(sentence, index)
        if gerund is not None:
            subject_words, object_words = [gerund[0]], [gerund[1]]
        misread = None if passive or reduced else _object_relative_misread(sentence, index)
        if misread is not None and not subject_words:
            subject_words = [misread]
            object_words = [w for w in object_words if w != misread]
        inherited = False
        controllers = controller_subjects(sentence, index)
        if controllers and any(d.relation == "nsubj:xsubj" for d in edges):
            # "used drones to strike Kyiv", "telephoned Zardari to congratulate him": the
            # subject acts, not the object the parser made the clause's subject
            subject_words, inherited = controllers, True
        if not subject_words and not passive:
            # "officials say Moscow has supplied the LNA", parsed with Moscow the object of
            # "say": the reported clause's subject is the object just before it
            for up in sentence.in_edges(index):
                if (
                    up.base in ("dep", "ccomp")
                    and up.governor
                    and (sentence.token(up.governor).lemma.lower() in self.frames.reporting_verbs)
                ):
                    subject_words = [
                        d.dependent
                        for d in sentence.out_edges(up.governor, "obj")
                        if d.dependent < index
                    ][-1:]
        if not subject_words:
            subject_words = self._inherited_subject(sentence, index)
            inherited = bool(subject_words)
        if not subject_words and not passive:
            # "In Turkey Minister Ellwood met ...": a person read as where it happened is the
            # subject (people are no places)
            subject_words = [
                d.dependent
                for d in edges
                if d.relation == "obl:in"
                and d.dependent < index
                and (span := spans.at(d.dependent)) is not None
                and span.actor is not None
                and span.actor.type in (ActorType.PERSON, ActorType.LEADER)
            ]
        if (
            subject_words
            and not inherited
            and not passive
            and not self._args(spans, subject_words, subject=True, frame=frame)
        ):
            # "committed to continuing to provide X": a subject the parser made of a word
            # that is no actor leaves the clause's doer to the clause above
            above = self._inherited_subject(sentence, index)
            if above:
                subject_words, inherited = above, True
        if frame.transfer:
            # the new holder (the 'to' phrase) takes the place (the object)
            holders = self._args(spans, object_words, subject=True, frame=frame)
            places = [d.dependent for d in edges if d.relation == "obj"]
            return holders, self._args(spans, places, subject=False, frame=frame), inherited
        if not frame.joint:
            subject_words += self._as_part_of(sentence, index)
        subjects = self._args(spans, subject_words, subject=True, frame=frame)
        if not subjects and any(d.relation == "nsubj:xsubj" for d in edges):
            # "Russia sent advisers to support Mali": people who are no actor, sent or ordered
            # to act, act for the one who sent them.
            governors = [d.governor for d in sentence.in_edges(index, "xcomp") if d.governor]
            words = [
                d.dependent
                for g in governors
                for d in sentence.out_edges(g)
                if d.relation in (*VERB_SUBJECTS, "obl:agent")
            ]
            subjects = self._args(spans, words, subject=True, frame=frame)
            inherited = inherited or bool(subjects)
        objects = self._args(spans, object_words, subject=False, frame=frame, locative=locative)
        return subjects, objects, inherited

    def _inherited_subject(self, sentence: Sentence, index: int, depth: int = 0) -> list[int]:
        if depth > 2:
            return []
        for dep in sentence.in_edges(index):
            if dep.governor == 0:
                continue
            governor = sentence.token(dep.governor)
            if dep.base == "acl" and dep.relation != "acl:relcl":
                # "forces fighting ISIL": the noun acts. "ISIL's ability to attack", "the
                # Coalition's strategy to defeat ISIL": an undertaking's owner acts. "the
                # campaign to defeat Daesh" (that they lead): whoever carries it out acts.
                lemma = governor.lemma.lower()
                if lemma not in ACTIVITY_NOUNS:
                    return [dep.governor]
                owners = [
                    d.dependent
                    for d in sentence.out_edges(dep.governor)
                    if d.relation in ("nmod:poss", "compound", "nmod:by", "nmod:of", "amod")
                    and _owner_word(sentence.token(d.dependent), d.relation)
                ]
                if owners:
                    return owners
                return [dep.governor, *self._agent_of(sentence, dep.governor, depth + 1)]
            if dep.base == "xcomp" and governor.pos.startswith("VB"):
                # "troops, deployed to help X", "was sent to support X": an open clause's doer
                # is the governor's subject, or the noun a participle describes
                doers = [
                    d.dependent
                    for d in sentence.out_edges(governor.index)
                    if d.relation in (*VERB_SUBJECTS, "obl:agent", "nsubj:pass")
                ]
                if doers:
                    return doers
                return [d.governor for d in sentence.in_edges(governor.index, "acl")]
            if (
                dep.base == "advcl"
                and governor.pos.startswith("VB")
                and any(
                    sentence.token(m.dependent).word.lower() in ("to", "in order")
                    for m in sentence.out_edges(index, "mark")
                )
                and governor.lemma.lower() not in self.frames.accusing_verbs
            ):
                # "sent instructors to support the junta", "is committed to provide": a
                # purpose clause's doer is the main clause's subject; "troops, deployed to
                # help X": the noun the participle describes.
                doers = [
                    d.dependent
                    for d in sentence.out_edges(governor.index)
                    if d.relation in (*VERB_SUBJECTS, "obl:agent", "nsubj:pass")
                ]
                return doers or [d.governor for d in sentence.in_edges(governor.index, "acl")]
            if (
                dep.relation == "nmod:of"
                and sentence.token(index).pos == "VBG"
                and any(
                    d.relation == "obj"
                    and d.governor
                    and sentence.token(d.governor).lemma.lower() in ACCUSING
                    for d in sentence.in_edges(dep.governor)
                )
            ):
                return [dep.governor]  # "accused the army of fighting" read as "army of fighting"
            if dep.base in ("advcl", "dep", "obl"):
                if governor.lemma.lower() in self.frames.accusing_verbs:
                    # "accused Rwanda of arming the rebels"
                    return [d.dependent for d in sentence.out_edges(governor.index, "obj")]
                if sentence.token(index).pos == "VBG":
                    # "..., killing X"; "is committed to supporting X"
                    found = [
                        d.dependent
                        for d in sentence.out_edges(governor.index)
                        if d.relation in (*VERB_SUBJECTS, "nsubj:pass")
                    ]
                    if not found and not governor.pos.startswith("VB"):
                        # "are committed to defeating X" parsed with "to" as the clause head
                        above = [
                            d.governor
                            for d in sentence.in_edges(governor.index)
                            if d.base in ("advcl", "xcomp", "obl", "dep") and d.governor != 0
                        ]
                        if governor.word.lower() == "to" and above:
                            return [
                                d.dependent
                                for d in sentence.out_edges(above[0])
                                if d.relation in (*VERB_SUBJECTS, "nsubj:pass")
                            ]
                        return self._inherited_subject(sentence, governor.index, depth + 1)
                    return found
        return []

    def _as_part_of(self, sentence: Sentence, index: int) -> list[int]:
        """ "The UK, as part of the Coalition, will ...", "working as part of the Coalition to
        defeat X": the whole takes part in what its part does."""
        found: list[int] = []
        frontier = [index]
        seen = {index}
        for _ in range(3):
            governors: list[int] = []
            for current in frontier:
                for dep in sentence.out_edges(current):
                    if dep.relation not in ("obl:as", "nmod:as", "advcl:as", "obl"):
                        continue
                    word = sentence.token(dep.dependent)
                    if word.lemma.lower() not in ("part", "member"):
                        continue
                    found += [d.dependent for d in sentence.out_edges(word.index, "nmod:of")]
                governors += [
                    d.governor
                    for d in sentence.in_edges(current)
                    if d.governor != 0
                    and d.base in ("xcomp", "advcl", "conj")
                    and d.governor not in seen
                ]
            if not governors:
                break
            seen.update(governors)
            frontier = governors
        return found

    def _agent_of(self, sentence: Sentence, index: int, depth: int = 0) -> list[int]:
        """The subject of the clause a noun sits in ("efforts in the campaign" that someone
        leads), a few steps up through objects and prepositional phrases."""
        current = index
        for _ in range(3):
            edges = [d for d in sentence.in_edges(current) if d.governor != 0]
            if not edges:
                return []
            edge = edges[0]
            governor = sentence.token(edge.governor)
            if governor.pos.startswith("VB") and edge.base in ("obj", "obl", "nsubj:pass"):
                return [
                    d.dependent
                    for d in sentence.out_edges(governor.index)
                    if d.relation in (*VERB_SUBJECTS, "obl:agent")
                ] or self._inherited_subject(sentence, governor.index, depth + 1)
            if edge.base not in ("nmod", "obl", "obj", "conj"):
                return []
            current = governor.index
        return []


def _fired_by(sentence: Sentence, edges: list[Dependency]) -> list[int]:
    """ "intercepted missiles fired by Iran", "shot down a drone launched by Hezbollah": the
    parser often hangs the participle on the verb (``dep`` with the weapons as its subject, or
    as the object itself); the weapons are the object, so whoever fired them is acted on."""
    found: list[int] = []
    for dep in edges:
        participle = sentence.token(dep.dependent)
        if (
            participle.pos == "VBN"
            and participle.lemma.lower() in LAUNCHING_VERBS
            and (
                dep.relation == "obj"
                or (
                    dep.relation == "dep"
                    and any(d.relation == "nsubj" for d in sentence.out_edges(participle.index))
                )
            )
        ):
            found += [
                d.dependent
                for d in sentence.out_edges(participle.index)
                if d.relation in ("obl:agent", "obl:by")
            ]
    return found

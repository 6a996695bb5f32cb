"""Relations from the dependency graph: each trigger of loaders/knowledge/frames.py finds its
arguments in the dependency roles its frame names, and each argument is the actor of the mention
there.

Written once per kind of construction, never per sentence:

- verbs: subject nsubj (nsubj:xsubj when controlled: "continued to attack"), obl:agent in the
  passive (where nsubj:pass is the object); objects obj, iobj, obl:<prep>. A verb without a
  subject of its own takes its governor's: the noun a participle modifies ("forces fighting
  ISIL"), the object of an accusation ("accused Turkey of backing"), a participial adverbial's
  subject ("..., killing X").
- nouns: subject nmod:poss, an actor adjective or compound ("Russian airstrikes", "Coalition
  strikes"), nmod:by/from, a copula subject or apposition ("Iran, a key ally of Syria"), else
  the subject of the verb it is the object of ("launched strikes", "the strikes that X carried
  out", "conducted a flurry of calls"); "received support from X" turns it round.
- participles inside a noun phrase: "Russian-backed forces", "regime-held territory".
- coordination comes from enhanced++ (conj propagation); "talks between A and B" and "A and B
  met" relate the members to each other.
- an argument word that is no mention reaches one step down to one ("strikes on ISIL
  positions", "calls to allies in Baghdad").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graph.model import Modality, RelationType
from loaders.knowledge.frames import Frame, FrameLexicon, PosClass
from loaders.knowledge.lexicon import ActorTemplate
from loaders.knowledge.words import words
from loaders.nlp.model import Sentence, Token
from loaders.rules.arguments import CONFIDENCE, Arg, is_passive, prep_of
from loaders.rules.modality import modality_of, requested
from loaders.rules.nouns import NounReading
from loaders.rules.spans import PLACE_TYPES, SentenceSpans

SIDE_BY_SIDE_WEIGHT = 7.4  # CAMEO 062, cooperate militarily


AGAINST_WEIGHT = -10.0  # CAMEO 190, use conventional military force


@dataclass(frozen=True, slots=True)
class Found:
    source: ActorTemplate
    target: ActorTemplate
    type: RelationType
    sentence: int
    trigger: str
    cameo: str | None
    weight: float
    confidence: float
    modality: Modality
    year: int | None
    rule: str = "frame"


AGAINST = ("obl:against", "nmod:against")


BODY_HEAD_ROLES = words("relations", "body_head_roles")


def _offices(spans: SentenceSpans) -> Iterator[Found]:
    """ "RSF leader X", "X, the Hamas spokesman": the person leads or belongs to the group."""
    for span in spans.spans:
        body = span.body.actor if span.body is not None else None
        if body is None or span.actor is None or span.office is None or body.id == span.actor.id:
            continue
        leads = span.office in BODY_HEAD_ROLES
        yield Found(
            source=span.actor,
            target=body,
            type=RelationType.LEADS if leads else RelationType.MEMBER_OF,
            sentence=span.sentence,
            trigger=span.office,
            cameo=None,
            weight=0.0,
            confidence=CONFIDENCE,
            modality=Modality.ASSERTED,
            year=None,
        )


def _may_relate(spans: SentenceSpans) -> bool:
    """Whether a sentence can hold a relation: every argument is an actor one of its spans
    names (or, for a place, that place's state), and a relation joins two different actors.
    About half the sentences of the news name fewer than two and no place: their triggers
    need not be read."""
    actors: set[str] = set()
    for span in spans.spans:
        if span.actor is not None:
            if span.actor.type in PLACE_TYPES:
                return True
            actors.add(span.actor.id)
    return len(actors) >= 2


def _against_frame(sentence: Sentence, token: Token, frames: tuple[Frame, ...]) -> Frame | None:
    """Whatever one does "against" an actor opposes it: "maintained their positions against
    ISIL fighters", "protected the city against the rebels", "voted against Russia"."""
    if any(f.type is RelationType.OPPOSES for f in frames):
        return None
    if not any(d.relation in AGAINST for d in sentence.out_edges(token.index)):
        return None
    if token.pos.startswith("VB"):
        pos: PosClass = "verb"
    elif token.pos.startswith("NN"):
        pos = "noun"
    else:
        return None
    return Frame(
        lemma=token.lemma.lower(),
        pos=pos,
        type=RelationType.OPPOSES,
        cameo="190",
        weight=AGAINST_WEIGHT,
        preps=("against",),
        requires_prep=True,
        actor_object=True,
    )


CONDEMNING = words("relations", "condemning")


def _protesting(sentence: Sentence, token: Token) -> tuple[int, int] | None:
    """The verb whose subject condemns, and the deed condemned: "condemned the strikes",
    "suspended talks in protest at the sales"."""
    lemma = token.lemma.lower()
    if token.pos.startswith("VB") and lemma in CONDEMNING:
        deeds = [d.dependent for d in sentence.out_edges(token.index, "obj")]
        return (token.index, deeds[0]) if deeds else None
    if token.pos.startswith("NN") and lemma in ("protest", "condemnation"):
        verbs = [d.governor for d in sentence.in_edges(token.index, "obl:in") if d.governor]
        for noun in sentence.in_edges(token.index, "nmod:in"):
            # "suspended cooperation in protest at ...": the phrase hangs from the object
            verbs += [d.governor for d in sentence.in_edges(noun.governor, "obj") if d.governor]
        deeds = [
            d.dependent
            for d in sentence.out_edges(token.index)
            if d.relation in ("nmod:at", "nmod:against", "nmod:over", "nmod:of", "nmod:to")
        ]
        if verbs and deeds:
            return verbs[0], deeds[0]
    return None


def _a_deed(found: Found) -> bool:
    # what someone did, not what someone said of another ("condemned", "accused": cameo 11x)
    return found.type is not RelationType.OPPOSES or (found.cameo or "").startswith("19")


def _unowned_deed(spans: SentenceSpans, noun: int, frames: FrameLexicon) -> set[RelationType]:
    """The kinds of relation a deed ("the strikes", "the arms sales") states, when no actor is
    named in its phrase: then it is the deed of someone named before."""
    sentence = spans.sentence
    token = sentence.token(noun)
    if spans.at(noun) is not None or not token.pos.startswith("NN"):
        return set()
    if any(spans.at(d.dependent) is not None for d in sentence.out_edges(noun)):
        return set()  # "condemned Russia's strikes": the owner is named, read by the frame
    if not any(
        sentence.token(d.dependent).word.lower() in ("the", "these", "this", "those")
        for d in sentence.out_edges(noun, "det")
    ):
        return set()
    return {
        f.type
        for f in frames.for_token(sentence, token)
        if f.type in (RelationType.OPPOSES, RelationType.SUPPORTS)
        and (f.type is not RelationType.OPPOSES or (f.cameo or "").startswith("19"))
    }


def _side_by_side(frame: Frame, pairs: list[tuple[Arg, Arg]]) -> list[tuple[Arg, Arg]]:
    """Actors that fight the same enemy in one clause are on one side ("the UK, the Coalition
    and Iraq are committed to defeating ISIL"): each pair of them, once."""
    if frame.type is not RelationType.OPPOSES or frame.inverse:
        return []
    sources: dict[str, Arg] = {}
    for source, target in pairs:
        if source.actor.type not in PLACE_TYPES and target.actor.type not in PLACE_TYPES:
            sources.setdefault(source.actor.id, source)
    return list(_each_pair(list(sources.values())))


def _jointly(sentence: Sentence, index: int, frame: Frame) -> bool:
    """Whether coordinated subjects act with each other: always for a clash ("A and B
    clashed"), for cooperation only when the clause says so ("A and B worked together",
    "fought alongside each other"): "A and B fought" is no alliance between them."""
    if frame.type is not RelationType.SUPPORTS or frame.pos != "verb" or not frame.requires_prep:
        return True
    for dep in sentence.out_edges(index):
        word = sentence.token(dep.dependent).word.lower()
        if dep.base == "advmod" and word in ("together", "jointly"):
            return True
        if dep.base == "obl" and prep_of(dep.relation) in frame.preps:
            return True
    return False


def _each_pair(members: list[Arg]) -> Iterator[tuple[Arg, Arg]]:
    for position, first in enumerate(members):
        for second in members[position + 1 :]:
            if first.actor.id != second.actor.id:
                yield first, second


class RelationReader(NounReading):
    def read(self, found: list[SentenceSpans], reference_year: int) -> list[Found]:
        relations: list[Found] = []
        for spans in found:
            if _may_relate(spans):
                relations.extend(self._sentence(spans, reference_year))
            relations.extend(_offices(spans))
            relations.extend(self._condemned_deeds(spans, relations, reference_year))
        return relations

    def _condemned_deeds(
        self, spans: SentenceSpans, earlier: list[Found], reference_year: int
    ) -> Iterator[Found]:
        """ "Jets struck the camps, and Kabul condemned the strikes", "suspended talks in
        protest at the arms sales": condemning a deed no owner is named with opposes whoever
        the article last said did such a deed (in this sentence or the two before: news often
        puts one of background between)."""
        sentence = spans.sentence
        recent = [f for f in earlier if sentence.index - 2 <= f.sentence <= sentence.index]
        if not recent:
            return
        for token in sentence.tokens:
            protester = _protesting(sentence, token)
            if protester is None:
                continue
            verb, deed = protester
            kinds = _unowned_deed(spans, deed, self.frames)
            deeds = [f for f in recent if f.type in kinds and _a_deed(f)]
            frame = next(iter(self.frames.frames.get(("condemn", "verb"), ())), None)
            if not deeds or frame is None:
                continue
            subjects = self._verb(spans, verb, frame)[0]
            target, other = deeds[-1].source, deeds[-1].target
            modality, year = modality_of(sentence, verb, self.frames, reference_year)
            for subject in subjects:
                if subject.actor.id in (target.id, other.id):
                    continue
                if subject.actor.type in PLACE_TYPES or target.type in PLACE_TYPES:
                    continue
                yield Found(
                    source=subject.actor,
                    target=target,
                    type=RelationType.OPPOSES,
                    sentence=sentence.index,
                    trigger=token.word.lower(),
                    cameo=frame.cameo,
                    weight=frame.weight,
                    confidence=round(0.8 * CONFIDENCE * subject.factor, 3),
                    modality=modality,
                    year=year,
                )

    def _sentence(self, spans: SentenceSpans, reference_year: int) -> Iterator[Found]:
        sentence = spans.sentence
        # the few words with an "against" phrase, so the rest need not look at their edges
        countering = {d.governor for d in sentence.dependencies if d.relation in AGAINST}
        for token in sentence.tokens:
            named = spans.at(token.index)
            if named is not None and (
                named.kind == "generic" or (named.kind == "name" and named.first != named.last)
            ):
                # "the opposition", "the resistance": an actor, not what one does; "Rapid
                # Support Forces", "Tigray Defence Forces": a word of a name is no trigger
                continue
            frames = self.frames.for_token(sentence, token)
            if token.index in countering:
                against = _against_frame(sentence, token, frames)
                if against is not None:
                    frames = (*frames, against)
            if not frames:
                continue
            modality: tuple[Modality, int | None] | None = None
            for frame in frames:
                pairs, carrier, inherited = self._arguments(spans, token.index, frame)
                if not pairs:
                    continue
                companions = self._companions(spans, token.index, frame)
                # "defended the city alongside the Joint Forces", "fought alongside X against
                # Y": a companion shares the patient, and is the subject's ally
                pairs = pairs + [
                    (companion, target)
                    for companion in companions
                    for _, target in pairs
                    if companion.actor.id != target.actor.id
                ]
                if requested(sentence, token.index, carrier):
                    continue
                if modality is None:
                    modality = modality_of(
                        sentence, token.index, self.frames, reference_year, carrier
                    )
                if frame.planned and modality[0] is Modality.ASSERTED:
                    modality = (Modality.PLANNED, modality[1])  # "pledged to back X"
                allies = (
                    _side_by_side(frame, pairs)
                    if not frame.joint
                    and not self._as_part_of(sentence, token.index)
                    and not is_passive(sentence, token.index)
                    else []
                )  # a part and its whole are not allies: the part is a member
                allies += [
                    (source, companion)
                    for companion in companions
                    for source in {s.actor.id: s for s, _ in pairs if s not in companions}.values()
                    if source.actor.id != companion.actor.id
                ]
                allies += [(b, a) for a, b in allies]  # on one side: each backs the other
                for ally, other in allies:
                    yield Found(
                        source=ally.actor,
                        target=other.actor,
                        type=RelationType.SUPPORTS,
                        sentence=sentence.index,
                        trigger=token.word.lower(),
                        cameo="062",
                        weight=SIDE_BY_SIDE_WEIGHT,
                        confidence=round(0.6 * min(ally.factor, other.factor), 3),
                        modality=modality[0],
                        year=modality[1],
                        rule="side by side",
                    )
                for source, target in pairs:
                    found = self._checked(frame, source, target)
                    if found is None:
                        continue
                    source_actor, target_actor = found
                    confidence = CONFIDENCE * min(source.factor, target.factor)
                    if inherited:
                        confidence *= 0.9
                    if modality[0] is Modality.CLAIMED:
                        confidence *= 0.9
                    yield Found(
                        source=source_actor,
                        target=target_actor,
                        type=frame.type,
                        sentence=sentence.index,
                        trigger=token.word.lower(),
                        cameo=frame.cameo,
                        weight=frame.weight,
                        confidence=round(confidence, 3),
                        modality=modality[0],
                        year=modality[1],
                        rule=frame.source,
                    )

    def _companions(self, spans: SentenceSpans, index: int, frame: Frame) -> list[Arg]:
        """Who acts "alongside" the subject of a verb (not of the frames that are about
        acting alongside, which relate them already)."""
        if frame.pos != "verb" or frame.joint or "alongside" in frame.preps:
            return []
        lemma = spans.sentence.token(index).lemma.lower()
        if lemma in self.frames.accusing_verbs or lemma in self.frames.reporting_verbs:
            return []  # "accused Rwanda of deploying troops alongside the rebels" misparsed
        words = [
            d.dependent
            for d in spans.sentence.out_edges(index)
            if d.relation in ("obl:alongside", "nmod:alongside")
        ]
        return self._args(spans, words, subject=True, frame=frame) if words else []

    def _arguments(
        self, spans: SentenceSpans, index: int, frame: Frame
    ) -> tuple[list[tuple[Arg, Arg]], int | None, bool]:
        """(subject, object) pairs, the verb a nominal trigger hangs from, and whether the
        subject was inherited from another clause."""
        sentence = spans.sentence
        carrier: int | None = None
        inherited = False
        if frame.compound:
            subjects, objects = self._participle(spans, index, frame)
        elif frame.pos == "verb":
            subjects, objects, inherited = self._verb(spans, index, frame)
        elif frame.pos == "noun":
            subjects, objects, carrier = self._noun(spans, index, frame)
        else:
            subjects, objects = self._adjective(spans, index, frame)
        pairs: list[tuple[Arg, Arg]] = []
        if frame.joint:
            members = self._between(spans, index, frame)
            if not objects and len(subjects) >= 2 and _jointly(sentence, index, frame):
                members = subjects
                subjects = []
            pairs.extend(_each_pair(members))
            if members and frame.type is RelationType.CALLS and frame.pos == "noun":
                pairs.extend(
                    (host, member)
                    for host in self._hosts(spans, index, frame)
                    for member in members
                    if host.actor.id != member.actor.id
                )
            if frame.type is RelationType.SUPPORTS:
                # cooperation between A and B: each backs the other
                pairs.extend((b, a) for a, b in _each_pair(members))
        for subject in subjects:
            for target in objects:
                if subject.actor.id != target.actor.id:
                    pairs.append((target, subject) if frame.inverse else (subject, target))
                    if (
                        frame.joint
                        and frame.type is RelationType.SUPPORTS
                        and ("alongside" in frame.preps)
                    ):
                        pairs.append((target, subject))  # side by side: each backs the other
        del sentence
        return pairs, carrier, inherited

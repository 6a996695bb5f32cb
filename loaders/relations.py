"""Relations from the dependency graph: each trigger of loaders/frames.py finds its arguments
in the dependency roles its frame names, and each argument is the actor of the mention there.

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

from graph.model import ActorType, Modality, RelationType
from loaders.frames import Frame, FrameLexicon, PosClass
from loaders.lexicon import ActorTemplate, Lexicon
from loaders.mentions import PLACE_TYPES, SentenceSpans, Span
from loaders.modality import modality_of, requested
from loaders.nlp.model import Sentence, Token

VERB_SUBJECTS = ("nsubj", "nsubj:xsubj")
NOUN_OWNERS = ("nmod:poss", "amod", "compound")
# One step from an argument word that is no mention to one that is ("ISIL positions", "the
# coalition's airstrikes", "calls to allies in Baghdad")...
REACH = ("compound", "nmod:poss", "nmod:of", "amod", "appos", "nmod:in", "nmod:from")
REACH_SUBJECT = ("compound", "nmod:poss", "nmod:of", "amod", "appos")
# ...but not from nouns whose owner is not the one acting or acted on: "our allies" are not
# us, "his family" is not him, "his death" does not act.
RELATIONAL = frozenset(
    [
        "ally",
        "allies",
        "partner",
        "partners",
        "friend",
        "friends",
        "supporter",
        "supporters",
        "backer",
        "backers",
        "family",
        "families",
        "relative",
        "relatives",
        "people",
        "child",
        "children",
        "wife",
        "husband",
        "son",
        "sons",
        "daughter",
        "daughters",
        "brother",
        "brothers",
        "sister",
        "sisters",
        "colleague",
        "colleagues",
        "counterpart",
        "counterparts",
        "neighbour",
        "neighbours",
        "neighbor",
        "neighbors",
        "enemy",
        "enemies",
        "foe",
        "foes",
        "rival",
        "rivals",
        "opponent",
        "opponents",
        "critic",
        "critics",
        "victim",
        "victims",
    ]
)
# Nouns whose owner acts through them or is hit through them: "ISIL's positions", "the
# coalition's airstrikes", "Moscow's air power", "their efforts".
# Verbs whose passive subject takes part: "X was involved in the use of ... against Y".
PARTICIPATING = frozenset({"involve", "engage", "implicate"})
POSS_HEADS = frozenset(
    [
        "position",
        "target",
        "base",
        "facility",
        "vehicle",
        "convoy",
        "headquarters",
        "station",
        "stronghold",
        "territory",
        "unit",
        "fighter",
        "member",
        "leader",
        "commander",
        "official",
        "soldier",
        "troop",
        "force",
        "militant",
        "camp",
        "site",
        "depot",
        "weapon",
        "tank",
        "checkpoint",
        "outpost",
        "infrastructure",
        "network",
        "cell",
        "operation",
        "effort",
        "campaign",
        "offensive",
        "advance",
        "power",
        "aircraft",
        "jet",
        "plane",
        "drone",
        "artillery",
        "militia",
        "army",
        "navy",
        "strike",
        "airstrike",
        "attack",
        "raid",
        "assault",
        "bombing",
        "shelling",
        "missile",
        "rocket",
        "hideout",
        "warplane",
        "helicopter",
        "gunship",
        "bomber",
        "warship",
        "ship",
        "vessel",
        "submarine",
    ]
)
# Of those, the things one hits, which do not act: "ISIL targets, which include ...".
TARGET_HEADS = frozenset(
    [
        "position",
        "target",
        "base",
        "facility",
        "headquarters",
        "station",
        "stronghold",
        "territory",
        "camp",
        "site",
        "depot",
        "checkpoint",
        "outpost",
        "infrastructure",
        "hideout",
    ]
)
PEOPLE_HEADS = frozenset(
    [
        "member",
        "members",
        "leader",
        "leaders",
        "official",
        "officials",
        "representative",
        "representatives",
        "delegation",
        "delegations",
        "envoy",
        "envoys",
        "minister",
        "ministers",
        "commander",
        "commanders",
        "militant",
        "militants",
        "fighter",
        "fighters",
        "soldier",
        "soldiers",
        "troops",
        "personnel",
        "adviser",
        "advisers",
        "advisor",
        "advisors",
        "trainer",
        "trainers",
        "instructor",
        "instructors",
        "peacekeeper",
        "peacekeepers",
        "mercenary",
        "mercenaries",
        "contractor",
        "contractors",
        "operative",
        "operatives",
        "diplomat",
        "diplomats",
        "pilot",
        "pilots",
        "negotiator",
        "negotiators",
        "monitor",
        "monitors",
        "observer",
        "observers",
    ]
)
# A state's people abroad, targeted for being its ("attacked Chinese engineers"): the state is
# the one hit; as subjects they are not the state ("Kenyan workers protested").
CITIZEN_HEADS = frozenset(
    ["national", "nationals", "citizen", "citizens", "engineer", "engineers", "worker", "workers"]
)
NOT_AGENTS = frozenset(
    [
        "death",
        "deaths",
        "loss",
        "losses",
        "absence",
        "fall",
        "collapse",
        "defeat",
        "killing",
        "arrest",
        "injury",
        "injuries",
        "resignation",
        "departure",
        "demise",
        "ability",
        "abilities",
        "capacity",
        "association",
        "associations",
        "fate",
        "funeral",
        "body",
        "health",
    ]
)
# Nouns an actor named with them does not stand behind as the one acted on: words, ideas and
# events, not things or people ("rejected the Russian proposal" is not an act on Russia's
# people; "Russian forces" is, by the lists above).
NOT_OWNED = (
    frozenset(
        [
            "proposal",
            "plan",
            "statement",
            "claim",
            "report",
            "position",
            "policy",
            "decision",
            "demand",
            "offer",
            "request",
            "law",
            "election",
            "elections",
            "vote",
            "referendum",
            "border",
            "sovereignty",
            "language",
            "news",
            "media",
            "version",
            "account",
            "narrative",
            "people",
            "citizen",
            "citizens",
            "national",
            "nationals",
            "civilian",
            "civilians",
            "refugee",
            "refugees",
            "migrant",
            "migrants",
            "worker",
            "workers",
            "engineer",
            "engineers",
        ]
    )
    | NOT_AGENTS
)
# Undertakings whose owner (or else whoever carries them out) does what their infinitive
# says: "ISIL's ability to attack", "the Coalition's strategy to defeat ISIL".
ACTIVITY_NOUNS = frozenset(
    [
        "effort",
        "campaign",
        "operation",
        "mission",
        "fight",
        "struggle",
        "strategy",
        "plan",
        "bid",
        "attempt",
        "drive",
        "push",
        "offensive",
        "determination",
        "commitment",
        "resolve",
        "ability",
        "capacity",
        "capability",
        "readiness",
        "willingness",
        "intention",
        "decision",
        "move",
        "role",
        "action",
        "initiative",
        "policy",
        "pledge",
        "promise",
        "vow",
        "threat",
        "order",
        "call",
        "war",
    ]
)
# Nouns for a place or a part of one, which the place they are "of" stands for: "the town of
# Paletwa", "Borno state", "most of Port-au-Prince", "the outskirts of Sirte".
PLACE_WORDS = frozenset(
    [
        "town",
        "city",
        "village",
        "port",
        "settlement",
        "township",
        "district",
        "province",
        "region",
        "county",
        "governorate",
        "state",
        "prefecture",
        "area",
        "part",
        "most",
        "much",
        "half",
        "rest",
        "swathe",
        "outskirts",
        "centre",
        "center",
        "capital",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "district",
    ]
)
# What one gives to help: funding "training for X" supports X.
AID_NOUNS = frozenset(
    [
        "training",
        "aid",
        "assistance",
        "support",
        "help",
        "equipment",
        "weapon",
        "arms",
        "funding",
        "supply",
        "ammunition",
        "protection",
        "backing",
        "reinforcement",
        "loan",
        "money",
    ]
)
# Verbs whose subject and object take part together in what they are "for": "joined X for
# talks".
JOINING_VERBS = frozenset(["join", "accompany"])
# Prepositions that say where something happened; a state after them is a place, not a party.
LOCATIVE = frozenset({"in", "across", "near", "around", "inside", "throughout", "within"})
CONFIDENCE = 0.85
SIDE_BY_SIDE_WEIGHT = 7.4  # CAMEO 062, cooperate militarily
AGAINST_WEIGHT = -10.0  # CAMEO 190, use conventional military force
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


class RelationReader:
    def __init__(self, frames: FrameLexicon, lexicon: Lexicon) -> None:
        self.frames = frames
        self.lx = lexicon

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
                    and not _passive(sentence, token.index)
                    else []
                )  # a part and its whole are not allies: the part is a member
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

    # -- arguments -----------------------------------------------------------------------------

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
        del sentence
        return pairs, carrier, inherited

    def _verb(
        self, spans: SentenceSpans, index: int, frame: Frame
    ) -> tuple[list[Arg], list[Arg], bool]:
        sentence = spans.sentence
        edges = sentence.out_edges(index)
        passive = any(d.relation in ("nsubj:pass", "aux:pass") for d in edges)
        subject_words = [
            _antecedent(sentence, index, d.dependent) for d in edges if d.relation in VERB_SUBJECTS
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
            preps = (*frame.preps, *CONSUMED_PREPS)
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
                if d.base == "nmod" and _prep(d.relation) in preps
            ]
            object_words += [
                d.dependent
                for d in edges
                if d.base == "obl" and _prep(d.relation) in CONSUMED_PREPS
            ]
        elif not frame.requires_prep and (
            not frame.with_object or any(d.relation == "obl:with" for d in edges)
        ):
            object_words += [d.dependent for d in edges if d.relation in ("obj", "iobj")]
        # "handed Lashio back to the army": a phrase the parser hung on the particle
        particles = [
            d.dependent
            for d in edges
            if d.relation in ("advmod", "compound:prt")
            and sentence.token(d.dependent).word.lower() in PARTICLE_WORDS
        ]
        edges = [*edges, *(d for p in particles for d in sentence.out_edges(p) if d.base == "obl")]
        object_words += [
            d.dependent for d in edges if d.base == "obl" and _prep(d.relation) in frame.preps
        ]
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
                if d.base == "nmod" and _prep(d.relation) in frame.preps
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
            d.dependent for d in edges if d.base == "obl" and _prep(d.relation) in LOCATIVE
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

    def _noun(
        self, spans: SentenceSpans, index: int, frame: Frame
    ) -> tuple[list[Arg], list[Arg], int | None]:
        sentence = spans.sentence
        edges = sentence.out_edges(index)
        subject_words: list[int] = []
        object_words = [
            d.dependent for d in edges if d.base == "nmod" and _prep(d.relation) in frame.preps
        ]
        locative = frozenset(
            d.dependent for d in edges if d.base == "nmod" and _prep(d.relation) in LOCATIVE
        )
        if frame.agent_noun:
            # "Assad's backers", "an ally of Syria": the owner is the one supported; but "the
            # African Union's mediator" is the union's agent, not its counterpart.
            if frame.type is not RelationType.CALLS:
                object_words += [d.dependent for d in edges if d.relation == "nmod:poss"]
            if any(d.relation == "cop" for d in edges):  # "Iran is an ally of Syria"
                subject_words += [d.dependent for d in edges if d.relation == "nsubj"]
            subject_words += [d.governor for d in sentence.in_edges(index, "appos")]
            # "Oman served as a go-between", "Qatar acts as mediator": the verb's subject
            for dep in sentence.in_edges(index):
                if dep.governor and dep.relation in ("obl:as", "xcomp"):
                    subject_words += [
                        _antecedent(sentence, dep.governor, d.dependent)
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
                if d.base == "nmod" and _prep(d.relation) in (*frame.subject_preps, "by")
            ]
            if frame.type is RelationType.CONTROLS:
                # "the city, which had been under regime control": the copula subject is
                # the place controlled, the modifiers the controller.
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
                if d.base == "obl" and _prep(d.relation) in ("against", "on", "targeting")
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
                their_subjects = [
                    d.dependent
                    for d in sentence.out_edges(governor)
                    if d.relation in subject_relations
                ] or self._inherited_subject(sentence, governor)
                if lemma in self.frames.receiving_verbs and relation in ("obj", "nsubj:pass"):
                    object_words += their_subjects  # "Syria received support from Iran"
                    subject_words += [
                        d.dependent
                        for d in sentence.out_edges(governor)
                        if d.relation in ("obl:from", "obl:by")
                    ]
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
                        and _prep(d.relation) in frame.preps
                        and _prep(d.relation) not in LOCATIVE
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
                _prep(d.relation) in frame.preps
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
            _antecedent(sentence, d.governor, subject.dependent)
            for d in sentence.in_edges(index, "obj")
            if d.governor and sentence.token(d.governor).lemma.lower() in HOSTING_VERBS
            for subject in sentence.out_edges(d.governor)
            if subject.relation in VERB_SUBJECTS
        ]
        return self._args(spans, words, subject=True, frame=frame)

    def _between(self, spans: SentenceSpans, index: int, frame: Frame) -> list[Arg]:
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

    # -- from words to actors --------------------------------------------------------------------

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
        if span is not None and span.kind in ("generic", "organ"):
            return []  # "the Syrian opposition", "foreign troops": not the state they name
        sentence = spans.sentence
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
        # "the African Union envoy in Addis Ababa": the owner the phrase names wins over where
        # its head is.
        reached = reached or located
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


AGAINST = ("obl:against", "nmod:against")
# Prepositions whose object is the one acted on when a dictionary pattern's noun is the verb's
# object: "recalled its ambassador from Senegal", "issued a threat to Israel".
CONSUMED_PREPS = ("to", "from", "with", "against", "for")
MEDIA = frozenset(["phone", "telephone", "video", "link", "videoconference", "call", "letter"])
PARTICLE_WORDS = frozenset(["back", "over", "out", "off", "away", "up", "down"])


def _rules_a_state(source: ActorTemplate, target: ActorTemplate) -> bool:
    """ "The Taliban rule Afghanistan": an armed group can hold a whole state; a state
    controlling another state is war or influence, which other frames say."""
    return source.type is ActorType.ARMED_GROUP and target.type is ActorType.STATE


# Offices whose holder leads the group or organisation they are of ("RSF leader X"); any other
# office ("a Hamas spokesman") makes a member of it.
BODY_HEAD_ROLES = frozenset(
    [
        "leader",
        "commander",
        "chief",
        "head",
        "chairman",
        "founder",
        "emir",
        "president",
        "secretary general",
    ]
)


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


def _in_phrase(sentence: Sentence, index: int) -> bool:
    """ "in support of", "in solidarity with": the noun heads a phrase with "in"."""
    return any(
        sentence.token(d.dependent).word.lower() == "in" for d in sentence.out_edges(index, "case")
    )


# Verbs that praise someone for a deed ("thanked X for its support").
THANKING = frozenset(["thank", "praise", "commend", "hail", "laud", "credit", "applaud"])
# Verbs that accuse someone of a deed ("accused X of arming Y").
ACCUSING = frozenset(
    ["accuse", "blame", "charge", "suspect", "fault", "condemn", "criticize", "criticise"]
)
# Verbs whose subject receives the sides of talks, and so meets them; a broker or facilitator
# may work at a distance, through envoys.
HOSTING_VERBS = frozenset(["host", "convene", "chair"])
# Verbs that condemn a deed, and so whoever did it.
CONDEMNING = frozenset(
    ["condemn", "denounce", "deplore", "decry", "criticize", "criticise", "slam", "protest"]
)


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


def _antecedent(sentence: Sentence, verb: int, word: int) -> int:
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
    governors = [d.governor for d in sentence.in_edges(word) if d.relation == "appos"]
    if span.first > 2 and sentence.token(span.first - 1).word == ",":
        governors.append(span.first - 2)
    for index in governors:
        other = spans.at(index) if index > 0 else None
        if other is not None and other.actor is not None and other.actor.type in PLACE_TYPES:
            return True
    return False


def _owner_word(token: Token, relation: str) -> bool:
    """An adjective owns an undertaking only as a demonym ("Iraqi efforts"), never as a plain
    adjective ("military efforts")."""
    if relation == "amod" or token.pos.startswith("JJ"):
        return token.ner != "O"
    return True


def _prep(relation: str) -> str:
    """'obl:against' -> 'against'; 'nmod:according_to' -> 'according_to'."""
    return relation.split(":", 1)[1] if ":" in relation else ""


def _passive(sentence: Sentence, index: int) -> bool:
    """ "X was designated a terrorist group by A and B": agents of a passive each took a
    stance on X, which says nothing of acting together."""
    return any(d.relation in ("nsubj:pass", "aux:pass") for d in sentence.out_edges(index))


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
        if dep.base == "obl" and _prep(dep.relation) in frame.preps:
            return True
    return False


def _each_pair(members: list[Arg]) -> Iterator[tuple[Arg, Arg]]:
    for position, first in enumerate(members):
        for second in members[position + 1 :]:
            if first.actor.id != second.actor.id:
                yield first, second

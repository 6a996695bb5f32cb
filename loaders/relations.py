"""Typed, evidenced relations between the actors of one sentence.

A trigger (verb or noun from the lexicon) is found, then its object is looked for to the right
(after the trigger, or after one of its prepositions) and its subject by rules that go beyond
"nearest entity": a passive ``by`` agent, a possessor ("Tehran's support"), demonym adjectives
("Syrian and Russian airstrikes"), an appositive head ("Russia, another backer of Assad"), the
clause subject to the left skipping prepositional phrases, or the subject after a fronted phrase
("In a call with X, Lavrov ..."). Coordinated arguments ("Iran and Russia") all take part.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

from graph.model import ActorType, Modality, RelationType
from loaders.lexicon import Lexicon, Trigger
from loaders.recognize import Mention, Reading
from loaders.text import Sentence, Token

_BE = frozenset(["is", "are", "was", "were", "be", "been", "being"])
_AUX = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "can",
        "may",
        "might",
        "must",
        "should",
        "shall",
        "do",
        "does",
        "did",
        "to",
        "'ll",
        "'re",
        "'ve",
    ]
)
_NOUN_CUES = frozenset(
    [
        "a",
        "an",
        "the",
        "its",
        "his",
        "her",
        "their",
        "our",
        "my",
        "this",
        "that",
        "these",
        "those",
        "'s",
        "of",
        "for",
        "in",
        "on",
        "with",
        "any",
        "no",
        "another",
        "every",
        "each",
        "such",
    ]
)
_VERB_CUES = frozenset(
    ["he", "she", "it", "they", "we", "i", "who", "which", "also", "to", "not", "never", "then"]
)
_OBJECT_STOP = frozenset(
    [
        ".",
        ";",
        ":",
        "(",
        ")",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "while",
        "but",
        "because",
        "when",
        "where",
        "although",
        "though",
        "if",
        "unless",
        "after",
        "before",
        "since",
        "until",
        "whether",
        "so",
        "then",
        "said",
        "says",
    ]
)
_SKIPPABLE_MAX = 5
_SPEECH_BOUNDARY = frozenset({";", ":", "\u201c", '"', "\u2018"})
_FRONTING = frozenset(["in", "during", "after", "following", "at", "amid", "before", "on", "with"])
_YEAR = re.compile(r"^(1[89][0-9]{2}|20[0-9]{2})$")

_NEGATION = frozenset(
    ["not", "n't", "never", "no", "without", "denied", "deny", "denies", "refused", "refuses"]
)
_HYPOTHETICAL = frozenset(
    [
        "could",
        "might",
        "may",
        "would",
        "should",
        "if",
        "unless",
        "whether",
        "potentially",
        "possibly",
        "perhaps",
        "hypothetically",
        "scenario",
    ]
)
_PLANNED = frozenset(
    [
        "will",
        "'ll",
        "plans",
        "plan",
        "planned",
        "intends",
        "intend",
        "set",
        "expected",
        "pledged",
        "vowed",
        "vows",
        "pledges",
        "going",
        "aims",
        "seeks",
    ]
)
_REPORTING = frozenset(
    [
        "said",
        "says",
        "claimed",
        "claims",
        "claiming",
        "reported",
        "reports",
        "reporting",
        "alleged",
        "alleges",
        "according",
        "purporting",
        "purported",
        "insisted",
        "insists",
        "announced",
        "announces",
        "stated",
        "states",
        "told",
    ]
)
_PLACE = frozenset({ActorType.CITY, ActorType.REGION})
_AGENT_NOUNS = frozenset(
    [
        "fighters",
        "militants",
        "insurgents",
        "rebels",
        "gunmen",
        "jihadists",
        "members",
        "troops",
        "soldiers",
        "forces",
        "units",
        "militiamen",
    ]
)
_INTENT_NOUNS = frozenset(
    [
        "commitment",
        "efforts",
        "effort",
        "determination",
        "bid",
        "attempt",
        "attempts",
        "campaign",
        "resolve",
        "plan",
        "plans",
        "readiness",
        "willingness",
        "pledge",
        "decision",
        "intention",
        "ability",
    ]
)
_GROUPS = frozenset(
    [
        "allies",
        "partners",
        "counterparts",
        "counterpart",
        "officials",
        "leaders",
        "leader",
        "authorities",
        "representatives",
        "envoys",
        "governments",
        "government",
        "friends",
        "neighbours",
        "neighbors",
    ]
)
_SOURCES = frozenset(
    [
        "officials",
        "sources",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ministry",
        "army",
        "group",
        "statement",
        "witnesses",
        "activists",
        "residents",
        "monitors",
        "observers",
    ]
)
_CONTROL_SUFFIXES = ("-controlled", "-held", "-occupied", "-run")


@dataclass(frozen=True)
class FoundRelation:
    source: str
    target: str
    type: RelationType
    sentence: int
    trigger: str
    cameo: str | None
    weight: float
    confidence: float
    modality: Modality
    year: int | None


class RelationFinder:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lx = lexicon

    def find(self, reading: Reading, reference_year: int) -> list[FoundRelation]:
        found: dict[tuple[str, str, RelationType, int], FoundRelation] = {}
        for index, sentence in enumerate(reading.sentences):
            mentions = reading.mentions[index]
            if len(mentions) + len(reading.demonyms[index]) < 2 and not mentions:
                continue
            context = _Sentence(self, reading, index, sentence, mentions, reference_year)
            for relation in context.relations():
                key = (relation.source, relation.target, relation.type, index)
                if key not in found or found[key].confidence < relation.confidence:
                    found[key] = relation
        return list(found.values())


class _Sentence:
    def __init__(
        self,
        finder: RelationFinder,
        reading: Reading,
        index: int,
        sentence: Sentence,
        mentions: list[Mention],
        reference_year: int,
    ) -> None:
        self.lx = finder.lx
        self.reading = reading
        self.index = index
        self.tokens: tuple[Token, ...] = sentence.tokens
        self.words = [t.lower for t in self.tokens]
        self.mentions = mentions
        self.demonyms = reading.demonyms[index]
        self.reference_year = reference_year
        self._between = False
        self.at: dict[int, Mention] = {}
        for m in mentions:
            for k in range(m.i, m.j):
                self.at.setdefault(k, m)

    # -- helpers -----------------------------------------------------------------------------

    def actor_type(self, actor_id: str) -> ActorType:
        return self.reading.actors[actor_id].template.type

    def starting_at(self, k: int) -> Mention | None:
        m = self.at.get(k)
        return m if m is not None and m.i == k else None

    # -- triggers ----------------------------------------------------------------------------

    def relations(self) -> list[FoundRelation]:
        results: list[FoundRelation] = []
        tokens = self.tokens
        k = 0
        while k < len(tokens):
            if k in self.at or tokens[k].lower not in self.lx.trigger_first_words:
                if "-" in tokens[k].text:
                    results.extend(self._hyphen_control(k))
                k += 1
                continue
            match = self._trigger_at(k)
            if match is None:
                k += 1
                continue
            trigger, end = match
            results.extend(self._apply(trigger, k, end))
            k = end
        results.extend(self._under_control())
        return results

    def _trigger_at(self, k: int) -> tuple[Trigger, int] | None:
        tokens = self.tokens
        for length in range(6, 0, -1):
            if k + length > len(tokens):
                continue
            key = tuple(t.lower for t in tokens[k : k + length])
            candidates = self.lx.triggers.get(key)
            if not candidates:
                continue
            pos = self._part_of_speech(k, key[0])
            chosen = [c for c in candidates if c.pos == pos]
            if not chosen and len({c.pos for c in candidates}) == 1:
                gerund_as_noun = (
                    key[0].endswith("ing")
                    and pos == "noun"
                    and k > 0
                    and (tokens[k - 1].lower in _NOUN_CUES or tokens[k - 1].lower.endswith("ed"))
                )
                # "the training", "the continued supporting role": not the verb.
                chosen = [] if gerund_as_noun else list(candidates)
            if chosen:
                return chosen[0], k + length
        return None

    def _part_of_speech(self, k: int, word: str) -> str:
        """Verb or noun, for words that can be both ("support", "attack", "call", "ally")."""
        before = self.tokens[k - 1].lower if k > 0 else ""
        if word.endswith("ing") and before in self.lx.locative_preps:
            return "verb"  # a gerund keeps its object: "in helping Damascus", "of repelling"
        if before in _NOUN_CUES or _YEAR.match(before) or before.isdigit():
            return "noun"
        if before in _AUX or before in _VERB_CUES or before.endswith("ly"):
            return "verb"
        previous = self.at.get(k - 1)
        if previous is not None:
            return "noun" if previous.possessive else "verb"
        if word.endswith("ed"):
            return "verb"
        following = self.tokens[k + 1].lower if k + 1 < len(self.tokens) else ""
        if (k + 1) in self.at or following in ("the", "a", "an", "its", "their", "his", "her"):
            return "verb"  # a direct object follows: "to degrade and defeat ISIL"
        return "noun"

    # -- argument attachment --------------------------------------------------------------

    def _apply(self, trigger: Trigger, start: int, end: int) -> list[FoundRelation]:
        tokens = self.tokens
        if end < len(tokens) and tokens[end].lower in trigger.not_before:
            return []
        if start > 0 and tokens[start - 1].lower in trigger.not_after:
            return []
        if trigger.words == ("call",) and self._naming(end):
            return []
        objects, object_end, object_cost = self._objects(trigger, end)
        if self._between:
            # "cooperation between X and Y", "talks between X and Y": the pair relates;
            # with one party unrecognised there is nothing to say.
            return (
                self._pairs(trigger, start, end, objects, object_cost) if len(objects) >= 2 else []
            )
        participle = tokens[start].lower.endswith(("ed", "en", "ken", "ld", "ht", "led"))
        passive = (
            trigger.pos == "verb"
            and participle
            and (
                (start > 0 and tokens[start - 1].lower in _BE)
                or (start > 1 and tokens[start - 2].lower in _BE)
                or (end < len(tokens) and tokens[end].lower == "by")  # "the group, led by X"
            )
        )
        subjects: list[Mention] = []
        subject_cost = 0.0
        if passive:
            agent = self._by_agent(object_end if objects else end)
            if agent:
                # "Aleppo was captured by HTS": the left mention is the patient.
                patients = self._left_subjects(start)
                if patients:
                    return self._emit(trigger, start, end, agent, patients, 0.1)
            return []
        if trigger.pos == "noun":
            subjects, subject_cost = self._noun_subjects(start, end, object_end)
        if not subjects:
            subjects = self._left_subjects(start)
            subject_cost = 0.15 if subjects else 0.0
        if not subjects:
            subjects = self._fronted_subject(start, object_end)
            subject_cost = 0.3
        if not subjects:
            return []
        if trigger.inverse:
            if not objects:
                return []
            return self._emit(trigger, start, end, objects, subjects, object_cost + subject_cost)
        allies: list[FoundRelation] = []
        if objects and trigger.type is RelationType.OPPOSES and len(subjects) >= 2:
            # Fighting the same enemy side by side is what makes military allies.
            alongside = Trigger(trigger.words, trigger.pos, RelationType.SUPPORTS, "062", 7.4)
            allies = self._pairs(alongside, start, end, subjects, subject_cost + 0.15)
        if not objects:
            if trigger.joint and len(subjects) >= 2:
                # "The Prime Minister and President Hollande discussed ...".
                return self._pairs(trigger, start, end, subjects, subject_cost)
            return []
        found = self._emit(trigger, start, end, subjects, objects, object_cost + subject_cost)
        return found + allies

    def _naming(self, end: int) -> bool:
        """ "calls ISIL presence a tragedy", "called it a crime": naming, not a call."""
        tokens = self.tokens
        for k in range(end, min(end + 6, len(tokens))):
            if tokens[k].lower in ("a", "an") and k > end:
                return True
            if tokens[k].text in (".", ";", ","):
                return False
        return False

    def _pairs(
        self, trigger: Trigger, start: int, end: int, members: list[Mention], cost: float
    ) -> list[FoundRelation]:
        results = []
        for a, first in enumerate(members):
            for second in members[a + 1 :]:
                results.extend(self._emit(trigger, start, end, [first], [second], cost))
                if not trigger.type.symmetric:
                    results.extend(self._emit(trigger, start, end, [second], [first], cost))
        return results

    def _objects(self, trigger: Trigger, end: int) -> tuple[list[Mention], int, float]:
        tokens = self.tokens
        self._between = False
        k = end
        while k < len(tokens) and tokens[k].lower.endswith("ly") and k not in self.at:
            k += 1  # adverbs: "met separately with"
        if (
            trigger.pos == "noun"
            and k + 2 < len(tokens)
            and tokens[k].lower.endswith("ed")
            and (tokens[k + 1].lower in trigger.preps or tokens[k + 2].lower in trigger.preps)
        ):
            # "the agreement reached (yesterday) between X and Y"
            k += 1 if tokens[k + 1].lower in trigger.preps else 2
        if k < len(tokens) and tokens[k].lower in trigger.preps:
            k += 1
            if tokens[k - 1].lower == "between":
                self._between = True
                return self._coordinated(k, 0)
        elif (trigger.preps and not trigger.direct) or not trigger.direct:
            return [], end, 0.0
        elif k < len(tokens) and tokens[k].lower in self.lx.locative_preps:
            return [], end, 0.0  # "held by the army": a preposition, not a direct object
        return self._coordinated(k, 0, trigger.type)

    def _coordinated(
        self, k: int, cost_so_far: int, trigger_type: RelationType | None = None
    ) -> tuple[list[Mention], int, float]:
        tokens = self.tokens
        skipped = 0
        first = None
        while k < len(tokens) and skipped <= _SKIPPABLE_MAX:
            m = self.starting_at(k)
            if m is not None:
                first = m
                break
            word = tokens[k].lower
            if word in _OBJECT_STOP or (word == "," and skipped > 0) or word in _AUX:
                break
            crossing_of = word == "of" and trigger_type is RelationType.OPPOSES
            if (
                word in self.lx.locative_preps
                and skipped > 0
                and tokens[k - 1].lower not in _GROUPS
                and not crossing_of  # "destroying the scourge of ISIL": its owner is hit
            ):
                # "welcomed the adoption of X": X is not the object; "allies in Baghdad" is.
                break
            skipped += 1
            k += 1
        if first is None:
            return [], k, 0.0
        found = [first]
        k = first.j + (1 if first.possessive else 0)
        # "Iran and Russia", "Baghdad and Abu Dhabi", "Assad and his government".
        while k < len(tokens):
            gap = k
            while gap < len(tokens) and tokens[gap].lower in (
                ",",
                "and",
                "as",
                "well",
                "or",
                "the",
                "its",
                "their",
                "other",
            ):
                gap += 1
            if gap == k or gap - k > 4:
                break
            nxt = self.starting_at(gap)
            if nxt is None or nxt.possessive:
                break  # "Aleppo, Syria's second city" is an apposition, not a list
            joined = {t.lower for t in tokens[k:gap]}
            if not joined & {"and", "or", "well"}:
                # A bare comma only lists when the list goes on: "X, Y and Z".
                after = tokens[nxt.j].lower if nxt.j < len(tokens) else ""
                if after not in (",", "and", "or"):
                    break
            found.append(nxt)
            k = nxt.j
        return found, k, 0.05 * skipped

    def _by_agent(self, k: int) -> list[Mention]:
        tokens = self.tokens
        for look in range(k, min(k + 4, len(tokens))):
            if tokens[look].lower == "by":
                agents, _, _ = self._coordinated(look + 1, 0)
                return agents
            if tokens[look].lower in _OBJECT_STOP:
                break
        return []

    def _noun_subjects(self, start: int, end: int, object_end: int) -> tuple[list[Mention], float]:
        tokens = self.tokens
        # Possessor: "Tehran's unwavering support", "Moscow's air power".
        for back in range(start - 1, max(start - 5, -1), -1):
            m = self.at.get(back)
            if m is not None:
                if (m.possessive and m.j == back + 1) or (
                    m.possessive and back + 1 < len(tokens) and tokens[back + 1].lower == "'s"
                ):
                    return [m], 0.05
                break
            if (
                tokens[back].lower in (",", ".", ";")
                or tokens[back].lower in self.lx.locative_preps
            ):
                break
        # "UK support for Iraq", "U.S. airstrikes": an actor used as the noun's modifier.
        adjective = self.at.get(start - 1)
        if adjective is not None and adjective.j == start and not adjective.possessive:
            return self._with_conjuncts(adjective, check_pp=False), 0.1
        # "the Government of Iraq and the Iraqi people in their fight against ISIL".
        if start > 0 and tokens[start - 1].lower in ("their", "its", "his", "her"):
            for back in range(start - 2, max(start - 8, -1), -1):
                m = self.at.get(back)
                if m is not None:
                    return self._with_conjuncts(m, check_pp=False), 0.15
        # Demonym adjectives: "Syrian and Russian airstrikes".
        adjectives = [(pos, state) for pos, state in self.demonyms if start - 5 <= pos < start]
        if adjectives:
            subjects = [
                Mention(
                    self.index, pos, pos + 1, tokens[pos].start, tokens[pos].end, state, "demonym"
                )
                for pos, state in adjectives
            ]
            return subjects, 0.1
        # Agent after the noun: "a counter-attack by the Syrian army".
        if end < len(tokens) and tokens[end].lower == "by":
            agents, _, _ = self._coordinated(end + 1, 0)
            if agents:
                return agents, 0.05
        return [], 0.0

    def _relative_clause_start(self, comma: int) -> int | None:
        """The comma that opens ", who/which ... ," when ``comma`` closes it."""
        tokens = self.tokens
        for k in range(comma - 1, max(comma - 15, 0), -1):
            if tokens[k].text == ",":
                if k + 1 < comma and tokens[k + 1].lower in ("who", "which", "whose"):
                    return k
                return None
        return None

    def _intent_possessor(self, start: int) -> list[Mention]:
        """ "the UK's commitment to defeating X", "in its efforts to defeat X"."""
        tokens = self.tokens
        if start < 3 or tokens[start - 1].lower != "to":
            return []
        noun = start - 2
        if tokens[noun].lower not in _INTENT_NOUNS:
            return []
        owner = noun - 1
        if owner >= 0 and tokens[owner].lower == "'s" and (owner - 1) in self.at:
            return [self.at[owner - 1]]
        if owner >= 0 and tokens[owner].lower in ("its", "their", "his", "her"):
            for back in range(owner - 1, max(owner - 10, -1), -1):
                if back in self.at:
                    return self._with_conjuncts(self.at[back], check_pp=False)
        return []

    def _left_subjects(self, start: int) -> list[Mention]:
        intent = self._intent_possessor(start)
        if intent:
            return intent
        tokens = self.tokens
        k = start - 1
        distance = 0
        while k >= 0 and distance < 30:
            word = tokens[k].lower
            if word in _SPEECH_BOUNDARY or (
                word == "that" and distance > 0 and k > 0 and tokens[k - 1].lower != ","
            ):
                break
            if word == "," and distance > 0:
                opener = self._relative_clause_start(k)
                if opener is not None:
                    # "The Houthis, who control Sanaa, are backed by": skip the insertion.
                    k = opener - 1
                    distance += 1
                    continue
            if word in ("who", "which") and k > 0:
                # A relative clause's subject is its antecedent, or nobody we know.
                before = k - 1 if tokens[k - 1].lower != "," else k - 2
                antecedent = self.at.get(before)
                return [antecedent] if antecedent is not None else []
            m = self.at.get(k)
            if m is not None:
                adjacent = m.j == start or (m.possessive and m.j + 1 == start)
                if self._in_prepositional_phrase(m) or (not adjacent and self._is_object(m)):
                    k = m.i - 1
                    distance += 1
                    continue
                return self._with_conjuncts(m)
            k -= 1
            distance += 1
        return []

    def _with_conjuncts(self, m: Mention, check_pp: bool = True) -> list[Mention]:
        """ "Iran and Russia", "The UK, the wider Global Coalition and the Government of Iraq"."""
        tokens = self.tokens
        subjects = [m]
        j = m.i - 1
        while j >= 0 and tokens[j].lower in ("the", "a", "wider", "other", "its", "their"):
            j -= 1  # determiners and light modifiers of the conjunct itself
        while j >= 1 and tokens[j].lower in ("and", ","):
            k = j - 1
            prev = self.at.get(k)
            if prev is None or (check_pp and self._in_prepositional_phrase(prev)):
                break
            subjects.append(prev)
            j = prev.i - 1
            while j >= 0 and tokens[j].lower in ("the", "a", "wider", "other", "its", "their"):
                j -= 1
        return subjects

    def _is_object(self, m: Mention) -> bool:
        """A mention right after a verb is that verb's object ("strike ISIL targets")."""
        tokens = self.tokens
        k = m.i - 1
        while k >= 0 and tokens[k].lower in ("the", "a", "an", "its", "their", "these", "those"):
            k -= 1
        if k < 0 or (k in self.at):
            return False
        word = tokens[k].lower
        if word.endswith(("ed", "ing")) and word not in ("united", "led", "based", "including"):
            return True
        return k > 0 and tokens[k - 1].lower == "to" and word.isalpha() and word not in _AUX

    def _in_prepositional_phrase(self, m: Mention) -> bool:
        tokens = self.tokens
        k = m.i - 1
        while k >= 0 and tokens[k].lower in (
            "the",
            "a",
            "an",
            "its",
            "their",
            "his",
            "her",
            "northern",
            "southern",
            "eastern",
            "western",
            "northwestern",
            "northeastern",
            "southwestern",
            "southeastern",
            "central",
        ):
            k -= 1
        if k < 0:
            return False
        before = tokens[k].lower
        if before == "with" and m.j < len(tokens) and tokens[m.j].lower.endswith("ing"):
            return False  # "with insurgents sweeping through": an absolute clause's subject
        if before in ("from", "of") and m.via == "generic":
            return True
        if before in ("from", "of") and k > 0 and tokens[k - 1].lower in _AGENT_NOUNS:
            return False  # "fighters from JNIM ambushed": JNIM is the agent
        if (
            before == ","
            and k > 0
            and tokens[k - 1].is_capitalised
            and (
                self.actor_type(m.actor_id) in _PLACE
                or self.actor_type(m.actor_id) is ActorType.STATE
            )
            and (k - 1) not in self.at
        ):
            return True  # "Incirlik Air Base, Turkey": a place in apposition to a place
        if before in ("and", "or"):
            # "in Iraq and Syria": a conjunct shares its partner's preposition.
            partner = self.at.get(k - 1)
            return (
                partner is not None and partner is not m and self._in_prepositional_phrase(partner)
            )
        return before in self.lx.locative_preps

    def _fronted_subject(self, start: int, object_end: int) -> list[Mention]:
        # "In a telephone call with X, Y stressed ...": the subject follows the fronted phrase.
        tokens = self.tokens
        if start > 4 or start == 0 or tokens[0].lower not in _FRONTING:
            return []
        k = max(object_end, start)
        while k < len(tokens) and tokens[k].text != ",":
            if tokens[k].lower in _OBJECT_STOP:
                return []
            k += 1
        if k >= len(tokens):
            return []
        m = self.starting_at(k + 1)
        return [m] if m is not None else []

    # -- special constructions ------------------------------------------------------------

    def _under_control(self) -> list[FoundRelation]:
        # "under regime control", "under HTS's control": the controller of the nearest place.
        tokens = self.tokens
        results = []
        place: Mention | None = None  # the last place named before k, tracked in one pass
        for k, tok in enumerate(tokens):
            if tok.lower == "under" and k + 2 < len(tokens):
                results.extend(self._under_control_at(k, place))
            here = self.at.get(k)
            if here is not None and self.actor_type(here.actor_id) in _PLACE:
                place = here
        return results

    def _under_control_at(self, k: int, place: Mention | None) -> list[FoundRelation]:
        tokens = self.tokens
        m = self.starting_at(k + 1)
        if m is None:
            return []
        after = m.j + (1 if m.possessive else 0)
        if after >= len(tokens) or tokens[after].lower != "control" or place is None:
            return []
        trigger = Trigger(
            ("under", "control"), "noun", RelationType.CONTROLS, "192", -9.5, place_object=True
        )
        return self._emit(trigger, k, after + 1, [m], [place], 0.1)

    def _hyphen_control(self, k: int) -> list[FoundRelation]:
        # "HTS-held Aleppo", "rebel-controlled Idlib": the prefix controls the named place.
        m = self.at.get(k)
        if m is None or m.via != "hyphen" or not self.tokens[k].lower.endswith(_CONTROL_SUFFIXES):
            return []
        place = self.starting_at(k + 1)
        if place is None or self.actor_type(place.actor_id) not in _PLACE:
            return []
        trigger = Trigger(("held",), "noun", RelationType.CONTROLS, "192", -9.5, place_object=True)
        return self._emit(trigger, k, k + 1, [m], [place], 0.1)

    # -- output ---------------------------------------------------------------------------

    def _emit(
        self,
        trigger: Trigger,
        start: int,
        end: int,
        subjects: list[Mention],
        objects: list[Mention],
        cost: float,
    ) -> list[FoundRelation]:
        modality, year = self._modality(start, end)
        text = " ".join(t.text for t in self.tokens[start:end])
        results = []
        for subject in subjects:
            for obj in objects:
                source = self._retarget_subject(subject.actor_id, trigger)
                target = self._retarget_object(obj.actor_id, trigger)
                if source is None or target is None or source == target:
                    continue
                confidence = 0.92 - cost
                if subject.via in ("generic", "pronoun", "regime", "office", "demonym"):
                    confidence -= 0.07
                if obj.via in ("generic", "pronoun", "regime", "office"):
                    confidence -= 0.07
                results.append(
                    FoundRelation(
                        source=source,
                        target=target,
                        type=trigger.type,
                        sentence=self.index,
                        trigger=text,
                        cameo=trigger.cameo,
                        weight=trigger.weight,
                        confidence=round(max(0.05, min(0.99, confidence)), 3),
                        modality=modality,
                        year=year,
                    )
                )
        return results

    def _retarget_subject(self, actor_id: str, trigger: Trigger) -> str | None:
        actor_type = self.actor_type(actor_id)
        if actor_type in _PLACE:
            # A place does not act; a capital acting stands for its state.
            return (
                self.reading.actors[actor_id].template.country
                if self._is_capital(actor_id)
                else None
            )
        return actor_id

    def _retarget_object(self, actor_id: str, trigger: Trigger) -> str | None:
        actor_type = self.actor_type(actor_id)
        if trigger.place_object:
            return actor_id if actor_type in _PLACE or actor_type is ActorType.STATE else None
        if trigger.capital_object or trigger.type is RelationType.CALLS:
            if actor_type in _PLACE:
                # Visiting or calling a capital is dealing with that state.
                if self._is_capital(actor_id):
                    return self.reading.actors[actor_id].template.country
                return None
            return actor_id
        if trigger.actor_object and actor_type in _PLACE:
            return None
        if actor_type in _PLACE:
            return None
        return actor_id

    def _is_capital(self, actor_id: str) -> bool:
        country = self.reading.actors[actor_id].template.country
        return country is not None and self.lx.capitals.get(country) == actor_id

    def _modality(self, start: int, end: int) -> tuple[Modality, int | None]:
        window = self.words[max(0, start - 6) : start]
        # The clause runs from the last ";" before the trigger; what it holds is looked up in
        # the sentence's word positions, so a long sentence is not rescanned per relation.
        semicolons = self._positions[";"]
        before = bisect_left(semicolons, start)
        clause_start = semicolons[before - 1] + 1 if before else 0
        if any(word in _NEGATION for word in window[-4:]):
            return Modality.NEGATED, None
        reported_future = _within(self._reporting, clause_start, start) and "would" in window
        if not reported_future and (
            any(word in _HYPOTHETICAL for word in window)
            or _within(self._positions["if"], clause_start, start)
            or any(w in ("if", "could", "would", "potentially") for w in self.words[:3])
        ):
            return Modality.HYPOTHETICAL, None
        if reported_future or any(word in _PLANNED for word in window):
            return Modality.PLANNED, None
        year = self._past_year(start, end)
        if year is not None or ("had" in window[-4:] and "been" in window[-3:]):
            return Modality.HISTORICAL, year
        if self._reported(start):
            return Modality.CLAIMED, None
        return Modality.ASSERTED, None

    @cached_property
    def _positions(self) -> dict[str, list[int]]:
        """Where ";" and "if" occur, in order."""
        found: dict[str, list[int]] = {";": [], "if": []}
        for k, word in enumerate(self.words):
            if word in found:
                found[word].append(k)
        return found

    @cached_property
    def _reporting(self) -> list[int]:
        return [k for k, word in enumerate(self.words) if word in _REPORTING]

    def _reported(self, start: int) -> bool:
        """Attributed to a source: "X said/claimed ...", "..., officials said", "according to"."""
        first, attributed = self._attribution
        return attributed or (first is not None and first < start)

    @cached_property
    def _attribution(self) -> tuple[int | None, bool]:
        """Computed once per sentence: the first reporting word that is not part of a name
        ("United States" does not state anything), and whether the sentence is attributed
        wherever its trigger is ("according to", or "..., the army said" after it)."""
        tokens = self.tokens
        first = None
        for k, tok in enumerate(tokens):
            if tok.lower == "according" and k + 1 < len(tokens) and tokens[k + 1].lower == "to":
                return first, True
            if tok.lower not in _REPORTING or k in self.at:
                continue
            if first is None:
                first = k
            before = tokens[k - 1].lower if k > 0 else ""
            if (k - 1) in self.at or before in _SOURCES:
                return first, True
        return first, False

    def _past_year(self, start: int, end: int) -> int | None:
        tokens = self.tokens
        for k in range(max(0, start - 8), min(len(tokens), end + 10)):
            if (
                _YEAR.match(tokens[k].text)
                and k > 0
                and tokens[k - 1].lower in ("in", "during", "by", "of")
            ):
                year = int(tokens[k].text)
                if year < self.reference_year:
                    return year
        return None


def _within(positions: list[int], start: int, end: int) -> bool:
    """Whether a sorted list of positions has one in [start, end)."""
    k = bisect_left(positions, start)
    return k < len(positions) and positions[k] < end

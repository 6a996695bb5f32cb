"""The Phoenix actor lexicon and CAMEO verb lexicon: typed records and lookups.

Data: ``loaders/knowledge/data/phoenix/`` (made by ``scripts/convert_phoenix.py`` from the Phoenix /
PETRARCH2 dictionaries, MIT). Loaded once, lazily, by :func:`default_phoenix`.

For the recogniser, which gives NER mentions::

    lexicon = default_phoenix()
    lexicon.link("Bashar al-Assad", "PERSON", date(2013, 5, 1))
    # Candidate(actor=<bashar-al-assad, leader>, score=1.0, reason='name', role=<SYRGOV ...>)
    lexicon.link("Hope", "PERSON")          # None: a common word is never linked
    lexicon.resolve("Assad", "PERSON").reason  # 'single-word person name needs a title'
    lexicon.link("President Assad", "PERSON")  # the title makes the surname safe

Other lookups: :meth:`PhoenixLexicon.lookup` (every entry a name may mean), :meth:`holders`
(who held a CAMEO role code on a day), :meth:`agent` (generic agents: "riot police" -> COP).
The CAMEO verb dictionary is read by loaders/knowledge/triggers.py.
"""

from __future__ import annotations

import functools
import gzip
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from graph.model import Actor, ActorType
from loaders.knowledge.names import OFFICE_WORDS, TITLES, fold_case, name_key

# NER types (CoreNLP and spaCy names) -> the actor types a mention of that type may link to.
NER_TYPES: dict[str, frozenset[ActorType]] = {
    "PERSON": frozenset({ActorType.LEADER, ActorType.PERSON}),
    "PER": frozenset({ActorType.LEADER, ActorType.PERSON}),
    "ORGANIZATION": frozenset({ActorType.ORGANIZATION, ActorType.ARMED_GROUP}),
    "ORG": frozenset({ActorType.ORGANIZATION, ActorType.ARMED_GROUP}),
    "COUNTRY": frozenset({ActorType.STATE}),
    "GPE": frozenset({ActorType.STATE, ActorType.CITY, ActorType.REGION}),
    "LOCATION": frozenset({ActorType.STATE, ActorType.CITY, ActorType.REGION}),
    "LOC": frozenset({ActorType.STATE, ActorType.CITY, ActorType.REGION}),
    "CITY": frozenset({ActorType.CITY}),
    "STATE_OR_PROVINCE": frozenset({ActorType.REGION, ActorType.STATE}),
    "NATIONALITY": frozenset({ActorType.STATE}),
    "NORP": frozenset({ActorType.STATE}),
}
DEMONYM_NER = frozenset({"NATIONALITY", "NORP", "MISC"})
MIN_SCORE = 0.6


@dataclass(frozen=True, slots=True)
class Role:
    """A CAMEO role held over a period: ``since``/``until`` are inclusive, None is open."""

    code: str
    role: str
    country: str | None
    since: date | None
    until: date | None

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None

    def active(self, on: date) -> bool:
        return (self.since is None or self.since <= on) and (self.until is None or on <= self.until)


@dataclass(frozen=True, slots=True)
class PhoenixActor:
    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    country: str | None = None
    wikidata_id: str | None = None
    affiliation: str | None = None
    codes: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    flags: Mapping[str, frozenset[str]] = field(default_factory=dict)
    source: str = ""

    def role_on(self, day: date | None) -> Role | None:
        """The office held on ``day`` (a dated GOV/MIL role first), else the latest one."""
        offices = [r for r in self.roles if r.code[3:6] in ("GOV", "MIL") or "GOV" in r.code]
        if day is not None:
            active = [r for r in offices if r.dated and r.active(day)]
            if active:
                return max(active, key=lambda r: (r.role.startswith("head"), r.since or date.min))
            return None
        dated = [r for r in offices if r.dated]
        return max(dated, key=lambda r: r.since or date.min) if dated else None

    def to_actor(self, day: date | None = None) -> Actor:
        """The graph model's actor (role: the office held on ``day``, when known)."""
        role = self.role_on(day)
        return Actor(
            id=self.id,
            name=self.name,
            type=self.type,
            aliases=list(self.aliases),
            wikidata_id=self.wikidata_id,
            country=self.country,
            role=role.role if role else None,
        )


@dataclass(frozen=True, slots=True)
class NameHit:
    actor: PhoenixActor
    text: str  # the name as stored
    kind: str  # name | alias | demonym | organ
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Candidate:
    actor: PhoenixActor
    score: float
    reason: str
    matched: str
    role: Role | None = None


@dataclass(frozen=True, slots=True)
class LinkResult:
    candidate: Candidate | None
    reason: str
    considered: tuple[Candidate, ...] = ()


@dataclass(frozen=True, slots=True)
class Agent:
    phrase: str
    code: str
    role: str
    type_hint: ActorType


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _read(name: str) -> Any:
    path = resources.files("loaders.knowledge") / "data" / "phoenix" / name
    raw = path.read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return json.loads(raw)


class PhoenixLexicon:
    def __init__(self, actors_doc: Mapping[str, Any], agents_doc: Mapping[str, Any]) -> None:
        self.actors: dict[str, PhoenixActor] = {}
        self.index: dict[str, list[NameHit]] = defaultdict(list)
        self._role_holders: dict[str, list[tuple[Role, str]]] = defaultdict(list)
        for raw in actors_doc["actors"]:
            actor = self._actor(raw)
            self.actors[actor.id] = actor
            self._add(
                actor.name,
                NameHit(actor, actor.name, "name", actor.flags.get(actor.name, frozenset())),
            )
            for alias in actor.aliases:
                self._add(
                    alias, NameHit(actor, alias, "alias", actor.flags.get(alias, frozenset()))
                )
            for demonym in actor.demonyms:
                self._add(demonym, NameHit(actor, demonym, "demonym"))
            for role in actor.roles:
                self._role_holders[role.code].append((role, actor.id))
        for organ in actors_doc.get("state_organs", []):
            state = self.actors.get(organ["country"])
            if state is not None:
                self._add(organ["phrase"], NameHit(state, organ["phrase"], "organ"))
        self.agents: dict[str, Agent] = {}
        for raw in agents_doc.get("agents", []):
            agent = Agent(
                raw["phrase"],
                raw["code"],
                raw["role"],
                ActorType(raw["type_hint"]),
            )
            for form in raw["forms"]:
                self.agents.setdefault(form, agent)

    @staticmethod
    def _actor(raw: Mapping[str, Any]) -> PhoenixActor:
        return PhoenixActor(
            id=raw["id"],
            name=raw["name"],
            type=ActorType(raw["type"]),
            aliases=tuple(raw.get("aliases", ())),
            demonyms=tuple(raw.get("demonyms", ())),
            country=raw.get("country"),
            wikidata_id=raw.get("wikidata_id"),
            affiliation=raw.get("affiliation"),
            codes=tuple(raw.get("codes", ())),
            roles=tuple(
                Role(r["code"], r["role"], r.get("country"), _date(r["since"]), _date(r["until"]))
                for r in raw.get("roles", ())
            ),
            flags={k: frozenset(v) for k, v in raw.get("flags", {}).items()},
            source=raw.get("source", ""),
        )

    def _add(self, text: str, hit: NameHit) -> None:
        key = name_key(text)
        if not key:
            return
        bucket = self.index[key]
        if all(h.actor.id != hit.actor.id or h.kind != hit.kind for h in bucket):
            bucket.append(hit)

    # ------------------------------------------------------------ plain lookups

    def get(self, actor_id: str) -> PhoenixActor | None:
        return self.actors.get(actor_id)

    def lookup(self, name: str) -> tuple[NameHit, ...]:
        """Every entry whose name, alias or demonym has this name's key (no guards)."""
        return tuple(self.index.get(name_key(name), ()))

    def holders(
        self, code: str, on: date, heads_only: bool = False, subcodes: bool = False
    ) -> list[tuple[PhoenixActor, Role]]:
        """Who held a CAMEO role code (``SYRGOV``) on a day, heads of state/government first.

        Undated roles are left out: they say nothing about the day."""
        code = code.upper()
        keys = [k for k in self._role_holders if k.startswith(code)] if subcodes else [code]
        out: list[tuple[PhoenixActor, Role]] = []
        for key in sorted(keys):
            for role, actor_id in self._role_holders.get(key, ()):
                if not role.dated or not role.active(on):
                    continue
                if heads_only and not role.role.startswith("head"):
                    continue
                out.append((self.actors[actor_id], role))
        out.sort(
            key=lambda p: (
                not p[1].role.startswith("head"),
                -(p[1].since or date.min).toordinal(),
                p[0].id,
            )
        )
        return out

    def agent(self, phrase: str) -> Agent | None:
        """A generic agent ("riot police", "insurgents") -> its CAMEO role and a type hint."""
        return self.agents.get(" ".join(fold_case(phrase).split()))

    # ------------------------------------------------------------ linking

    def link(
        self,
        mention: str,
        ner_type: str | None = None,
        context_date: date | None = None,
        country: str | None = None,
        title: str | None = None,
        min_score: float = MIN_SCORE,
    ) -> Candidate | None:
        """The actor an NER mention names, or None when no safe link exists."""
        return self.resolve(mention, ner_type, context_date, country, title, min_score).candidate

    def resolve(
        self,
        mention: str,
        ner_type: str | None = None,
        context_date: date | None = None,
        country: str | None = None,
        title: str | None = None,
        min_score: float = MIN_SCORE,
    ) -> LinkResult:
        """Like :meth:`link`, with the reason a mention was or was not linked.

        Fail-safe rules: a mention with no capital letter is not linked; a single-word person
        name (a surname) needs a title ("President Assad") in the mention or ``title``; an
        acronym must be written in capitals; a name made of common words must be capitalised;
        a name that fits several actors is not linked unless the country, the date or the type
        leaves one."""
        text = " ".join(mention.split())
        if not any(ch.isupper() for ch in text):
            return LinkResult(None, "no capital letter: not a name")
        words = text.split()
        while words and words[0].lower() == "the":
            words = words[1:]
        stripped, titled = _strip_titles(words)
        titled = titled or bool(title)
        allowed = NER_TYPES.get(ner_type.upper()) if ner_type else None
        keys = [name_key(" ".join(stripped))]
        if stripped != words:
            keys.append(name_key(" ".join(words)))
        hits = [h for key in keys if key for h in self.index.get(key, ())]
        if not hits:
            return LinkResult(None, "unknown name")
        considered: list[Candidate] = []
        rejected: list[str] = []
        for hit in hits:
            reason = self._refuse(hit, stripped, titled, allowed, ner_type)
            if reason:
                rejected.append(reason)
                continue
            considered.append(self._candidate(hit, context_date))
        if not considered:
            return LinkResult(None, rejected[0] if rejected else "no acceptable entry")
        best = self._choose(considered, country, context_date)
        if best is None:
            ids = sorted({c.actor.id for c in considered})
            return LinkResult(
                None, f"ambiguous: {len(ids)} actors ({', '.join(ids[:4])})", tuple(considered)
            )
        if best.score < min_score:
            return LinkResult(None, f"score {best.score:.2f} below {min_score}", tuple(considered))
        return LinkResult(best, best.reason, tuple(considered))

    @staticmethod
    def _refuse(
        hit: NameHit,
        stripped: list[str],
        titled: bool,
        allowed: frozenset[ActorType] | None,
        ner_type: str | None,
    ) -> str | None:
        actor = hit.actor
        if hit.kind == "demonym":
            if ner_type and ner_type.upper() not in DEMONYM_NER:
                return "a demonym links only a nationality mention"
        elif hit.kind == "organ":
            if allowed is not None and ActorType.ORGANIZATION not in allowed:
                return f"a state organ phrase does not fit {ner_type}"
        elif allowed is not None and actor.type not in allowed:
            return f"type {actor.type.value} does not fit {ner_type}"
        if "surname" in hit.flags and not titled:
            return "single-word person name needs a title"
        if "acronym" in hit.flags:
            letters = "".join(ch for ch in " ".join(stripped) if ch.isalpha())
            if not letters.isupper():
                return "an acronym must be written in capitals"
        if "common" in hit.flags:
            content = [
                w for w in stripped if fold_case(w) not in ("of", "and", "for", "the", "in", "on")
            ]
            if not all(w[:1].isupper() for w in content if w[:1].isalpha()):
                return "a name of common words must be capitalised"
        if "unverified" in hit.flags and (ner_type or "").upper() not in (
            "LOCATION",
            "LOC",
            "GPE",
            "CITY",
            "STATE_OR_PROVINCE",
        ):
            return "an unverified place links only a location mention"
        return None

    @staticmethod
    def _candidate(hit: NameHit, day: date | None) -> Candidate:
        score = {"name": 1.0, "alias": 0.9, "demonym": 0.8, "organ": 0.8}[hit.kind]
        reason = hit.kind
        if "surname" in hit.flags:
            score, reason = 0.7, "surname with a title"
        if "unverified" in hit.flags:
            score, reason = 0.6, "unverified place"
        role = hit.actor.role_on(day) if day else None
        if day and hit.actor.type is ActorType.LEADER and role is not None:
            score = min(1.0, score + 0.05)
        return Candidate(hit.actor, score, reason, hit.text, role)

    @staticmethod
    def _choose(
        candidates: list[Candidate], country: str | None, day: date | None
    ) -> Candidate | None:
        by_actor: dict[str, Candidate] = {}
        for candidate in candidates:
            known = by_actor.get(candidate.actor.id)
            if known is None or candidate.score > known.score:
                by_actor[candidate.actor.id] = candidate
        pool = list(by_actor.values())
        if len(pool) == 1:
            return pool[0]
        for step in ("country", "date", "score"):
            top = max(p.score for p in pool)
            kept = [
                c
                for c in pool
                if (
                    step == "country"
                    and country is not None
                    and country in (c.actor.country, c.actor.id)
                )
                or (step == "date" and day is not None and c.role is not None)
                or (step == "score" and c.score >= top)
            ]
            if len(kept) == 1:
                return kept[0]
            if kept:
                pool = kept
        return None


def _strip_titles(words: list[str]) -> tuple[list[str], bool]:
    """("President", "Bashar", "al-Assad") -> (["Bashar", "al-Assad"], True)."""
    cut = 0
    titled = False
    for index, word in enumerate(words[:-1]):
        folded = fold_case(word).strip(".,")
        if set(folded.split("-")) & TITLES:
            titled, cut = True, index + 1
        elif folded in OFFICE_WORDS:
            continue
        else:
            break
    return (words[cut:], True) if titled else (words, False)


@functools.cache
def default_phoenix() -> PhoenixLexicon:
    """The shipped Phoenix lexicon, read once per process."""
    return PhoenixLexicon(_read("actors.json.gz"), _read("agents.json.gz"))


# ---------------------------------------------------------------- verbs

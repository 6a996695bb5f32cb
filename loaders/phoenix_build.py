"""Converts the Phoenix / PETRARCH2 dictionaries into actorgraph's lexicon format.

Run by ``scripts/convert_phoenix.py``; the output lives in ``loaders/data/phoenix/`` and is read
by ``loaders.phoenix``. Everything here is deterministic: the same inputs give the same bytes.

What becomes what:

- a country block (``SYRIA_ [SYR]``) is a **state** (the id the project already uses); its
  synonyms are sorted into aliases, demonyms and **places** (cities, provinces: the Phoenix
  lists code "Aleppo" as Syria, actorgraph keeps it a city *in* Syria);
- a person (CountryInfo lists, rulers, names with a given name first) with a government or
  military role is a **leader** with **dated roles**; other persons are **person**;
- a named group is an **armed_group** (rebels, insurgents, militarised groups, militaries) or an
  **organization** (IGOs, NGOs, companies, parties, opposition bodies, state agencies);
  persons listed as synonyms of a group become persons affiliated with it.

Guards (every dropped or flagged name is counted by reason in the summary): single words that
are common English words or given names are dropped; acronyms that spell a common word are
dropped; names that are only digits or punctuation are dropped; single-word person names are
kept but flagged ``surname`` (the lookup needs a title to link them); names made only of common
words are flagged ``common`` (the lookup needs them capitalised).
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sysconfig
import tokenize
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graph.model import ActorType, slugify
from loaders import cameo
from loaders.lexicon import Lexicon, build_lexicon
from loaders.phoenix_format import (
    ActorBlock,
    AgentEntry,
    Code,
    EventCode,
    Name,
    ParseReport,
    PatternShape,
    parse_actor_file,
    parse_agent_file,
    parse_verb_file,
    pattern_shape,
)
from loaders.phoenix_names import (
    OFFICE_WORDS,
    TITLES,
    display_name,
    fold,
    key_tokens,
    name_key,
    word_set,
)

FORMAT_VERSION = 1
ACTOR_FILES = {
    "countries": "Phoenix.Countries.actors.txt",
    "international": "Phoenix.International.actors.txt",
    "milnonstate": "Phoenix.MilNonState.actors.txt",
}
AGENT_FILE = "Phoenix.agents.txt"
VERB_FILE = "CAMEO.2.0.txt"

# Words that make a name a group, not a person.
ORG_WORDS = word_set(
    """army front party council movement brigade brigades battalion group groups organization
    organisation union committee committees forces force ministry department bank association
    agency institute league alliance coalition federation society foundation fund company
    corporation corp inc ltd co government regime administration authority authorities
    commission court tribunal assembly parliament congress senate cabinet office service services
    police guard guards militia militias network cell cells faction factions jihad mujahideen
    mujahidin jamaat jamaah harakat hizb jabhat jaish jaysh liwa liwaa kataib katibat ansar
    tanzim tanzeem national international islamic revolutionary liberation democratic popular
    republic republican people peoples command centre center school university university's
    program programme project mission initiative institution trust partnership
    club church conference secretariat agency bureau division unit units corps"""
)
# Words in a person's synonym that make it a state organ phrase ("Assad regime").
ORGAN_WORDS = word_set(
    "government regime forces army military troops administration ministry cabinet loyalists"
)
# ---------------------------------------------------------------- word lists (guards)


def stdlib_words(min_count: int = 10) -> set[str]:
    """Common English words: those written in lower case in the Python standard library's
    docstrings and comments at least ``min_count`` times (and 3x more often than capitalised)."""
    root = Path(sysconfig.get_paths()["stdlib"])
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    word = re.compile(r"(?<![\w.])[A-Za-z][a-z]+(?![\w.])")
    skip = {"site-packages", "test", "tests", "idlelib", "lib2to3"}
    for path in sorted(root.rglob("*.py")):
        if skip & set(path.relative_to(root).parts):
            continue
        try:
            source = path.read_text(encoding="utf-8")
            tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        except (OSError, UnicodeDecodeError, SyntaxError, tokenize.TokenError):
            continue
        for token in tokens:
            prose = token.type == tokenize.COMMENT or (
                token.type == tokenize.STRING
                and token.string.lstrip("rbuRBU")[:3] in ('"""', "'''")
            )
            if prose:
                for match in word.findall(token.string):
                    (lower if match.islower() else capital)[match.lower()] += 1
    return {w for w, n in lower.items() if n >= min_count and n >= 3 * capital[w]}


def justext_stopwords() -> set[str]:
    try:
        import justext  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - trafilatura brings it
        return set()
    return {w.lower() for w in justext.get_stoplist("English")}


@dataclass
class WordLists:
    common: set[str] = field(default_factory=set)  # lower-case common English words
    given_names: set[str] = field(default_factory=set)  # folded given names

    def is_common(self, token: str) -> bool:
        return fold(token).replace("'", "") in self.common


# ---------------------------------------------------------------- code decoding


@dataclass(frozen=True)
class Decoded:
    country: str | None  # ISO alpha-3 (or CAMEO code without ISO equivalent)
    region: str | None
    org: str | None  # IGO / NGO / MNC / IMG / NGM
    roles: tuple[str, ...]
    affiliations: tuple[str, ...]
    other: tuple[str, ...]


class CodeBook:
    def __init__(self, lexicon: Lexicon) -> None:
        import countryinfo

        self.alpha3_to_state: dict[str, str] = {}
        for country in countryinfo.all_countries():
            iso = country.info().get("ISO") or {}
            alpha2, alpha3 = iso.get("alpha2"), iso.get("alpha3")
            if alpha2 and alpha3 and alpha2 in lexicon.states_by_iso:
                self.alpha3_to_state[alpha3] = lexicon.states_by_iso[alpha2]
        for cameo_code, iso3 in cameo.COUNTRY_ALIASES.items():
            if iso3 and iso3 in self.alpha3_to_state:
                self.alpha3_to_state[cameo_code] = self.alpha3_to_state[iso3]
        self.countries = set(self.alpha3_to_state) | set(cameo.COUNTRY_ALIASES)

    def decode(self, code: str) -> Decoded:
        bare = code.strip("~")
        triples = [bare[i : i + 3] for i in range(0, len(bare), 3)]
        country = region = org = None
        roles: list[str] = []
        affiliations: list[str] = []
        other: list[str] = []
        for index, triple in enumerate(triples):
            if triple in ("IGO", "NGO", "MNC", "IMG", "NGM") and org is None and index <= 1:
                org = triple
            elif org is not None and triple in cameo.AFFILIATIONS:
                affiliations.append(triple)  # IMGMUS...: Muslim, not Mauritius
            elif triple in self.countries and country is None and index <= 1:
                country = triple
            elif triple in cameo.REGIONS and region is None and index <= 1:
                region = triple
            elif triple in cameo.ROLES:
                roles.append(triple)
            elif triple in cameo.AFFILIATIONS:
                affiliations.append(triple)
            elif triple in self.countries and country is None:
                country = triple
            else:
                other.append(triple)
        return Decoded(country, region, org, tuple(roles), tuple(affiliations), tuple(other))

    def state(self, decoded: Decoded) -> str | None:
        return self.alpha3_to_state.get(decoded.country) if decoded.country else None


# ---------------------------------------------------------------- records


@dataclass
class Record:
    """An actor being built."""

    id: str
    name: str
    type: ActorType
    source: str
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)
    country: str | None = None
    wikidata_id: str | None = None
    affiliation: str | None = None
    flags: dict[str, list[str]] = field(default_factory=dict)  # alias -> flags
    line: int = 0

    def add_alias(self, alias: str, flags: Iterable[str] = ()) -> None:
        if name_key(alias) == name_key(self.name) and not list(flags):
            return
        if alias not in self.aliases and alias != self.name:
            self.aliases.append(alias)
        flag_list = sorted(set(flags))
        if flag_list:
            self.flags[alias] = sorted(set(self.flags.get(alias, [])) | set(flag_list))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "name": self.name, "type": self.type.value}
        keys = {name_key(self.name)}
        aliases = []
        for alias in self.aliases:
            if alias not in aliases:
                aliases.append(alias)
                keys.add(name_key(alias))
        if aliases:
            data["aliases"] = aliases
        if self.demonyms:
            data["demonyms"] = sorted(set(self.demonyms))
        if self.country:
            data["country"] = self.country
        if self.affiliation:
            data["affiliation"] = self.affiliation
        if self.wikidata_id:
            data["wikidata_id"] = self.wikidata_id
        if self.codes:
            data["codes"] = sorted(set(self.codes))
        if self.roles:
            unique = {json.dumps(r, sort_keys=True): r for r in self.roles}
            data["roles"] = [unique[k] for k in sorted(unique)]
        flags = {a: f for a, f in sorted(self.flags.items()) if f}
        if flags:
            data["flags"] = flags
        data["source"] = self.source
        return data


@dataclass
class Summary:
    entries_in: Counter[str] = field(default_factory=Counter)  # file -> blocks
    names_in: Counter[str] = field(default_factory=Counter)  # file -> names
    actors_out: Counter[str] = field(default_factory=Counter)  # "file/type" -> actors
    dropped: Counter[str] = field(default_factory=Counter)  # reason -> names
    flagged: Counter[str] = field(default_factory=Counter)  # flag -> names
    moved: Counter[str] = field(default_factory=Counter)  # what -> names
    parse: dict[str, ParseReport] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    aligned: int = 0  # actors that took an id from the project lexicon
    merged: int = 0  # blocks merged into an actor with the same id
    verbs: Counter[str] = field(default_factory=Counter)

    def drop(self, reason: str, text: str) -> None:
        self.dropped[reason] += 1
        if len(self.examples[reason]) < 8:
            self.examples[reason].append(text)

    def to_json(self) -> dict[str, Any]:
        return {
            "entries_in": dict(sorted(self.entries_in.items())),
            "names_in": dict(sorted(self.names_in.items())),
            "actors_out": dict(sorted(self.actors_out.items())),
            "dropped": dict(sorted(self.dropped.items())),
            "flagged": dict(sorted(self.flagged.items())),
            "moved": dict(sorted(self.moved.items())),
            "aligned_with_project_lexicon": self.aligned,
            "merged_blocks": self.merged,
            "parse": {
                name: {k: v for k, v in vars(report).items()}
                for name, report in sorted(self.parse.items())
            },
            "verbs": dict(sorted(self.verbs.items())),
            "drop_examples": {k: v for k, v in sorted(self.examples.items())},
        }


# ---------------------------------------------------------------- the converter


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


_SECTORS = {
    "MIL": "defence",
    "JUD": "justice",
    "EDU": "education",
    "HLH": "health",
    "AGR": "agriculture",
    "BUS": "economy",
    "MED": "information",
    "LAB": "labour",
    "ENV": "environment",
    "REL": "religious affairs",
    "HRI": "human rights",
    "DEV": "development",
    "SPY": "intelligence",
    "COP": "interior",
    "LEG": "legislature",
}


class Converter:
    def __init__(self, words: WordLists, lexicon: Lexicon) -> None:
        self.words = words
        self.lexicon = lexicon
        self.codes = CodeBook(lexicon)
        self.summary = Summary()
        self.records: dict[str, Record] = {}
        self.organs: dict[str, dict[str, Any]] = {}  # key -> {phrase, country, code}
        self.state_codes: dict[str, str] = {}  # ISO3 -> state id seen as a country block
        # Words that may stand before a title: "Russian President ...", "US Secretary ...".
        self.title_context: set[str] = {
            " ".join(key)
            for key, entries in lexicon.phrases.items()
            if len(key) == 1 and any(e.kind == "demonym" for e in entries)
        }
        project_types: dict[str, set[str]] = defaultdict(set)
        for key, entries in lexicon.phrases.items():
            for entry in entries:
                if entry.actor is not None and entry.kind in ("actor", "city"):
                    project_types[" ".join(key)].add(entry.actor.id)
        # name key -> project actor ids (the project tokenizer's keys, re-keyed our way)
        self.project_keys: dict[str, set[str]] = defaultdict(set)
        for phrase_key, ids in project_types.items():
            self.project_keys[name_key(phrase_key)] |= ids

    # ------------------------------------------------------------ helpers

    def _text(self, name: Name, place: bool = False) -> str:
        if place:
            return " ".join(
                "-".join(p[:1].upper() + p[1:].lower() for p in t.split("-")) for t in name.tokens
            )
        return display_name(name.tokens)

    def _guard(self, name: Name, person: bool) -> tuple[str | None, list[str]]:
        """(reason to drop, flags) for one name."""
        tokens = key_tokens(name.text)
        if not tokens or all(t.isdigit() for t in tokens):
            return "noise: digits or punctuation only", []
        if len(tokens) == 1:
            token = tokens[0]
            letters = re.sub(r"[^a-z]", "", token)
            if len(letters) <= 1:
                return "noise: single letter", []
            if token in self.words.common:
                if len(letters) <= 4:
                    return "short common word (or acronym spelling one)", []
                return "single common English word", []
            if token in self.words.given_names:
                return "single given name", []
            if person:
                return None, ["surname"]
            if len(letters) <= 3:
                return None, ["acronym"]
            return None, []
        content = [t for t in tokens if t not in ("of", "and", "for", "in", "on", "the")]
        if content and all(t in self.words.common for t in content):
            return None, ["common"]
        return None, []

    def _person_like(self, name: Name, in_group: bool) -> bool:
        tokens = key_tokens(name.text)
        raw = [fold(t) for t in name.tokens]
        if not tokens or any(t in ORG_WORDS for t in tokens):
            return False
        first = tokens[0]
        if first in TITLES and len(tokens) >= 2:
            # "General Mills" and "Pope Resources" are companies: a title needs a given name
            # or a full name after it.
            return len(tokens) >= 3 or tokens[1] in self.words.given_names
        if (raw and raw[0] in ("abu", "abou")) or first in ("abu", "abou"):
            return len(tokens) >= 3  # "Abu Sayyaf" is a group, "Abu Bakr al-Baghdadi" is not
        if first in self.words.given_names and len(tokens) >= 2:
            return not (in_group and all(t in self.words.common for t in tokens[1:]))
        return False

    def _strip_title(self, name: Name) -> tuple[Name, bool]:
        """ "UN Secretary-General Ban Ki-moon" -> "Ban Ki-moon" (and whether a title went)."""
        tokens = list(name.tokens)
        words = [fold(t).strip(".,") for t in tokens]
        cut = 0
        titled = False
        for index, word in enumerate(words[:-1]):
            parts = set(word.split("-"))
            if parts & TITLES:
                titled = True
                cut = index + 1
            elif word in OFFICE_WORDS or word in self.title_context:
                continue
            else:
                break
        if not titled:
            return name, False
        return Name(tuple(tokens[cut:]), name.whole_word), True

    def _claim(
        self,
        project_id: str | None,
        actor_id: str,
        kind: str,
        name: str,
        actor_type: ActorType,
        types: set[ActorType],
        file: str,
        block: ActorBlock,
        country: str | None,
    ) -> tuple[Record, bool]:
        """The record a person's or group's block goes into, and whether it is new: the
        project's actor it matched, else the record already under its id when that one is of
        the same kind and country (two entries of one actor), else a new record (its id
        suffixed with the country, or ``kind``, when the id is taken by another actor)."""
        existing = self.records.get(actor_id)
        if (
            existing is not None
            and project_id is None
            and (
                existing.type not in types
                or (existing.country and country and existing.country != country)
            )
        ):
            actor_id = f"{actor_id}-{country or kind}"
            existing = self.records.get(actor_id)
        if existing is not None:
            self.summary.merged += 1
            return existing, False
        record = Record(actor_id, name, actor_type, file, country=country, line=block.line)
        if project_id:
            # _project_match only returns actors of the wanted types.
            project = self.lexicon.actors[project_id]
            record.name, record.wikidata_id = project.name, project.wikidata_id
            record.type = project.type
            record.country = project.country or country
            self.summary.aligned += 1
            record.add_alias(name)  # a no-op when the names are equal
        self.records[actor_id] = record
        return record, True

    def _project_match(self, names: Iterable[str], types: set[ActorType]) -> str | None:
        for text in names:
            key = name_key(text)
            if not key:
                continue
            ids = {
                i for i in self.project_keys.get(key, set()) if self.lexicon.actors[i].type in types
            }
            if len(ids) == 1:
                return next(iter(ids))
        return None

    def _place(self, text: str, state: str, file: str, provinces: set[str]) -> None:
        key = name_key(text)
        kind = ActorType.REGION if key in provinces else ActorType.CITY
        existing = {
            i
            for i in self.project_keys.get(key, set())
            if self.lexicon.actors[i].type in (ActorType.CITY, ActorType.REGION)
        }
        if len(existing) == 1:
            place_id = next(iter(existing))
            kind = self.lexicon.actors[place_id].type
        else:
            place_id = slugify(text)
            clash = self.lexicon.actors.get(place_id)
            if (clash is not None and clash.type not in (ActorType.CITY, ActorType.REGION)) or (
                place_id in self.records and self.records[place_id].type not in (kind,)
            ):
                place_id += "-city" if kind is ActorType.CITY else "-region"
        record = self.records.get(place_id)
        if record is None:
            self.records[place_id] = Record(place_id, text, kind, file, country=state)
        else:
            record.add_alias(text)

    # ------------------------------------------------------------ states

    def convert_state(self, block: ActorBlock, decoded: Decoded, file: str) -> None:
        import countryinfo

        state = self.codes.state(decoded)
        if state is None:
            self.summary.drop("country code with no state", block.primary.text)
            return
        project = self.lexicon.actors[state]
        record = self.records.get(state) or Record(
            state, project.name, ActorType.STATE, file, wikidata_id=project.wikidata_id
        )
        self.records[state] = record
        record.codes.append(block.codes[0].code)
        record.line = record.line or block.line
        info: dict[str, Any] = {}
        try:
            info = dict(countryinfo.CountryInfo(project.name).info())
        except KeyError:
            info = {}
        known = {name_key(n) for n in (project.name, *project.aliases, info.get("name") or "")}
        known |= {name_key(s) for s in info.get("altSpellings", []) if isinstance(s, str)}
        translations = info.get("translations") or {}
        known |= {name_key(s) for s in translations.values() if isinstance(s, str)}
        known |= {name_key(info.get("nativeName") or "")}
        known.discard("")
        known_tokens = {t for k in known for t in k.split() if len(t) >= 4}
        provinces = {name_key(p) for p in info.get("provinces", []) if isinstance(p, str)}
        demonym = name_key(info.get("demonym") or "")
        stem = name_key(project.name)[:4]
        from rapidfuzz import fuzz

        for name in (block.primary, *block.synonyms):
            text = self._text(name, place=True)
            key = name_key(text)
            if not key:
                self.summary.drop("noise: digits or punctuation only", name.text)
                continue
            if key in known:
                record.add_alias(display_name(name.tokens))
                continue
            entries = self.lexicon.phrases.get(tuple(key.split()), [])
            singular = self.lexicon.phrases.get(tuple(key.rstrip("s").split()), [])
            if (
                key == demonym
                or key.rstrip("s") == demonym
                or any(e.kind == "demonym" and e.country == state for e in (*entries, *singular))
                or (
                    " " not in key
                    and key.startswith(stem[:3])
                    and key.endswith(
                        (
                            "an",
                            "ian",
                            "ese",
                            "ish",
                            "i",
                            "ic",
                            "er",
                            "ers",
                            "ans",
                            "is",
                            "ois",
                            "ite",
                        )
                    )
                    and fuzz.ratio(key, name_key(project.name)) < 90
                )
            ):
                record.demonyms.append(text)
                self.summary.moved["state synonym -> demonym"] += 1
                continue
            project_place = any(
                e.actor is not None and e.actor.type in (ActorType.CITY, ActorType.REGION)
                for e in entries
            )
            if key in provinces or project_place:
                self._place(text, state, file, provinces)
                self.summary.moved["state synonym -> place"] += 1
                continue
            score = max(fuzz.ratio(key, k) for k in known) if known else 0
            overlap = any(
                fuzz.ratio(token, known_token) >= 85
                for token in key.split()
                if len(token) >= 4
                for known_token in known_tokens
            )
            if (
                score >= 75
                or overlap
                or any(
                    w in key.split()
                    for w in ("republic", "kingdom", "federation", "emirates", "sultanate")
                )
            ):
                record.add_alias(display_name(name.tokens))
                continue
            # Anything else listed under a state is a place (a town, a province, a region the
            # gazetteer lacks): typed as a region of the state rather than the state itself.
            self._place_unknown(text, state, file)

    def _place_unknown(self, text: str, state: str, file: str) -> None:
        tokens = key_tokens(text)
        if len(tokens) == 1 and tokens[0] in self.words.common:
            self.summary.drop("single common English word", text)
            return
        place_id = slugify(text)
        if place_id in self.lexicon.actors or place_id in self.records:
            place_id += "-region"
        if place_id in self.records:
            return
        record = Record(place_id, text, ActorType.REGION, file, country=state)
        record.flags[text] = ["unverified"]
        self.records[place_id] = record
        self.summary.moved["state synonym -> place (unverified)"] += 1

    # ------------------------------------------------------------ persons and groups

    def _roles(
        self, codes: list[Code], head: bool
    ) -> tuple[list[dict[str, Any]], str | None, set[str]]:
        roles: list[dict[str, Any]] = []
        countries: Counter[str] = Counter()
        role_codes: set[str] = set()
        for code in codes:
            decoded = self.codes.decode(code.code)
            state = self.codes.state(decoded)
            if state:
                countries[state] += 1
            role_codes |= set(decoded.roles)
            if decoded.org:
                role_codes.add(decoded.org)
            if not decoded.roles and not decoded.org:
                continue
            label = self._role_label(decoded, head)
            roles.append(
                {
                    "code": code.code,
                    "role": label,
                    "country": state,
                    "since": _iso(code.since),
                    "until": _iso(code.until),
                }
            )
        country = countries.most_common(1)[0][0] if countries else None
        return roles, country, role_codes

    def _role_label(self, decoded: Decoded, head: bool) -> str:
        roles = list(decoded.roles)
        if decoded.org and not roles:
            return cameo.ROLES[decoded.org]
        main = roles[0] if roles else ""
        if main == "GOV":
            sector = next((_SECTORS[r] for r in roles[1:] if r in _SECTORS), None)
            if head and not sector:
                return "head of state or government"
            return f"minister ({sector})" if sector else "government"
        if main == "MIL":
            return "military"
        return cameo.ROLES.get(main, main.lower())

    def convert_named(self, block: ActorBlock, file: str) -> None:
        decoded = [self.codes.decode(c.code) for c in block.codes]
        from_countryinfo = any("countryinfo" in c.lower() for c in block.comments) or any(
            "rulers" in c.lower() for c in block.comments
        )
        has_eli = any("ELI" in d.roles for d in decoded)
        person = (
            from_countryinfo
            or (has_eli and len(key_tokens(block.primary.text)) >= 2)
            or self._person_like(block.primary, in_group=False)
        ) and not any(t in ORG_WORDS for t in key_tokens(block.primary.text))
        head = from_countryinfo and has_eli and any("GOV" in d.roles for d in decoded)
        roles, country, _ = self._roles(block.codes, head)
        if country is None:
            country = next((self.codes.state(d) for d in decoded if self.codes.state(d)), None)
        if person:
            dated_office = any(
                r["code"] and ("GOV" in r["code"] or "MIL" in r["code"]) for r in roles
            ) and bool(country)
            actor_type = ActorType.LEADER if dated_office else ActorType.PERSON
            self._add_person(block.primary, block.synonyms, actor_type, file, block, roles, country)
            return
        role_list = [r for d in decoded for r in ((d.org,) if d.org else ()) + d.roles]
        actor_type = cameo.type_for_roles(role_list)
        names = [block.primary]
        for synonym in block.synonyms:
            if self._person_like(synonym, in_group=True):
                # A person listed under a group: a person of its own, affiliated with it.
                self.summary.moved["group synonym -> affiliated person"] += 1
                self._pending_people.append((synonym, block, file))
                continue
            names.append(synonym)
        if block.primary.acronym:
            names.append(Name((block.primary.acronym,), True))
        self._add_group(names, actor_type, file, block, roles, country)

    _pending_people: list[tuple[Name, ActorBlock, str]]

    def _add_person(
        self,
        primary: Name,
        synonyms: list[Name],
        actor_type: ActorType,
        file: str,
        block: ActorBlock,
        roles: list[dict[str, Any]],
        country: str | None,
        affiliation: str | None = None,
    ) -> None:
        kept: list[tuple[str, list[str]]] = []
        for written in (primary, *synonyms):
            bare, titled = self._strip_title(written)
            tokens = key_tokens(bare.text)
            if any(t in ORGAN_WORDS for t in tokens) or (
                len(tokens) >= 2 and tokens[-1] in ("government", "regime")
            ):
                if country:
                    self.organs[name_key(written.text)] = {
                        "phrase": display_name(written.tokens, person=True),
                        "country": country,
                        "code": block.codes[0].code if block.codes else None,
                    }
                self.summary.moved["person synonym -> state organ phrase"] += 1
                continue
            reason, flags = self._guard(bare, person=True)
            if reason:
                self.summary.drop(reason, written.text)
                continue
            text = display_name(bare.tokens, person=True)
            if titled and "surname" in flags:
                flags = [*flags, "titled"]
            kept.append((text, flags))
        if not kept:
            self.summary.drop("person with no usable name", primary.text)
            return
        full = [k for k in kept if "surname" not in k[1]]
        name, _ = full[0] if full else kept[0]
        types = {ActorType.LEADER, ActorType.PERSON}
        project_id = self._project_match([name, *(k[0] for k in full)], types)
        record, new = self._claim(
            project_id,
            project_id or slugify(name),
            "person",
            name,
            actor_type,
            types,
            file,
            block,
            country,
        )
        if not new:
            if actor_type is ActorType.LEADER:
                record.type = ActorType.LEADER
            record.country = record.country or country
        record.affiliation = record.affiliation or affiliation
        for text, flags in kept:
            record.add_alias(text, flags)
        record.codes += [c.code for c in block.codes]
        record.roles += roles

    def _add_group(
        self,
        names: list[Name],
        actor_type: ActorType,
        file: str,
        block: ActorBlock,
        roles: list[dict[str, Any]],
        country: str | None,
    ) -> None:
        kept: list[tuple[str, list[str]]] = []
        for written in names:
            reason, flags = self._guard(written, person=False)
            if reason:
                self.summary.drop(reason, written.text)
                continue
            kept.append((display_name(written.tokens), flags))
        if not kept:
            self.summary.drop("group with no usable name", block.primary.text)
            return
        name = kept[0][0]
        types = {ActorType.ARMED_GROUP, ActorType.ORGANIZATION}
        ordered = [k[0] for k in kept if "acronym" not in k[1]] + [
            k[0] for k in kept if "acronym" in k[1]
        ]
        project_id = self._project_match(ordered, types)
        actor_id = project_id or slugify(" ".join(key_tokens(name)) or name)
        record, new = self._claim(
            project_id, actor_id, "group", name, actor_type, types, file, block, country
        )
        if not new:
            record.country = record.country or country
        for text, flags in kept:
            record.add_alias(text, flags)
        record.codes += [c.code for c in block.codes]
        record.roles += [r for r in roles if r["since"] or r["until"]]
        self._group_ids[id(block)] = record.id

    _group_ids: dict[int, str]

    # ------------------------------------------------------------ files

    def convert_actors(self, sources: dict[str, str]) -> None:
        self._pending_people = []
        self._group_ids = {}
        for file, text in sources.items():
            blocks, report = parse_actor_file(text)
            self.summary.parse[file] = report
            self.summary.dropped["bad date (code kept undated)"] += report.bad_dates
            for block in blocks:
                self.summary.entries_in[file] += 1
                self.summary.names_in[file] += 1 + len(block.synonyms)
                if not block.codes:
                    self.summary.drop("no code", block.primary.text)
                    continue
                decoded = self.codes.decode(block.codes[0].code)
                is_state_block = (
                    file == "countries"
                    and len(block.codes[0].code) == 3
                    and decoded.country is not None
                    and not block.comments
                    and len(block.synonyms) >= 1
                ) or (
                    file == "countries"
                    and len(block.codes[0].code) == 3
                    and decoded.country is not None
                    and self._project_match(
                        [self._text(block.primary, place=True)], {ActorType.STATE}
                    )
                    == self.codes.state(decoded)
                )
                if is_state_block and self.codes.state(decoded):
                    self.convert_state(block, decoded, file)
                elif len(block.codes[0].code) == 3 and decoded.region and not decoded.org:
                    self.convert_named(block, file)
                else:
                    self.convert_named(block, file)
        for name, block, file in self._pending_people:
            roles, country, role_codes = self._roles(block.codes, head=False)
            office = bool(country) and bool(role_codes & {"GOV", "MIL"})
            self._add_person(
                name,
                [],
                ActorType.LEADER if office else ActorType.PERSON,
                file,
                block,
                roles if office else [],
                country,
                affiliation=self._group_ids.get(id(block)),
            )

    def convert_agents(self, text: str) -> list[dict[str, Any]]:
        entries, report = parse_agent_file(text)
        self.summary.parse["agents"] = report
        out: dict[str, dict[str, Any]] = {}
        for entry in entries:
            self.summary.entries_in["agents"] += 1
            record = self._agent(entry)
            key = record["phrase"]
            if key in out:
                out[key]["forms"] = sorted(set(out[key]["forms"]) | set(record["forms"]))
                continue
            out[key] = record
        for record in out.values():
            self.summary.actors_out[f"agents/{record['type_hint']}"] += 1
        return [out[k] for k in sorted(out)]

    def _agent(self, entry: AgentEntry) -> dict[str, Any]:
        decoded = [entry.code[i : i + 3] for i in range(0, len(entry.code), 3)]
        main = next((c for c in decoded if c in cameo.ROLES), decoded[0])
        if main in cameo.ARMED_ROLES or main == "COP":
            type_hint = ActorType.ARMED_GROUP.value
        elif main in cameo.AFFILIATIONS or main in ("CVL", "PPL", "REF", "CRM", "ELI"):
            type_hint = ActorType.PERSON.value
        else:
            type_hint = ActorType.ORGANIZATION.value
        phrase = " ".join(entry.tokens).lower()
        forms = sorted({phrase, *(" ".join(p).lower() for p in entry.plurals)})
        return {
            "phrase": phrase,
            "forms": forms,
            "code": entry.code,
            "role": cameo.ROLES.get(main) or cameo.AFFILIATIONS.get(main, main.lower()),
            "type_hint": type_hint,
            "state_organ": main in cameo.STATE_ROLES,
        }

    # ------------------------------------------------------------ output

    def actors_json(self) -> list[dict[str, Any]]:
        out = []
        for record_id in sorted(self.records):
            record = self.records[record_id]
            if record.type is ActorType.STATE:
                record.aliases = [a for a in record.aliases if a != record.name]
            for alias, flags in record.flags.items():
                for flag in flags:
                    self.summary.flagged[flag] += 1
                del alias
            self.summary.actors_out[f"{record.source}/{record.type.value}"] += 1
            out.append(record.to_json())
        return out


# ---------------------------------------------------------------- verbs


VERBS_FORMAT_VERSION = 2


def convert_verbs(text: str, summary: Summary) -> dict[str, Any]:
    """The CAMEO verb dictionary as data: every verb group with its code, its verbs and its
    patterns read into dependency-parse constraints (loaders/phoenix_format.pattern_shape),
    and the patterns that cannot be read, with why. Which codes make which relation is not
    decided here but at run time (loaders/data/cameo_relations.json)."""
    blocks, synsets, report = parse_verb_file(text)
    summary.parse["verbs"] = report
    groups = []
    for block in blocks:
        summary.verbs["groups"] += 1
        verbs = []
        for verb in block.verbs:
            summary.verbs["verbs"] += 1
            entry: dict[str, Any] = {
                "words": [w.lower() for w in verb.words],
                "head": verb.head,
            }
            if verb.code is not None:
                entry["code"] = verb.code.forward
                if verb.code.reverse:
                    entry["reverse"] = verb.code.reverse
            verbs.append(entry)
        patterns = []
        dropped = []
        for pattern in block.patterns:
            summary.verbs["patterns"] += 1
            shape = pattern_shape(pattern)
            if isinstance(shape, str):
                summary.verbs[f"pattern dropped: {shape}"] += 1
                dropped.append({"line": pattern.line, "reason": shape})
                continue
            patterns.append(_pattern_data(pattern.code, shape, pattern.line))
        group: dict[str, Any] = {
            "name": block.name.lower().replace("_", " "),
            "line": block.line,
            "code": block.code.forward if block.code else None,
        }
        if block.code is not None and block.code.reverse:
            group["reverse"] = block.code.reverse
        group["verbs"] = verbs
        if patterns:
            group["patterns"] = patterns
        if dropped:
            group["dropped"] = dropped
        groups.append(group)
    return {
        "groups": groups,
        "synsets": {
            k.lstrip("&").lower(): sorted({m.lower() for m in v})
            for k, v in sorted(synsets.items())
        },
    }


def _pattern_data(code: EventCode, shape: PatternShape, line: int) -> dict[str, Any]:
    data: dict[str, Any] = {"line": line, "code": code.forward}
    if code.reverse:
        data["reverse"] = code.reverse
    if shape.subject is not None:
        data["subject"] = list(shape.subject.words)
    if shape.particle is not None:
        data["particle"] = shape.particle
    if shape.object is not None:
        data["object"] = list(shape.object.words)
    if shape.preps:
        data["preps"] = [
            {
                "preps": list(p.preps),
                **({"words": list(p.phrase.words)} if p.phrase is not None else {}),
                **({"target": True} if p.target else {}),
            }
            for p in shape.preps
        ]
    if shape.target is not None:
        data["target"] = shape.target
    return data


def build_word_lists(sources: dict[str, str], agents: str, verbs: str) -> WordLists:
    common = stdlib_words() | justext_stopwords()
    for line in agents.splitlines():
        body = line.split("#", 1)[0].split("[", 1)[0]
        common |= {w.lower() for w in re.findall(r"[A-Z]{2,}", body.replace("!", " "))}
    verb_blocks, synsets, _ = parse_verb_file(verbs)
    for block in verb_blocks:
        for verb in block.verbs:
            common |= {w.lower() for w in verb.words}
        for pattern in block.patterns:
            common |= {w.strip("(){}").lower() for w in pattern.after if w.strip("(){}").isalpha()}
    for members in synsets.values():
        for member in members:
            common |= {w.lower() for w in member.split() if w.isalpha()}
    given: Counter[str] = Counter()
    blocks_ci, _ = parse_actor_file(sources.get("countries", ""))
    for actor_block in blocks_ci:
        if any("countryinfo" in c.lower() for c in actor_block.comments):
            tokens = key_tokens(actor_block.primary.text)
            if len(tokens) >= 2:
                given[tokens[0]] += 1
    given_names = {n for n, c in given.items() if c >= 3 and len(n) >= 3}
    # A given name is not a common word for this purpose ("Hope" stays a word, "Ali" a name).
    return WordLists(common={w for w in common if len(w) >= 2}, given_names=given_names)


def dump_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode()


def write_gzip(path: Path, payload: bytes) -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as out:
        out.write(payload)
    path.write_bytes(buffer.getvalue())


def protect_project_names(words: WordLists, lexicon: Lexicon) -> None:
    """Names the project lexicon knows (NATO, UN, Hamas, states) are never 'common words'."""
    for key, entries in lexicon.phrases.items():
        if len(key) == 1 and any(e.kind in ("actor", "demonym") for e in entries):
            words.common.discard(key_tokens(key[0])[0] if key_tokens(key[0]) else key[0])


def convert(
    sources: dict[str, str],
    agents: str,
    verbs: str,
    lexicon: Lexicon | None = None,
    words: WordLists | None = None,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], Summary]:
    """(actors document, agents document, verbs document, summary)."""
    lexicon = lexicon or build_lexicon()
    words = words or build_word_lists(sources, agents, verbs)
    protect_project_names(words, lexicon)
    converter = Converter(words, lexicon)
    converter.convert_actors(sources)
    actors = converter.actors_json()
    organs = [converter.organs[k] for k in sorted(converter.organs)]
    agent_list = converter.convert_agents(agents) if agents else []
    verb_doc = convert_verbs(verbs, converter.summary) if verbs else {}
    about = "Derived from the Phoenix / PETRARCH2 dictionaries (MIT, Open Event Data): see README."
    actors_doc = {
        "format": FORMAT_VERSION,
        "about": about,
        "country_codes": dict(sorted(converter.codes.alpha3_to_state.items())),
        "actors": actors,
        "state_organs": organs,
    }
    agents_doc = {"format": FORMAT_VERSION, "about": about, "agents": agent_list}
    verbs_doc = {"format": VERBS_FORMAT_VERSION, "about": about, **verb_doc}
    return actors_doc, agents_doc, verbs_doc, converter.summary

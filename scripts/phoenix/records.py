"""What the converter keeps between reading and writing: the word lists its guards use, the
code book of CAMEO actor codes, one record per actor being built, the summary of what went in
and came out."""

from __future__ import annotations

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

from graph.model import ActorType
from loaders.knowledge import cameo
from loaders.knowledge.lexicon import Lexicon
from loaders.knowledge.names import (
    key_tokens,
    name_key,
    word_set,
)
from scripts.phoenix.format import (
    ParseReport,
    parse_actor_file,
    parse_verb_file,
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


def protect_project_names(words: WordLists, lexicon: Lexicon) -> None:
    """Names the project lexicon knows (NATO, UN, Hamas, states) are never 'common words'."""
    for key, entries in lexicon.phrases.items():
        if len(key) == 1 and any(e.kind in ("actor", "demonym") for e in entries):
            words.common.discard(key_tokens(key[0])[0] if key_tokens(key[0]) else key[0])

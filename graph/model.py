"""The domain model: actors, articles, evidenced relations and one article's extraction."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class ActorType(StrEnum):
    STATE = "state"
    LEADER = "leader"
    ARMED_GROUP = "armed_group"
    CITY = "city"
    ORGANIZATION = "organization"
    REGION = "region"
    PERSON = "person"

    @property
    def label(self) -> str:
        """The Neo4j node label for this type (a fixed set: never built from input)."""
        return _ACTOR_LABELS[self]


_ACTOR_LABELS = {
    ActorType.STATE: "State",
    ActorType.LEADER: "Leader",
    ActorType.ARMED_GROUP: "ArmedGroup",
    ActorType.CITY: "City",
    ActorType.ORGANIZATION: "Organization",
    ActorType.REGION: "Region",
    ActorType.PERSON: "Person",
}


class RelationType(StrEnum):
    SUPPORTS = "supports"
    OPPOSES = "opposes"
    CONTROLS = "controls"
    CALLS = "calls"
    LEADS = "leads"
    MEMBER_OF = "member_of"
    LOCATED_IN = "located_in"

    @property
    def rel_type(self) -> str:
        """The Neo4j relationship type (SUPPORTS, OPPOSES, ...)."""
        return self.value.upper()

    @property
    def structural(self) -> bool:
        return self in (RelationType.LEADS, RelationType.MEMBER_OF, RelationType.LOCATED_IN)

    @property
    def symmetric(self) -> bool:
        # Scored and queried without direction: who called whom, who fights whom.
        return self in (RelationType.OPPOSES, RelationType.CALLS)


class Modality(StrEnum):
    ASSERTED = "asserted"
    CLAIMED = "claimed"
    PLANNED = "planned"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"
    HISTORICAL = "historical"

    @property
    def factual(self) -> bool:
        """Whether a statement with this modality may create or strengthen an aggregated edge
        (whether it is one of ``FACTUAL_MODALITIES``)."""
        return self in FACTUAL_MODALITIES


# The modalities whose statements may create or strengthen an aggregated edge: every one but
# hypothetical and negated. The one statement of this rule: the stores, the alliance analytics
# and the API take it from here.
FACTUAL_MODALITIES: frozenset[Modality] = frozenset(Modality) - {
    Modality.HYPOTHETICAL,
    Modality.NEGATED,
}


_SLUG_DASHES = re.compile(r"-{2,}")


def slugify(name: str) -> str:
    """A stable id from a name: 'Bashar al-Assad' -> 'bashar-al-assad'."""
    kept = [
        ch if ch.isascii() and ch.isalnum() else "-"
        for ch in unicodedata.normalize("NFKD", name.lower())
        if not unicodedata.combining(ch)  # accents go, their letters stay
    ]
    slug = _SLUG_DASHES.sub("-", "".join(kept)).strip("-")
    return slug or "actor-" + hashlib.sha1(name.encode()).hexdigest()[:10]


def normalise_text(text: str) -> str:
    """The form of an article's text that its id is computed from.

    Line endings, Unicode composition, a byte-order mark and trailing spaces do not make a
    different article.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.lstrip("\ufeff")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def article_id(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


class Mention(Strict):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Mention:
        if self.end < self.start:
            raise ValueError("mention end is before its start")
        return self


class Actor(Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    type: ActorType
    aliases: list[str] = Field(default_factory=list)
    wikidata_id: str | None = Field(default=None, pattern=r"^Q[0-9]+$")
    country: str | None = Field(default=None, description="Actor id of the state it belongs to.")
    role: str | None = Field(default=None, description="Office held, for leaders.")


ACTOR_FIELDS = ("id", "name", "type", "aliases", "wikidata_id", "country", "role")


def merge_actor_fields(
    known: Mapping[str, Any] | None, incoming: Mapping[str, Any]
) -> dict[str, Any]:
    """The one actor-merge precedence, wherever two descriptions of one actor meet (two mentions
    in an article, a batch's articles, the stored row, ``merge_actors``, ``migrate``): what is
    known stays and what arrives only adds. The known name stays; the known type stays unless it
    is the generic PERSON and the newcomer says more (a leader first met by name alone); aliases
    gather, never the actor's own name; a missing Wikidata id, country and role are filled."""
    if not known or known.get("name") is None:
        return actor_fields(incoming)
    row = actor_fields(known)
    if row["type"] == ActorType.PERSON and incoming.get("type") not in (None, ActorType.PERSON):
        row["type"] = incoming["type"]
    for name in incoming.get("aliases") or ():
        if name and name not in row["aliases"] and name != row["name"]:
            row["aliases"].append(name)
    for field in ("wikidata_id", "country", "role"):
        if row.get(field) is None:
            row[field] = incoming.get(field)
    return row


def actor_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """An actor row's own fields (what it says about the actor, nothing derived)."""
    return {f: (list(row.get(f) or []) if f == "aliases" else row.get(f)) for f in ACTOR_FIELDS}


class ExtractedActor(Actor):
    """An actor as found in one article, with every mention of it."""

    mentions: list[Mention] = Field(default_factory=list)


class Article(Strict):
    id: str = Field(pattern=r"^[0-9a-f]{64}$")
    title: str | None = None
    source: str | None = Field(default=None, description="The outlet's name, as given or found.")
    url: str | None = None
    published: date | None = None
    path: str | None = None
    # Set by the feed watcher (loaders/feeds): the story this article is a copy of (a stored
    # article's story id; None: a story of its own, whose id is the article's) and the
    # canonical form of its URL (how an article already stored is recognised before a fetch).
    story: str | None = None
    canonical_url: str | None = None


class Source(Strict):
    """An outlet that publishes articles: its id is its host when an article's URL names one
    (hosts identify outlets; names vary from page to page), else its slugified name."""

    id: str
    name: str
    host: str | None = None


_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
_WWW_N = re.compile(r"^www\d{0,3}\.")


def site_host(host: str) -> str:
    """A host as one site: lower-cased, no trailing dot, without the ``www.``, ``m.``,
    ``mobile.`` and ``amp.`` prefixes of its mirrors (never down to a bare suffix: "www.com"
    is that site's name). The one host rule of canonical URLs and of sources."""
    host = host.lower().rstrip(".")
    while True:
        stripped = _WWW_N.sub("", host, count=1)
        for prefix in _HOST_PREFIXES:
            if stripped == host and host.startswith(prefix):
                stripped = host[len(prefix) :]
        if stripped == host or "." not in stripped:
            return host
        host = stripped


def url_site(url: str | None) -> str | None:
    """The site host of an http(s) URL, or None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return site_host(host)


def source_of(article: Article) -> Source | None:
    """The outlet of an article: the site of its canonical URL (else of its URL), named by its
    ``source`` when it has one; an article with a name and no URL is the outlet of that name;
    with neither, it has none."""
    host = url_site(article.canonical_url) or url_site(article.url)
    name = (article.source or "").strip() or None
    if host is not None:
        return Source(id=host, name=name or host, host=host)
    if name is not None:
        return Source(id=slugify(name), name=name)
    return None


class Evidence(Strict):
    """The sentence a statement was read from, with its offsets in the article text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Relation(Strict):
    source: str
    target: str
    type: RelationType
    confidence: float = Field(ge=0.0, le=1.0)
    modality: Modality = Modality.ASSERTED
    year: int | None = None
    evidence: Evidence
    trigger: str
    cameo: str | None = None
    weight: float = Field(default=0.0, ge=-10.0, le=10.0)
    article_id: str
    extractor_version: str
    # Which rule read it (a hand-made frame, a sense, the CAMEO dictionary): for measuring
    # triggers by their source; not part of the JSON contract and not stored.
    rule: str | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _no_self_loop(self) -> Relation:
        if self.source == self.target:
            raise ValueError("a relation needs two different actors")
        return self


class Extraction(Strict):
    """Everything read from one article."""

    article: Article
    actors: list[ExtractedActor] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _relations_name_known_actors(self) -> Extraction:
        known = {actor.id for actor in self.actors}
        for relation in self.relations:
            missing = {relation.source, relation.target} - known
            if missing:
                raise ValueError(f"relation names unknown actors: {sorted(missing)}")
            if relation.article_id != self.article.id:
                raise ValueError("relation belongs to another article")
        return self

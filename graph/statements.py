"""Pure functions both stores share: extraction -> rows, statements -> aggregated edges.

Keeping them here is what makes the embedded store and Neo4j behave the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.model import Actor, ActorType, Article, Extraction, Modality, Relation, RelationType

RELATION_TYPES = {t.value: t for t in RelationType}


@dataclass(frozen=True)
class Key:
    """Identifies one aggregated edge."""

    source: str
    type: RelationType
    target: str

    def row(self) -> dict[str, str]:
        return {
            "source": self.source,
            "type": self.type.value,
            "target": self.target,
            "rel": self.type.rel_type,
        }


def statement_id(article_id: str, relation: Relation) -> str:
    raw = "|".join(
        [
            article_id,
            relation.source,
            relation.type.value,
            relation.target,
            str(relation.evidence.start),
            relation.trigger,
            relation.modality.value,
        ]
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def canonical(actor_id: str, merged: Mapping[str, str]) -> str:
    seen = set()
    while actor_id in merged and actor_id not in seen:
        seen.add(actor_id)
        actor_id = merged[actor_id]
    return actor_id


@dataclass(frozen=True)
class Rows:
    """One article's writes, as rows for ``UNWIND $rows`` (or for the embedded store)."""

    article: dict[str, Any]
    actors: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    statements: list[dict[str, Any]]

    def keys(self) -> set[Key]:
        return {key_of(s) for s in self.statements}


def key_of(statement: Mapping[str, Any]) -> Key:
    return Key(statement["source"], RELATION_TYPES[statement["type"]], statement["target"])


def rows_for(extraction: Extraction, merged: Mapping[str, str], ingested_at: str) -> Rows:
    """Rows with merged ids already resolved; statements between one actor are dropped."""
    article = extraction.article
    version = extraction.relations[0].extractor_version if extraction.relations else "unknown"
    ids = {a.id: canonical(a.id, merged) for a in extraction.actors}
    actors: dict[str, dict[str, Any]] = {}
    for actor in extraction.actors:
        actor_id = ids[actor.id]
        row = actors.setdefault(
            actor_id,
            {
                "id": actor_id,
                "name": actor.name,
                "type": actor.type.value,
                "label": actor.type.label,
                "aliases": [],
                "wikidata_id": actor.wikidata_id,
                "country": canonical(actor.country, merged) if actor.country else None,
                "role": actor.role,
            },
        )
        for alias in (*actor.aliases, *([actor.name] if actor_id != actor.id else [])):
            if alias not in row["aliases"] and alias != row["name"]:
                row["aliases"].append(alias)
    merged_mentions: dict[str, int] = {}
    for a in extraction.actors:
        if a.mentions:
            merged_mentions[ids[a.id]] = merged_mentions.get(ids[a.id], 0) + len(a.mentions)
    published = article.published.isoformat() if article.published else None
    statements = []
    seen: set[str] = set()
    for relation in extraction.relations:
        source, target = ids[relation.source], ids[relation.target]
        if source == target:
            continue
        sid = statement_id(article.id, relation)
        if sid in seen:
            continue
        seen.add(sid)
        statements.append(
            {
                "id": sid,
                "source": source,
                "target": target,
                "type": relation.type.value,
                "modality": relation.modality.value,
                "factual": relation.modality.factual,
                "confidence": relation.confidence,
                "year": relation.year,
                "trigger": relation.trigger,
                "cameo": relation.cameo,
                "weight": relation.weight,
                "sentence": relation.evidence.text,
                "start": relation.evidence.start,
                "end": relation.evidence.end,
                "article_id": article.id,
                "published": published,
                "extractor_version": relation.extractor_version,
            }
        )
    article_row = {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": published,
        "path": article.path,
        "ingested_at": ingested_at,
        "extractor_version": version,
    }
    return Rows(
        article=article_row,
        actors=list(actors.values()),
        mentions=[{"actor": k, "count": v} for k, v in merged_mentions.items()],
        statements=statements,
    )


def aggregate(
    statements: Iterable[Mapping[str, Any]], base: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """The properties of one aggregated edge, or None when no factual statement supports it.

    mentions: factual statements; articles: distinct articles; first/last_seen: publication
    dates; weight: mean signed weight; confidence: 1 - prod(1 - c) (independent evidence);
    modalities: the distinct modalities seen. ``weight_sum`` and ``doubt`` are the exact running
    sums behind weight and confidence; ``base`` holds an edge's sums from statements already
    stored (of other articles), so new articles add to it without rereading them.
    """
    factual = [s for s in statements if s["factual"]]
    mentions = len(factual) + int(base["mentions"] if base else 0)
    if not mentions:
        return None
    dates = sorted(s["published"] for s in factual if s.get("published"))
    if base:
        dates = sorted([*dates, *(d for d in (base["first_seen"], base["last_seen"]) if d)])
    doubt = float(base["doubt"]) if base else 1.0
    for s in factual:
        doubt *= 1.0 - float(s["confidence"])
    weight_sum = (float(base["weight_sum"]) if base else 0.0) + sum(
        float(s["weight"]) for s in factual
    )
    return {
        "mentions": mentions,
        "articles": len({s["article_id"] for s in factual}) + int(base["articles"] if base else 0),
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "weight": round(weight_sum / mentions, 4),
        "confidence": round(1.0 - doubt, 4),
        "modalities": sorted(
            {s["modality"] for s in factual} | set(base["modalities"] if base else ())
        ),
        "weight_sum": weight_sum,
        "doubt": doubt,
    }


def parse_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def is_factual(modality: str) -> bool:
    return Modality(modality).factual


def actor_from_row(row: Mapping[str, Any]) -> Actor:
    """An actor as either store keeps it (a node's properties, with its id)."""
    return Actor(
        id=row["id"],
        name=row["name"],
        type=ActorType(row["type"]),
        aliases=list(row.get("aliases") or []),
        wikidata_id=row.get("wikidata_id"),
        country=row.get("country"),
        role=row.get("role"),
    )


def article_from_row(row: Mapping[str, Any]) -> Article:
    """An article as either store keeps it."""
    return Article(
        id=row["id"],
        title=row.get("title"),
        source=row.get("source"),
        url=row.get("url"),
        published=parse_date(row.get("published")),
        path=row.get("path"),
    )

"""Shared query logic: statements in, aggregated edges with evidence out.

Each store fetches candidate statements (its own way); filtering, grouping and aggregation
happen here, so the embedded store and Neo4j answer every question the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from graph.model import Modality, RelationType
from graph.records import Edge, EvidenceItem
from graph.statements import aggregate, parse_date


class Direction(StrEnum):
    OUT = "out"
    IN = "in"
    BOTH = "both"


@dataclass(frozen=True)
class EdgeQuery:
    """Which edges: around an actor and/or between given actors, of some types, in a window."""

    actor: str | None = None
    direction: Direction = Direction.BOTH
    types: frozenset[RelationType] = field(default_factory=frozenset)
    source: str | None = None
    target: str | None = None
    since: date | None = None
    until: date | None = None
    min_confidence: float = 0.0
    modality: Modality | None = None
    article: str | None = None
    evidence_limit: int = 20

    def statement_filter(self, statement: Mapping[str, Any]) -> bool:
        if self.article is not None and statement["article_id"] != self.article:
            return False
        if self.types and statement["type"] not in {t.value for t in self.types}:
            return False
        if self.actor is not None:
            out = statement["source"] == self.actor
            into = statement["target"] == self.actor
            if self.direction is Direction.OUT and not out:
                return False
            if self.direction is Direction.IN and not into:
                return False
            if self.direction is Direction.BOTH and not (out or into):
                return False
        if self.source is not None and statement["source"] != self.source:
            return False
        if self.target is not None and statement["target"] != self.target:
            return False
        published = parse_date(statement.get("published"))
        if self.since is not None and (published is None or published < self.since):
            return False
        if self.until is not None and (published is None or published > self.until):
            return False
        if self.modality is not None:
            return bool(statement["modality"] == self.modality.value)
        return True


def build_edges(
    statements: Iterable[Mapping[str, Any]],
    titles: Mapping[str, str | None],
    query: EdgeQuery,
) -> list[Edge]:
    """Group matching statements by (source, type, target) into aggregated edges.

    Without a modality filter only factual statements count (hypothetical and negated ones
    never make an edge); with one, the edge is built from exactly those statements.
    """
    groups: dict[tuple[str, str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for s in statements:
        if query.statement_filter(s):
            groups[(s["source"], s["type"], s["target"])].append(s)
    edges = []
    for (source, kind, target), members in groups.items():
        counted = [{**m, "factual": True} if query.modality is not None else m for m in members]
        props = aggregate(counted)
        if props is None or props["confidence"] < query.min_confidence:
            continue
        # A total order (ties broken by position and id), so every store lists the same items.
        factual = sorted(
            (m for m in counted if m["factual"]),
            key=lambda m: (m["article_id"], m["start"], m["id"]),
        )
        chosen = sorted(
            factual, key=lambda m: (m.get("published") or "", m["confidence"]), reverse=True
        )[: query.evidence_limit]
        edges.append(
            Edge(
                source=source,
                target=target,
                type=RelationType(kind),
                mentions=props["mentions"],
                articles=props["articles"],
                first_seen=parse_date(props["first_seen"]),
                last_seen=parse_date(props["last_seen"]),
                weight=props["weight"],
                confidence=props["confidence"],
                modalities=[Modality(m) for m in props["modalities"]],
                evidence=[evidence_item(m, titles) for m in chosen],
            )
        )
    edges.sort(
        key=lambda e: (-abs(e.weight) * e.mentions, -e.mentions, e.source, e.type.value, e.target)
    )
    return edges


def evidence_item(statement: Mapping[str, Any], titles: Mapping[str, str | None]) -> EvidenceItem:
    return EvidenceItem(
        statement_id=statement["id"],
        article_id=statement["article_id"],
        title=titles.get(statement["article_id"]),
        published=parse_date(statement.get("published")),
        sentence=statement["sentence"],
        start=statement["start"],
        end=statement["end"],
        modality=Modality(statement["modality"]),
        confidence=statement["confidence"],
        trigger=statement["trigger"],
        year=statement.get("year"),
    )


FUZZY_CUTOFF = 80.0


def rank_actor_match(query: str, name: str, aliases: Iterable[str], actor_id: str) -> float | None:
    """Lower is better: 0 exact, 1 prefix, 2 word prefix, 3 substring, then 4-5 for fuzzy
    matches ("Bashar Assad" for "Bashar al-Assad", "Lavrof"); None when nothing matches."""
    from rapidfuzz import fuzz

    q = query.strip().lower()
    if not q:
        return 0.0
    best: float | None = None
    for candidate in (actor_id, name, *aliases):
        c = candidate.lower()
        if c == q:
            rank = 0.0
        elif c.startswith(q):
            rank = 1.0
        elif any(word.startswith(q) for word in c.replace("-", " ").split()):
            rank = 2.0
        elif q in c:
            rank = 3.0
        elif len(q) >= 4:
            words = c.replace("-", " ").split()
            score = max(
                fuzz.token_sort_ratio(q, c),
                fuzz.ratio(q, c),
                max((fuzz.ratio(q, w) for w in words), default=0.0),  # "lavrof" ~ "lavrov"
            )
            if score < FUZZY_CUTOFF:
                continue
            rank = 4.0 + (100.0 - score) / 100.0
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best

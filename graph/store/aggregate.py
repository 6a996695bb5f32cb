"""The one rule that turns statements into an aggregated edge, used by both backends.

Each edge persists its base sums (``Sums``): factual mentions, distinct articles, the sum of
signed weights, the doubt ``Π(1 - cᵢ)``, first and last publication dates, the modalities seen
and its top evidence (the ranks of its best ``EVIDENCE_KEPT`` statements). New articles add to
them (``sum_statements``); a retract, a replace or a merge rebuilds them from the statements
that stay (``sum_statements`` from nothing). ``properties`` derives what readers see (mean
weight, confidence) from the sums, so the formula lives here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from graph.model import RelationType

# Evidence kept on every edge: relations answer from it without reading all statements, so a
# hub edge costs the same as a leaf. An EdgeQuery's evidence_limit defaults to this.
EVIDENCE_KEPT = 20

_INVERT_DIGITS = str.maketrans("0123456789", "9876543210")
_NO_DATE = "~" * 10  # after every date: undated evidence comes last


@dataclass(frozen=True, order=True)
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

    @classmethod
    def of(cls, row: Any) -> Key:
        """The key of a row (a mapping or a database row) with source, type and target."""
        return cls(row["source"], RelationType(row["type"]), row["target"])


def evidence_rank(
    published: str | None, confidence: float, article_id: str, start: int, statement_id: str
) -> str:
    """A string whose ascending order is the evidence order: newest first (undated last), then
    most confident (to 6 places), then by article, position and id (a total order, the same
    everywhere: the id ends it).
    Stored on every statement and in each edge's top evidence."""
    day = published[:10].translate(_INVERT_DIGITS) if published else _NO_DATE
    sure = f"{confidence:.6f}".translate(_INVERT_DIGITS)
    return f"{day}{sure}{article_id[:16]}{start:010d}{statement_id}"


def statement_of(rank: str) -> str:
    """The statement id at the end of an evidence rank."""
    return rank[-32:]


@dataclass(frozen=True)
class Sums:
    """What an edge persists: exact running sums, from which its properties follow."""

    mentions: int = 0
    articles: int = 0
    weight_sum: float = 0.0
    doubt: float = 1.0
    first_seen: str | None = None
    last_seen: str | None = None
    modalities: tuple[str, ...] = ()
    top: tuple[str, ...] = ()

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Sums:
        """The sums as a backend stored them (a row of the edge's properties)."""
        return cls(
            mentions=int(row["mentions"]),
            articles=int(row["articles"]),
            weight_sum=float(row["weight_sum"]),
            doubt=float(row["doubt"]),
            first_seen=row.get("first_seen"),
            last_seen=row.get("last_seen"),
            modalities=tuple(row.get("modalities") or ()),
            top=tuple(row.get("top") or ()),
        )

    def stored(self) -> dict[str, Any]:
        """Everything a backend persists on the edge: the sums and the derived properties."""
        return {
            "mentions": self.mentions,
            "articles": self.articles,
            "weight_sum": self.weight_sum,
            "doubt": self.doubt,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "modalities": list(self.modalities),
            "top": list(self.top),
            **properties(self),
        }


def sum_statements(
    statements: Iterable[Mapping[str, Any]],
    base: Sums | None = None,
    keep: int = EVIDENCE_KEPT,
) -> Sums | None:
    """``base`` plus the given statements (rows with article_id, published, weight,
    confidence, modality and rank), or None when nothing supports the edge. The statements
    must come from articles ``base`` does not count yet. Every row given counts: callers pass
    the factual statements (or, for one asked-for modality, exactly those)."""
    rows = sorted(statements, key=lambda s: str(s["rank"]))  # one order: identical floats
    base = base or Sums()
    if not rows:
        return base if base.mentions else None
    doubt = base.doubt
    weight_sum = base.weight_sum
    for s in rows:
        doubt *= 1.0 - float(s["confidence"])
        weight_sum += float(s["weight"])
    dates = [d for d in (base.first_seen, base.last_seen) if d]
    dates += [str(s["published"])[:10] for s in rows if s.get("published")]
    top = sorted({*base.top, *(str(s["rank"]) for s in rows)})[:keep]
    return replace(
        base,
        mentions=base.mentions + len(rows),
        articles=base.articles + len({s["article_id"] for s in rows}),
        weight_sum=weight_sum,
        doubt=doubt,
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
        modalities=tuple(sorted({*base.modalities, *(str(s["modality"]) for s in rows)})),
        top=tuple(top),
    )


def properties(sums: Sums) -> dict[str, float]:
    """What readers see besides the sums: the mean signed weight and the confidence
    1 - Π(1 - cᵢ) (independent evidence), both rounded to 4 places."""
    return {
        "weight": round(sums.weight_sum / sums.mentions, 4) if sums.mentions else 0.0,
        "confidence": round(1.0 - sums.doubt, 4),
    }

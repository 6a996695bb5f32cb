"""The one rule that turns statements into an aggregated edge, used by both backends.

One story counts once. Articles that copy a story (syndicated copies, found by the feed
watcher) share its ``story`` id; for each edge and story only the statements of one article
count: the story's earliest copy on that edge (earliest published, undated last, then by
article id: ``story_order``), whatever order the copies arrived in. The others are kept as
statements (evidence, provenance) and count only as outlets (``sources``).

Each edge persists its base sums (``Sums``): mentions, distinct stories (``articles``), distinct
outlets (``sources``), the sum of signed weights, the doubt ``Π(1 - cᵢ)``, first and last
publication dates, the modalities seen and its top evidence (the ranks of its best
``EVIDENCE_KEPT`` counted statements). New stories add to them (``sum_statements`` with a base);
a later copy of a story the edge counts adds its outlet only; an earlier copy, a retract, a
replace or a merge rebuilds them from the statements that stay (``sum_statements`` from
nothing). ``properties`` derives what readers see (mean weight, confidence) from the sums, so
the formula lives here and nowhere else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from graph.model import RelationType

# Evidence kept on every edge: relations answer from it without reading all statements, so a
# hub edge costs the same as a leaf. An EdgeQuery's evidence_limit defaults to this.
EVIDENCE_KEPT = 20

_INVERT_DIGITS = str.maketrans("0123456789", "9876543210")
UNDATED = "~" * 10  # after every date: undated evidence comes last


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
    day = published[:10].translate(_INVERT_DIGITS) if published else UNDATED
    sure = f"{confidence:.6f}".translate(_INVERT_DIGITS)
    return f"{day}{sure}{article_id[:16]}{start:010d}{statement_id}"


def story_order(published: str | None, article_id: str) -> str:
    """A string whose ascending order is the order of a story's copies: earliest published
    first, undated last, then by article id. The first is the copy an edge counts."""
    return (published[:10] if published else UNDATED) + article_id


def story_of(statement: Mapping[str, Any]) -> str:
    """A statement's story (its article's own id for an article that copies nothing)."""
    return str(statement.get("story") or statement["article_id"])


def order_of(statement: Mapping[str, Any]) -> str:
    return story_order(statement.get("published"), str(statement["article_id"]))


def statement_of(rank: str) -> str:
    """The statement id at the end of an evidence rank."""
    return rank[-32:]


@dataclass(frozen=True)
class Sums:
    """What an edge persists: exact running sums, from which its properties follow."""

    mentions: int = 0
    articles: int = 0  # distinct stories
    sources: int = 0  # distinct outlets of every copy
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
            sources=int(row.get("sources") or 0),
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
            "sources": self.sources,
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
    *,
    counted: Mapping[str, str] | None = None,
    outlets: Collection[str] = (),
) -> Sums | None:
    """``base`` plus the given statements (rows with article_id, story, outlet, published,
    weight, confidence, modality and rank), or None when nothing supports the edge.

    ``counted`` maps each story ``base`` already counts (that has statements given or stored
    on this edge) to the ``story_order`` of its counted copy, ``outlets`` holds the outlets
    ``base`` counts; without a base both are empty. A statement of a counted story is a later
    copy: only its outlet counts. An earlier one would change which copy counts, which only a
    rebuild from every statement can do: it is refused. Every row given counts: callers pass
    the factual statements (or, for one asked-for modality, exactly those)."""
    counted = counted or {}
    rows = list(statements)
    stories: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for s in rows:
        stories[story_of(s)].append(s)
    kept: list[Mapping[str, Any]] = []
    for story, copies in stories.items():
        first = min(order_of(s) for s in copies)
        if story in counted:
            if first < counted[story]:
                raise ValueError(f"an earlier copy of story {story}: rebuild the edge")
            continue
        kept += [s for s in copies if order_of(s) == first]
    new_outlets = {str(s["outlet"]) for s in rows if s.get("outlet")} - set(outlets)
    base = base or Sums()
    if not kept:
        if not base.mentions:
            return None
        return replace(base, sources=base.sources + len(new_outlets))
    kept.sort(key=lambda s: str(s["rank"]))  # one order: identical floats
    doubt = base.doubt
    weight_sum = base.weight_sum
    for s in kept:
        doubt *= 1.0 - float(s["confidence"])
        weight_sum += float(s["weight"])
    dates = [d for d in (base.first_seen, base.last_seen) if d]
    dates += [str(s["published"])[:10] for s in kept if s.get("published")]
    top = sorted({*base.top, *(str(s["rank"]) for s in kept)})[:keep]
    return replace(
        base,
        mentions=base.mentions + len(kept),
        articles=base.articles + len({story_of(s) for s in kept}),
        sources=base.sources + len(new_outlets),
        weight_sum=weight_sum,
        doubt=doubt,
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
        modalities=tuple(sorted({*base.modalities, *(str(s["modality"]) for s in kept)})),
        top=tuple(top),
    )


def properties(sums: Sums) -> dict[str, float]:
    """What readers see besides the sums: the mean signed weight and the confidence
    1 - Π(1 - cᵢ) (independent evidence), both rounded to 4 places."""
    return {
        "weight": round(sums.weight_sum / sums.mentions, 4) if sums.mentions else 0.0,
        "confidence": round(1.0 - sums.doubt, 4),
    }

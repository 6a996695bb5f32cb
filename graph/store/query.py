"""What a caller may ask for: which edges (``EdgeQuery``), which window of the graph
(``Window``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from graph.model import FACTUAL_MODALITIES, Modality, RelationType


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

    @property
    def needs_statements(self) -> bool:
        """Whether the answer must be aggregated from statements (a date window, one modality
        or one article); otherwise the stored edges answer it."""
        return (
            self.since is not None
            or self.until is not None
            or self.modality is not None
            or self.article is not None
        )

    @property
    def modalities(self) -> frozenset[Modality]:
        """The statements that count: one modality when asked for, else the factual ones."""
        return frozenset({self.modality}) if self.modality is not None else FACTUAL_MODALITIES


@dataclass(frozen=True)
class Window:
    """A view of the whole graph: edges aggregated from the statements published inside
    [since, until] whose modality is one of ``modalities`` (the factual ones by default:
    hypothetical and negated statements only count when asked for)."""

    since: date | None = None
    until: date | None = None
    modalities: frozenset[Modality] = FACTUAL_MODALITIES

    @property
    def is_everything(self) -> bool:
        return self.since is None and self.until is None and self.modalities == FACTUAL_MODALITIES

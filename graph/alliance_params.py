"""The question alliance analytics answer (``AllianceParams``), with the bounds of its numbers.

Its own module, apart from the analytics (networkx, igraph, scipy: most of a second to import),
so the CLI declares its options from it without paying for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import annotated_types
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationError,
    model_validator,
)

from graph.errors import BadParameter
from graph.model import Modality

if TYPE_CHECKING:
    from graph.store.query import Window

# What counts when a caller does not say: what was asserted or claimed (not what was planned, or
# what happened once), and bloc detection's consensus of this many seeds.
DEFAULT_MODALITIES: frozenset[Modality] = frozenset({Modality.ASSERTED, Modality.CLAIMED})
DEFAULT_RUNS = 4


class AllianceParams(BaseModel):
    """One question: which statements count and how blocs are found.

    Statements published in [since, until] whose modality is one of ``modalities`` (asserted
    and claimed by default; historical or planned when asked; never hypothetical or negated)
    are aggregated by the store into edges; edges less certain than ``min_confidence`` are
    left out; ``fold`` folds leaders, units and cities into their state or group;
    ``half_life_days`` weighs ties by recency; ``runs``, ``seed`` and ``resolution`` are the
    bloc detection's.

    The bounds of each number are stated here and nowhere else: the API's query parameters
    and the CLI's options are declared with them (``bounds``). A question out of bounds, or
    one that cannot be asked (a reversed window, a modality that is no fact), is a
    ``BadParameter`` naming the field. Frozen and hashable: a question is a cache key.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    since: date | None = None
    until: date | None = None
    modalities: frozenset[Modality] = DEFAULT_MODALITIES
    min_confidence: float = Field(0.0, ge=0, le=1)
    fold: bool = False
    half_life_days: float | None = Field(None, ge=1, le=36_500)
    runs: int = Field(DEFAULT_RUNS, ge=1, le=20)
    seed: int = Field(0, ge=0, le=1_000_000)
    resolution: float = Field(1.0, ge=0.05, le=20)

    @model_validator(mode="wrap")
    @classmethod
    def _one_bad_parameter(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        # Callers get the error the API and the CLI report (422, one line), not pydantic's.
        try:
            return handler(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise BadParameter(".".join(map(str, first["loc"])), first["msg"]) from None

    @model_validator(mode="after")
    def _askable(self) -> AllianceParams:
        if self.since is not None and self.until is not None and self.since > self.until:
            raise BadParameter("until", f"{self.until} is before since ({self.since})")
        if not self.modalities:
            raise BadParameter("modality", "at least one modality")
        not_factual = sorted(m.value for m in self.modalities if not m.factual)
        if not_factual:
            raise BadParameter(
                "modality", f"{', '.join(not_factual)} statements are not facts: never counted"
            )
        return self

    @classmethod
    def of(
        cls,
        *,
        since: date | None = None,
        until: date | None = None,
        modalities: Iterable[Modality] | None = None,
        historical: bool = False,
        **options: Any,
    ) -> AllianceParams:
        """Parameters as callers give them: modalities default to asserted and claimed;
        ``historical`` adds historical statements."""
        chosen = set(modalities or DEFAULT_MODALITIES)
        if historical:
            chosen.add(Modality.HISTORICAL)
        return cls(since=since, until=until, modalities=frozenset(chosen), **options)

    def window(self) -> Window:
        from graph.store.query import Window  # the store package: 0.2 s, only when asked

        return Window(since=self.since, until=self.until, modalities=self.modalities)

    @property
    def period(self) -> str:
        """The window as one string (stored as ``bloc_period`` in Neo4j): ``all``, or
        ``since/until`` in ISO 8601 with ``..`` for an open end (``2026-01-01/..``)."""
        if self.since is None and self.until is None:
            return "all"
        since = self.since.isoformat() if self.since else ".."
        until = self.until.isoformat() if self.until else ".."
        return f"{since}/{until}"


class Bounds(NamedTuple):
    low: float
    high: float


def bounds(field: str) -> Bounds:
    """The bounds of one number of ``AllianceParams`` (inclusive), as the model states them:
    what the API's query parameters and the CLI's options are declared with."""
    found: dict[str, float] = {}
    for item in AllianceParams.model_fields[field].metadata:
        if isinstance(item, annotated_types.Ge):
            found["low"] = cast(float, item.ge)
        elif isinstance(item, annotated_types.Le):
            found["high"] = cast(float, item.le)
    return Bounds(**found)

"""Query parameters shared by the routes, declared so the OpenAPI document says exactly what
is accepted: enum lists (repeated or comma-separated) and calendar dates."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator, StringConstraints

from graph.model import FACTUAL_MODALITIES, ActorType, Modality, RelationType

E = TypeVar("E", bound=StrEnum)

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=100_000_000)]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    # Without this, pydantic reads "0" or "1700000000" as a Unix timestamp.
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError("a calendar date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def check_window(since: date | None, until: date | None) -> None:
    """A reversed date window is a mistake worth saying, not an empty answer (422)."""
    if since is not None and until is not None and since > until:
        raise RequestValidationError(
            [{"loc": ("query", "until"), "msg": f"until ({until}) is before since ({since})"}]
        )


def _enum_list_pattern(kind: type[StrEnum] | list[Modality]) -> str:
    one = "(?:" + "|".join(re.escape(m.value) for m in kind) + ")"
    return f"^{one}(?:,{one})*$"


# In the enum's order, as the OpenAPI document lists them.
FACTUAL = [m for m in Modality if m in FACTUAL_MODALITIES]


RelationTypes = Annotated[
    list[Annotated[str, StringConstraints(pattern=_enum_list_pattern(RelationType))]] | None,
    Query(description="Relation types, repeated or comma-separated: " + ", ".join(RelationType)),
]
ActorTypes = Annotated[
    list[Annotated[str, StringConstraints(pattern=_enum_list_pattern(ActorType))]] | None,
    Query(description="Actor types, repeated or comma-separated: " + ", ".join(ActorType)),
]


Modalities = Annotated[
    list[Annotated[str, StringConstraints(pattern=_enum_list_pattern(FACTUAL))]] | None,
    Query(
        description="Modalities of the statements that count, repeated or comma-separated: "
        + ", ".join(FACTUAL)
        + " (default: asserted, claimed)"
    ),
]


def enum_values(values: list[str] | None, kind: type[E]) -> list[E]:
    """Members named by repeated or comma-separated parameters (already validated), in order."""
    members: list[E] = []
    for raw in values or []:
        for value in raw.split(","):
            member = kind(value)
            if member not in members:
                members.append(member)
    return members


def relation_types(values: list[str] | None) -> frozenset[RelationType]:
    return frozenset(enum_values(values, RelationType))

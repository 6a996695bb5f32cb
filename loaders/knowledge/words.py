"""The word lists of the extraction rules (loaders/knowledge/data/words.json): read once, looked
up by the room that uses them and the list's name."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any


@functools.cache
def _lists() -> dict[str, Any]:
    text = (resources.files("loaders.knowledge") / "data" / "words.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def words(group: str, name: str) -> frozenset[str]:
    """A list as a set: ``words("relations", "relational")``; a missing list is an error."""
    try:
        entry = _lists()[group][name]
    except KeyError as exc:
        raise KeyError(f"no word list {group}.{name} in loaders/knowledge/data/words.json") from exc
    return frozenset(entry["words"])

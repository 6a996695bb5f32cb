"""Quality bar 1: the reference article's facts, checked against tests/data/reference_facts.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.model import Article, Extraction, Modality, Relation, article_id
from loaders.rules.extract import Extractor
from tests.conftest import REFERENCE_ARTICLE, ROOT, shared_file

FACTS = json.loads((ROOT / "tests" / "data" / "reference_facts.json").read_text())


@pytest.fixture(scope="module")
def extraction(extractor: Extractor) -> tuple[str, Extraction]:
    text = shared_file(REFERENCE_ARTICLE).read_text(encoding="utf-8")
    return text, extractor.extract(text, Article(id=article_id(text), title="reference"))


def _actor_matches(spec: Any, actor_id: str, countries: dict[str, str | None]) -> bool:
    if isinstance(spec, dict):
        owner = str(spec["of"])
        return actor_id == owner or countries.get(actor_id) == owner
    if isinstance(spec, list):
        return actor_id in spec
    return bool(actor_id == spec)


def _matches(fact: dict[str, Any], r: Relation, countries: dict[str, str | None]) -> bool:
    types = fact["type"] if isinstance(fact["type"], list) else [fact["type"]]
    if r.type.value not in types:
        return False
    forward = _actor_matches(fact["source"], r.source, countries) and _actor_matches(
        fact["target"], r.target, countries
    )
    backward = _actor_matches(fact["source"], r.target, countries) and _actor_matches(
        fact["target"], r.source, countries
    )
    if not (forward or (r.type.symmetric and backward)):
        return False
    if "modality" in fact and r.modality.value not in fact["modality"]:
        return False
    return "year" not in fact or r.year == fact["year"]


def _countries(extraction: Extraction) -> dict[str, str | None]:
    return {a.id: a.country for a in extraction.actors}


@pytest.mark.parametrize("fact", FACTS["required"], ids=lambda f: f"{f['source']}-{f['type']}")
def test_required_fact(extraction: tuple[str, Extraction], fact: dict[str, Any]) -> None:
    _, result = extraction
    countries = _countries(result)
    assert any(_matches(fact, r, countries) for r in result.relations), fact


@pytest.mark.parametrize("fact", FACTS["forbidden"], ids=lambda f: f"{f['source']}-{f['type']}")
def test_forbidden_fact(extraction: tuple[str, Extraction], fact: dict[str, Any]) -> None:
    _, result = extraction
    countries = _countries(result)
    wrong = [r for r in result.relations if _matches(fact, r, countries)]
    assert not wrong, wrong


def test_actor_types(extraction: tuple[str, Extraction]) -> None:
    _, result = extraction
    types = {a.id: a.type.value for a in result.actors}
    for actor_id, expected in FACTS["types"].items():
        assert types.get(actor_id) == expected, actor_id


def test_hypotheticals_are_not_asserted(extraction: tuple[str, Extraction]) -> None:
    _, result = extraction
    for r in result.relations:
        sentence = r.evidence.text.lower()
        if r.type.structural:
            continue
        if any(f" {cue} " in f" {sentence} " for cue in FACTS["hypothetical_cues"]):
            assert r.modality is not Modality.ASSERTED, r


def test_offsets_index_the_text(extraction: tuple[str, Extraction]) -> None:
    text, result = extraction
    assert result.actors and result.relations
    for actor in result.actors:
        for m in actor.mentions:
            assert text[m.start : m.end] == m.text
    for r in result.relations:
        assert text[r.evidence.start : r.evidence.end] == r.evidence.text
        assert 0.0 <= r.confidence <= 1.0


def test_every_relation_names_known_actors(extraction: tuple[str, Extraction]) -> None:
    _, result = extraction
    ids = {a.id for a in result.actors}
    for r in result.relations:
        assert {r.source, r.target} <= ids


def test_reference_text_is_not_in_the_repository() -> None:
    text = shared_file(REFERENCE_ARTICLE).read_text(encoding="utf-8")
    sentence = max(text.split("."), key=len).strip()
    for path in ROOT.rglob("*"):
        skipped = ".venv" in path.parts or ".git" in path.parts
        if path.is_file() and not skipped and path.suffix in (".py", ".json", ".md", ".txt"):
            assert sentence not in path.read_text(errors="ignore"), Path(path)

from __future__ import annotations

import pytest
from pydantic import ValidationError

from graph.model import (
    Actor,
    ActorType,
    Article,
    Evidence,
    ExtractedActor,
    Extraction,
    Mention,
    Modality,
    Relation,
    RelationType,
    article_id,
    normalise_text,
    slugify,
)


def relation(**overrides: object) -> Relation:
    fields: dict[str, object] = {
        "source": "iran",
        "target": "syria",
        "type": "supports",
        "confidence": 0.8,
        "evidence": Evidence(start=0, end=10, text="Iran backs"),
        "trigger": "backs",
        "article_id": "a" * 64,
        "extractor_version": "test",
    }
    fields.update(overrides)
    return Relation.model_validate(fields)


def test_slugify_makes_stable_ascii_ids() -> None:
    assert slugify("Bashar al-Assad") == "bashar-al-assad"
    assert slugify("Hayat Tahrir al-Sham") == "hayat-tahrir-al-sham"
    assert slugify("C\u00f4te d\u2019Ivoire") == "cote-d-ivoire"
    assert slugify("العربية").startswith("actor-")


def test_article_id_ignores_line_endings_and_trailing_space() -> None:
    assert article_id("Iran backs Syria.\r\nMore.  \n") == article_id("Iran backs Syria.\nMore.")
    assert article_id("\ufeffIran") == article_id("Iran")
    assert article_id("Iran backs Syria.") != article_id("Iran opposes Syria.")
    assert len(article_id("x")) == 64
    assert normalise_text("  a  \r\n b ") == "a\n b"


def test_models_reject_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        Actor.model_validate({"id": "iran", "name": "Iran", "type": "state", "colour": "green"})


def test_actor_ids_are_slugs() -> None:
    with pytest.raises(ValidationError):
        Actor(id="Iran", name="Iran", type=ActorType.STATE)
    with pytest.raises(ValidationError):
        Actor(id="iran", name="Iran", type=ActorType.STATE, wikidata_id="794")


def test_relation_checks_confidence_and_loops() -> None:
    assert relation().modality is Modality.ASSERTED
    with pytest.raises(ValidationError):
        relation(confidence=1.5)
    with pytest.raises(ValidationError):
        relation(target="iran")
    with pytest.raises(ValidationError):
        relation(type="likes")


def test_mention_end_not_before_start() -> None:
    with pytest.raises(ValidationError):
        Mention(start=5, end=2, text="x")


def test_extraction_requires_known_actors_and_same_article() -> None:
    article = Article(id="a" * 64, title="t")
    iran = ExtractedActor(id="iran", name="Iran", type=ActorType.STATE)
    syria = ExtractedActor(id="syria", name="Syria", type=ActorType.STATE)
    Extraction(article=article, actors=[iran, syria], relations=[relation()])
    with pytest.raises(ValidationError, match="unknown actors"):
        Extraction(article=article, actors=[iran], relations=[relation()])
    with pytest.raises(ValidationError, match="another article"):
        Extraction(article=article, actors=[iran, syria], relations=[relation(article_id="b" * 64)])


def test_enum_names_in_neo4j_come_from_fixed_maps() -> None:
    assert ActorType.ARMED_GROUP.label == "ArmedGroup"
    assert {t.label for t in ActorType} == {
        "State",
        "Leader",
        "ArmedGroup",
        "City",
        "Organization",
        "Region",
        "Person",
    }
    assert RelationType.MEMBER_OF.rel_type == "MEMBER_OF"
    assert RelationType.CALLS.symmetric and not RelationType.SUPPORTS.symmetric
    assert RelationType.LEADS.structural and not RelationType.CONTROLS.structural
    assert not Modality.HYPOTHETICAL.factual and Modality.HISTORICAL.factual

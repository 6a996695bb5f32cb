"""The scorer of gold files with expected facts (loaders/eval/facts.py, `actorgraph eval facts`),
on a gold file and an extractor written here: per-type counts, misses and wrong relations explained,
forbidden facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.model import (
    ActorType,
    Article,
    Evidence,
    ExtractedActor,
    Extraction,
    Mention,
    Modality,
    Relation,
    RelationType,
)
from loaders.eval.facts import articles, score

TEXT = "Kenya backs Somalia.\nEthiopia met Kenya.\nRebels seized Beledweyne."


def _actor(actor_id: str, name: str, kind: ActorType) -> ExtractedActor:
    start = TEXT.index(name)
    return ExtractedActor(
        id=actor_id,
        name=name,
        type=kind,
        mentions=[Mention(start=start, end=start + len(name), text=name)],
    )


def fake_extract(text: str, article: Article) -> Extraction:
    def relation(source: str, kind: RelationType, target: str, line: int) -> Relation:
        sentence = text.split("\n")[line]
        start = text.index(sentence)
        return Relation(
            source=source,
            target=target,
            type=kind,
            confidence=0.8,
            modality=Modality.ASSERTED,
            evidence=Evidence(start=start, end=start + len(sentence), text=sentence),
            trigger="t",
            cameo="051",
            article_id=article.id,
            extractor_version="test",
        )

    return Extraction(
        article=article,
        actors=[
            _actor("kenya", "Kenya", ActorType.STATE),
            _actor("somalia", "Somalia", ActorType.STATE),
            _actor("ethiopia", "Ethiopia", ActorType.STATE),
        ],
        relations=[
            relation("kenya", RelationType.SUPPORTS, "somalia", 0),  # right
            relation("kenya", RelationType.CALLS, "ethiopia", 1),  # right, other direction
            relation("somalia", RelationType.OPPOSES, "ethiopia", 1),  # wrong and forbidden
        ],
    )


@pytest.fixture()
def gold(tmp_path: Path) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(
        json.dumps(
            {
                "articles": [
                    {
                        "id": "a1",
                        "text": TEXT.split("\n"),
                        "facts": [
                            {"source": ["Kenya"], "type": "supports", "target": ["Somalia"]},
                            {"source": ["Ethiopia"], "type": "calls", "target": ["Kenya"]},
                            {"source": ["Rebels"], "type": "controls", "target": ["Beledweyne"]},
                        ],
                        "forbidden": [
                            {"source": ["Ethiopia"], "type": "opposes", "target": ["Somalia"]}
                        ],
                    }
                ]
            }
        )
    )
    return path


def test_counts_per_type_and_explanations(gold: Path) -> None:
    result = score(fake_extract, [gold])
    assert (result.correct, result.predicted, result.found, result.gold) == (2, 3, 2, 3)
    assert result.by_type["supports"].f1 == 1.0
    assert result.by_type["controls"].recall == 0.0
    assert result.by_type["opposes"].precision == 0.0
    miss = result.misses[0]
    assert miss.line == "Rebels controls Beledweyne"
    assert miss.sentences == ("Rebels seized Beledweyne.",)  # the line naming both ends
    wrong = result.wrong[0]
    assert wrong.line.startswith("ethiopia opposes somalia") and "cameo 051" in wrong.line
    assert wrong.sentences == ("Ethiopia met Kenya.",)
    assert len(result.forbidden) == 1
    assert [ok for _, ok in result.judged] == [True, True, False]


def test_a_file_that_is_not_a_gold_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{}")
    with pytest.raises(ValueError, match=r"broken\.json: not a facts gold file"):
        articles(path)

"""Quality bar 2: the re3d scorer, on hand-made gold and on the shared dev set."""

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
    Relation,
    RelationType,
    article_id,
)
from loaders.eval.re3d import Counts, evaluate, is_named, load, overall, score_document
from loaders.rules.extract import Extractor
from tests.conftest import RE3D, shared_file

DOC = "Iran backs Syria. Russia met Turkey. Rebels fought the army."


def write_gold(folder: Path, relations: list[dict[str, object]]) -> None:
    folder.mkdir()
    (folder / "documents.json").write_text(
        json.dumps({"_id": "D1", "title": "t", "text": DOC, "sourceName": "test"}) + "\n"
    )
    spans = {"Iran": (0, 4), "Syria": (11, 16), "Russia": (18, 24), "Turkey": (29, 35)}
    (folder / "entities.json").write_text(
        "\n".join(
            json.dumps(
                {"_id": n, "documentId": "D1", "begin": b, "end": e, "type": "Location", "value": n}
            )
            for n, (b, e) in spans.items()
        )
    )
    lines = []
    for r in relations:
        s, t = spans[str(r["source"])], spans[str(r["target"])]
        lines.append(
            json.dumps(
                {
                    "_id": f"{r['source']}-{r['target']}",
                    "documentId": "D1",
                    "type": r["type"],
                    "source": r["source"],
                    "sourceBegin": s[0],
                    "sourceEnd": s[1],
                    "target": r["target"],
                    "targetBegin": t[0],
                    "targetEnd": t[1],
                    "begin": 0,
                    "end": 0,
                    "value": "",
                    "confidence": 1,
                }
            )
        )
    (folder / "relations.json").write_text("\n".join(lines))


def predicted(*relations: tuple[str, str, str]) -> Extraction:
    """What an extractor would return for DOC: the four states, and the given relations."""
    article = Article(id=article_id(DOC))
    spans = {"iran": (0, 4), "syria": (11, 16), "russia": (18, 24), "turkey": (29, 35)}
    actors = [
        ExtractedActor(
            id=actor_id,
            name=actor_id.title(),
            type=ActorType.STATE,
            mentions=[Mention(start=b, end=e, text=DOC[b:e])],
        )
        for actor_id, (b, e) in spans.items()
    ]
    return Extraction(
        article=article,
        actors=actors,
        relations=[
            Relation(
                source=source,
                target=target,
                type=RelationType(kind),
                confidence=0.9,
                evidence=Evidence(start=0, end=len(DOC), text=DOC),
                trigger="t",
                article_id=article.id,
                extractor_version="test",
            )
            for source, kind, target in relations
        ],
    )


def score(folder: Path, extraction: Extraction, named: bool = False) -> dict[RelationType, Counts]:
    [doc] = load(folder)
    return score_document(doc, extraction, named_only=named)


def test_scorer_counts_hits_misses_and_direction(tmp_path: Path) -> None:
    write_gold(
        tmp_path / "gold",
        [
            {"source": "Iran", "target": "Syria", "type": "AlliesOf"},  # found
            {"source": "Turkey", "target": "Russia", "type": "CommWith"},  # found, undirected
            {"source": "Syria", "target": "Turkey", "type": "Dislikes"},  # missed
        ],
    )
    totals = score(
        tmp_path / "gold",
        predicted(("iran", "supports", "syria"), ("russia", "calls", "turkey")),
    )
    supports, calls, opposes = (
        totals[RelationType.SUPPORTS],
        totals[RelationType.CALLS],
        totals[RelationType.OPPOSES],
    )
    assert (supports.gold, supports.found_gold, supports.correct_predicted) == (1, 1, 1)
    assert (calls.gold, calls.found_gold) == (1, 1)
    assert (opposes.gold, opposes.found_gold) == (1, 0)
    assert overall(totals).recall == pytest.approx(2 / 3)


def test_direction_matters_for_supports(tmp_path: Path) -> None:
    write_gold(tmp_path / "gold", [{"source": "Syria", "target": "Iran", "type": "Likes"}])
    totals = score(tmp_path / "gold", predicted(("iran", "supports", "syria")))
    assert totals[RelationType.SUPPORTS].found_gold == 0
    assert totals[RelationType.SUPPORTS].correct_predicted == 0


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Syrian government forces", True),
        ("IS", True),
        ("the US-led coalition", True),
        ("The UK", True),
        ("me", False),
        ("He", False),
        ("A man", False),
        ("snipers", False),
        ("We", False),
    ],
)
def test_named_spans(text: str, named: bool) -> None:
    assert is_named(text) is named


def test_not_a_re3d_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"documents\.json"):
        load(tmp_path)


def test_dev_set_scores_both_lines(extractor: Extractor) -> None:
    """Both re3d lines on the dev set, through the extractor the CLI uses. The floor guards
    against a regression; the figures themselves are in the README (actorgraph eval re3d)."""
    folders = [shared_file(RE3D / "CENTCOM"), shared_file(RE3D / "UK Government")]
    scores = evaluate(folders, extractor)
    assert scores.documents == 49
    everything, named = overall(scores.all), overall(scores.named)
    assert named.gold < everything.gold
    assert everything.f1 >= 0.3, {k.value: round(v.f1, 3) for k, v in scores.all.items()}
    assert named.f1 >= 0.45, {k.value: round(v.f1, 3) for k, v in scores.named.items()}

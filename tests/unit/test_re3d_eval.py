"""Quality bar 2: the re3d scorer, on hand-made gold and on the shared dev set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.model import RelationType
from loaders.re3d import evaluate, overall
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


def test_scorer_counts_hits_misses_and_direction(tmp_path: Path) -> None:
    write_gold(
        tmp_path / "gold",
        [
            {"source": "Iran", "target": "Syria", "type": "AlliesOf"},  # found
            {"source": "Turkey", "target": "Russia", "type": "CommWith"},  # found, undirected
            {"source": "Syria", "target": "Turkey", "type": "Dislikes"},  # missed
        ],
    )
    totals, documents = evaluate([tmp_path / "gold"])
    assert documents == 1
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
    totals, _ = evaluate([tmp_path / "gold"])
    assert totals[RelationType.SUPPORTS].found_gold == 0
    assert totals[RelationType.SUPPORTS].correct_predicted == 0


def test_not_a_re3d_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"documents\.json"):
        evaluate([tmp_path])


def test_dev_set_f1_reaches_the_bar() -> None:
    folders = [shared_file(RE3D / "CENTCOM"), shared_file(RE3D / "UK Government")]
    totals, documents = evaluate(folders)
    assert documents == 49
    combined = overall(totals)
    assert combined.f1 >= 0.5, {k.value: round(v.f1, 3) for k, v in totals.items()}

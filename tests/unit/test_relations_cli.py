"""`actorgraph relations` for people: one line per edge and its evidence under it, whole
sentences wrapped at the terminal's width (at 80 columns a sentence in a table column came
out one word per line)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from graph.model import (
    ActorType,
    Article,
    Evidence,
    ExtractedActor,
    Extraction,
    Relation,
    RelationType,
    article_id,
)
from graph.store import SqliteStore
from tests.conftest import ROOT

SENTENCE = (
    "Saudi Arabia, which led a coalition against the Houthis for years and still holds the "
    "border crossings at Wadiah and Alab, has held talks with the group in Riyadh on a truce."
)


def test_evidence_sits_under_its_edge_in_whole_lines(tmp_path: Path) -> None:
    text = f"Truce talks.\n\n{SENTENCE}"
    article = Article(id=article_id(text), title="Truce talks", published=date(2026, 3, 2))
    start = text.index(SENTENCE)
    relation = Relation(
        source="saudi-arabia",
        target="houthis",
        type=RelationType.OPPOSES,
        confidence=0.85,
        weight=-2.0,
        evidence=Evidence(start=start, end=start + len(SENTENCE), text=SENTENCE),
        trigger="led a coalition against",
        article_id=article.id,
        extractor_version="test",
    )
    actors = [
        ExtractedActor(id="saudi-arabia", name="Saudi Arabia", type=ActorType.STATE),
        ExtractedActor(id="houthis", name="Houthis", type=ActorType.ARMED_GROUP),
    ]
    store = SqliteStore(tmp_path / "graph.db")
    store.ingest(Extraction(article=article, actors=actors, relations=[relation]))
    store.close()
    env = {**os.environ, "ACTORGRAPH_STORE": str(tmp_path / "graph.db"), "COLUMNS": "80"}
    env.pop("ACTORGRAPH_NEO4J_URI", None)
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "relations", "houthis"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "houthis: 1 edge, strongest first"
    assert lines[1].split() == ["source", "relation", "target", "mentions", "conf.", "modalities"]
    assert lines[2].split() == ["saudi-arabia", "opposes", "houthis", "1", "0.85", "asserted"]
    evidence = lines[3:]
    assert len(evidence) == 3  # 176 characters in lines of at most 76 after the indent
    assert all(line.startswith("    ") and len(line) <= 80 for line in evidence)
    assert all(len(line.split()) >= 5 for line in evidence)  # never a word per line
    assert " ".join(line.strip() for line in evidence) == SENTENCE

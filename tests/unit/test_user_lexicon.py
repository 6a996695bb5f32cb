"""ACTORGRAPH_LEXICON: a user's own file extends the built-in lexicon."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from graph.model import Article, article_id
from graph.settings import Settings
from loaders.knowledge.lexicon import build_lexicon
from loaders.rules.extract import Extractor
from tests.conftest import ROOT, nlp_env

TEXT = "The Northern Shield Brigade seized Karsa. Qarvania condemned the Northern Shield Brigade."


def user_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps(
            {
                "actors": [
                    {
                        "id": "northern-shield",
                        "name": "Northern Shield Brigade",
                        "type": "armed_group",
                        "aliases": ["NSB"],
                    },
                    {"id": "qarvania", "name": "Qarvania", "type": "state"},
                ],
                "cities": [{"name": "Karsa"}],
            }
        )
    )
    return path


def test_user_entries_are_recognised(tmp_path: Path, extractor: Extractor) -> None:
    mine = Extractor(build_lexicon(user_file(tmp_path)), parser=extractor.parser)
    result = mine.extract(TEXT, Article(id=article_id(TEXT)))
    pairs = {(r.source, r.type.value, r.target) for r in result.relations}
    assert ("northern-shield", "controls", "karsa") in pairs
    assert ("qarvania", "opposes", "northern-shield") in pairs
    without = extractor.extract(TEXT, Article(id=article_id(TEXT)))
    assert "northern-shield" not in {a.id for a in without.actors}


def test_the_setting_reaches_the_cli(tmp_path: Path, corenlp_settings: Settings) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    result = subprocess.run(
        [sys.executable, "-m", "cli.main", "extract", str(article)],
        capture_output=True,
        cwd=ROOT,
        check=True,
        env={
            "ACTORGRAPH_LEXICON": str(user_file(tmp_path)),
            "PATH": "/usr/bin:/bin",
            **nlp_env(corenlp_settings),
        },
    )
    data = json.loads(result.stdout)
    assert "northern-shield" in {a["id"] for a in data["articles"][0]["actors"]}

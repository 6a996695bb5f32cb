"""The project's own sample articles (other conflicts) yield their main facts."""

from __future__ import annotations

import pytest

from graph.model import Extraction
from loaders.rules.extract import Extractor
from tests.conftest import ROOT, extract_path


@pytest.fixture(scope="module")
def extracted(extractor: Extractor) -> dict[str, Extraction]:
    return {
        (extraction.article.path or "").rsplit("/", 1)[-1]: extraction
        for extraction in extract_path(extractor, ROOT / "samples")
    }


@pytest.mark.parametrize(
    ("sample", "source", "kind", "target"),
    [
        ("yemen-red-sea.md", "iran", "supports", "houthis"),
        ("yemen-red-sea.md", "united-states", "opposes", "houthis"),
        ("yemen-red-sea.md", "houthis", "controls", "sana-a"),
        ("sudan-el-fasher.txt", "egypt", "supports", "sudan"),
        ("sudan-el-fasher.txt", "sudan", "opposes", "rapid-support-forces"),
        ("sudan-el-fasher.txt", "mohamed-hamdan-dagalo", "leads", "rapid-support-forces"),
        ("ukraine-talks.txt", "sergey-lavrov", "calls", "wang-yi"),
        ("ukraine-talks.txt", "volodymyr-zelensky", "calls", "germany"),
        ("sahel-mali.json", "africa-corps", "supports", "mali"),
        ("sahel-mali.json", "assimi-goita", "calls", "vladimir-putin"),
    ],
)
def test_sample_fact(
    extracted: dict[str, Extraction], sample: str, source: str, kind: str, target: str
) -> None:
    pairs = {(r.source, r.type.value, r.target) for r in extracted[sample].relations}
    assert (source, kind, target) in pairs, sorted(pairs)


def test_planned_support_is_planned(extracted: dict[str, Extraction]) -> None:
    [merz] = [
        r
        for r in extracted["ukraine-talks.txt"].relations
        if r.source == "friedrich-merz" and r.type.value == "supports"
    ]
    assert merz.modality.value == "planned"

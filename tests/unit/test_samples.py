"""The project's own sample articles (other conflicts) yield their main facts."""

from __future__ import annotations

import pytest

from graph.model import Extraction
from loaders.extract import Extractor
from loaders.reading import Document, read_inputs
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def extracted() -> dict[str, Extraction]:
    extractor = Extractor()
    out = {}
    for item in read_inputs([str(ROOT / "samples")], 5_000_000):
        assert isinstance(item, Document)
        name = (item.article.path or "").rsplit("/", 1)[-1]
        out[name] = extractor.extract(item.text, item.article)
    return out


@pytest.mark.parametrize(
    ("sample", "source", "kind", "target"),
    [
        ("yemen-red-sea.md", "iran", "supports", "houthis"),
        ("yemen-red-sea.md", "united-states", "opposes", "houthis"),
        ("yemen-red-sea.md", "houthis", "controls", "sanaa"),
        ("sudan-el-fasher.txt", "egypt", "supports", "sudan"),
        ("sudan-el-fasher.txt", "sudan", "opposes", "rapid-support-forces"),
        ("sudan-el-fasher.txt", "mohamed-hamdan-dagalo", "leads", "rapid-support-forces"),
        ("ukraine-talks.txt", "sergei-lavrov", "calls", "wang-yi"),
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

"""The new-conflicts sanity set (tests/data/new_conflicts.json) with a real CoreNLP server:
floors under precision and recall, and no forbidden fact. Raise the floors as rules improve;
never write a rule for one of these articles."""

from __future__ import annotations

from graph.settings import Settings
from loaders.pipeline import extractor_for
from tests.new_conflicts import score

PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.5


def test_new_conflicts(corenlp_settings: Settings) -> None:
    extractor = extractor_for(corenlp_settings)
    try:
        result = score(extractor.extract)
    finally:
        extractor.close()
    assert not result.forbidden, result.forbidden
    assert result.precision >= PRECISION_FLOOR, result.wrong
    assert result.recall >= RECALL_FLOOR, result.misses

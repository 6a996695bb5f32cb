"""The benchmark generator makes valid extractions (it builds them without validation)."""

from __future__ import annotations

from collections import Counter

from benchmarks.corpus import synthetic_extraction
from graph.model import Extraction


def test_synthetic_extractions_are_valid_and_long_tailed() -> None:
    extractions = [synthetic_extraction(seed) for seed in range(300)]
    for extraction in extractions[:50]:
        Extraction.model_validate(extraction.model_dump())
    named = Counter(a.id for e in extractions for a in e.actors)
    assert len(named) > 1000  # thousands of actors over a large corpus: a long tail
    assert named.most_common(1)[0][1] > 250  # and a few hubs
    hubs = [synthetic_extraction(seed, "hub") for seed in range(50)]
    assert len({a.id for e in hubs for a in e.actors}) <= 108

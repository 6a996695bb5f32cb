"""Extraction never raises on arbitrary text (parsed by the real CoreNLP), and every offset
is valid."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import Article, article_id
from loaders.rules.extract import Extractor

WORDS = st.sampled_from(
    [
        "Iran",
        "backs",
        "Syria",
        "HTS",
        "seized",
        "Aleppo",
        "the",
        "regime",
        "(",
        ")",
        ",",
        ".",
        "he",
        "met",
        "Assad",
        "in",
        "Damascus",
        "'s",
        "\u2019s",
        "rebels",
        "We",
        "strikes",
        "\n",
        "President",
        "al-Assad",
        "Foreign",
        "Minister",
        "2016",
        "under",
        "control",
        "-held",
        "Israeli",
        "Syrian",
        "and",
        "airstrikes",
        "on",
        "militants",
        "counterpart",
        "his",
        "city",
    ]
)


def check(extractor: Extractor, text: str) -> None:
    result = extractor.extract(text, Article(id=article_id(text or "x")))
    for actor in result.actors:
        for m in actor.mentions:
            assert 0 <= m.start <= m.end <= len(text)
            assert text[m.start : m.end] == m.text
    for r in result.relations:
        assert 0 <= r.evidence.start <= r.evidence.end <= len(text)
        assert text[r.evidence.start : r.evidence.end] == r.evidence.text


# Each example is a real parse by the CoreNLP server: fewer examples than a pure function gets.
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_unicode(extractor: Extractor, text: str) -> None:
    check(extractor, text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=60).map(" ".join))
def test_random_news_like_word_salad(extractor: Extractor, text: str) -> None:
    check(extractor, text)

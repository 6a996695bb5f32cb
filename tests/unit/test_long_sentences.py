"""An over-long sentence is read in bounded windows: cost and quoted evidence stay bounded."""

from __future__ import annotations

from graph.model import Article, article_id
from loaders.extract import Extractor
from loaders.text import MAX_SENTENCE_TOKENS, sentences, tokenize

STATES = ["Iran", "Russia", "Syria", "Turkey", "Egypt", "Qatar", "Iraq", "Jordan"]


def comma_list(count: int) -> str:
    return ", ".join(STATES[n % len(STATES)] for n in range(count))


def test_a_long_sentence_becomes_windows_cut_after_a_comma() -> None:
    text = f"Talks between {comma_list(1000)} and Mali resumed."
    windows = sentences(text)
    assert len(windows) > 1
    assert all(len(w.tokens) <= MAX_SENTENCE_TOKENS for w in windows)
    # Nothing is lost or repeated, and each window but the last ends at a clause break.
    assert [t for w in windows for t in w.tokens] == tokenize(text)
    assert all(w.tokens[-1].text == "," for w in windows[:-1])
    assert all(text[w.start : w.end] == w.text_of(text) for w in windows)


def test_a_long_sentence_without_breaks_is_cut_at_the_limit() -> None:
    text = " ".join(["word"] * (MAX_SENTENCE_TOKENS * 3 + 7))
    assert [len(w.tokens) for w in sentences(text)] == [MAX_SENTENCE_TOKENS] * 3 + [7]


def test_relations_in_a_long_sentence_quote_a_bounded_window() -> None:
    filler = " and ".join(["officials said talks went on"] * 400)
    text = f"{filler}, Iran backs Syria, {filler}."
    result = Extractor().extract(text, Article(id=article_id(text)))
    found = [r for r in result.relations if (r.source, r.target) == ("iran", "syria")]
    assert found and found[0].type.value == "supports"
    for r in result.relations:
        assert text[r.evidence.start : r.evidence.end] == r.evidence.text
        assert len(tokenize(r.evidence.text)) <= MAX_SENTENCE_TOKENS

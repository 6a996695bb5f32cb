"""The client against a real CoreNLP server: offsets, enhanced++ relations, order, several
servers, the cache, long texts in pieces, coreference on request, fixtures up to date."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import NlpUnavailable
from graph.settings import Settings
from loaders.nlp.cache import ParseCache
from loaders.nlp.client import CoreNLPClient
from loaders.nlp.health import nlp_health
from loaders.nlp.model import ParsedDocument, Sentence
from tests.conftest import ROOT

DEAD = "http://127.0.0.1:9"  # the discard port: nothing listens there

sys.path.insert(0, str(ROOT))
from benchmarks.news import news_article  # noqa: E402
from tests.nlp_cases import TARGET, cases, render  # noqa: E402


@pytest.fixture(scope="module")
def nlp(corenlp_settings: Settings) -> Iterator[CoreNLPClient]:
    with CoreNLPClient(corenlp_settings, cache=None) as client:
        yield client


def edge(sentence: Sentence, governor: str, relation: str, dependent: str) -> bool:
    return any(
        sentence.token(d.governor).word == governor
        and d.relation == relation
        and sentence.token(d.dependent).word == dependent
        for d in sentence.dependencies
        if d.governor
    )


def assert_offsets_exact(text: str, document: ParsedDocument) -> None:
    previous = 0
    for token in document.tokens():
        assert text[token.start : token.end] == token.original, token
        assert token.start >= previous
        previous = token.end
    for _, mention in document.mentions():
        assert text[mention.start : mention.end] == mention.text


def test_offsets_are_exact_in_awkward_text(nlp: CoreNLPClient) -> None:
    text = (
        "\ufeff\u201cWe stand with Kyiv,\u201d said Poland\u2019s prime minister.\r\n"
        "Zelens\u0301kyy \u2014 who met Erdo\u011fan in \u0130stanbul \u2014 thanked him "
        "\U0001f64f and the \u00c9lys\u00e9e \U0001f1eb\U0001f1f7.\r\n\r\n"
        "Ky\u00adiv\u00a0said 5+3 % of \u201cJoe\u200bBiden\u2019s\u201d aid\tarrived.\n"
        "Emoji \U0001f600\U0001f600 then Moscow \U0001d400 responded."
    )
    document = nlp.parse(text)
    assert_offsets_exact(text, document)
    words = [t.word for t in document.tokens()]
    assert "+3" in words or "+" in words  # the body is not form-decoded ("+" is no space)
    assert "Moscow" in [m.text for _, m in document.mentions()]
    assert len(document.sentences) >= 4  # CRLF and LF both end a line's sentence


def test_enhanced_plus_plus_relations(nlp: CoreNLPClient) -> None:
    document = nlp.parse(
        "Russia and Iran pledged support for Syria and Iraq.\n"
        "The convoy was attacked by Houthi fighters in Hodeidah.\n"
        "Turkey's support for the rebels angered Moscow."
    )
    coordination, passive, possessive = document.sentences
    assert edge(coordination, "Russia", "conj:and", "Iran")
    assert edge(coordination, "pledged", "nsubj", "Russia")
    assert edge(coordination, "pledged", "nsubj", "Iran")  # propagated over the conjunction
    assert edge(coordination, "support", "nmod:for", "Syria")
    assert edge(coordination, "support", "nmod:for", "Iraq")
    assert edge(passive, "attacked", "nsubj:pass", "convoy")
    assert edge(passive, "attacked", "obl:agent", "fighters")
    assert edge(passive, "attacked", "obl:in", "Hodeidah")
    assert edge(possessive, "support", "nmod:poss", "Turkey")
    pledged = coordination.roots()[0]
    assert pledged.word == "pledged"
    assert {t.word for t in coordination.children(pledged.index, "nsubj")} == {"Russia", "Iran"}
    at = passive.tokens[5].index
    assert [m.text for m in passive.mentions if m.first <= at <= m.last] == ["Houthi"]


def test_parse_many_keeps_order_and_matches_parse(corenlp_settings: Settings) -> None:
    texts = [news_article(seed, words=words) for seed, words in enumerate([900, 60, 400, 30, 700])]
    with CoreNLPClient(corenlp_settings, cache=None, parallelism=3) as client:
        many = list(client.parse_many(texts))
        one = [client.parse(text) for text in texts]
    assert many == one
    for text, document in zip(texts, many, strict=True):
        assert_offsets_exact(text, document)


def test_a_dead_server_in_the_list_is_skipped(corenlp_settings: Settings) -> None:
    settings = corenlp_settings.model_copy(
        update={"corenlp_urls": [DEAD, *corenlp_settings.nlp_urls]}
    )
    with CoreNLPClient(settings, cache=None) as client:
        for _ in range(3):
            assert client.parse("Iran backs Syria.").token_count == 4
    health = nlp_health(settings)
    assert health.ok
    assert [s.answers for s in health.servers] == [
        False,
        *([True] * len(corenlp_settings.nlp_urls)),
    ]
    dead = nlp_health(corenlp_settings.model_copy(update={"corenlp_urls": [DEAD]}))
    assert not dead.ok and dead.to_dict()["ok"] is False


def test_the_cache_serves_a_reparse_without_a_server(
    corenlp_settings: Settings, tmp_path: Path
) -> None:
    settings = corenlp_settings.model_copy(
        update={"parse_cache": tmp_path / "parses.sqlite3", "parse_cache_enabled": True}
    )
    texts = [news_article(seed) for seed in range(3)]
    with CoreNLPClient(settings) as client:
        parsed = list(client.parse_many(texts))
    offline = settings.model_copy(update={"corenlp_urls": [DEAD]})
    with CoreNLPClient(offline) as client:
        assert list(client.parse_many(texts)) == parsed
        with pytest.raises(NlpUnavailable, match="actorgraph nlp start"):
            client.parse("A text never parsed before.")
    assert ParseCache(settings.parse_cache, 10**9).stats().entries == 3


def test_long_texts_in_pieces_parse_like_one(corenlp_settings: Settings) -> None:
    text = "\n".join(news_article(seed, words=300) for seed in range(4))
    with CoreNLPClient(corenlp_settings, cache=None) as whole:
        expected = whole.parse(text)
    pieces = corenlp_settings.model_copy(update={"corenlp_max_chars": 2000})
    with CoreNLPClient(pieces, cache=None) as client:
        document = client.parse(text)
    assert len(text) > 3 * 2000
    assert_offsets_exact(text, document)
    assert document.sentences == expected.sentences


def test_coreference_on_request(nlp: CoreNLPClient) -> None:
    text = (
        "Hassan Nasrallah addressed his supporters on Friday. "
        "He warned that Hezbollah would retaliate against Israel."
    )
    plain = nlp.parse(text)
    assert plain.corefs == ()
    document = nlp.parse(text, coref="statistical")
    assert document.pipeline != plain.pipeline
    chains = [{m.text for m in chain.mentions} for chain in document.corefs]
    assert any({"Hassan Nasrallah", "He"} <= chain for chain in chains), chains
    for chain in document.corefs:
        for mention in chain.mentions:
            assert text[mention.start : mention.end] == mention.text


def test_fixtures_match_a_fresh_parse(nlp: CoreNLPClient) -> None:
    """tests/data/nlp is what scripts/make_nlp_fixtures.py writes today (regenerate if not)."""
    for case in cases():
        path = TARGET / f"{case.name}.json"
        assert path.read_text(encoding="utf-8") == render(case, nlp), case.name

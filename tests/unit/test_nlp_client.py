"""The CoreNLP client against a fake server: properties, order, round-robin, errors, pieces."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path

import httpx
import pytest

from graph.errors import NlpError, NlpUnavailable
from graph.settings import Settings
from loaders.nlp.cache import ParseCache
from loaders.nlp.client import CoreNLPClient, split_text
from loaders.nlp.corenlp_json import convert_sentences, utf16_to_codepoint
from loaders.nlp.model import ParsedDocument
from loaders.nlp.pipeline import Pipeline
from tests.unit.nlp_fake import FakeCoreNLP, fake_annotation

A = "http://127.0.0.1:9801"
B = "http://127.0.0.1:9802"


def client(fake: FakeCoreNLP, urls: list[str] | None = None, **kwargs: object) -> CoreNLPClient:
    settings = Settings(corenlp_urls=urls or [A], parse_cache_enabled=False)
    return CoreNLPClient(settings, transport=fake.transport(), **kwargs)  # type: ignore[arg-type]


def test_every_request_spells_out_its_properties() -> None:
    fake = FakeCoreNLP()
    with client(fake) as nlp:
        nlp.parse("Iran backs Syria")
    (url, query, text) = fake.requests[0]
    assert url == A and text == "Iran backs Syria"
    assert query["resetDefault"] == "true"
    properties = json.loads(query["properties"])
    assert properties["outputFormat"] == "json"
    assert properties["tokenize.codepoint"] == "true"
    for key, value in Pipeline().properties().items():
        assert properties[key] == value


def test_offsets_are_python_indexes_even_after_emoji() -> None:
    text = "Envoy \U0001f600 met Hezbollah\nBeirut \u201cquoted\u201d r\u00e9sum\u00e9"
    fake = FakeCoreNLP()
    with client(fake) as nlp:
        document = nlp.parse(text)
    assert [t.original for t in document.tokens()] == text.split()
    for token in document.tokens():
        assert text[token.start : token.end] == token.original
    for _, mention in document.mentions():
        assert text[mention.start : mention.end] == mention.text


def test_utf16_offsets_are_converted_when_code_points_are_missing() -> None:
    text = "\U0001f600\U0001f600 Kyiv \U0001f1eb\U0001f1f7 Paris r\u00e9sum\u00e9"
    sentences = convert_sentences(fake_annotation(text, codepoints=False), text)
    assert [text[t.start : t.end] for t in sentences[0].tokens] == text.split()
    assert [m.text for m in sentences[0].mentions] == ["Kyiv", "Paris"]
    to_codepoint = utf16_to_codepoint("a\U0001f600b")
    assert [to_codepoint(u) for u in (0, 1, 3, 4)] == [0, 1, 2, 3]
    assert utf16_to_codepoint("plain")(3) == 3


def test_parse_many_yields_in_input_order() -> None:
    fake = FakeCoreNLP()
    rnd = random.Random(3)
    handle = fake.handle

    def slow(request: httpx.Request) -> httpx.Response:
        time.sleep(rnd.random() / 50)  # answers arrive out of order
        return handle(request)

    fake.handle = slow  # type: ignore[method-assign]
    texts = [f"Article {i} about Iran" for i in range(25)]
    with client(fake, parallelism=4) as nlp:
        documents = list(nlp.parse_many(iter(texts)))
    assert [d.sentences[0].tokens[1].word for d in documents] == [str(i) for i in range(25)]


def test_requests_go_round_robin_and_skip_a_dead_server() -> None:
    fake = FakeCoreNLP()
    with client(fake, [A, B]) as nlp:
        for _ in range(4):
            nlp.parse("Iran")
    assert sorted(url for url, _, _ in fake.requests) == [A, A, B, B]

    fake = FakeCoreNLP(fail_urls=(A,))
    with client(fake, [A, B]) as nlp:
        for _ in range(3):
            nlp.parse("Iran")
    assert [url for url, _, _ in fake.requests] == [B, B, B]


def test_no_server_answering_names_the_urls_and_the_command() -> None:
    fake = FakeCoreNLP(fail_urls=(A, B))
    with client(fake, [A, B]) as nlp, pytest.raises(NlpUnavailable) as raised:
        nlp.parse("Iran")
    message = str(raised.value)
    assert A in message and B in message and "actorgraph nlp start" in message


def test_a_closed_port_is_unavailable_without_a_mock() -> None:
    settings = Settings(corenlp_urls=["http://127.0.0.1:9"], parse_cache_enabled=False)
    with CoreNLPClient(settings) as nlp, pytest.raises(NlpUnavailable, match="nlp start"):
        nlp.parse("Iran")


def test_a_server_error_is_an_nlp_error_and_can_be_collected() -> None:
    fake = FakeCoreNLP(status=500)
    with client(fake) as nlp:
        with pytest.raises(NlpError, match="500"):
            nlp.parse("Iran")
        results = list(nlp.parse_many(["a", "b"], return_exceptions=True))
    assert all(isinstance(r, NlpError) for r in results) and len(results) == 2


def test_long_texts_go_in_pieces_with_their_offsets() -> None:
    paragraph = " ".join(f"Word{i} \u00e9t\u00e9 \U0001f600" for i in range(40))
    text = "\n\n".join(f"{paragraph} end{p}." for p in range(6))
    assert len(text) > 3000
    fake = FakeCoreNLP()
    settings = Settings(corenlp_urls=[A], corenlp_max_chars=1000, parse_cache_enabled=False)
    with CoreNLPClient(settings, transport=fake.transport()) as nlp:
        document = nlp.parse(text)
    assert len(fake.requests) > 3
    assert all(len(body) <= 1000 for _, _, body in fake.requests)
    assert [s.index for s in document.sentences] == list(range(len(document.sentences)))
    assert [t.original for t in document.tokens()] == text.split()
    for token in document.tokens():
        assert text[token.start : token.end] == token.original


def test_split_text_cuts_at_paragraphs_then_sentences() -> None:
    text = "First paragraph here.\nSecond one. It has two sentences.\n" + "x" * 50
    pieces = split_text(text, 40)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 40 for _, piece in pieces)
    assert pieces[0] == (0, "First paragraph here.\n")
    assert [offset for offset, _ in pieces] == [
        sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))
    ]
    assert split_text("short", 40) == [(0, "short")]


def test_cached_parses_need_no_server(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "parses.sqlite3", 10_000_000)
    fake = FakeCoreNLP()
    settings = Settings(corenlp_urls=[A])
    with CoreNLPClient(settings, transport=fake.transport(), cache=cache) as nlp:
        first = nlp.parse("Iran backs Syria")
    dead = FakeCoreNLP(fail_urls=(A,))
    cache = ParseCache(tmp_path / "parses.sqlite3", 10_000_000)
    with CoreNLPClient(settings, transport=dead.transport(), cache=cache) as nlp:
        assert nlp.parse("Iran backs Syria") == first
        assert list(nlp.parse_many(["Iran backs Syria"])) == [first]
        with pytest.raises(NlpUnavailable):
            nlp.parse("Iran backs Syria", coref="statistical")  # another pipeline: a miss
    assert len(fake.requests) == 1


def test_documents_survive_json() -> None:
    fake = FakeCoreNLP()
    with client(fake) as nlp:
        document = nlp.parse("Iran backs \U0001f600 Syria\nRussia too")
    assert ParsedDocument.from_json(document.to_json()) == document


# -- bounds before the parser -----------------------------------------------------------------


def bounded_client(fake: FakeCoreNLP, tokens: int, chars: int) -> CoreNLPClient:
    settings = Settings(
        corenlp_urls=[A],
        parse_cache_enabled=False,
        corenlp_max_sentence_tokens=tokens,
        corenlp_max_token_chars=chars,
    )
    return CoreNLPClient(settings, transport=fake.transport())


def test_a_token_past_the_bound_never_reaches_the_parser() -> None:
    junk = "x" * 5_000
    text = f"Iran backs Syria {junk} while Russia condemned it."
    fake = FakeCoreNLP()
    with bounded_client(fake, tokens=400, chars=1_000) as nlp:
        document = nlp.parse(text)
    [(_, _, sent)] = fake.requests
    assert junk not in sent and len(sent) == len(text)  # blanked, so every offset holds
    assert [t.original for t in document.tokens()] == [w for w in text.split() if w != junk]
    for token in document.tokens():
        assert text[token.start : token.end] == token.original


def test_a_line_past_the_bound_is_sent_in_pieces_cut_after_sentence_ends() -> None:
    sentence = "Iran backs Syria and Russia condemned the deal on Monday, officials said. "
    text = "A headline\n" + sentence * 200 + "\nLast line."  # one line of 2,600 tokens
    fake = FakeCoreNLP()
    with bounded_client(fake, tokens=100, chars=1_000) as nlp:
        document = nlp.parse(text)
    sent = [piece for _, _, piece in fake.requests]
    assert len(sent) > 20
    for piece in sent:
        assert len(re.findall(r"\w+|[^\w\s]", piece)) <= 100
        assert piece.rstrip().endswith(".")  # cut after a sentence end, never mid-sentence
    assert "".join(sent) == text
    for token in document.tokens():
        assert text[token.start : token.end] == token.original
    assert [t.original for t in document.tokens()] == text.split()


def test_ordinary_text_is_sent_whole_and_keeps_its_cache_key(tmp_path: Path) -> None:
    text = "Iran backs Syria.\nRussia condemned the deal."
    fake = FakeCoreNLP()
    cache = ParseCache(tmp_path / "c.sqlite3", 10_000_000)
    with bounded_client(fake, tokens=400, chars=1_000) as nlp:
        nlp.cache = cache
        nlp.parse(text)
        assert cache.get(text, nlp.pipeline.signature()) is not None
    assert [piece for _, _, piece in fake.requests] == [text]

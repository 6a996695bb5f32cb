"""Extraction rules on stored parses (tests/data/nlp/rule_*.json, from the cases of
tests/data/nlp_sentences.txt): each test fails if its rule is taken out."""

from __future__ import annotations

import json
from functools import cache

import pytest

from graph.model import ActorType, Article, Extraction, Modality, article_id
from loaders.extract import Extractor
from loaders.nlp.model import ParsedDocument
from tests.nlp_cases import TARGET


@cache
def _extractor() -> Extractor:
    return Extractor()


def read(name: str, source: str | None = None) -> Extraction:
    data = json.loads((TARGET / f"{name}.json").read_text(encoding="utf-8"))
    text = data["text"]
    parsed = ParsedDocument.from_dict(data["document"])
    return _extractor().read(parsed, text, Article(id=article_id(text), source=source))


def facts(result: Extraction) -> set[tuple[str, str, str]]:
    found = set()
    for r in result.relations:
        if r.type.structural or r.modality is Modality.NEGATED:
            continue
        pair = (r.source, r.target)
        if r.type.symmetric:
            pair = (min(pair), max(pair))
        found.add((pair[0], r.type.value, pair[1]))
    return found


def types(result: Extraction) -> dict[str, ActorType]:
    return {a.id: a.type for a in result.actors}


def test_quote_speaker_and_we_as_the_speakers_side() -> None:
    # "X said:" makes X the "I" of the next sentence; "we" is the side X speaks for (here
    # the publisher, the minister's state being unnamed).
    result = read("rule_quote_speaker", source="Norwegian Government")
    found = facts(result)
    assert ("lena-haugen", "opposes", "sinaloa-cartel") in found
    assert ("norway", "supports", "mexico") in found
    assert ("lena-haugen", "supports", "mexico") not in found


def test_an_undertakings_owner_does_what_its_infinitive_says() -> None:
    assert ("al-shabaab", "opposes", "kenya") in facts(read("rule_undertaking_owner"))


def test_as_part_of_makes_the_whole_take_part() -> None:
    found = facts(read("rule_as_part_of"))
    assert ("ecowas", "opposes", "jnim") in found
    assert ("ghana", "opposes", "jnim") in found


def test_light_verb_recipient_is_the_object() -> None:
    assert ("chad", "supports", "sudan") in facts(read("rule_light_verb_recipient"))


def test_joined_for_talks_relates_subject_and_object() -> None:
    assert ("amina-yusuf", "calls", "yoweri-museveni") in facts(read("rule_joined_for_talks"))


def test_capitalised_organ_word_after_a_proper_noun_is_a_name() -> None:
    result = read("rule_name_before_organ_word")
    assert types(result).get("arakan-army") is ActorType.ARMED_GROUP
    assert ("arakan-army", "opposes", "myanmar") in facts(result)


def test_proper_noun_before_a_group_noun_names_an_armed_group() -> None:
    assert types(read("rule_proper_noun_group")).get("fano") is ActorType.ARMED_GROUP


def test_government_of_capitalised_words_is_a_body_of_its_own() -> None:
    result = read("rule_named_government")
    assert types(result).get("government-of-national-accord") is ActorType.ORGANIZATION
    assert ("turkey", "supports", "government-of-national-accord") in facts(result)
    assert ("turkey", "supports", "libya") not in facts(result)


def test_people_sent_to_act_act_for_the_sender() -> None:
    assert ("russia", "supports", "mali") in facts(read("rule_purpose_clause"))


def test_counterpart_written_with_the_name_is_that_person() -> None:
    found = facts(read("rule_counterpart_named"))
    assert ("jose-manuel-albares", "calls", "nasser-bourita") in found


def test_title_with_an_apposed_name_is_that_person() -> None:
    # Also: a mostly capitalised sentence with a full stop is no headline (names are read).
    found = facts(read("rule_title_apposition"))
    assert ("boris-smith", "calls", "musalia-mudavadi") in found


def test_a_city_inside_a_longer_place_name_is_not_that_city() -> None:
    ids = set(types(read("rule_city_inside_place")))
    assert "macomia" in ids
    assert not {"delgado", "cabo"} & ids


@pytest.mark.parametrize(
    "name",
    ["rule_quote_speaker", "rule_as_part_of", "rule_named_government", "rule_purpose_clause"],
)
def test_places_never_support_or_oppose(name: str) -> None:
    result = read(name, source="Norwegian Government")
    places = {a.id for a in result.actors if a.type in (ActorType.CITY, ActorType.REGION)}
    for r in result.relations:
        if r.type.value in ("supports", "opposes"):
            assert r.source not in places and r.target not in places, r

"""The Phoenix dictionary readers, the converter's guards and determinism, the lookup module and
the CAMEO verb mapping. Snippets are written here in the Phoenix format (invented names)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph.model import ActorType, RelationType
from loaders.knowledge import cameo
from loaders.knowledge.lexicon import Lexicon, build_lexicon
from loaders.knowledge.names import display_name, name_key
from loaders.knowledge.phoenix import PhoenixLexicon, default_phoenix
from scripts.phoenix.build import convert, dump_json
from scripts.phoenix.format import (
    parse_actor_file,
    parse_agent_file,
    parse_date,
    parse_verb_file,
)
from scripts.phoenix.records import WordLists
from tests.conftest import ROOT, SHARED, shared_file

COUNTRIES = """\
# a comment line
SYRIA_  [SYR]
+SYRIAN_
+SURIYAH_
+ALEPPO_

ZORAN_AL_QADIRI_  # CountryInfo.txt
+ZORAN_AL-QADIRI_
+PRESIDENT_QADIRI_
+QADIRI_REGIME_
\t[SYRELI 650101-000101]
\t[SYRGOV 000717-20140301]
\t[SYRELI]
OMAR_BELLANI_  # CountryInfo.txt
\t[SYRGOV >140302]
NADIA_FERRAH_  # CountryInfo.txt
\t[SYRGOVJUD <101231]
HOPE_  # CountryInfo.txt
\t[SYRGOV 030101-030930]

NORTHERN_SHIELD_FRONT_ # a group
+SHIELD_FRONT_
+OMAR_KALDUN_
\t[SYRREBMUS >120401]

FALCON_BRIGADE_
RIVER_LEGION_
\t[SYRREB]
"""
INTERNATIONAL = """\
UNITED_NATIONS_ [IGOUNO]
ZEPHYR_ALLIANCE_ORGANIZATION_(ZAO)_\t[IGOWSTZAO] [ELI] # two codes on one line
TARGET_ [MNCUSA]
"""
AGENTS = """\
!PERSON! = MAN, MEN
RIOT_POLICE {} [~COP]
MILITIA [~UAF]
ALDER!PERSON! [~GOV]
HUMAN_RIGHTS_BODY [NGO~]
DEPUTY [~GOV] # -> DEPUTIES
"""
VERBS = """\
####### VERB PATTERNS #######

---  GREET   [040]  ---
GREET
+SHAKE_HANDS {+SHOOK_HANDS +SHAKES_HANDS}
- * (FOR TALKS)                                       [036]         # GREET
- * SUMMIT                                            [043:042]     # GREET
- &OFFICIAL * {STATE VISIT} (IN +)                    [042]         # GREET
- * (NO OBSTACLE)                                     [013]         # GREET

---  SCOLD   [111]  ---
SCOLD
THRASH [190]
"""


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return build_lexicon()


@pytest.fixture(scope="module")
def words() -> WordLists:
    return WordLists(
        common={"hope", "target", "falcon", "brigade", "river", "legion", "shield", "front"},
        given_names={"omar", "zoran", "nadia"},
    )


@pytest.fixture(scope="module")
def converted(lexicon: Lexicon, words: WordLists) -> tuple[dict[str, Any], ...]:
    sources = {"countries": COUNTRIES, "international": INTERNATIONAL}
    actors, agents, verbs, summary = convert(sources, AGENTS, VERBS, lexicon, words)
    return actors, agents, verbs, summary.to_json()


@pytest.fixture(scope="module")
def small(converted: tuple[dict[str, Any], ...]) -> PhoenixLexicon:
    return PhoenixLexicon(converted[0], converted[1])


# ---------------------------------------------------------------- the format


def test_blocks_synonyms_whole_word_marks_and_comments() -> None:
    blocks, report = parse_actor_file(COUNTRIES)
    primaries = [b.primary.text for b in blocks]
    assert primaries[:2] == ["SYRIA", "ZORAN AL QADIRI"]
    syria = blocks[0]
    assert syria.primary.whole_word and [s.text for s in syria.synonyms] == [
        "SYRIAN",
        "SURIYAH",
        "ALEPPO",
    ]
    assert syria.codes[0].code == "SYR" and not syria.codes[0].dated
    assert blocks[1].comments == ["CountryInfo.txt"]
    assert report.comment_lines == 1 and report.noise_lines == 0


def test_date_forms() -> None:
    blocks, _ = parse_actor_file(COUNTRIES)
    by_name = {b.primary.text: b for b in blocks}
    qadiri = by_name["ZORAN AL QADIRI"].codes
    assert (qadiri[0].since, qadiri[0].until) == (date(1965, 1, 1), date(2000, 1, 1))  # A-B
    assert (qadiri[1].since, qadiri[1].until) == (date(2000, 7, 17), date(2014, 3, 1))  # 6 and 8
    assert not qadiri[2].dated
    assert by_name["OMAR BELLANI"].codes[0].since == date(2014, 3, 2)  # >D
    assert by_name["NADIA FERRAH"].codes[0].until == date(2010, 12, 31)  # <D
    assert parse_date("291231") == date(2029, 12, 31) and parse_date("310101") == date(1931, 1, 1)


def test_bad_dates_and_inherited_codes() -> None:
    blocks, report = parse_actor_file("A_B_\n\t[SYRGOV 2004017-20061201]\nC_D\nE_F\n\t[SYRREB]\n")
    assert report.bad_dates == 1 and blocks[0].codes[0].bad_date == "2004017-20061201"
    c_d = next(b for b in blocks if b.primary.text == "C D")
    assert c_d.inherited_codes and [c.code for c in c_d.codes] == ["SYRREB"]


def test_codes_on_the_primary_line_and_acronyms_in_parentheses() -> None:
    blocks, _ = parse_actor_file(INTERNATIONAL)
    zephyr = blocks[1]
    assert zephyr.primary.text == "ZEPHYR ALLIANCE ORGANIZATION"
    assert zephyr.primary.acronym == "ZAO"
    assert [c.code for c in zephyr.codes] == ["IGOWSTZAO", "ELI"]


def test_agents_plurals_and_substitution_sets() -> None:
    agents, _ = parse_agent_file(AGENTS)
    by_phrase = {" ".join(a.tokens): a for a in agents}
    assert by_phrase["RIOT POLICE"].plurals == () and by_phrase["RIOT POLICE"].code == "COP"
    assert by_phrase["MILITIA"].plurals == (("MILITIAS",),)
    assert by_phrase["DEPUTY"].plurals == (("DEPUTIES",),)
    assert {"ALDERMAN", "ALDERMEN"} <= set(by_phrase)
    assert by_phrase["HUMAN RIGHTS BODY"].prefix


def test_verb_blocks() -> None:
    blocks, _, _ = parse_verb_file(VERBS)
    greet = blocks[0]
    assert greet.code is not None and greet.code.forward == "040"
    assert [v.words for v in greet.verbs] == [("GREET",), ("SHAKE", "HANDS")]
    summit = greet.patterns[1]
    assert (summit.code.forward, summit.code.reverse) == ("043", "042")


# ---------------------------------------------------------------- names


def test_name_keys_ignore_case_diacritics_articles_and_hyphens() -> None:
    key = name_key("Bashar al-Assad")
    assert key == name_key("BASHAR_AL_ASSAD") == name_key("Bashar Assad") == "bashar assad"
    assert name_key("Ahrar ash-Sham") == name_key("Ahrar al-Sham")
    assert name_key("the United Nations") == name_key("UNITED NATIONS")
    assert name_key("Médecins Sans Frontières") == "medecins sans frontieres"
    assert display_name(("BASHAR", "AL-ASSAD"), person=True) == "Bashar al-Assad"
    assert display_name(("UN", "SECURITY", "COUNCIL")) == "UN Security Council"


# ---------------------------------------------------------------- conversion


def test_conversion_is_deterministic(lexicon: Lexicon, words: WordLists) -> None:
    sources = {"countries": COUNTRIES, "international": INTERNATIONAL}
    first = convert(sources, AGENTS, VERBS, lexicon, words)
    second = convert(sources, AGENTS, VERBS, lexicon, words)
    for a, b in zip(first[:3], second[:3], strict=True):
        assert dump_json(a) == dump_json(b)


def test_types_roles_places_and_guards(converted: tuple[dict[str, Any], ...]) -> None:
    actors = {a["id"]: a for a in converted[0]["actors"]}
    summary = converted[3]
    syria = actors["syria"]
    assert syria["type"] == "state" and "Syrian" in syria["demonyms"]
    assert actors["aleppo"]["type"] == "city" and actors["aleppo"]["country"] == "syria"
    qadiri = actors["zoran-al-qadiri"]
    assert qadiri["type"] == "leader" and qadiri["country"] == "syria"
    assert {
        "code": "SYRGOV",
        "role": "head of state or government",
        "country": "syria",
        "since": "2000-07-17",
        "until": "2014-03-01",
    } in qadiri["roles"]
    assert qadiri["flags"]["Qadiri"] == ["surname", "titled"]
    assert converted[0]["state_organs"][0]["country"] == "syria"  # "Qadiri regime"
    assert actors["nadia-ferrah"]["roles"][0]["role"] == "minister (justice)"
    group = actors["northern-shield-front"]
    assert group["type"] == "armed_group" and group["country"] == "syria"
    assert (
        actors["omar-kaldun"]["affiliation"] == "northern-shield-front"
    )  # a person, not the group
    assert actors["zephyr-alliance-organization"]["type"] == "organization"
    assert "ZAO" in actors["zephyr-alliance-organization"]["aliases"]
    assert "hope" not in actors and "target" not in actors  # single common words
    dropped = summary["dropped"]
    assert (
        dropped["single common English word"]
        + dropped["short common word (or acronym spelling one)"]
        >= 2
    )
    assert actors["falcon-brigade"]["flags"]["Falcon Brigade"] == ["common"]


def test_verb_groups_are_converted_into_parse_constraints(
    converted: tuple[dict[str, Any], ...],
) -> None:
    groups = {g["name"]: g for g in converted[2]["groups"]}
    greet, scold = groups["greet"], groups["scold"]
    assert greet["code"] == "040" and scold["code"] == "111"
    assert [v["words"] for v in greet["verbs"]] == [["greet"], ["shake", "hands"]]
    assert {"words": ["thrash"], "head": 0, "code": "190"} in scold["verbs"]
    patterns = {p["line"]: p for p in greet["patterns"]}
    talks = next(
        p for p in patterns.values() if p.get("preps") == [{"preps": ["for"], "words": ["talks"]}]
    )
    assert talks["code"] == "036" and "object" not in talks
    summit = next(p for p in patterns.values() if p.get("object") == ["summit"])
    assert (summit["code"], summit["reverse"]) == ("043", "042")
    visit = next(p for p in patterns.values() if p.get("subject") == ["&official"])
    assert visit["object"] == ["state", "visit"] and visit["target"] == "prep"
    assert visit["preps"] == [{"preps": ["in"], "target": True}]
    # a phrase that does not start with a preposition cannot be read on a parse: said why
    assert greet["dropped"] == [
        {"line": greet["line"] + 6, "reason": "phrase starting with 'NO', not a preposition"}
    ]


@pytest.mark.parametrize(
    ("code", "relation", "sign"),
    [
        ("042", RelationType.CALLS, 1),
        ("041", RelationType.CALLS, 1),
        ("051", RelationType.SUPPORTS, 1),
        ("072", RelationType.SUPPORTS, 1),
        ("0311", None, 1),  # an intent (03) is no relation: see cameo_relations.json
        ("111", RelationType.OPPOSES, -1),
        ("163", RelationType.OPPOSES, -1),
        ("195", RelationType.OPPOSES, -1),
        ("010", None, 0),
        ("100", None, -1),
    ],
)
def test_cameo_codes(code: str, relation: RelationType | None, sign: int) -> None:
    entry = cameo.admitted_relation(code)
    assert (entry.relation if entry else None) is relation
    weight = cameo.goldstein(code)
    assert weight is not None and (weight > 0) - (weight < 0) == sign


# ---------------------------------------------------------------- lookups


def test_link_name_variants(small: PhoenixLexicon) -> None:
    for mention in ("Zoran al-Qadiri", "ZORAN AL QADIRI", "Zoran Qadiri", "Zorán al Qadiri"):
        candidate = small.link(mention, "PERSON")
        assert candidate is not None and candidate.actor.id == "zoran-al-qadiri"
    assert small.link("Syrian", "NATIONALITY").actor.id == "syria"  # type: ignore[union-attr]
    assert small.link("Syrian", "PERSON") is None


def test_surnames_need_a_title(small: PhoenixLexicon) -> None:
    assert small.resolve("Qadiri", "PERSON").reason == "single-word person name needs a title"
    titled = small.link("President Qadiri", "PERSON")
    assert titled is not None and titled.actor.id == "zoran-al-qadiri"


def test_common_words_and_lowercase_are_not_linked(small: PhoenixLexicon) -> None:
    assert small.link("Hope", "PERSON") is None
    assert small.link("Target", "ORGANIZATION") is None
    assert small.resolve("falcon brigade").reason == "no capital letter: not a name"
    assert small.link("Falcon Brigade", "ORGANIZATION") is not None
    assert small.link("the united nations") is None


def test_acronyms_need_capitals_and_types_must_fit(small: PhoenixLexicon) -> None:
    assert small.link("ZAO", "ORGANIZATION") is not None
    assert small.link("Zao", "ORGANIZATION") is None
    assert small.link("Aleppo", "PERSON") is None
    assert small.link("Aleppo", "LOCATION").actor.type is ActorType.CITY  # type: ignore[union-attr]


def test_role_at_a_date(small: PhoenixLexicon) -> None:
    holders = small.holders("SYRGOV", date(2013, 5, 1), heads_only=True)
    assert [actor.id for actor, _ in holders] == ["zoran-al-qadiri"]
    later = small.holders("SYRGOV", date(2015, 1, 1))
    assert [actor.id for actor, _ in later] == ["omar-bellani"]
    candidate = small.link("Zoran al-Qadiri", "PERSON", date(2013, 5, 1))
    assert candidate is not None and candidate.role is not None
    assert candidate.actor.to_actor(date(2013, 5, 1)).role == "head of state or government"


def test_generic_agents(small: PhoenixLexicon) -> None:
    police = small.agent("Riot Police")
    assert police is not None and police.code == "COP"


def test_shipped_data_loads_and_knows_assad() -> None:
    phoenix = default_phoenix()
    assad = phoenix.link("Bashar al-Assad", "PERSON", date(2013, 5, 1))
    assert assad is not None and assad.actor.type is ActorType.LEADER
    assert assad.actor.country == "syria" and assad.actor.wikidata_id == "Q44329"
    heads = [a.id for a, _ in phoenix.holders("SYRGOV", date(2013, 5, 1), heads_only=True)]
    assert "bashar-al-assad" in heads
    assert phoenix.link("Assad", "PERSON") is None


def test_shipped_data_is_what_the_converter_writes_today(tmp_path: Path) -> None:
    # The conversion reads the project's lexicon and frames too: an edit to either must be
    # followed by a re-run, or the shipped dictionaries silently disagree with them.
    source = shared_file(SHARED / "lexicons" / "phoenix")
    script = ROOT / "scripts/convert_phoenix.py"
    subprocess.run(
        [sys.executable, str(script), "--source", str(source), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for name in ("actors.json.gz", "agents.json.gz", "verbs.json.gz"):
        shipped = (ROOT / "loaders/knowledge/data/phoenix" / name).read_bytes()
        assert (tmp_path / name).read_bytes() == shipped, (
            f"{name} is stale: run .venv/bin/python scripts/convert_phoenix.py"
        )

"""The CAMEO verb dictionary as the trigger lexicon (loaders/knowledge/triggers.py, converted by
scripts/convert_phoenix.py, read through loaders/knowledge/data/cameo_relations.json): how much of
it the reader can express, one sentence of the project's own for each family of patterns (tests are
generated from the dictionary: a family without a sentence fails the coverage test), the code
table, and senses decided by the parse (loaders/knowledge/data/senses.json)."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache

import pytest

from graph.model import RelationType
from loaders.knowledge.cameo import admitted_relation, code_relation
from loaders.knowledge.frames import dictionary_frames
from loaders.knowledge.senses import default_senses
from loaders.knowledge.triggers import Group, Match, Pattern, Verb, default_triggers
from loaders.nlp.model import ParsedDocument
from scripts.phoenix.format import VerbPattern, parse_event_code, parse_verb_file, pattern_shape
from tests.conftest import SHARED, shared_file
from tests.nlp_cases import TARGET
from tests.unit.test_rules import read

REACH_GOAL = 0.8


def family_of(pattern: Pattern) -> str | None:
    """A pattern's family: its CAMEO code family and its shape ("19_subject", "11_object_prep"),
    when its code makes a relation (admitted in the table)."""
    code = pattern.code or pattern.reverse
    if admitted_relation(code) is None:
        return None
    assert code is not None
    if pattern.subject is not None:
        shape = "subject"
    elif pattern.particle is not None:
        shape = "particle"
    else:
        shape = pattern.shape.replace("+", "_")
    return f"{code[:2]}_{shape}"


@cache
def families() -> Counter[str]:
    return Counter(
        family
        for _, pattern in default_triggers().patterns()
        if (family := family_of(pattern)) is not None
    )


def sentences() -> list[str]:
    return sorted(p.stem.removeprefix("cameo_") for p in TARGET.glob("cameo_*.json"))


def test_the_reader_expresses_the_dictionarys_relation_patterns() -> None:
    # Every pattern of CAMEO.2.0.txt whose code makes a relation, read by the converter's
    # pattern reader: how many become constraints on a dependency parse.
    text = shared_file(SHARED / "lexicons/phoenix/CAMEO.2.0.txt").read_text(encoding="utf-8")
    blocks, _, _ = parse_verb_file(text)
    mapped = expressed = 0
    for block in blocks:
        for pattern in block.patterns:
            if admitted_relation(pattern.code.forward or pattern.code.reverse) is None:
                continue
            mapped += 1
            expressed += not isinstance(pattern_shape(pattern), str)
    assert mapped > 2500  # the families the table admits
    assert expressed / mapped >= REACH_GOAL
    # the shipped dictionary holds exactly the patterns the reader expresses
    assert sum(families().values()) == expressed


def test_the_sentences_cover_the_families_of_most_patterns() -> None:
    tested = set(sentences())
    assert tested <= set(families()), tested - set(families())
    covered = sum(families()[family] for family in tested)
    assert covered / sum(families().values()) >= REACH_GOAL


@pytest.mark.parametrize("family", sentences())
def test_a_pattern_of_the_family_reads_its_sentence(family: str) -> None:
    result = read(f"cameo_{family}")
    by_line = {p.line: p for _, p in default_triggers().patterns()}
    read_by_pattern = [
        r
        for r in result.relations
        if (r.rule or "").startswith("cameo:") and (r.rule or "").count(":") == 2
    ]
    assert read_by_pattern, f"no dictionary pattern read {result.relations}"
    matched = [(r, by_line[int((r.rule or "").rsplit(":", 1)[1])]) for r in read_by_pattern]
    assert any(family_of(pattern) == family for _, pattern in matched), matched
    for relation, pattern in matched:
        entry = code_relation(relation.cameo)
        assert entry is not None and relation.cameo in (pattern.code, pattern.reverse)
        kinds = {entry.relation, entry.otherwise}
        assert relation.type in kinds


def test_the_code_table_is_one_documented_mapping() -> None:
    raw = json.loads(
        (TARGET.parent.parent.parent / "loaders/knowledge/data/cameo_relations.json").read_text()
    )
    assert all(entry["why"] for entry in raw["codes"])
    meet = admitted_relation("042")
    assert meet is not None and (meet.relation, meet.planned) == (RelationType.CALLS, False)
    assert admitted_relation("0311") is None  # intents are not admitted
    assert admitted_relation("036") is None
    assert admitted_relation("010") is None  # statements relate no two actors
    assert admitted_relation("020") is None  # appeals are demands
    coerce = admitted_relation("1721")
    assert coerce is not None and coerce.relation is RelationType.OPPOSES
    occupy = code_relation("192")
    assert occupy is not None and occupy.place_only and occupy.otherwise is RelationType.OPPOSES


def _match(code: str, own: bool) -> Match:
    group = Group("test group", 1, code, None, ())
    verb = Verb(group, "ponder", code, None, None, own_code=own)
    return Match(verb, None, code, None)


def test_bare_group_members_trigger_only_in_families_that_keep_their_sense() -> None:
    # "ponder" sits in a consult (04) group by WordNet synonymy: no relation from it alone
    assert dictionary_frames(_match("040", own=False), "ponder") == ()
    # a member the dictionary codes itself, or a family of hostile deeds, keeps its code
    assert dictionary_frames(_match("040", own=True), "ponder")[0].type is RelationType.CALLS
    assert dictionary_frames(_match("181", own=False), "ponder")[0].type is RelationType.OPPOSES


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("", "(FOR TALKS)", "prep"),
        ("", "{STATE VISIT} (IN +)", "object+prep"),
        ("&AIRCRAFT", "ATTACKS", "subject+object"),
        ("", "OFF (FROM &FIGHT)", "particle+prep"),
        ("", "(NO OBSTACLE)", "phrase starting with 'NO', not a preposition"),
        ("", "DEMAND THAT +", "an infinitive or clause"),
    ],
)
def test_pattern_shapes(before: str, after: str, expected: str) -> None:
    code = parse_event_code("190")
    assert code is not None
    shape = pattern_shape(VerbPattern(tuple(before.split()), tuple(after.split()), code, 1))
    if isinstance(shape, str):
        assert shape == expected
    else:
        parts = [
            name
            for name, value in (
                ("subject", shape.subject),
                ("particle", shape.particle),
                ("object", shape.object),
                ("prep", shape.preps),
            )
            if value
        ]
        assert "+".join(parts) == expected


def test_senses_are_decided_by_the_parse() -> None:
    data = json.loads((TARGET / "rule3_call_senses.json").read_text(encoding="utf-8"))
    parsed = ParsedDocument.from_dict(data["document"])
    senses = default_senses()
    names = []
    for sentence in parsed.sentences:
        call = next(t for t in sentence.tokens if t.lemma == "call")
        sense = senses.sense(sentence, call, "verb")
        names.append(sense.name if sense else None)
    assert names == ["demand", "denounce", "naming"]
    raw = json.loads(
        (TARGET.parent.parent.parent / "loaders/knowledge/data/senses.json").read_text()
    )
    assert all(entry["why"] for entry in raw["senses"])

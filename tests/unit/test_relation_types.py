"""Every place outside the extraction that lists the relation types takes them from
``graph.model.RelationType`` or is checked against it here, so adding a type touches the enum and
data files only (tests/contract/test_relation_types.py adds one and stores it on both backends).
"""

from __future__ import annotations

import re

import pytest

from api.browser import render_guide
from api.explorer.style import EDGE_STYLES
from graph import cypher
from graph.model import RelationType

AGGREGATED = {t.rel_type for t in RelationType}
# The store's own relationships (statements to their actors and article, mentions, the outlet
# that published an article): never aggregated edges, so never listed with them.
STORE_RELATIONSHIPS = {"SUBJECT", "OBJECT", "FROM", "MENTIONS", "PUBLISHED"}
# The relationship types a pattern names: [r:SUPPORTS|OPPOSES], [:MENTIONS], ...
PATTERN_TYPES = re.compile(r"\[\w*:([A-Z_]+(?:\|[A-Z_]+)*)")


@pytest.mark.parametrize("name", [n for n in cypher.names() if not n.startswith("library/")])
def test_statements_name_no_aggregated_type_by_hand(name: str) -> None:
    # The engine's statements take every aggregated type from the enum ({{AGGREGATED}}) or
    # from a parameter ($rel_types, $(e.rel)); a type written here would be one more list.
    for listed in PATTERN_TYPES.findall(cypher.raw(name)):
        named = set(listed.split("|"))
        hint = "write {{AGGREGATED}}"
        assert not named & AGGREGATED, f"cypher/{name}.cypher names {listed}: {hint}"
        assert named <= STORE_RELATIONSHIPS, f"cypher/{name}.cypher: unknown type in {listed}"


def test_the_aggregated_pattern_is_every_relation_type() -> None:
    assert set(cypher.FILLS["AGGREGATED"].split("|")) == AGGREGATED
    filled = cypher.statement("stored_edges_all")
    assert "{{" not in filled and cypher.FILLS["AGGREGATED"] in filled


@pytest.mark.parametrize("name", [n for n in cypher.names() if n.startswith("library/")])
def test_library_queries_name_known_types(name: str) -> None:
    # The analyst queries name the types they are about (a chosen few): each must exist.
    for listed in PATTERN_TYPES.findall(cypher.raw(name)):
        assert set(listed.split("|")) <= AGGREGATED | STORE_RELATIONSHIPS, (name, listed)


def test_an_unknown_fill_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        cypher._fill("x", "MATCH ()-[r:{{NOT_A_FILL}}]->() RETURN r")


def test_neo4j_browser_style_has_every_relation_type() -> None:
    rules = cypher.grass_rules()
    styled = {s.removeprefix("relationship.") for s in rules if s.startswith("relationship.")}
    assert styled - STORE_RELATIONSHIPS == AGGREGATED, "cypher/actorgraph.grass"


def test_explorer_has_a_style_for_every_relation_type() -> None:
    assert set(EDGE_STYLES) == set(RelationType), "api/explorer/styles.json"


def test_neo4j_browser_guide_names_every_relation_type() -> None:
    guide = render_guide()
    for kind in AGGREGATED:
        assert f"<code>{kind}</code>" in guide

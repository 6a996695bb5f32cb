"""Every analyst query of cypher/library, run on real Neo4j after the reference article."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph import cypher
from graph.model import ActorType, Extraction
from graph.store import Neo4jStore
from tests.conftest import REFERENCE_ARTICLE, ROOT

pytestmark = pytest.mark.integration

Rows = list[dict[str, Any]]


def allies(rows: Rows) -> None:
    assert "syria" in {r["ally"] for r in rows}
    assert all(r["mentions"] >= 1 for r in rows)


def adversaries(rows: Rows) -> None:
    assert {"syria", "russia"} <= {r["adversary"] for r in rows}


def city_control(rows: Rows) -> None:
    holders = {(r["city"], r["holder"]): r["modalities"] for r in rows}
    assert "asserted" in holders[("aleppo", "hayat-tahrir-al-sham")]
    assert holders[("aleppo", "syria")] == ["historical"]


def contested_cities(rows: Rows) -> None:
    [aleppo] = [r for r in rows if r["city"] == "aleppo"]
    assert {h["holder"] for h in aleppo["holders"]} == {"hayat-tahrir-al-sham", "syria"}


def communication_network(rows: Rows) -> None:
    calls = {(r["caller"], r["callee"]) for r in rows}
    assert ("sergey-lavrov", "abbas-araghchi") in calls
    assert ("bashar-al-assad", "iraq") in calls


def enemy_of_enemy(rows: Rows) -> None:
    pair = [r for r in rows if {r["first"], r["second"]} == {"russia", "syria"}]
    assert pair and "hayat-tahrir-al-sham" in pair[0]["common_adversaries"]
    assert pair[0]["already_allied"] is True


def edge_evidence(rows: Rows) -> None:
    text = REFERENCE_ARTICLE.read_text(encoding="utf-8")
    assert len(rows) >= 2
    for r in rows:
        assert text[r["start"] : r["end"]] == r["sentence"]


def actor_timeline(rows: Rows) -> None:
    assert len(rows) >= 3
    assert all("iran" in (r["source"], r["target"]) for r in rows)


def actor_network(rows: Rows) -> None:
    # Nodes and relationships come back as their properties through run_library.
    assert {"iran", "hayat-tahrir-al-sham"} <= {r["b"]["id"] for r in rows}
    assert all(r["a"]["id"] == "syria" for r in rows)


EXPECTED: dict[str, tuple[dict[str, str], Callable[[Rows], None]]] = {
    "allies": ({"actor": "iran"}, allies),
    "adversaries": ({"actor": "hayat-tahrir-al-sham"}, adversaries),
    "city_control": ({}, city_control),
    "contested_cities": ({}, contested_cities),
    "communication_network": ({}, communication_network),
    "enemy_of_enemy": ({}, enemy_of_enemy),
    "edge_evidence": ({"source": "iran", "target": "syria", "type": "supports"}, edge_evidence),
    "actor_timeline": ({"actor": "iran"}, actor_timeline),
    "actor_network": ({"actor": "syria"}, actor_network),
}


def test_every_library_query_has_an_expectation() -> None:
    assert set(cypher.library_names()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_query(neo4j_store: Neo4jStore, reference: Extraction, name: str) -> None:
    neo4j_store.ingest(reference)
    params, check = EXPECTED[name]
    check(neo4j_store.run_library(name, params))


def test_browser_query_by_type_label(neo4j_store: Neo4jStore, reference: Extraction) -> None:
    neo4j_store.ingest(reference)
    records = neo4j_store.backend.execute(
        "MATCH (s:State)-[:SUPPORTS]->(x) RETURN s.id AS s, x.id AS x"
    )
    assert ("iran", "syria") in {(r["s"], r["x"]) for r in records}
    records = neo4j_store.backend.execute(
        "MATCH (g:ArmedGroup)-[:CONTROLS]->(c:City) RETURN g.id AS g, c.id AS c"
    )
    assert ("hayat-tahrir-al-sham", "aleppo") in {(r["g"], r["c"]) for r in records}


def test_style_file_colours_every_actor_type() -> None:
    style = (ROOT / "cypher" / "actorgraph.grass").read_text()
    assert style.count("{") == style.count("}")
    for actor_type in ActorType:
        assert f"node.{actor_type.label} {{" in style
    assert "relationship.SUPPORTS" in style and "caption: '{name}'" in style

"""Every analyst query of cypher/library, run on real Neo4j after the reference article."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graph import cypher
from graph.alliances.service import AllianceParams, AllianceService
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


def bloc_members(rows: Rows) -> None:
    # Assad, Iran, Russia and Syria in one bloc (its number is the parameter below), HTS not.
    members = {r["actor"] for r in rows}
    assert {"bashar-al-assad", "iran", "russia", "syria"} <= members
    assert "hayat-tahrir-al-sham" not in members
    assert {r["period"] for r in rows} == {"all"}
    syria = next(r for r in rows if r["actor"] == "syria")
    assert syria["allies_inside"] >= 2 and syria["articles"] == 1


def cross_bloc_ties(rows: Rows) -> None:
    opposes = [r for r in rows if r["relation"] == "OPPOSES"]
    pairs = {tuple(pair) for r in opposes for pair in r["heaviest"]}
    assert ("syria", "hayat-tahrir-al-sham") in pairs or ("russia", "hayat-tahrir-al-sham") in pairs
    assert all(r["from_bloc"] != r["to_bloc"] and r["edges"] >= 1 for r in rows)


BLOC_QUERIES = {"bloc_members", "cross_bloc_ties"}

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
    "bloc_members": ({}, bloc_members),  # $bloc: Syria's, known once the blocs are written
    "cross_bloc_ties": ({}, cross_bloc_ties),
}


def test_every_library_query_has_an_expectation() -> None:
    assert set(cypher.library_names()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_query(neo4j_store: Neo4jStore, reference: Extraction, name: str) -> None:
    neo4j_store.ingest(reference)
    params, check = EXPECTED[name]
    if name in BLOC_QUERIES:
        # What `actorgraph blocs --write` does; the queries read the stored blocs.
        analysis = AllianceService(neo4j_store).analysis(AllianceParams())
        neo4j_store.write_blocs(analysis.bloc_rows(), AllianceParams().period)
        if name == "bloc_members":
            bloc = {r["id"]: r["bloc"] for r in analysis.bloc_rows()}["syria"]
            params = {"bloc": str(bloc)}  # as `actorgraph cypher run --param bloc=N` passes it
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

"""`actorgraph blocs --write`: blocs stored on the actors in Neo4j for Browser users, through the
store's declared capability, without a relationship and without changing the data version."""

from __future__ import annotations

import os
import subprocess
import sys

from graph.alliances.service import AllianceParams, AllianceService
from graph.model import Extraction
from graph.settings import Settings
from graph.store import BlocWriter, Neo4jStore, SqliteStore
from tests.conftest import ROOT


def stored(store: Neo4jStore) -> dict[str, dict[str, object]]:
    rows = store.backend.execute(
        "MATCH (a:Actor) WHERE a.bloc IS NOT NULL "
        "RETURN a.id AS id, a.bloc AS bloc, a.bloc_label AS label, "
        "a.bloc_stability AS stability, a.bloc_period AS period"
    )
    return {r["id"]: r for r in rows}


def test_only_neo4j_declares_the_capability(neo4j_store: Neo4jStore, tmp_path: object) -> None:
    assert isinstance(neo4j_store, BlocWriter)
    embedded = SqliteStore(tmp_path / "g.db")  # type: ignore[operator]
    try:
        assert not isinstance(embedded, BlocWriter)
    finally:
        embedded.close()


def test_blocs_are_stored_on_actors_and_replaced(
    neo4j_store: Neo4jStore, reference: Extraction
) -> None:
    neo4j_store.ingest(reference)
    relationships = neo4j_store.backend.execute("MATCH ()-[r]->() RETURN count(r) AS n")
    version = neo4j_store.data_version()
    service = AllianceService(neo4j_store)
    analysis = service.analysis(AllianceParams(fold=True))
    written = neo4j_store.write_blocs(analysis.bloc_rows(), "all")
    blocs = stored(neo4j_store)
    assert written == len(blocs) == len(analysis.report.blocs.membership)
    syria = blocs["syria"]
    assert isinstance(syria["bloc"], int) and syria["period"] == "all"
    # Browser users ask for a bloc by its number.
    members = neo4j_store.backend.execute(
        "MATCH (a:Actor {bloc: $bloc}) RETURN collect(a.id) AS ids", {"bloc": syria["bloc"]}
    )[0]["ids"]
    assert {"syria", "bashar-al-assad", "iran", "russia"} <= set(members)
    assert "hayat-tahrir-al-sham" not in members
    # Properties only: no relationship (no inferred relation), and reads are unchanged.
    assert neo4j_store.backend.execute("MATCH ()-[r]->() RETURN count(r) AS n") == relationships
    assert neo4j_store.data_version() == version
    assert "bloc" not in neo4j_store.get_actor("syria").actor.model_dump()
    # A new write replaces the old one: a narrower window leaves these actors in no bloc.
    neo4j_store.write_blocs([dict(analysis.bloc_rows()[0])], "2026-01-01/..")
    again = stored(neo4j_store)
    assert len(again) == 1 and next(iter(again.values()))["period"] == "2026-01-01/.."


def test_the_command_writes_through_the_configured_store(
    neo4j_store: Neo4jStore, neo4j_settings: Settings, reference: Extraction
) -> None:
    neo4j_store.ingest(reference)
    env = {**os.environ, "ACTORGRAPH_NEO4J_URI": str(neo4j_settings.neo4j_uri)}
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "blocs", "--write", "--fold", "--historical"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "stored the blocs of" in done.stderr and "bloc_period all" in done.stderr
    blocs = stored(neo4j_store)
    assert blocs["iran"]["bloc"] == blocs["syria"]["bloc"] != blocs["hayat-tahrir-al-sham"]["bloc"]
    assert blocs["bashar-al-assad"]["bloc"] == blocs["syria"]["bloc"]  # folded into Syria
    assert {b["period"] for b in blocs.values()} == {"all"}

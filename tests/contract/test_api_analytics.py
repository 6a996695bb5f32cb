"""Alliance analytics over HTTP on the embedded store and on real Neo4j, on the reference
article as CoreNLP and the rules read it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.model import Extraction, RelationType
from graph.settings import Settings
from graph.store import GraphStore
from tests.contract.test_api import error_of
from tests.unit.test_alliances_store import article

HTS = "hayat-tahrir-al-sham"
ROUTES = [
    "/analytics/blocs",
    "/analytics/balance",
    "/analytics/brokers",
    "/analytics/inferred",
    "/analytics/timeline",
    "/actors/syria/position",
]


@pytest.fixture()
def api(store: GraphStore, reference: Extraction) -> Iterator[TestClient]:
    store.ingest(reference)
    with TestClient(create_app(Settings(), store)) as client:
        yield client


def ok(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


@pytest.mark.parametrize("fold", [False, True])
def test_reference_blocs_syria_assad_iran_russia_together_hts_apart(
    api: TestClient, fold: bool
) -> None:
    answer = ok(api, "/analytics/blocs", fold=fold)
    membership = answer["blocs"]["membership"]
    camp = membership["syria"]
    assert membership["bashar-al-assad"] == membership["iran"] == membership["russia"] == camp
    assert membership[HTS] != camp
    [bloc] = [b for b in answer["blocs"]["blocs"] if b["id"] == camp]
    assert bloc["cohesion"] == 1.0 and 0 < bloc["stability"] <= 1
    assert answer["meta"]["fold"] is fold and answer["meta"]["modalities"] == [
        "asserted",
        "claimed",
    ]
    assert answer["meta"]["signed"]["aligned"] >= 4


def test_assads_position_allies_inside_adversaries(api: TestClient) -> None:
    position = ok(api, "/actors/bashar-al-assad/position", fold=True)["position"]
    assert position["represented_by"] == "syria"
    assert {"iran", "russia"} <= {t["actor"] for t in position["allies_inside"]}
    assert HTS in {t["actor"] for t in position["adversaries"]}
    assert position["bloc"] is not None and position["standing"]["actor"] == "syria"
    alone = ok(api, "/actors/aleppo/position")["position"]
    assert alone["bloc"] is None and alone["allies_inside"] == []  # a city has no signed tie
    missing = error_of(api.get("/actors/nobody-at-all/position"), 404)
    assert "nobody-at-all" in missing["message"]


def test_every_route_answers_and_refuses_bad_parameters(api: TestClient) -> None:
    balance = ok(api, "/analytics/balance", limit=1)["balance"]
    assert balance["triangles"] >= 1 and balance["balance_ratio"] is not None
    assert len(balance["actors"]) <= 1
    brokers = ok(api, "/analytics/brokers", limit=3)["brokers"]
    assert 0 < len(brokers["brokers"]) <= 3
    assert {s["actor"] for s in brokers["brokers"]} <= {s["actor"] for s in brokers["actors"]}
    timeline = ok(api, "/analytics/timeline", unit="year", modality="asserted,historical")
    assert timeline["unit"] in ("year", None)
    windowed = ok(api, "/analytics/blocs", since="2030-01-01")["blocs"]
    assert windowed["blocs"] == [] and windowed["membership"] == {}
    for url in ROUTES:
        error_of(api.get(url, params={"since": "2026-02-01", "until": "2026-01-01"}), 422)
    problems = error_of(api.get("/analytics/blocs", params={"modality": "negated"}), 422)
    assert "negated" in str(problems)
    error_of(api.get("/analytics/blocs", params={"runs": 0}), 422)
    error_of(api.get("/analytics/blocs", params={"half_life_days": 0}), 422)
    error_of(api.get("/analytics/timeline", params={"unit": "decade"}), 422)
    error_of(api.get("/analytics/inferred", params={"limit": 501}), 422)


def test_inferred_relations_are_predictions_never_stored(
    api: TestClient, store: GraphStore
) -> None:
    counts, version = store.counts(), store.data_version()
    inferred = ok(api, "/analytics/inferred")["inferred"]["relations"]
    assert inferred and all(r["inferred"] is True and "evidence" not in r for r in inferred)
    position = ok(api, "/actors/iran/position")["position"]
    assert all(r["inferred"] for r in position["inferred"])
    for relation in inferred[:5]:
        found = ok(api, "/relations", source=relation["source"], target=relation["target"])
        found_back = ok(api, "/relations", source=relation["target"], target=relation["source"])
        signed = [
            e
            for e in found["items"] + found_back["items"]
            if e["type"] in (RelationType.SUPPORTS.value, RelationType.OPPOSES.value)
        ]
        assert signed == []  # a prediction is made only where no tie exists
    assert store.counts() == counts and store.data_version() == version


def test_answers_follow_the_data(api: TestClient, store: GraphStore) -> None:
    before = ok(api, "/analytics/blocs")
    assert ok(api, "/analytics/blocs") == before  # cached: the same answer
    assert before["meta"]["stale"] is False and before["meta"]["computed_at"]
    store.ingest(article(1, date(2026, 1, 10), [("newcomer", RelationType.SUPPORTS, HTS)]))
    # Right after the write: the last answer at once, marked stale ...
    stale = ok(api, "/analytics/blocs")
    assert stale["meta"]["stale"] is True
    assert stale["meta"]["computed_at"] == before["meta"]["computed_at"]
    assert stale["blocs"] == before["blocs"]
    # ... and the new one, computed in the background, soon after (the debounce is 2 s).
    deadline = time.monotonic() + 60
    while (after := ok(api, "/analytics/blocs"))["meta"]["stale"]:
        assert time.monotonic() < deadline, "no fresh answer within 60 s"
        time.sleep(0.2)
    assert after["meta"]["data_version"] == store.data_version()
    membership = after["blocs"]["membership"]
    assert membership["newcomer"] == membership[HTS]

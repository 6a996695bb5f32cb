"""Alliance analytics over a store: one cached computation per question and data version,
and the answers the API and the CLI serve."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph.alliances import report_of
from graph.alliances.service import AllianceParams, AllianceService, bloc_number
from graph.errors import BadParameter, NotFound
from graph.model import Modality, RelationType
from graph.store import SqliteStore
from tests.unit.test_alliances_store import EAST, WEST, article, generated_articles

SUP, OPP = RelationType.SUPPORTS, RelationType.OPPOSES


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    store = SqliteStore(tmp_path_factory.mktemp("service") / "graph.db")
    for extraction in generated_articles():
        store.ingest(extraction)
    yield store
    store.close()


@pytest.fixture()
def fresh(tmp_path: Path) -> Iterator[SqliteStore]:
    store = SqliteStore(tmp_path / "graph.db")
    yield store
    store.close()


def test_params_check_and_describe_the_question() -> None:
    assert AllianceParams().period == "all"
    assert AllianceParams(since=date(2026, 1, 1)).period == "2026-01-01/.."
    assert AllianceParams(until=date(2026, 3, 31)).period == "../2026-03-31"
    both = AllianceParams.of(historical=True)
    assert both.modalities == {Modality.ASSERTED, Modality.CLAIMED, Modality.HISTORICAL}
    assert both.window().modalities == both.modalities
    with pytest.raises(BadParameter, match="before"):
        AllianceParams(since=date(2026, 2, 1), until=date(2026, 1, 1))
    with pytest.raises(BadParameter, match="negated"):
        AllianceParams(modalities=frozenset({Modality.NEGATED}))
    with pytest.raises(BadParameter):
        AllianceParams(half_life_days=0)
    with pytest.raises(BadParameter):
        AllianceParams(runs=0)
    assert AllianceParams(fold=True) == AllianceParams(fold=True)  # a cache key


def test_answers_come_from_one_cached_analysis_per_data_version(fresh: SqliteStore) -> None:
    for extraction in generated_articles():
        fresh.ingest(extraction)
    service = AllianceService(fresh)
    first = service.analysis(AllianceParams())
    assert service.analysis(AllianceParams()) is first
    assert service.analysis(AllianceParams(fold=True)) is not first
    assert first.json("blocs", 50) is first.json("blocs", 50)  # serialised once
    fresh.ingest(article(999, date(2026, 2, 20), [("west-0", SUP, "east-0")]))
    again = service.analysis(AllianceParams())
    assert again is not first
    assert again.graph.tie("west-0", "east-0") != first.graph.tie("west-0", "east-0")


def test_two_threads_asking_a_cold_question_compute_it_once(
    loaded: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    gate = threading.Event()
    real = report_of

    def slow(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        gate.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr("graph.alliances.service.report_of", slow)
    service = AllianceService(loaded)
    results: list[Any] = []
    threads = [
        threading.Thread(target=lambda: results.append(service.analysis(AllianceParams())))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join(10)
    assert len(calls) == 1 and len(results) == 3
    assert results[0] is results[1] is results[2]


def test_a_failed_computation_is_not_cached(
    loaded: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = AllianceService(loaded)
    real = report_of

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("graph.alliances.service.report_of", broken)
    with pytest.raises(RuntimeError):
        service.analysis(AllianceParams())
    monkeypatch.setattr("graph.alliances.service.report_of", real)
    assert service.analysis(AllianceParams()).report.blocs.blocs


def test_the_answers_are_fields_of_the_report_cut_at_the_limit(loaded: SqliteStore) -> None:
    analysis = AllianceService(loaded).analysis(AllianceParams(fold=True))
    blocs = analysis.blocs(limit=1)
    assert blocs.blocs.blocs == analysis.report.blocs.blocs
    assert len(blocs.blocs.frustrated) <= 1
    assert blocs.meta.fold is True and blocs.meta.signed == analysis.report.signed
    assert blocs.meta.modalities == ["asserted", "claimed"]
    brokers = analysis.brokers(limit=2).brokers
    assert len(brokers.brokers) <= 2
    named = {s.actor for r in (brokers.brokers, brokers.pagerank) for s in r}
    assert named <= {s.actor for s in brokers.actors}
    assert len(brokers.actors) < len(analysis.report.brokers.actors)
    inferred = analysis.inferred(limit=3).inferred
    assert len(inferred.relations) <= 3 and all(r.inferred for r in inferred.relations)
    balance = analysis.balance(limit=2).balance
    assert balance.triangles == analysis.report.balance.triangles and len(balance.actors) <= 2


def test_the_reference_facts_put_syria_iran_russia_together_and_hts_apart(
    loaded: SqliteStore,
) -> None:
    service = AllianceService(loaded)
    for fold in (False, True):
        membership = service.analysis(AllianceParams(fold=fold)).report.blocs.membership
        camp = membership["syria"]
        assert membership["iran"] == membership["russia"] == camp
        assert membership["bashar-al-assad"] == camp
        assert membership["hayat-tahrir-al-sham"] != camp
    position = service.position(AllianceParams(fold=True), "bashar-al-assad").position
    assert position.represented_by == "syria"
    assert {"iran", "russia"} <= {t.actor for t in position.allies_inside}
    assert "hayat-tahrir-al-sham" in {t.actor for t in position.adversaries}
    with pytest.raises(NotFound):
        service.position(AllianceParams(), "nobody-at-all")


def test_historical_statements_count_only_when_asked(loaded: SqliteStore) -> None:
    service = AllianceService(loaded)
    default = service.analysis(AllianceParams())
    historical = service.analysis(AllianceParams.of(historical=True))
    # "Syria backs HTS" is historical: it softens their opposition only when asked for.
    assert historical.graph.tie("syria", "hayat-tahrir-al-sham") > default.graph.tie(
        "syria", "hayat-tahrir-al-sham"
    )


def test_a_window_rebuilds_the_edges_from_its_statements(loaded: SqliteStore) -> None:
    service = AllianceService(loaded)
    february = service.analysis(AllianceParams(since=date(2026, 2, 1)))
    assert february.graph.tie("mover", EAST[0]) > 0  # mover backs the east in February
    assert "syria" not in february.graph.index  # the reference facts are from January
    assert february.report.signed.since == "2026-02-01"


def test_timeline_in_months_finds_the_actor_that_changed_sides(loaded: SqliteStore) -> None:
    answer = AllianceService(loaded).timeline(AllianceParams())
    assert answer.unit == "month"
    assert [p.label for p in answer.periods] == ["2026-01", "2026-02"]
    [move] = [c for c in answer.timeline.changes if c.kind == "moved"]
    assert move.actors == ["mover"] and move.period == "2026-02"
    quarters = AllianceService(loaded).timeline(AllianceParams(), "quarter")
    assert [p.label for p in quarters.periods] == ["2026-Q1"]
    clipped = AllianceService(loaded).timeline(AllianceParams(since=date(2026, 1, 15)))
    assert clipped.periods[0].label == "2026-01"


def test_timeline_units_fit_the_span(fresh: SqliteStore) -> None:
    fresh.ingest(article(1, date(2010, 1, 5), [(WEST[0], SUP, WEST[1])]))
    fresh.ingest(article(2, date(2026, 6, 5), [(WEST[0], OPP, WEST[1])]))
    service = AllianceService(fresh)
    answer = service.timeline(AllianceParams())
    assert answer.unit == "year" and len(answer.periods) == 17
    [flip] = [c for c in answer.timeline.changes if c.kind == "tie_flipped"]
    assert flip.period == "2026"
    with pytest.raises(BadParameter, match="periods"):
        service.timeline(AllianceParams(), "month")
    empty = service.timeline(AllianceParams(since=date(2027, 1, 1)))
    assert empty.periods == [] and empty.unit is None and empty.timeline.periods == []


def test_blocs_rows_and_attributes_for_neo4j_and_exports(loaded: SqliteStore) -> None:
    analysis = AllianceService(loaded).analysis(AllianceParams(fold=True))
    rows = {r["id"]: r for r in analysis.bloc_rows()}
    syria = rows["syria"]
    assert syria["bloc"] == bloc_number(analysis.report.blocs.membership["syria"])
    assert rows["bashar-al-assad"]["bloc"] == syria["bloc"]  # folded into Syria
    assert isinstance(syria["label"], str) and syria["stability"] == 1.0
    assert set(rows) == set(analysis.report.blocs.membership)
    attributes = analysis.actor_attributes["syria"]
    assert {"bloc", "bloc_label", "betweenness", "pagerank", "unbalanced_triangles"} <= set(
        attributes
    )
    assert bloc_number("bloc-12") == 12


def test_ties_in_unbalanced_triangles_are_counted(fresh: SqliteStore) -> None:
    # a and b back each other, both back c, but a fights c: ++- is unbalanced.
    fresh.ingest(article(1, date(2026, 1, 5), [("a", SUP, "b"), ("b", SUP, "c"), ("a", OPP, "c")]))
    analysis = AllianceService(fresh).analysis(AllianceParams())
    assert analysis.tie_unbalanced == {("a", "b"): 1, ("a", "c"): 1, ("b", "c"): 1}
    assert analysis.actor_attributes["a"]["unbalanced_triangles"] == 1


def test_timeline_and_positions_are_serialised_once(loaded: SqliteStore) -> None:
    service = AllianceService(loaded)
    body = service.timeline_json(AllianceParams(), "month")
    assert service.timeline_json(AllianceParams(), "month") is body
    assert json.loads(body) == service.timeline(AllianceParams(), "month").model_dump(mode="json")
    position = service.position_json(AllianceParams(), "syria", 5)
    assert service.position_json(AllianceParams(), "syria", 5) is position
    assert json.loads(position)["position"]["actor"] == "syria"

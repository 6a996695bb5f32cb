"""Alliance analytics on what a real store gives: generated articles ingested into the embedded
store, read back as snapshots (the whole graph, and one per month)."""

from __future__ import annotations

import hashlib
import importlib
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.alliances import analyse, blocs, periods, signed_graph, timeline
from graph.model import (
    ActorType,
    Article,
    Evidence,
    ExtractedActor,
    Extraction,
    Modality,
    Relation,
    RelationType,
)
from graph.settings import Settings

WEST = [f"west-{i}" for i in range(6)]
EAST = [f"east-{i}" for i in range(6)]


def open_embedded(path: Path) -> Any:
    """The embedded store through ``open_store``, wherever the store package keeps it."""
    settings = Settings(neo4j_uri=None, store=path)
    for module in ("graph.stores", "graph.store"):
        try:
            opener = getattr(importlib.import_module(module), "open_store", None)
        except ModuleNotFoundError:
            continue
        if opener is not None:
            return opener(settings)
    raise AssertionError("no open_store found")


def article(
    number: int,
    published: date,
    relations: list[tuple[str, RelationType, str]],
    types: dict[str, ActorType] | None = None,
    modality: Modality = Modality.ASSERTED,
) -> Extraction:
    verbs = {RelationType.SUPPORTS: "backs", RelationType.OPPOSES: "attacks"}
    sentences = [f"{s} {verbs.get(t, t.value)} {o}." for s, t, o in relations]
    text = f"Report {number}. " + " ".join(sentences)
    article_id = hashlib.sha256(text.encode()).hexdigest()
    names = sorted({a for s, _, o in relations for a in (s, o)})
    return Extraction(
        article=Article(id=article_id, title=f"Report {number}", published=published),
        actors=[
            ExtractedActor(id=a, name=a.title(), type=(types or {}).get(a, ActorType.STATE))
            for a in names
        ],
        relations=[
            Relation(
                source=s,
                target=o,
                type=t,
                confidence=0.8,
                modality=modality,
                evidence=Evidence(start=0, end=len(sentence), text=sentence),
                trigger=verbs.get(t, t.value),
                article_id=article_id,
                extractor_version="test",
            )
            for (s, t, o), sentence in zip(relations, sentences, strict=True)
        ],
    )


def generated_articles() -> Iterator[Extraction]:
    """Two months of news of two camps; "mover" backs the west in January, the east in
    February. Plus the reference article's facts, in January."""
    rng = random.Random(5)
    number = 0
    for first, side in ((date(2026, 1, 1), WEST), (date(2026, 2, 1), EAST)):
        other = EAST if side is WEST else WEST
        for _ in range(40):
            number += 1
            day = first + timedelta(days=rng.randrange(28))
            camp = rng.choice([WEST, EAST])
            foe = EAST if camp is WEST else WEST
            a, b = rng.sample(camp, 2)
            yield article(
                number,
                day,
                [
                    (a, RelationType.SUPPORTS, b),
                    (rng.choice(camp), RelationType.OPPOSES, rng.choice(foe)),
                ],
            )
        for target in side[:3]:
            number += 1
            yield article(
                number, first + timedelta(days=3), [("mover", RelationType.SUPPORTS, target)]
            )
        for target in other[:3]:
            number += 1
            yield article(
                number, first + timedelta(days=4), [("mover", RelationType.OPPOSES, target)]
            )
    yield article(
        number + 1,
        date(2026, 1, 20),
        [
            ("iran", RelationType.SUPPORTS, "bashar-al-assad"),
            ("russia", RelationType.SUPPORTS, "syria"),
            ("iran", RelationType.SUPPORTS, "syria"),
            ("syria", RelationType.OPPOSES, "hayat-tahrir-al-sham"),
            ("russia", RelationType.OPPOSES, "hayat-tahrir-al-sham"),
            ("bashar-al-assad", RelationType.LEADS, "syria"),
        ],
        types={"bashar-al-assad": ActorType.LEADER, "hayat-tahrir-al-sham": ActorType.ARMED_GROUP},
    )
    yield article(
        number + 2,
        date(2026, 1, 21),
        [("syria", RelationType.SUPPORTS, "hayat-tahrir-al-sham")],
        modality=Modality.HISTORICAL,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    opened = open_embedded(tmp_path_factory.mktemp("alliances") / "graph.json")
    for extraction in generated_articles():
        opened.ingest(extraction)
    yield opened
    opened.close()


def test_the_store_snapshot_gives_the_expected_blocs(store: Any) -> None:
    graph = signed_graph(store.snapshot(), fold=True)
    assert graph.represent("bashar-al-assad") == "syria"
    # the historical "Syria backs HTS" is left out by default
    assert graph.tie("syria", "hayat-tahrir-al-sham") < 0
    result = blocs(graph)
    camp = result.membership["syria"]
    assert result.membership["iran"] == result.membership["russia"] == camp
    assert result.membership["bashar-al-assad"] == camp
    assert result.membership["hayat-tahrir-al-sham"] != camp
    assert result.membership["west-0"] != result.membership["east-0"]
    assert len({result.membership[a] for a in WEST}) == 1
    assert len({result.membership[a] for a in EAST}) == 1


def test_monthly_snapshots_report_the_actor_that_changed_sides(store: Any) -> None:
    months = periods(date(2026, 1, 1), date(2026, 2, 28))
    snapshots = {
        p.label: store.snapshot(
            since=date.fromisoformat(p.since), until=date.fromisoformat(p.until)
        )
        for p in months
    }
    result = timeline(snapshots, fold=True)
    [move] = [c for c in result.changes if c.kind == "moved"]
    assert move.actors == ["mover"] and move.period == "2026-02"
    jan, feb = result.periods
    west_jan = next(b for b in jan.blocs if "west-0" in b.members)
    east_feb = next(b for b in feb.blocs if "east-0" in b.members)
    assert (move.before, move.after) == (west_jan.id, east_feb.id)
    assert "mover" in west_jan.members and "mover" in east_feb.members
    flips = {tuple(c.actors) for c in result.changes if c.kind == "tie_flipped"}
    assert ("mover", "west-0") in flips


def test_the_same_snapshot_read_back_another_way_gives_the_same_answers(store: Any) -> None:
    """What makes both stores answer alike: equal snapshots give byte-equal results, whatever
    order the store lists actors and edges in."""
    snap = store.snapshot()
    data = nx.node_link_data(snap, edges="links")
    data["nodes"] = data["nodes"][::-1]
    data["links"] = sorted(data["links"], key=lambda e: (e["target"], e["key"]), reverse=True)
    again = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    first = analyse(snap, fold=True).model_dump(mode="json")
    assert analyse(again, fold=True).model_dump(mode="json") == first

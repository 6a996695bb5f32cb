"""Behaviour every store must have, proven on both the embedded store and real Neo4j."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph.errors import NotFound
from graph.ingest import ingest
from graph.model import ActorType, Evidence, Extraction, Modality, Relation, RelationType
from graph.results import IngestFailure, IngestStatus
from graph.settings import Settings
from graph.store import GraphStore
from graph.store.query import Direction, EdgeQuery, Window
from loaders.pipeline import extract_paths, extractions
from loaders.rules.extract import Extractor
from tests.conftest import REFERENCE_ARTICLE, ROOT

SUPPORTS = frozenset({RelationType.SUPPORTS})


def pairs(store: GraphStore, **query: Any) -> set[tuple[str, str, str]]:
    return {(e.source, e.type.value, e.target) for e in store.edges(EdgeQuery(**query))}


def bumped(extraction: Extraction, version: str, keep: int | None = None) -> Extraction:
    relations = extraction.relations if keep is None else extraction.relations[:keep]
    return extraction.model_copy(
        update={
            "relations": [r.model_copy(update={"extractor_version": version}) for r in relations]
        }
    )


def test_ingest_is_idempotent(store: GraphStore, reference: Extraction) -> None:
    first = store.ingest(reference)
    assert first.status is IngestStatus.NEW and first.relations > 10
    before = store.counts()
    assert before.articles == 1 and before.actors > 10 and before.edges > 10
    second = store.ingest(reference)
    assert second.status is IngestStatus.UNCHANGED
    assert store.counts() == before


def test_reference_edges_with_evidence(store: GraphStore, reference: Extraction) -> None:
    text = REFERENCE_ARTICLE.read_text(encoding="utf-8")
    store.ingest(reference)
    edges = store.edges(EdgeQuery(actor="iran", types=SUPPORTS, direction=Direction.OUT))
    [to_syria] = [e for e in edges if e.target == "syria"]
    assert to_syria.mentions >= 2 and 0 < to_syria.confidence <= 1
    assert to_syria.articles == 1
    for item in to_syria.evidence:
        assert text[item.start : item.end] == item.sentence
        assert item.article_id == reference.article.id
    assert ("hayat-tahrir-al-sham", "controls", "aleppo") in pairs(store, actor="aleppo")
    # Historical control is kept and labelled, never confused with the current holder.
    [old] = [e for e in store.edges(EdgeQuery(source="syria", target="aleppo"))]
    assert Modality.HISTORICAL in old.modalities


def test_directions_and_types(store: GraphStore, reference: Extraction) -> None:
    store.ingest(reference)
    out = pairs(store, actor="syria", direction=Direction.OUT)
    into = pairs(store, actor="syria", direction=Direction.IN)
    both = pairs(store, actor="syria")
    assert out and into and both == out | into
    assert all(s == "syria" for s, _, _ in out) and all(t == "syria" for _, _, t in into)
    assert all(k == "supports" for _, k, _ in pairs(store, actor="syria", types=SUPPORTS))


def test_newer_extractor_version_replaces_the_statements(
    store: GraphStore, reference: Extraction
) -> None:
    store.ingest(reference)
    smaller = bumped(reference, "9.9.9", keep=3)
    result = store.ingest(smaller)
    assert result.status is IngestStatus.REPLACED
    counts = store.counts()
    assert counts.articles == 1 and counts.statements == 3
    assert store.get_article(reference.article.id).extractor_version == "9.9.9"


def test_retract_removes_only_what_the_article_supports(
    store: GraphStore, reference: Extraction, samples: list[Extraction]
) -> None:
    [yemen] = [s for s in samples if (s.article.path or "").endswith("yemen-red-sea.md")]
    store.ingest(reference)
    store.ingest(yemen)
    assert {"iran", "houthis", "syria"} <= {
        a.id for a in store.find_actors(None, None, 500, 0).items
    }
    assert store.retract(reference.article.id) is True
    assert store.retract(reference.article.id) is False
    counts = store.counts()
    assert counts.articles == 1
    remaining = {a.id for a in store.find_actors(None, None, 500, 0).items}
    assert "iran" in remaining and "houthis" in remaining  # the Yemen article still names them
    assert "hayat-tahrir-al-sham" not in remaining  # only the retracted article knew it
    assert pairs(store, actor="iran", types=SUPPORTS) == {("iran", "supports", "houthis")}
    with pytest.raises(NotFound):
        store.get_article(reference.article.id)


def test_merge_survives_reingest(store: GraphStore, reference: Extraction) -> None:
    store.ingest(reference)
    russia_backs_assad = ("russia", "supports", "bashar-al-assad") in pairs(store, actor="russia")
    actor = store.merge_actors("syria", "bashar-al-assad")
    assert actor.id == "syria" and "Bashar al-Assad" in actor.aliases
    assert store.get_actor("bashar-al-assad").actor.id == "syria"  # old id still resolves
    if russia_backs_assad:
        assert ("russia", "supports", "syria") in pairs(store, actor="russia")
    store.ingest(bumped(reference, "9.9.9"))
    ids = {a.id for a in store.find_actors(None, None, 500, 0).items}
    assert "bashar-al-assad" not in ids and "syria" in ids
    assert all("bashar-al-assad" not in (s, t) for s, _, t in pairs(store, actor="syria"))
    with pytest.raises(NotFound):
        store.merge_actors("syria", "no-such-actor")


def test_alias(store: GraphStore, reference: Extraction) -> None:
    store.ingest(reference)
    actor = store.add_alias("iran", "Persia")
    assert "Persia" in actor.aliases
    assert store.add_alias("iran", "Persia").aliases.count("Persia") == 1
    assert store.find_actors("persia", None, 10, 0).items[0].id == "iran"
    with pytest.raises(NotFound):
        store.add_alias("no-such-actor", "x")


def test_find_actors(store: GraphStore, reference: Extraction) -> None:
    store.ingest(reference)
    assert store.find_actors("assad", None, 5, 0).items[0].id == "bashar-al-assad"
    assert store.find_actors("HTS", None, 5, 0).items[0].id == "hayat-tahrir-al-sham"
    states = store.find_actors(None, ActorType.STATE, 100, 0)
    assert {"iran", "russia", "syria"} <= {a.id for a in states.items}
    assert all(a.type is ActorType.STATE for a in states.items)
    page = store.find_actors(None, None, 2, 1)
    assert len(page.items) == 2 and page.total > 3 and page.offset == 1


def test_get_actor(store: GraphStore, reference: Extraction) -> None:
    store.ingest(reference)
    detail = store.get_actor("iran")
    assert detail.actor.type is ActorType.STATE and detail.actor.wikidata_id == "Q794"
    assert detail.relation_counts[RelationType.SUPPORTS] >= 1 and detail.articles == 1
    with pytest.raises(NotFound):
        store.get_actor("atlantis")


def test_hypothetical_and_negated_make_no_edge(store: GraphStore, reference: Extraction) -> None:
    base = reference.relations[0]

    def relation(modality: Modality, start: int) -> Relation:
        return base.model_copy(
            update={
                "source": "iran",
                "target": "russia",
                "type": RelationType.OPPOSES,
                "modality": modality,
                "evidence": Evidence(start=start, end=start + 1, text="x"),
            }
        )

    only_maybe = reference.model_copy(
        update={"relations": [relation(Modality.HYPOTHETICAL, 0), relation(Modality.NEGATED, 2)]}
    )
    store.ingest(only_maybe)
    assert store.counts().statements == 2 and store.counts().edges == 0
    assert store.edges(EdgeQuery(source="iran", target="russia")) == []
    [maybe] = store.edges(EdgeQuery(source="iran", modality=Modality.HYPOTHETICAL))
    assert maybe.type is RelationType.OPPOSES and maybe.mentions == 1


def test_dates_confidence_and_articles(store: GraphStore, samples: list[Extraction]) -> None:
    for extraction in samples:
        store.ingest(extraction)
    dated = {e.source for e in store.edges(EdgeQuery(since=date(2026, 3, 1)))}
    assert "iran" in dated  # the Yemen sample is dated 2026-03-14
    assert "friedrich-merz" not in dated  # the Ukraine sample has no date
    assert not store.edges(EdgeQuery(until=date(2025, 1, 1)))
    assert all(e.confidence >= 0.8 for e in store.edges(EdgeQuery(min_confidence=0.8)))
    page = store.list_articles(10, 0)
    assert page.total == len(samples)
    assert page.items[0].article.published == date(2026, 3, 14)  # newest first
    detail = store.get_article(page.items[0].article.id)
    assert "houthis" in detail.actors and detail.statements > 0


def test_snapshot_is_the_aggregated_graph(store: GraphStore, reference: Extraction) -> None:
    store.ingest(reference)
    graph = store.snapshot()
    assert graph.nodes["iran"]["type"] == "state"
    assert graph.has_edge("iran", "syria", key="supports")
    assert graph.number_of_edges() == store.counts().edges


def test_snapshot_window_and_evidence_limit(store: GraphStore, samples: list[Extraction]) -> None:
    for extraction in samples:
        store.ingest(extraction)
    march = store.snapshot(since=date(2026, 3, 1))
    # Only the Red Sea article (14 March) is dated inside the window; undated articles never are.
    assert march.number_of_edges() > 0
    for *_, attrs in march.edges(data=True):
        assert attrs["first_seen"] >= "2026-03-01"
        assert all(e["published"] == "2026-03-14" for e in attrs["evidence"])
    assert store.snapshot(until=date(2026, 1, 1)).number_of_edges() == 0
    assert store.snapshot(since=date(2026, 2, 1), until=date(2026, 2, 28)).number_of_edges() > 0
    everything = store.snapshot()
    assert set(march.nodes) == set(everything.nodes)  # actors stay; only edges are windowed
    one = store.snapshot(evidence_limit=1)
    assert all(len(d["evidence"]) <= 1 for *_, d in one.edges(data=True))
    assert any(len(d["evidence"]) > 1 for *_, d in everything.edges(data=True))


def test_a_failed_article_leaves_nothing(
    store: GraphStore,
    reference: Extraction,
    samples: list[Extraction],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = reference.article.id

    backend = store.backend  # type: ignore[attr-defined]
    real = backend.write

    def failing(work: Any) -> Any:
        def then_fail(tx: Any) -> Any:
            result = work(tx)  # every write of the transaction has happened...
            if any(getattr(r, "article_id", None) == bad for r in result or ()):
                raise RuntimeError("disk full")  # ...and now the transaction fails
            return result

        return real(then_fail)

    monkeypatch.setattr(backend, "write", failing)

    outcomes = list(store.ingest_many([reference, *samples]))
    assert isinstance(outcomes[0], IngestFailure) and "disk full" in str(outcomes[0])
    assert all(not isinstance(o, IngestFailure) for o in outcomes[1:])
    counts = store.counts()
    assert counts.articles == len(samples)
    with pytest.raises(NotFound):
        store.get_article(bad)
    ids = {a.id for a in store.find_actors(None, None, 1000, 0).items}
    assert "hayat-tahrir-al-sham" not in ids and "aleppo" not in ids


def test_retract_leaves_what_ingesting_the_rest_gives(
    store: GraphStore, reference: Extraction, samples: list[Extraction]
) -> None:
    """Sums and top evidence after a retract are what ingesting the other articles gives."""
    for extraction in samples:
        store.ingest(extraction)
    expected = store.edges(EdgeQuery())
    store.wipe()
    store.ingest(reference)
    for extraction in samples:
        store.ingest(extraction)
    store.retract(reference.article.id)
    assert store.edges(EdgeQuery()) == expected


def test_the_data_version_changes_with_every_write(
    store: GraphStore, samples: list[Extraction]
) -> None:
    seen = [store.data_version()]
    store.ingest(samples[0])
    seen.append(store.data_version())
    store.ingest(samples[0])  # unchanged: nothing written
    assert store.data_version() == seen[-1]
    actor = store.find_actors(None, None, 1, 0).items[0].id
    store.add_alias(actor, "Another Name")
    seen.append(store.data_version())
    store.retract(samples[0].article.id)
    seen.append(store.data_version())
    assert len(set(seen)) == len(seen)
    # Snapshots are cached per version: the same graph until the next write.
    assert store.snapshot() is store.snapshot()
    before = store.snapshot()
    store.ingest(samples[1])
    assert store.snapshot() is not before


def test_snapshot_of_some_modalities(store: GraphStore, samples: list[Extraction]) -> None:
    for extraction in samples:
        store.ingest(extraction)
    asserted = frozenset({Modality.ASSERTED})
    only = store.snapshot(window=Window(modalities=asserted))
    everything = store.snapshot()
    assert 0 < only.number_of_edges() <= everything.number_of_edges()
    for u, v, key, attrs in only.edges(keys=True, data=True):
        assert attrs["modalities"] == ["asserted"]
        assert attrs["mentions"] <= everything.edges[u, v, key]["mentions"]
        assert all(e["modality"] == "asserted" for e in attrs["evidence"])
    # Hypothetical statements count only when asked for.
    maybe = store.snapshot(window=Window(modalities=frozenset({Modality.HYPOTHETICAL})))
    for *_, attrs in maybe.edges(data=True):
        assert attrs["modalities"] == ["hypothetical"]


def test_a_file_whose_name_is_not_utf8_is_stored_under_its_escaped_name(
    store: GraphStore, extractor: Extractor, tmp_path: Path
) -> None:
    """Any byte name the filesystem allows is read and stored; the store, the API and the CLI
    all show it with \\xNN escapes (it used to fail at the write: 'surrogates not allowed')."""
    folder = tmp_path / "news"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"r\xe9sum\xe9-\xff.txt")
    with open(name, "wb") as handle:
        handle.write((ROOT / "samples" / "ukraine-talks.txt").read_bytes())
    summary = ingest(extractions(extract_paths([str(folder)], Settings(), extractor)), store)
    assert summary.failed == [] and summary.new == 1
    [article] = store.list_articles(10, 0).items
    assert article.article.path == f"{folder}/r\\xe9sum\\xe9-\\xff.txt"

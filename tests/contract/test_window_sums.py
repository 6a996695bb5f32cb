"""The windowed aggregation each backend does in its own language (SQL in sqlite.py,
window_sums.cypher on Neo4j) equals ``graph.store.aggregate.sum_statements`` over the same
statements: the one rule, whoever computes it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from datetime import date
from typing import Any

import pytest

from graph.model import (
    ActorType,
    Article,
    Evidence,
    ExtractedActor,
    Extraction,
    Modality,
    Relation,
    RelationType,
    article_id,
)
from graph.store import GraphStore
from graph.store.aggregate import EVIDENCE_KEPT, Key, Sums, sum_statements
from graph.store.engine import Engine, rows_for
from graph.store.query import Window

ACTORS = ["ruritania", "borduria", "syldavia", "strelsau"]
MODALITIES = list(Modality)
DAYS = [date(2026, 1, 5), date(2026, 2, 10), date(2026, 3, 15), None]


def articles() -> list[Extraction]:
    """Eight articles (one undated, two on one day) of statements of every modality, with
    weights and confidences that differ, and one edge with more statements than an edge keeps
    as evidence. Articles 5 to 7 copy the story of articles 1 to 3 (published the same day:
    the lesser article id counts) and the outlets repeat: a story counts once, each outlet
    once."""
    out: list[Extraction] = []
    for n in range(8):
        text = f"Article {n}: the states did many things to one another."
        article = Article(
            id=article_id(text),
            title=f"Article {n}",
            published=DAYS[n % len(DAYS)],
            url=f"https://o{n % 3}.example/{n}",
            story=out[n - 4].article.id if n > 4 else None,
        )
        relations = []
        for i in range(12 if n else 30):
            source = ACTORS[i % 3] if n else "ruritania"
            target = ACTORS[(i + 1 + n) % 4] if n else "borduria"
            if source == target:
                continue
            relations.append(
                Relation(
                    source=source,
                    target=target,
                    type=[RelationType.SUPPORTS, RelationType.OPPOSES, RelationType.CALLS][
                        (i + n) % 3
                    ]
                    if n
                    else RelationType.SUPPORTS,
                    confidence=round(0.31 + 0.067 * ((i * 7 + n) % 10), 3),
                    modality=MODALITIES[(i + n) % len(MODALITIES)],
                    weight=round(-3.0 + 0.77 * ((i * 5 + n) % 9), 2),
                    evidence=Evidence(start=i * 3, end=i * 3 + 2, text="ab"),
                    trigger=f"t{i}",
                    article_id=article.id,
                    extractor_version="test",
                )
            )
        actors = [ExtractedActor(id=a, name=a.title(), type=ActorType.STATE) for a in ACTORS]
        out.append(Extraction(article=article, actors=actors, relations=relations))
    return out


def in_window(row: dict[str, Any], window: Window) -> bool:
    published = row["published"]
    if Modality(row["modality"]) not in window.modalities:
        return False
    if window.since is not None and (published is None or published < window.since.isoformat()):
        return False
    return window.until is None or (
        published is not None and published[:10] <= window.until.isoformat()
    )


WINDOWS = [
    Window(),
    Window(since=date(2026, 2, 1)),
    Window(until=date(2026, 2, 10)),
    Window(since=date(2026, 2, 10), until=date(2026, 2, 10)),
    Window(modalities=frozenset({Modality.ASSERTED, Modality.CLAIMED})),
    Window(since=date(2026, 1, 1), modalities=frozenset({Modality.HYPOTHETICAL})),
    Window(modalities=frozenset(Modality)),
]


def comparable(sums: Sums) -> dict[str, Any]:
    fields = asdict(sums)
    # Floating-point sums and products in another order may differ in the last bits only.
    fields["weight_sum"] = pytest.approx(sums.weight_sum, rel=1e-12, abs=1e-12)
    fields["doubt"] = pytest.approx(sums.doubt, rel=1e-12, abs=1e-12)
    return fields


@pytest.mark.parametrize("window", WINDOWS, ids=[f"window{n}" for n in range(len(WINDOWS))])
def test_window_sums_equal_sum_statements(store: GraphStore, window: Window) -> None:
    assert isinstance(store, Engine)
    extractions = articles()
    list(store.ingest_many(extractions))
    groups: dict[Key, list[dict[str, Any]]] = defaultdict(list)
    for extraction in extractions:
        for row in rows_for(extraction, {}, "2026-01-01T00:00:00+00:00").statements:
            if in_window(row, window):
                groups[Key.of(row)].append(row)
    expected = {key: sum_statements(rows, keep=EVIDENCE_KEPT) for key, rows in groups.items()}
    got = dict(store.backend.window_sums(window))
    assert got, "the window holds statements"
    assert set(got) == set(expected)
    for key, sums in got.items():
        wanted = expected[key]
        assert wanted is not None
        assert asdict(sums) == comparable(wanted), key
    if window.modalities == frozenset(Modality):  # every statement of article 0 counts
        crowded = got[Key("ruritania", RelationType.SUPPORTS, "borduria")]
        assert crowded.mentions > EVIDENCE_KEPT and len(crowded.top) == EVIDENCE_KEPT

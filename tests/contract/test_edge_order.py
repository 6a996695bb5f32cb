"""One edge order (``graph.results.EDGE_ORDER``) on every path that lists edges, on both
backends: the stored edges (SQL, the four stored_edges_*.cypher), the edges aggregated from
statements in Python (a date window), their pages, and the API's allies and adversaries."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient

from api.app import create_app
from graph.model import (
    ActorType,
    Article,
    Evidence,
    ExtractedActor,
    Extraction,
    Relation,
    RelationType,
)
from graph.results import Edge
from graph.settings import Settings
from graph.store import GraphStore
from graph.store.query import Direction, EdgeQuery

SUP, OPP, CALL = RelationType.SUPPORTS, RelationType.OPPOSES, RelationType.CALLS
# (source, type, target, weights of its statements): ties on strength, then on mentions, then
# on each part of the key, and a negative weight that counts by its size.
STATEMENTS = [
    ("beta", SUP, "gamma", [0.5, 1.5]),  # strength 2, 2 mentions
    ("alpha", SUP, "beta", [1.0, 1.0]),  # strength 2, 2 mentions: alpha before beta
    ("alpha", SUP, "gamma", [2.0]),  # strength 2, 1 mention
    ("alpha", OPP, "gamma", [-2.0]),  # strength 2, 1 mention: opposes before supports
    ("gamma", CALL, "alpha", [0.0]),  # strength 0
    ("alpha", CALL, "gamma", [0.0]),  # strength 0: alpha before gamma
    ("alpha", SUP, "delta", [3.0]),  # strength 3: first
]
EXPECTED = [
    ("alpha", "supports", "delta"),
    ("alpha", "supports", "beta"),
    ("beta", "supports", "gamma"),
    ("alpha", "opposes", "gamma"),
    ("alpha", "supports", "gamma"),
    ("alpha", "calls", "gamma"),
    ("gamma", "calls", "alpha"),
]
ARTICLE = Article(id="b" * 64, title="Ties", published=date(2026, 2, 1))


def ties() -> Extraction:
    relations: list[Relation] = []
    for source, kind, target, weights in STATEMENTS:
        for weight in weights:
            start = len(relations) * 10
            relations.append(
                Relation(
                    source=source,
                    target=target,
                    type=kind,
                    confidence=0.5,
                    weight=weight,
                    evidence=Evidence(start=start, end=start + 9, text="A sentence"),
                    trigger="t",
                    article_id=ARTICLE.id,
                    extractor_version="test",
                )
            )
    names = sorted({s for s, *_ in STATEMENTS} | {t for _, _, t, _ in STATEMENTS})
    actors = [ExtractedActor(id=n, name=n.title(), type=ActorType.STATE) for n in names]
    return Extraction(article=ARTICLE, actors=actors, relations=relations)


def keys(edges: list[Edge]) -> list[tuple[str, str, str]]:
    return [(e.source, e.type.value, e.target) for e in edges]


def test_every_path_lists_edges_in_the_one_order(store: GraphStore) -> None:
    store.ingest(ties())
    stored = store.edges(EdgeQuery())
    assert keys(stored) == EXPECTED
    assert keys(sorted(stored, key=Edge.order)) == EXPECTED  # the Python key says the same
    windowed = store.edges(EdgeQuery(since=date(2026, 1, 1)))
    assert keys(windowed) == EXPECTED
    for query in (
        EdgeQuery(actor="alpha"),
        EdgeQuery(actor="gamma", direction=Direction.IN),
        EdgeQuery(source="alpha"),
        EdgeQuery(target="gamma"),
        EdgeQuery(actor="alpha", since=date(2026, 1, 1)),
    ):
        wanted = [k for k in EXPECTED if query.actor in (k[0], k[2])]
        if query.direction is Direction.IN:
            wanted = [k for k in EXPECTED if k[2] == query.actor]
        if query.source or query.target:
            wanted = [k for k in EXPECTED if query.source in (None, k[0])]
            wanted = [k for k in wanted if query.target in (None, k[2])]
        assert keys(store.edges(query)) == wanted, query
        page = store.edges_page(query, 2, 1)
        assert keys(page.items) == wanted[1:3] and page.total == len(wanted), query


def test_allies_and_adversaries_in_the_one_order(store: GraphStore) -> None:
    store.ingest(ties())
    with TestClient(create_app(Settings(), store)) as client:
        allies = client.get("/actors/gamma/allies", params={"limit": 1}).json()
        adversaries = client.get("/actors/gamma/adversaries").json()
    supports = [k for k in EXPECTED if k[1] == "supports" and "gamma" in (k[0], k[2])]
    assert allies["total"] == len(supports) == 2 and allies["limit"] == 1
    assert [(e["source"], e["type"], e["target"]) for e in allies["items"]] == supports[:1]
    assert [(e["source"], e["type"], e["target"]) for e in adversaries["items"]] == [
        ("alpha", "opposes", "gamma")
    ]

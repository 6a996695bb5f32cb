"""One story counted once, on both stores: copies of a story (articles sharing its ``story``
id) count as one article on an edge and as each of their outlets; the edge's confidence is
that of its earliest copy, whatever order the copies arrive in; retract, replace and merge
keep it so; the running sums equal a rebuild from the statements."""

from __future__ import annotations

import itertools
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
from graph.store import EdgeQuery, GraphStore, Window
from graph.store.aggregate import Key, Sums, sum_statements
from graph.store.engine import Engine, rows_for

ACTORS = ("ruritania", "borduria", "syldavia")
SUPPORTS = Key("ruritania", RelationType.SUPPORTS, "borduria")


def article(
    text: str,
    published: date | None,
    outlet: str | None,
    story: str | None = None,
    relations: list[tuple[str, RelationType, str, float]] | None = None,
    version: str = "test",
    modality: Modality = Modality.ASSERTED,
) -> Extraction:
    """An article of ``outlet`` (its host, https://<outlet>/...), stating ``relations``."""
    ident = article_id(text)
    url = f"https://www.{outlet}/news/{ident[:8]}?utm_source=feed" if outlet else None
    meta = Article(
        id=ident,
        title=text[:20],
        source=outlet.split(".")[0].title() if outlet else None,
        url=url,
        canonical_url=f"https://{outlet}/news/{ident[:8]}" if outlet else None,
        published=published,
        story=story,
    )
    rels = [
        Relation(
            source=s,
            target=t,
            type=kind,
            confidence=c,
            modality=modality,
            weight=1.5 if kind is RelationType.SUPPORTS else -2.0,
            evidence=Evidence(start=n * 10, end=n * 10 + 5, text=f"s{n}"),
            trigger="backs",
            article_id=ident,
            extractor_version=version,
        )
        for n, (s, kind, t, c) in enumerate(
            relations or [("ruritania", RelationType.SUPPORTS, "borduria", 0.6)]
        )
    ]
    actors = [ExtractedActor(id=a, name=a.title(), type=ActorType.STATE) for a in ACTORS]
    return Extraction(article=meta, actors=actors, relations=rels)


def wire_story() -> tuple[Extraction, Extraction, Extraction]:
    """One story carried by three outlets: the wire's original and two later copies, whose
    edits changed how sure the extractor was."""
    original = article("Wire: Ruritania backs Borduria.", date(2026, 3, 1), "wire.example")
    story = original.article.id
    copy_b = article(
        "Copy B: Ruritania backs Borduria.",
        date(2026, 3, 2),
        "harbour.example",
        story,
        [("ruritania", RelationType.SUPPORTS, "borduria", 0.9)],
    )
    copy_c = article(
        "Copy C: Ruritania backs Borduria.",
        date(2026, 3, 2),
        "tarsin.example",
        story,
        [
            ("ruritania", RelationType.SUPPORTS, "borduria", 0.8),
            ("ruritania", RelationType.OPPOSES, "syldavia", 0.7),
        ],
    )
    return original, copy_b, copy_c


def the_edge(store: GraphStore, key: Key = SUPPORTS) -> Any:
    [edge] = store.edges(
        EdgeQuery(source=key.source, target=key.target, types=frozenset({key.type}))
    )
    return edge


def test_one_story_in_three_outlets_counts_once(store: GraphStore) -> None:
    original, copy_b, copy_c = wire_story()
    store.ingest(original)
    alone = the_edge(store)
    list(store.ingest_many([copy_b, copy_c]))
    edge = the_edge(store)
    assert (edge.articles, edge.sources, edge.mentions) == (1, 3, 1)
    # The confidence of one copy (the earliest), not of three reports.
    assert edge.confidence == alone.confidence == 0.6
    [item] = edge.evidence
    assert item.article_id == original.article.id and item.also_in == 2
    # An edge only a later copy states counts that copy: its story has no earlier one there.
    opposes = the_edge(store, Key("ruritania", RelationType.OPPOSES, "syldavia"))
    assert (opposes.articles, opposes.sources, opposes.confidence) == (1, 1, 0.7)
    assert opposes.evidence[0].also_in == 0
    # Every copy is stored, with its story.
    assert store.counts().articles == 3 and store.counts().statements == 4
    detail = store.get_article(copy_c.article.id)
    assert detail.article.story == original.article.id
    assert detail.source is not None and detail.source.id == "tarsin.example"
    assert detail.source.name == "Tarsin" and detail.source.host == "tarsin.example"


def test_the_order_copies_arrive_in_changes_nothing(store: GraphStore) -> None:
    assert isinstance(store, Engine)
    first: dict[Key, Sums] | None = None
    for n, order in enumerate(itertools.permutations(wire_story())):
        store.wipe()
        if n % 2:
            list(store.ingest_many(order))  # one transaction
        else:
            for extraction in order:  # one by one: earlier copies arrive after later ones
                store.ingest(extraction)
        sums = stored_sums(store)
        assert sums[SUPPORTS].articles == 1 and sums[SUPPORTS].sources == 3
        if first is None:
            first = sums
        assert comparable(sums) == comparable(first), order
        assert_equal_to_a_rebuild(store)


def test_retracting_the_counted_copy_promotes_the_next(store: GraphStore) -> None:
    original, copy_b, copy_c = wire_story()
    list(store.ingest_many([copy_c, original, copy_b]))
    assert store.retract(original.article.id)
    edge = the_edge(store)
    # B and C were published the same day: the lesser article id counts.
    counted = min((copy_b, copy_c), key=lambda e: e.article.id)
    assert (edge.articles, edge.sources) == (1, 2)
    assert edge.confidence == counted.relations[0].confidence
    assert [e.article_id for e in edge.evidence] == [counted.article.id]
    assert edge.evidence[0].also_in == 1
    assert {s.id for s in store.sources(50, 0).items} == {"harbour.example", "tarsin.example"}
    assert_equal_to_a_rebuild(store)
    store.retract(copy_b.article.id)
    store.retract(copy_c.article.id)
    assert store.edges(EdgeQuery()) == [] and store.sources(50, 0).total == 0


def test_replace_and_merge_keep_stories_counted_once(store: GraphStore) -> None:
    original, copy_b, copy_c = wire_story()
    other = article(
        "Another reporter: Syldavia backs Borduria.",
        date(2026, 3, 3),
        "harbour.example",
        relations=[("syldavia", RelationType.SUPPORTS, "borduria", 0.5)],
    )
    list(store.ingest_many([original, copy_b, copy_c, other]))
    # A newer extractor re-reads a copy: its statements are replaced, the story still counts once.
    newer = copy_b.model_copy(
        update={
            "relations": [
                r.model_copy(update={"extractor_version": "9", "confidence": 0.95})
                for r in copy_b.relations
            ]
        }
    )
    store.ingest(newer)
    assert (the_edge(store).articles, the_edge(store).confidence) == (1, 0.6)
    assert_equal_to_a_rebuild(store)
    # Syldavia folded into Ruritania: two stories now back Borduria, from three outlets.
    store.merge_actors("ruritania", "syldavia")
    edge = the_edge(store)
    assert (edge.articles, edge.sources) == (2, 3)
    assert edge.confidence == round(1 - (1 - 0.6) * (1 - 0.5), 4)
    assert_equal_to_a_rebuild(store)


def test_window_and_statement_answers_count_stories(store: GraphStore) -> None:
    original, copy_b, copy_c = wire_story()
    list(store.ingest_many([copy_b, copy_c, original]))
    # From March 2 on the original is outside the window: one of the copies counts.
    [edge] = store.edges(EdgeQuery(source="ruritania", target="borduria", since=date(2026, 3, 2)))
    counted = min((copy_b, copy_c), key=lambda e: e.article.id)
    assert (edge.articles, edge.sources) == (1, 2)
    assert edge.confidence == counted.relations[0].confidence
    graph = store.snapshot(window=Window(since=date(2026, 3, 2)))
    data = graph.get_edge_data("ruritania", "borduria")["supports"]
    assert (data["articles"], data["sources"]) == (1, 2)
    # One article's own edges: its statements alone.
    [own] = store.edges(
        EdgeQuery(article=copy_c.article.id, types=frozenset({RelationType.SUPPORTS}))
    )
    assert (own.articles, own.sources, own.confidence) == (1, 1, 0.8)


def test_articles_from_files_keep_working(store: GraphStore) -> None:
    named = article("A file with a source name.", date(2026, 1, 1), None)
    named = named.model_copy(
        update={"article": named.article.model_copy(update={"source": "Gazette"})}
    )
    bare = article("A file with neither name nor URL.", None, None)
    hosted = article("A file with a URL.", None, "old.example")
    list(store.ingest_many([named, bare, hosted]))
    assert store.get_article(named.article.id).source.model_dump() == {  # type: ignore[union-attr]
        "id": "gazette",
        "name": "Gazette",
        "host": None,
    }
    assert store.get_article(bare.article.id).source is None
    assert store.get_article(bare.article.id).article.story == bare.article.id
    assert the_edge(store).articles == 3 and the_edge(store).sources == 2
    page = store.sources(1, 1)
    assert (page.total, [s.id for s in page.items]) == (2, ["old.example"])
    assert page.items[0].articles == 1 and page.items[0].name == "Old"


def test_known_urls(store: GraphStore) -> None:
    original, copy_b, _ = wire_story()
    list(store.ingest_many([original, copy_b]))
    urls = [original.article.canonical_url, copy_b.article.canonical_url, "https://x.example/a"]
    assert store.known_urls([u for u in urls if u]) == set(urls[:2])
    assert store.known_urls([]) == set()


# -- the running sums against a rebuild ---------------------------------------------------------


def stored_sums(store: GraphStore) -> dict[Key, Sums]:
    assert isinstance(store, Engine)
    stored, _ = store.backend.stored_edges(None, True, True, [], None, None, 0.0)
    return dict(stored)


def comparable(sums: dict[Key, Sums]) -> dict[Key, dict[str, Any]]:
    out = {}
    for key, value in sums.items():
        fields = asdict(value)
        fields["weight_sum"] = pytest.approx(value.weight_sum, rel=1e-12, abs=1e-12)
        fields["doubt"] = pytest.approx(value.doubt, rel=1e-12, abs=1e-12)
        out[key] = fields
    return out


def assert_equal_to_a_rebuild(store: GraphStore) -> None:
    """The stored edges equal the edges summed from every factual statement, by the Python
    rule and by the database's (window_sums over everything)."""
    assert isinstance(store, Engine)
    groups: dict[Key, list[dict[str, Any]]] = defaultdict(list)
    for row in store.backend.statements(EdgeQuery(evidence_limit=0)):
        groups[Key.of(row)].append(row)
    rebuilt = {key: sum_statements(rows) for key, rows in groups.items()}
    stored = stored_sums(store)
    assert comparable(stored) == comparable({k: v for k, v in rebuilt.items() if v is not None})
    assert comparable(dict(store.backend.window_sums(Window()))) == comparable(stored)


def test_running_sums_equal_a_rebuild_whatever_the_order(store: GraphStore) -> None:
    """Three stories of several copies each, some undated, on shared edges, arriving in an
    order where earlier copies often come after later ones, in batches and one by one."""
    stories = []
    for n in range(3):
        copies = []
        for k in range(4):
            day = None if (n + k) % 5 == 4 else date(2026, 4, 1 + (k * 3 + n) % 7)
            copies.append(
                article(
                    f"Story {n} copy {k}: the states acted.",
                    day,
                    ["wire.example", "a.example", "b.example", "c.example"][(n + k) % 4],
                    None,
                    [
                        ("ruritania", RelationType.SUPPORTS, "borduria", 0.3 + 0.1 * k),
                        ("borduria", RelationType.OPPOSES, "syldavia", 0.5 + 0.05 * n),
                    ][: 1 + (k + n) % 2],
                )
            )
        story = copies[0].article.id
        stories.append([copies[0]] + [with_story(c, story) for c in copies[1:]])
    mixed = [c for k in (3, 1, 0, 2) for copies in stories for c in copies[k : k + 1]]
    for extraction in mixed[:5]:
        store.ingest(extraction)
    list(store.ingest_many(mixed[5:9]))
    for extraction in mixed[9:]:
        store.ingest(extraction)
    sums = stored_sums(store)
    assert sums[SUPPORTS].articles == 3 and sums[SUPPORTS].sources == 4
    assert_equal_to_a_rebuild(store)


def with_story(extraction: Extraction, story: str) -> Extraction:
    return extraction.model_copy(
        update={"article": extraction.article.model_copy(update={"story": story})}
    )


def test_rows_carry_story_and_outlet() -> None:
    original, copy_b, _ = wire_story()
    rows = rows_for(copy_b, {}, "2026-01-01T00:00:00+00:00")
    assert rows.article["story"] == original.article.id
    assert rows.article["outlet"] == "harbour.example"
    assert {s["story"] for s in rows.statements} == {original.article.id}
    assert rows.source == {"id": "harbour.example", "name": "Harbour", "host": "harbour.example"}

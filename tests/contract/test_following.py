"""Feeds, their states and copy-detection signatures, kept alike by both stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from benchmarks.copies_data import load
from graph.errors import BadParameter
from graph.settings import Settings
from graph.store import GraphStore
from loaders.feeds.copies import CopyDetector, CopyParams
from loaders.feeds.poll import FeedState
from tests.contract.test_stories import wire_story

WIRE = "https://wire.example/rss.xml"
HARBOUR = "https://harbour.example/atom.xml"


def test_feeds_are_added_listed_changed_and_removed(store: GraphStore) -> None:
    assert store.feeds() == []
    version = store.data_version()
    assert store.add_feed(WIRE, "Meridian Wire", 900.0) is True
    assert store.add_feed(f"  {HARBOUR} ", None, None) is True
    assert store.data_version() != version
    feeds = store.feeds()
    assert [f.url for f in feeds] == [WIRE, HARBOUR]  # the order they were added in
    wire = feeds[0]
    assert (wire.name, wire.every, wire.errors, wire.seen_ids) == ("Meridian Wire", 900.0, 0, [])
    assert datetime.fromisoformat(wire.added) <= datetime.now(UTC)
    # Adding again changes the name and interval only.
    assert store.add_feed(WIRE, "Wire", 60.0) is False
    assert next((f.url, f.name, f.every, f.added) for f in store.feeds()) == (
        WIRE,
        "Wire",
        60.0,
        wire.added,
    )
    assert store.remove_feed(WIRE) is True and store.remove_feed(WIRE) is False
    assert [f.url for f in store.feeds()] == [HARBOUR]
    with pytest.raises(BadParameter, match="must start with http"):
        store.add_feed("ftp://wire.example/rss.xml", None, None)


def test_a_feed_state_round_trips(store: GraphStore) -> None:
    store.add_feed(WIRE, None, None)
    store.add_feed(HARBOUR, None, None)
    now = datetime(2026, 5, 5, 12, 0, tzinfo=UTC)
    state = FeedState(
        url=WIRE,
        etag='"abc"',
        last_modified="Mon, 04 May 2026 08:00:00 GMT",
        last_poll=now,
        last_success=now - timedelta(hours=1),
        next_due=now + timedelta(minutes=15),
        errors=2,
        last_error="HTTP 500 Internal Server Error",
        seen_ids=[f"id-{n}" for n in range(300)],
        seen_urls=[f"https://wire.example/{n}" for n in range(300)],
    )
    gone = FeedState(url="https://gone.example/rss.xml", errors=1)
    store.save_feed_states([state.to_dict(), gone.to_dict()])
    saved = {f.url: f for f in store.feeds()}
    assert set(saved) == {WIRE, HARBOUR}  # a feed removed meanwhile is not re-created
    back = FeedState.from_dict(saved[WIRE].model_dump())
    assert back == state
    assert saved[HARBOUR].last_poll is None and saved[HARBOUR].seen_urls == []
    # A later state replaces the earlier one, its cleared validators too.
    store.save_feed_states([FeedState(url=WIRE, errors=0).to_dict()])
    again = store.feeds()[0]
    assert (again.etag, again.errors, again.seen_ids) == (None, 0, [])


def test_signatures_are_read_after_a_cursor(store: GraphStore) -> None:
    scheme, other = "minhash-test-k4", "minhash-test-k5"
    rows = [{"article_id": f"a{n}", "story": "a0", "minhash": bytes([n]) * 512} for n in range(3)]
    store.save_signatures(scheme, rows[:2])
    store.save_signatures(other, rows[2:])
    first = store.signatures(scheme)
    assert [(r["article_id"], r["story"], r["minhash"]) for r in first] == [
        (r["article_id"], r["story"], r["minhash"]) for r in rows[:2]
    ]
    cursor = first[-1]["seq"]
    assert store.signatures(scheme, cursor) == []
    # Saved again (replaced): it comes after the cursor, once.
    store.save_signatures(scheme, [{**rows[0], "story": "a9"}, rows[2]])
    later = store.signatures(scheme, cursor)
    assert [(r["article_id"], r["story"]) for r in later] == [("a0", "a9"), ("a2", "a0")]
    assert [r["article_id"] for r in store.signatures(scheme)] == ["a1", "a0", "a2"]
    assert [r["article_id"] for r in store.signatures(other)] == ["a2"]


def test_retract_takes_the_signature_and_wipe_takes_everything(store: GraphStore) -> None:
    original, copy_b, _ = wire_story()
    list(store.ingest_many([original, copy_b]))
    scheme = "minhash-test"
    store.save_signatures(
        scheme,
        [
            {"article_id": e.article.id, "story": original.article.id, "minhash": b"\x01" * 64}
            for e in (original, copy_b)
        ],
    )
    store.retract(copy_b.article.id)
    assert [r["article_id"] for r in store.signatures(scheme)] == [original.article.id]
    store.add_feed(WIRE, None, None)
    store.wipe()
    assert store.feeds() == [] and store.signatures(scheme) == []
    assert store.sources(10, 0).total == 0 and store.known_urls([WIRE]) == set()


def test_a_copy_detector_keeps_its_signatures_in_the_store(store: GraphStore) -> None:
    texts = {t.id: t.text for t in load()}
    params = CopyParams.from_settings(Settings())
    first = CopyDetector(params, store)
    first.add("s01", texts["s01"], "s01")
    first.add("s02", texts["s02"], "s02")
    later = CopyDetector(params, store)  # another run, or another process
    assert len(later) == 2
    assert later.find(texts["s01-c1"]).story_id == "s01"
    first.add("s03", texts["s03"], "s03")
    assert later.refresh() == 1
    assert later.find(texts["s03-c2"]).story_id == "s03"
    assert later.find(texts["s03-i1"]).story_id is None  # another reporter's article

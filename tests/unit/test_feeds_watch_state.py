"""The watcher's view of a feed's state: a shorter interval set since the last poll counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cli.watch.watcher import state_of
from graph.results import FeedRecord

POLLED = datetime(2026, 5, 5, 12, 0, tzinfo=UTC)


def record(every: float | None, errors: int = 0) -> FeedRecord:
    return FeedRecord(
        url="https://wire.example/rss.xml",
        every=every,
        added=POLLED.isoformat(),
        last_poll=POLLED.isoformat(),
        next_due=(POLLED + timedelta(minutes=15)).isoformat(),
        errors=errors,
    )


def test_a_shorter_interval_brings_the_next_poll_forward() -> None:
    assert state_of(record(60.0)).next_due == POLLED + timedelta(minutes=1)


def test_a_longer_or_default_interval_keeps_the_saved_due_time() -> None:
    assert state_of(record(3600.0)).next_due == POLLED + timedelta(minutes=15)
    assert state_of(record(None)).next_due == POLLED + timedelta(minutes=15)


def test_a_failing_feed_waits_out_its_backoff() -> None:
    assert state_of(record(60.0, errors=2)).next_due == POLLED + timedelta(minutes=15)


def test_a_feed_never_polled_is_due_now() -> None:
    fresh = FeedRecord(url="https://wire.example/rss.xml", every=60.0, added=POLLED.isoformat())
    assert state_of(fresh).next_due is None

"""What the engine does for following feeds (``graph.store.protocol.Following``): feeds and
their states, outlets, canonical URLs already stored, copy-detection signatures. The feed
watcher (``cli/watch/``) drives them; the API reads feeds and outlets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from graph.errors import BadParameter
from graph.results import FeedRecord, Page, SourceSummary
from graph.store.protocol import Backend, Row, WriteTx


class FollowingEngine:
    backend: Backend  # the engine's

    def add_feed(self, url: str, name: str | None, every: float | None) -> bool:
        url = url.strip()
        if not url.lower().startswith(("http://", "https://")):
            raise BadParameter("feed URL", f"{url!r} must start with http:// or https://")
        row = {
            "url": url,
            "name": (name or "").strip() or None,
            "every": every,
            "added": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        created: bool = self.backend.write(lambda tx: _bumped(tx, tx.add_feed(row)))
        return created

    def remove_feed(self, url: str) -> bool:
        removed: bool = self.backend.write(lambda tx: _bumped(tx, tx.remove_feed(url.strip())))
        return removed

    def feeds(self) -> list[FeedRecord]:
        return [FeedRecord.model_validate(_feed_fields(r)) for r in self.backend.feeds()]

    def save_feed_states(self, states: Sequence[Mapping[str, Any]]) -> None:
        rows = [dict(s) for s in states]
        if rows:
            self.backend.write(lambda tx: tx.save_feed_states(rows))

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        return self.backend.known_urls(list(urls)) if urls else set()

    def sources(self, limit: int, offset: int) -> Page[SourceSummary]:
        rows, total = self.backend.sources_page(limit, offset)
        return Page[SourceSummary](
            items=[SourceSummary.model_validate(r) for r in rows],
            total=total,
            limit=limit,
            offset=offset,
        )

    def save_signatures(self, scheme: str, rows: Sequence[Mapping[str, Any]]) -> None:
        plain = [dict(r) for r in rows]
        if plain:
            self.backend.write(lambda tx: tx.save_signatures(scheme, plain))

    def signatures(self, scheme: str, after: int = 0) -> list[Row]:
        return self.backend.signatures(scheme, after)


def _bumped(tx: WriteTx, changed: bool) -> bool:
    # The feeds are part of what the API answers: a change is a new data version.
    if changed:
        tx.bump_version()
    return changed


def _feed_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """A backend's feed row as the fields of a ``FeedRecord`` (times as ISO text)."""
    out = dict(row)
    for field in ("added", "last_poll", "last_success", "next_due"):
        value = out.get(field)
        if value is not None and not isinstance(value, str):
            out[field] = value.isoformat()
    out["every"] = float(out["every"]) if out.get("every") is not None else None
    out["errors"] = int(out.get("errors") or 0)
    out["seen_ids"] = list(out.get("seen_ids") or [])
    out["seen_urls"] = list(out.get("seen_urls") or [])
    return out

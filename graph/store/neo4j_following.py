"""The Neo4j store's feeds, outlets, copy signatures and the story lookups of the write path
(``graph.store.protocol``: ``Backend`` reads, ``WriteTx`` writes), as mixins of
``Neo4jBackend`` and its transaction: every statement is a file of ``cypher/``.

Signatures are nodes of their own, ``(:CopySignature {scheme, article_id, story, minhash,
seq})``, not properties of the article: the watcher saves an article's signature before the
article (so that a watch killed in between finds the same story again when it re-reads the
item), when the article node does not exist yet; and the 512-byte values stay out of every
read of articles. ``seq`` comes from a counter that only grows, so a detector in another
process reads what was added since its last read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from graph.store.aggregate import UNDATED, Key
from graph.store.protocol import Row

FEEDS_COUNTER = "feeds"  # Meta keys of the counters (beside the data version's)
SIGNATURES_COUNTER = "signatures"


class FollowingReads:
    """Reads, routed as reads (``_read``)."""

    def _read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    def feeds(self) -> list[Row]:
        rows = [dict(r["feed"]) for r in self._read("feeds")]
        for row in rows:
            row.pop("seq", None)
        return rows

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        return {r["url"] for r in self._read("known_urls", urls=list(dict.fromkeys(urls)))}

    def sources_page(self, limit: int, offset: int) -> tuple[list[Row], int]:
        rows = self._read("sources_page", limit=limit, offset=offset)
        total = self._read("count_sources")[0]["total"]
        return [dict(r) for r in rows], int(total)

    def sources_by_id(self, ids: Sequence[str]) -> dict[str, Row]:
        rows = self._read("sources_by_id", ids=list(dict.fromkeys(ids)))
        return {r["id"]: dict(r) for r in rows}

    def signatures(self, scheme: str, after: int) -> list[Row]:
        rows = self._read("signatures", scheme=scheme, after=after)
        return [{**r, "minhash": bytes(r["minhash"])} for r in rows]


class FollowingWrites:
    """Writes and the write path's lookups, in the transaction (``_run``, ``_do``)."""

    def _run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _do(self, name: str, **params: Any) -> None:
        raise NotImplementedError

    def story_heads(self, pairs: Sequence[tuple[Key, str]]) -> dict[tuple[Key, str], str]:
        if not pairs:
            return {}
        rows = self._run(
            "story_heads",
            pairs=[{**key.row(), "story": story} for key, story in pairs],
            undated=UNDATED,
        )
        return {(Key.of(r), r["story"]): r["head"] for r in rows}

    def edge_outlets(self, pairs: Sequence[tuple[Key, str]]) -> set[tuple[Key, str]]:
        if not pairs:
            return set()
        rows = self._run(
            "edge_outlets", pairs=[{**key.row(), "outlet": outlet} for key, outlet in pairs]
        )
        return {(Key.of(r), r["outlet"]) for r in rows}

    def article_outlets(self, article_ids: Sequence[str]) -> set[str]:
        return {r["outlet"] for r in self._run("article_outlets", ids=list(article_ids))}

    def write_sources(self, rows: Sequence[Row]) -> None:
        if rows:
            self._do("write_sources", rows=list(rows))

    def delete_orphan_sources(self, ids: Iterable[str]) -> None:
        self._do("delete_orphan_sources", ids=list(ids))

    def delete_signatures(self, article_ids: Sequence[str]) -> None:
        self._do("delete_signatures", ids=list(article_ids))

    def add_feed(self, row: Row) -> bool:
        [result] = self._run("add_feed", feed=dict(row), counter=FEEDS_COUNTER)
        return bool(result["created"])

    def remove_feed(self, url: str) -> bool:
        return bool(self._run("remove_feed", url=url)[0]["removed"])

    def save_feed_states(self, rows: Sequence[Row]) -> None:
        self._do("save_feed_states", rows=[dict(r) for r in rows])

    def save_signatures(self, scheme: str, rows: Sequence[Row]) -> None:
        self._do(
            "save_signatures",
            scheme=scheme,
            rows=[dict(r) for r in rows],
            counter=SIGNATURES_COUNTER,
        )

"""Stores in the old JSON format (``actorgraph-embedded/1``, a networkx node-link file), built
from extractions the way the old embedded store wrote them: what ``actorgraph migrate``
imports."""

from __future__ import annotations

from typing import Any

from graph.model import Extraction, merge_actor_fields
from graph.store.engine import rows_for


def old_json_store(extractions: list[Extraction]) -> dict[str, Any]:
    nodes: dict[str, dict[str, Any]] = {}
    links: list[dict[str, Any]] = []
    articles: dict[str, dict[str, Any]] = {}
    mentions: dict[str, dict[str, int]] = {}
    for extraction in extractions:
        rows = rows_for(extraction, {}, "2026-01-01T00:00:00+00:00")
        for actor in rows.actors:
            kept = merge_actor_fields(nodes.get(actor["id"]), actor)
            nodes[actor["id"]] = {
                k: kept[k]
                for k in ("id", "name", "type", "aliases", "wikidata_id", "country", "role")
            }
        articles[rows.article["id"]] = {**rows.article, "statements": len(rows.statements)}
        mentions[rows.article["id"]] = {m["actor"]: m["count"] for m in rows.mentions}
        for s in rows.statements:
            links.append({k: v for k, v in s.items() if k != "rank"} | {"key": s["id"]})
    return {
        "directed": True,
        "multigraph": True,
        "graph": {
            "format": "actorgraph-embedded/1",
            "articles": articles,
            "mentions": mentions,
            "merged": {},
        },
        "nodes": list(nodes.values()),
        "links": links,
    }

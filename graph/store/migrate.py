"""Imports a store written by the old JSON embedded store (format ``actorgraph-embedded/1``,
a networkx node-link file) into the SQLite store: ``actorgraph migrate``."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from graph.errors import StoreCorrupt
from graph.model import ActorType, Article, Modality, RelationType, Source, source_of
from graph.results import Counts
from graph.store.aggregate import evidence_rank
from graph.store.engine import Engine, Rows
from graph.store.protocol import Row

FORMAT = "actorgraph-embedded/1"


def read_json_store(path: Path) -> dict[str, Any]:
    """The old store's data, checked whole first: a damaged file is refused (StoreCorrupt)."""

    def corrupt(cause: str) -> StoreCorrupt:
        return StoreCorrupt(f"{path} is a corrupt store: {cause}; it was left untouched")

    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise StoreCorrupt(f"{path}: no such file") from exc
    if not raw.strip():
        raise corrupt("the file is empty")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8
        raise corrupt(f"not JSON ({str(exc).splitlines()[0][:120]})") from exc
    problem = _problem(data)
    if problem is not None:
        raise corrupt(problem)
    return dict(data)


def migrate(path: Path, store: Engine) -> Counts:
    """Writes everything the old file holds into ``store`` (in one transaction: all or
    nothing); the old file is only read. Returns the store's counts afterwards."""
    data = read_json_store(path)
    meta = data["graph"]
    actors = [
        {
            "id": n["id"],
            "name": n["name"],
            "type": n["type"],
            "aliases": list(n.get("aliases") or []),
            "wikidata_id": n.get("wikidata_id"),
            "country": n.get("country"),
            "role": n.get("role"),
        }
        for n in data["nodes"]
    ]
    articles = [
        {
            field: a.get(field)
            for field in (
                "id",
                "title",
                "source",
                "url",
                "published",
                "path",
                "ingested_at",
                "extractor_version",
            )
        }
        for a in meta["articles"].values()
    ]
    # The old format knew no stories nor outlets: every article is a story of its own, its
    # outlet found as an ingest finds it.
    outlets: dict[str, Source | None] = {}
    for a in articles:
        outlets[a["id"]] = outlet = _outlet(a)
        a |= {"story": a["id"], "canonical_url": None, "outlet": outlet.id if outlet else None}
    mentions: dict[str, list[Row]] = defaultdict(list)
    for article, counts in meta["mentions"].items():
        for actor, count in counts.items():
            mentions[article].append({"article": article, "actor": actor, "count": int(count)})
    statements: dict[str, list[Row]] = defaultdict(list)
    for link in data["links"]:
        row = {k: v for k, v in link.items() if k != "key"}
        for field in ("year", "cameo", "published", "extractor_version"):
            row.setdefault(field, None)
        row["rank"] = evidence_rank(
            row["published"], row["confidence"], row["article_id"], row["start"], row["id"]
        )
        outlet = outlets.get(row["article_id"])
        row |= {"story": row["article_id"], "outlet": outlet.id if outlet else None}
        statements[row["article_id"]].append(row)
    rows = [
        Rows(
            article=a,
            actors=[],
            mentions=mentions[a["id"]],
            statements=statements[a["id"]],
            source=outlet.model_dump() if (outlet := outlets[a["id"]]) else None,
        )
        for a in articles
    ]
    store.import_rows(rows, actors, dict(meta["merged"]))
    return store.counts()


def _outlet(article: Row) -> Source | None:
    return source_of(
        Article(id=article["id"], source=article.get("source"), url=article.get("url"))
    )


# Checked by hand rather than with pydantic models: a large store holds hundreds of thousands of
# statements, and these checks cost a fraction of parsing the JSON.

_Kind = type | tuple[type, ...]
_NUMBER = (int, float)
_NODE_FIELDS: dict[str, _Kind] = {"id": str, "name": str, "type": str, "aliases": list}
_LINK_FIELDS: dict[str, _Kind] = {
    "source": str,
    "target": str,
    "key": str,
    "id": str,
    "type": str,
    "modality": str,
    "factual": bool,
    "confidence": _NUMBER,
    "weight": _NUMBER,
    "sentence": str,
    "start": int,
    "end": int,
    "article_id": str,
    "trigger": str,
}
_ACTOR_TYPES = frozenset(t.value for t in ActorType)
_RELATION_TYPES = frozenset(t.value for t in RelationType)
_MODALITIES = frozenset(m.value for m in Modality)


def _problem(data: Any) -> str | None:
    """What makes ``data`` not a store this code can use, or None."""
    if not isinstance(data, dict) or not isinstance(data.get("graph"), dict):
        return "not an actorgraph store"
    meta = data["graph"]
    if meta.get("format") != FORMAT:
        return f"format {meta.get('format')!r}, expected {FORMAT!r}"
    for key in ("articles", "mentions", "merged"):
        if not isinstance(meta.get(key), dict):
            return f"graph.{key} is missing or not an object"
    if not isinstance(data.get("nodes"), list) or not isinstance(data.get("links"), list):
        return "'nodes' or 'links' is missing or not a list"
    return _nodes_problem(data["nodes"]) or _links_problem(data) or _meta_problem(meta)


def _nodes_problem(nodes: list[Any]) -> str | None:
    for n, node in enumerate(nodes):
        problem = _fields_problem(node, _NODE_FIELDS)
        if problem is None and node["type"] not in _ACTOR_TYPES:
            problem = f"unknown actor type {node['type']!r}"
        if problem is not None:
            return f"nodes[{n}] {problem}"
    return None


def _links_problem(data: dict[str, Any]) -> str | None:
    actors = {node["id"] for node in data["nodes"]}
    articles = data["graph"]["articles"]
    for n, link in enumerate(data["links"]):
        problem = _fields_problem(link, _LINK_FIELDS)
        if problem is None:
            if link["type"] not in _RELATION_TYPES:
                problem = f"unknown relation type {link['type']!r}"
            elif link["modality"] not in _MODALITIES:
                problem = f"unknown modality {link['modality']!r}"
            elif link["source"] not in actors or link["target"] not in actors:
                problem = "links an actor that is not in 'nodes'"
            elif link["article_id"] not in articles:
                problem = f"comes from an unknown article {link['article_id']!r}"
        if problem is not None:
            return f"links[{n}] {problem}"
    return None


def _meta_problem(meta: dict[str, Any]) -> str | None:
    for article_id, article in meta["articles"].items():
        if not isinstance(article, dict) or not isinstance(article.get("id"), str):
            return f"article {article_id} has no 'id'"
        if "statements" in article and not isinstance(article["statements"], int):
            return f"article {article_id}: 'statements' is not a number"
    for article_id, counts in meta["mentions"].items():
        if not isinstance(counts, dict):
            return f"mentions of article {article_id} are not an object"
    if not all(isinstance(v, str) for v in meta["merged"].values()):
        return "graph.merged maps an id to something other than an id"
    return None


def _fields_problem(item: Any, fields: dict[str, _Kind]) -> str | None:
    if not isinstance(item, dict):
        return "is not an object"
    for name, kind in fields.items():
        if name not in item:
            return f"has no {name!r}"
        if not isinstance(item[name], kind):
            return f"has a {name!r} of the wrong kind ({type(item[name]).__name__})"
    return None

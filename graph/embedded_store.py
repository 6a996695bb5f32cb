"""The embedded store: a networkx graph persisted to one JSON file.

Actors are nodes; every statement is an edge keyed by its id; articles, mentions and merge
records hang off ``graph.graph``. Writes happen under an exclusive file lock and reach disk by
writing a temporary file and renaming it over the old one, so a reader never sees half a file
and two processes cannot corrupt it. An article that fails half-way is rolled back in memory.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import json
import os
import re
import secrets
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import NotFound, StoreCorrupt
from graph.model import Actor, ActorType, Article, Extraction, Modality, RelationType
from graph.queries import EdgeQuery, build_edges, rank_actor_match
from graph.records import (
    ActorDetail,
    ArticleDetail,
    Counts,
    Edge,
    IngestResult,
    IngestStatus,
    Page,
)
from graph.statements import Rows, actor_from_row, article_from_row, canonical, rows_for
from graph.store import IngestFailure

FORMAT = "actorgraph-embedded/1"


class EmbeddedStore:
    kind = "embedded"

    def __init__(self, path: Path) -> None:
        self.path = path.expanduser()
        self.graph = self._empty()
        self._loaded_stamp: tuple[int, int] | None = None

    @property
    def target(self) -> Path:
        """The file itself: when ``path`` is a symlink, the file it points to (resolved on each
        use, so a link moved to another file is followed). Writes replace this file, never the
        link, and its lock and temporary files sit beside it."""
        return Path(os.path.realpath(self.path))

    @property
    def lock_path(self) -> Path:
        return self.target.with_name(self.target.name + ".lock")

    # -- persistence ----------------------------------------------------------------------

    @staticmethod
    def _empty() -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        g.graph.update({"format": FORMAT, "articles": {}, "mentions": {}, "merged": {}})
        return g

    @contextlib.contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        target = self.target
        target.parent.mkdir(parents=True, exist_ok=True)
        with self.lock_path.open("a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            try:
                if exclusive:
                    _remove_stale_temporaries(target)
                self._refresh()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def _refresh(self) -> None:
        stamp = self._stamp()
        if stamp == self._loaded_stamp:
            return
        self.graph = self._empty() if stamp is None else self._load()
        self._loaded_stamp = stamp

    def _load(self) -> nx.MultiDiGraph:
        """The graph in the file, checked whole first: a hand-edited or damaged file is refused
        (StoreCorrupt) before anything reads or rewrites it, never half-used."""
        raw = self.path.read_bytes()
        if not raw.strip():
            raise self._corrupt("the file is empty")
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8
            raise self._corrupt(f"not JSON ({_short(exc)})") from exc
        problem = _problem(data)
        if problem is not None:
            raise self._corrupt(problem)
        _count_statements(data)
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")

    def _corrupt(self, cause: str) -> StoreCorrupt:
        return StoreCorrupt(
            f"{self.path} is a corrupt store: {cause}; it was left untouched "
            "(repair it, or move it away to start a new store)"
        )

    def _save(self) -> None:
        data = nx.node_link_data(self.graph, edges="links")
        target = self.target
        tmp = target.with_name(f"{target.name}.{secrets.token_hex(8)}{_TMP_SUFFIX}")
        # Created like any new file (0666 less the umask), then given the mode of the file it
        # replaces, so a store shared through its group stays shared.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with contextlib.suppress(FileNotFoundError):
                os.fchmod(fd, stat.S_IMODE(target.stat().st_mode))
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, separators=(",", ":"))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        self._loaded_stamp = self._stamp()

    # -- protocol basics ---------------------------------------------------------------------

    def ping(self) -> bool:
        """Whether the store can be used: its file is a readable regular file, or absent with
        a folder it can be created in. Answers at once, without the lock, so a health check
        does not wait for a long ingest in another process."""
        try:
            info = self.target.stat()
        except FileNotFoundError:
            return _can_create_in(self.target.parent)
        except OSError:
            return False
        return stat.S_ISREG(info.st_mode) and os.access(self.target, os.R_OK)

    def init_schema(self) -> None:
        """Nothing to create: the file format carries its own structure."""

    def close(self) -> None:
        """Nothing held open between calls."""

    def wipe(self) -> None:
        with self._locked(exclusive=True):
            self.graph = self._empty()
            self._save()

    # -- writes -----------------------------------------------------------------------------

    def ingest(self, extraction: Extraction) -> IngestResult:
        with self._locked(exclusive=True):
            result = self._ingest_one(extraction)
            if result.status is not IngestStatus.UNCHANGED:
                self._save()
            return result

    def ingest_many(
        self, extractions: Iterable[Extraction], save_every: int = 500
    ) -> Iterator[IngestResult | IngestFailure]:
        with self._locked(exclusive=True):
            dirty = 0
            try:
                for extraction in extractions:
                    try:
                        result = self._ingest_one(extraction)
                    except Exception as exc:
                        yield IngestFailure(extraction.article.id, extraction.article.path, exc)
                        continue
                    if result.status is not IngestStatus.UNCHANGED:
                        dirty += 1
                    if dirty >= save_every:
                        dirty = 0
                        self._save()
                    yield result
            finally:
                # Articles already reported as stored reach disk even if the input fails or
                # the caller stops early; each one is whole in memory, so none is half-saved.
                if dirty:
                    self._save()

    def _ingest_one(self, extraction: Extraction) -> IngestResult:
        g = self.graph
        article_id = extraction.article.id
        rows = rows_for(extraction, g.graph["merged"], _now())
        existing = g.graph["articles"].get(article_id)
        if (
            existing is not None
            and existing["extractor_version"] == rows.article["extractor_version"]
        ):
            return IngestResult(
                article_id=article_id,
                status=IngestStatus.UNCHANGED,
                actors=len(rows.actors),
                relations=len(rows.statements),
            )
        undo = _Undo(g, article_id)
        try:
            if existing is not None:
                self._drop_article_statements(article_id, undo)
            self._apply(rows, undo)
        except BaseException:
            undo.rollback()
            raise
        status = IngestStatus.REPLACED if existing is not None else IngestStatus.NEW
        return IngestResult(
            article_id=article_id,
            status=status,
            actors=len(rows.actors),
            relations=len(rows.statements),
        )

    def _apply(self, rows: Rows, undo: _Undo) -> None:
        g = self.graph
        for row in rows.actors:
            undo.touch_node(row["id"])
            if row["id"] in g:
                attrs = g.nodes[row["id"]]
                for alias in row["aliases"]:
                    if alias not in attrs["aliases"] and alias != attrs["name"]:
                        attrs["aliases"].append(alias)
                for key in ("wikidata_id", "country", "role"):
                    if attrs.get(key) is None and row.get(key) is not None:
                        attrs[key] = row[key]
            else:
                g.add_node(row["id"], **{k: v for k, v in row.items() if k not in ("id", "label")})
                g.nodes[row["id"]]["aliases"] = list(row["aliases"])
        g.graph["articles"][rows.article["id"]] = {
            **rows.article,
            "statements": len(rows.statements),  # so listing articles never counts edges
        }
        g.graph["mentions"][rows.article["id"]] = {m["actor"]: m["count"] for m in rows.mentions}
        for statement in rows.statements:
            g.add_edge(
                statement["source"], statement["target"], key=statement["id"], **_attrs(statement)
            )
            undo.added_edges.append((statement["source"], statement["target"], statement["id"]))

    def _drop_article_statements(self, article_id: str, undo: _Undo) -> None:
        g = self.graph
        doomed = [
            (u, v, k, dict(d))
            for u, v, k, d in g.edges(keys=True, data=True)
            if d["article_id"] == article_id
        ]
        for u, v, k, d in doomed:
            g.remove_edge(u, v, key=k)
            undo.removed_edges.append((u, v, k, d))

    def retract(self, article_id: str) -> bool:
        with self._locked(exclusive=True):
            g = self.graph
            if article_id not in g.graph["articles"]:
                return False
            undo = _Undo(g, article_id)
            touched = set(g.graph["mentions"].get(article_id, {}))
            for u, v, _, d in list(g.edges(keys=True, data=True)):
                if d["article_id"] == article_id:
                    touched |= {u, v}
            self._drop_article_statements(article_id, undo)
            del g.graph["articles"][article_id]
            g.graph["mentions"].pop(article_id, None)
            mentioned = {a for counts in g.graph["mentions"].values() for a in counts}
            for actor_id in touched:
                if actor_id in g and g.degree(actor_id) == 0 and actor_id not in mentioned:
                    g.remove_node(actor_id)  # nothing left says anything about it
            self._save()
            return True

    def merge_actors(self, keep: str, other: str) -> Actor:
        with self._locked(exclusive=True):
            g = self.graph
            keep = canonical(keep, g.graph["merged"])
            other = canonical(other, g.graph["merged"])
            for actor_id in (keep, other):
                if actor_id not in g:
                    raise NotFound("actor", actor_id)
            if keep == other:
                return _actor(keep, g.nodes[keep])
            kept, gone = g.nodes[keep], g.nodes[other]
            for alias in (gone["name"], *gone["aliases"]):
                if alias not in kept["aliases"] and alias != kept["name"]:
                    kept["aliases"].append(alias)
            for key in ("wikidata_id", "country", "role"):
                if kept.get(key) is None:
                    kept[key] = gone.get(key)
            moved = [
                (u, v, k, dict(d))
                for u, v, k, d in g.edges(keys=True, data=True)
                if other in (u, v)
            ]
            articles = g.graph["articles"]
            for u, v, k, d in moved:
                g.remove_edge(u, v, key=k)
                u2, v2 = (keep if u == other else u), (keep if v == other else v)
                if u2 == v2:
                    # A statement between the two merged actors says nothing now.
                    articles[d["article_id"]]["statements"] -= 1
                    continue
                g.add_edge(u2, v2, key=k, **d)
            for counts in g.graph["mentions"].values():
                if other in counts:
                    counts[keep] = counts.get(keep, 0) + counts.pop(other)
            for node in g.nodes:
                if g.nodes[node].get("country") == other:
                    g.nodes[node]["country"] = keep
            g.remove_node(other)
            merged = g.graph["merged"]
            for old, into in list(merged.items()):
                if into == other:
                    merged[old] = keep
            merged[other] = keep
            self._save()
            return _actor(keep, kept)

    def add_alias(self, actor_id: str, alias: str) -> Actor:
        with self._locked(exclusive=True):
            g = self.graph
            actor_id = canonical(actor_id, g.graph["merged"])
            if actor_id not in g:
                raise NotFound("actor", actor_id)
            attrs = g.nodes[actor_id]
            alias = alias.strip()
            if alias and alias not in attrs["aliases"] and alias != attrs["name"]:
                attrs["aliases"].append(alias)
                self._save()
            return _actor(actor_id, attrs)

    # -- reads ----------------------------------------------------------------------------

    def get_actor(self, actor_id: str) -> ActorDetail:
        with self._locked(exclusive=False):
            g = self.graph
            actor_id = canonical(actor_id, g.graph["merged"])
            if actor_id not in g:
                raise NotFound("actor", actor_id)
            statements = [_row(u, v, d) for u, v, d in g.out_edges(actor_id, data=True)] + [
                _row(u, v, d) for u, v, d in g.in_edges(actor_id, data=True)
            ]
            edges = build_edges(statements, {}, EdgeQuery(actor=actor_id, evidence_limit=0))
            counts = {t: 0 for t in RelationType}
            for edge in edges:
                counts[edge.type] += 1
            articles = sum(1 for m in g.graph["mentions"].values() if actor_id in m)
            return ActorDetail(
                actor=_actor(actor_id, g.nodes[actor_id]),
                relation_counts=counts,
                articles=articles,
            )

    def find_actors(
        self, q: str | None, actor_type: ActorType | None, limit: int, offset: int
    ) -> Page[Actor]:
        with self._locked(exclusive=False):
            ranked = []
            for actor_id, attrs in self.graph.nodes(data=True):
                if actor_type is not None and attrs["type"] != actor_type.value:
                    continue
                rank = (
                    0 if not q else rank_actor_match(q, attrs["name"], attrs["aliases"], actor_id)
                )
                if rank is not None:
                    ranked.append((rank, attrs["name"].lower(), actor_id, attrs))
            ranked.sort()
            items = [_actor(a, attrs) for _, _, a, attrs in ranked[offset : offset + limit]]
            return Page[Actor](items=items, total=len(ranked), limit=limit, offset=offset)

    def statements_for(self, query: EdgeQuery) -> list[dict[str, Any]]:
        with self._locked(exclusive=False):
            return self._statements(query)

    def _statements(self, query: EdgeQuery) -> list[dict[str, Any]]:
        g = self.graph
        merged = g.graph["merged"]
        actor = canonical(query.actor, merged) if query.actor else None
        if actor is not None:
            if actor not in g:
                raise NotFound("actor", actor)
            return [_row(u, v, d) for u, v, d in g.out_edges(actor, data=True)] + [
                _row(u, v, d) for u, v, d in g.in_edges(actor, data=True) if u != actor
            ]
        return [_row(u, v, d) for u, v, d in g.edges(data=True)]

    def edges(self, query: EdgeQuery) -> list[Edge]:
        with self._locked(exclusive=False):
            merged = self.graph.graph["merged"]
            query = _canonical_query(query, merged)
            statements = self._statements(query)
            titles = {a: m.get("title") for a, m in self.graph.graph["articles"].items()}
            return build_edges(statements, titles, query)

    def get_article(self, article_id: str) -> ArticleDetail:
        with self._locked(exclusive=False):
            meta = self.graph.graph["articles"].get(article_id)
            if meta is None:
                raise NotFound("article", article_id)
            return self._article_detail(meta)

    def _article_detail(self, meta: dict[str, Any]) -> ArticleDetail:
        return ArticleDetail(
            article=_article(meta),
            extractor_version=meta.get("extractor_version"),
            ingested_at=meta.get("ingested_at"),
            actors=sorted(self.graph.graph["mentions"].get(meta["id"], {})),
            statements=meta["statements"],
        )

    def list_articles(self, limit: int, offset: int) -> Page[ArticleDetail]:
        with self._locked(exclusive=False):
            metas = sorted(
                self.graph.graph["articles"].values(),
                key=lambda m: (m.get("published") or "", m["id"]),
                reverse=True,
            )
            items = [self._article_detail(m) for m in metas[offset : offset + limit]]
            return Page[ArticleDetail](items=items, total=len(metas), limit=limit, offset=offset)

    def counts(self) -> Counts:
        with self._locked(exclusive=False):
            g = self.graph
            edges = build_edges(
                [_row(u, v, d) for u, v, d in g.edges(data=True)], {}, EdgeQuery(evidence_limit=0)
            )
            return Counts(
                actors=g.number_of_nodes(),
                articles=len(g.graph["articles"]),
                statements=g.number_of_edges(),
                edges=len(edges),
            )

    def snapshot(
        self, since: date | None = None, until: date | None = None, evidence_limit: int = 20
    ) -> nx.MultiDiGraph:
        window = EdgeQuery(since=since, until=until, evidence_limit=evidence_limit)
        with self._locked(exclusive=False):
            g = self.graph
            titles = {a: m.get("title") for a, m in g.graph["articles"].items()}
            statements = [_row(u, v, d) for u, v, d in g.edges(data=True)]
            edges = build_edges(statements, titles, window)
            return to_networkx([_actor(a, attrs) for a, attrs in g.nodes(data=True)], edges)


class _Undo:
    """Enough to put the in-memory graph back if an article fails half-way."""

    def __init__(self, graph: nx.MultiDiGraph, article_id: str) -> None:
        self.graph = graph
        self.article_id = article_id
        self.nodes: dict[str, dict[str, Any] | None] = {}
        self.added_edges: list[tuple[str, str, str]] = []
        self.removed_edges: list[tuple[str, str, str, dict[str, Any]]] = []
        self.article = copy.deepcopy(graph.graph["articles"].get(article_id))
        self.mentions = copy.deepcopy(graph.graph["mentions"].get(article_id))

    def touch_node(self, node: str) -> None:
        if node not in self.nodes:
            self.nodes[node] = (
                copy.deepcopy(dict(self.graph.nodes[node])) if node in self.graph else None
            )

    def rollback(self) -> None:
        g = self.graph
        for u, v, k in reversed(self.added_edges):
            if g.has_edge(u, v, key=k):
                g.remove_edge(u, v, key=k)
        for u, v, k, d in self.removed_edges:
            g.add_edge(u, v, key=k, **d)
        for node, attrs in self.nodes.items():
            if attrs is None:
                if node in g and g.degree(node) == 0:
                    g.remove_node(node)
            else:
                g.nodes[node].clear()
                g.nodes[node].update(attrs)
        for key, value in (("articles", self.article), ("mentions", self.mentions)):
            if value is None:
                g.graph[key].pop(self.article_id, None)
            else:
                g.graph[key][self.article_id] = value


def to_networkx(actors: Iterable[Actor], edges: Iterable[Edge]) -> nx.MultiDiGraph:
    """The aggregated graph as networkx: what analytics, exports and the explorer read."""
    g = nx.MultiDiGraph()
    # Sorted, so every view and export lists things in one order whatever the store.
    for actor in sorted(actors, key=lambda a: a.id):
        g.add_node(actor.id, **actor.model_dump(mode="json"))
    for edge in sorted(edges, key=lambda e: (e.source, e.type.value, e.target)):
        g.add_edge(edge.source, edge.target, key=edge.type.value, **edge.model_dump(mode="json"))
    return g


def _canonical_query(query: EdgeQuery, merged: dict[str, str]) -> EdgeQuery:
    from dataclasses import replace

    return replace(
        query,
        actor=canonical(query.actor, merged) if query.actor else None,
        source=canonical(query.source, merged) if query.source else None,
        target=canonical(query.target, merged) if query.target else None,
    )


def _attrs(statement: dict[str, Any]) -> dict[str, Any]:
    # node-link JSON names edge ends "source" and "target": the edge itself carries them.
    return {k: v for k, v in statement.items() if k not in ("source", "target")}


def _row(u: str, v: str, attrs: dict[str, Any]) -> dict[str, Any]:
    return {**attrs, "source": u, "target": v}


def _actor(actor_id: str, attrs: dict[str, Any]) -> Actor:
    return actor_from_row({**attrs, "id": actor_id})


def _article(meta: dict[str, Any]) -> Article:
    return article_from_row(meta)


# -- what a store file must hold ---------------------------------------------------------------
# Checked by hand rather than with pydantic models: a large store holds hundreds of thousands of
# statements, and these checks cost a fraction of parsing the JSON (0.1 s per 200k statements).

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


def _count_statements(data: dict[str, Any]) -> None:
    """Gives each article its statement count; stores written before the counts were kept
    get them here, in one pass over the statements."""
    articles = data["graph"]["articles"]
    if all("statements" in meta for meta in articles.values()):
        return
    counts = Counter(link["article_id"] for link in data["links"])
    for article_id, meta in articles.items():
        meta["statements"] = counts.get(article_id, 0)


_TMP_SUFFIX = ".tmp"


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary files a killed save left beside the store (each as large as the store).
    Only called under the exclusive lock: no save of this store is running then. Only this
    store's names: ``graph.json.<16 hex>.tmp`` and mkstemp's ``graph.json<8 chars>.tmp``
    from older versions."""
    pattern = re.compile(
        rf"{re.escape(target.name)}(?:\.[0-9a-f]{{16}}|[a-z0-9_]{{8}}){re.escape(_TMP_SUFFIX)}"
    )
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(target.parent):
            if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)


def _can_create_in(folder: Path) -> bool:
    # The store creates missing folders: the nearest one that exists must be writable.
    while not folder.exists():
        if folder.parent == folder:
            return False
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:120]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

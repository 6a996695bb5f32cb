"""The explorer page: a pyvis network plus the product's own panel, filters and legend.

Everything the page needs (vis-network, its CSS, the page's script and the data) is inlined,
so the file works offline and from disk; the page never talks to the database or the API.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx
from jinja2 import Environment, select_autoescape
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pyvis.network import Network

from api.explorer.layout import precomputed_layout
from api.explorer.style import (
    EDGE_STYLES,
    INFERRED_DASHES,
    NO_BLOC_COLOR,
    NODE_STYLES,
    OTHER_BLOC_COLOR,
    UNBALANCED_COLOR,
    bloc_color,
)
from graph import analytics
from graph.alliances.service import Analysis
from graph.model import ActorType, RelationType

VIS_VERSION = "9.1.2"
DEFAULT_LAYOUT_THRESHOLD = 1000
INFERRED_SHOWN = 200  # the most confident inferred relations the page can draw


class ExplorerView(BaseModel):
    """What the page opens on: the query parameters of /explorer and options of `explore`.

    Empty type lists mean every type. ``actor`` (an actor id) with ``hops`` opens that actor's
    neighbourhood; the page's own controls can widen or change every filter afterwards.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    relation_types: list[RelationType] = Field(default_factory=list)
    actor_types: list[ActorType] = Field(default_factory=list)
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    since: date | None = None
    until: date | None = None
    actor: str | None = None
    hops: int = Field(default=2, ge=0, le=6)

    @model_validator(mode="after")
    def _window(self) -> ExplorerView:
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self

    def initial_state(self) -> dict[str, Any]:
        return {
            "relation_types": [t.value for t in self.relation_types or list(RelationType)],
            "actor_types": [t.value for t in self.actor_types or list(ActorType)],
            "min_confidence": self.min_confidence,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "actor": self.actor,
            "hops": self.hops,
        }


def render_explorer(
    graph: nx.MultiDiGraph,
    view: ExplorerView | None = None,
    *,
    title: str = "actorgraph explorer",
    layout_threshold: int = DEFAULT_LAYOUT_THRESHOLD,
    evidence_limit: int = 5,
    alliances: Analysis | None = None,
) -> str:
    """One self-contained HTML page showing ``graph`` (a store snapshot or part of one).

    With ``alliances`` (the analysis of the same window) actors carry their bloc (the page
    can colour by bloc, with a legend of the blocs and their cohesion), ties in unbalanced
    triangles can be highlighted, and the inferred relations can be drawn (dotted, hidden
    until asked for).
    """
    view = view or ExplorerView()
    if view.actor is not None and view.actor not in graph:
        raise ValueError(f"actor {view.actor!r} is not in the graph")
    large = graph.number_of_nodes() > layout_threshold
    network = _network(graph, large, evidence_limit)
    nodes, edges, _heading, _height, _width, options = network.get_network_data()
    blocs: list[dict[str, Any]] = []
    inferred: list[dict[str, Any]] = []
    if alliances is not None:
        blocs = _with_alliances(graph, alliances, nodes, edges)
        inferred = _inferred_edges(graph, alliances)
    legend = _legend(graph)
    legend["blocs"] = blocs
    payload = {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "inferred": inferred,
        "options": json.loads(options),
        "precomputed": large,
        "legend": legend,
        "colors": {
            "other_bloc": OTHER_BLOC_COLOR,
            "no_bloc": NO_BLOC_COLOR,
            "unbalanced": UNBALANCED_COLOR,
        },
        "initial": view.initial_state(),
    }
    page: str = _template().render(
        title=title,
        vis_js=_asset("pyvis", f"lib/vis-{VIS_VERSION}/vis-network.min.js"),
        vis_css=_asset("pyvis", f"lib/vis-{VIS_VERSION}/vis-network.css"),
        page_js=_asset("api.explorer", "assets/explorer.js"),
        page_css=_asset("api.explorer", "assets/explorer.css"),
        data=_script_json(payload),
    )
    return page


def _network(graph: nx.MultiDiGraph, large: bool, evidence_limit: int) -> Network:
    net = Network(directed=True)
    net.options = _options(graph.number_of_nodes(), large)
    degree = analytics.degree_centrality(graph)
    positions = precomputed_layout(graph) if large else {}
    relation_counts: dict[str, Counter[str]] = defaultdict(Counter)
    mentions: Counter[str] = Counter()
    for u, v, kind, attrs in graph.edges(keys=True, data=True):
        for end in {u, v}:
            relation_counts[end][kind] += 1
            mentions[end] += attrs["mentions"]
    for node, attrs in graph.nodes(data=True):
        node_style = NODE_STYLES[ActorType(attrs["type"])]
        extra: dict[str, Any] = {}
        if node in positions:
            extra = {"x": positions[node][0], "y": positions[node][1], "physics": False}
        net.add_node(
            node,
            label=attrs["name"],
            shape=node_style.shape,
            color=node_style.color,
            value=degree[node] + 1,
            title=_node_tooltip(attrs, relation_counts[node]),
            actor_type=attrs["type"],
            aliases=attrs.get("aliases", []),
            role=attrs.get("role"),
            country=attrs.get("country"),
            wikidata_id=attrs.get("wikidata_id"),
            degree=degree[node],
            mentions=mentions[node],
            relation_counts=dict(sorted(relation_counts[node].items())),
            **extra,
        )
    pair_index: Counter[frozenset[str]] = Counter()
    for u, v, kind, attrs in graph.edges(keys=True, data=True):
        relation = RelationType(kind)
        style = EDGE_STYLES[relation]
        controls = relation is RelationType.CONTROLS
        pair = frozenset((u, v))
        # Several relations between one pair are bent apart instead of drawn on one line.
        bend = pair_index[pair]
        pair_index[pair] += 1
        shape: dict[str, Any] = (
            {"width": 1, "color": _edge_color(style.color, 0.35)}
            if relation.structural
            else {"value": attrs["mentions"], "color": _edge_color(style.color, 1.0)}
        )
        net.add_edge(
            u,
            v,
            id=f"{u}|{kind}|{v}",
            relation=kind,
            dashes=style.dashes,
            # Control is the one relation whose direction matters most on a map: a big arrow.
            arrows={"to": {"enabled": True, "scaleFactor": 1.0 if controls else 0.5}},
            smooth={"enabled": bend > 0, "type": "curvedCW", "roundness": 0.18 * bend},
            title=_edge_tooltip(graph, u, v, kind, attrs),
            mentions=attrs["mentions"],
            articles=attrs["articles"],
            confidence=attrs["confidence"],
            weight=attrs["weight"],
            modalities=attrs["modalities"],
            first_seen=attrs.get("first_seen"),
            last_seen=attrs.get("last_seen"),
            evidence=[_evidence(e) for e in attrs.get("evidence", [])[:evidence_limit]],
            **shape,
        )
    return net


def _with_alliances(
    graph: nx.MultiDiGraph,
    alliances: Analysis,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Each node's bloc and both its colours; each support/opposition edge's count of
    unbalanced triangles. Returns the blocs for the legend, largest first."""
    found = alliances.report.blocs
    rank = {b.id: k for k, b in enumerate(found.blocs)}
    names = graph.nodes
    present = {n["id"] for n in nodes}
    for node in nodes:
        bloc = found.membership.get(node["id"])
        node["type_color"] = node["color"]
        node["bloc"] = bloc
        node["bloc_color"] = bloc_color(rank[bloc]) if bloc is not None else NO_BLOC_COLOR
        if bloc is not None:
            node["title"] += (
                f"\nbloc {rank[bloc] + 1} ({_name(names, found.blocs[rank[bloc]].label)})"
            )
    unbalanced = alliances.tie_unbalanced
    signed = alliances.graph
    for edge in edges:
        if edge["relation"] not in ("supports", "opposes"):
            continue
        pair = tuple(sorted((signed.represent(edge["from"]), signed.represent(edge["to"]))))
        count = unbalanced.get((pair[0], pair[-1]), 0) if signed.tie(*pair) else 0
        if count:
            edge["unbalanced_triangles"] = count
    return [
        {
            "id": b.id,
            "number": k + 1,
            "label": _name(names, b.label),
            "size": b.size,
            "shown": sum(1 for m in (*b.members, *b.folded) if m in present),
            "cohesion": b.cohesion,
            "stability": b.stability,
            "color": bloc_color(k),
        }
        for k, b in enumerate(found.blocs)
    ]


def _inferred_edges(graph: nx.MultiDiGraph, alliances: Analysis) -> list[dict[str, Any]]:
    """The most confident inferred relations as edges to draw: dotted, undirected, hidden
    until the reader asks for them, labelled as predictions with the triangles behind them."""
    names = graph.nodes
    drawn = []
    for r in alliances.report.inferred.relations[:INFERRED_SHOWN]:
        if r.source not in graph or r.target not in graph:
            continue
        style = EDGE_STYLES[RelationType(r.type)]
        because = [{"via": p.via, "rule": p.rule, "strength": p.strength} for p in r.because]
        paths = "; ".join(
            f"{p.rule.replace('_', ' ')} via {_name(names, p.via)}" for p in r.because
        )
        drawn.append(
            {
                "id": f"inferred|{r.source}|{r.target}",
                "from": r.source,
                "to": r.target,
                "relation": r.type,
                "inferred": True,
                "hidden": True,
                "dashes": INFERRED_DASHES,
                "width": 1.5,
                "arrows": {"to": {"enabled": False}},
                "color": _edge_color(style.color, 0.7),
                "score": r.score,
                "confidence": r.confidence,
                "support_paths": r.support_paths,
                "opposition_paths": r.opposition_paths,
                "because": because,
                "title": (
                    f"Inferred: {_name(names, r.source)} and {_name(names, r.target)} likely "
                    f"{'support' if r.type == 'supports' else 'oppose'} each other "
                    f"(confidence {r.confidence:.2f})\n{paths}\n"
                    "A balance-theory prediction, not an extracted relation: no evidence."
                ),
            }
        )
    return drawn


def _name(names: Any, actor: str) -> str:
    return str(names[actor]["name"]) if actor in names else actor


def _edge_color(color: str, opacity: float) -> dict[str, Any]:
    # A selected or hovered edge keeps its relation's colour (vis would grey it out).
    return {"color": color, "highlight": color, "hover": color, "opacity": opacity}


def _evidence(item: dict[str, Any]) -> dict[str, Any]:
    keys = ("sentence", "title", "published", "modality", "confidence", "article_id", "trigger")
    return {k: item.get(k) for k in keys}


def _node_tooltip(attrs: dict[str, Any], counts: Counter[str]) -> str:
    lines = [f"{attrs['name']} ({NODE_STYLES[ActorType(attrs['type'])].label.lower()})"]
    if attrs.get("aliases"):
        lines.append("also: " + ", ".join(attrs["aliases"][:5]))
    if counts:
        lines.append(
            ", ".join(f"{n} {EDGE_STYLES[RelationType(k)].label}" for k, n in counts.items())
        )
    return "\n".join(lines)


def _edge_tooltip(graph: nx.MultiDiGraph, u: str, v: str, kind: str, attrs: dict[str, Any]) -> str:
    names = graph.nodes
    label = EDGE_STYLES[RelationType(kind)].label
    lines = [
        f"{names[u]['name']} {label} {names[v]['name']}",
        f"{attrs['mentions']} mention(s) in {attrs['articles']} article(s), "
        f"confidence {attrs['confidence']:.2f}",
    ]
    evidence = attrs.get("evidence") or []
    if evidence:
        lines.append(f"“{_clip(evidence[0]['sentence'], 220)}”")
    lines.append("Click for all evidence.")
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _legend(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    actor_counts = Counter(d["type"] for _, d in graph.nodes(data=True))
    edge_counts = Counter(k for _, _, k in graph.edges(keys=True))
    return {
        "actor_types": [
            {
                "type": t.value,
                "label": s.label,
                "color": s.color,
                "shape": s.shape,
                "count": actor_counts[t.value],
            }
            for t, s in NODE_STYLES.items()
        ],
        "relation_types": [
            {
                "type": t.value,
                "label": s.label,
                "color": s.color,
                "dashes": s.dashes,
                "faint": t.structural,
                "count": edge_counts[t.value],
            }
            for t, s in EDGE_STYLES.items()
        ],
    }


def _options(nodes: int, large: bool) -> dict[str, Any]:
    physics: dict[str, Any] = (
        {"enabled": False}
        if large
        else {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -80,
                "springLength": 110,
                "springConstant": 0.06,
                "avoidOverlap": 0.3,
            },
            "stabilization": {
                "enabled": True,
                "iterations": 400,
                "updateInterval": 50,
                "fit": True,
            },
        }
    )
    return {
        "autoResize": True,
        "physics": physics,
        # vis's "improved" initial layout is quadratic; it only pays off on small graphs.
        "layout": {"improvedLayout": nodes <= 100, "randomSeed": 7},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "multiselect": False,
        },
        "nodes": {
            "scaling": {
                "min": 8,
                "max": 36,
                "label": {"enabled": True, "min": 12, "max": 22, "drawThreshold": 7},
            },
            "font": {"size": 13, "face": "system-ui, sans-serif"},
            "borderWidth": 1,
        },
        "edges": {
            "scaling": {"min": 1, "max": 8},
            "selectionWidth": 2,
            "hoverWidth": 1.5,
        },
    }


def _script_json(payload: Any) -> str:
    """JSON that cannot end the <script> element it sits in, whatever the article said."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def _asset(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


@cache
def _template() -> Any:
    env = Environment(autoescape=select_autoescape(default=True), keep_trailing_newline=True)
    return env.from_string(_asset("api.explorer", "assets/page.html"))

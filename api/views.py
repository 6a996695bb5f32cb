"""Whole-graph views: neighbourhoods for front-ends, shortest paths, exports for Gephi."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Annotated

import networkx as nx
from fastapi import APIRouter, Query, Response

from api.deps import AlliancesDep, StoreDep
from api.errors import COMMON, responses
from api.params import RelationTypes, relation_types
from api.schemas import GraphEdge, GraphNode, GraphView, Paths, Step
from graph import analytics
from graph.alliances.service import AllianceParams, Analysis

router = APIRouter(tags=["graph"], responses=COMMON)


def graph_view(graph: nx.MultiDiGraph) -> GraphView:
    degree = analytics.degree_centrality(graph)
    nodes = [
        GraphNode(
            id=n, name=d["name"], type=d["type"], aliases=d.get("aliases", []), degree=degree[n]
        )
        for n, d in sorted(graph.nodes(data=True))
    ]
    edges = [
        GraphEdge(
            source=u,
            target=v,
            type=k,
            mentions=d["mentions"],
            confidence=d["confidence"],
            weight=d["weight"],
            modalities=d["modalities"],
        )
        for u, v, k, d in sorted(graph.edges(keys=True, data=True), key=lambda e: e[:3])
    ]
    return GraphView(nodes=nodes, edges=edges)


@router.get(
    "/graph",
    response_model=GraphView,
    summary="Nodes and edges for front-ends",
    responses=responses(404),
)
def graph(
    store: StoreDep,
    actor: str | None = None,
    hops: Annotated[int, Query(ge=0, le=6)] = 2,
    types: RelationTypes = None,
) -> GraphView:
    snapshot = store.snapshot(evidence_limit=0)
    if actor is None:
        return graph_view(analytics.restrict(snapshot, relation_types(types)))
    actor = store.get_actor(actor).actor.id  # 404 for an unknown actor; merged ids resolve
    return graph_view(analytics.neighbourhood(snapshot, actor, hops, relation_types(types)))


@router.get(
    "/paths",
    response_model=Paths,
    summary="Shortest paths between two actors",
    responses=responses(404),
)
def paths(
    store: StoreDep,
    from_: Annotated[str, Query(alias="from")],
    to: str,
    max_hops: Annotated[int, Query(ge=1, le=8)] = 4,
    types: RelationTypes = None,
) -> Paths:
    source = store.get_actor(from_).actor.id
    target = store.get_actor(to).actor.id
    found = analytics.shortest_paths(
        store.snapshot(evidence_limit=0), source, target, max_hops, relation_types(types)
    )
    return Paths(
        source=source,
        target=target,
        paths=[[Step.model_validate(step) for step in path] for path in found],
    )


SIGNED = {"supports", "opposes"}

MEDIA_TYPES = (
    "application/graphml+xml",
    "application/gexf+xml",
    "application/json",
    "text/csv",
)


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"


MEDIA = dict(zip(ExportFormat, MEDIA_TYPES, strict=True))


@router.get(
    "/export",
    summary="The whole aggregated graph for Gephi and other tools",
    response_class=Response,
    responses={
        200: {
            "description": "The graph as a file to download",
            "content": {
                media: {"schema": {"type": "object" if media.endswith("json") else "string"}}
                for media in MEDIA_TYPES
            },
        }
    },
)
def export(
    store: StoreDep, alliances: AlliancesDep, format: ExportFormat = ExportFormat.graphml
) -> Response:
    """Every actor and aggregated edge with their scalar attributes. Actors also carry their
    alliance analytics (default parameters of /analytics): `bloc`, `bloc_label`, `stability`,
    `betweenness`, `pagerank`, `triangles` and `unbalanced_triangles` (when they have a signed
    tie); support and opposition edges carry `unbalanced_triangles`, the unbalanced triangles
    their tie is in. The CSV holds the edges with `source_bloc`, `target_bloc` and
    `unbalanced_triangles` columns."""
    snapshot = store.snapshot(evidence_limit=0)
    analysis = alliances.analysis(AllianceParams())
    flat = _flat(snapshot, analysis)
    if format is ExportFormat.graphml:
        buffer = io.BytesIO()
        nx.write_graphml(flat, buffer)
        body = buffer.getvalue()
    elif format is ExportFormat.gexf:
        buffer = io.BytesIO()
        nx.write_gexf(flat, buffer)
        body = buffer.getvalue()
    elif format is ExportFormat.json:
        body = json.dumps(nx.node_link_data(flat, edges="links")).encode()
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(
            [
                "source",
                "target",
                "type",
                "mentions",
                "confidence",
                "weight",
                "source_bloc",
                "target_bloc",
                "unbalanced_triangles",
            ]
        )
        nodes = flat.nodes
        for u, v, k, d in flat.edges(keys=True, data=True):
            writer.writerow(
                [
                    u,
                    v,
                    k,
                    d["mentions"],
                    d["confidence"],
                    d["weight"],
                    nodes[u].get("bloc", ""),
                    nodes[v].get("bloc", ""),
                    d.get("unbalanced_triangles", ""),
                ]
            )
        body = text.getvalue().encode()
    filename = f"actorgraph.{format.value}"
    return Response(
        body,
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _flat(graph: nx.MultiDiGraph, analysis: Analysis) -> nx.MultiDiGraph:
    """Scalar attributes only (GraphML and GEXF cannot hold lists or evidence), with the
    actors' blocs and balance."""
    flat = nx.MultiDiGraph()
    extra = analysis.actor_attributes
    for n, d in graph.nodes(data=True):
        attributes = {**d, **extra.get(n, {})}
        flat.add_node(n, **{k: _scalar(v) for k, v in attributes.items() if v is not None})
    unbalanced = analysis.tie_unbalanced
    signed = analysis.graph
    for u, v, k, d in graph.edges(keys=True, data=True):
        balance: dict[str, int] = {}
        if k in SIGNED and signed.tie(u, v) != 0.0:
            a, b = sorted((signed.represent(u), signed.represent(v)))
            balance["unbalanced_triangles"] = unbalanced.get((a, b), 0)
        flat.add_edge(
            u,
            v,
            key=k,
            **{
                name: _scalar(d[name])
                for name in (
                    "type",
                    "mentions",
                    "articles",
                    "weight",
                    "confidence",
                    "modalities",
                    "first_seen",
                    "last_seen",
                )
                if d.get(name) is not None
            },
            **balance,
        )
    return flat


def _scalar(value: object) -> object:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return value

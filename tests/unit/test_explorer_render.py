"""The explorer page as rendered from a graph object (no browser, no database)."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import networkx as nx
import pytest
from pydantic import ValidationError

from api.explorer import ExplorerView, render_explorer
from api.explorer.layout import precomputed_layout
from api.explorer.render import VIS_VERSION, _asset
from graph.alliances import report_of, signed_graph
from graph.alliances.service import AllianceParams, Analysis
from graph.model import Actor, ActorType, Modality, RelationType
from graph.results import Edge, EvidenceItem
from graph.store.engine import to_networkx

HOSTILE = "</script><script>window.owned=1</script><!--"


def edge(source: str, kind: RelationType, target: str, sentence: str, mentions: int = 1) -> Edge:
    item = EvidenceItem(
        statement_id=f"s-{source}-{kind.value}-{target}",
        article_id="a" * 64,
        title="A <b>title</b>",
        published=date(2026, 1, 5),
        sentence=sentence,
        start=0,
        end=len(sentence),
        modality=Modality.ASSERTED,
        confidence=0.8,
        trigger="backs",
    )
    return Edge(
        source=source,
        target=target,
        type=kind,
        mentions=mentions,
        articles=1,
        first_seen=date(2026, 1, 5),
        last_seen=date(2026, 1, 5),
        weight=1.0,
        confidence=0.8,
        modalities=[Modality.ASSERTED],
        evidence=[item] * mentions,
    )


def small_graph() -> nx.MultiDiGraph:
    actors = [
        Actor(id="ruritania", name="Ruritania", type=ActorType.STATE, aliases=["Ruritanian"]),
        Actor(id="red-hand", name=HOSTILE, type=ActorType.ARMED_GROUP),
        Actor(id="strelsau", name="Strelsau", type=ActorType.CITY),
        Actor(id="lonely", name="Lonely Org", type=ActorType.ORGANIZATION),
    ]
    edges = [
        edge("ruritania", RelationType.OPPOSES, "red-hand", f"Ruritania fought {HOSTILE}.", 3),
        edge("red-hand", RelationType.CONTROLS, "strelsau", "The group holds Strelsau."),
        edge("strelsau", RelationType.LOCATED_IN, "ruritania", "Strelsau, in Ruritania."),
        edge("ruritania", RelationType.SUPPORTS, "red-hand", "Oddly, Ruritania armed them."),
    ]
    return to_networkx(actors, edges)


def page_data(page: str) -> dict[str, Any]:
    match = re.search(r'<script id="ag-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, "the page has no data block"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_data_cannot_break_out_of_its_script_element() -> None:
    page = render_explorer(small_graph())
    assert "window.owned" not in page.replace("window.owned=1\\u003c", "")  # only escaped
    assert page.count("</script>") == 3  # data, vis-network, the page's own script
    data = page_data(page)
    names = {n["id"]: n["label"] for n in data["nodes"]}
    assert names["red-hand"] == HOSTILE  # escaped in HTML, exact once parsed


def test_page_is_self_contained() -> None:
    page = render_explorer(small_graph())
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page, re.I)
    # Outside the inlined vis-network (whose licence comments name web sites) no URL at all.
    for asset in ("vis-network.min.js", "vis-network.css"):
        page = page.replace(_asset("pyvis", f"lib/vis-{VIS_VERSION}/{asset}"), "")
    # (The SVG namespace is a name, never fetched.)
    assert re.findall(r"\w+://[^\s\"']*", page) == ["http://www.w3.org/2000/svg"]
    assert "default-src 'none'" in page  # and the browser is told to fetch nothing


def test_styles_follow_types_and_mentions() -> None:
    data = page_data(render_explorer(small_graph()))
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {e["id"]: e for e in data["edges"]}
    assert nodes["ruritania"]["shape"] != nodes["red-hand"]["shape"]
    assert nodes["ruritania"]["value"] > nodes["lonely"]["value"]  # size by degree
    opposes = edges["ruritania|opposes|red-hand"]
    assert opposes["value"] == 3 and opposes["color"]["color"] == "#d62728"
    located = edges["strelsau|located_in|ruritania"]
    assert "value" not in located and located["color"]["opacity"] < 1
    controls = edges["red-hand|controls|strelsau"]
    assert controls["arrows"]["to"]["scaleFactor"] > opposes["arrows"]["to"]["scaleFactor"]
    # Two relations between one pair are bent apart, not drawn on top of each other.
    supports = edges["ruritania|supports|red-hand"]
    assert opposes["smooth"]["enabled"] != supports["smooth"]["enabled"]
    assert nodes["ruritania"]["relation_counts"] == {"located_in": 1, "opposes": 1, "supports": 1}
    legend = {r["type"]: r for r in data["legend"]["relation_types"]}
    assert legend["calls"]["dashes"] and legend["leads"]["faint"]
    assert legend["opposes"]["count"] == 1 and legend["calls"]["count"] == 0


def test_evidence_is_kept_but_capped() -> None:
    data = page_data(render_explorer(small_graph(), evidence_limit=2))
    opposes = next(e for e in data["edges"] if e["relation"] == "opposes")
    assert len(opposes["evidence"]) == 2 and opposes["mentions"] == 3
    first = opposes["evidence"][0]
    assert first["sentence"].startswith("Ruritania fought") and first["published"] == "2026-01-05"
    assert first["modality"] == "asserted" and first["title"] == "A <b>title</b>"


def test_view_is_the_initial_state_and_is_validated() -> None:
    view = ExplorerView(
        relation_types=[RelationType.OPPOSES],
        min_confidence=0.4,
        since=date(2026, 1, 1),
        actor="ruritania",
        hops=1,
    )
    initial = page_data(render_explorer(small_graph(), view))["initial"]
    assert initial["relation_types"] == ["opposes"]
    assert initial["actor_types"] == [t.value for t in ActorType]  # empty means every type
    assert initial["since"] == "2026-01-01" and initial["actor"] == "ruritania"
    with pytest.raises(ValidationError, match="after"):
        ExplorerView(since=date(2026, 2, 1), until=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        ExplorerView(min_confidence=1.5)
    with pytest.raises(ValueError, match="nowhere"):
        render_explorer(small_graph(), ExplorerView(actor="nowhere"))


def test_physics_until_the_threshold_then_a_precomputed_layout() -> None:
    graph = small_graph()
    small = page_data(render_explorer(graph, layout_threshold=10))
    assert small["options"]["physics"]["enabled"] is True and not small["precomputed"]
    assert all("x" not in n for n in small["nodes"])
    large = page_data(render_explorer(graph, layout_threshold=3))
    assert large["options"]["physics"]["enabled"] is False and large["precomputed"]
    assert all(isinstance(n["x"], float) and n["physics"] is False for n in large["nodes"])


def test_layout_is_deterministic_and_spread_out() -> None:
    graph = nx.MultiDiGraph()
    graph.add_edges_from((f"a{i}", f"a{(i * 7) % 300}") for i in range(300))
    first = precomputed_layout(graph)
    assert precomputed_layout(graph) is first  # cached for an unchanged graph
    copy = nx.MultiDiGraph(graph)
    assert precomputed_layout(copy) == first
    xs = [x for x, _ in first.values()]
    assert max(xs) - min(xs) > 500  # pixels: nodes are not piled on one spot
    assert len({(round(x), round(y)) for x, y in first.values()}) > 250


def alliance_graph() -> nx.MultiDiGraph:
    """Two camps: Ruritania and Borduria back each other, both fight the Red Hand; Strelsau's
    militia backs Ruritania and Borduria fights it (++-: an unbalanced triangle); the Red Hand
    fights Kravonia, so Ruritania and Kravonia are predicted friends."""
    actors = [
        Actor(id="ruritania", name="Ruritania", type=ActorType.STATE),
        Actor(id="borduria", name="Borduria", type=ActorType.STATE),
        Actor(id="kravonia", name="Kravonia", type=ActorType.STATE),
        Actor(id="red-hand", name="Red Hand", type=ActorType.ARMED_GROUP),
        Actor(id="militia", name="Strelsau militia", type=ActorType.ARMED_GROUP),
        Actor(id="strelsau", name="Strelsau", type=ActorType.CITY),
    ]
    s, o = RelationType.SUPPORTS, RelationType.OPPOSES
    edges = [
        edge("ruritania", s, "borduria", "Ruritania backs Borduria.", 3),
        edge("borduria", s, "ruritania", "Borduria backs Ruritania.", 2),
        edge("ruritania", o, "red-hand", "Ruritania fights the Red Hand.", 3),
        edge("borduria", o, "red-hand", "Borduria fights the Red Hand.", 2),
        edge("red-hand", o, "kravonia", "The Red Hand fights Kravonia.", 2),
        edge("militia", s, "ruritania", "The militia backs Ruritania.", 2),
        edge("militia", s, "borduria", "The militia backs Borduria.", 1),
        edge("borduria", o, "militia", "Borduria fights the militia.", 3),
        edge("strelsau", RelationType.LOCATED_IN, "ruritania", "Strelsau, in Ruritania."),
    ]
    return to_networkx(actors, edges)


def alliances_of(graph: nx.MultiDiGraph) -> Analysis:
    signed = signed_graph(graph)
    return Analysis(params=AllianceParams(), graph=signed, report=report_of(signed, limit=500))


def test_blocs_unbalanced_ties_and_inferred_relations_on_the_page() -> None:
    graph = alliance_graph()
    analysis = alliances_of(graph)
    data = page_data(render_explorer(graph, alliances=analysis))
    nodes = {n["id"]: n for n in data["nodes"]}
    membership = analysis.report.blocs.membership
    # Colour by bloc: every actor keeps its type colour and carries its bloc's colour.
    assert nodes["ruritania"]["bloc"] == membership["ruritania"] == membership["borduria"]
    assert nodes["ruritania"]["bloc_color"] == nodes["borduria"]["bloc_color"]
    assert nodes["ruritania"]["bloc_color"] != nodes["red-hand"]["bloc_color"]
    assert nodes["ruritania"]["color"] == nodes["ruritania"]["type_color"]  # type first
    assert nodes["strelsau"]["bloc"] is None and nodes["strelsau"]["bloc_color"] == "#d9d9d9"
    # The bloc legend names each bloc after its label actor, with its size and cohesion.
    legend = {b["id"]: b for b in data["legend"]["blocs"]}
    camp = legend[membership["ruritania"]]
    assert camp["number"] == 1 and camp["size"] >= 2 and camp["cohesion"] is not None
    assert camp["label"] in {"Ruritania", "Borduria", "Strelsau militia"}
    # Ties of the unbalanced triangle (militia + Ruritania, militia + Borduria, Borduria -
    # militia) carry their count; the others none.
    edges = {e["id"]: e for e in data["edges"]}
    assert edges["borduria|opposes|militia"]["unbalanced_triangles"] == 1
    assert edges["militia|supports|ruritania"]["unbalanced_triangles"] == 1
    assert "unbalanced_triangles" not in edges["ruritania|opposes|red-hand"]
    # Inferred relations: dotted, undirected, hidden until asked for, labelled, no evidence.
    inferred = {e["id"]: e for e in data["inferred"]}
    assert inferred and not set(inferred) & set(edges)
    friend = inferred["inferred|kravonia|ruritania"]
    assert friend["relation"] == "supports" and friend["inferred"] is True
    assert friend["hidden"] is True and friend["dashes"] == [2, 6]
    assert friend["arrows"]["to"]["enabled"] is False and "evidence" not in friend
    assert [p["via"] for p in friend["because"]] == ["red-hand"]
    assert "not an extracted relation" in friend["title"]


def test_without_alliances_the_page_has_no_blocs() -> None:
    data = page_data(render_explorer(small_graph()))
    assert data["legend"]["blocs"] == [] and data["inferred"] == []
    assert all("bloc" not in n for n in data["nodes"])

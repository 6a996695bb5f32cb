"""How each actor type and relation type looks on the explorer page (and in its legend)."""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import ActorType, RelationType


@dataclass(frozen=True)
class NodeStyle:
    label: str
    color: str
    shape: str


@dataclass(frozen=True)
class EdgeStyle:
    label: str
    color: str
    dashes: bool = False


# Shapes with the label underneath, so names stay readable whatever the node size.
NODE_STYLES: dict[ActorType, NodeStyle] = {
    ActorType.STATE: NodeStyle("State", "#4e79a7", "dot"),
    ActorType.LEADER: NodeStyle("Leader", "#f28e2b", "diamond"),
    ActorType.ARMED_GROUP: NodeStyle("Armed group", "#b07aa1", "triangle"),
    ActorType.CITY: NodeStyle("City", "#76b7b2", "square"),
    ActorType.ORGANIZATION: NodeStyle("Organisation", "#edc948", "hexagon"),
    ActorType.REGION: NodeStyle("Region", "#9c755f", "triangleDown"),
    ActorType.PERSON: NodeStyle("Person", "#bab0ac", "star"),
}

EDGE_STYLES: dict[RelationType, EdgeStyle] = {
    RelationType.SUPPORTS: EdgeStyle("supports", "#2ca02c"),
    RelationType.OPPOSES: EdgeStyle("opposes", "#d62728"),
    RelationType.CALLS: EdgeStyle("calls", "#1f77b4", dashes=True),
    RelationType.CONTROLS: EdgeStyle("controls", "#8c564b"),
    RelationType.LEADS: EdgeStyle("leads", "#9a9a9a"),
    RelationType.MEMBER_OF: EdgeStyle("member of", "#9a9a9a"),
    RelationType.LOCATED_IN: EdgeStyle("located in", "#9a9a9a"),
}

assert set(NODE_STYLES) == set(ActorType) and set(EDGE_STYLES) == set(RelationType)

# Blocs, largest first (colour by bloc): distinct colours; blocs past the palette share a grey,
# actors in no bloc (no support or opposition tie) a lighter one.
BLOC_PALETTE: tuple[str, ...] = (
    "#e6194b",
    "#3cb44b",
    "#4363d8",
    "#f58231",
    "#911eb4",
    "#42d4f4",
    "#f032e6",
    "#9a6324",
    "#469990",
    "#808000",
    "#000075",
    "#bfef45",
)
OTHER_BLOC_COLOR = "#8c8c8c"
NO_BLOC_COLOR = "#d9d9d9"
# Inferred relations (balance-theory predictions): dotted, in their sign's colour, faint.
INFERRED_DASHES = [2, 6]
# Ties in an unbalanced triangle, when highlighted.
UNBALANCED_COLOR = "#ff7f0e"


def bloc_color(rank: int) -> str:
    """The colour of the ``rank``-th bloc (0 is the largest)."""
    return BLOC_PALETTE[rank] if rank < len(BLOC_PALETTE) else OTHER_BLOC_COLOR

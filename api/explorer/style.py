"""How each actor type and relation type looks on the explorer page (and in its legend).

The styles of the types are data (``styles.json``, one entry per ``ActorType`` and
``RelationType`` member, in the legend's order): a new type gets its look there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

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


def _styles() -> tuple[dict[ActorType, NodeStyle], dict[RelationType, EdgeStyle]]:
    raw = json.loads(resources.files("api.explorer").joinpath("styles.json").read_text("utf-8"))
    nodes = {ActorType(k): NodeStyle(**v) for k, v in raw["actor_types"].items()}
    edges = {RelationType(k): EdgeStyle(**v) for k, v in raw["relation_types"].items()}
    # Checked here, not only in a test: a type without a style would break the page at once.
    missing = sorted({*ActorType} - set(nodes)) + sorted({*RelationType} - set(edges))
    if missing:
        raise ValueError(f"api/explorer/styles.json has no style for {', '.join(missing)}")
    return nodes, edges


# Shapes with the label underneath, so names stay readable whatever the node size.
NODE_STYLES, EDGE_STYLES = _styles()

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

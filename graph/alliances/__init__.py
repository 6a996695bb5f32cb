"""Alliance analytics: blocs, balance, brokers, inferred relations and how alliances shift.

Pure functions of the store's aggregated snapshot (a networkx MultiDiGraph): build the signed
graph once (``signed_graph``), then ask it for ``blocs``, ``balance``, ``brokers`` and
``inferred_relations``, or everything at once (``analyse``); ``timeline`` takes one snapshot per
period. Results are frozen pydantic models with plain-JSON fields (``results``).
"""

from graph.alliances.signed import (
    DEFAULT_MODALITIES,
    SignedGraph,
    signed_graph,
    signed_graph_from_edges,
    tie_strength,
)

__all__ = [
    "DEFAULT_MODALITIES",
    "SignedGraph",
    "signed_graph",
    "signed_graph_from_edges",
    "tie_strength",
]

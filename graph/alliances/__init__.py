"""Alliance analytics: blocs, balance, brokers, inferred relations and how alliances shift.

Pure functions of the store's aggregated snapshot (a networkx MultiDiGraph): build the signed
graph once (``signed_graph``), then ask it for ``blocs``, ``balance``, ``brokers`` and
``inferred_relations``, or everything at once (``analyse``); ``timeline`` takes one snapshot per
period. Results are frozen pydantic models with plain-JSON fields (``results``).
"""

from graph.alliance_params import DEFAULT_MODALITIES
from graph.alliances.balance import balance
from graph.alliances.blocs import adjusted_rand_index, blocs, describe_partition
from graph.alliances.brokers import brokers
from graph.alliances.inferred import RULES, inferred_relations
from graph.alliances.report import actor_position, analyse, report_of
from graph.alliances.signed import (
    SignedGraph,
    signed_graph,
    signed_graph_from_edges,
    tie_strength,
)
from graph.alliances.timeline import periods, timeline, timeline_of

__all__ = [
    "DEFAULT_MODALITIES",
    "RULES",
    "SignedGraph",
    "actor_position",
    "adjusted_rand_index",
    "analyse",
    "balance",
    "blocs",
    "brokers",
    "describe_partition",
    "inferred_relations",
    "periods",
    "report_of",
    "signed_graph",
    "signed_graph_from_edges",
    "tie_strength",
    "timeline",
    "timeline_of",
]

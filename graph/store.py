"""The store protocol: what loaders and the API may ask of any graph store."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class GraphStore(Protocol):
    """Implemented by the Neo4j store and the embedded store, with the same behaviour."""

    kind: str

    def ping(self) -> bool:
        """True when the store answers a query."""
        ...

    def init_schema(self) -> None:
        """Create every constraint and index; idempotent."""
        ...

    def close(self) -> None: ...

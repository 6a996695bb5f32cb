"""The edge sums after a write, one story counted once (``graph.store.aggregate``), without
reading an edge's statements unless a copy makes that necessary.

For each edge a write touches, with the batch's new factual statements grouped by story:

- a story the edge does not have yet adds to the running sums (a hub edge costs what a leaf
  costs); whether the edge has it is one indexed point lookup per (edge, story), and whether
  it has an outlet one per (edge, outlet) (``WriteTx.story_heads``, ``WriteTx.edge_outlets``);
- a later copy of a story the edge counts adds its outlet only;
- an earlier copy (copies arriving out of order, rare) changes which copy counts: the edge is
  rebuilt from its statements, as a retract, a replace or a merge rebuilds it.

Everything is read before the batch's statements are written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from graph.store.aggregate import Key, Sums, order_of, story_of, sum_statements
from graph.store.protocol import Row, WriteTx


def sums_after(
    tx: WriteTx,
    keys: Sequence[Key],
    existing: Mapping[Key, Sums],
    new: Mapping[Key, list[Row]],
    rebuild: set[Key],
    excluded: Sequence[str],
) -> dict[Key, Sums | None]:
    """Each key's sums once the ``new`` factual statements are written. ``rebuild`` keys are
    summed from their stored statements (leaving out the ``excluded`` articles', whose
    statements are about to go) and the new ones; the others from their running sums."""
    rebuild = set(rebuild)
    running = [k for k in keys if k not in rebuild and new.get(k)]
    heads = tx.story_heads(
        [(k, story) for k in running for story in sorted({story_of(s) for s in new[k]})]
    )
    for key in running:
        for story, order in _firsts(new[key]).items():
            known = heads.get((key, story))
            if known is not None and order < known:
                rebuild.add(key)  # an earlier copy: another copy counts now
    running = [k for k in running if k not in rebuild]
    present = tx.edge_outlets(
        [
            (k, outlet)
            for k in running
            for outlet in sorted({str(s["outlet"]) for s in new[k] if s.get("outlet")})
        ]
    )
    stored = tx.statement_rows(sorted(rebuild), excluded) if rebuild else {}
    counted: dict[Key, dict[str, str]] = defaultdict(dict)
    for (key, story), order in heads.items():
        counted[key][story] = order
    outlets: dict[Key, set[str]] = defaultdict(set)
    for key, outlet in present:
        outlets[key].add(outlet)
    after: dict[Key, Sums | None] = {}
    for key in keys:
        rows = new.get(key, [])
        if key in rebuild:
            after[key] = sum_statements([*stored.get(key, []), *rows])
        elif not rows:
            after[key] = existing.get(key)
        else:
            after[key] = sum_statements(
                rows,
                existing.get(key),
                counted=counted.get(key),
                outlets=outlets.get(key, ()),
            )
    return after


def _firsts(rows: list[Row]) -> dict[str, str]:
    """Each story's earliest copy among the rows (its ``story_order``)."""
    first: dict[str, str] = defaultdict(lambda: "\uffff")
    for s in rows:
        story = story_of(s)
        first[story] = min(first[story], order_of(s))
    return dict(first)

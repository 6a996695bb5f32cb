"""The whole stored graph as one JSON text, for comparing two stores of one backend byte for
byte: actors, articles (without ``ingested_at``, the wall clock of the write), every statement
of every modality, and every edge with its exact running sums (floats as repr) and its top
evidence in order."""

from __future__ import annotations

import json
from typing import Any

from graph.model import Modality
from graph.store.engine import Engine
from graph.store.query import EdgeQuery


def dump(store: Any) -> str:
    assert isinstance(store, Engine), type(store)
    backend = store.backend
    actors = sorted(backend.actors(None), key=lambda row: str(row["id"]))
    rows, _ = backend.articles_page(10**9, 0)
    articles = sorted(
        (
            [
                {k: v for k, v in row.items() if k != "ingested_at"},
                sorted(mentioned),
                statements,
            ]
            for row, mentioned, statements in rows
        ),
        key=lambda entry: str(entry[0]["id"]),  # type: ignore[index]
    )
    statements = sorted(
        (s for m in Modality for s in backend.statements(EdgeQuery(modality=m))),
        key=lambda s: str(s["id"]),
    )
    edges, _ = backend.stored_edges(None, True, True, [], None, None, 0.0)
    return json.dumps(
        {
            "actors": actors,
            "articles": articles,
            "statements": statements,
            "edges": [[key.row(), sums.stored()] for key, sums in edges],
        },
        sort_keys=True,
        default=str,
        indent=1,
    )

"""The explorer page for a store: pick the graph the view asks for, then render it."""

from __future__ import annotations

from api.explorer.render import ExplorerView, render_explorer
from graph.settings import Settings
from graph.store import GraphStore, resolve_actor


def explorer_page(
    store: GraphStore,
    view: ExplorerView,
    settings: Settings,
    *,
    actor: str | None = None,
    title: str = "actorgraph explorer",
) -> tuple[str, int, int]:
    """The page, with how many actors and relations it holds.

    ``actor`` is what the user typed (an id or a name; NotFound when nothing matches). A date
    window rebuilds the edges from the statements inside it; every other filter only sets the
    page's starting state, so the reader can widen it without asking again.
    """
    if actor:
        view = view.model_copy(update={"actor": resolve_actor(store, actor)})
    graph = store.snapshot(
        since=view.since, until=view.until, evidence_limit=settings.explorer_evidence
    )
    page = render_explorer(
        graph, view, title=title, layout_threshold=settings.explorer_layout_threshold
    )
    return page, graph.number_of_nodes(), graph.number_of_edges()

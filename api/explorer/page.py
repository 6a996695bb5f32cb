"""The explorer page for a store: pick the graph the view asks for, then render it."""

from __future__ import annotations

from api.explorer.render import ExplorerView, render_explorer
from graph.alliances.service import AllianceParams, AllianceService
from graph.settings import Settings
from graph.store import GraphStore, resolve_actor


def explorer_page(
    store: GraphStore,
    view: ExplorerView,
    settings: Settings,
    *,
    actor: str | None = None,
    title: str = "actorgraph explorer",
    alliances: AllianceService | None = None,
) -> tuple[str, int, int]:
    """The page, with how many actors and relations it holds.

    ``actor`` is what the user typed (an id or a name; NotFound when nothing matches). A date
    window rebuilds the edges from the statements inside it; every other filter only sets the
    page's starting state, so the reader can widen it without asking again. The blocs,
    unbalanced triangles and inferred relations are those of the same window (default
    parameters of /analytics), from ``alliances`` (the API's cache) when given.
    """
    if actor:
        view = view.model_copy(update={"actor": resolve_actor(store, actor)})
    graph = store.snapshot(
        since=view.since, until=view.until, evidence_limit=settings.explorer_evidence
    )
    analysis = (alliances or AllianceService(store)).analysis(
        AllianceParams(since=view.since, until=view.until)
    )
    page = render_explorer(
        graph,
        view,
        title=title,
        layout_threshold=settings.explorer_layout_threshold,
        alliances=analysis,
    )
    return page, graph.number_of_nodes(), graph.number_of_edges()

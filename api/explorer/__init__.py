"""The explorer: an interactive, self-contained HTML page rendered from a graph object."""

from api.explorer.page import explorer_page
from api.explorer.render import DEFAULT_LAYOUT_THRESHOLD, ExplorerView, render_explorer

__all__ = ["DEFAULT_LAYOUT_THRESHOLD", "ExplorerView", "explorer_page", "render_explorer"]

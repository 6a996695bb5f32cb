"""The bounds of the alliance parameters are AllianceParams' own: the API's query parameters
and the CLI's options are declared with them, and the model refuses what lies beyond."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main

from api.app import create_app
from cli.main import app
from graph.alliance_params import AllianceParams, bounds
from graph.errors import BadParameter
from graph.settings import Settings
from graph.store import SqliteStore

# AllianceParams field -> (API query parameter, CLI option)
NUMBERS = {
    "min_confidence": ("min_confidence", "min_confidence"),
    "half_life_days": ("half_life_days", "half_life"),
    "runs": ("runs", "runs"),
    "seed": ("seed", "seed"),
    "resolution": ("resolution", "resolution"),
}
ROUTES = ["/analytics/blocs", "/analytics/balance", "/analytics/timeline"]


def test_the_model_refuses_what_lies_beyond_its_bounds() -> None:
    for field in NUMBERS:
        low, high = bounds(field)
        AllianceParams(**{field: low})
        AllianceParams(**{field: high})
        for outside in (low - 0.01, high + 1):
            with pytest.raises(BadParameter, match=field):
                AllianceParams(**{field: outside})


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    store = SqliteStore(Path(tmp_path_factory.mktemp("openapi")) / "graph.db")
    try:
        return create_app(Settings(), store).openapi()
    finally:
        store.close()


@pytest.mark.parametrize("route", ROUTES)
def test_api_query_parameters_have_the_models_bounds(openapi: dict[str, Any], route: str) -> None:
    parameters = {p["name"]: p["schema"] for p in openapi["paths"][route]["get"]["parameters"]}
    for field, (query, _) in NUMBERS.items():
        schema = parameters[query]
        number = next((s for s in schema.get("anyOf", []) if "minimum" in s), schema)
        assert (number["minimum"], number["maximum"]) == tuple(bounds(field)), (route, query)


@pytest.mark.parametrize("command", ["blocs", "balance", "brokers", "timeline"])
def test_cli_options_have_the_models_bounds(command: str) -> None:
    group: Any = typer.main.get_command(app)  # typer's group, which has its commands
    options = {p.name: p for p in group.commands[command].params}
    for field, (_, option) in NUMBERS.items():
        found = options[option]
        assert (found.min, found.max) == tuple(bounds(field)), (command, option)

from __future__ import annotations

import re

import pytest

from graph import cypher


def test_files_are_found_by_name() -> None:
    names = cypher.names()
    assert "schema" in names and "ping" in names
    assert cypher.statement("ping") == "RETURN 1 AS ok"


def test_unknown_or_unsafe_names_are_refused() -> None:
    for bad in ("nope", "../pyproject", "Schema", ""):
        with pytest.raises(cypher.UnknownStatement):
            cypher.text(bad)


def test_schema_statements_are_idempotent() -> None:
    statements = cypher.statements("schema")
    assert len(statements) >= 5
    for statement in statements:
        assert statement.startswith("CREATE ")
        assert "IF NOT EXISTS" in statement


@pytest.mark.parametrize("name", [n for n in cypher.names() if n != "schema"])
def test_one_statement_per_file_with_a_header(name: str) -> None:
    assert len(cypher.statements(name)) == 1
    assert cypher.header(name), f"cypher/{name}.cypher needs a header comment"


@pytest.mark.parametrize("name", cypher.names())
def test_values_are_parameters_not_literals(name: str) -> None:
    # A quoted literal inside a statement is a sign of a value pasted in place of a $param.
    for statement in cypher.statements(name):
        assert not re.search(r"'[^']*'|\"[^\"]*\"", statement), statement

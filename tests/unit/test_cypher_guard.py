"""The allow-list for user Cypher, on query texts and EXPLAIN plans (no server needed; the
same queries run against a real Neo4j in tests/integration/test_cypher_console.py)."""

from __future__ import annotations

from typing import Any

import pytest

from graph.cypher_guard import check_plan, check_text
from graph.errors import ReadOnlyViolation


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (n) RETURN n",
        "  // a comment first\nOPTIONAL MATCH (n) RETURN n",
        "UNWIND [1, 2] AS x RETURN x",
        "WITH 1 AS x RETURN x",
        "RETURN 'SHOW TRANSACTIONS; USE system' AS text",
        "CALL db.labels()",
        "call dbms.components() YIELD name RETURN name",
        "MATCH (n) CALL (n) { RETURN n.name AS name } RETURN name",
        "MATCH (`use x`) RETURN `use x`",
    ],
)
def test_plain_reads_pass_the_text_check(query: str) -> None:
    check_text(query)


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("SHOW TRANSACTIONS", "SHOW"),
        ("TERMINATE TRANSACTIONS 'x'", "TERMINATE"),
        ("USE system MATCH (n) RETURN n", "USE"),
        ("MATCH (n) CALL { USE other MATCH (m) RETURN m } RETURN n", "USE"),
        ("CREATE (n)", "CREATE"),
        ("EXPLAIN MATCH (n) RETURN n", "EXPLAIN"),
        ("CYPHER 5 MATCH (n) RETURN n", "CYPHER"),
        ("MATCH (n) RETURN n; MATCH (m) DELETE m", "one statement"),
        ("CALL dbms.listConfig()", "dbms.listconfig"),
        ("MATCH (n) CALL apoc.create.node(['X'], {}) YIELD node RETURN node", "apoc"),
        ("/* RETURN 1 */ LOAD CSV FROM 'file:///x' AS r RETURN r", "LOAD"),
        ("", "starts with"),
    ],
)
def test_everything_else_is_refused_by_its_text(query: str, why: str) -> None:
    with pytest.raises(ReadOnlyViolation, match=f"(?i){why}"):
        check_text(query)


def plan(operator: str, details: str = "", *children: dict[str, Any]) -> dict[str, Any]:
    return {
        "operatorType": f"{operator}@neo4j",
        "args": {"Details": details},
        "children": list(children),
    }


def test_read_plans_pass() -> None:
    check_plan(plan("ProduceResults", "n", plan("Limit", "1", plan("AllNodesScan", "n"))))
    check_plan(plan("ProduceResults", "", plan("ProcedureCall", "db.labels() :: (label)")))


@pytest.mark.parametrize(
    "tree",
    [
        plan("ProduceResults", "", plan("ShowTransactions")),
        plan("ProduceResults", "", plan("TerminateTransactions")),
        plan("AdministrationCommand"),
        plan("ProduceResults", "", plan("Create", "(n)")),
        plan("EmptyResult", "", plan("SetProperty", "n.x = 1", plan("AllNodesScan", "n"))),
        plan("ProduceResults", "", plan("ProcedureCall", "dbms.listConfig() :: (name)")),
        plan("SomeOperatorFromAFutureVersion"),
    ],
)
def test_any_other_operator_is_refused(tree: dict[str, Any]) -> None:
    with pytest.raises(ReadOnlyViolation):
        check_plan(tree)


def test_no_plan_is_refused() -> None:
    with pytest.raises(ReadOnlyViolation):
        check_plan(None)

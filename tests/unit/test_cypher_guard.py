"""The allow-list for user Cypher, on query texts and EXPLAIN plans (no server needed; the
same queries run against a real Neo4j in tests/integration/test_cypher_console.py)."""

from __future__ import annotations

from typing import Any

import pytest

from graph import cypher
from graph.cypher_guard import (
    check_nesting,
    check_params_depth,
    check_plan,
    check_ranges,
    check_text,
    json_depth,
    nesting_depth,
)
from graph.errors import NestedTooDeeply, QueryTooCostly, ReadOnlyViolation


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


# -- bounds before Neo4j sees the text ------------------------------------------------------------

DEEP = [
    # Each of these made Neo4j 5.26 stop answering (measured: 300, 300, 200, 400, 2,000 deep).
    "RETURN " + "[" * 300 + "1" + "]" * 300 + " AS x",
    "RETURN " + "{a: " * 300 + "1" + "}" * 300 + " AS x",
    "RETURN " + "CASE WHEN true THEN " * 200 + "1" + " END" * 200 + " AS x",
    "RETURN " + "NOT " * 400 + "true AS x",
    "WITH {a: 1} AS n RETURN n" + ".a" * 2000 + " AS x",
    "RETURN [[1]]" + "[0]" * 300 + " AS x",
    "RETURN " + "abs(" * 300 + "1" + ")" * 300 + " AS x",
]


@pytest.mark.parametrize("query", DEEP, ids=lambda q: q[7:22])
def test_deep_queries_are_refused_before_neo4j_sees_them(query: str) -> None:
    with pytest.raises(NestedTooDeeply, match="levels deep") as refused:
        check_nesting(query, 50)
    assert refused.value.where == "query"


def test_ordinary_nesting_passes_and_strings_do_not_count() -> None:
    for name in cypher.names():
        if name != "schema":
            assert nesting_depth(cypher.statement(name)) <= 6, name
    assert nesting_depth("RETURN '" + "[" * 500 + "' AS s // " + "(" * 500) == 0
    assert nesting_depth("MATCH (n) WHERE NOT n.a AND NOT (n)-->() RETURN n {.a, .b}") <= 3
    check_nesting("RETURN " + "[" * 50 + "1" + "]" * 50, 50)


def test_json_depth_skips_strings() -> None:
    assert json_depth(b'{"query": "[[[[", "params": {"p": [[[1]]]}}') == 5
    with pytest.raises(NestedTooDeeply) as refused:
        check_params_depth(
            b'{"query": "RETURN 1", "params": {"p": ' + b"[" * 900 + b"]" * 900 + b"}}", 50
        )
    assert refused.value.where == "params"
    check_params_depth(
        b'{"query": "RETURN 1", "params": {"p": ' + b"[" * 50 + b"]" * 50 + b"}}", 50
    )


@pytest.mark.parametrize(
    "query, params",
    [
        ("RETURN reduce(s = '', x IN range(1, 3000000) | s + 'aaaaaaaaaa') AS s", {}),
        ("RETURN range(1, 8000000) AS l", {}),
        ("RETURN range(0, size($l)) AS l", {"l": [1]}),
        ("RETURN range(1, $n) AS l", {"n": "10"}),
        ("RETURN [x IN range(1, 1000) | [y IN range(1, 1000) | x * y]] AS l", {}),
    ],
)
def test_ranges_of_unknown_or_large_size_are_refused(query: str, params: dict[str, Any]) -> None:
    with pytest.raises(QueryTooCostly, match="range"):
        check_ranges(query, params, 100_000)


def test_bounded_ranges_and_unwound_ranges_pass() -> None:
    check_ranges("RETURN range(1, 100000) AS l", {}, 100_000)
    check_ranges("RETURN range(1, $n), range(10, 1, -1) AS l", {"n": 10_000}, 100_000)
    check_ranges("UNWIND range(1, 100000000) AS i RETURN count(i)", {}, 100_000)
    check_ranges("RETURN my.range(1, 1e9), n.range, 'range(1, 1e12)' AS s", {}, 100_000)

"""Which user Cypher may run: an allow-list of read clauses, plan operators and procedures.

Neo4j's EXPLAIN calls ``SHOW TRANSACTIONS`` and ``TERMINATE TRANSACTIONS`` read queries, and
Community edition has no read-only user, so "the server says it only reads" is not enough. A
query runs only when (1) its text starts with a read clause and names no other database, and
(2) every operator of its plan is one that reads, with procedure calls limited to a few
read-only ones. Anything unknown is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from graph.errors import ReadOnlyViolation

# Clauses a plain read query may start with.
READ_CLAUSES = frozenset({"MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CALL"})

SAFE_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.index.fulltext.querynodes",
        "dbms.components",
    }
)

# Plan operators that only read (Neo4j 5 Community). Names come without the "@database" suffix.
READ_OPERATORS = frozenset(
    {
        "ProduceResults",
        "Argument",
        "ArgumentTracker",
        "EmptyResult",
        "EmptyRow",
        "Projection",
        "Filter",
        "Limit",
        "ExhaustiveLimit",
        "Skip",
        "Sort",
        "PartialSort",
        "Top",
        "PartialTop",
        "Top1WithTies",
        "Distinct",
        "OrderedDistinct",
        "EagerAggregation",
        "OrderedAggregation",
        "Eager",
        "Unwind",
        "Union",
        "OrderedUnion",
        "CacheProperties",
        "NodeCountFromCountStore",
        "RelationshipCountFromCountStore",
        "AllNodesScan",
        "NodeByLabelScan",
        "UnionNodeByLabelsScan",
        "IntersectionNodeByLabelsScan",
        "SubtractionNodeByLabelsScan",
        "NodeByIdSeek",
        "NodeByElementIdSeek",
        "NodeIndexSeek",
        "NodeUniqueIndexSeek",
        "MultiNodeIndexSeek",
        "NodeIndexScan",
        "NodeIndexContainsScan",
        "NodeIndexEndsWithScan",
        "NodeIndexSeekByRange",
        "NodeUniqueIndexSeekByRange",
        "DirectedRelationshipIndexSeek",
        "UndirectedRelationshipIndexSeek",
        "DirectedRelationshipIndexScan",
        "UndirectedRelationshipIndexScan",
        "DirectedRelationshipIndexContainsScan",
        "UndirectedRelationshipIndexContainsScan",
        "DirectedRelationshipIndexEndsWithScan",
        "UndirectedRelationshipIndexEndsWithScan",
        "DirectedRelationshipIndexSeekByRange",
        "UndirectedRelationshipIndexSeekByRange",
        "DirectedRelationshipTypeScan",
        "UndirectedRelationshipTypeScan",
        "DirectedUnionRelationshipTypesScan",
        "UndirectedUnionRelationshipTypesScan",
        "DirectedAllRelationshipsScan",
        "UndirectedAllRelationshipsScan",
        "DirectedRelationshipByIdSeek",
        "UndirectedRelationshipByIdSeek",
        "DirectedRelationshipByElementIdSeek",
        "UndirectedRelationshipByElementIdSeek",
        "Expand(All)",
        "Expand(Into)",
        "OptionalExpand(All)",
        "OptionalExpand(Into)",
        "VarLengthExpand(All)",
        "VarLengthExpand(Into)",
        "VarLengthExpand(Pruning)",
        "VarLengthExpand(Pruning,BFS)",
        "BFSPruningVarExpand",
        "ProjectEndpoints",
        "ShortestPath",
        "StatefulShortestPath(All)",
        "StatefulShortestPath(Into)",
        "Repeat(Trail)",
        "Repeat(Walk)",
        "Trail",
        "NullifyMetadata",
        "Apply",
        "SemiApply",
        "AntiSemiApply",
        "LetSemiApply",
        "LetAntiSemiApply",
        "SelectOrSemiApply",
        "SelectOrAntiSemiApply",
        "LetSelectOrSemiApply",
        "LetSelectOrAntiSemiApply",
        "RollUpApply",
        "Optional",
        "Anti",
        "CartesianProduct",
        "NodeHashJoin",
        "ValueHashJoin",
        "NodeLeftOuterHashJoin",
        "NodeRightOuterHashJoin",
        "AssertSameNode",
        "AssertSameRelationship",
        "ProcedureCall",
    }
)

_COMMENT_OR_STRING = re.compile(
    r"//[^\n]*|/\*.*?\*/|'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|`[^`]*`", re.S
)
_FIRST_WORD = re.compile(r"\s*([A-Za-z]+)")
_USE_CLAUSE = re.compile(r"\bUSE\s+[\w`]", re.I)
_PROCEDURE = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*\(")
_CALLED = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)", re.I)


def _blank(match: re.Match[str]) -> str:
    token = match.group()
    if token.startswith(("//", "/*")):
        return " "
    return token[0] + "x" * max(len(token) - 2, 0) + token[-1]  # keeps quotes, hides content


def check_text(query: str) -> None:
    """Refuse a query whose text is not a plain read query (before Neo4j plans it)."""
    code = _COMMENT_OR_STRING.sub(_blank, query)
    if ";" in code.strip().rstrip(";"):
        raise ReadOnlyViolation("one statement at a time")
    first = _FIRST_WORD.match(code)
    keyword = first.group(1).upper() if first else ""
    if keyword not in READ_CLAUSES:
        allowed = ", ".join(sorted(READ_CLAUSES))
        raise ReadOnlyViolation(
            f"only read queries are allowed: a query starts with one of {allowed}"
            + (f", not {keyword}" if keyword else "")
        )
    if _USE_CLAUSE.search(code):
        raise ReadOnlyViolation("USE is not allowed: queries run on the configured database")
    for name in _CALLED.findall(code):
        _check_procedure(name.lower())


def operators(plan: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(operator, details) of every step of an EXPLAIN plan, depth first."""
    name = str(plan.get("operatorType", "")).split("@", 1)[0]
    details = str((plan.get("args") or {}).get("Details") or "")
    yield name, details
    for child in plan.get("children") or ():
        yield from operators(child)


def check_plan(plan: Mapping[str, Any] | None) -> None:
    """Refuse a plan with any operator that is not a known read, or an unlisted procedure."""
    if not plan:
        raise ReadOnlyViolation("Neo4j returned no plan for this query")
    for name, details in operators(plan):
        if name not in READ_OPERATORS:
            raise ReadOnlyViolation(f"only read queries are allowed (this one uses {name})")
        if name == "ProcedureCall":
            found = _PROCEDURE.match(details)
            _check_procedure(found.group(1).lower() if found else details)


def _check_procedure(name: str) -> None:
    if name not in SAFE_PROCEDURES:
        allowed = ", ".join(sorted(SAFE_PROCEDURES))
        raise ReadOnlyViolation(f"procedure {name} is not allowed here (allowed: {allowed})")

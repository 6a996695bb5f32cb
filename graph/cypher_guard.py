"""Which user Cypher may run: an allow-list of read clauses, plan operators and procedures,
and bounds on what Neo4j cannot bound itself.

Neo4j's EXPLAIN calls ``SHOW TRANSACTIONS`` and ``TERMINATE TRANSACTIONS`` read queries, and
Community edition has no read-only user, so "the server says it only reads" is not enough. A
query runs only when (1) its text starts with a read clause and names no other database, and
(2) every operator of its plan is one that reads, with procedure calls limited to a few
read-only ones. Anything unknown is refused.

Two bounds come before Neo4j sees the text (measured on Neo4j 5.26 Community):

- **Nesting.** Its parser and plan printer recurse once per level: a list literal 300 deep, a
  map 300 deep, 200 nested ``CASE``, 400 ``NOT`` in a row or 2,000 chained ``.a`` overflow the
  server's stack, after which it never answers (the failure message itself fails to encode)
  and the transaction stays "Running"; on a fresh server the first such query made a class
  fail to initialise, and every later query using a function failed until a restart. The
  text, and the JSON of the parameters, may nest at most ``cypher_max_depth`` levels.
- **Work inside one expression.** Neo4j checks for termination between rows, not inside an
  expression: ``reduce(s = '', x IN range(1, 3000000) | s + 'aaaaaaaaaa')`` keeps a core busy
  long after its transaction timed out, was terminated by id and lost its connection; no
  setting changes that (``db.memory.transaction.max`` does not track expression values, and
  the compiled expression engine behaves the same). ``range()`` is the one source of a list
  that costs nothing to ask for, so every ``range()`` inside an expression must have
  whole-number literals or parameters as arguments, and their sizes multiplied (nested loops
  multiply) at most ``cypher_max_range`` elements. ``UNWIND range(...)`` is free: it makes
  rows, and Neo4j stops between rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from graph.errors import NestedTooDeeply, QueryTooCostly, ReadOnlyViolation

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


# -- bounds on what Neo4j cannot bound itself ---------------------------------------------------

# Tokens that open or close a level, a prefix NOT, or a property access (.name) of a chain.
_NESTING = re.compile(r"[()\[\]{}]|\b(?:CASE|END|NOT)\b|\.\s*[A-Za-z_]\w*|\S", re.I)
_SUBSCRIPTS = re.compile(r"\]\s*\[")
_RANGE = re.compile(r"(?<![\w.$`])range\s*\(", re.I)
_UNWOUND = re.compile(r"\bUNWIND\s*$", re.I)
_INTEGER = re.compile(r"^[+-]?\s*\d+$")
_PARAMETER = re.compile(r"^\$\s*([A-Za-z_]\w*)$")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_JSON_BRACKETS = re.compile(rb"[\[\]{}]")


def nesting_depth(query: str) -> int:
    """How deep the text nests, as Neo4j's parser recurses: brackets and ``CASE ... END``
    open levels; a run of ``NOT`` and a chain of property accesses or subscripts (``a.b.c``,
    ``a[0][0]``) add one level each, since the parser nests them too. Strings and comments
    do not count."""
    code = _COMMENT_OR_STRING.sub(_blank, query)
    depth = deepest = run = 0
    chains: list[int] = []  # per open bracket: the chain its closing bracket continues
    previous = ""
    for match in _NESTING.finditer(code):
        token = match.group()
        word = token.upper()
        if token in "([{" or word == "CASE":
            chained = token == "[" and previous in ("]", ")")
            chains.append(run + 1 if chained else 0)
            depth += 1
            run = 0
            deepest = max(deepest, depth + chains[-1])
        elif token in ")]}" or word == "END":
            depth -= 1
            run = chains.pop() if chains else 0
        elif word == "NOT" or token.startswith("."):
            run = run + 1 if previous in ("N", ".", "]", ")") else 1
        else:
            run = 0
        previous = "N" if word == "NOT" else "." if token.startswith(".") else token
        deepest = max(deepest, depth + run)
    return deepest


def check_nesting(query: str, limit: int) -> None:
    depth = nesting_depth(query)
    if depth > limit:
        raise NestedTooDeeply(
            "query",
            f"the query nests {depth} levels deep, at most {limit} are allowed (Neo4j's parser "
            "recurses once per level and stops answering a few hundred levels down)",
        )


def json_depth(data: bytes) -> int:
    """How deep a JSON document nests (strings skipped), without parsing it: Python's own
    parser recurses once per level."""
    depth = deepest = 0
    for match in _JSON_BRACKETS.finditer(_JSON_STRING.sub(b'""', data)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def check_params_depth(data: bytes, limit: int) -> None:
    depth = json_depth(data)
    # The body itself and its "params" object are the first two levels.
    if depth - 2 > limit:
        raise NestedTooDeeply(
            "params",
            f"the parameters nest {depth - 2} levels deep, at most {limit} are allowed",
        )


def check_ranges(query: str, params: Mapping[str, Any], limit: int) -> None:
    """Refuse a ``range()`` whose size is not known from the text and the parameters, or
    ranges whose sizes multiplied pass ``limit`` (see the module's docstring)."""
    code = _COMMENT_OR_STRING.sub(_blank, query)
    total = 1
    sizes: list[int] = []
    for match in _RANGE.finditer(code):
        if _UNWOUND.search(code, 0, match.start()):
            continue  # UNWIND range(...) makes rows, and Neo4j stops between rows
        arguments = _arguments(code, match.end())
        bounds = [_whole_number(argument, params) for argument in arguments]
        if len(bounds) not in (2, 3) or any(b is None for b in bounds):
            raise QueryTooCostly(
                "range() needs whole-number literals or $parameters as its arguments here "
                f"(got range({', '.join(a.strip() for a in arguments)})), so that its size "
                "is known before the query runs: Neo4j cannot stop a loop over it"
            )
        start, end, step = (*[int(b or 0) for b in bounds], 1)[:3]
        if step == 0:
            continue  # Neo4j refuses a zero step itself
        size = max(0, (end - start) // step + 1)
        sizes.append(size)
        total *= max(size, 1)
    if total > limit:
        shown = " x ".join(f"{size:,}" for size in sizes)
        raise QueryTooCostly(
            f"range() asks for {shown} = {total:,} elements, at most {limit:,} are allowed "
            "(Neo4j cannot stop a loop inside one expression; ranges inside each other "
            "multiply)"
        )


def _arguments(code: str, begin: int) -> list[str]:
    """The top-level comma-separated arguments of the call whose ``(`` ends at ``begin``."""
    depth = 0
    parts: list[str] = []
    current = begin
    for index in range(begin, len(code)):
        char = code[index]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                parts.append(code[current:index])
                return parts
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(code[current:index])
            current = index + 1
    return [code[begin:]]  # unbalanced: not a size we know


def _whole_number(argument: str, params: Mapping[str, Any]) -> int | None:
    text = argument.strip()
    if _INTEGER.match(text):
        return int(text.replace(" ", ""))
    found = _PARAMETER.match(text)
    if found:
        value = params.get(found.group(1))
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None

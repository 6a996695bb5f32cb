"""Inferred relations: what structural balance predicts for pairs with no tie of their own.

Each open triangle source - via - target (both ties signed, no tie between source and target)
predicts a sign: friend of a friend and enemy of an enemy -> support; friend of an enemy and
enemy of a friend -> opposition. A tie's certainty is ``1 - exp(-strength)``; a path's evidence
is the product of its two certainties. Evidence for each sign adds up over paths, S+ and S-, and
the score is ``(1 - exp(-S+)) - (1 - exp(-S-))`` in [-1, 1]: one weak path gives a weak
prediction, many strong agreeing paths approach 1, contradicting paths cancel out.

The results are predictions, labelled ``inferred: true``, with the triangles that imply them and
no evidence: they are never stored as extracted relations nor mixed into evidence.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy.sparse import csr_matrix

from graph.alliances.results import InferredPath, InferredRelation, InferredResult, Rule, Sign
from graph.alliances.signed import SignedGraph

RULES: frozenset[str] = frozenset({"friend_of_friend", "enemy_of_enemy", "friend_of_enemy"})


def _sign(w: float) -> Sign:
    return "supports" if w > 0 else "opposes"


def _rule(first: float, second: float) -> Rule:
    """The rule a path follows, seen from the source: source -first- via -second- target."""
    if first > 0:
        return "friend_of_friend" if second > 0 else "enemy_of_friend"
    return "friend_of_enemy" if second > 0 else "enemy_of_enemy"


def _enabled(rule: Rule, rules: frozenset[str]) -> bool:
    # The same mixed triangle is "friend of an enemy" from one end, "enemy of a friend" from
    # the other: one switch for both.
    return (rule if rule != "enemy_of_friend" else "friend_of_enemy") in rules


def inferred_relations(
    graph: SignedGraph,
    *,
    actor: str | None = None,
    limit: int = 100,
    min_confidence: float = 0.0,
    paths: int = 3,
    rules: Iterable[str] = RULES,
) -> InferredResult:
    """Balance-theory predictions, most confident first (ties: by ids); with ``actor``, only
    the pairs it is in (a folded actor speaks through its representative)."""
    wanted = frozenset(rules)
    if not wanted <= RULES:
        raise ValueError(f"unknown rules: {sorted(wanted - RULES)}")
    n = len(graph.nodes)
    if n == 0:
        return InferredResult(relations=[], candidates=0)
    certainty = 1.0 - np.exp(-np.abs(graph.tie_w))
    positive = graph.tie_w > 0

    def matrix(mask: np.ndarray) -> csr_matrix:
        rows = np.concatenate([graph.tie_u[mask], graph.tie_v[mask]])
        cols = np.concatenate([graph.tie_v[mask], graph.tie_u[mask]])
        data = np.concatenate([certainty[mask], certainty[mask]])
        return csr_matrix((data, (rows, cols)), shape=(n, n))

    friends, enemies = matrix(positive), matrix(~positive)
    if actor is not None:
        index = graph.index.get(graph.represent(actor))
        if index is None:
            return InferredResult(relations=[], candidates=0)
        friends_of, enemies_of = friends[index], enemies[index]
    else:
        friends_of, enemies_of = friends, enemies
    zero = csr_matrix(friends_of.shape)
    support = zero.copy()
    if "friend_of_friend" in wanted:
        support = support + friends_of @ friends
    if "enemy_of_enemy" in wanted:
        support = support + enemies_of @ enemies
    opposition = zero.copy()
    if "friend_of_enemy" in wanted:
        opposition = opposition + friends_of @ enemies + enemies_of @ friends
    support_coo, opposition_coo = support.tocoo(), opposition.tocoo()
    rows = np.concatenate([support_coo.row, opposition_coo.row]).astype(np.int64)
    cols = np.concatenate([support_coo.col, opposition_coo.col]).astype(np.int64)
    if actor is not None:
        rows = np.full(len(rows), index, dtype=np.int64)
    s_plus = np.concatenate([support_coo.data, np.zeros(len(opposition_coo.data))])
    s_minus = np.concatenate([np.zeros(len(support_coo.data)), opposition_coo.data])

    # One entry per unordered pair without a tie of its own.
    a, b = np.minimum(rows, cols), np.maximum(rows, cols)
    keys = a * n + b
    tied = graph.tie_u * n + graph.tie_v
    keep = (a != b) & ~np.isin(keys, tied)
    if actor is None:
        keep &= rows < cols  # the product is symmetric: each pair once
    keys, s_plus, s_minus = keys[keep], s_plus[keep], s_minus[keep]
    pairs, inverse = np.unique(keys, return_inverse=True)
    s_plus = np.bincount(inverse, weights=s_plus, minlength=len(pairs))
    s_minus = np.bincount(inverse, weights=s_minus, minlength=len(pairs))
    score = np.round(np.exp(-s_minus) - np.exp(-s_plus), 6)
    confidence = np.abs(score)
    chosen = np.flatnonzero((confidence > 0) & (confidence >= min_confidence))
    candidates = int(np.count_nonzero(confidence > 0))
    order = chosen[np.lexsort((pairs[chosen], -confidence[chosen]))][:limit]
    return InferredResult(
        relations=[
            _relation(graph, int(pairs[k] // n), int(pairs[k] % n), float(score[k]), wanted, paths)
            for k in order.tolist()
        ],
        candidates=candidates,
    )


def _relation(
    graph: SignedGraph, a: int, b: int, score: float, rules: frozenset[str], paths: int
) -> InferredRelation:
    adjacency = graph.adjacency
    found = []
    support_paths = opposition_paths = 0
    for via in sorted(adjacency[a].keys() & adjacency[b].keys()):
        first, second = adjacency[a][via], adjacency[via][b]
        rule = _rule(first, second)
        if not _enabled(rule, rules):
            continue
        if first * second > 0:
            support_paths += 1
        else:
            opposition_paths += 1
        strength = (1.0 - np.exp(-abs(first))) * (1.0 - np.exp(-abs(second)))
        found.append((-round(float(strength), 6), graph.nodes[via], first, second, rule))
    found.sort()
    return InferredRelation(
        source=graph.nodes[a],
        target=graph.nodes[b],
        type="supports" if score > 0 else "opposes",
        score=score,
        confidence=abs(score),
        support_paths=support_paths,
        opposition_paths=opposition_paths,
        because=[
            InferredPath(via=via, first=_sign(f), second=_sign(s), rule=rule, strength=-neg)
            for neg, via, f, s, rule in found[:paths]
        ],
    )

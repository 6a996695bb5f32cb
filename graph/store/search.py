"""Actor search: the letter sequences (grams) both backends' full-text indexes hold for an
actor, the ones a query asks for, and the ranking of the candidates they bring back."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from graph.model import ActorType, actor_fields
from graph.store.protocol import Row

FUZZY_CUTOFF = 80.0
# Search candidates share a GRAM-letter sequence with the query (a shorter query: one as long as
# itself). Four letters: three made a query of a common syllable fetch most of 5,000 actors.
GRAM = 4


def with_search_terms(row: Row) -> Row:
    """The row as backends write it: its fields, its type label, the name it sorts by and
    what both full-text indexes hold for search (its 2- to GRAM-letter sequences, GRAM_SIZES)."""
    names = [row["id"], row["name"], *(row.get("aliases") or [])]
    return {
        **actor_fields(row),
        "label": ActorType(row["type"]).label,
        "sort_name": row["name"].lower(),
        "grams": " ".join(sorted({g for n in names for g in grams(n.lower(), GRAM_SIZES)})),
    }


def grams(text: str, sizes: tuple[int, ...]) -> set[str]:
    """Letter sequences of the given sizes, each as a token both full-text engines keep whole
    (``g`` and the sequence's UTF-8 in hex)."""
    return {"g" + text[i : i + n].encode().hex() for n in sizes for i in range(len(text) - n + 1)}


GRAM_SIZES = tuple(range(2, GRAM + 1))


def query_grams(q: str) -> list[str] | None:
    """The grams a search asks the index for; None when the query is too short to use it."""
    if len(q) < 2:
        return None
    return sorted(grams(q, (min(len(q), GRAM),)))


def rank_actors(query: str, rows: Sequence[Row]) -> list[tuple[float, Row]]:
    """The actor rows that match a search, each with its rank. Lower is better: 0 exact, 1
    prefix, 2 word prefix, 3 substring (of the id, the name or an alias, whichever ranks
    best), then 4-5 for fuzzy matches ("Bashar Assad" for "Bashar al-Assad", "Lavrof")."""
    q = query.strip().lower()
    if not q:
        return [(0.0, row) for row in rows]
    best: list[float | None] = [None] * len(rows)
    names: list[str] = []  # names to score fuzzily, and the row each belongs to
    owners: list[int] = []
    words: list[str] = []  # their words, and the name each belongs to
    word_names: list[int] = []
    for i, row in enumerate(rows):
        for candidate in (row["id"], row["name"], *(row.get("aliases") or [])):
            c = candidate.lower()
            # Exact, prefix, word prefix and substring matches all contain the query (a word
            # prefix has no space or hyphen in it): one test rules the four out at once.
            if q in c:
                if c == q:
                    rank = 0.0
                elif c.startswith(q):
                    rank = 1.0
                elif any(word.startswith(q) for word in c.replace("-", " ").split()):
                    rank = 2.0
                else:
                    rank = 3.0
                known = best[i]
                best[i] = rank if known is None else min(known, rank)
            elif len(q) >= 4:
                for word in c.replace("-", " ").split():
                    words.append(word)
                    word_names.append(len(names))
                names.append(c)
                owners.append(i)
    if names:
        # Each scorer runs over every name (or word) in one call: a common sequence brings
        # back hundreds of candidates, and three Python calls per name were most of a search.
        # Below the cutoff a name scores nothing, as each call alone would say.
        scores = [0.0] * len(names)
        for scorer, choices, owner in (
            (fuzz.token_sort_ratio, names, None),
            (fuzz.ratio, names, None),
            (fuzz.ratio, words, word_names),  # "lavrof" ~ "lavrov"
        ):
            for _, score, k in process.extract(
                q, choices, scorer=scorer, score_cutoff=FUZZY_CUTOFF, limit=None
            ):
                n = k if owner is None else owner[k]
                scores[n] = max(scores[n], score)
        for n, score in enumerate(scores):
            if score >= FUZZY_CUTOFF:
                rank = 4.0 + (100.0 - score) / 100.0
                i = owners[n]
                known = best[i]
                best[i] = rank if known is None else min(known, rank)
    return [(rank, row) for rank, row in zip(best, rows, strict=True) if rank is not None]

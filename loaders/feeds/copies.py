"""Syndicated copies: is this article a lightly edited copy of a story already stored?

A wire story is republished by many outlets with a new headline, a dateline, a paragraph cut or
moved, a sentence reworded, the agency's boilerplate added. Its word shingles (runs of
``shingle`` words of the normalised text) stay mostly the same, while an article written
independently about the same event, with the same names and even the same quote, shares few of
them. The detector estimates the Jaccard similarity of shingle sets with MinHash and finds
candidates among the stored articles with MinHash LSH (``datasketch``); an article whose
estimated similarity to a stored one reaches ``threshold`` is a copy of that one's story.

The threshold and shingle size were chosen by measurement on labelled pairs
(``tests/data/copies``, README "Following feeds").

Persistence: the detector keeps only signatures (``num_perm`` 32-bit values per article, 512
bytes at 128) and hands each new one to a :class:`Signatures` holder: the graph store (a table
of the SQLite file, nodes in Neo4j: ``graph.store.protocol.Following``), or
:class:`MemorySignatures`. On start it reads them back and rebuilds the LSH index;
:meth:`CopyDetector.refresh` reads those saved since (by another process: a ``watch`` beside
a ``serve --watch``). Signatures are keyed by :attr:`CopyParams.scheme`: after a change of
shingle size, permutations or normalisation, the old ones are ignored, never compared with new
ones.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH

from graph.settings import Settings

# Bump when words() or shingles() change: signatures made before are then of another scheme.
NORMALISATION_VERSION = 1
_WORD = re.compile(r"\w+")
_DTYPE = np.dtype("<u4")


def words(text: str) -> list[str]:
    """The words of a text, compared the way copies are: case, accents, punctuation and
    spacing ignored (an outlet's house style changes those, not the story)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _WORD.findall(plain)


def shingles(tokens: list[str], size: int) -> set[bytes]:
    """Runs of ``size`` consecutive words; a text shorter than that is one shingle."""
    if len(tokens) < size:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)}


def jaccard(one: set[bytes], other: set[bytes]) -> float:
    """Exact Jaccard similarity of two shingle sets (what MinHash estimates)."""
    if not one and not other:
        return 0.0
    return len(one & other) / len(one | other)


@dataclass(frozen=True)
class CopyParams:
    threshold: float
    shingle: int
    num_perm: int = 128
    seed: int = 1

    @classmethod
    def from_settings(cls, settings: Settings) -> CopyParams:
        return cls(
            threshold=settings.copy_threshold,
            shingle=settings.copy_shingle,
            num_perm=settings.copy_num_perm,
        )

    @property
    def scheme(self) -> str:
        """What makes two signatures comparable; the threshold is not part of it."""
        return (
            f"minhash-affine32-sha1-n{NORMALISATION_VERSION}"
            f"-k{self.shingle}-p{self.num_perm}-s{self.seed}"
        )


def lsh_bands(threshold: float, num_perm: int, recall: float = 0.99) -> tuple[int, int]:
    """Bands and rows per band such that two texts exactly at the threshold share a band with
    probability ``recall`` or more: the most rows (fewest chance candidates) that still do.

    datasketch's own choice balances false positives and negatives around the threshold: for
    0.3 and 128 permutations, 37 bands of 3 rows, which make a pair at the threshold a
    candidate with probability 0.64; 64 bands of 2 rows make it 0.998 (on the labelled pairs,
    42 x 3 bands missed 2 of the 118 pairs estimated at 0.3 or more, 64 x 2 none).
    """
    for rows in range(num_perm // 2, 0, -1):
        bands = num_perm // rows
        if bands >= 2 and 1 - (1 - threshold**rows) ** bands >= recall:
            return bands, rows
    return num_perm, 1


class CopyMatch(NamedTuple):
    """The story a text is a copy of (None: a new story) and the estimated similarity to the
    closest stored article, whether or not it reached the threshold."""

    story_id: str | None
    similarity: float


@dataclass(frozen=True)
class Match:
    article_id: str
    story_id: str
    similarity: float


class Signatures(Protocol):
    """Where signatures outlive the process: rows ``{article_id, story, minhash}`` (bytes:
    ``num_perm`` unsigned 32-bit values, little-endian) saved per scheme, an article's earlier
    one replaced, read back in the order saved with a growing ``seq`` to resume from."""

    def save_signatures(self, scheme: str, rows: Sequence[Mapping[str, Any]]) -> None: ...

    def signatures(self, scheme: str, after: int = 0) -> list[dict[str, Any]]: ...


class MemorySignatures:
    """Signatures kept in memory only (tests, one-off runs)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], dict[str, Any]] = {}
        self._seq = 0

    def save_signatures(self, scheme: str, rows: Sequence[Mapping[str, Any]]) -> None:
        for row in rows:
            self._seq += 1
            self.rows.pop((scheme, row["article_id"]), None)
            self.rows[(scheme, row["article_id"])] = {**row, "seq": self._seq}

    def signatures(self, scheme: str, after: int = 0) -> list[dict[str, Any]]:
        return [r for (kind, _), r in self.rows.items() if kind == scheme and r["seq"] > after]


class CopyDetector:
    """Finds the stored story a text copies. Thread-safe; ``add`` writes through to the store.

    ``find(text)`` before ``add(article_id, text, story_id)``: a new story's ``story_id`` is
    the caller's choice (usually its own article id), a copy's is the ``story_id`` found.
    """

    def __init__(self, params: CopyParams, store: Signatures | None = None) -> None:
        self.params = params
        self.store: Signatures = store if store is not None else MemorySignatures()
        self._template = MinHash(num_perm=params.num_perm, seed=params.seed, scheme="affine32")
        # LSH only proposes candidates; each is checked again on its estimated similarity, so
        # a false candidate costs one comparison and a missed one costs a copy counted twice:
        # the bands are laid out for recall (see lsh_bands).
        self._lsh = MinHashLSH(
            num_perm=params.num_perm, params=lsh_bands(params.threshold, params.num_perm)
        )
        self._signatures: dict[str, tuple[str, np.ndarray]] = {}
        self._lock = threading.Lock()
        self._cursor = 0
        self.refresh()

    @classmethod
    def from_settings(cls, settings: Settings, store: Signatures | None = None) -> CopyDetector:
        return cls(CopyParams.from_settings(settings), store)

    def refresh(self) -> int:
        """Index the signatures saved since the last read (all of them the first time); how
        many were read."""
        rows = self.store.signatures(self.params.scheme, self._cursor)
        with self._lock:
            for row in rows:
                values = np.frombuffer(row["minhash"], dtype=_DTYPE)
                if len(values) == self.params.num_perm:
                    self._index(str(row["article_id"]), str(row["story"]), values)
                self._cursor = max(self._cursor, int(row["seq"]))
        return len(rows)

    def __len__(self) -> int:
        return len(self._signatures)

    def signature(self, text: str) -> np.ndarray:
        """The MinHash values of a text (``num_perm`` unsigned 32-bit integers)."""
        minhash = MinHash(
            num_perm=self.params.num_perm,
            seed=self.params.seed,
            permutations=self._template.permutations,
            scheme="affine32",
        )
        minhash.update_batch(shingles(words(text), self.params.shingle))
        values: np.ndarray = minhash.hashvalues.astype(_DTYPE)
        return values

    def matches(self, text: str) -> list[Match]:
        """Every stored article at or above the threshold, most similar first."""
        return self._matches(self.signature(text))

    def find(self, text: str) -> CopyMatch:
        """The story ``text`` is a copy of, or None, with the best estimated similarity."""
        return self.match(self.signature(text))

    def match(self, values: np.ndarray) -> CopyMatch:
        """``find`` for a signature already computed."""
        best = self._best(values)
        if best is None:
            return CopyMatch(None, 0.0)
        story = best.story_id if best.similarity >= self.params.threshold else None
        return CopyMatch(story, best.similarity)

    def add(self, article_id: str, text: str, story_id: str) -> None:
        """Remember an article (again: its earlier signature is replaced)."""
        self.remember(article_id, story_id, self.signature(text))

    def remember(self, article_id: str, story_id: str, values: np.ndarray) -> None:
        """``add`` for a signature already computed: saved first, then indexed."""
        row = {"article_id": article_id, "story": story_id, "minhash": values.tobytes()}
        self.store.save_signatures(self.params.scheme, [row])
        with self._lock:
            self._index(article_id, story_id, values)

    # -- internals -------------------------------------------------------------------------

    def _index(self, article_id: str, story_id: str, values: np.ndarray) -> None:
        if article_id in self._signatures:
            self._lsh.remove(article_id)
        self._signatures[article_id] = (story_id, values)
        if _empty(values):
            return  # a text without words matches nothing and is never a candidate
        self._lsh.insert(article_id, _Sketch(values, self.params.seed), check_duplication=False)

    def _candidates(self, values: np.ndarray) -> list[Match]:
        if _empty(values):
            return []
        with self._lock:
            keys = self._lsh.query(_Sketch(values, self.params.seed))
            found = [(key, *self._signatures[key]) for key in keys]
        if not found:
            return []
        # One vectorised comparison for all candidates: there can be hundreds among 10,000.
        agree = np.count_nonzero(np.stack([stored for _, _, stored in found]) == values, axis=1)
        share = agree / len(values)
        return [
            Match(str(key), story, float(sim))
            for (key, story, _), sim in zip(found, share, strict=True)
        ]

    def _matches(self, values: np.ndarray) -> list[Match]:
        above = [m for m in self._candidates(values) if m.similarity >= self.params.threshold]
        return sorted(above, key=lambda m: (-m.similarity, m.article_id))

    def _best(self, values: np.ndarray) -> Match | None:
        found = sorted(self._candidates(values), key=lambda m: (-m.similarity, m.article_id))
        return found[0] if found else None


_EMPTY = np.uint32(0xFFFFFFFF)


def _empty(values: np.ndarray) -> bool:
    return bool(np.all(values == _EMPTY))


class _Sketch:
    """What MinHashLSH reads of a MinHash (its values, length and scheme), without building
    a MinHash object per query."""

    __slots__ = ("hashvalues", "scheme", "seed")

    def __init__(self, values: np.ndarray, seed: int) -> None:
        self.hashvalues = values
        self.seed = seed
        self.scheme = "affine32"

    def __len__(self) -> int:
        return len(self.hashvalues)

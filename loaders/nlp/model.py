"""ParsedDocument: the project's own typed view of a CoreNLP parse, small and JSON-serialisable.

Everything a relation rule needs, and nothing tied to CoreNLP's JSON:

- sentences of tokens (word, original text, lemma, POS, NER tag, character offsets into the
  article text as Python indexes them: ``text[token.start:token.end] == token.original``);
- the entity mentions CoreNLP's NER builds (multi-token names, with token span and offsets);
- the enhanced++ Universal Dependencies graph, one ``Dependency`` per edge, relations with their
  subtypes as CoreNLP writes them (``nsubj:pass``, ``obl:in``, ``nmod:poss``, ``conj:and``);
- optionally coreference chains.

Token indexes are CoreNLP's: 1-based within a sentence, 0 is the artificial root, so a token's
``index`` is its node in the dependency graph. A rule walks the graph with ``children`` and
``parents`` (tokens, optionally filtered by relation) or ``out_edges`` / ``in_edges`` (edges).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

FORMAT_VERSION = 1
ROOT = 0


@dataclass(frozen=True, slots=True)
class Token:
    index: int  # 1-based position in its sentence = its node in the dependency graph
    word: str  # as CoreNLP normalises it (soft hyphens dropped...)
    original: str  # the article's characters, text[start:end]
    start: int
    end: int
    lemma: str
    pos: str  # Penn Treebank tag
    ner: str  # "O" outside entities


@dataclass(frozen=True, slots=True)
class Dependency:
    governor: int  # token index, 0 for the root
    dependent: int
    relation: str  # "nsubj", "obl:in", "nmod:poss", "conj:and", "root"...

    @property
    def base(self) -> str:
        """The relation without its subtype: ``obl`` for ``obl:in``."""
        return _base(self.relation)


@functools.lru_cache(maxsize=1024)  # a few dozen relation names; rules ask for bases often
def _base(relation: str) -> str:
    return relation.split(":", 1)[0]


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named entity as CoreNLP's NER groups it: tokens ``first..last`` (inclusive)."""

    text: str
    ner: str
    first: int
    last: int
    start: int
    end: int

    @property
    def indexes(self) -> range:
        return range(self.first, self.last + 1)


@dataclass(frozen=True, slots=True)
class CorefMention:
    sentence: int  # index of the sentence in the document
    first: int
    last: int
    head: int
    start: int
    end: int
    text: str
    type: str  # PROPER, NOMINAL, PRONOMINAL, LIST
    representative: bool


@dataclass(frozen=True, slots=True)
class CorefChain:
    mentions: tuple[CorefMention, ...]

    @property
    def representative(self) -> CorefMention:
        return next((m for m in self.mentions if m.representative), self.mentions[0])


def _matching(edges: Iterable[Dependency], wanted: str | None) -> list[Dependency]:
    """The edges whose relation is ``wanted``: ``obl`` matches ``obl`` and every ``obl:*``,
    ``obl:in`` only itself, None every edge. (Rules walk edges in their innermost loops: the
    test is specialised once per call, not once per edge.)"""
    if wanted is None:
        return list(edges)
    if ":" in wanted:
        return [d for d in edges if d.relation == wanted]
    subtype = wanted + ":"
    return [d for d in edges if d.relation == wanted or d.relation.startswith(subtype)]


@dataclass(frozen=True)
class Sentence:
    index: int
    tokens: tuple[Token, ...]
    dependencies: tuple[Dependency, ...]  # enhanced++
    mentions: tuple[EntityMention, ...] = ()
    _out: dict[int, list[Dependency]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _in: dict[int, list[Dependency]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for dep in self.dependencies:
            self._out.setdefault(dep.governor, []).append(dep)
            self._in.setdefault(dep.dependent, []).append(dep)

    @property
    def start(self) -> int:
        return self.tokens[0].start if self.tokens else 0

    @property
    def end(self) -> int:
        return self.tokens[-1].end if self.tokens else 0

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def token(self, index: int) -> Token:
        """The token with this 1-based index."""
        if index < 1:
            raise IndexError(f"token index {index}: tokens are numbered from 1 (0 is the root)")
        return self.tokens[index - 1]

    def out_edges(self, index: int, relation: str | None = None) -> list[Dependency]:
        return _matching(self._out.get(index, ()), relation)

    def in_edges(self, index: int, relation: str | None = None) -> list[Dependency]:
        return _matching(self._in.get(index, ()), relation)

    def children(self, index: int, relation: str | None = None) -> list[Token]:
        """Dependents of token ``index`` (0: the root's), by relation or its base."""
        return [self.token(d.dependent) for d in self.out_edges(index, relation)]

    def parents(self, index: int, relation: str | None = None) -> list[Token]:
        """Governors of token ``index`` (enhanced++ may give several); the root is left out."""
        return [
            self.token(d.governor) for d in self.in_edges(index, relation) if d.governor != ROOT
        ]

    def roots(self) -> list[Token]:
        return self.children(ROOT)

    def head(self, first: int, last: int) -> Token:
        """The token of span ``first..last`` that the rest of the sentence attaches to: the
        first one with a governor outside the span (the last token if none has)."""
        if first == last:
            return self.token(last)  # whatever its governors, a one-word span's head
        for index in range(first, last + 1):
            if any(not first <= d.governor <= last for d in self._in.get(index, ())):
                return self.token(index)
        return self.token(last)


@dataclass(frozen=True)
class ParsedDocument:
    sentences: tuple[Sentence, ...]
    corefs: tuple[CorefChain, ...] = ()
    pipeline: str = ""  # signature of the CoreNLP version and properties that made it

    def tokens(self) -> Iterator[Token]:
        for sentence in self.sentences:
            yield from sentence.tokens

    def mentions(self) -> Iterator[tuple[Sentence, EntityMention]]:
        for sentence in self.sentences:
            for mention in sentence.mentions:
                yield sentence, mention

    @property
    def token_count(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)

    # -- JSON ------------------------------------------------------------------------------
    # Tokens, edges and mentions are written as arrays in the field order above: about a third
    # of the size of objects, and faster to read back from the parse cache.

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "pipeline": self.pipeline,
            "sentences": [
                {
                    "index": s.index,
                    "tokens": [
                        [t.index, t.word, t.original, t.start, t.end, t.lemma, t.pos, t.ner]
                        for t in s.tokens
                    ],
                    "dependencies": [[d.governor, d.dependent, d.relation] for d in s.dependencies],
                    "mentions": [
                        [m.text, m.ner, m.first, m.last, m.start, m.end] for m in s.mentions
                    ],
                }
                for s in self.sentences
            ],
            "corefs": [
                [
                    [
                        m.sentence,
                        m.first,
                        m.last,
                        m.head,
                        m.start,
                        m.end,
                        m.text,
                        m.type,
                        m.representative,
                    ]
                    for m in chain.mentions
                ]
                for chain in self.corefs
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedDocument:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"ParsedDocument format {data.get('format')!r}, not {FORMAT_VERSION}")
        return cls(
            sentences=tuple(
                Sentence(
                    index=s["index"],
                    tokens=tuple(Token(*t) for t in s["tokens"]),
                    dependencies=tuple(Dependency(*d) for d in s["dependencies"]),
                    mentions=tuple(EntityMention(*m) for m in s["mentions"]),
                )
                for s in data["sentences"]
            ),
            corefs=tuple(
                CorefChain(tuple(CorefMention(*m) for m in chain)) for chain in data["corefs"]
            ),
            pipeline=data.get("pipeline", ""),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str | bytes) -> ParsedDocument:
        return cls.from_dict(json.loads(raw))

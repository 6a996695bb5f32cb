"""CoreNLP's JSON output (``outputFormat=json``) to ParsedDocument.

Offsets: CoreNLP counts ``characterOffsetBegin/End`` in UTF-16 code units (Java chars), so every
character outside the Basic Multilingual Plane (emoji, some CJK, mathematical letters) shifts
them by one against Python's indexes. With ``tokenize.codepoint=true`` (the pipeline sets it)
tokens also carry ``codepointOffsetBegin/End``, which are Python's indexes; without them the
UTF-16 offsets are converted here. Entity mentions only carry UTF-16 offsets, so theirs are taken
from their first and last tokens. ``base`` shifts a piece of a longer text to its place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from loaders.nlp.model import (
    CorefChain,
    CorefMention,
    Dependency,
    EntityMention,
    Sentence,
    Token,
)

# The key of the enhanced++ dependency graph in CoreNLP's JSON sentences.
ENHANCED_PLUS_PLUS = "enhancedPlusPlusDependencies"
_FALLBACK_GRAPHS = ("enhancedDependencies", "basicDependencies")


def utf16_to_codepoint(text: str) -> Callable[[int], int]:
    """A function mapping UTF-16 offsets into ``text`` to Python string offsets."""
    astral: list[int] = []  # UTF-16 offset of each character outside the BMP
    if not text.isascii() and any(ord(c) > 0xFFFF for c in text):
        units = 0
        for char in text:
            if ord(char) > 0xFFFF:
                astral.append(units)
                units += 2
            else:
                units += 1
    if not astral:
        return lambda offset: offset
    return lambda offset: offset - bisect_left(astral, offset)


def convert_sentences(
    data: dict[str, Any], text: str, base: int = 0, first_index: int = 0
) -> list[Sentence]:
    """The sentences of one CoreNLP answer for ``text``, offsets shifted by ``base``."""
    to_codepoint: Callable[[int], int] | None = None
    sentences = []
    for number, raw in enumerate(data.get("sentences", ())):
        tokens = []
        for t in raw["tokens"]:
            if "codepointOffsetBegin" in t:
                start, end = t["codepointOffsetBegin"], t["codepointOffsetEnd"]
            else:
                if to_codepoint is None:
                    to_codepoint = utf16_to_codepoint(text)
                start = to_codepoint(t["characterOffsetBegin"])
                end = to_codepoint(t["characterOffsetEnd"])
            tokens.append(
                Token(
                    t["index"],
                    t["word"],
                    t.get("originalText", t["word"]),
                    start + base,
                    end + base,
                    t.get("lemma", t["word"]),
                    t.get("pos", ""),
                    t.get("ner", "O"),
                )
            )
        graph = raw.get(ENHANCED_PLUS_PLUS)
        if graph is None:
            graph = next((raw[k] for k in _FALLBACK_GRAPHS if k in raw), [])
        dependencies = tuple(
            Dependency(d["governor"], d["dependent"], "root" if d["dep"] == "ROOT" else d["dep"])
            for d in graph
        )
        mentions = []
        for m in raw.get("entitymentions", ()):
            first = m["tokenBegin"] + 1
            last = m["tokenEnd"]
            start, end = tokens[first - 1].start, tokens[last - 1].end
            mentions.append(
                EntityMention(text[start - base : end - base], m["ner"], first, last, start, end)
            )
        sentences.append(
            Sentence(first_index + number, tuple(tokens), dependencies, tuple(mentions))
        )
    return sentences


def convert_corefs(
    data: dict[str, Any], sentences: list[Sentence], text: str, base: int, first_index: int
) -> list[CorefChain]:
    """Coreference chains of one CoreNLP answer; ``sentences`` are the whole document's."""
    chains = []
    for raw_chain in (data.get("corefs") or {}).values():
        mentions = []
        for m in raw_chain:
            sentence = sentences[first_index + m["sentNum"] - 1]
            first, last = m["startIndex"], m["endIndex"] - 1
            start, end = sentence.token(first).start, sentence.token(last).end
            mentions.append(
                CorefMention(
                    sentence.index,
                    first,
                    last,
                    m["headIndex"],
                    start,
                    end,
                    text[start - base : end - base],
                    m.get("type", ""),
                    bool(m.get("isRepresentativeMention")),
                )
            )
        mentions.sort(key=lambda c: (c.start, c.end))
        chains.append(CorefChain(tuple(mentions)))
    return chains

"""Tokens and sentences with character offsets into the original text."""

from __future__ import annotations

import re
from typing import NamedTuple

from loaders.knowledge.words import words

# Abbreviations with inner dots (U.S., U.N.) stay one token; a possessive 's is its own token;
# hyphenated words (al-Assad, opposition-controlled) stay whole.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"
    r"|[0-9]+(?:[.,:][0-9]+)*"
    r"|\w+(?:[-\u2010\u2011]\w+)*(?:['\u2019]\w+(?:[-\u2010\u2011]\w+)*)*(?<!['\u2019]s)"
    r"|['\u2019]s\b"
    r"|[^\w\s\u200b-\u200f\u2060\ufeff]",  # invisible format characters are not tokens
    re.UNICODE,
)
_ABBREVIATIONS = words("text", "abbreviations")
_CLOSERS = frozenset("\"'\u201d\u2019)]")


class Token(NamedTuple):
    text: str
    start: int
    end: int
    lower: str


def tokenize(text: str, offset: int = 0, end: int | None = None) -> list[Token]:
    stop = len(text) if end is None else end
    tokens = []
    for match in _TOKEN.finditer(text, offset, stop):
        word = match.group()
        lower = word.lower()
        if not lower.isascii():
            lower = lower.replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")
        tokens.append(Token(word, match.start(), match.end(), lower))
    return tokens

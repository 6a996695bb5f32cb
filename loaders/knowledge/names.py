"""Name keys and display casing shared by the Phoenix converter and its lookup.

``name_key`` is the form names are matched by: case, diacritics, punctuation, a leading
"the", Arabic articles (al-, el-, ash-, ar- ...) and hyphens do not matter::

    name_key("Bashar al-Assad") == name_key("BASHAR_AL_ASSAD") == name_key("Bashar Assad")
"""

from __future__ import annotations

import functools
import re
import unicodedata

from loaders.knowledge.words import words


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Arabic article forms: "al"/"el" always, the assimilated ones only when hyphen-joined.
_ARTICLES = frozenset({"al", "el"})
_ASSIMILATED = words("names", "assimilated")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_SPLIT = re.compile(r"[\s_/]+")


@functools.lru_cache(maxsize=262_144)
def fold_case(text: str) -> str:
    """Lower case, no diacritics, typographic apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@functools.lru_cache(maxsize=262_144)  # news repeats its words: most lookups are hits
def key_tokens(text: str) -> tuple[str, ...]:
    tokens: list[str] = []
    for chunk in _SPLIT.split(fold_case(text)):
        parts = [p for p in re.split(r"[-\u2010\u2011\u2013]", chunk) if p]
        for index, part in enumerate(parts):
            word = re.sub(r"[^a-z0-9]", "", part)  # U.N. -> un, Sha'bi -> shabi
            if not word:
                continue
            hyphen_joined = index < len(parts) - 1
            if word in _ARTICLES or (hyphen_joined and word in _ASSIMILATED):
                continue
            tokens.append(word)
    while tokens and tokens[0] == "the":
        tokens.pop(0)
    return tuple(tokens)


@functools.lru_cache(maxsize=262_144)
def name_key(text: str) -> str:
    return " ".join(key_tokens(text))


OFFICE_WORDS = word_set(
    """of the and state defense defence treasury interior foreign affairs energy commerce
    agriculture labor labour education health justice homeland security finance economy trade
    un u.n. united nations us u.s. national elect president-elect acting former"""
)
TITLES = word_set(
    """mr mrs ms dr sir lord lady president vice prime minister premier senator sen secretary
    general gen ambassador king queen prince princess sheikh sheik shaikh emir amir sultan
    ayatollah imam mullah colonel col major maj captain capt lieutenant lt commander
    chairman chancellor governor gov judge justice deputy foreign defence defense interior
    chief sec-gen secretary-general sg pope cardinal archbishop bishop rev reverend father
    brother mufti grand speaker marshal admiral brigadier field first"""
)


# ---------------------------------------------------------------- display casing

_LOWER_WORDS = words("names", "lower_words")
_PREFIXES = _LOWER_WORDS | {"ad", "an", "ar", "as", "ash", "at", "az", "ul"}
_VOWELS = set("AEIOUY")


def _case_word(word: str, first: bool, acronym: bool, person: bool = False) -> str:
    if "-" in word:
        parts = word.split("-")
        cased = [
            _case_word(part, first and i == 0, acronym, person) if part else part
            for i, part in enumerate(parts)
        ]
        if len(parts) == 2 and parts[0].lower() in _PREFIXES and parts[1] and not first:
            cased[0] = parts[0].lower()  # al-Assad, ash-Sham
        elif len(parts) == 2 and parts[0].lower() in ("al", "el") and first:
            cased[0] = parts[0].lower()  # al-Qaeda at the start too
        return "-".join(cased)
    letters = re.sub(r"[^A-Za-z]", "", word)
    if not letters:
        return word
    lower = word.lower()
    if not first and lower in _LOWER_WORDS:
        return lower
    if person:
        if re.fullmatch(r"[IVX]+", word.upper()) and not first:
            return word.upper()  # John Paul II
        if len(letters) == 1:
            return word.upper()  # initials: H.
    elif "." in word or acronym or (len(letters) >= 2 and not (_VOWELS & set(letters.upper()))):
        return word.upper()  # U.N., NATO-like names, PKK, DHKP/C
    if re.fullmatch(r"[IVX]+", word.upper()) and len(word) <= 4 and not first:
        return word.upper()  # roman numerals
    if word.upper().startswith("MC") and len(letters) > 3:
        return "Mc" + word[2:3].upper() + word[3:].lower()
    if "'" in word:
        head, _, tail = word.partition("'")
        if len(head) == 1 and tail:  # O'BRIEN, D'ESCOTO
            return head.upper() + "'" + tail[:1].upper() + tail[1:].lower()
        return head[:1].upper() + head[1:].lower() + "'" + tail.lower()
    return word[:1].upper() + word[1:].lower()


def display_name(tokens: tuple[str, ...] | list[str], person: bool = False) -> str:
    """``("BASHAR", "AL-ASSAD")`` -> "Bashar al-Assad"; short single words stay upper case
    (acronyms), except in a person's name ("Ban Ki-moon", not "Ban KI-Moon")."""
    words = list(tokens)
    if len(words) == 1 and not person:
        letters = re.sub(r"[^A-Za-z]", "", words[0])
        if len(letters) <= 4 or not (_VOWELS & set(letters.upper())):
            return words[0].upper()
    cased = [
        _case_word(word, index == 0, acronym=not person
                   and len(re.sub(r"[^A-Za-z]", "", word)) <= 2
                   and word.lower() not in _PREFIXES, person=person)
        for index, word in enumerate(words)
    ]  # fmt: skip
    return " ".join(cased)

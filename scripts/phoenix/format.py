"""Readers for the Phoenix / PETRARCH2 dictionary formats (actors, agents, CAMEO verbs).

Pure parsing: text in, plain records out. What the records mean for actorgraph (types,
guards, ids) is decided in ``scripts.phoenix.build``.

Actor files (``Phoenix.*.actors.txt``)::

    SYRIA_  [SYR]                  primary name; trailing _ = whole word; codes may follow
    +SYRIAN_                       synonym of the block's primary name
    BASHAR_AL_ASSAD_  # comment    # starts a comment (kept: it names the source list)
        [SYRELI 830101-000101]     code lines: CODE, optionally a date or a date range
        [SYRGOV >000717]           >D from D on, <D until D, A-B between; YYMMDD or YYYYMMDD
    AMBASSADOR_X [USAGOV] [ELI]    several codes may share a line

A block is a primary name, its ``+`` synonyms and the codes that follow them. A primary name
with no code that is directly followed (no blank line) by another primary name takes the next
block's codes: the files list several groups above one code line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

# ---------------------------------------------------------------- names


@dataclass(frozen=True, slots=True)
class Name:
    """One name as written: tokens upper-cased as in the file."""

    tokens: tuple[str, ...]
    whole_word: bool  # a trailing '_': matches the whole word only (no stem match)
    acronym: str | None = None  # "(ALF)" written after the name
    qualifier: str | None = None  # any other parenthesised part: "(GREECE)"

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


_PAREN = re.compile(r"\(([^()]*)\)")


def parse_name(raw: str) -> Name | None:
    """``AL-NUSRA_FRONT_`` -> Name(("AL-NUSRA", "FRONT"), whole_word=True)."""
    text = raw.strip()
    if not text:
        return None
    whole_word = text.endswith("_")
    acronym: str | None = None
    qualifier: str | None = None
    for inner in _PAREN.findall(text):
        words = [w for w in re.split(r"[_\s]+", inner) if w]
        joined = " ".join(words)
        if len(words) == 1 and _looks_like_acronym(words[0]):
            acronym = acronym or words[0]
        elif joined:
            qualifier = qualifier or joined
    text = _PAREN.sub(" ", text)
    tokens = tuple(
        token.strip(":;,").strip()
        for token in re.split(r"[_\s]+", text)
        if token.strip(":;,").strip() and token.strip(":;,") not in {"-", "+"}
    )
    if not tokens:
        return None
    return Name(tokens, whole_word, acronym, qualifier)


def _looks_like_acronym(word: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    return 2 <= len(letters) <= 8 and len(letters) >= len(word) - 2


# ---------------------------------------------------------------- codes and dates


class DateError(ValueError):
    pass


def parse_date(text: str) -> date:
    """``YYMMDD`` (00-30 is 20YY, else 19YY, as PETRARCH reads it) or ``YYYYMMDD``."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise DateError(f"not a 6- or 8-digit date: {text!r}")
    if len(digits) == 6:
        year = int(digits[:2])
        year += 2000 if year <= 30 else 1900
        month, day = int(digits[2:4]), int(digits[4:6])
    else:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateError(f"no such day: {text!r}") from error


@dataclass(frozen=True, slots=True)
class Code:
    """A CAMEO actor code with its validity: ``since``/``until`` are inclusive bounds."""

    code: str
    since: date | None = None
    until: date | None = None
    bad_date: str | None = None  # the date text when it could not be read

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None


_CODE_GROUP = re.compile(r"\[([^\]]*)\]")


def parse_code(inner: str) -> Code | None:
    """The inside of ``[...]``: ``SYRGOV``, ``SYRGOV >000717``, ``SYRGOV 030101-030930``."""
    parts = inner.split(None, 1)
    if not parts:
        return None
    code = parts[0].strip().upper()
    if not re.fullmatch(r"~?[A-Z]{3}(?:[A-Z]{3})*~?", code):
        return None  # [---] and noise
    if len(parts) == 1:
        return Code(code)
    spec = re.sub(r"\s+", "", parts[1])
    try:
        if spec.startswith(">"):
            return Code(code, since=parse_date(spec[1:]))
        if spec.startswith("<"):
            return Code(code, until=parse_date(spec[1:]))
        if "-" in spec:
            start, _, end = spec.partition("-")
            return Code(code, since=parse_date(start), until=parse_date(end))
        # A bare date: PETRARCH drops its first character (read like '>').
        return Code(code, since=parse_date(spec.lstrip("=")))
    except DateError:
        return Code(code, bad_date=spec)


# ---------------------------------------------------------------- actor files


@dataclass
class ActorBlock:
    """A primary name, its synonyms and codes, as one dictionary block."""

    primary: Name
    synonyms: list[Name] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    line: int = 0  # 1-based line of the primary name
    inherited_codes: bool = False  # took the codes of the block below it


@dataclass
class ParseReport:
    lines: int = 0
    comment_lines: int = 0
    blank_lines: int = 0
    noise_lines: int = 0  # lines that are neither names nor codes
    orphan_lines: int = 0  # synonyms or codes before any primary name
    bad_codes: int = 0  # [...] groups that are not codes ([---], typos)
    bad_dates: int = 0


def _split_comment(line: str) -> tuple[str, str]:
    body, sep, comment = line.partition("#")
    return body, comment.strip() if sep else ""


def parse_actor_file(text: str) -> tuple[list[ActorBlock], ParseReport]:
    report = ParseReport()
    blocks: list[ActorBlock] = []
    current: ActorBlock | None = None
    pending: list[ActorBlock] = []  # code-less primaries directly above the current one
    previous_blank = True

    def close(block: ActorBlock | None) -> None:
        if block is not None:
            blocks.append(block)

    for number, raw_line in enumerate(text.splitlines(), start=1):
        report.lines += 1
        stripped = raw_line.strip()
        if not stripped:
            report.blank_lines += 1
            previous_blank = True
            continue
        if stripped.startswith("#"):
            report.comment_lines += 1
            continue
        body, comment = _split_comment(raw_line)
        groups = _CODE_GROUP.findall(body)
        names_part = _CODE_GROUP.sub(" ", body).strip()
        codes: list[Code] = []
        for inner in groups:
            code = parse_code(inner)
            if code is None:
                report.bad_codes += 1
                continue
            if code.bad_date is not None:
                report.bad_dates += 1
            codes.append(code)

        if names_part.startswith("+"):
            if current is None:
                report.orphan_lines += 1
                continue
            # "+A_+_B" (a synonym line holding two synonyms) is two synonyms.
            for piece in names_part[1:].split("+"):
                name = parse_name(piece)
                if name is not None:
                    current.synonyms.append(name)
            current.codes.extend(codes)
        elif names_part:
            name = parse_name(names_part)
            if name is None:
                report.noise_lines += 1
                continue
            if current is not None and not current.codes and not previous_blank:
                pending.append(current)  # waits for the codes of the block below
            else:
                close(current)
                for waiting in pending:
                    close(waiting)
                pending = []
            current = ActorBlock(primary=name, codes=codes, line=number)
            if comment:
                current.comments.append(comment)
        elif codes:
            if current is None:
                report.orphan_lines += 1
                continue
            current.codes.extend(codes)
            if pending:
                for waiting in pending:
                    waiting.codes = list(current.codes)
                    waiting.inherited_codes = True
        elif groups:
            pass  # only [---]-like groups: counted as bad codes
        else:
            report.noise_lines += 1
        previous_blank = False
        if pending and current is not None and current.codes:
            for waiting in pending:
                if not waiting.codes:
                    waiting.codes = list(current.codes)
                    waiting.inherited_codes = True
    close(current)
    for waiting in pending:
        close(waiting)
    blocks.sort(key=lambda block: block.line)
    return blocks, report


# ---------------------------------------------------------------- agents


@dataclass(frozen=True, slots=True)
class AgentEntry:
    tokens: tuple[str, ...]
    plurals: tuple[tuple[str, ...], ...]
    code: str  # role code without '~': COP, MIL, GOVFRM ...
    prefix: bool  # NGO~: the code goes before the actor's code
    line: int


def _plural(tokens: tuple[str, ...]) -> tuple[str, ...]:
    last = tokens[-1]
    if last.endswith("Y") and last[-2:-1] not in ("A", "E", "O", "U"):
        last = last[:-1] + "IES"
    elif last.endswith(("S", "SH", "CH", "X")):
        last += "ES"
    else:
        last += "S"
    return (*tokens[:-1], last)


def parse_agent_file(text: str) -> tuple[list[AgentEntry], ParseReport]:
    """``PHRASE {PLURAL} [~CODE]``; ``!SET! = A, B`` defines a substitution set."""
    report = ParseReport()
    sets: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        report.lines += 1
        stripped = raw_line.strip()
        if not stripped:
            report.blank_lines += 1
            continue
        if stripped.startswith("#"):
            report.comment_lines += 1
            continue
        body, _ = _split_comment(raw_line)
        body = body.strip()
        marker = re.fullmatch(r"!(\w+)!\s*=\s*(.+)", body)
        if marker:
            sets[marker.group(1)] = [w.strip() for w in marker.group(2).split(",") if w.strip()]
            continue
        match = re.fullmatch(r"(.*?)\s*(?:\{([^}]*)\})?\s*\[\s*([^\]]+?)\s*\]\s*", body)
        if not match:
            report.noise_lines += 1
            continue
        phrase, plural_text, code_text = match.groups()
        prefix = code_text.endswith("~") and not code_text.startswith("~")
        code = code_text.strip("~").strip().upper()
        if not re.fullmatch(r"[A-Z]{3}(?:[A-Z]{3})*", code):
            report.bad_codes += 1
            continue
        set_ref = re.search(r"!(\w+)!", phrase)
        if set_ref:
            if set_ref.group(1) not in sets:
                report.noise_lines += 1
                continue
            # Substitution sets give every form themselves: no plural is formed.
            for word in sets[set_ref.group(1)]:
                tokens = _tokens(phrase.replace(set_ref.group(0), word))
                if tokens:
                    entries.append(AgentEntry(tokens, (), code, prefix, number))
            continue
        tokens = _tokens(phrase)
        if not tokens:
            report.noise_lines += 1
            continue
        if plural_text is None:
            plurals: tuple[tuple[str, ...], ...] = (_plural(tokens),)
        else:
            plurals = tuple(
                p for p in (_tokens(part) for part in plural_text.split()) if p
            )  # {} = no plural form
        entries.append(AgentEntry(tokens, plurals, code, prefix, number))
    return entries, report


def _tokens(phrase: str) -> tuple[str, ...]:
    return tuple(t for t in re.split(r"[_\s]+", phrase.strip().upper()) if t)


# ---------------------------------------------------------------- CAMEO verbs


@dataclass(frozen=True, slots=True)
class EventCode:
    """``[042:043]``: 042 for subject -> object, 043 for object -> subject (either may be empty)."""

    forward: str | None
    reverse: str | None = None


def parse_event_code(inner: str) -> EventCode | None:
    text = inner.strip().rstrip("!")
    if text in ("---", ""):
        return EventCode(None)
    forward, colon, reverse = text.partition(":")

    def one(part: str) -> str | None:
        part = part.strip().rstrip("-").strip()
        if part in ("", "---"):
            return None
        return part if re.fullmatch(r"[0-9]{2,4}", part) else None

    fwd = one(forward)
    rev = one(reverse) if colon else None
    if fwd is None and rev is None and text.strip("-:") != "":
        return None
    return EventCode(fwd, rev)


@dataclass(frozen=True, slots=True)
class VerbForm:
    """A verb of a block: ``MEET {MEETS MET MEETING}`` or ``+MEET_WITH`` (multi-word)."""

    words: tuple[str, ...]  # lemma words, upper case: ("MEET", "WITH")
    head: int  # index of the verb itself among words
    forms: tuple[tuple[str, ...], ...]  # irregular forms as written, if any
    code: EventCode | None  # its own code, when it has one
    line: int


@dataclass(frozen=True, slots=True)
class VerbPattern:
    before: tuple[str, ...]  # words before '*'
    after: tuple[str, ...]  # words after '*'
    code: EventCode
    line: int


@dataclass
class VerbBlock:
    name: str
    code: EventCode | None
    verbs: list[VerbForm] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)
    line: int = 0


def parse_verb_file(text: str) -> tuple[list[VerbBlock], dict[str, list[str]], ParseReport]:
    """Blocks ``--- NAME [CODE] ---``, verbs, ``- ... * ... [CODE]`` patterns; ``&SET`` synsets."""
    report = ParseReport()
    blocks: list[VerbBlock] = []
    synsets: dict[str, list[str]] = {}
    current_set: str | None = None
    block: VerbBlock | None = None
    for number, raw_line in enumerate(text.splitlines(), start=1):
        report.lines += 1
        stripped = raw_line.strip()
        if not stripped:
            report.blank_lines += 1
            continue
        if stripped.startswith("#"):
            report.comment_lines += 1
            continue
        body = _split_comment(raw_line)[0].strip()
        if not body:
            report.comment_lines += 1
            continue
        header = re.fullmatch(r"---\s+(\S+)\s+\[([^\]]*)\]\s*-*", body)
        if header:
            block = VerbBlock(header.group(1), parse_event_code(header.group(2)), line=number)
            blocks.append(block)
            current_set = None
            continue
        if body.startswith("&"):
            current_set = body.rstrip("_").strip()
            synsets[current_set] = []
            continue
        if body.startswith("+") and block is None and current_set is not None:
            synsets[current_set].append(body[1:].strip().rstrip("_").replace("_", " "))
            continue
        if block is None:
            report.orphan_lines += 1
            continue
        if body.startswith("-"):
            match = re.fullmatch(r"-(.*?)\[([^\]]*)\]\s*", body)
            if not match or "*" not in match.group(1):
                report.noise_lines += 1
                continue
            code = parse_event_code(match.group(2))
            if code is None:
                report.bad_codes += 1
                continue
            before, _, after = match.group(1).partition("*")
            block.patterns.append(
                VerbPattern(tuple(before.split()), tuple(after.split()), code, number)
            )
            continue
        match = re.fullmatch(r"(\+?[^\s{\[]+)\s*(?:\{([^}]*)\})?\s*(?:\[([^\]]*)\])?\s*", body)
        if not match:
            report.noise_lines += 1
            continue
        lemma, forms_text, code_text = match.groups()
        words = tuple(w for w in lemma.split("_") if w)
        head = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
        words = tuple(w.lstrip("+") for w in words)
        if not words or not all(re.fullmatch(r"[A-Z][A-Z'-]*", w) for w in words):
            report.noise_lines += 1
            continue
        forms = tuple(
            tuple(w.lstrip("+") for w in form.split("_") if w)
            for form in (forms_text or "").split()
        )
        own = parse_event_code(code_text) if code_text else None
        block.verbs.append(VerbForm(words, head, forms, own, number))
    return blocks, synsets, report


# ---------------------------------------------------------------- verb patterns, structured

PREPOSITIONS = frozenset(
    [
        "about",
        "after",
        "against",
        "along",
        "alongside",
        "amid",
        "as",
        "at",
        "before",
        "behind",
        "between",
        "by",
        "despite",
        "during",
        "for",
        "from",
        "in",
        "inside",
        "into",
        "of",
        "off",
        "on",
        "onto",
        "out",
        "outside",
        "over",
        "through",
        "to",
        "toward",
        "towards",
        "under",
        "until",
        "upon",
        "with",
        "within",
        "without",
    ]
)
PARTICLES = frozenset(
    ["out", "down", "off", "up", "back", "away", "over", "aside", "in", "on", "forward", "through"]
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A noun phrase of a pattern: its words (a ``&SET`` stays one word), last word the head."""

    words: tuple[str, ...]

    @property
    def head(self) -> str:
        return self.words[-1]

    @property
    def modifiers(self) -> tuple[str, ...]:
        return self.words[:-1]


@dataclass(frozen=True, slots=True)
class PrepPhrase:
    preps: tuple[str, ...]  # "(BY/WITH PROTESTS)": either preposition
    phrase: Phrase | None
    target: bool = False  # "(AGAINST +)": the target is this phrase's object


@dataclass(frozen=True, slots=True)
class PatternShape:
    """What a CAMEO pattern asks of a clause: a subject noun before the verb, a particle, an
    object noun phrase and prepositional phrases after it, and where its target ('+') is."""

    subject: Phrase | None
    particle: str | None
    object: Phrase | None
    preps: tuple[PrepPhrase, ...]
    target: str | None  # "object", "subject", "prep" (a PrepPhrase with target) or None


def pattern_shape(pattern: VerbPattern) -> PatternShape | str:
    """The shape of a pattern, or why it cannot be read as constraints on a dependency parse
    (a clause or infinitive inside it, a phrase that does not start with a preposition, more
    than one subject word)."""
    before = [w for w in pattern.before if w not in ("$", "%", "^")]
    target: str | None = None
    if "+" in before:
        target = "subject"
        before = [w for w in before if w != "+"]
    subject: Phrase | None = None
    if before:
        words = _phrase_words(before)
        if isinstance(words, str):
            return words
        if len(words) > 3:
            return "more than a noun phrase before the verb"
        subject = Phrase(words)
    particle: str | None = None
    object_words: list[str] = []
    preps: list[PrepPhrase] = []
    tokens = _group(pattern.after)
    if isinstance(tokens, str):
        return tokens
    for kind, content in tokens:
        if kind == "mark":
            if content == ("+",):
                if preps:
                    last = preps[-1]
                    preps[-1] = PrepPhrase(last.preps, last.phrase, True)
                    target = "prep"
                else:
                    target = "object"
            continue
        if kind == "pp":
            head, *rest = content
            alternatives = tuple(head.lower().split("/"))
            if not all(a in PREPOSITIONS for a in alternatives):
                return f"phrase starting with {head!r}, not a preposition"
            marked = "+" in rest
            inner = [w for w in rest if w not in ("+", "^", "$", "%")]
            phrase = None
            if inner:
                parsed = _phrase_words(inner)
                if isinstance(parsed, str):
                    return parsed
                phrase = Phrase(parsed)
            preps.append(PrepPhrase(alternatives, phrase, marked))
            if marked:
                target = "prep"
            continue
        word = content[0]
        lower = word.lower()
        if not object_words and not preps and particle is None and lower in PARTICLES:
            particle = lower
            continue
        if lower in PREPOSITIONS and not object_words and kind == "word":
            # "- * STRIKE IN PROTEST" is read as "(IN PROTEST)" below; a bare preposition
            # right after the verb opens a phrase of the words that follow.
            preps.append(PrepPhrase((lower,), None))
            continue
        if lower in PREPOSITIONS and kind == "word":
            preps.append(PrepPhrase((lower,), None))
            continue
        if preps and preps[-1].phrase is None and not preps[-1].target:
            last = preps[-1]
            preps[-1] = PrepPhrase(last.preps, Phrase(tuple(w.lower() for w in content)), False)
            continue
        if preps:
            return "words after a prepositional phrase"
        if lower == "to" or (object_words and kind == "word" and lower in ("to", "that")):
            return "an infinitive or clause"
        object_words.extend(content)
    obj: Phrase | None = None
    if object_words:
        if len(object_words) > 4:
            return "object longer than four words"
        if any(w.lower() in ("to", "that", "not", "no") for w in object_words):
            return "an infinitive, clause or negation"
        obj = Phrase(tuple(w.lower() for w in object_words))
    if subject is None and obj is None and particle is None and not preps:
        return "no word besides the verb"
    return PatternShape(subject, particle, obj, tuple(preps), target)


def _phrase_words(tokens: list[str]) -> tuple[str, ...] | str:
    words: list[str] = []
    for token in tokens:
        for word in token.strip("{}").split("_"):
            if not word:
                continue
            if not re.fullmatch(r"&?[A-Z][A-Z'/-]*", word):
                return f"unreadable word {word!r}"
            words.append(word.lower())
    return tuple(words) if words else "empty phrase"


def _group(tokens: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]] | str:
    """Tokens after '*' as words, '{...}' compounds, '(...)' phrases and '+' marks."""
    out: list[tuple[str, tuple[str, ...]]] = []
    index = 0
    items = list(tokens)
    while index < len(items):
        token = items[index]
        if token in ("+",):
            out.append(("mark", ("+",)))
            index += 1
            continue
        if token in ("^", "$", "%"):
            index += 1
            continue
        if token.startswith("("):
            depth = 0
            inner: list[str] = []
            while index < len(items):
                part = items[index]
                depth += part.count("(") - part.count(")")
                inner.append(part)
                index += 1
                if depth <= 0:
                    break
            if depth != 0:
                return "unbalanced parentheses"
            words = [w.strip("()") for w in inner]
            words = [w for w in words if w]
            if any("(" in p[1:] for p in inner[1:]):
                return "nested phrase"
            if not words:
                return "empty phrase"
            out.append(("pp", tuple(w.strip("{}") for w in words if w.strip("{}"))))
            continue
        if token.startswith("{"):
            compound: list[str] = []
            while index < len(items):
                part = items[index]
                compound.append(part.strip("{}"))
                index += 1
                if part.endswith("}"):
                    break
            words = [w for w in compound if w]
            if not words:
                return "empty compound"
            out.append(("compound", tuple(p for w in words for p in w.split("_") if p)))
            continue
        if token.endswith(")"):
            return "unbalanced parentheses"
        out.extend(("word", (w,)) for w in token.split("_") if w)
        index += 1
    return out

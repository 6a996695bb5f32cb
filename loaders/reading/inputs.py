"""Reading articles: .txt, .md, .html, .json/.jsonl records, folders (streamed) and stdin.

Every input yields either a :class:`Document` or a :class:`ReadError` that names the file and
the cause; one broken file never stops the others.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from graph.model import Article, article_id

NO_TEXT = "no article text found"
_BINARY = "binary file (contains NUL bytes), not text"
SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")
_PUBLISHED_LINE = re.compile(
    r"^\s*(?:published|date|dated)\s*:\s*(\d{4}-\d{2}-\d{2})", re.IGNORECASE | re.MULTILINE
)


@dataclass(frozen=True)
class Document:
    article: Article
    text: str


@dataclass(frozen=True)
class ReadError:
    path: str
    error: str


class InputError(ValueError):
    """A file that cannot be read as an article, with the reason."""


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path as actorgraph shows and stores it: its text, with each byte of a name that is not
    UTF-8 written ``\\xNN`` (``caf\\xff.txt``).

    Linux allows any bytes but ``/`` and NUL in a name; Python keeps the bytes that are not
    UTF-8 as lone surrogates (``surrogateescape``), which no UTF-8 encoder accepts: the store,
    the JSON output and the terminal all failed on them. The file itself is still opened by its
    real name; only what is shown and stored is this text, the same everywhere."""
    return printable(os.fspath(path))


def printable(text: str) -> str:
    """``text`` with any lone surrogate written as the escape of the byte it stands for (or of
    itself), so that it can be encoded as UTF-8: stored, printed, sent as JSON."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate that no file name produced
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


@dataclass(frozen=True)
class InputFile:
    """One file to read: where it is and the name its articles and errors carry."""

    path: Path
    shown: str


STDIN = "-"


def input_files(paths: Iterable[str]) -> Iterator[InputFile | ReadError | str]:
    """The files ``read_inputs`` reads, in its order (folders walked lazily), ``STDIN`` for
    standard input and an error for a path that cannot be looked at. The cluster path plans
    its work with this, so its order is the serial ingest's."""
    for given in paths:
        if given == STDIN:
            yield STDIN
            continue
        path = Path(given)
        shown = shown_path(given)
        try:
            is_folder = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            yield ReadError(shown, "no such file or folder")
            continue
        except OSError as exc:
            yield ReadError(shown, f"cannot read: {exc.strerror or exc}")
            continue
        if is_folder:
            for file in _walk(path):
                yield InputFile(file, shown_path(file))
        else:
            yield InputFile(path, shown)


def read_input(file: InputFile, max_bytes: int) -> Iterator[Document | ReadError]:
    """The documents and errors of one file (several for .json and .jsonl records)."""
    return _guard(file.shown, lambda: read_file(file.path, max_bytes, file.shown))


def read_inputs(
    paths: Iterable[str], max_bytes: int, stdin: BinaryIO | None = None
) -> Iterator[Document | ReadError]:
    """Documents and errors, one input at a time (folders are walked lazily)."""
    for item in input_files(paths):
        if isinstance(item, InputFile):
            yield from read_input(item, max_bytes)
        elif isinstance(item, ReadError):
            yield item
        else:
            yield from _guard(STDIN, lambda: _from_stdin(stdin or sys.stdin.buffer, max_bytes))


def _guard(path: str, produce: Any) -> Iterator[Document | ReadError]:
    # Whatever goes wrong with one input (a parser bug, a recursion limit) is that input's
    # error: the inputs after it are still read.
    try:
        yield from produce()
    except InputError as exc:
        yield ReadError(path, str(exc))
    except OSError as exc:
        yield ReadError(path, f"cannot read: {exc.strerror or exc}")
    except Exception as exc:
        yield ReadError(path, f"cannot read: {type(exc).__name__}: {exc}")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUPPORTED):
                yield Path(root) / name


def read_file(
    path: Path, max_bytes: int, shown: str | None = None
) -> Iterator[Document | ReadError]:
    shown = shown or shown_path(path)
    data = _read_regular(path, max_bytes)
    yield from parse_bytes(data, path.suffix.lower(), shown)


def _read_regular(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of a regular file; FIFOs, sockets and devices are refused unopened.

    Opening a FIFO blocks until a writer comes and a device like /dev/zero never ends, so the
    type is checked before opening; the open is non-blocking in case the path changes between.
    """
    info = path.stat()
    _require_regular(info.st_mode)
    size = info.st_size
    if size > max_bytes:
        raise InputError(f"too large: {size} bytes, the limit is {max_bytes}")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        _require_regular(os.fstat(handle.fileno()).st_mode)
        # The size on disk can lie (/proc files say 0, a file can grow): count what is read.
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"too large: more than {max_bytes} bytes, the limit is {max_bytes}")
    return data


_FILE_KINDS = (
    (stat.S_ISFIFO, "fifo"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISDIR, "folder"),
)


def _require_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "special file")
    raise InputError(f"not a regular file: {kind}")


def _from_stdin(stream: BinaryIO, max_bytes: int) -> Iterator[Document | ReadError]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"too large: more than {max_bytes} bytes on standard input")
    suffix = ".json" if data.lstrip()[:1] in (b"{", b"[") else ".txt"
    yield from parse_bytes(data, suffix, "-")


# Longest marks first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def decode(data: bytes) -> str:
    """UTF-8, or UTF-16/UTF-32 when a byte order mark says so; the mark is not kept."""
    encoding, name, body = next(
        ((codec, label, data[len(bom) :]) for bom, codec, label in _BOMS if data.startswith(bom)),
        ("utf-8", "UTF-8", data),
    )
    # Checked before decoding so that a binary file is called binary, not bad UTF-8.
    if encoding == "utf-8" and b"\x00" in body[:8192]:
        raise InputError(_BINARY)
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + len(data) - len(body)
        raise InputError(f"not valid {name}: byte 0x{data[offset]:02x} at offset {offset}") from exc
    if "\x00" in text[:8192]:
        raise InputError(_BINARY)
    if not text.strip():
        raise InputError("empty: no text to read")
    return text


def parse_bytes(data: bytes, suffix: str, shown: str) -> Iterator[Document | ReadError]:
    """Documents and per-record errors of one input; bad content raises :class:`InputError` only.

    The HTTP API calls this directly and maps ``ValueError`` to a 400, so a failure inside a
    parser (trafilatura, a recursion limit) must not escape as anything else.
    """
    try:
        yield from _parse(data, suffix, shown)
    except InputError:
        raise
    except RecursionError as exc:
        raise InputError("nested too deeply to be read") from exc
    except Exception as exc:
        raise InputError(f"cannot be parsed: {type(exc).__name__}: {exc}") from exc


def _parse(data: bytes, suffix: str, shown: str) -> Iterator[Document | ReadError]:
    if suffix in (".html", ".htm"):
        yield _html(decode(data), shown)
    elif suffix == ".json":
        yield from _json_records(decode(data), shown)
    elif suffix == ".jsonl":
        yield from _jsonl_records(decode(data), shown)
    elif suffix in (".md", ".markdown"):
        yield _plain(decode(data), shown, markdown=True)
    else:
        yield _plain(decode(data), shown, markdown=False)


def _plain(text: str, shown: str, markdown: bool) -> Document:
    title = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if markdown and stripped.startswith("#"):
            title = stripped.lstrip("#").strip() or None
        elif not markdown and len(stripped) <= 200 and not stripped.endswith((".", "!", "?")):
            title = stripped  # a headline line opens the article
        break
    published = None
    match = _PUBLISHED_LINE.search(text[:2000])
    if match:
        published = leading_date(match.group(1))
    return _document(text, shown, title=title, published=published)


def _html(html: str, shown: str) -> Document:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise InputError(NO_TEXT)
    metadata = trafilatura.extract_metadata(html)
    title = getattr(metadata, "title", None) if metadata else None
    published = leading_date(getattr(metadata, "date", None)) if metadata else None
    url = getattr(metadata, "url", None) if metadata else None
    source = getattr(metadata, "sitename", None) if metadata else None
    return _document(text, shown, title=title, published=published, url=url, source=source)


def _json_records(raw: str, shown: str) -> Iterator[Document | ReadError]:
    data = _loads(raw, with_line=True)
    if isinstance(data, dict):
        yield _record(data, shown)
    elif isinstance(data, list):
        for number, item in enumerate(data, start=1):
            try:
                yield _record(item, f"{shown}#{number}")
            except InputError as exc:
                yield ReadError(f"{shown}#{number}", str(exc))
    else:
        raise InputError("JSON must be an article record or a list of records")


def _jsonl_records(raw: str, shown: str) -> Iterator[Document | ReadError]:
    # One record per line: a bad line is reported and the next lines are still read.
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{shown}#{number}"
        try:
            yield _record(_loads(line, with_line=False), where)
        except InputError as exc:
            yield ReadError(where, str(exc))


def _loads(raw: str, with_line: bool) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        where = f" at line {exc.lineno}" if with_line else ""
        raise InputError(f"invalid JSON: {exc.msg}{where}") from exc
    except RecursionError as exc:  # the decoder recurses once per nested array or object
        raise InputError("JSON nested too deeply") from exc


def _record(item: Any, shown: str) -> Document:
    if not isinstance(item, dict):
        raise InputError("a record must be a JSON object")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("the record has no 'text'")
    return _document(
        text,
        shown,
        title=_str(item.get("title")),
        published=leading_date(item.get("published")),
        url=_str(item.get("url")),
        source=_str(item.get("source")),
    )


def _document(
    text: str,
    shown: str,
    title: str | None = None,
    published: date | None = None,
    url: str | None = None,
    source: str | None = None,
) -> Document:
    # Markup debris ("<<<>>>") or a row of dashes is not an article, whatever the format.
    if not any(ch.isalpha() for ch in text):
        raise InputError(NO_TEXT)
    article = Article(
        id=article_id(text), title=title, source=source, url=url, published=published, path=shown
    )
    return Document(article=article, text=text)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def leading_date(value: Any) -> date | None:
    """A date, or the ISO date a string starts with ("2026-03-01T08:00Z"); None otherwise."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return datetime.fromisoformat(value[:10]).date()
    except ValueError:
        return None

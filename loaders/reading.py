"""Reading articles: .txt, .md, .html, .json/.jsonl records, folders (streamed) and stdin.

Every input yields either a :class:`Document` or a :class:`ReadError` that names the file and
the cause; one broken file never stops the others.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from graph.model import Article, article_id

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


def read_inputs(
    paths: Iterable[str], max_bytes: int, stdin: BinaryIO | None = None
) -> Iterator[Document | ReadError]:
    """Documents and errors, one input at a time (folders are walked lazily)."""
    for given in paths:
        if given == "-":
            yield from _guard("-", lambda: _from_stdin(stdin or sys.stdin.buffer, max_bytes))
            continue
        path = Path(given)
        if path.is_dir():
            for file in _walk(path):
                yield from _guard(str(file), lambda f=file: read_file(f, max_bytes))
        elif not path.exists():
            yield ReadError(given, "no such file or folder")
        else:
            yield from _guard(given, lambda p=path, g=given: read_file(p, max_bytes, g))


def _guard(path: str, produce: Any) -> Iterator[Document | ReadError]:
    try:
        yield from produce()
    except InputError as exc:
        yield ReadError(path, str(exc))
    except OSError as exc:
        yield ReadError(path, f"cannot read: {exc.strerror or exc}")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(SUPPORTED):
                yield Path(root) / name


def read_file(
    path: Path, max_bytes: int, shown: str | None = None
) -> Iterator[Document | ReadError]:
    shown = shown or str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"too large: {size} bytes, the limit is {max_bytes}")
    data = path.read_bytes()
    yield from parse_bytes(data, path.suffix.lower(), shown)


def _from_stdin(stream: BinaryIO, max_bytes: int) -> Iterator[Document | ReadError]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"too large: more than {max_bytes} bytes on standard input")
    suffix = ".json" if data.lstrip()[:1] in (b"{", b"[") else ".txt"
    yield from parse_bytes(data, suffix, "-")


def decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}"
        ) from exc
    if not text.strip():
        raise InputError("empty: no text to read")
    return text


def parse_bytes(data: bytes, suffix: str, shown: str) -> Iterator[Document | ReadError]:
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
        published = _date(match.group(1))
    return _document(text, shown, title=title, published=published)


def _html(html: str, shown: str) -> Document:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise InputError("HTML has no main text that could be extracted")
    metadata = trafilatura.extract_metadata(html)
    title = getattr(metadata, "title", None) if metadata else None
    published = _date(getattr(metadata, "date", None)) if metadata else None
    url = getattr(metadata, "url", None) if metadata else None
    source = getattr(metadata, "sitename", None) if metadata else None
    return _document(text, shown, title=title, published=published, url=url, source=source)


def _json_records(raw: str, shown: str) -> Iterator[Document | ReadError]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} at line {exc.lineno}") from exc
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
            yield _record(json.loads(line), where)
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"invalid JSON: {exc.msg}")
        except InputError as exc:
            yield ReadError(where, str(exc))


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
        published=_date(item.get("published")),
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
    article = Article(
        id=article_id(text), title=title, source=source, url=url, published=published, path=shown
    )
    return Document(article=article, text=text)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return datetime.fromisoformat(value[:10]).date()
    except ValueError:
        return None

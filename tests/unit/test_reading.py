"""Reading every input format; broken files give clear errors and never stop the batch."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

import loaders.reading.inputs as reading
from loaders.reading.inputs import Document, ReadError, read_inputs

LIMIT = 5_000_000

HTML = """<!doctype html><html><head><title>Ministers meet in Doha</title>
<meta property="article:published_time" content="2026-05-04T09:00:00Z"></head>
<body><nav>Home | World | Sport</nav><article><h1>Ministers meet in Doha</h1>
<p>Qatari mediators hosted envoys from both sides on Monday, officials said, in a renewed
push to end the fighting that has displaced hundreds of thousands of people this year.</p>
<p>Egypt backed the proposal, and the United Nations urged both parties to accept a truce
before the end of the month, according to a statement released after the talks.</p>
</article><footer>Copyright notice and cookie banner</footer></body></html>"""


def docs(items: list[Document | ReadError]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def errors(items: list[Document | ReadError]) -> list[ReadError]:
    return [i for i in items if isinstance(i, ReadError)]


def test_txt_keeps_the_exact_text_and_a_headline_title(tmp_path: Path) -> None:
    text = "Rebels seize town\n\nRebels seized the town on Monday.\r\n"
    (tmp_path / "a.txt").write_bytes(text.encode())
    [doc] = docs(list(read_inputs([str(tmp_path / "a.txt")], LIMIT)))
    assert doc.text == text
    assert doc.article.title == "Rebels seize town"
    assert doc.article.path == str(tmp_path / "a.txt")
    assert len(doc.article.id) == 64


def test_markdown_title_and_published_line(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Talks resume\n\nPublished: 2026-01-31\n\nEnvoys met.\n")
    [doc] = docs(list(read_inputs([str(tmp_path / "a.md")], LIMIT)))
    assert doc.article.title == "Talks resume"
    assert str(doc.article.published) == "2026-01-31"


def test_html_main_text_title_and_date(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(HTML)
    [doc] = docs(list(read_inputs([str(tmp_path / "a.html")], LIMIT)))
    assert "Qatari mediators hosted envoys" in doc.text
    assert "cookie banner" not in doc.text and "Home | World" not in doc.text
    assert doc.article.title == "Ministers meet in Doha"
    assert str(doc.article.published) == "2026-05-04"


def test_json_record_list_and_jsonl(tmp_path: Path) -> None:
    record = {
        "title": "T",
        "text": "Iran backs Syria.",
        "url": "https://x.test/a",
        "published": "2026-02-03T10:00:00",
        "source": "Wire",
    }
    (tmp_path / "one.json").write_text(json.dumps(record))
    (tmp_path / "many.json").write_text(json.dumps([record, {**record, "text": "Other."}]))
    lines = [json.dumps(record), "{not json", json.dumps({"title": "no text"}), json.dumps(record)]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines))
    items = list(
        read_inputs([str(tmp_path / n) for n in ("one.json", "many.json", "feed.jsonl")], LIMIT)
    )
    found = docs(items)
    assert [d.article.path for d in found] == [
        str(tmp_path / "one.json"),
        f"{tmp_path / 'many.json'}#1",
        f"{tmp_path / 'many.json'}#2",
        f"{tmp_path / 'feed.jsonl'}#1",
        f"{tmp_path / 'feed.jsonl'}#4",
    ]
    assert found[0].article.source == "Wire" and found[0].article.url == "https://x.test/a"
    assert str(found[0].article.published) == "2026-02-03"
    bad = errors(items)
    assert [e.path for e in bad] == [f"{tmp_path / 'feed.jsonl'}#2", f"{tmp_path / 'feed.jsonl'}#3"]
    assert "invalid JSON" in bad[0].error and "no 'text'" in bad[1].error


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bin.txt", b"\x89PNG\x00\x00\x01", "binary"),
        ("latin.txt", "Caf\xe9 talks".encode("latin-1"), "not valid UTF-8"),
        ("empty.txt", b"  \n\t\n", "empty"),
        ("broken.json", b'{"text": ', "invalid JSON"),
        ("big.txt", b"x" * 2000, "too large"),
    ],
)
def test_broken_files_are_named_with_their_cause(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text("Iran backs Syria.")
    items = list(read_inputs([str(tmp_path / name), str(tmp_path / "good.txt")], 1000))
    [error] = errors(items)
    assert error.path == str(tmp_path / name)
    assert message in error.error
    assert [d.article.path for d in docs(items)] == [str(tmp_path / "good.txt")]


def test_missing_path(tmp_path: Path) -> None:
    [error] = list(read_inputs([str(tmp_path / "nope.txt")], LIMIT))
    assert isinstance(error, ReadError) and "no such file" in error.error


def test_folders_are_walked_recursively_and_lazily(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(5):
        sub = tmp_path / f"d{n}"
        sub.mkdir()
        (sub / f"a{n}.txt").write_text(f"Article {n}.")
    (tmp_path / "notes.csv").write_text("ignored")
    (tmp_path / ".hidden.txt").write_text("ignored")
    opened: list[Path] = []
    original = reading.read_file

    def spy(path: Path, max_bytes: int, shown: str | None = None):  # type: ignore[no-untyped-def]
        opened.append(path)
        return original(path, max_bytes, shown)

    monkeypatch.setattr(reading, "read_file", spy)
    stream = read_inputs([str(tmp_path)], LIMIT)
    first = next(stream)
    assert isinstance(first, Document) and len(opened) == 1  # nothing read ahead
    rest = list(stream)
    assert len(rest) == 4 and len(opened) == 5
    assert all(p.suffix == ".txt" and not p.name.startswith(".") for p in opened)


def test_stdin_text_and_json() -> None:
    [doc] = docs(list(read_inputs(["-"], LIMIT, stdin=io.BytesIO(b"Iran backs Syria."))))
    assert doc.text == "Iran backs Syria." and doc.article.path == "-"
    raw = json.dumps({"title": "J", "text": "Russia backs Syria."}).encode()
    [doc] = docs(list(read_inputs(["-"], LIMIT, stdin=io.BytesIO(raw))))
    assert doc.article.title == "J"
    [error] = list(read_inputs(["-"], 10, stdin=io.BytesIO(b"y" * 50)))
    assert isinstance(error, ReadError) and "too large" in error.error


# -- one bad input never loses a batch ----------------------------------------------------------

DEEP = b"[" * 100_000


def test_a_too_deep_json_is_its_own_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Iran backs Syria.")
    (tmp_path / "deep.json").write_bytes(DEEP)
    (tmp_path / "feed.jsonl").write_bytes(DEEP + b"\n" + json.dumps({"text": "Ok."}).encode())
    (tmp_path / "z.txt").write_text("Russia backs Syria.")
    names = ["a.txt", "deep.json", "feed.jsonl", "z.txt"]
    items = list(read_inputs([str(tmp_path / n) for n in names], LIMIT))
    assert [d.article.path for d in docs(items)] == [
        str(tmp_path / "a.txt"),
        f"{tmp_path / 'feed.jsonl'}#2",
        str(tmp_path / "z.txt"),
    ]
    assert [(e.path, e.error) for e in errors(items)] == [
        (str(tmp_path / "deep.json"), "JSON nested too deeply"),
        (f"{tmp_path / 'feed.jsonl'}#1", "JSON nested too deeply"),
    ]


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_parse_bytes_raises_only_the_readers_error_for_deep_json(suffix: str) -> None:
    # The HTTP API calls parse_bytes directly and maps ValueError to a 400.
    try:
        items = list(reading.parse_bytes(DEEP, suffix, "request"))
    except reading.InputError as exc:
        assert str(exc) == "JSON nested too deeply"
    else:
        assert [e.error for e in errors(items)] == ["JSON nested too deeply"]


def test_a_parser_failure_is_that_inputs_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("parser bug")

    # trafilatura stands for any third-party parser that fails on odd input.
    monkeypatch.setattr(trafilatura, "extract", broken)
    with pytest.raises(reading.InputError, match="RuntimeError: parser bug"):
        list(reading.parse_bytes(HTML.encode(), ".html", "request"))
    (tmp_path / "a.html").write_text(HTML)
    (tmp_path / "b.txt").write_text("Iran backs Syria.")
    items = list(read_inputs([str(tmp_path / "a.html"), str(tmp_path / "b.txt")], LIMIT))
    assert [d.article.path for d in docs(items)] == [str(tmp_path / "b.txt")]
    [error] = errors(items)
    assert error.path == str(tmp_path / "a.html") and "parser bug" in error.error


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    import os
    import threading

    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text("Iran backs Syria.")
    found: list[Document | ReadError] = []
    walk_found: list[Document | ReadError] = []

    def read() -> None:
        found.extend(read_inputs([str(tmp_path / "pipe.txt"), str(tmp_path / "ok.txt")], LIMIT))
        walk_found.extend(read_inputs([str(tmp_path)], LIMIT))

    # Opening a FIFO blocks until a writer comes: a reader that opens it never returns.
    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(timeout=30)
    if worker.is_alive():
        with open(tmp_path / "pipe.txt", "wb"):
            pass  # release the blocked reader so the test process can end
        pytest.fail("reading a FIFO blocked")
    for items in (found, walk_found):
        assert [(e.path, e.error) for e in errors(items)] == [
            (str(tmp_path / "pipe.txt"), "not a regular file: fifo")
        ]
        assert [d.article.path for d in docs(items)] == [str(tmp_path / "ok.txt")]


def test_a_device_is_refused() -> None:
    [error] = list(read_inputs(["/dev/null"], LIMIT))
    assert error == ReadError("/dev/null", "not a regular file: character device")


def test_the_size_limit_counts_the_bytes_read() -> None:
    # /proc files say they are empty and are not: only counting what is read catches them.
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("needs Linux /proc")
    [error] = list(read_inputs([str(status)], 64))
    assert error == ReadError(str(status), "too large: more than 64 bytes, the limit is 64")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_unicode_with_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    text = "Caf\xe9 talks: Iran backs Syria \u2014 \U0001f30d.\n"
    (tmp_path / "a.txt").write_bytes(("\ufeff" + text).encode(encoding))
    [doc] = list(read_inputs([str(tmp_path / "a.txt")], LIMIT))
    assert isinstance(doc, Document), doc
    assert doc.text == text  # the mark is not part of the text: offsets start after it


def test_utf16_without_a_byte_order_mark_stays_binary(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Iran backs Syria.".encode("utf-16-le"))
    [error] = list(read_inputs([str(tmp_path / "a.txt")], LIMIT))
    assert isinstance(error, ReadError) and "binary" in error.error


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("junk.html", "<html><body><<<>>></body></html>"),
        ("junk.txt", "--- <<<>>> 2026 !!!\n"),
        ("junk.md", "# ***\n\n---\n"),
        ("junk.json", json.dumps({"title": "T", "text": "<<<>>>"})),
    ],
)
def test_an_article_without_a_letter_is_an_error(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content)
    [error] = list(read_inputs([str(tmp_path / name)], LIMIT))
    assert isinstance(error, ReadError) and error.error == "no article text found"
    assert error.path == str(tmp_path / name)


def test_a_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path) -> None:
    """Any bytes Linux allows in a name: the file is read, its name shown as \\xNN escapes,
    which every UTF-8 consumer (store, JSON, terminal) accepts; the same text either way the
    file is named (inside a folder, or given itself)."""
    folder = os.fsencode(tmp_path / "news")
    os.mkdir(folder)
    name = os.path.join(folder, b"caf\xff \xe9t\xe9.txt")
    with open(name, "wb") as handle:
        handle.write(b"Iran backs Syria.\n")
    expected = f"{tmp_path}/news/caf\\xff \\xe9t\\xe9.txt"
    from_folder = list(read_inputs([str(tmp_path / "news")], 1000))
    given = list(read_inputs([os.fsdecode(name)], 1000))
    missing = list(read_inputs([os.fsdecode(name) + "x"], 1000))
    for [item] in (from_folder, given):
        assert isinstance(item, Document), item
        assert item.article.path == expected and item.text == "Iran backs Syria.\n"
        item.article.path.encode("utf-8")  # strict: no lone surrogate left
    assert missing == [ReadError(expected + "x", "no such file or folder")]

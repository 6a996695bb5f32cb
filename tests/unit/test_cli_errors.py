"""A user's mistake (a bad setting, lexicon or store file) is one red line and exit 1, never a
traceback and never a rewritten file; a bug says so and how to see its traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from graph.model import Extraction
from graph.store import SqliteStore
from tests.conftest import ROOT
from tests.legacy_store import old_json_store

TEXT = "Iran backs Syria, officials said."


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def one_error_line(done: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    for part in expected:
        assert part in lines[0], lines[0]
    return lines[0]


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("ACTORGRAPH_")
    }
    environment["ACTORGRAPH_STORE"] = str(tmp_path / "graph.db")
    return environment


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(TEXT)
    return path


# -- settings ------------------------------------------------------------------------------------


COMMANDS = ["extract", "ingest", "relations", "explore"]


@pytest.mark.parametrize(
    ("name", "value", "command"),
    [
        *(("ACTORGRAPH_MAX_ARTICLE_BYTES", "-5", command) for command in COMMANDS),
        ("ACTORGRAPH_MAX_ARTICLE_BYTES", "abc", "extract"),
        ("ACTORGRAPH_NEO4J_BOLT_PORT", "99999", "relations"),
        ("ACTORGRAPH_EXPLORER_EVIDENCE", "0", "explore"),
    ],
)
def test_an_invalid_setting_is_named(
    env: dict[str, str], article: Path, tmp_path: Path, name: str, value: str, command: str
) -> None:
    args = {
        "extract": [str(article)],
        "ingest": [str(article)],
        "relations": ["iran"],
        "explore": ["--out", str(tmp_path / "page.html")],
    }[command]
    done = run({**env, name: value}, command, *args)
    one_error_line(done, name, value)
    assert not (tmp_path / "graph.db").exists()


def test_a_secret_setting_is_not_echoed(env: dict[str, str]) -> None:
    secret = {"ACTORGRAPH_NEO4J_PASSWORD": "hunter2", "ACTORGRAPH_MAX_BODY_BYTES": "x"}
    line = one_error_line(run({**env, **secret}, "relations", "iran"), "MAX_BODY_BYTES")
    assert "hunter2" not in line


# -- lexicon ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (None, "no such file"),
        ("{not json", "not JSON"),
        ("", "not JSON"),
        ("[]", "a JSON object"),
        (json.dumps({"actors": {"id": "x"}}), "actors"),
        (json.dumps({"actors": [{"name": "Northern Shield"}]}), "actors.0.id"),
        (json.dumps({"actors": [{"id": "x", "name": "X", "type": "tribe"}]}), "actors.0.type"),
        (json.dumps({"frames": [{"lemmas": ["befriend"], "pos": "verb"}]}), "frames.0.type"),
        (
            json.dumps({"actors": [{"id": "x", "name": "X", "type": "leader", "country": "QQ"}]}),
            "unknown country 'QQ'",
        ),
    ],
)
@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_bad_lexicon_file_is_named(
    env: dict[str, str],
    article: Path,
    tmp_path: Path,
    content: str | None,
    cause: str,
    command: str,
) -> None:
    lexicon = tmp_path / "mine.json"
    if content is not None:
        lexicon.write_text(content)
    done = run({**env, "ACTORGRAPH_LEXICON": str(lexicon)}, command, str(article))
    one_error_line(done, str(lexicon), cause)
    if command == "extract":  # the JSON contract: one whole object, the error in it (issue 21)
        answer = json.loads(done.stdout)
        assert answer["articles"] == [] and len(answer["errors"]) == 1
        assert answer["errors"][0]["path"] == str(article)
        assert str(lexicon) in answer["errors"][0]["error"]
    else:
        assert done.stdout == ""  # no half-written output either
    assert not (tmp_path / "graph.db").exists()


# -- embedded store ---------------------------------------------------------------------------


def valid_store(path: Path, samples: list[Extraction]) -> None:
    store = SqliteStore(path)
    for extraction in samples:
        store.ingest(extraction)
    store.close()


def corrupt(path: Path, how: str, samples: list[Extraction]) -> None:
    """A file at the store's path that is not a usable store."""
    if how == "old JSON store":
        path.write_text(json.dumps(old_json_store(samples)))
        return
    if how == "not a database":
        path.write_bytes(b"hello, this is not SQLite" * 100)
        return
    if how == "another application's database":
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE notes (body TEXT)")
        other.commit()
        other.close()
        return
    valid_store(path, samples)
    if how == "another format version":
        conn = sqlite3.connect(path)
        conn.execute("UPDATE meta SET value = 'actorgraph-sqlite/99' WHERE key = 'format'")
        conn.commit()
        conn.close()  # the last connection: its write reaches the file itself
        return
    raw = path.read_bytes()
    assert how == "truncated"
    path.write_bytes(raw[: len(raw) // 3])


CORRUPTIONS = [
    "old JSON store",
    "not a database",
    "another application's database",
    "another format version",
    "truncated",
]


STORE_COMMANDS = {
    "explore": ["explore"],
    "ingest": ["ingest"],
    "relations": ["relations", "iran"],
    "retract": ["retract", "x"],
    "alias": ["alias", "iran", "Persia"],
    "merge": ["merge", "iran", "syria"],
}


@pytest.mark.parametrize(
    ("how", "command"),
    [
        *((how, "relations") for how in CORRUPTIONS),
        *(("old JSON store", command) for command in STORE_COMMANDS),
        *(("truncated", command) for command in ("explore", "ingest", "merge")),
    ],
)
def test_a_corrupt_store_is_named_and_left_untouched(
    env: dict[str, str],
    article: Path,
    tmp_path: Path,
    how: str,
    command: str,
    samples: list[Extraction],
) -> None:
    path = tmp_path / "graph.db"
    corrupt(path, how, samples)
    before = path.read_bytes()
    extra = {
        "explore": ["--out", str(tmp_path / "page.html")],
        "ingest": [str(article)],
    }.get(command, [])
    done = run(env, *STORE_COMMANDS[command], *extra)
    if how == "old JSON store":
        one_error_line(done, str(path), "old JSON format", f"actorgraph migrate {path}")
    else:
        one_error_line(done, str(path), "corrupt")
    assert path.read_bytes() == before
    assert not (tmp_path / "page.html").exists()


# -- errors a store raises, and bugs -------------------------------------------------------------

# Runs the real CLI in a fresh process with a store that raises the given exception on any call.
DRIVER = """
import sys

import graph.errors
import graph.store

ERROR = sys.argv[1]

class Raising:
    kind = "fake"

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise eval(ERROR, vars(graph.errors))

        return (lambda: None) if name == "close" else fail


graph.store.open_store = lambda settings: Raising()
from cli.main import app

sys.argv = ["actorgraph", *sys.argv[2:]]
app()
"""


def drive(env: dict[str, str], error: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", DRIVER, error, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.mark.parametrize(
    "error",
    [
        "StoreAuthFailed('Neo4j refused the credentials of user neo4j')",
        "StoreMisconfigured('Neo4j has no database named nope')",
        "StoreUnavailable('Neo4j at bolt://127.0.0.1:1 does not answer')",
        "StoreCorrupt('/x/graph.json is corrupt: empty file')",
    ],
)
@pytest.mark.parametrize("command", ["relations", "ingest", "explore", "merge"])
def test_store_errors_are_one_line(
    env: dict[str, str], article: Path, tmp_path: Path, error: str, command: str
) -> None:
    extra = {
        "relations": ["iran"],
        "ingest": [str(article)],
        "explore": ["--out", str(tmp_path / "page.html")],
        "merge": ["iran", "syria"],
    }[command]
    done = drive(env, error, command, *extra)
    one_error_line(done, error.split("'")[1])


def test_a_bug_is_one_line_saying_how_to_see_the_traceback(env: dict[str, str]) -> None:
    done = drive(env, "RuntimeError('boom')", "relations", "iran")
    line = one_error_line(done, "RuntimeError: boom", "bug", "ACTORGRAPH_DEBUG=1")
    assert line
    debug = drive({**env, "ACTORGRAPH_DEBUG": "1"}, "RuntimeError('boom')", "relations", "iran")
    assert debug.returncode != 0
    assert "Traceback" in debug.stderr and "boom" in debug.stderr

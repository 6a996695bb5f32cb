"""A user's mistake (a bad setting, lexicon or store file) is one red line and exit 1, never a
traceback and never a rewritten file; a bug says so and how to see its traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.embedded_store import EmbeddedStore
from graph.model import Extraction
from tests.conftest import ROOT

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
    environment["ACTORGRAPH_STORE"] = str(tmp_path / "graph.json")
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
    assert not (tmp_path / "graph.json").exists()


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
    assert done.stdout == ""  # no half-written JSON either
    assert not (tmp_path / "graph.json").exists()


# -- embedded store ---------------------------------------------------------------------------


def valid_store(path: Path, samples: list[Extraction]) -> dict[str, object]:
    store = EmbeddedStore(path)
    for extraction in samples:
        store.ingest(extraction)
    data: dict[str, object] = json.loads(path.read_text())
    return data


def corrupt(path: Path, how: str, samples: list[Extraction]) -> None:
    data = valid_store(path, samples)
    nodes: list[dict[str, object]] = data["nodes"]  # type: ignore[assignment]
    links: list[dict[str, object]] = data["links"]  # type: ignore[assignment]
    if how == "node without type":
        del nodes[0]["type"]
    elif how == "link without article_id":
        del links[3]["article_id"]
    elif how == "bad modality":
        links[0]["modality"] = "rumoured"
    elif how == "confidence not a number":
        links[0]["confidence"] = "high"
    elif how == "unknown endpoint":
        links[0]["target"] = "nowhere"
    elif how == "unknown article":
        links[1]["article_id"] = "f" * 64
    elif how == "article without id":
        articles: dict[str, dict[str, object]] = data["graph"]["articles"]  # type: ignore[index]
        del next(iter(articles.values()))["id"]
    if how in ("truncated", "empty", "not json", "not a store"):
        raw = path.read_text()
        path.write_text(
            {
                "truncated": raw[: len(raw) // 2],
                "empty": "",
                "not json": "hello",
                "not a store": "[1, 2]",
            }[how]
        )
    else:
        path.write_text(json.dumps(data))


CORRUPTIONS = [
    "node without type",
    "link without article_id",
    "bad modality",
    "confidence not a number",
    "unknown endpoint",
    "unknown article",
    "article without id",
    "truncated",
    "empty",
    "not json",
    "not a store",
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
        *(("node without type", command) for command in STORE_COMMANDS),
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
    path = tmp_path / "graph.json"
    corrupt(path, how, samples)
    before = path.read_bytes()
    extra = {
        "explore": ["--out", str(tmp_path / "page.html")],
        "ingest": [str(article)],
    }.get(command, [])
    done = run(env, *STORE_COMMANDS[command], *extra)
    one_error_line(done, str(path), "corrupt")
    assert path.read_bytes() == before
    assert not (tmp_path / "page.html").exists()


# -- errors a store raises, and bugs -------------------------------------------------------------

# Runs the real CLI in a fresh process with a store that raises the given exception on any call.
DRIVER = """
import sys

import graph.errors
import graph.stores

ERROR = sys.argv[1]

class Raising:
    kind = "fake"

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise eval(ERROR, vars(graph.errors))

        return (lambda: None) if name == "close" else fail


graph.stores.open_store = lambda settings: Raising()
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

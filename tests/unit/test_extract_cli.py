"""`actorgraph extract`: the JSON contract, the table, exit codes, stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SAMPLES = ROOT / "samples"
ARTICLE_KEYS = {"id", "path", "title", "published", "actors", "relations"}
ACTOR_KEYS = {"id", "name", "type", "aliases", "wikidata_id", "mentions"}
RELATION_KEYS = {
    "source",
    "target",
    "type",
    "confidence",
    "modality",
    "year",
    "evidence",
    "trigger",
    "cameo",
}


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        check=False,
    )


def test_json_contract_on_the_samples() -> None:
    result = run("extract", str(SAMPLES), "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert set(data) == {"extractor", "articles", "errors"}
    assert data["extractor"]["name"] == "actorgraph" and data["extractor"]["version"]
    assert data["errors"] == []
    assert len(data["articles"]) == len(list(SAMPLES.iterdir()))
    for article in data["articles"]:
        assert set(article) == ARTICLE_KEYS
        source = Path(article["path"])
        raw = source.read_text(encoding="utf-8")
        text = json.loads(raw)["text"] if source.suffix == ".json" else raw
        ids = set()
        for actor in article["actors"]:
            assert set(actor) == ACTOR_KEYS
            ids.add(actor["id"])
            for m in actor["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]
        assert article["relations"], article["path"]
        for r in article["relations"]:
            assert set(r) == RELATION_KEYS
            assert {r["source"], r["target"]} <= ids
            ev = r["evidence"]
            assert text[ev["start"] : ev["end"]] == ev["text"]


def test_a_broken_file_fails_the_exit_code_but_not_the_batch(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    result = run("extract", str(tmp_path / "bad.txt"), str(SAMPLES / "ukraine-talks.txt"))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert [a["path"] for a in data["articles"]] == [str(SAMPLES / "ukraine-talks.txt")]
    assert data["errors"] == [
        {"path": str(tmp_path / "bad.txt"), "error": data["errors"][0]["error"]}
    ]
    assert "binary" in data["errors"][0]["error"]
    assert "bad.txt" in result.stderr.decode()


def test_stdin_and_table() -> None:
    result = run("extract", "-", "--format", "table", stdin=b"Iran backs Syria, officials said.")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "iran" in out and "supports" in out and "syria" in out and "claimed" in out


def test_json_is_one_object_even_when_nothing_can_be_read(tmp_path: Path) -> None:
    """CoreNLP down, or a lexicon that cannot be used: stdout is still the contract's one
    object, naming every input with the reason; stderr has the one error line."""
    import os

    from tests.conftest import free_port

    article = tmp_path / "a.txt"
    article.write_text("Iran backs Syria.\n")
    down = {"ACTORGRAPH_CORENLP_URLS": f"http://127.0.0.1:{free_port()}"}
    broken = {"ACTORGRAPH_LEXICON": str(tmp_path / "missing.json")}
    for env in (down, broken):
        result = subprocess.run(
            [sys.executable, "-m", "cli.main", "extract", str(article), "-"],
            input=b"Russia backs Iran.",
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, **env},
            check=False,
            timeout=60,
        )
        assert result.returncode == 1, result.stderr.decode()
        data = json.loads(result.stdout)
        assert data["articles"] == [] and data["extractor"]["name"] == "actorgraph"
        assert [e["path"] for e in data["errors"]] == [str(article), "-"]
        reason = "CoreNLP" if env is down else "missing.json"
        assert all(reason in e["error"] for e in data["errors"]), data
        assert reason in result.stderr.decode()

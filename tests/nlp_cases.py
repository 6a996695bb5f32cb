"""The cases of tests/data/nlp_sentences.txt and how a fixture is written (used by
scripts/make_nlp_fixtures.py, which writes tests/data/nlp, and by the tests that read it)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from graph.settings import CorefMode
from loaders.nlp.client import CoreNLPClient

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "nlp_sentences.txt"
TARGET = ROOT / "tests" / "data" / "nlp"


@dataclass
class Case:
    name: str
    lines: list[str] = field(default_factory=list)
    crlf: bool = False
    coref: CorefMode | None = None

    @property
    def text(self) -> str:
        return ("\r\n" if self.crlf else "\n").join(self.lines)


def cases(path: Path = SOURCE) -> list[Case]:
    """The cases of nlp_sentences.txt: "## name [crlf] [coref=statistical]", then lines."""
    found: list[Case] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            name, *flags = line[3:].split()
            case = Case(name, crlf="[crlf]" in flags)
            for flag in flags:
                if flag.startswith("[coref="):
                    case.coref = cast(CorefMode, flag[len("[coref=") : -1])
            found.append(case)
        elif line.startswith("#") or not found:
            continue
        elif line.strip():
            found[-1].lines.append(line)
    return found


def render(case: Case, client: CoreNLPClient) -> str:
    """The fixture as JSON with one token, edge or mention a line (readable diffs)."""
    name, text = case.name, case.text
    doc = client.parse(text, coref=case.coref).to_dict()

    def one(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    def rows(items: list[object], indent: str) -> str:
        return ",\n".join(indent + one(item) for item in items)

    sentences = []
    for s in doc["sentences"]:
        parts = [
            f'   {{"index": {s["index"]},',
            '    "tokens": [\n' + rows(s["tokens"], "     ") + "],",
            '    "dependencies": [\n' + rows(s["dependencies"], "     ") + "],",
            '    "mentions": ['
            + ("\n" + rows(s["mentions"], "     ") if s["mentions"] else "")
            + "]}",
        ]
        sentences.append("\n".join(parts))
    rendered = (
        "{\n"
        f' "name": {one(name)},\n'
        f' "text": {one(text)},\n'
        ' "document": {\n'
        f'  "format": {one(doc["format"])},\n'
        f'  "pipeline": {one(doc["pipeline"])},\n'
        '  "sentences": [\n' + ",\n".join(sentences) + "],\n"
        f'  "corefs": {one(doc["corefs"])}}}}}\n'
    )
    assert json.loads(rendered) == {"name": name, "text": text, "document": doc}
    return rendered

"""Converts the Phoenix / PETRARCH2 dictionaries into actorgraph's lexicon format.

Run by ``scripts/convert_phoenix.py``; the output lives in ``loaders/knowledge/data/phoenix/`` and
is read by ``loaders.knowledge.phoenix``. Everything here is deterministic: the same inputs give
the same bytes.

What becomes what:

- a country block (``SYRIA_ [SYR]``) is a **state** (the id the project already uses); its
  synonyms are sorted into aliases, demonyms and **places** (cities, provinces: the Phoenix
  lists code "Aleppo" as Syria, actorgraph keeps it a city *in* Syria);
- a person (CountryInfo lists, rulers, names with a given name first) with a government or
  military role is a **leader** with **dated roles**; other persons are **person**;
- a named group is an **armed_group** (rebels, insurgents, militarised groups, militaries) or an
  **organization** (IGOs, NGOs, companies, parties, opposition bodies, state agencies);
  persons listed as synonyms of a group become persons affiliated with it.

Guards (every dropped or flagged name is counted by reason in the summary): single words that
are common English words or given names are dropped; acronyms that spell a common word are
dropped; names that are only digits or punctuation are dropped; single-word person names are
kept but flagged ``surname`` (the lookup needs a title to link them); names made only of common
words are flagged ``common`` (the lookup needs them capitalised).
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

from loaders.knowledge.lexicon import Lexicon, build_lexicon
from scripts.phoenix.actors import Converter
from scripts.phoenix.format import (
    EventCode,
    PatternShape,
    parse_verb_file,
    pattern_shape,
)
from scripts.phoenix.records import (
    FORMAT_VERSION,
    Summary,
    WordLists,
    build_word_lists,
    protect_project_names,
)

VERBS_FORMAT_VERSION = 2


def convert_verbs(text: str, summary: Summary) -> dict[str, Any]:
    """The CAMEO verb dictionary as data: every verb group with its code, its verbs and its
    patterns read into dependency-parse constraints (loaders/phoenix_format.pattern_shape),
    and the patterns that cannot be read, with why. Which codes make which relation is not
    decided here but at run time (loaders/knowledge/data/cameo_relations.json)."""
    blocks, synsets, report = parse_verb_file(text)
    summary.parse["verbs"] = report
    groups = []
    for block in blocks:
        summary.verbs["groups"] += 1
        verbs = []
        for verb in block.verbs:
            summary.verbs["verbs"] += 1
            entry: dict[str, Any] = {
                "words": [w.lower() for w in verb.words],
                "head": verb.head,
            }
            if verb.code is not None:
                entry["code"] = verb.code.forward
                if verb.code.reverse:
                    entry["reverse"] = verb.code.reverse
            verbs.append(entry)
        patterns = []
        dropped = []
        for pattern in block.patterns:
            summary.verbs["patterns"] += 1
            shape = pattern_shape(pattern)
            if isinstance(shape, str):
                summary.verbs[f"pattern dropped: {shape}"] += 1
                dropped.append({"line": pattern.line, "reason": shape})
                continue
            patterns.append(_pattern_data(pattern.code, shape, pattern.line))
        group: dict[str, Any] = {
            "name": block.name.lower().replace("_", " "),
            "line": block.line,
            "code": block.code.forward if block.code else None,
        }
        if block.code is not None and block.code.reverse:
            group["reverse"] = block.code.reverse
        group["verbs"] = verbs
        if patterns:
            group["patterns"] = patterns
        if dropped:
            group["dropped"] = dropped
        groups.append(group)
    return {
        "groups": groups,
        "synsets": {
            k.lstrip("&").lower(): sorted({m.lower() for m in v})
            for k, v in sorted(synsets.items())
        },
    }


def _pattern_data(code: EventCode, shape: PatternShape, line: int) -> dict[str, Any]:
    data: dict[str, Any] = {"line": line, "code": code.forward}
    if code.reverse:
        data["reverse"] = code.reverse
    if shape.subject is not None:
        data["subject"] = list(shape.subject.words)
    if shape.particle is not None:
        data["particle"] = shape.particle
    if shape.object is not None:
        data["object"] = list(shape.object.words)
    if shape.preps:
        data["preps"] = [
            {
                "preps": list(p.preps),
                **({"words": list(p.phrase.words)} if p.phrase is not None else {}),
                **({"target": True} if p.target else {}),
            }
            for p in shape.preps
        ]
    if shape.target is not None:
        data["target"] = shape.target
    return data


def dump_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode()


def write_gzip(path: Path, payload: bytes) -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as out:
        out.write(payload)
    path.write_bytes(buffer.getvalue())


def convert(
    sources: dict[str, str],
    agents: str,
    verbs: str,
    lexicon: Lexicon | None = None,
    words: WordLists | None = None,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], Summary]:
    """(actors document, agents document, verbs document, summary)."""
    lexicon = lexicon or build_lexicon()
    words = words or build_word_lists(sources, agents, verbs)
    protect_project_names(words, lexicon)
    converter = Converter(words, lexicon)
    converter.convert_actors(sources)
    actors = converter.actors_json()
    organs = [converter.organs[k] for k in sorted(converter.organs)]
    agent_list = converter.convert_agents(agents) if agents else []
    verb_doc = convert_verbs(verbs, converter.summary) if verbs else {}
    about = "Derived from the Phoenix / PETRARCH2 dictionaries (MIT, Open Event Data): see README."
    actors_doc = {
        "format": FORMAT_VERSION,
        "about": about,
        "country_codes": dict(sorted(converter.codes.alpha3_to_state.items())),
        "actors": actors,
        "state_organs": organs,
    }
    agents_doc = {"format": FORMAT_VERSION, "about": about, "agents": agent_list}
    verbs_doc = {"format": VERBS_FORMAT_VERSION, "about": about, **verb_doc}
    return actors_doc, agents_doc, verbs_doc, converter.summary

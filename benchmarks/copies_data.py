"""The labelled copy pairs of tests/data/copies and the grid that chose the copy detector's
threshold and shingle size.

Each ``stories/*.json`` holds one invented story about invented states: a wire ``base``
article, ``copies`` made from it by the edits outlets make (a new headline, a dateline, cut or
moved paragraphs, a reworded sentence, a dropped quote, boilerplate or a paragraph of their
own), ``independent`` articles on the same event by other reporters (the same actors, numbers
and often the same quote: the hard negatives) and ``followups``, later stories by the same
agency that reuse background paragraphs word for word (new reporting: not a copy).

Pairs: base and copy, or two copies, are copies; any pair from different stories, and any pair
involving an independent or follow-up article, is not. All texts are the project's own
invented writing.

Run: .venv/bin/python benchmarks/copies_data.py   (prints the grid)
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.feeds.copies import CopyDetector, CopyParams, jaccard, shingles, words  # noqa: E402

DATA = ROOT / "tests" / "data" / "copies"


@dataclass(frozen=True)
class Text:
    id: str
    story: str
    kind: str  # base, copy, independent, followup
    outlet: str
    headline: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join((self.headline, *self.paragraphs))

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def cluster(self) -> str:
        """Texts of one cluster are copies of each other: a story's base and copies."""
        return self.story if self.kind in ("base", "copy") else self.id


@dataclass(frozen=True)
class Pair:
    one: Text
    other: Text
    copy: bool
    kind: str  # copy, same-event, follow-up, other-story


def load(folder: Path = DATA) -> list[Text]:
    texts: list[Text] = []
    for path in sorted((folder / "stories").glob("*.json")):
        texts.extend(_story(json.loads(path.read_text(encoding="utf-8")), path.name))
    return texts


def _story(data: dict[str, Any], name: str) -> list[Text]:
    story = data["story"]
    base = data["base"]
    paragraphs = list(base["paragraphs"])
    out = [Text(story, story, "base", base["outlet"], base["headline"], tuple(paragraphs))]
    for copy in data.get("copies", []):
        headline, body = apply_edits(
            base["headline"], paragraphs, copy["edits"], f"{name}:{copy['id']}"
        )
        out.append(Text(copy["id"], story, "copy", copy["outlet"], headline, tuple(body)))
    for kind in ("independent", "followups"):
        for other in data.get(kind, []):
            label = "followup" if kind == "followups" else "independent"
            out.append(
                Text(
                    other["id"],
                    story,
                    label,
                    other["outlet"],
                    other["headline"],
                    tuple(other["paragraphs"]),
                )
            )
    return out


def apply_edits(
    headline: str, paragraphs: list[str], edits: Iterable[dict[str, Any]], where: str
) -> tuple[str, list[str]]:
    """A copy from its base, one edit after the other; indexes name the current paragraphs."""
    body = list(paragraphs)
    for edit in edits:
        [(op, arg)] = edit.items()
        if op == "headline":
            headline = arg
        elif op == "dateline":
            body[0] = f"{arg} {body[0]}"
        elif op == "drop":
            for index in sorted(arg, reverse=True):
                del body[index]
        elif op == "keep":
            body = body[:arg]
        elif op == "order":
            if sorted(arg) != list(range(len(body))):
                raise ValueError(f"{where}: order {arg} is not a permutation of {len(body)}")
            body = [body[i] for i in arg]
        elif op == "rewrite":
            old, new = arg
            hits = [i for i, p in enumerate(body) if old in p]
            if len(hits) != 1:
                raise ValueError(f"{where}: rewrite {old!r} found {len(hits)} times")
            body[hits[0]] = body[hits[0]].replace(old, new)
        elif op == "insert":
            position, text = arg
            body.insert(position, text)
        elif op == "append":
            body.append(arg)
        else:
            raise ValueError(f"{where}: unknown edit {op!r}")
    return headline, body


def pairs(texts: list[Text]) -> list[Pair]:
    out = []
    for one, other in itertools.combinations(texts, 2):
        copy = one.cluster == other.cluster
        if copy:
            kind = "copy"
        elif one.story != other.story:
            kind = "other-story"
        elif "followup" in (one.kind, other.kind):
            kind = "follow-up"
        else:
            kind = "same-event"
        out.append(Pair(one, other, copy, kind))
    return out


@dataclass(frozen=True)
class Score:
    threshold: float
    shingle: int
    tp: int
    fp: int
    fn: int
    hard_fp: int  # false copies among same-event and follow-up pairs

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(texts: list[Text], threshold: float, shingle: int, seed: int = 1) -> Score:
    """The detector's pair decisions: all texts indexed, each one queried; a pair is called a
    copy when either text finds the other at or above the threshold (LSH retrieval included)."""
    detector = CopyDetector(CopyParams(threshold=threshold, shingle=shingle, seed=seed))
    for text in texts:
        detector.add(text.id, text.text, text.id)
    called: set[frozenset[str]] = set()
    for text in texts:
        for match in detector.matches(text.text):
            if match.article_id != text.id:
                called.add(frozenset((text.id, match.article_id)))
    return _count(texts, called, threshold, shingle)


def stream_score(texts: list[Text], threshold: float, shingle: int, seed: int = 1) -> Score:
    """Stories as the ingest would assign them: texts arrive in a shuffled order (a copy may
    come before its base), each takes the story it is found to copy or starts its own; a pair
    is called a copy when both end in one story."""
    import random

    order = list(texts)
    random.Random(seed).shuffle(order)
    detector = CopyDetector(CopyParams(threshold=threshold, shingle=shingle, seed=seed))
    story: dict[str, str] = {}
    for text in order:
        found = detector.find(text.text).story_id
        story[text.id] = found or text.id
        detector.add(text.id, text.text, story[text.id])
    called = {
        frozenset((one.id, other.id))
        for one, other in itertools.combinations(texts, 2)
        if story[one.id] == story[other.id]
    }
    return _count(texts, called, threshold, shingle)


def _count(texts: list[Text], called: set[frozenset[str]], threshold: float, shingle: int) -> Score:
    tp = fp = fn = hard = 0
    for pair in pairs(texts):
        said = frozenset((pair.one.id, pair.other.id)) in called
        tp += said and pair.copy
        fp += said and not pair.copy
        fn += pair.copy and not said
        hard += said and pair.kind in ("same-event", "follow-up")
    return Score(threshold, shingle, tp, fp, fn, hard)


def exact_ranges(texts: list[Text], shingle: int) -> dict[str, tuple[float, float]]:
    """Exact Jaccard per pair kind: (min, max)."""
    sets = {t.id: shingles(words(t.text), shingle) for t in texts}
    ranges: dict[str, list[float]] = {}
    for pair in pairs(texts):
        ranges.setdefault(pair.kind, []).append(jaccard(sets[pair.one.id], sets[pair.other.id]))
    return {kind: (min(values), max(values)) for kind, values in ranges.items()}


THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
SHINGLES = (2, 3, 4, 5, 6, 8)
SEEDS = (1, 2, 3, 4, 5)


def grid(texts: list[Text], scorer: object, title: str) -> None:
    assert callable(scorer)
    print(f"\n{title}: precision / recall, mean of seeds {SEEDS[0]}-{SEEDS[-1]} (worst seed)")
    print("  k " + "".join(f"  t={t:<20}" for t in THRESHOLDS))
    for size in SHINGLES:
        cells = []
        for threshold in THRESHOLDS:
            runs = [scorer(texts, threshold, size, seed) for seed in SEEDS]
            p = [r.precision for r in runs]
            r = [r.recall for r in runs]
            cells.append(f"{sum(p) / len(p):.3f}/{sum(r) / len(r):.3f} ({min(p):.2f}/{min(r):.2f})")
        print(f"  {size} " + "".join(f"  {c:<22}" for c in cells))


def main() -> None:
    texts = load()
    labelled = pairs(texts)
    counts: dict[str, int] = {}
    for pair in labelled:
        counts[pair.kind] = counts.get(pair.kind, 0) + 1
    words_per = sorted(len(words(t.text)) for t in texts)
    print(
        f"{len(texts)} texts ({sum(t.kind == 'base' for t in texts)} stories), "
        f"{words_per[0]}-{words_per[-1]} words; pairs: "
        + ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
    )
    print("\nexact Jaccard of word shingles, min-max per pair kind")
    for size in SHINGLES:
        ranges = exact_ranges(texts, size)
        print(
            f"  k={size}: "
            + "  ".join(f"{kind} {lo:.2f}-{hi:.2f}" for kind, (lo, hi) in sorted(ranges.items()))
        )
    grid(texts, score, "pairs (every text indexed, every text queried)")
    grid(texts, stream_score, "stories (texts arrive shuffled, each joins the story it copies)")


if __name__ == "__main__":
    main()

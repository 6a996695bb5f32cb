"""Scores extraction against re3d-format gold (documents/entities/relations JSON lines).

Mapping (shared/README.md): supports = Likes + AlliesOf, opposes = Dislikes + FightingAgainst,
calls = CommWith; opposes and calls are scored without direction. Gold entity spans are
clustered by IsSynonymOf links and equal text. A predicted actor stands for every gold cluster
that has a span overlapping one of its mentions or a text equal to its name or an alias. Gold
and predictions are both counted once per document and (source, type, target).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import Article, Extraction, Modality, Relation, RelationType, article_id
from loaders.rules.extract import Extractor

MAPPING = {
    "Likes": RelationType.SUPPORTS,
    "AlliesOf": RelationType.SUPPORTS,
    "Dislikes": RelationType.OPPOSES,
    "FightingAgainst": RelationType.OPPOSES,
    "CommWith": RelationType.CALLS,
}
# Scored: the types re3d marks, read from the mapping (its gold has no control relation).
SCORED = tuple(t for t in RelationType if t in MAPPING.values())
Span = tuple[int, int]


@dataclass
class GoldDocument:
    id: str
    title: str | None
    text: str
    source: str | None = None
    relations: list[tuple[RelationType, Span, Span]] = field(default_factory=list)
    synonyms: list[tuple[Span, Span]] = field(default_factory=list)
    spans: dict[Span, str] = field(default_factory=dict)


@dataclass
class Coverage:
    """Gold pairs whose both ends some extracted actor covers: the ceiling on recall."""

    covered: int = 0
    total: int = 0


@dataclass
class Counts:
    predicted: int = 0
    correct_predicted: int = 0
    gold: int = 0
    found_gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.predicted += other.predicted
        self.correct_predicted += other.correct_predicted
        self.gold += other.gold
        self.found_gold += other.found_gold


def _json_lines(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load(directory: Path) -> list[GoldDocument]:
    """Read one re3d subset folder."""
    for name in ("documents.json", "entities.json", "relations.json"):
        if not (directory / name).is_file():
            raise FileNotFoundError(f"{directory}: {name} is missing (not a re3d folder)")
    docs: dict[str, GoldDocument] = {}
    for raw in _json_lines(directory / "documents.json"):
        doc_id = str(raw["_id"])
        docs[doc_id] = GoldDocument(
            doc_id,
            str(raw["title"]) if raw.get("title") else None,
            str(raw["text"]),
            str(raw["sourceName"]) if raw.get("sourceName") else None,
        )
    for raw in _json_lines(directory / "entities.json"):
        doc = docs.get(str(raw["documentId"]))
        if doc is not None:
            span = (int(raw["begin"]), int(raw["end"]))  # type: ignore[call-overload]
            doc.spans[span] = str(raw["value"])
    for raw in _json_lines(directory / "relations.json"):
        doc = docs.get(str(raw["documentId"]))
        if doc is None:
            continue
        source = (int(raw["sourceBegin"]), int(raw["sourceEnd"]))  # type: ignore[call-overload]
        target = (int(raw["targetBegin"]), int(raw["targetEnd"]))  # type: ignore[call-overload]
        doc.spans.setdefault(source, str(raw["source"]))
        doc.spans.setdefault(target, str(raw["target"]))
        kind = str(raw["type"])
        if kind == "IsSynonymOf":
            doc.synonyms.append((source, target))
        elif kind in MAPPING:
            doc.relations.append((MAPPING[kind], source, target))
    return list(docs.values())


def _clusters(doc: GoldDocument) -> dict[Span, int]:
    parent: dict[Span, Span] = {span: span for span in doc.spans}

    def find(span: Span) -> Span:
        while parent[span] != span:
            parent[span] = parent[parent[span]]
            span = parent[span]
        return span

    def union(a: Span, b: Span) -> None:
        parent[find(a)] = find(b)

    for a, b in doc.synonyms:
        union(a, b)
    by_text: dict[str, Span] = {}
    for span, value in doc.spans.items():
        key = value.strip().lower()
        if key in by_text:
            union(span, by_text[key])
        else:
            by_text[key] = span
    roots: dict[Span, int] = {}
    return {span: roots.setdefault(find(span), len(roots)) for span in doc.spans}


# Words that make a span look capitalised without naming anything: pronouns, and function
# words at the start of a sentence.
_NOT_NAMES = frozenset(
    [
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "the",
        "a",
        "an",
        "some",
        "any",
        "one",
        "two",
        "three",
        "several",
        "many",
        "all",
        "both",
        "each",
        "such",
        "other",
        "another",
    ]
)


def is_named(text: str) -> bool:
    """Whether a gold span names an actor: a capitalised word that is not a pronoun or a
    sentence-initial function word ("Syrian government forces", "IS", "the US-led coalition";
    not "me", "He", "A man", "snipers")."""
    for word in text.replace("-", " ").split():
        letters = word.strip(".,;:'\"()\u2019")
        if letters[:1].isupper() and (
            letters.lower() not in _NOT_NAMES or (len(letters) > 1 and letters.isupper())
        ):
            return True  # "US" is a name, "us" and "Us" are not
    return False


def score_document(
    doc: GoldDocument,
    extraction: Extraction,
    coverage: Coverage | None = None,
    named_only: bool = False,
    explained: list[Explanation] | None = None,
    judged: list[tuple[Relation, bool]] | None = None,
) -> dict[RelationType, Counts]:
    """Counts per relation type. With ``named_only`` only gold pairs whose two ends are named
    count, and predictions that stand only for unnamed gold spans are left out. With
    ``explained``, every missed gold pair and every wrong prediction is added to it."""
    cluster = _clusters(doc)
    named = {c for span, c in cluster.items() if is_named(doc.spans[span])}
    gold: dict[RelationType, set[tuple[int, ...]]] = defaultdict(set)
    for kind, source, target in doc.relations:
        a, b = cluster[source], cluster[target]
        if a == b:
            continue
        if named_only and not (a in named and b in named):
            continue
        gold[kind].add(_key(kind, a, b))

    by_text: dict[str, set[int]] = defaultdict(set)
    for span, value in doc.spans.items():
        by_text[value.strip().lower()].add(cluster[span])
    stands_for: dict[str, set[int]] = {}
    for actor in extraction.actors:
        clusters: set[int] = set()
        for mention in actor.mentions:
            for (begin, end), c in cluster.items():
                if begin < mention.end and mention.start < end:
                    clusters.add(c)
        for name in (actor.name, *actor.aliases):
            clusters |= by_text.get(name.strip().lower(), set())
        stands_for[actor.id] = clusters
    if coverage is not None:
        recognised = set().union(*stands_for.values()) if stands_for else set()
        for kind in SCORED:
            for key in gold[kind]:
                coverage.total += 1
                coverage.covered += all(c in recognised for c in key)

    predicted: dict[RelationType, set[tuple[str, str]]] = defaultdict(set)
    for relation in extraction.relations:
        if relation.type in SCORED and relation.modality is not Modality.NEGATED:
            pair = (relation.source, relation.target)
            if relation.type.symmetric:
                pair = (min(pair), max(pair))
            predicted[relation.type].add(pair)

    if named_only:
        for kind in SCORED:
            predicted[kind] = {
                pair
                for pair in predicted[kind]
                if all(_named_or_unknown(stands_for.get(end, set()), named) for end in pair)
            }
    result: dict[RelationType, Counts] = {}
    for kind in SCORED:
        counts = Counts(predicted=len(predicted[kind]), gold=len(gold[kind]))
        found: set[tuple[int, ...]] = set()
        wrong: list[tuple[str, str]] = []
        for source_id, target_id in sorted(predicted[kind]):
            sources = stands_for.get(source_id, set())
            targets = stands_for.get(target_id, set())
            candidates = {_key(kind, a, b) for a in sources for b in targets if a != b}
            hits = candidates & gold[kind]
            if judged is not None:
                judged.append((_relation_of(extraction, kind, source_id, target_id), bool(hits)))
            if hits:
                counts.correct_predicted += 1
                found |= hits
            else:
                wrong.append((source_id, target_id))
        counts.found_gold = len(found)
        result[kind] = counts
        if explained is not None:
            explained.extend(_explain(doc, extraction, kind, cluster, gold[kind], found, wrong))
    return result


@dataclass(frozen=True)
class Explanation:
    """A missed gold relation or a wrong prediction, with the sentence it is (or was read) in."""

    document: str
    kind: str  # "miss" or "wrong"
    line: str
    sentence: str


def _explain(
    doc: GoldDocument,
    extraction: Extraction,
    kind: RelationType,
    cluster: dict[Span, int],
    gold: set[tuple[int, ...]],
    found: set[tuple[int, ...]],
    wrong: list[tuple[str, str]],
) -> Iterator[Explanation]:
    names: dict[int, str] = {}
    for span in sorted(cluster):
        names.setdefault(cluster[span], doc.spans[span])
    arrow = "<->" if kind.symmetric else "->"
    for relation_kind, source, target in doc.relations:
        if relation_kind is not kind:
            continue
        key = _key(kind, cluster[source], cluster[target])
        if key in gold and key not in found:
            gold = gold - {key}  # each missed pair once
            yield Explanation(
                doc.id,
                "miss",
                f"{names[cluster[source]]} {arrow} {names[cluster[target]]} ({kind.value})",
                _sentence_around(doc.text, min(source[0], target[0]), max(source[1], target[1])),
            )
    for source_id, target_id in wrong:
        relation = _relation_of(extraction, kind, source_id, target_id)
        yield Explanation(
            doc.id,
            "wrong",
            f"{relation.source} {arrow} {relation.target} ({kind.value}, trigger "
            f"{relation.trigger!r}, cameo {relation.cameo or '-'}, {relation.modality.value})",
            " ".join(relation.evidence.text.split()),
        )


def _relation_of(extraction: Extraction, kind: RelationType, source: str, target: str) -> Relation:
    return next(
        r
        for r in extraction.relations
        if r.type is kind and {r.source, r.target} == {source, target}
    )


def _sentence_around(text: str, start: int, end: int) -> str:
    """The text from the sentence end before ``start`` to the one after ``end``."""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "\n"))
    rights = [i for i in (text.find(mark, end) for mark in (". ", "\n")) if i >= 0]
    right = min(rights) if rights else len(text)
    return " ".join(text[left + 1 : right + 1].split())


def _named_or_unknown(clusters: set[int], named: set[int]) -> bool:
    # A prediction counts unless every gold span it stands for is unnamed ("we", "rebels").
    return not clusters or bool(clusters & named)


def _key(kind: RelationType, a: int, b: int) -> tuple[int, ...]:
    return (min(a, b), max(a, b)) if kind.symmetric else (a, b)


@dataclass
class Scores:
    """All relations, and only those between named actors, per relation type."""

    all: dict[RelationType, Counts]
    named: dict[RelationType, Counts]
    documents: int
    coverage: Coverage
    explained: list[Explanation] = field(default_factory=list)  # of the named-actor scoring
    judged: list[tuple[Relation, bool]] = field(default_factory=list)  # ditto


def evaluate(directories: list[Path], extractor: Extractor) -> Scores:
    """Scores over every document of the given re3d folders (parsed several at a time)."""
    docs = [doc for directory in directories for doc in load(directory)]
    totals = {kind: Counts() for kind in SCORED}
    named = {kind: Counts() for kind in SCORED}
    coverage = Coverage()
    explained: list[Explanation] = []
    judged: list[tuple[Relation, bool]] = []
    articles = [
        Article(id=article_id(doc.text), title=doc.title, source=doc.source) for doc in docs
    ]
    parses = extractor.parse_many(doc.text for doc in docs)
    for doc, article, parsed in zip(docs, articles, parses, strict=True):
        if isinstance(parsed, Exception):
            raise ValueError(f"re3d document {doc.id}: the parser refused it: {parsed}")
        extraction = extractor.read(parsed, doc.text, article)
        for kind, counts in score_document(doc, extraction, coverage).items():
            totals[kind].add(counts)
        scored = score_document(
            doc, extraction, named_only=True, explained=explained, judged=judged
        )
        for kind, counts in scored.items():
            named[kind].add(counts)
    return Scores(totals, named, len(docs), coverage, explained, judged)


def overall(totals: dict[RelationType, Counts]) -> Counts:
    combined = Counts()
    for counts in totals.values():
        combined.add(counts)
    return combined

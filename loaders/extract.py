"""Article text -> Extraction: actors with every mention, evidenced relations."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from graph.model import (
    Article,
    Evidence,
    ExtractedActor,
    Extraction,
    Mention,
    Modality,
    Relation,
    RelationType,
)
from loaders.lexicon import Lexicon, default_lexicon
from loaders.recognize import DocumentReader
from loaders.relations import RelationFinder
from loaders.text import sentences

EXTRACTOR_NAME = "actorgraph"
EXTRACTOR_VERSION = "0.1.0"

_STRUCTURAL = {
    "leads": RelationType.LEADS,
    "member_of": RelationType.MEMBER_OF,
    "located_in": RelationType.LOCATED_IN,
}


class Extractor:
    """Deterministic, offline extraction. Build once; ``extract`` is safe to call repeatedly."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.reader = DocumentReader(self.lexicon)
        self.finder = RelationFinder(self.lexicon)
        self.version = EXTRACTOR_VERSION

    def extract(self, text: str, article: Article) -> Extraction:
        split = sentences(text)
        reading = self.reader.read(text, split, source=article.source)
        reference_year = article.published.year if article.published else date.today().year

        mentions: dict[str, list[Mention]] = defaultdict(list)
        seen_spans: set[tuple[str, int, int]] = set()
        for sentence_mentions in reading.mentions:
            for m in sentence_mentions:
                key = (m.actor_id, m.start, m.end)
                if key in seen_spans:
                    continue
                seen_spans.add(key)
                mentions[m.actor_id].append(
                    Mention(start=m.start, end=m.end, text=text[m.start : m.end])
                )

        def evidence(index: int) -> Evidence:
            sentence = split[index]
            return Evidence(
                start=sentence.start, end=sentence.end, text=text[sentence.start : sentence.end]
            )

        relations: list[Relation] = []
        for found in self.finder.find(reading, reference_year):
            relations.append(
                Relation(
                    source=found.source,
                    target=found.target,
                    type=found.type,
                    confidence=found.confidence,
                    modality=found.modality,
                    year=found.year,
                    evidence=evidence(found.sentence),
                    trigger=found.trigger,
                    cameo=found.cameo,
                    weight=found.weight,
                    article_id=article.id,
                    extractor_version=self.version,
                )
            )
        for fact in reading.facts:
            relations.append(
                Relation(
                    source=fact.source,
                    target=fact.target,
                    type=_STRUCTURAL[fact.kind],
                    confidence=fact.confidence,
                    modality=Modality.ASSERTED,
                    evidence=evidence(fact.sentence),
                    trigger=fact.trigger,
                    article_id=article.id,
                    extractor_version=self.version,
                )
            )

        involved = set(mentions) | {r.source for r in relations} | {r.target for r in relations}
        actors = []
        for actor_id, draft in reading.actors.items():
            if actor_id not in involved:
                continue
            t = draft.template
            actors.append(
                ExtractedActor(
                    id=t.id,
                    name=t.name,
                    type=t.type,
                    aliases=list(t.aliases),
                    wikidata_id=t.wikidata_id,
                    country=t.country,
                    role=t.role,
                    mentions=sorted(mentions.get(actor_id, []), key=lambda m: m.start),
                )
            )
        relations.sort(key=lambda r: (r.evidence.start, r.type.value, r.source, r.target))
        return Extraction(article=article, actors=actors, relations=relations)

"""Article text -> Extraction: actors with every mention, evidenced relations.

The text is parsed by Stanford CoreNLP (loaders/nlp: tokens, lemmas, tags, named entities,
enhanced++ dependencies; cached on disk); everything after the parse is a pure function of
the parse, the lexicon and the frames (``Extractor.read``), so rules are tested on stored
parses without a server.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Literal, Protocol, runtime_checkable

from graph.errors import NlpError
from graph.model import (
    ActorType,
    Article,
    Evidence,
    ExtractedActor,
    Extraction,
    Mention,
    Modality,
    Relation,
    RelationType,
    merge_actor_fields,
)
from loaders.knowledge.frames import FrameLexicon, default_frames
from loaders.knowledge.lexicon import ActorTemplate, Lexicon, default_lexicon
from loaders.knowledge.phoenix import PhoenixLexicon, default_phoenix
from loaders.knowledge.words import words
from loaders.nlp.model import ParsedDocument
from loaders.rules.coref import Resolver
from loaders.rules.mentions import MentionFinder
from loaders.rules.relations import Found, RelationReader
from loaders.rules.spans import PLACE_TYPES, SentenceSpans

EXTRACTOR_NAME = "actorgraph"
EXTRACTOR_VERSION = "0.2.0"


def extractor_header() -> dict[str, str]:
    """The extractor's name and version, as the JSON contract of ``extract`` gives them."""
    return {"name": EXTRACTOR_NAME, "version": EXTRACTOR_VERSION}


HEAD_ROLES = words("extraction", "head_roles")


class Parser(Protocol):
    def parse(self, text: str) -> ParsedDocument: ...

    def close(self) -> None: ...


@runtime_checkable
class BatchParser(Parser, Protocol):
    def parse_many(
        self, texts: Iterable[str], *, return_exceptions: Literal[True]
    ) -> Iterator[ParsedDocument | NlpError]: ...


class Extractor:
    """Build once; ``extract`` and ``read`` are safe to call repeatedly (and from threads)."""

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        parser: Parser | None = None,
        frames: FrameLexicon | None = None,
        phoenix: PhoenixLexicon | None = None,
    ) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.frames = frames or default_frames()
        self.phoenix = phoenix if phoenix is not None else default_phoenix()
        self.parser = parser
        self.finder = MentionFinder(self.lexicon, self.phoenix)
        self.resolver = Resolver(self.lexicon, self.frames, self.finder)
        self.reader = RelationReader(self.frames, self.lexicon)
        self.version = EXTRACTOR_VERSION

    def extract(self, text: str, article: Article) -> Extraction:
        if self.parser is None:
            raise RuntimeError("this extractor has no parser; use read() with a parse")
        return self.read(self.parser.parse(text), text, article)

    def parse_many(self, texts: Iterable[str]) -> Iterator[ParsedDocument | NlpError]:
        """Parses in input order, several in flight when the parser can; an article the
        parser rejects yields its error in its place."""
        if self.parser is None:
            raise RuntimeError("this extractor has no parser")
        if isinstance(self.parser, BatchParser):
            yield from self.parser.parse_many(texts, return_exceptions=True)
            return
        for text in texts:
            try:
                yield self.parser.parse(text)
            except NlpError as exc:
                yield exc

    def close(self) -> None:
        if self.parser is not None:
            self.parser.close()

    def read(self, parsed: ParsedDocument, text: str, article: Article) -> Extraction:
        """The extraction of an article from its parse: a pure function."""
        reference_year = article.published.year if article.published else date.today().year
        found = self.finder.find(parsed, text, article.published)
        self.resolver.resolve(found, article, parsed.corefs)
        relations = self.reader.read(found, reference_year)
        return _extraction(found, relations, text, article, self.version, self.lexicon)


def _extraction(
    found: list[SentenceSpans],
    relations: list[Found],
    text: str,
    article: Article,
    version: str,
    lexicon: Lexicon,
) -> Extraction:
    sentences = {spans.sentence.index: spans.sentence for spans in found}
    actors: dict[str, ActorTemplate] = {}
    mentions: dict[str, dict[tuple[int, int], Mention]] = defaultdict(dict)
    for spans in found:
        for span in spans.spans:
            if span.actor is None:
                continue
            actor = _merged(actors, span.actor)
            mentions[actor.id][(span.start, span.end)] = Mention(
                start=span.start, end=span.end, text=text[span.start : span.end]
            )

    def evidence(index: int) -> Evidence:
        sentence = sentences[index]
        return Evidence(start=sentence.start, end=sentence.end, text=sentence.text_of(text))

    out: dict[tuple[str, str, str, int, str], Relation] = {}
    for f in relations:
        source = _merged(actors, f.source)
        target = _merged(actors, f.target)
        key = (source.id, f.type.value, target.id, f.sentence, f.modality.value)
        relation = Relation(
            source=source.id,
            target=target.id,
            type=f.type,
            confidence=f.confidence,
            modality=f.modality,
            year=f.year,
            evidence=evidence(f.sentence),
            trigger=f.trigger,
            cameo=f.cameo,
            weight=f.weight,
            article_id=article.id,
            extractor_version=version,
            rule=f.rule,
        )
        known = out.get(key)
        if known is None or relation.confidence > known.confidence:
            out[key] = relation
    for relation in _structural(found, actors, lexicon, text, article, version, evidence):
        key = (relation.source, relation.type.value, relation.target, -1, "")
        out.setdefault(key, relation)
    involved = {r.source for r in out.values()} | {r.target for r in out.values()}
    involved |= set(mentions)
    extracted = [
        ExtractedActor(
            id=actor.id,
            name=actor.name,
            type=actor.type,
            aliases=[a for a in actor.aliases if a != actor.name],
            wikidata_id=actor.wikidata_id,
            country=actor.country if actor.country in actors or actor.country is None else None,
            role=actor.role,
            mentions=sorted(mentions.get(actor.id, {}).values(), key=lambda m: m.start),
        )
        for actor in actors.values()
        if actor.id in involved
    ]
    ordered = sorted(
        out.values(), key=lambda r: (r.evidence.start, r.type.value, r.source, r.target)
    )
    return Extraction(article=article, actors=extracted, relations=ordered)


def _merged(actors: dict[str, ActorTemplate], actor: ActorTemplate) -> ActorTemplate:
    """One template per id within an article, by graph.model's one merge precedence."""
    known = actors.get(actor.id)
    if known is None or known == actor:
        actors.setdefault(actor.id, actor)
        return actors[actor.id]
    row = merge_actor_fields(dataclasses.asdict(known), dataclasses.asdict(actor))
    merged = ActorTemplate(
        **{**row, "type": ActorType(row["type"]), "aliases": tuple(row["aliases"])}
    )
    actors[actor.id] = merged
    return merged


def _structural(
    found: list[SentenceSpans],
    actors: dict[str, ActorTemplate],
    lexicon: Lexicon,
    text: str,
    article: Article,
    version: str,
    evidence: object,
) -> Iterator[Relation]:
    """leads / member_of from offices, located_in from the gazetteer, each with the sentence
    of the mention that shows it."""
    del text
    seen: set[tuple[str, str, str]] = set()
    for spans in found:
        for span in spans.spans:
            actor = span.actor
            if actor is None or span.kind != "name":
                continue
            actor = actors.get(actor.id, actor)
            kind: RelationType | None = None
            target: str | None = None
            confidence = 0.9
            if actor.type in (ActorType.LEADER, ActorType.PERSON) and actor.country:
                role = span.role or actor.role
                if role is None:
                    continue
                kind = RelationType.LEADS if role in HEAD_ROLES else RelationType.MEMBER_OF
                target = actor.country
                confidence = 0.9 if span.role else 0.75
            elif actor.type in PLACE_TYPES and actor.country:
                kind, target, confidence = RelationType.LOCATED_IN, actor.country, 0.95
            if kind is None or target is None or target == actor.id:
                continue
            state = actors.get(target) or lexicon.actors.get(target)
            if state is None:
                continue
            key = (actor.id, kind.value, target)
            if key in seen:
                continue
            seen.add(key)
            actors.setdefault(state.id, state)
            yield Relation(
                source=actor.id,
                target=state.id,
                type=kind,
                confidence=confidence,
                modality=Modality.ASSERTED,
                evidence=evidence(span.sentence),  # type: ignore[operator]
                trigger=span.role or span.text,
                article_id=article.id,
                extractor_version=version,
            )

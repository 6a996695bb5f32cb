"""Who a mention that is no name refers to, piece by piece: the candidates a pronoun, an
anaphoric noun ("the group", "the town"), an office or an organ can take from the article so
far (recency, subjects, coordination, the article's main state), used by the resolver
(loaders/rules/coref.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from graph.model import ActorType, slugify
from loaders.knowledge.lexicon import ActorTemplate, Lexicon
from loaders.knowledge.words import words
from loaders.nlp.model import Sentence, Token
from loaders.rules.arguments import controller_subjects
from loaders.rules.spans import PLACE_TYPES, SentenceSpans, Span

PERSONS = (ActorType.PERSON, ActorType.LEADER)
GROUPS = (ActorType.ARMED_GROUP, ActorType.ORGANIZATION)
BODIES = (ActorType.STATE, ActorType.ARMED_GROUP, ActorType.ORGANIZATION)
PERSON_PRONOUNS = words("coreference", "person_pronouns")
IT_PRONOUNS = words("coreference", "it_pronouns")
THEY_PRONOUNS = words("coreference", "they_pronouns")
GROUP_NOUNS = words("coreference", "group_nouns")
STATE_NOUNS = words("coreference", "state_nouns")
OwnedOrgan = tuple[int, int, ActorTemplate]  # sentence, first token, owning state
ORGAN_REACH = 3  # sentences back to the organ a bare organ takes its state from

ALLEGIANCE = words("coreference", "allegiance")


def loyal_to(spans: SentenceSpans, head: int) -> Span | None:
    sentence = spans.sentence
    for dep in sentence.out_edges(head):
        if dep.base not in ("amod", "acl") or (
            sentence.token(dep.dependent).lemma.lower() not in ALLEGIANCE
            and sentence.token(dep.dependent).word.lower() not in ALLEGIANCE
        ):
            continue
        for inner in sentence.out_edges(dep.dependent):
            if inner.relation in ("obl:to", "obl:with", "nmod:to", "nmod:with"):
                other = spans.at(inner.dependent)
                if other is not None and other.actor is not None:
                    return other
    return None


def pronoun_kinds(sentence: Sentence, span: Span) -> tuple[ActorType, ...]:
    word = sentence.token(span.head).word.lower()
    if word in PERSON_PRONOUNS:
        return PERSONS
    if word in IT_PRONOUNS | THEY_PRONOUNS:
        return BODIES
    lemma = sentence.token(span.head).lemma.lower()
    if lemma in STATE_NOUNS:
        return (ActorType.STATE,)
    if lemma in GROUP_NOUNS | HEAD_ANAPHORS:
        return GROUPS
    return ()


def organ_owner_nearby(span: Span, owned: list[OwnedOrgan]) -> ActorTemplate | None:
    """A bare "the army", "soldiers", "the police" with no main state: the state whose
    organ was last named (within a few sentences), else the only state the document
    names organs of."""
    before = [
        actor
        for sentence, first, actor in owned
        if (sentence, first) < (span.sentence, span.first)
        and span.sentence - sentence <= ORGAN_REACH
    ]
    if before:
        return before[-1]
    states = {actor.id: actor for _, _, actor in owned}
    return next(iter(states.values())) if len(states) == 1 else None


def offices_the_text_gives(found: list[SentenceSpans]) -> None:
    """A person the text calls a group's officer ("NATO Secretary General X") or a former
    office holder ("former president X") holds no state office a dictionary remembers."""
    holders = {
        span.actor.id
        for spans in found
        for span in spans.spans
        if span.actor is not None and (span.office is not None or span.former)
    }
    if not holders:
        return
    for spans in found:
        for span in spans.spans:
            if span.actor is not None and span.actor.id in holders:
                span.actor = replace(span.actor, role=None)
                span.role = None


def most_named(
    history: list[Span], found: list[SentenceSpans], sentence: int, reach: int
) -> ActorTemplate | None:
    """Of the armed groups named within ``reach`` sentences, the one named most in the whole
    article; ties go to the latest."""
    recent: list[ActorTemplate] = []
    for span in reversed(history):
        if sentence - span.sentence > reach:
            break
        actor = span.actor
        if (
            span.kind == "name"
            and actor is not None
            and actor.type is ActorType.ARMED_GROUP
            and actor not in recent
        ):
            recent.append(actor)
    if len(recent) < 2:
        return recent[0] if recent else None
    counts = Counter(
        s.actor.id
        for ss in found
        for s in ss.spans
        if s.kind == "name" and s.actor is not None and s.actor.type is ActorType.ARMED_GROUP
    )
    return max(recent, key=lambda a: (counts[a.id], -recent.index(a)))


def most_mentioned_state(history: list[Span], sentence: int, reach: int) -> ActorTemplate | None:
    """Of the states mentioned within ``reach`` sentences, the one mentioned most so far (by
    name, demonym or organ); ties go to the latest."""
    recent: list[ActorTemplate] = []
    counts: Counter[str] = Counter()
    for span in history:
        actor = span.actor
        if actor is None or actor.type is not ActorType.STATE or span.kind == "speaker":
            continue
        counts[actor.id] += 1
        if sentence - span.sentence <= reach:
            if actor in recent:
                recent.remove(actor)
            recent.append(actor)
    if not recent:
        return None
    recent.reverse()  # latest first
    return max(recent, key=lambda a: (counts[a.id], -recent.index(a)))


def only_state_so_far(found: list[SentenceSpans], span: Span) -> ActorTemplate | None:
    """The one state the article has named up to a mention (its own sentence included)."""
    states: dict[str, ActorTemplate] = {}
    for spans in found[: span.sentence + 1]:
        for other in spans.spans:
            actor = other.actor
            if (
                other.kind in ("name", "demonym")
                and actor is not None
                and actor.type is ActorType.STATE
            ):
                states[actor.id] = actor
    return next(iter(states.values())) if len(states) == 1 else None


def group_written_after(spans: SentenceSpans, span: Span) -> Span | None:
    """ "gunmen from the Sinaloa Cartel" with "from ..." attached elsewhere by the parser: the
    group named right after "from"/"of"."""
    sentence = spans.sentence
    tokens = sentence.tokens
    position = span.last  # 0-based index of the next token
    if position >= len(tokens) or tokens[position].word.lower() not in ("from", "of"):
        return None
    for index in range(position + 2, min(len(tokens), position + 4) + 1):
        other = spans.at(index)
        if other is not None:
            return other if other.kind == "name" else None
        if tokens[index - 1].pos not in ("DT",):
            return None
    return None


def clause_subjects(sentence: Sentence, index: int) -> set[int]:
    """The subjects of the verb a token belongs to (a few steps up)."""
    current = index
    for _ in range(4):
        edges = [d for d in sentence.in_edges(current) if d.governor != 0]
        if not edges:
            return set()
        current = edges[0].governor
        if sentence.token(current).pos.startswith("VB"):
            controllers = controller_subjects(sentence, current)
            if controllers:
                return set(controllers)  # "telephoned Zardari to congratulate him"
            return {
                d.dependent
                for d in sentence.out_edges(current)
                if d.relation in ("nsubj", "nsubj:pass", "nsubj:xsubj")
            }
    return set()


def people_of(state: ActorTemplate) -> ActorTemplate:
    """A state's population, an actor of its own: regimes fight it, others stand by it."""
    return ActorTemplate(
        id=f"{state.id}-people",
        name=f"People of {state.name}",
        type=ActorType.ORGANIZATION,
        country=state.id,
    )


def is_foreign(sentence: Sentence, index: int) -> bool:
    """ "foreign troops", "local ground forces": organs no state in particular owns."""
    return any(
        sentence.token(d.dependent).lemma.lower() in UNOWNED
        for d in sentence.out_edges(index, "amod")
    )


UNOWNED = words("coreference", "unowned")


QUALIFIERS = words("coreference", "qualifiers")


IDEOLOGIES = words("coreference", "ideologies")


def specified(sentence: Sentence, index: int) -> bool:
    """A generic agent with its own qualifier ("Local Arab fighters", "Sunni tribal fighters",
    "other rebels") names a group of its own, not the one last mentioned."""
    for dep in sentence.out_edges(index):
        if dep.base not in ("amod", "compound", "det"):
            continue
        word = sentence.token(dep.dependent)
        lemma = word.lemma.lower()
        if dep.base == "det":
            if lemma in ("other", "another", "some", "many", "several", "a", "an"):
                return True
            continue
        if lemma in IDEOLOGIES:
            continue
        if word.word[:1].isupper() or lemma in QUALIFIERS:
            return True
    return False


def regional_body(spans: SentenceSpans, span: Span) -> ActorTemplate | None:
    """ "the Kurdistan regional government": a capitalised place word no lexicon knows, owning
    a government, names a body of its own."""
    sentence = spans.sentence
    head = sentence.token(span.head)
    if head.lemma.lower() not in ("government", "authority", "authorities", "administration"):
        return None
    owners = [
        sentence.token(d.dependent)
        for d in sentence.out_edges(span.head, "compound")
        if spans.at(d.dependent) is None and sentence.token(d.dependent).word[:1].isupper()
    ]
    if not owners:
        return None
    regional = any(
        sentence.token(d.dependent).lemma.lower() == "regional"
        for d in sentence.out_edges(span.head, "amod")
    )
    name = (
        " ".join(t.word for t in owners) + (" Regional " if regional else " ") + head.word.title()
    )
    return ActorTemplate(id=slugify(name), name=name, type=ActorType.ORGANIZATION)


HEAD_ANAPHORS = words("coreference", "head_anaphors")


HEAD_REACH = 6  # sentences "the coalition" may reach back


def plainly_modified(sentence: Sentence, token: Token) -> bool:
    """Only lower-case adjectives ("the global coalition"), not "other", "new", "Saudi-led"."""
    for dep in sentence.out_edges(token.index):
        if dep.base in ("det", "case", "punct", "acl", "nmod", "cc", "conj"):
            continue
        word = sentence.token(dep.dependent)
        if dep.base == "compound" and word.pos == "NN" and not word.word[:1].isupper():
            continue  # "the gang coalition"
        if dep.base != "amod":
            return False
        if word.pos not in ("JJ", "JJR") or word.word[:1].isupper():
            return False
        if word.lemma.lower() in ("other", "new", "rival", "local", "another", "former"):
            return False
    return True


def named_by_head(history: list[Span], sentence: int, lemma: str) -> ActorTemplate | None:
    for span in reversed(history):
        if sentence - span.sentence > HEAD_REACH:
            return None
        actor = span.actor
        if actor is None or span.kind != "name" or actor.type not in GROUPS:
            continue
        names = (actor.name, *actor.aliases, span.text)  # "the Viv Ansanm gang coalition"
        if any(_head_word(name) == lemma for name in names):
            return actor
    return None


def _head_word(name: str) -> str:
    """The head noun of a name: its last word, or the last before "of"/"for" ("Coalition of
    Patriots for Change" -> coalition)."""
    words = name.lower().split()
    for position, word in enumerate(words):
        if word in ("of", "for") and position > 0:
            return words[position - 1]
    return words[-1] if words else ""


def apposed_person(
    spans: SentenceSpans, span: Span, relations: tuple[str, ...] = ("appos", "dep")
) -> ActorTemplate | None:
    """The person a title or "counterpart" is written with: "the Iraqi Foreign Minister,
    Ibrahim al-Jaafari", "his Moroccan counterpart Nasser Bourita"."""
    sentence = spans.sentence
    for dep in sentence.out_edges(span.head):
        if dep.relation not in relations:
            continue
        other = spans.at(dep.dependent)
        if (
            other is not None
            and other.kind == "name"
            and other.actor is not None
            and other.actor.type in PERSONS
        ):
            return other.actor
    return None


def introduced_speaker(spans: SentenceSpans, reporting: frozenset[str]) -> ActorTemplate | None:
    """ "The Foreign Secretary, Boris Johnson, said:" announces who says the next sentences."""
    sentence = spans.sentence
    if not sentence.tokens or sentence.tokens[-1].word != ":":
        return None
    for root in sentence.roots():
        if root.lemma.lower() not in reporting:
            continue
        if sentence.out_edges(root.index, "ccomp"):
            return None
        for subject in sentence.children(root.index, "nsubj"):
            span = spans.at(subject.index)
            if span is None:
                continue
            actor = span.actor
            if actor is None or span.kind == "title":
                actor = apposed_person(spans, span) or actor
            if actor is not None and actor.type not in PLACE_TYPES:
                return actor
    return None


def is_definite(sentence: Sentence, token: Token) -> bool:
    return any(
        sentence.token(d.dependent).lemma.lower() in ("the", "this", "that")
        for d in sentence.out_edges(token.index, "det")
    )


def described_place(sentence: Sentence, token: Token) -> bool:
    """ "the oil-rich region": a place noun with only describing adjectives is still the last
    such place; a direction ("the northern region"), a name ("the Kurdish region") or a phrase
    ("the town of X") makes another."""
    edges = [d for d in sentence.out_edges(token.index) if d.base not in ("det", "punct")]
    return bool(edges) and all(
        d.base == "amod"
        and sentence.token(d.dependent).pos == "JJ"
        and sentence.token(d.dependent).word.islower()
        and sentence.token(d.dependent).lemma.lower() not in DIRECTIONS
        for d in edges
    )


DIRECTIONS = words("coreference", "directions")


def is_modified(sentence: Sentence, token: Token) -> bool:
    return any(
        d.base in ("amod", "compound", "nmod") or d.relation == "nmod:poss"
        for d in sentence.out_edges(token.index)
    )


def most_recent(
    history: list[Span],
    sentence: int,
    kinds: tuple[ActorType, ...],
    reach: int,
    singular: bool = False,
) -> ActorTemplate | None:
    for span in reversed(history):
        if sentence - span.sentence > reach:
            return None
        actor = span.actor
        if singular and span.plural:
            continue
        if actor is not None and actor.type in kinds and span.kind != "speaker":
            return actor
    return None


def subject_first(
    history: list[Span],
    found: list[SentenceSpans],
    sentence: int,
    kinds: tuple[ActorType, ...],
    reach: int,
    singular: bool = False,
) -> ActorTemplate | None:
    """ "it"/"they": of the fitting actors in the nearest sentence that has any, the subject
    of a clause (an actor whose name is, or modifies, a subject); two different subjects at
    the same distance, coordinated ("Kenya and Ethiopia signed a pact. It ..."), leave the
    pronoun unresolved; with no subject, the last one named."""
    for back in range(reach + 1):
        index = sentence - back
        if index < 0:
            break
        candidates = [
            h
            for h in history
            if h.sentence == index
            and h.actor is not None
            and h.actor.type in kinds
            and h.kind != "speaker"
            and not (singular and h.plural)
        ]
        if not candidates:
            continue
        parse = found[index].sentence
        subjects = [h for h in candidates if in_subject(parse, h.head)]
        if subjects:
            actors = {h.actor.id for h in subjects if h.actor is not None}
            if len(actors) > 1 and _coordinated(parse, [h.head for h in subjects]):
                return None
            return subjects[0].actor
        return candidates[-1].actor
    return None


def in_subject(sentence: Sentence, head: int) -> bool:
    """Whether a token is a clause's subject or inside one ("Russia's army", "Iranian drones")."""
    current = head
    for _ in range(3):
        edges = [d for d in sentence.in_edges(current) if d.governor != 0]
        if not edges:
            return False
        if any(d.base in ("nsubj", "nsubj:pass") for d in edges):
            return True
        if not any(d.base in ("amod", "compound", "nmod:poss", "nmod", "conj") for d in edges):
            return False
        current = edges[0].governor
    return False


def _coordinated(sentence: Sentence, heads: list[int]) -> bool:
    wanted = set(heads)
    return any(
        d.base == "conj" and {d.governor, d.dependent} <= wanted for d in sentence.dependencies
    )


_MODIFIERS = frozenset(["amod", "compound", "nmod:poss", "nmod", "appos", "flat", "det"])


def subtree(sentence: Sentence, heads: set[int]) -> set[int]:
    """The tokens under some heads, the heads included (through modifiers)."""
    found = set(heads)
    frontier = list(heads)
    while frontier:
        current = frontier.pop()
        for dep in sentence.out_edges(current):
            if dep.base in _MODIFIERS and dep.dependent not in found:
                found.add(dep.dependent)
                frontier.append(dep.dependent)
    return found


def office_holder(
    found: list[SentenceSpans], role: str, country: str | None, before: tuple[int, int] | None
) -> ActorTemplate | None:
    """A person the document names with this office (and state)."""
    for spans in found:
        for span in spans.spans:
            if before is not None and (span.sentence, span.first) >= before:
                continue
            actor = span.actor
            if span.kind != "name" or actor is None or actor.type not in PERSONS:
                continue
            if (span.role or actor.role) == role and (
                country is None or (span.country or actor.country) == country
            ):
                return actor
    return None


def holder_in_history(history: list[Span], role: str, country: str) -> ActorTemplate | None:
    for span in reversed(history):
        actor = span.actor
        if actor and actor.type in PERSONS and actor.role == role and actor.country == country:
            return actor
    return None


def announced_subject(spans: SentenceSpans, span: Span) -> ActorTemplate | None:
    """A pronoun in a phrase before the subject it refers to: "In a call with his
    counterpart, Lavrov stressed ..." -> Lavrov."""
    sentence = spans.sentence
    for root in sentence.roots():
        for subject in sentence.children(root.index, "nsubj"):
            named = spans.at(subject.index)
            if named is None or named.actor is None or named.actor.type not in PERSONS:
                continue
            if span.last < named.first and _fronted(sentence, span.head, root.index):
                return named.actor
    return None


def _fronted(sentence: Sentence, index: int, root: int) -> bool:
    """Whether a token sits in an adverbial phrase of the root placed before its subject."""
    current = index
    for _ in range(12):
        edges = [d for d in sentence.in_edges(current) if d.governor != 0]
        if not edges:
            return False
        edge = edges[0]
        if edge.governor == root:
            return edge.base in ("obl", "advcl", "nmod") and current < root
        current = edge.governor
    return False


def reported_by(sentence: Sentence, index: int, reporting: frozenset[str]) -> int | None:
    """The subject token of the reporting verb whose statement holds token ``index``."""
    current = index
    for _ in range(15):
        edges = [d for d in sentence.in_edges(current) if d.governor != 0]
        if not edges:
            break
        edge = edges[0]
        governor = sentence.token(edge.governor)
        if edge.base in ("ccomp", "parataxis", "xcomp") and governor.lemma.lower() in reporting:
            for subject in sentence.children(governor.index, "nsubj"):
                return subject.index
        current = governor.index
    for root in sentence.roots():
        if root.lemma.lower() in reporting and root.index > index:
            for subject in sentence.children(root.index, "nsubj"):
                if subject.index != index:
                    return subject.index
    return None


def home_state(source: ActorTemplate | None, lexicon: Lexicon) -> str | None:
    if source is None:
        return None
    if source.type is ActorType.STATE:
        return source.id
    if source.country and source.country in lexicon.actors:
        return source.country
    return None


def not_a_place(actor: ActorTemplate) -> ActorTemplate | None:
    return None if actor.type in PLACE_TYPES else actor


def bodies_by_head_word(found: list[SentenceSpans]) -> dict[str, ActorTemplate]:
    """A state's bodies named in full ("the Haitian National Police"), by their last word, when
    only one has it."""
    bodies: dict[str, dict[str, ActorTemplate]] = {}
    for spans in found:
        for span in spans.spans:
            actor = span.actor
            if span.kind != "name" or actor is None or actor.type not in GROUPS:
                continue
            if not actor.country or not actor.name.split():
                continue
            head = actor.name.split()[-1].lower()
            bodies.setdefault(head, {})[actor.id] = actor
    return {head: next(iter(b.values())) for head, b in bodies.items() if len(b) == 1}


def states_named(found: list[SentenceSpans]) -> frozenset[str]:
    return frozenset(
        span.actor.id
        for spans in found
        for span in spans.spans
        if span.kind in ("name", "demonym")
        and span.actor is not None
        and span.actor.type is ActorType.STATE
    )


def article_main_state(found: list[SentenceSpans]) -> ActorTemplate | None:
    """The state an article is mostly about: "the regime" and "the army" alone are its."""
    counts: Counter[str] = Counter()
    actors: dict[str, ActorTemplate] = {}
    for spans in found:
        for span in spans.spans:
            actor = span.actor
            if actor is None or span.kind not in ("name", "demonym"):
                continue
            state = actor if actor.type is ActorType.STATE else None
            if state is None and actor.type in PERSONS and actor.country:
                continue
            if state is not None:
                counts[state.id] += 1
                actors[state.id] = state
    if not counts:
        return None
    (best, count), *rest = [*counts.most_common(2), ("", 0)]
    if count < 2 or (rest and rest[0][1] == count):
        return None
    return actors[best]

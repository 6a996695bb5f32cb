"""Finds actor mentions in a document and resolves them to actors.

Two passes over the sentences: the first harvests what the article defines (titled names,
acronyms in brackets), the second reads every sentence with those definitions and resolves
references — surnames, roles ("his Iranian counterpart"), generic agents ("insurgents"),
"the regime", "the city", he/she — to the actors they stand for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from graph.model import ActorType, slugify
from loaders.lexicon import MAX_PHRASE_TOKENS, ActorTemplate, Entry, Lexicon
from loaders.text import Sentence, Token

_PARTICLES = frozenset(
    [
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "abu",
        "abou",
        "de",
        "del",
        "der",
        "van",
        "von",
        "da",
        "du",
        "le",
        "la",
        "di",
        "ben",
        "ould",
        "wal",
    ]
)
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|as|ad|ash|az|an|at|ar|ath)-[A-Z]", re.IGNORECASE)
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
    ]
)
_HEADS_OF_STATE = frozenset(
    [
        "president",
        "interim president",
        "prime minister",
        "king",
        "queen",
        "emir",
        "sultan",
        "supreme leader",
        "chancellor",
        "head of state",
    ]
)
_ARMED_HEADS = frozenset(
    [
        "forces",
        "front",
        "brigade",
        "brigades",
        "army",
        "militia",
        "militias",
        "battalion",
        "battalions",
        "division",
        "corps",
        "guard",
        "guards",
        "regiment",
        "movement",
        "mujahideen",
    ]
)
_ORG_HEADS = frozenset(
    [
        "council",
        "coalition",
        "committee",
        "organisation",
        "organization",
        "union",
        "alliance",
        "agency",
        "ministry",
        "office",
        "commission",
        "mission",
        "party",
        "group",
        "foundation",
        "institute",
        "association",
        "network",
        "authority",
        "court",
        "bank",
        "fund",
        "programme",
        "program",
        "league",
        "federation",
        "community",
        "society",
    ]
)
_PLACE_TYPES = frozenset({ActorType.CITY, ActorType.REGION, ActorType.STATE})
_SUBJECT_PRONOUNS = frozenset({"he", "she"})
_FIRST_PERSON_PLURAL = frozenset({"we", "our"})
# Organs that, without a named state, mean the article's dominant state ("the army").
_UNOWNED_ORGANS = frozenset(
    [
        "regime",
        "government",
        "junta",
        "military government",
        "administration",
        "army",
        "military",
        "armed forces",
        "air force",
        "navy",
        "national army",
    ]
)
_STARTERS = "the a an his her its their our your this that these those he she we our strike strikes"
# "Assad regime", "Putin's army": a leader's name before these stands for the state.
_LEADER_ORGANS = frozenset(
    ["regime", "government", "administration", "forces", "troops", "army", "military", "loyalists"]
)
_STRIKES = frozenset({"strike", "strikes", "airstrike", "airstrikes"})
_STRIKE_VERBS = frozenset(
    ["engaged", "destroyed", "hit", "struck", "killed", "targeted", "damaged", "suppressed", "also"]
)
_MAY_START = frozenset([*_STARTERS.split(), "airstrike", "airstrikes", "al", "el"])
_CONDUCT = frozenset(
    ["conducted", "launched", "carried", "conducts", "launches", "conduct", "launch"]
)
# Capitalised words that make a name a place, an event, a document or a thing, not a person.
_NOT_PERSON_WORDS = frozenset(
    [
        "dam",
        "airfield",
        "airport",
        "base",
        "mount",
        "mountain",
        "river",
        "lake",
        "bridge",
        "province",
        "district",
        "camp",
        "square",
        "street",
        "road",
        "valley",
        "hospital",
        "university",
        "school",
        "college",
        "mosque",
        "church",
        "complex",
        "port",
        "harbour",
        "summit",
        "conference",
        "day",
        "week",
        "month",
        "year",
        "resolution",
        "treaty",
        "agreement",
        "accord",
        "declaration",
        "operation",
        "exercise",
        "site",
        "heritage",
        "world",
        "international",
        "national",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "new",
        "old",
        "great",
        "upper",
        "lower",
        "republic",
        "kingdom",
        "state",
        "states",
        "united",
        "islamic",
        "arab",
        "air",
        "sea",
        "land",
        "naval",
        "falcons",
        "fighting",
        "expeditionary",
        "wing",
        "squadron",
        "fleet",
        "task",
        "joint",
        "combined",
        "headquarters",
        "centre",
        "center",
        "report",
        "statement",
        "act",
        "law",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
# "the city" and "the country" point back at the latest city or state mentioned.
_BACK_REFERENCES = {"city": ActorType.CITY, "country": ActorType.STATE, "town": ActorType.CITY}
_NOT_LOCATIVE_BEFORE_CAPITAL = frozenset({"as", "than", "like", "with"})
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "as",
        "and",
        "but",
        "or",
        "if",
        "for",
        "to",
        "from",
        "by",
        "with",
        "after",
        "before",
        "during",
        "while",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "their",
        "his",
        "her",
        "our",
        "we",
        "they",
        "he",
        "she",
        "i",
        "you",
        "there",
        "here",
        "when",
        "where",
        "what",
        "which",
        "who",
        "whose",
        "how",
        "why",
        "meanwhile",
        "however",
        "although",
        "though",
        "since",
        "until",
        "despite",
        "amid",
        "among",
        "according",
    ]
)


@dataclass
class Mention:
    sentence: int
    i: int  # first token, index into the sentence's tokens
    j: int  # one past the last token
    start: int
    end: int
    actor_id: str
    via: str  # lexicon, title, organ, capital-state, city, acronym, surname, generic, pronoun...
    possessive: bool = False


@dataclass
class ActorDraft:
    template: ActorTemplate
    aliases: list[str] = field(default_factory=list)
    first_sentence: int = 0


@dataclass
class StructuralFact:
    """A LEADS / MEMBER_OF / LOCATED_IN fact and the sentence that shows it."""

    source: str
    target: str
    kind: str
    sentence: int
    trigger: str
    confidence: float


@dataclass
class Reading:
    sentences: list[Sentence]
    mentions: list[list[Mention]]  # per sentence, in text order
    actors: dict[str, ActorDraft]
    facts: list[StructuralFact]
    demonyms: list[list[tuple[int, str]]]  # per sentence: (token index, state id)


@dataclass
class _Item:
    i: int
    j: int
    entries: list[Entry]


class DocumentReader:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lx = lexicon
        # Every prefix of every phrase, so matching walks forward only while a phrase goes on.
        self._prefixes: set[tuple[str, ...]] = set()
        for key in lexicon.phrases:
            for n in range(1, len(key) + 1):
                self._prefixes.add(key[:n])

    # -- public ------------------------------------------------------------------------------

    def read(self, text: str, sentences: list[Sentence], source: str | None = None) -> Reading:
        state = _DocState(self.lx)
        state.speaker = self.source_actor(source)
        # Pass 1: definitions (titled names, acronyms) so later sentences can use them.
        for index, sentence in enumerate(sentences):
            self._read_sentence(state, index, sentence, harvest=True)
        state.begin_second_pass()
        for index, sentence in enumerate(sentences):
            self._read_sentence(state, index, sentence, harvest=False)
        state.resolve_deferred(sentences)
        return Reading(sentences, state.mentions, state.actors, state.facts, state.demonyms)

    def source_actor(self, source: str | None) -> ActorTemplate | None:
        """The actor behind an article's source ("UK Government" -> the United Kingdom)."""
        if not source:
            return None
        from loaders.text import tokenize

        words = tuple(t.lower for t in tokenize(source))
        texts = [t.text for t in tokenize(source)]
        for length in range(len(words), 0, -1):
            for entry in self.lx.phrases.get(words[:length], ()):
                if entry.kind == "actor" and entry.actor and _case_ok_text(entry, texts[:length]):
                    return entry.actor
        return None

    # -- per sentence --------------------------------------------------------------------------

    def _items(self, state: _DocState, tokens: tuple[Token, ...]) -> list[_Item]:
        items: list[_Item] = []
        phrases = self.lx.phrases
        prefixes = self._prefixes
        local = state.local
        n = len(tokens)
        i = 0
        while i < n:
            found = None
            key: tuple[str, ...] = ()
            k = i
            while k < n and k - i < MAX_PHRASE_TOKENS:
                key = (*key, tokens[k].lower)
                in_lexicon = key in prefixes
                if not in_lexicon and key not in local:
                    break
                k += 1
                candidates = (*local.get(key, ()), *phrases.get(key, ()))
                if candidates:
                    entries = [e for e in candidates if _case_ok(e, tokens[i:k])]
                    if entries:
                        found = _Item(i, k, entries)
                if not in_lexicon:
                    break
            if found is None:
                i += 1
                continue
            items.append(found)
            i = found.j
        return items

    def _read_sentence(
        self, state: _DocState, index: int, sentence: Sentence, harvest: bool
    ) -> None:
        tokens = sentence.tokens
        if harvest and not self._may_define(tokens):
            state.vote_states(tokens, self._items(state, tokens))
            return
        cached = state.items_cache.get(index)
        if cached is not None and cached[0] == len(state.local):
            _, items, titlecase = cached
        else:
            items = self._items(state, tokens)
            titlecase = cached[2] if cached is not None else _is_headline(tokens)
            state.items_cache[index] = (len(state.local), items, titlecase)
        by_start = {item.i: item for item in items}
        mentions: list[Mention] = []
        demonyms: list[tuple[int, str]] = []
        used_until = 0
        pos = 0
        while pos < len(tokens):
            if pos < used_until:
                pos += 1
                continue
            item = by_start.get(pos)
            result = self._compose(state, index, tokens, pos, item, by_start, titlecase)
            if result is None:
                pos += 1
                continue
            consumed, produced, demonym = result
            if demonym is not None:
                # "Israeli airstrikes": the state may act through its demonym alone.
                state.ensure(self.lx.actors[demonym[1]], index)
                demonyms.append(demonym)
            mentions.extend(produced)
            used_until = consumed
            pos = consumed
        for m in mentions:
            if (
                m.j < len(tokens)
                and tokens[m.j].lower in _CONDUCT
                and any(t.lower in _STRIKES for t in tokens[m.j : m.j + 6])
            ):
                state.striker = m.actor_id  # "Coalition forces conducted 34 strikes"
        if harvest:
            return
        state.mentions.append(mentions)
        state.demonyms.append(demonyms)

    def _may_define(self, tokens: tuple[Token, ...]) -> bool:
        """Whether the first pass can learn anything here: a title, an acronym in brackets,
        who conducts strikes, or a name of two or more capitalised words."""
        run = 0
        for k, tok in enumerate(tokens):
            lower = tok.lower
            if lower in self.lx.titles or lower == "(" or lower in _CONDUCT:
                return True
            if tok.is_capitalised and k > 0:
                run += 1
                if run >= 2:
                    return True
            else:
                run = 0
        return False

    def _compose(
        self,
        state: _DocState,
        index: int,
        tokens: tuple[Token, ...],
        pos: int,
        item: _Item | None,
        by_start: dict[int, _Item],
        titlecase: bool,
    ) -> tuple[int, list[Mention], tuple[int, str] | None] | None:
        """Read the construction starting at token ``pos``: (end token, mentions, demonym)."""
        tok = tokens[pos]
        if (
            item is None
            and not tok.is_capitalised
            and tok.lower not in _MAY_START
            and ("-" not in tok.text)
        ):
            return None  # most words: nothing starts here
        kinds = {e.kind for e in item.entries} if item else set()

        # "X-controlled", "regime-held": the prefix is a mention of its own.
        if item is None and "-" in tok.text:
            prefix, _, suffix = tok.text.rpartition("-")
            if suffix.lower() in (
                "controlled",
                "held",
                "backed",
                "led",
                "run",
                "occupied",
                "allied",
                "aligned",
                "supported",
                "linked",
                "affiliated",
            ):
                return self._hyphen_prefix(state, index, tokens, pos, prefix)

        # Country/demonym modifier: leaders, state organs, "the Syrian capital".
        owner = None
        if (
            item
            and ("demonym" in kinds or _entry(item, "actor", ActorType.STATE))
            and not (
                "demonym" not in kinds
                and pos > 0
                and tokens[pos - 1].lower in self.lx.locative_preps
            )
        ):
            # A country inside a prepositional phrase ("In Turkey Minister X") owns nothing.
            owner = _state_of(item)
        after = item.j if item else pos
        possessive = owner is not None and after < len(tokens) and tokens[after].lower == "'s"
        if possessive:
            after += 1
        if owner is not None:
            composed = self._after_owner(state, index, tokens, pos, after, owner, by_start)
            if composed is not None:
                return composed

        # Determiner + (demonym)? + title / organ / counterpart without an owner.
        if tok.lower in _DETERMINERS and item is None:
            composed = self._determined(state, index, tokens, pos, by_start)
            if composed is not None:
                return composed

        # Title + name (leader without a stated country).
        if item and "title" in kinds:
            composed = self._titled(state, index, tokens, pos, item.j, None, item, by_start)
            if composed is not None:
                return composed

        if item is not None:
            return self._plain_item(state, index, tokens, item, titlecase)

        if (
            tok.lower in _STRIKES
            and state.striker is not None
            and pos + 1 < len(tokens)
            and (tokens[pos + 1].lower in _STRIKE_VERBS)
        ):
            # "Near Mosul, five strikes engaged ...": the strikes act for whoever conducted them.
            return (
                pos + 1,
                [state.mention(index, tokens, pos, pos + 1, state.striker, "strikes")],
                None,
            )
        if tok.text == "I" and state.speaker_person(index) is not None:
            person = state.speaker_person(index)
            assert person is not None
            return pos + 1, [state.mention(index, tokens, pos, pos + 1, person, "speaker")], None
        if tok.lower in _FIRST_PERSON_PLURAL and state.speaker is not None:
            # In a statement or press release, "we" is its publisher.
            state.ensure(state.speaker, index)
            return (
                pos + 1,
                [state.mention(index, tokens, pos, pos + 1, state.speaker.id, "we")],
                None,
            )
        if tok.lower in _SUBJECT_PRONOUNS:
            target = state.recent_person(index)
            if target:
                return (
                    pos + 1,
                    [state.mention(index, tokens, pos, pos + 1, target, "pronoun")],
                    None,
                )
            return None
        # Unknown capitalised sequence: a name, an organisation, or nothing.
        if tok.is_capitalised or _ARABIC_ARTICLE.match(tok.text):
            return self._unknown_name(state, index, tokens, pos, by_start, titlecase)
        return None

    # -- constructions -------------------------------------------------------------------------

    def _hyphen_prefix(
        self, state: _DocState, index: int, tokens: tuple[Token, ...], pos: int, prefix: str
    ) -> tuple[int, list[Mention], tuple[int, str] | None] | None:
        key = tuple(prefix.lower().split())
        tok = tokens[pos]
        entries = [*state.local.get(key, ()), *self.lx.phrases.get(key, ())]
        actor_id = None
        for entry in entries:
            if entry.kind in ("actor", "city") and entry.actor:
                actor_id = entry.actor.id
            elif entry.kind == "demonym":
                actor_id = entry.country
            elif entry.kind == "generic":
                actor_id = state.defer_generic(index)
            elif entry.kind == "organ" and key[-1] in ("regime", "government"):
                actor_id = state.defer_regime(index)
            if actor_id:
                break
        if not actor_id:
            return None
        m = Mention(index, pos, pos + 1, tok.start, tok.start + len(prefix), actor_id, "hyphen")
        state.note(m)
        return pos + 1, [m], None

    def _after_owner(
        self,
        state: _DocState,
        index: int,
        tokens: tuple[Token, ...],
        pos: int,
        after: int,
        owner: str,
        by_start: dict[int, _Item],
    ) -> tuple[int, list[Mention], tuple[int, str] | None] | None:
        nxt = by_start.get(after)
        if nxt is None:
            # "Syrian and Russian airstrikes": the demonym is kept for noun triggers.
            item = by_start.get(pos)
            if item and "demonym" in {e.kind for e in item.entries}:
                return item.j, [], (pos, owner)
            return None
        kinds = {e.kind for e in nxt.entries}
        if "title" in kinds:
            return self._titled(state, index, tokens, pos, nxt.j, owner, nxt, by_start)
        if "organ" in kinds:
            end = nxt.j
            m = state.mention(index, tokens, pos, end, owner, "organ")
            return end, [m], None
        if tokens[after].lower == "capital":
            return self._capital(state, index, tokens, pos, after + 1, owner)
        return None

    def _capital(
        self,
        state: _DocState,
        index: int,
        tokens: tuple[Token, ...],
        pos: int,
        end: int,
        owner: str,
    ) -> tuple[int, list[Mention], tuple[int, str] | None] | None:
        """ "the Syrian capital": a mention of that state's capital city."""
        capital = self.lx.capitals.get(owner)
        if capital is None:
            return None
        state.ensure(self.lx.actors[capital], index)
        return end, [state.mention(index, tokens, pos, end, capital, "capital")], None

    def _determined(
        self,
        state: _DocState,
        index: int,
        tokens: tuple[Token, ...],
        pos: int,
        by_start: dict[int, _Item],
    ) -> tuple[int, list[Mention], tuple[int, str] | None] | None:
        cursor = pos + 1
        owner = None
        nxt = by_start.get(cursor)
        if nxt and "demonym" in {e.kind for e in nxt.entries}:
            owner = _state_of(nxt)
            cursor = nxt.j
            nxt = by_start.get(cursor)
        if cursor < len(tokens) and tokens[cursor].lower in ("counterpart", "counterparts"):
            m = state.defer_office(index, tokens, pos, cursor + 1, owner, None, counterpart=True)
            return cursor + 1, [m] if m else [], None
        if nxt is None:
            word = tokens[cursor].lower if cursor < len(tokens) else ""
            if owner and word == "capital":
                found = self._capital(state, index, tokens, pos, cursor + 1, owner)
                if found is not None:
                    return found
            if owner is None and tokens[pos].lower == "the" and word in _BACK_REFERENCES:
                target = state.recent_of_type(_BACK_REFERENCES[word])
                if target:
                    return (
                        cursor + 1,
                        [state.mention(index, tokens, pos, cursor + 1, target, "the-" + word)],
                        None,
                    )
            return None
        kinds = {e.kind for e in nxt.entries}
        if "title" in kinds:
            role = next(e.role for e in nxt.entries if e.kind == "title")
            if not role:
                return None
            named = self._titled(state, index, tokens, pos, nxt.j, owner, nxt, by_start)
            if named is not None:
                return named
            m = state.defer_office(index, tokens, pos, nxt.j, owner, role)
            return nxt.j, [m] if m else [], None
        if "organ" in kinds:
            end = nxt.j
            of_owner = None
            if end + 1 < len(tokens) and tokens[end].lower == "of":
                of_item = by_start.get(end + 1)
                if of_item and _entry(of_item, "actor", ActorType.STATE):
                    of_owner = _state_of(of_item)
                    end = of_item.j
            target = owner or of_owner
            if target:
                return end, [state.mention(index, tokens, pos, end, target, "organ")], None
            organ = " ".join(t.lower for t in tokens[cursor : nxt.j])
            if organ in _UNOWNED_ORGANS:
                actor = state.defer_regime(index)
                if actor:
                    return end, [state.mention(index, tokens, pos, end, actor, "regime")], None
            return None
        if "generic" in kinds:
            actor = state.defer_generic(index)
            if actor:
                return nxt.j, [state.mention(index, tokens, pos, nxt.j, actor, "generic")], None
            return nxt.j, [], None
        return None

    def _titled(
        self,
        state: _DocState,
        index: int,
        tokens: tuple[Token, ...],
        start: int,
        name_at: int,
        owner: str | None,
        title_item: _Item,
        by_start: dict[int, _Item],
    ) -> tuple[int, list[Mention], tuple[int, str] | None] | None:
        role = next((e.role for e in title_item.entries if e.kind == "title"), None)
        # Longer titles: "Foreign Minister", "Defence Secretary" may be two lexicon items.
        cursor = name_at
        while cursor in by_start and "title" in {e.kind for e in by_start[cursor].entries}:
            role = next(e.role for e in by_start[cursor].entries if e.kind == "title") or role
            cursor = by_start[cursor].j
        nxt = by_start.get(cursor)
        if nxt is not None and _entry(nxt, "actor", ActorType.LEADER, ActorType.PERSON):
            template = next(
                e.actor
                for e in nxt.entries
                if e.actor and e.actor.type in (ActorType.LEADER, ActorType.PERSON)
            )
            state.ensure(template, index)
            state.add_role(template.id, role, owner, index)
            mention = state.mention(index, tokens, start, nxt.j, template.id, "title")
            return nxt.j, [mention], None
        if nxt is not None:
            return None
        apposed = False
        if (
            cursor + 1 < len(tokens)
            and tokens[cursor].text == ","
            and (
                tokens[cursor + 1].is_capitalised or _ARABIC_ARTICLE.match(tokens[cursor + 1].text)
            )
            and (cursor + 1) not in by_start
        ):
            cursor += 1  # "the Iraqi Foreign Minister, Ibrahim al-Jaafari": one person
            apposed = True
        end = _name_end(tokens, cursor, by_start)
        if end is None or (apposed and end - cursor < 2):
            return None
        name = _join(tokens[cursor:end])
        actor_type = ActorType.PERSON if not role else ActorType.LEADER
        template = state.person(name, actor_type, role, owner, index)
        mention = state.mention(index, tokens, start, end, template.id, "title")
        return end, [mention], None

    def _plain_item(
        self,
        state: _DocState,
        index: int,
        tokens: tuple[Token, ...],
        item: _Item,
        titlecase: bool,
    ) -> tuple[int, list[Mention], tuple[int, str] | None] | None:
        entry = _best(item.entries)
        if entry.kind == "generic":
            # "militants from Hayat Tahrir al-Sham": the named group is the agent.
            if item.j < len(tokens) and tokens[item.j].lower in ("from", "of", "loyal"):
                return None
            actor = state.defer_generic(index)
            if actor is None:
                return item.j, [], None
            return item.j, [state.mention(index, tokens, item.i, item.j, actor, "generic")], None
        if entry.kind in ("title", "organ", "demonym"):
            if (
                entry.kind == "organ"
                and tokens[item.i].lower in ("regime",)
                and (item.i == 0 or tokens[item.i - 1].lower not in _DETERMINERS)
            ):
                actor = state.defer_regime(index)
                if actor:
                    return (
                        item.j,
                        [state.mention(index, tokens, item.i, item.j, actor, "regime")],
                        None,
                    )
            if entry.kind == "demonym" and entry.country:
                return item.j, [], (item.i, entry.country)
            return None
        assert entry.actor is not None
        template = entry.actor
        end = item.j
        via = "lexicon"
        # A capital as grammatical agent stands for its government: "Damascus scrambles".
        if (
            entry.capital_of
            and not _locative(tokens, item.i, self.lx, item.j)
            and not (end < len(tokens) and tokens[end].lower in ("city", "province"))
        ):
            template = self.lx.actors[entry.capital_of]
            via = "capital-state"
        if (
            template.type in (ActorType.CITY, ActorType.REGION)
            and end < len(tokens)
            and (tokens[end].lower in ("city", "province", "governorate", "region", "countryside"))
        ):
            end += 1
        # "X regime", "X government": a leader's or state's name before an organ.
        organ = None
        if end < len(tokens):
            nxt_key = tokens[end].lower
            if nxt_key == "'s" and end + 1 < len(tokens):
                nxt_key = tokens[end + 1].lower
            if nxt_key in _LEADER_ORGANS:
                organ = nxt_key
        state.ensure(template, index)
        actor_id = template.id
        if organ and template.type in (ActorType.LEADER, ActorType.PERSON):
            country = state.actors[actor_id].template.country
            if country:
                skip = 2 if tokens[end].lower == "'s" else 1
                return (
                    end + skip,
                    [state.mention(index, tokens, item.i, end + skip, country, "regime")],
                    None,
                )
        mention = state.mention(index, tokens, item.i, end, actor_id, via)
        produced = [mention]
        # "Name (ACR)" defines an acronym for this actor.
        if end + 2 < len(tokens) and tokens[end].text == "(" and tokens[end + 2].text == ")":
            acronym = tokens[end + 1]
            if acronym.text.isupper() and 2 <= len(acronym.text) <= 8:
                state.define(
                    acronym.text, self.lx.actors.get(actor_id) or state.actors[actor_id].template
                )
                produced.append(state.mention(index, tokens, end + 1, end + 2, actor_id, "acronym"))
                end += 3
        return end, produced, None

    def _appositive_role(
        self, tokens: tuple[Token, ...], end: int, by_start: dict[int, _Item]
    ) -> tuple[str, str | None] | None:
        """ "Name, Minister for the Middle East" / "Name, the Iraqi foreign minister"."""
        if end >= len(tokens) or tokens[end].text != ",":
            return None
        k = end + 1
        owner = None
        if k < len(tokens) and tokens[k].lower in ("the", "a", "an"):
            k += 1
        item = by_start.get(k)
        if item is not None and "demonym" in {e.kind for e in item.entries}:
            owner = _state_of(item)
            item = by_start.get(item.j)
        if item is None or "title" not in {e.kind for e in item.entries}:
            return None
        role = next(e.role for e in item.entries if e.kind == "title")
        if not role:
            return None
        return role, owner or _owner_after(tokens, item.j, by_start)

    def _unknown_name(
        self,
        state: _DocState,
        index: int,
        tokens: tuple[Token, ...],
        pos: int,
        by_start: dict[int, _Item],
        titlecase: bool,
    ) -> tuple[int, list[Mention], tuple[int, str] | None] | None:
        end = _name_end(tokens, pos, by_start, allow_function_start=False)
        if end is None:
            return None
        words = tokens[pos:end]
        head = words[-1].lower
        acronym = None
        if (
            end + 2 < len(tokens)
            and tokens[end].text == "("
            and tokens[end + 2].text == ")"
            and tokens[end + 1].text.isupper()
        ):
            acronym = tokens[end + 1].text
        name = _join(words)
        # Sentence-initial words and Title Case headlines are capitalised anyway.
        if titlecase and acronym is None:
            return None
        if pos == 0 and len(words) == 1 and acronym is None:
            known = state.surname(words[0].text)
            if known is None:
                return None
        single = state.surname(name) if len(words) <= 2 else None
        if single is None and len(words) >= 2:
            single = state.surname(words[-1].text)
        if single is not None:
            return end, [state.mention(index, tokens, pos, end, single, "surname")], None
        appositive = self._appositive_role(tokens, end, by_start)
        if (
            appositive is not None
            and 2 <= len(words) <= 4
            and head not in _ARMED_HEADS | _ORG_HEADS
        ):
            role, owner = appositive
            template = state.person(name, ActorType.LEADER, role, owner, index)
            return end, [state.mention(index, tokens, pos, end, template.id, "apposition")], None
        if _looks_like_person(words, tokens, end):
            template = state.person(name, ActorType.PERSON, None, None, index)
            return end, [state.mention(index, tokens, pos, end, template.id, "name")], None
        if head in _ARMED_HEADS or head in _ORG_HEADS or acronym:
            if len(words) < 2 and acronym is None:
                return None
            actor_type = ActorType.ARMED_GROUP if head in _ARMED_HEADS else ActorType.ORGANIZATION
            template = state.organisation(name, actor_type, index)
            produced = [state.mention(index, tokens, pos, end, template.id, "name")]
            if acronym:
                state.define(acronym, template)
                produced.append(
                    state.mention(index, tokens, end + 1, end + 2, template.id, "acronym")
                )
                end += 3
            return end, produced, None
        return None


def _looks_like_person(words: tuple[Token, ...], tokens: tuple[Token, ...], end: int) -> bool:
    """An untitled name: two or three capitalised words that name no place, event or body."""
    if not 2 <= len(words) <= 3:
        return False
    lowered = [w.lower for w in words]
    if any(w in _NOT_PERSON_WORDS or w in _ARMED_HEADS or w in _ORG_HEADS for w in lowered):
        return False
    if any(not w.text[:1].isupper() and not _ARABIC_ARTICLE.match(w.text) for w in words):
        return False
    following = tokens[end].lower if end < len(tokens) else ""
    return following not in ("'s",) or True


def _owner_after(tokens: tuple[Token, ...], k: int, by_start: dict[int, _Item]) -> str | None:
    if k + 1 < len(tokens) and tokens[k].lower == "of":
        item = by_start.get(k + 1) or by_start.get(k + 2)
        if item is not None:
            return _state_of(item)
    return None


def _case_ok_text(entry: Entry, texts: list[str]) -> bool:
    if entry.case_sensitive:
        return all(not ch.isalpha() or ch.isupper() for t in texts for ch in t)
    return True


def _case_ok(entry: Entry, tokens: tuple[Token, ...]) -> bool:
    first = tokens[0].text
    if entry.case_sensitive:
        return all(not ch.isalpha() or ch.isupper() for t in tokens for ch in t.text)
    if entry.kind in ("actor", "city"):
        return (
            first[:1].isupper()
            or first.lower() in _PARTICLES
            or first.lower() == "the"
            or bool(_ARABIC_ARTICLE.match(first))
            or not first[:1].isalpha()
        )
    return True


_PRIORITY = {"actor": 0, "city": 1, "demonym": 2, "title": 3, "organ": 4, "generic": 5}


def _best(entries: list[Entry]) -> Entry:
    return min(entries, key=lambda e: _PRIORITY.get(e.kind, 9))


def _entry(item: _Item, kind: str, *types: ActorType) -> bool:
    return any(e.kind == kind and e.actor and e.actor.type in types for e in item.entries)


def _state_of(item: _Item) -> str | None:
    for entry in item.entries:
        if entry.kind == "demonym" and entry.country:
            return entry.country
        if entry.kind == "actor" and entry.actor and entry.actor.type is ActorType.STATE:
            return entry.actor.id
    return None


def _locative(tokens: tuple[Token, ...], i: int, lexicon: Lexicon, j_end: int) -> bool:
    """Whether a place name sits in a prepositional phrase ("to Damascus", "in Baghdad")."""
    j = i - 1
    if j >= 0 and tokens[j].lower in ("the",):
        j -= 1
    if j < 0:
        return False
    before = tokens[j].lower
    if before in _NOT_LOCATIVE_BEFORE_CAPITAL:
        # "As Damascus scrambles", "with Damascus claiming": the capital is an agent.
        following = tokens[j_end].lower if j_end < len(tokens) else ""
        return before == "with" and not following.endswith("ing")
    return before in lexicon.locative_preps


def _name_end(
    tokens: tuple[Token, ...],
    pos: int,
    by_start: dict[int, _Item],
    allow_function_start: bool = True,
) -> int | None:
    """End of a proper name starting at ``pos`` (capitalised words, particles inside)."""
    end = pos
    n = len(tokens)
    while end < n and end - pos < 6:
        tok = tokens[end]
        if end > pos and end in by_start:
            break
        if (
            (tok.is_capitalised and tok.text.isalpha())
            or _ARABIC_ARTICLE.match(tok.text)
            or (tok.is_capitalised and "-" in tok.text)
            or (tok.is_capitalised and "'" in tok.text.replace("\u2019", "'"))
        ):
            if tok.lower in _FUNCTION_WORDS:
                break
            end += 1
            continue
        if (
            end > pos
            and tok.lower in _PARTICLES
            and end + 1 < n
            and (tokens[end + 1].is_capitalised)
        ):
            end += 1
            continue
        break
    if end == pos:
        return None
    while end > pos and tokens[end - 1].lower in _PARTICLES:
        end -= 1
    return end if end > pos else None


def _join(tokens: tuple[Token, ...] | list[Token]) -> str:
    return " ".join(t.text for t in tokens)


def _is_headline(tokens: tuple[Token, ...]) -> bool:
    words = [t for t in tokens if t.text[:1].isalpha()]
    if len(words) < 3 or tokens[-1].text in (".", "!", "?", ":"):
        return False
    content = [t for t in words if t.lower not in _FUNCTION_WORDS]
    capitalised = sum(1 for t in content if t.is_capitalised)
    return bool(content) and capitalised / len(content) >= 0.75


class _DocState:
    """Everything known about the document while it is read."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lx = lexicon
        self.actors: dict[str, ActorDraft] = {}
        self.facts: list[StructuralFact] = []
        self.mentions: list[list[Mention]] = []
        self.demonyms: list[list[tuple[int, str]]] = []
        self.local: dict[tuple[str, ...], list[Entry]] = {}
        self.items_cache: dict[int, tuple[int, list[_Item], bool]] = {}
        self.surnames: dict[str, str] = {}
        self.second_pass = False
        self.speaker: ActorTemplate | None = None
        self.striker: str | None = None
        self.redirect: dict[str, str] = {}
        self._recent: list[tuple[int, str]] = []  # (sentence, actor id) in reading order
        self._deferred: list[tuple[Mention, str, dict[str, object]]] = []
        self._state_counts: Counter[str] = Counter()
        self._first_mention: dict[str, int] = {}
        self._role_sentence: dict[str, int] = {}
        self._sentence_words: dict[int, str] = {}
        self._named: dict[tuple[int, str], bool] = {}
        self._titled: dict[int, str | None] = {}

    def vote_states(self, tokens: tuple[Token, ...], items: list[_Item]) -> None:
        """States named in a sentence the first pass skips still count for "the regime"."""
        for item in items:
            entry = _best(item.entries)
            if entry.kind == "actor" and entry.actor and entry.actor.type is ActorType.STATE:
                self.ensure(entry.actor, 0)
                self._recent.append((0, entry.actor.id))

    def begin_second_pass(self) -> None:
        self.second_pass = True
        self.striker = None
        # "Mr Ellwood" read before "Tobias Ellwood": the short name points to the full one.
        people = [
            d.template
            for d in self.actors.values()
            if d.template.type in (ActorType.LEADER, ActorType.PERSON)
        ]
        for short in people:
            if " " in short.name:
                continue
            for full in people:
                if (
                    full.id != short.id
                    and " " in full.name
                    and self._surname_key(full.name.split()[-1]) == self._surname_key(short.name)
                ):
                    self.redirect[short.id] = full.id
                    self.surnames[short.name.lower()] = full.id
                    self.surnames[self._surname_key(short.name)] = full.id
        # The dominant state of the article (for "the regime", "the government"): states and
        # the countries of its leaders count, the publisher speaking as "we" does not.
        votes: Counter[str] = Counter()
        for _, actor_id in self._recent:
            t = self.actors[actor_id].template
            if t.type is ActorType.STATE:
                votes[actor_id] += 1
            elif t.type is ActorType.LEADER and t.country:
                votes[t.country] += 2
        if self.speaker is not None:
            votes.pop(self.speaker.id, None)
        self._state_counts = votes
        self._recent = []

    # -- actors -----------------------------------------------------------------------------

    def ensure(self, template: ActorTemplate, sentence: int) -> ActorTemplate:
        draft = self.actors.get(template.id)
        if draft is None:
            draft = ActorDraft(template=template, first_sentence=sentence)
            self.actors[template.id] = draft
            if template.type in (ActorType.LEADER, ActorType.PERSON):
                self._register_surnames(template)
            if template.role or template.country:
                self.add_role(template.id, template.role, template.country, sentence)
        return draft.template

    def person(
        self,
        name: str,
        actor_type: ActorType,
        role: str | None,
        owner: str | None,
        sentence: int,
    ) -> ActorTemplate:
        existing = self.surname(name)
        if existing is not None:
            self.add_role(existing, role, owner, sentence)
            return self.actors[existing].template
        template = ActorTemplate(
            id=slugify(name), name=name, type=actor_type, role=role or None, country=owner
        )
        if template.id in self.lx.actors and self.lx.actors[template.id].type in (
            ActorType.LEADER,
            ActorType.PERSON,
        ):
            template = self.lx.actors[template.id]
        self.ensure(template, sentence)
        self.add_role(template.id, role, owner, sentence)
        return template

    def organisation(self, name: str, actor_type: ActorType, sentence: int) -> ActorTemplate:
        template = ActorTemplate(id=slugify(name), name=name, type=actor_type)
        known = self.lx.actors.get(template.id)
        return self.ensure(known or template, sentence)

    def add_role(self, actor_id: str, role: str | None, owner: str | None, sentence: int) -> None:
        draft = self.actors[actor_id]
        template = draft.template
        if (role and not template.role) or (owner and not template.country):
            template = replace(
                template,
                type=ActorType.LEADER
                if role and template.type is ActorType.PERSON
                else template.type,
                country=template.country or owner,
                role=template.role or role or None,
            )
            draft.template = template
        if template.country:
            self.ensure(self.lx.actors[template.country], sentence)
        if self.second_pass and (role or owner) and actor_id not in self._role_sentence:
            self._role_sentence[actor_id] = sentence

    def _register_surnames(self, template: ActorTemplate) -> None:
        for name in (template.name, *template.aliases):
            parts = name.split()
            if not parts:
                continue
            last = parts[-1]
            self.surnames[last.lower()] = template.id
            stripped = re.sub(r"^(?:al|el|as|ad|ash|az|an|at|ar)-", "", last, flags=re.I)
            self.surnames[stripped.lower()] = template.id
            self.surnames[name.lower()] = template.id

    @staticmethod
    def _surname_key(name: str) -> str:
        return re.sub(r"^(?:al|el|as|ad|ash|az|an|at|ar)-", "", name, flags=re.I).lower()

    def surname(self, name: str) -> str | None:
        found = self.surnames.get(name.lower())
        return self.redirect.get(found, found) if found else None

    def define(self, acronym: str, template: ActorTemplate) -> None:
        key = (acronym.lower(),)
        self.local[key] = [Entry("actor", template, case_sensitive=True)]
        draft = self.actors.get(template.id)
        if draft is not None and acronym not in draft.aliases:
            draft.aliases.append(acronym)

    # -- mentions and context ---------------------------------------------------------------

    def mention(
        self, sentence: int, tokens: tuple[Token, ...], i: int, j: int, actor_id: str, via: str
    ) -> Mention:
        possessive = j < len(tokens) and tokens[j].lower == "'s"
        m = Mention(sentence, i, j, tokens[i].start, tokens[j - 1].end, actor_id, via, possessive)
        self.note(m)
        return m

    def note(self, mention: Mention) -> None:
        if mention.via == "we":
            return
        if self.second_pass:
            self._first_mention.setdefault(mention.actor_id, mention.sentence)
        if mention.actor_id in self.actors:
            self._recent.append((mention.sentence, mention.actor_id))
        else:
            template = self.lx.actors.get(mention.actor_id)
            if template is not None:
                self.ensure(template, mention.sentence)
                self._recent.append((mention.sentence, mention.actor_id))

    def speaker_person(self, sentence: int) -> str | None:
        """Who "I" is: the person quoted most recently, within a few sentences."""
        return self.recent_person(sentence, window=4)

    def recent_person(self, sentence: int, window: int = 2) -> str | None:
        for sent, actor_id in reversed(self._recent):
            if sentence - sent > window:
                break
            if self.actors[actor_id].template.type in (ActorType.LEADER, ActorType.PERSON):
                return actor_id
        return None

    def recent_of_type(self, actor_type: ActorType) -> str | None:
        for _, actor_id in reversed(self._recent):
            if self.actors[actor_id].template.type is actor_type:
                return actor_id
        return None

    def defer_generic(self, sentence: int) -> str | None:
        """The armed group a generic agent ("insurgents") stands for, if the article has one."""
        fallback = None
        for sent, actor_id in reversed(self._recent):
            if sentence - sent > 6:
                break
            if self.actors[actor_id].template.type is ActorType.ARMED_GROUP:
                if self._non_state(actor_id):
                    return actor_id
                fallback = fallback or actor_id
        if fallback is not None:
            return fallback
        groups = [d for d in self.actors.values() if d.template.type is ActorType.ARMED_GROUP]
        if groups:
            return min(groups, key=lambda d: abs(d.first_sentence - sentence)).template.id
        return None

    def _non_state(self, actor_id: str) -> bool:
        # Militants, rebels and insurgents are rarely a state's own paramilitary.
        return self.actors[actor_id].template.country is None

    def defer_regime(self, sentence: int) -> str | None:
        if not self._state_counts:
            return None
        return self._state_counts.most_common(1)[0][0]

    def defer_office(
        self,
        sentence: int,
        tokens: tuple[Token, ...],
        i: int,
        j: int,
        owner: str | None,
        role: str | None,
        counterpart: bool = False,
    ) -> Mention | None:
        """ "the Emirati president", "his Iranian counterpart": an office or its holder."""
        if counterpart:
            role = self._sentence_role(sentence, tokens)
            if role is None:
                return None
        holder = None
        for draft in self.actors.values():
            t = draft.template
            if (
                t.type is ActorType.LEADER
                and t.role == role
                and (owner is None or t.country == owner)
            ):
                holder = t.id
        capitalised = any(t.is_capitalised for t in tokens[i + 1 : j]) if j > i + 1 else False
        if holder is None and role and (owner is not None or capitalised):
            # "the Emirati president": an office-holder of that state; "The Foreign
            # Secretary" (capitalised): a specific office even without a named holder.
            name = role.title()
            if owner is not None:
                name = f"{name} of {self.lx.actors[owner].name}"
            template = ActorTemplate(
                id=slugify(name), name=name, type=ActorType.LEADER, role=role, country=owner
            )
            self.ensure(template, sentence)
            self.add_role(template.id, role, owner, sentence)
            holder = template.id
        if holder is None:
            return None
        return self.mention(sentence, tokens, i, j, holder, "office")

    def _sentence_role(self, sentence: int, tokens: tuple[Token, ...]) -> str | None:
        # The counterpart holds the same office as the leader the sentence is about.
        words = self._words(sentence, tokens)
        for draft in self.actors.values():
            t = draft.template
            if t.type is ActorType.LEADER and t.role and self._names(sentence, t.name, words):
                return t.role
        return self._title_role(sentence, words)

    # A sentence can hold many counterparts: what is searched in its text is searched once.

    def _words(self, sentence: int, tokens: tuple[Token, ...]) -> str:
        words = self._sentence_words.get(sentence)
        if words is None:
            words = self._sentence_words[sentence] = " ".join(t.lower for t in tokens)
        return words

    def _names(self, sentence: int, name: str, words: str) -> bool:
        key = (sentence, name)
        found = self._named.get(key)
        if found is None:
            found = self._named[key] = name.lower() in words
        return found

    def _title_role(self, sentence: int, words: str) -> str | None:
        if sentence not in self._titled:
            self._titled[sentence] = next(
                (
                    role
                    for phrase, role in sorted(self.lx.titles.items(), key=lambda kv: -len(kv[0]))
                    if role and f" {phrase} " in f" {words} "
                ),
                None,
            )
        return self._titled[sentence]

    def resolve_deferred(self, sentences: list[Sentence]) -> None:
        self.facts = []
        for actor_id, draft in list(self.actors.items()):
            t = draft.template
            seen = self._role_sentence.get(actor_id, self._first_mention.get(actor_id))
            if seen is None or not t.country or t.country not in self.actors:
                continue
            if t.type in (ActorType.CITY, ActorType.REGION):
                self.facts.append(
                    StructuralFact(actor_id, t.country, "located_in", seen, "gazetteer", 0.9)
                )
            elif t.type in (ActorType.LEADER, ActorType.PERSON):
                kind = "leads" if (t.role or "") in _HEADS_OF_STATE else "member_of"
                self.facts.append(
                    StructuralFact(actor_id, t.country, kind, seen, t.role or "title", 0.85)
                )
        for draft in self.actors.values():
            for alias in draft.aliases:
                if alias not in draft.template.aliases:
                    draft.template = replace(
                        draft.template, aliases=(*draft.template.aliases, alias)
                    )

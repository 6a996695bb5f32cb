"""The actor converter: Phoenix actor blocks and agents into actorgraph's actor records (states,
leaders with dated roles, persons, armed groups, organisations, places)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from graph.model import ActorType, slugify
from loaders.knowledge import cameo
from loaders.knowledge.lexicon import Lexicon
from loaders.knowledge.names import (
    OFFICE_WORDS,
    TITLES,
    display_name,
    fold_case,
    key_tokens,
    name_key,
)
from scripts.phoenix.format import (
    ActorBlock,
    AgentEntry,
    Code,
    Name,
    parse_actor_file,
    parse_agent_file,
)
from scripts.phoenix.records import (
    _SECTORS,
    ORG_WORDS,
    ORGAN_WORDS,
    CodeBook,
    Decoded,
    Record,
    Summary,
    WordLists,
    _iso,
)


class Converter:
    def __init__(self, words: WordLists, lexicon: Lexicon) -> None:
        self.words = words
        self.lexicon = lexicon
        self.codes = CodeBook(lexicon)
        self.summary = Summary()
        self.records: dict[str, Record] = {}
        self.organs: dict[str, dict[str, Any]] = {}  # key -> {phrase, country, code}
        # Words that may stand before a title: "Russian President ...", "US Secretary ...".
        self.title_context: set[str] = {
            " ".join(key)
            for key, entries in lexicon.phrases.items()
            if len(key) == 1 and any(e.kind == "demonym" for e in entries)
        }
        project_types: dict[str, set[str]] = defaultdict(set)
        for key, entries in lexicon.phrases.items():
            for entry in entries:
                if entry.actor is not None and entry.kind in ("actor", "city"):
                    project_types[" ".join(key)].add(entry.actor.id)
        # name key -> project actor ids (the project tokenizer's keys, re-keyed our way)
        self.project_keys: dict[str, set[str]] = defaultdict(set)
        for phrase_key, ids in project_types.items():
            self.project_keys[name_key(phrase_key)] |= ids

    # ------------------------------------------------------------ helpers

    def _text(self, name: Name, place: bool = False) -> str:
        if place:
            return " ".join(
                "-".join(p[:1].upper() + p[1:].lower() for p in t.split("-")) for t in name.tokens
            )
        return display_name(name.tokens)

    def _guard(self, name: Name, person: bool) -> tuple[str | None, list[str]]:
        """(reason to drop, flags) for one name."""
        tokens = key_tokens(name.text)
        if not tokens or all(t.isdigit() for t in tokens):
            return "noise: digits or punctuation only", []
        if len(tokens) == 1:
            token = tokens[0]
            letters = re.sub(r"[^a-z]", "", token)
            if len(letters) <= 1:
                return "noise: single letter", []
            if token in self.words.common:
                if len(letters) <= 4:
                    return "short common word (or acronym spelling one)", []
                return "single common English word", []
            if token in self.words.given_names:
                return "single given name", []
            if person:
                return None, ["surname"]
            if len(letters) <= 3:
                return None, ["acronym"]
            return None, []
        content = [t for t in tokens if t not in ("of", "and", "for", "in", "on", "the")]
        if content and all(t in self.words.common for t in content):
            return None, ["common"]
        return None, []

    def _person_like(self, name: Name, in_group: bool) -> bool:
        tokens = key_tokens(name.text)
        raw = [fold_case(t) for t in name.tokens]
        if not tokens or any(t in ORG_WORDS for t in tokens):
            return False
        first = tokens[0]
        if first in TITLES and len(tokens) >= 2:
            # "General Mills" and "Pope Resources" are companies: a title needs a given name
            # or a full name after it.
            return len(tokens) >= 3 or tokens[1] in self.words.given_names
        if (raw and raw[0] in ("abu", "abou")) or first in ("abu", "abou"):
            return len(tokens) >= 3  # "Abu Sayyaf" is a group, "Abu Bakr al-Baghdadi" is not
        if first in self.words.given_names and len(tokens) >= 2:
            return not (in_group and all(t in self.words.common for t in tokens[1:]))
        return False

    def _strip_title(self, name: Name) -> tuple[Name, bool]:
        """ "UN Secretary-General Ban Ki-moon" -> "Ban Ki-moon" (and whether a title went)."""
        tokens = list(name.tokens)
        words = [fold_case(t).strip(".,") for t in tokens]
        cut = 0
        titled = False
        for index, word in enumerate(words[:-1]):
            parts = set(word.split("-"))
            if parts & TITLES:
                titled = True
                cut = index + 1
            elif word in OFFICE_WORDS or word in self.title_context:
                continue
            else:
                break
        if not titled:
            return name, False
        return Name(tuple(tokens[cut:]), name.whole_word), True

    def _claim(
        self,
        project_id: str | None,
        actor_id: str,
        kind: str,
        name: str,
        actor_type: ActorType,
        types: set[ActorType],
        file: str,
        block: ActorBlock,
        country: str | None,
    ) -> tuple[Record, bool]:
        """The record a person's or group's block goes into, and whether it is new: the
        project's actor it matched, else the record already under its id when that one is of
        the same kind and country (two entries of one actor), else a new record (its id
        suffixed with the country, or ``kind``, when the id is taken by another actor)."""
        existing = self.records.get(actor_id)
        if (
            existing is not None
            and project_id is None
            and (
                existing.type not in types
                or (existing.country and country and existing.country != country)
            )
        ):
            actor_id = f"{actor_id}-{country or kind}"
            existing = self.records.get(actor_id)
        if existing is not None:
            self.summary.merged += 1
            return existing, False
        record = Record(actor_id, name, actor_type, file, country=country, line=block.line)
        if project_id:
            # _project_match only returns actors of the wanted types.
            project = self.lexicon.actors[project_id]
            record.name, record.wikidata_id = project.name, project.wikidata_id
            record.type = project.type
            record.country = project.country or country
            self.summary.aligned += 1
            record.add_alias(name)  # a no-op when the names are equal
        self.records[actor_id] = record
        return record, True

    def _project_match(self, names: Iterable[str], types: set[ActorType]) -> str | None:
        for text in names:
            key = name_key(text)
            if not key:
                continue
            ids = {
                i for i in self.project_keys.get(key, set()) if self.lexicon.actors[i].type in types
            }
            if len(ids) == 1:
                return next(iter(ids))
        return None

    def _place(self, text: str, state: str, file: str, provinces: set[str]) -> None:
        key = name_key(text)
        kind = ActorType.REGION if key in provinces else ActorType.CITY
        existing = {
            i
            for i in self.project_keys.get(key, set())
            if self.lexicon.actors[i].type in (ActorType.CITY, ActorType.REGION)
        }
        if len(existing) == 1:
            place_id = next(iter(existing))
            kind = self.lexicon.actors[place_id].type
        else:
            place_id = slugify(text)
            clash = self.lexicon.actors.get(place_id)
            if (clash is not None and clash.type not in (ActorType.CITY, ActorType.REGION)) or (
                place_id in self.records and self.records[place_id].type not in (kind,)
            ):
                place_id += "-city" if kind is ActorType.CITY else "-region"
        record = self.records.get(place_id)
        if record is None:
            self.records[place_id] = Record(place_id, text, kind, file, country=state)
        else:
            record.add_alias(text)

    # ------------------------------------------------------------ states

    def convert_state(self, block: ActorBlock, decoded: Decoded, file: str) -> None:
        import countryinfo

        state = self.codes.state(decoded)
        if state is None:
            self.summary.drop("country code with no state", block.primary.text)
            return
        project = self.lexicon.actors[state]
        record = self.records.get(state) or Record(
            state, project.name, ActorType.STATE, file, wikidata_id=project.wikidata_id
        )
        self.records[state] = record
        record.codes.append(block.codes[0].code)
        record.line = record.line or block.line
        info: dict[str, Any] = {}
        try:
            info = dict(countryinfo.CountryInfo(project.name).info())
        except KeyError:
            info = {}
        known = {name_key(n) for n in (project.name, *project.aliases, info.get("name") or "")}
        known |= {name_key(s) for s in info.get("altSpellings", []) if isinstance(s, str)}
        translations = info.get("translations") or {}
        known |= {name_key(s) for s in translations.values() if isinstance(s, str)}
        known |= {name_key(info.get("nativeName") or "")}
        known.discard("")
        known_tokens = {t for k in known for t in k.split() if len(t) >= 4}
        provinces = {name_key(p) for p in info.get("provinces", []) if isinstance(p, str)}
        demonym = name_key(info.get("demonym") or "")
        stem = name_key(project.name)[:4]
        from rapidfuzz import fuzz

        for name in (block.primary, *block.synonyms):
            text = self._text(name, place=True)
            key = name_key(text)
            if not key:
                self.summary.drop("noise: digits or punctuation only", name.text)
                continue
            if key in known:
                record.add_alias(display_name(name.tokens))
                continue
            entries = self.lexicon.phrases.get(tuple(key.split()), [])
            singular = self.lexicon.phrases.get(tuple(key.rstrip("s").split()), [])
            if (
                key == demonym
                or key.rstrip("s") == demonym
                or any(e.kind == "demonym" and e.country == state for e in (*entries, *singular))
                or (
                    " " not in key
                    and key.startswith(stem[:3])
                    and key.endswith(
                        (
                            "an",
                            "ian",
                            "ese",
                            "ish",
                            "i",
                            "ic",
                            "er",
                            "ers",
                            "ans",
                            "is",
                            "ois",
                            "ite",
                        )
                    )
                    and fuzz.ratio(key, name_key(project.name)) < 90
                )
            ):
                record.demonyms.append(text)
                self.summary.moved["state synonym -> demonym"] += 1
                continue
            project_place = any(
                e.actor is not None and e.actor.type in (ActorType.CITY, ActorType.REGION)
                for e in entries
            )
            if key in provinces or project_place:
                self._place(text, state, file, provinces)
                self.summary.moved["state synonym -> place"] += 1
                continue
            score = max(fuzz.ratio(key, k) for k in known) if known else 0
            overlap = any(
                fuzz.ratio(token, known_token) >= 85
                for token in key.split()
                if len(token) >= 4
                for known_token in known_tokens
            )
            if (
                score >= 75
                or overlap
                or any(
                    w in key.split()
                    for w in ("republic", "kingdom", "federation", "emirates", "sultanate")
                )
            ):
                record.add_alias(display_name(name.tokens))
                continue
            # Anything else listed under a state is a place (a town, a province, a region the
            # gazetteer lacks): typed as a region of the state rather than the state itself.
            self._place_unknown(text, state, file)

    def _place_unknown(self, text: str, state: str, file: str) -> None:
        tokens = key_tokens(text)
        if len(tokens) == 1 and tokens[0] in self.words.common:
            self.summary.drop("single common English word", text)
            return
        place_id = slugify(text)
        if place_id in self.lexicon.actors or place_id in self.records:
            place_id += "-region"
        if place_id in self.records:
            return
        record = Record(place_id, text, ActorType.REGION, file, country=state)
        record.flags[text] = ["unverified"]
        self.records[place_id] = record
        self.summary.moved["state synonym -> place (unverified)"] += 1

    # ------------------------------------------------------------ persons and groups

    def _roles(
        self, codes: list[Code], head: bool
    ) -> tuple[list[dict[str, Any]], str | None, set[str]]:
        roles: list[dict[str, Any]] = []
        countries: Counter[str] = Counter()
        role_codes: set[str] = set()
        for code in codes:
            decoded = self.codes.decode(code.code)
            state = self.codes.state(decoded)
            if state:
                countries[state] += 1
            role_codes |= set(decoded.roles)
            if decoded.org:
                role_codes.add(decoded.org)
            if not decoded.roles and not decoded.org:
                continue
            label = self._role_label(decoded, head)
            roles.append(
                {
                    "code": code.code,
                    "role": label,
                    "country": state,
                    "since": _iso(code.since),
                    "until": _iso(code.until),
                }
            )
        country = countries.most_common(1)[0][0] if countries else None
        return roles, country, role_codes

    def _role_label(self, decoded: Decoded, head: bool) -> str:
        roles = list(decoded.roles)
        if decoded.org and not roles:
            return cameo.ROLES[decoded.org]
        main = roles[0] if roles else ""
        if main == "GOV":
            sector = next((_SECTORS[r] for r in roles[1:] if r in _SECTORS), None)
            if head and not sector:
                return "head of state or government"
            return f"minister ({sector})" if sector else "government"
        if main == "MIL":
            return "military"
        return cameo.ROLES.get(main, main.lower())

    def convert_named(self, block: ActorBlock, file: str) -> None:
        decoded = [self.codes.decode(c.code) for c in block.codes]
        from_countryinfo = any("countryinfo" in c.lower() for c in block.comments) or any(
            "rulers" in c.lower() for c in block.comments
        )
        has_eli = any("ELI" in d.roles for d in decoded)
        person = (
            from_countryinfo
            or (has_eli and len(key_tokens(block.primary.text)) >= 2)
            or self._person_like(block.primary, in_group=False)
        ) and not any(t in ORG_WORDS for t in key_tokens(block.primary.text))
        head = from_countryinfo and has_eli and any("GOV" in d.roles for d in decoded)
        roles, country, _ = self._roles(block.codes, head)
        if country is None:
            country = next((self.codes.state(d) for d in decoded if self.codes.state(d)), None)
        if person:
            dated_office = any(
                r["code"] and ("GOV" in r["code"] or "MIL" in r["code"]) for r in roles
            ) and bool(country)
            actor_type = ActorType.LEADER if dated_office else ActorType.PERSON
            self._add_person(block.primary, block.synonyms, actor_type, file, block, roles, country)
            return
        role_list = [r for d in decoded for r in ((d.org,) if d.org else ()) + d.roles]
        actor_type = cameo.type_for_roles(role_list)
        names = [block.primary]
        for synonym in block.synonyms:
            if self._person_like(synonym, in_group=True):
                # A person listed under a group: a person of its own, affiliated with it.
                self.summary.moved["group synonym -> affiliated person"] += 1
                self._pending_people.append((synonym, block, file))
                continue
            names.append(synonym)
        if block.primary.acronym:
            names.append(Name((block.primary.acronym,), True))
        self._add_group(names, actor_type, file, block, roles, country)

    _pending_people: list[tuple[Name, ActorBlock, str]]

    def _add_person(
        self,
        primary: Name,
        synonyms: list[Name],
        actor_type: ActorType,
        file: str,
        block: ActorBlock,
        roles: list[dict[str, Any]],
        country: str | None,
        affiliation: str | None = None,
    ) -> None:
        kept: list[tuple[str, list[str]]] = []
        for written in (primary, *synonyms):
            bare, titled = self._strip_title(written)
            tokens = key_tokens(bare.text)
            if any(t in ORGAN_WORDS for t in tokens) or (
                len(tokens) >= 2 and tokens[-1] in ("government", "regime")
            ):
                if country:
                    self.organs[name_key(written.text)] = {
                        "phrase": display_name(written.tokens, person=True),
                        "country": country,
                        "code": block.codes[0].code if block.codes else None,
                    }
                self.summary.moved["person synonym -> state organ phrase"] += 1
                continue
            reason, flags = self._guard(bare, person=True)
            if reason:
                self.summary.drop(reason, written.text)
                continue
            text = display_name(bare.tokens, person=True)
            if titled and "surname" in flags:
                flags = [*flags, "titled"]
            kept.append((text, flags))
        if not kept:
            self.summary.drop("person with no usable name", primary.text)
            return
        full = [k for k in kept if "surname" not in k[1]]
        name, _ = full[0] if full else kept[0]
        types = {ActorType.LEADER, ActorType.PERSON}
        project_id = self._project_match([name, *(k[0] for k in full)], types)
        record, new = self._claim(
            project_id,
            project_id or slugify(name),
            "person",
            name,
            actor_type,
            types,
            file,
            block,
            country,
        )
        if not new:
            if actor_type is ActorType.LEADER:
                record.type = ActorType.LEADER
            record.country = record.country or country
        record.affiliation = record.affiliation or affiliation
        for text, flags in kept:
            record.add_alias(text, flags)
        record.codes += [c.code for c in block.codes]
        record.roles += roles

    def _add_group(
        self,
        names: list[Name],
        actor_type: ActorType,
        file: str,
        block: ActorBlock,
        roles: list[dict[str, Any]],
        country: str | None,
    ) -> None:
        kept: list[tuple[str, list[str]]] = []
        for written in names:
            reason, flags = self._guard(written, person=False)
            if reason:
                self.summary.drop(reason, written.text)
                continue
            kept.append((display_name(written.tokens), flags))
        if not kept:
            self.summary.drop("group with no usable name", block.primary.text)
            return
        name = kept[0][0]
        types = {ActorType.ARMED_GROUP, ActorType.ORGANIZATION}
        ordered = [k[0] for k in kept if "acronym" not in k[1]] + [
            k[0] for k in kept if "acronym" in k[1]
        ]
        project_id = self._project_match(ordered, types)
        actor_id = project_id or slugify(" ".join(key_tokens(name)) or name)
        record, new = self._claim(
            project_id, actor_id, "group", name, actor_type, types, file, block, country
        )
        if not new:
            record.country = record.country or country
        for text, flags in kept:
            record.add_alias(text, flags)
        record.codes += [c.code for c in block.codes]
        record.roles += [r for r in roles if r["since"] or r["until"]]
        self._group_ids[id(block)] = record.id

    _group_ids: dict[int, str]

    # ------------------------------------------------------------ files

    def convert_actors(self, sources: dict[str, str]) -> None:
        self._pending_people = []
        self._group_ids = {}
        for file, text in sources.items():
            blocks, report = parse_actor_file(text)
            self.summary.parse[file] = report
            self.summary.dropped["bad date (code kept undated)"] += report.bad_dates
            for block in blocks:
                self.summary.entries_in[file] += 1
                self.summary.names_in[file] += 1 + len(block.synonyms)
                if not block.codes:
                    self.summary.drop("no code", block.primary.text)
                    continue
                decoded = self.codes.decode(block.codes[0].code)
                is_state_block = (
                    file == "countries"
                    and len(block.codes[0].code) == 3
                    and decoded.country is not None
                    and not block.comments
                    and len(block.synonyms) >= 1
                ) or (
                    file == "countries"
                    and len(block.codes[0].code) == 3
                    and decoded.country is not None
                    and self._project_match(
                        [self._text(block.primary, place=True)], {ActorType.STATE}
                    )
                    == self.codes.state(decoded)
                )
                if is_state_block and self.codes.state(decoded):
                    self.convert_state(block, decoded, file)
                elif len(block.codes[0].code) == 3 and decoded.region and not decoded.org:
                    self.convert_named(block, file)
                else:
                    self.convert_named(block, file)
        for name, block, file in self._pending_people:
            roles, country, role_codes = self._roles(block.codes, head=False)
            office = bool(country) and bool(role_codes & {"GOV", "MIL"})
            self._add_person(
                name,
                [],
                ActorType.LEADER if office else ActorType.PERSON,
                file,
                block,
                roles if office else [],
                country,
                affiliation=self._group_ids.get(id(block)),
            )

    def convert_agents(self, text: str) -> list[dict[str, Any]]:
        entries, report = parse_agent_file(text)
        self.summary.parse["agents"] = report
        out: dict[str, dict[str, Any]] = {}
        for entry in entries:
            self.summary.entries_in["agents"] += 1
            record = self._agent(entry)
            key = record["phrase"]
            if key in out:
                out[key]["forms"] = sorted(set(out[key]["forms"]) | set(record["forms"]))
                continue
            out[key] = record
        for record in out.values():
            self.summary.actors_out[f"agents/{record['type_hint']}"] += 1
        return [out[k] for k in sorted(out)]

    def _agent(self, entry: AgentEntry) -> dict[str, Any]:
        decoded = [entry.code[i : i + 3] for i in range(0, len(entry.code), 3)]
        main = next((c for c in decoded if c in cameo.ROLES), decoded[0])
        if main in cameo.ARMED_ROLES or main == "COP":
            type_hint = ActorType.ARMED_GROUP.value
        elif main in cameo.AFFILIATIONS or main in ("CVL", "PPL", "REF", "CRM", "ELI"):
            type_hint = ActorType.PERSON.value
        else:
            type_hint = ActorType.ORGANIZATION.value
        phrase = " ".join(entry.tokens).lower()
        forms = sorted({phrase, *(" ".join(p).lower() for p in entry.plurals)})
        return {
            "phrase": phrase,
            "forms": forms,
            "code": entry.code,
            "role": cameo.ROLES.get(main) or cameo.AFFILIATIONS.get(main, main.lower()),
            "type_hint": type_hint,
            "state_organ": main in cameo.STATE_ROLES,
        }

    # ------------------------------------------------------------ output

    def actors_json(self) -> list[dict[str, Any]]:
        out = []
        for record_id in sorted(self.records):
            record = self.records[record_id]
            if record.type is ActorType.STATE:
                record.aliases = [a for a in record.aliases if a != record.name]
            for alias, flags in record.flags.items():
                for flag in flags:
                    self.summary.flagged[flag] += 1
                del alias
            self.summary.actors_out[f"{record.source}/{record.type.value}"] += 1
            out.append(record.to_json())
        return out

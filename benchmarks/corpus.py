"""A deterministic generator of news-like articles (~600 words) for benchmarks."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from typing import Any

STATES = [
    "Iran",
    "Russia",
    "Syria",
    "Turkey",
    "Iraq",
    "Egypt",
    "Sudan",
    "Mali",
    "Ukraine",
    "Qatar",
    "Jordan",
    "Israel",
    "Lebanon",
    "Saudi Arabia",
    "the United States",
]
DEMONYMS = {
    "Iran": "Iranian",
    "Russia": "Russian",
    "Syria": "Syrian",
    "Turkey": "Turkish",
    "Iraq": "Iraqi",
    "Egypt": "Egyptian",
    "Sudan": "Sudanese",
    "Mali": "Malian",
    "Ukraine": "Ukrainian",
    "Qatar": "Qatari",
    "Jordan": "Jordanian",
    "Israel": "Israeli",
    "Lebanon": "Lebanese",
    "Saudi Arabia": "Saudi",
    "the United States": "American",
}
GROUPS = [
    "Hayat Tahrir al-Sham",
    "the Rapid Support Forces",
    "Hezbollah",
    "the Houthis",
    "Islamic State",
    "al-Shabaab",
    "the Wagner Group",
    "Boko Haram",
]
CITIES = [
    "Aleppo",
    "Hama",
    "Idlib",
    "Mosul",
    "Khartoum",
    "El Fasher",
    "Timbuktu",
    "Sanaa",
    "Hodeidah",
    "Kharkiv",
    "Raqqa",
    "Homs",
    "Benghazi",
    "Tripoli",
]
NAMES = [
    "Karim Haddad",
    "Leila Nasser",
    "Omar Faris",
    "Sami Khalil",
    "Yusuf Darwish",
    "Nadia Saleh",
    "Tarek Mansour",
    "Huda Qasim",
]
TITLES = ["Foreign Minister", "President", "Defence Minister", "Prime Minister"]

EVENT = [
    "{s} has pledged support for {t} as fighting spreads, officials said on {day}.",
    "{g} seized control of {c} after days of clashes with government forces.",
    "{dem} {title} {name} will travel to {c2} next week for talks with {t}.",
    "In a telephone call with his {dem2} counterpart, {dem} {title} {name} discussed the crisis.",
    "{s} and {t} condemned the attack on {c}, according to a joint statement.",
    "{dem} airstrikes on {g} positions near {c} killed several fighters, monitors reported.",
    "{s} could send more troops to the region if the situation deteriorates further.",
    "{g} has fought the army since {year}, when the conflict first erupted.",
    "{s}, a long-time backer of {t}, has so far stayed silent on the latest offensive.",
    "Back in {year}, {s} helped {t} regain control of {c} after a long siege.",
]
FILLER = [
    "Residents described long queues for bread and fuel as prices rose sharply.",
    "Aid agencies warned that the humanitarian situation was deteriorating quickly.",
    "Analysts said the coming weeks would test the resilience of both sides.",
    "Schools in the area have been closed since the start of the month.",
    "The road linking the two provinces remained blocked for a third day.",
    "Local volunteers distributed water and blankets to displaced families.",
    "Diplomats cautioned that a lasting settlement still appeared distant.",
    "Footage shared online showed columns of smoke rising over the outskirts.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def article(seed: int, words: int = 600) -> str:
    rnd = random.Random(seed)
    lines = [f"{rnd.choice(STATES).capitalize()} responds as crisis deepens"]
    count = 5
    while count < words:
        if rnd.random() < 0.55:
            s, t = rnd.sample(STATES, 2)
            c, c2 = rnd.sample(CITIES, 2)
            sentence = rnd.choice(EVENT).format(
                s=s,
                t=t,
                g=rnd.choice(GROUPS),
                c=c,
                c2=c2,
                day=rnd.choice(DAYS),
                dem=DEMONYMS[s],
                dem2=DEMONYMS[t],
                title=rnd.choice(TITLES),
                name=rnd.choice(NAMES),
                year=rnd.randint(2011, 2019),
            )
        else:
            sentence = rnd.choice(FILLER)
        sentence = sentence[0].upper() + sentence[1:]
        lines.append(sentence)
        count += len(sentence.split())
    paragraphs = [" ".join(lines[i : i + 4]) for i in range(1, len(lines), 4)]
    return lines[0] + "\n\n" + "\n\n".join(paragraphs) + "\n"


def corpus(n: int, words: int = 600) -> Iterator[str]:
    for seed in range(n):
        yield article(seed, words)


# -- extractions without the extractor: profiles of actors ---------------------------------------
# Store benchmarks measure the store, so they can skip extraction: these build the Extraction
# objects an article would give, fast enough for 100,000 articles.

PROFILES = ("hub", "zipf")
_TYPES = ["state", "leader", "armed_group", "city", "organization"]
_RELATIONS = [
    ("supports", 3.0),
    ("opposes", -5.0),
    ("calls", 1.0),
    ("controls", -2.0),
    ("supports", 2.5),
    ("opposes", -4.0),
]
_MODALITIES = ["asserted"] * 6 + ["claimed"] * 2 + ["historical", "planned", "hypothetical"]
_ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "q",
    "r",
    "s",
    "t",
    "v",
    "w",
    "z",
    "bh",
    "ch",
    "dh",
    "gh",
    "kh",
    "sh",
    "th",
    "zh",
]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ia", "ou"]
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "d", "k", "sh"]


def _word(rnd: random.Random, syllables: int) -> str:
    return "".join(
        rnd.choice(_ONSETS) + rnd.choice(_VOWELS) + rnd.choice(_CODAS) for _ in range(syllables)
    ).capitalize()


def _actor_name(n: int) -> str:
    """A made-up name, distinct per actor (as varied in letters as real names are)."""
    rnd = random.Random(n * 7919)
    return f"{_word(rnd, rnd.randint(2, 3))} {_word(rnd, rnd.randint(2, 3))}"


def profile_actors(profile: str) -> int:
    """How many actors a profile draws from: 108 hubs, or 5,000 with a Zipf-like long tail."""
    return {"hub": 108, "zipf": 5000}[profile]


_ZIPF: list[float] = []


def _pick(rnd: random.Random, profile: str, count: int) -> int:
    if profile == "hub":
        return rnd.randrange(count)
    # Zipf (s = 1): the k-th actor is named 1/k as often as the first, so a few actors are in
    # a large share of articles and thousands in a handful each, as in real news.
    if not _ZIPF:
        total = 0.0
        for k in range(count):
            total += 1.0 / (k + 1)
            _ZIPF.append(total)
    return rnd.choices(range(count), cum_weights=_ZIPF)[0]


def synthetic_extraction(seed: int, profile: str = "zipf", relations: int = 23) -> Any:
    """One article's extraction: ~``relations`` statements among actors drawn by the profile,
    each with a sentence of its own; dated over 2010-2025."""
    # Built without validation (model_construct): the generator is checked by
    # tests/unit/test_corpus.py, and 100,000 validated articles would take minutes.
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
        article_id,
    )

    rnd = random.Random(seed)
    count = profile_actors(profile)
    text = f"Generated article {seed} ({profile})"
    aid = article_id(text)
    published = f"20{10 + seed % 16:02d}-{1 + seed % 12:02d}-{1 + seed % 28:02d}"
    picked: dict[int, ExtractedActor] = {}
    rels = []
    offset = 0
    for r in range(relations):
        a = _pick(rnd, profile, count)
        b = _pick(rnd, profile, count)
        if a == b:
            continue
        for n in (a, b):
            if n not in picked:
                picked[n] = ExtractedActor.model_construct(
                    id=f"actor-{n}",
                    name=_actor_name(n),
                    type=ActorType(_TYPES[n % len(_TYPES)]),
                    aliases=[],
                    wikidata_id=None,
                    country=None,
                    role=None,
                    mentions=[Mention.model_construct(start=0, end=1, text="x")],
                )
        kind, weight = _RELATIONS[rnd.randrange(len(_RELATIONS))]
        sentence = f"{_actor_name(a)} and {_actor_name(b)}: sentence {r} of article {seed}."
        rels.append(
            Relation.model_construct(
                source=f"actor-{a}",
                target=f"actor-{b}",
                type=RelationType(kind),
                confidence=round(0.5 + rnd.random() * 0.45, 2),
                modality=Modality(rnd.choice(_MODALITIES)),
                year=None,
                evidence=Evidence.model_construct(
                    start=offset, end=offset + len(sentence), text=sentence
                ),
                trigger="backs",
                cameo=None,
                weight=weight,
                article_id=aid,
                extractor_version="bench",
            )
        )
        offset += len(sentence) + 1
    return Extraction.model_construct(
        article=Article(
            id=aid,
            title=f"Generated {seed}",
            published=date.fromisoformat(published),
            path=f"gen/{seed}",
        ),
        actors=list(picked.values()),
        relations=rels,
    )

"""A deterministic generator of news-like articles (~600 words) for benchmarks."""

from __future__ import annotations

import random
from collections.abc import Iterator

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

"""Generated news-like articles of ~600 words for the NLP benchmarks (the project's own text).

Sentences are of newswire length (about 20-30 words), mix reporting verbs, quotes in curly
quotation marks, titles and names, passives, relative clauses and coordination, so the parser
and the NER see the kind of text the extractor reads. Deterministic per seed.
"""

from __future__ import annotations

import random

from benchmarks.corpus import CITIES, DAYS, DEMONYMS, GROUPS, NAMES, STATES, TITLES

SENTENCES = [
    "{S} has pledged military and economic support for {T}, officials in {C} said on {day}, "
    "as fighting spread to the outskirts of the provincial capital.",
    "{G}, which has been accused by {T} of receiving weapons from {S}, seized control of {C} "
    "after three days of heavy clashes with government forces.",
    "{Dem} {title} {name} will travel to {C2} next week for talks with officials from {T}, "
    "according to a statement released by the ministry late on {day}.",
    "In a telephone call with his {dem2} counterpart, {dem} {title} {name} discussed the "
    "worsening crisis and called for an immediate ceasefire around {C}.",
    "\u201cWe will not abandon our allies,\u201d {name} told reporters in {C2}, adding that "
    "{S} would continue to back the government in {T} \u201cuntil the threat is gone.\u201d",
    "The {S}-backed forces, who had retreated from {C} in {year}, launched a counter-offensive "
    "that monitors said had displaced thousands of civilians.",
    "{S} and {T} condemned the attack on {C}, which killed at least {n} people, and accused "
    "{G} of targeting markets and hospitals.",
    "Airstrikes by {dem} jets on {G} positions near {C} were not confirmed by the army, "
    "although residents described explosions that lasted through the night.",
    "{S} could send more troops to the region if the situation deteriorates further, a senior "
    "official who asked not to be named told the news agency.",
    "Analysts said the decision by {S} to withdraw its ambassador from {T} marked the lowest "
    "point in relations between the two countries since {year}.",
    "{G} has fought the central government since {year}, when the conflict first erupted, and "
    "now controls much of the countryside east of {C}.",
    "{title} {name}, who met the leaders of {S} and {T} in {C2} on {day}, said the talks "
    "had been \u201cfrank and constructive\u201d but that no agreement was reached.",
    "The United Nations envoy warned that {G} and its allies were preparing an assault on {C}, "
    "a city of more than {n},000 people that has changed hands twice this year.",
    "{S}, a long-time backer of {T}, has so far stayed silent on the offensive, while "
    "{dem2} state media accused foreign powers of arming the rebels.",
    "Back in {year}, {S} helped {T} regain control of {C} after a siege that lasted eleven "
    "months and left much of the old city in ruins.",
]
# States named without an article, so "{S}-backed" and a sentence-initial {S} read well.
BARE_STATES = [state for state in STATES if not state.startswith("the ")]
FILLER = [
    "Residents described long queues for bread and fuel as prices rose sharply across the "
    "region during the past week.",
    "Aid agencies warned that the humanitarian situation was deteriorating quickly and that "
    "convoys had been unable to reach several districts.",
    "Schools in the area have been closed since the start of the month, and many families "
    "have moved in with relatives in safer towns.",
    "The road linking the two provinces remained blocked for a third day, stranding trucks "
    "loaded with food and medical supplies.",
    "Footage shared online showed columns of smoke rising over the outskirts, though it could "
    "not be independently verified.",
]


def news_article(seed: int, words: int = 600) -> str:
    rnd = random.Random(seed)
    lines = [f"{rnd.choice(BARE_STATES)} weighs response as crisis deepens in {rnd.choice(CITIES)}"]
    count = len(lines[0].split())
    while count < words:
        if rnd.random() < 0.7:
            s, t = rnd.sample(BARE_STATES, 2)
            c, c2 = rnd.sample(CITIES, 2)
            sentence = rnd.choice(SENTENCES).format(
                S=s,
                T=t,
                G=rnd.choice(GROUPS),
                C=c,
                C2=c2,
                day=rnd.choice(DAYS),
                Dem=DEMONYMS[s],
                dem=DEMONYMS[s],
                dem2=DEMONYMS[t],
                title=rnd.choice(TITLES),
                name=rnd.choice(NAMES),
                year=rnd.randint(2011, 2019),
                n=rnd.randint(12, 90),
            )
        else:
            sentence = rnd.choice(FILLER)
        lines.append(sentence[0].upper() + sentence[1:])
        count += len(sentence.split())
    paragraphs = [" ".join(lines[i : i + 3]) for i in range(1, len(lines), 3)]
    return lines[0] + "\n" + "\n".join(paragraphs) + "\n"

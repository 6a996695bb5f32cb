"""How a relation is stated, read from the dependency tree around its trigger.

negated: a negation on the trigger or its clause, or a verb that denies it ("denied
supporting"); hypothetical: a modal (could, would, might), "if"/"unless", "potentially";
planned: "will", an intent verb above it ("vowed to retake", "plans to visit"), "would" in
reported future ("announced that he would travel"); historical: an explicit past year on its
clause ("back in 2016"), or the pluperfect; claimed: under a reporting verb ("said", "claimed",
"accused") or "according to"; else asserted. The first that applies wins in that order.
"""

from __future__ import annotations

import re

from graph.model import Modality
from loaders.knowledge.frames import FrameLexicon
from loaders.knowledge.words import words
from loaders.nlp.model import Dependency, Sentence

_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
# Edges a clause hangs from its governor by: the governor's modality reaches down them.
_CLAUSAL = (
    "xcomp",
    "ccomp",
    "advcl",
    "conj",
    "acl",
    "parataxis",
    "csubj",
    "obj",
    "obl",
    "nmod",
    "dep",
)


def modality_of(
    sentence: Sentence,
    trigger: int,
    frames: FrameLexicon,
    reference_year: int,
    carrier: int | None = None,
) -> tuple[Modality, int | None]:
    """The modality and (for a historical statement) the year of a trigger. ``carrier`` is the
    verb a nominal trigger hangs from ("launched strikes"): its clause counts as the trigger's."""
    chain = _chain(sentence, carrier or trigger)
    local = [trigger] if carrier is None else [trigger, carrier]
    negated = hypothetical = planned = claimed = pluperfect = False
    year: int | None = None
    for position, index in enumerate([*local, *chain[1:]]):
        token = sentence.token(index)
        lemma = token.lemma.lower()
        own_clause = position < len(local)
        above = not own_clause
        if index == carrier and lemma in frames.intent_verbs and lemma in frames.light_verbs:
            planned = True  # "pledged military assistance", "offered support": a promise
        if index == carrier and lemma in frames.losing_verbs:
            negated = True  # "lost control of Lashio": no longer so
        for dep in sentence.out_edges(index):
            child = sentence.token(dep.dependent)
            word = child.lemma.lower()
            text = child.word.lower()
            if dep.base in ("advmod", "det", "cc:preconj") and (
                word in frames.negations or text in frames.negations
            ):
                # A negation above the trigger's own clause negates it only through xcomp
                # ("did not plan to attack"), not through a reporting verb.
                if own_clause or _through_xcomp(sentence, index, trigger):
                    negated = True
            elif dep.base == "aux":
                if word in frames.hypothetical_markers or text in frames.hypothetical_markers:
                    if own_clause:
                        if text == "would" and _reported(sentence, chain, frames):
                            planned = True
                        else:
                            hypothetical = True
                elif word in frames.future_markers or text in frames.future_markers:
                    if own_clause:
                        planned = True
                elif (
                    word == "have"
                    and own_clause
                    and child.pos == "VBD"
                    and (token.pos == "VBN" or _perfect_copula(sentence, index))
                ):
                    pluperfect = True  # "had captured", "had been under regime control"
            elif (
                dep.base == "mark"
                and word in ("if", "unless", "whether")
                and (own_clause or dep.governor in chain[:2])
            ) or (dep.base == "advmod" and word in frames.hypothetical_markers and own_clause):
                hypothetical = True
            elif (
                dep.base in ("advmod",) and word in ("reportedly", "allegedly", "purportedly")
            ) or (
                dep.relation in ("obl:according_to", "obl:to") and _according(sentence, child.index)
            ):
                claimed = True
            if (
                year is None
                and dep.base in ("obl", "nmod", "nummod", "advmod")
                and not _since(sentence, dep)
            ):
                found = _year_in(sentence, dep.dependent)
                if found is not None and found < reference_year:
                    year = found  # a past year on the clause or one above it dates it
        if above:
            if lemma in frames.negating_verbs and _denies_a_statement(sentence, index):
                claimed = True  # "..., a charge Yerevan rejected": disputed, not negated
            elif lemma in frames.negating_verbs and _xcomp_path(sentence, chain, index):
                negated = True
            elif lemma in frames.intent_verbs and _xcomp_path(sentence, chain, index):
                planned = True
            elif lemma in frames.reporting_verbs or lemma in frames.accusing_verbs:
                claimed = True
    if negated:
        return Modality.NEGATED, None
    if hypothetical:
        return Modality.HYPOTHETICAL, None
    if planned:
        return Modality.PLANNED, None
    if year is not None:
        return Modality.HISTORICAL, year
    if claimed:
        # "the ministry said its troops had captured X": the past perfect of reported speech
        # is the report's tense, not a past state of affairs
        return Modality.CLAIMED, None
    if pluperfect:
        return Modality.HISTORICAL, None
    return Modality.ASSERTED, None


def _chain(sentence: Sentence, index: int) -> list[int]:
    """The token and the clause heads above it, up to the root."""
    chain = [index]
    current = index
    for _ in range(12):
        edges = [
            d
            for d in sentence.in_edges(current)
            if d.governor != 0
            and (d.base in _CLAUSAL or _gerund_as_adjective(sentence, d))
            and d.governor not in chain
        ]
        if not edges:
            break
        current = edges[0].governor
        chain.append(current)
    return chain


def _gerund_as_adjective(sentence: Sentence, dep: Dependency) -> bool:
    # "accused X of [funding al-Shabaab]" misparsed with "funding" an adjective of the group:
    # the gerund's clause still hangs from "accused".
    return dep.base == "amod" and sentence.token(dep.dependent).pos == "VBG"


def _xcomp_path(sentence: Sentence, chain: list[int], index: int) -> bool:
    """Whether ``index`` governs the chain below it through xcomp/ccomp only ("vowed to
    retake", "refused to back"), not through a reporting clause or an adverbial."""
    position = chain.index(index)
    below = chain[position - 1]
    return any(
        d.governor == index and d.base in ("xcomp", "ccomp", "obj", "advcl")
        for d in sentence.in_edges(below)
    )


REQUEST_VERBS = words("modality", "request_verbs")


def requested(sentence: Sentence, trigger: int, carrier: int | None = None) -> bool:
    """Whether a trigger's clause is what someone asked another to do ("urged Iraq to ban the
    group"): nobody stated that it happens, nor even that the one asked means to."""
    chain = _chain(sentence, carrier or trigger)
    return any(_requested(sentence, chain, index) for index in chain[1:])


def _requested(sentence: Sentence, chain: list[int], index: int) -> bool:
    token = sentence.token(index)
    if token.lemma.lower() not in REQUEST_VERBS or not token.pos.startswith("VB"):
        return False
    below = chain[chain.index(index) - 1]
    if not sentence.token(below).pos.startswith("VB"):
        return False  # "called the raid a provocation": naming, not asking
    # "called on Oman to condemn": the parser hangs the request on as advcl:to
    return any(
        d.governor == index and (d.base == "xcomp" or d.relation == "advcl:to")
        for d in sentence.in_edges(below)
    )


STATEMENT_NOUNS = words("modality", "statement_nouns")


def _denies_a_statement(sentence: Sentence, index: int) -> bool:
    return any(
        d.base in ("nsubj", "obj", "nsubj:pass")
        and sentence.token(d.dependent).lemma.lower() in STATEMENT_NOUNS
        for d in sentence.out_edges(index)
    )


def _since(sentence: Sentence, dep: Dependency) -> bool:
    """ "has backed the government since 2007": a state of affairs that still holds."""
    return dep.relation.endswith(":since") or any(
        sentence.token(d.dependent).word.lower() == "since"
        for d in sentence.out_edges(dep.dependent, "case")
    )


def _perfect_copula(sentence: Sentence, index: int) -> bool:
    return any(
        sentence.token(d.dependent).word.lower() == "been" for d in sentence.out_edges(index, "cop")
    )


def _through_xcomp(sentence: Sentence, index: int, trigger: int) -> bool:
    return any(d.governor == index and d.base == "xcomp" for d in sentence.in_edges(trigger))


def _reported(sentence: Sentence, chain: list[int], frames: FrameLexicon) -> bool:
    return any(
        sentence.token(i).lemma.lower() in frames.reporting_verbs | frames.intent_verbs
        for i in chain[1:]
    )


def _according(sentence: Sentence, index: int) -> bool:
    return any(
        sentence.token(d.dependent).lemma.lower() == "accord"
        for d in sentence.out_edges(index, "case")
    ) or any(
        sentence.token(d.dependent).word.lower() == "according" for d in sentence.out_edges(index)
    )


def _year_in(sentence: Sentence, index: int, depth: int = 2) -> int | None:
    """A year written at or just below a token ("in 2016", "back in 2016", "in May 2016")."""
    token = sentence.token(index)
    if _YEAR.match(token.word) and token.pos == "CD":
        return int(token.word)
    if depth == 0:
        return None
    for dep in sentence.out_edges(index):
        if dep.base in ("nummod", "compound", "amod", "nmod", "obl", "advmod"):
            found = _year_in(sentence, dep.dependent, depth - 1)
            if found is not None:
                return found
    return None

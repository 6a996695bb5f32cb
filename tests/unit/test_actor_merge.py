"""The engine's one actor-merge precedence (``merge_actor_fields``), wherever two rows of one
actor meet: the first keeps its name and type, aliases add up, missing facts are filled."""

from __future__ import annotations

from graph.model import (
    ActorType,
    Article,
    ExtractedActor,
    Extraction,
    article_id,
    merge_actor_fields,
)
from graph.store.engine import rows_for


def test_two_actors_of_one_article_merge_as_the_store_merges_them() -> None:
    text = "Syria's president spoke."
    extraction = Extraction(
        article=Article(id=article_id(text)),
        actors=[
            ExtractedActor(id="syria", name="Syria", type=ActorType.STATE),
            ExtractedActor(
                id="bashar-al-assad",
                name="Bashar al-Assad",
                type=ActorType.LEADER,
                aliases=["Assad"],
                wikidata_id="Q44329",
                role="president",
            ),
        ],
    )
    [row] = rows_for(extraction, {"bashar-al-assad": "syria"}, "2026-01-01T00:00:00+00:00").actors
    assert (row["id"], row["name"], row["type"]) == ("syria", "Syria", "state")
    assert row["aliases"] == ["Assad", "Bashar al-Assad"]
    assert (row["wikidata_id"], row["role"]) == ("Q44329", "president")
    # The same rule as two stored rows meeting.
    stored = {**row, "aliases": [], "wikidata_id": None, "role": None}
    assert merge_actor_fields(stored, row) == row


def test_a_person_is_refined_by_a_more_specific_type_and_nothing_else_is() -> None:
    person = {"id": "ana-ruiz", "name": "Ana Ruiz", "type": "person", "aliases": []}
    leader = {**person, "type": "leader", "role": "minister", "aliases": ["Ruiz"]}
    refined = merge_actor_fields(person, leader)
    assert (refined["type"], refined["role"], refined["aliases"]) == (
        "leader",
        "minister",
        ["Ruiz"],
    )
    # A known specific type is never replaced, neither by PERSON nor by another type.
    assert merge_actor_fields(leader, person)["type"] == "leader"
    assert merge_actor_fields(leader, {**person, "type": "organization"})["type"] == "leader"
    # The own name never becomes an alias; names keep their first-seen order.
    again = merge_actor_fields(refined, {**person, "aliases": ["Ana Ruiz", "A. Ruiz", "Ruiz"]})
    assert again["aliases"] == ["Ruiz", "A. Ruiz"]


def test_the_extractor_merges_two_mentions_of_one_actor_by_the_same_rule() -> None:
    from loaders.knowledge.lexicon import ActorTemplate
    from loaders.rules.extract import _merged

    first = ActorTemplate(id="ana-ruiz", name="Ana Ruiz", type=ActorType.PERSON)
    later = ActorTemplate(
        id="ana-ruiz",
        name="Minister Ruiz",
        type=ActorType.LEADER,
        aliases=("Ruiz",),
        role="minister",
    )
    seen: dict[str, ActorTemplate] = {}
    _merged(seen, first)
    merged = _merged(seen, later)
    as_rows = merge_actor_fields(
        {"id": "ana-ruiz", "name": "Ana Ruiz", "type": "person", "aliases": []},
        {
            "id": "ana-ruiz",
            "name": "Minister Ruiz",
            "type": "leader",
            "aliases": ["Ruiz"],
            "role": "minister",
        },
    )
    assert (merged.name, merged.type.value, list(merged.aliases), merged.role) == (
        as_rows["name"],
        as_rows["type"],
        as_rows["aliases"],
        as_rows["role"],
    )
    assert seen["ana-ruiz"] is merged

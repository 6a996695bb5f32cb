"""The engine's one actor-merge precedence (``merge_actor_rows``), wherever two rows of one
actor meet: the first keeps its name and type, aliases add up, missing facts are filled."""

from __future__ import annotations

from graph.model import ActorType, Article, ExtractedActor, Extraction, article_id
from graph.store.engine import merge_actor_rows, rows_for


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
    assert merge_actor_rows(stored, row) == row

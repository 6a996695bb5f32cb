"""Every relation type is stored and read back on both backends, and a new one needs the enum
and data files only: a copy of the store, its Cypher and the API with one more
``RelationType`` member (and its look in the two style files) stores and reads it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from graph.model import (
    ActorType,
    Article,
    Evidence,
    ExtractedActor,
    Extraction,
    Relation,
    RelationType,
)
from graph.settings import Settings
from graph.store import GraphStore
from graph.store.query import EdgeQuery, Window
from tests.conftest import ROOT

SENTENCE = "Ruritania and Strelsau did everything one can do together."
ARTICLE = Article(id="a" * 64, title="All the relations", published=date(2026, 3, 1))


def every_type(kinds: list[RelationType]) -> Extraction:
    """One article with one statement of each given type from ruritania to strelsau."""
    return Extraction(
        article=ARTICLE,
        actors=[
            ExtractedActor(id="ruritania", name="Ruritania", type=ActorType.STATE),
            ExtractedActor(id="strelsau", name="Strelsau", type=ActorType.CITY),
        ],
        relations=[
            Relation(
                source="ruritania",
                target="strelsau",
                type=kind,
                confidence=0.8,
                evidence=Evidence(start=0, end=len(SENTENCE), text=SENTENCE),
                trigger="did",
                weight=1.0,
                article_id=ARTICLE.id,
                extractor_version="test",
            )
            for kind in kinds
        ],
    )


def test_every_relation_type_is_stored_and_read_back(store: GraphStore) -> None:
    store.ingest(every_type(list(RelationType)))
    for kind in RelationType:
        [edge] = store.edges(EdgeQuery(actor="ruritania", types=frozenset({kind})))
        assert (edge.source, edge.type, edge.target, edge.mentions) == (
            "ruritania",
            kind,
            "strelsau",
            1,
        )
        [dated] = store.edges(EdgeQuery(types=frozenset({kind}), since=date(2026, 1, 1)))
        assert dated.type is kind
    assert store.get_actor("strelsau").relation_counts == {t: 1 for t in RelationType}
    whole = store.snapshot(evidence_limit=0)
    window = store.snapshot(window=Window(since=date(2026, 1, 1)), evidence_limit=0)
    for graph in (whole, window):
        assert sorted(k for _, _, k in graph.edges(keys=True)) == sorted(RelationType)
    assert store.counts().edges == len(RelationType)


# Run in a copy of the packages where RelationType has one more member: ingest one statement
# of each type, then read every edge back, whole and through a window, with its style.
NEW_TYPE_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from datetime import date

    import graph.model
    from api.explorer.style import EDGE_STYLES
    from graph import cypher
    from graph.model import RelationType
    from graph.settings import Settings
    from graph.store import Neo4jStore, SqliteStore
    from graph.store.query import EdgeQuery, Window
    from tests.contract.test_relation_types import every_type

    assert graph.model.__file__.startswith(sys.argv[1]), graph.model.__file__
    new = RelationType("allies_with")
    kind, where = sys.argv[2], sys.argv[3]
    if kind == "neo4j":
        store = Neo4jStore.from_settings(Settings(neo4j_uri=where))
    else:
        store = SqliteStore(where)
    try:
        store.ingest(every_type(list(RelationType)))
        found = store.edges(EdgeQuery(actor="ruritania", types=frozenset({new})))
        window = store.snapshot(window=Window(since=date(2026, 1, 1)), evidence_limit=0)
        print(json.dumps({
            "edges": [[e.source, e.type.value, e.target, e.mentions] for e in found],
            "all": len(store.edges(EdgeQuery())),
            "window": sorted(k for _, _, k in window.edges(keys=True)),
            "counts": store.get_actor("strelsau").relation_counts[new],
            "style": EDGE_STYLES[new].label,
            "grass": "relationship.ALLIES_WITH" in cypher.grass_rules(),
        }))
    finally:
        store.close()
    """
)


def with_new_type(src: Path) -> None:
    """Copies the packages the store needs into ``src`` and adds ALLIES_WITH: to the enum and
    to the two style files, nowhere else."""
    for package in ("graph", "cypher", "api"):
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    (src / "tests" / "contract").mkdir(parents=True)
    for init in ("tests/__init__.py", "tests/contract/__init__.py"):
        (src / init).write_text("")
    shutil.copy(__file__, src / "tests" / "contract" / "test_relation_types.py")
    (src / "tests" / "conftest.py").write_text((ROOT / "tests" / "conftest.py").read_text())

    def edit(path: str, old: str, new: str) -> None:
        text = (src / path).read_text(encoding="utf-8")
        assert text.count(old) == 1, (path, old)
        (src / path).write_text(text.replace(old, new), encoding="utf-8")

    edit(
        "graph/model.py",
        '    LOCATED_IN = "located_in"\n',
        '    LOCATED_IN = "located_in"\n    ALLIES_WITH = "allies_with"\n',
    )
    styles = json.loads((src / "api/explorer/styles.json").read_text(encoding="utf-8"))
    styles["relation_types"]["allies_with"] = {"label": "allies with", "color": "#17becf"}
    (src / "api/explorer/styles.json").write_text(json.dumps(styles), encoding="utf-8")
    edit(
        "cypher/actorgraph.grass",
        "relationship.LOCATED_IN {",
        "relationship.ALLIES_WITH { color: #17BECF; shaft-width: 3px; caption: '<type>'; }\n"
        "relationship.LOCATED_IN {",
    )


def test_a_new_relation_type_needs_the_enum_and_data_files_only(
    store: GraphStore, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    src = tmp_path / "src"
    with_new_type(src)
    if store.kind == "neo4j":
        settings: Settings = request.getfixturevalue("neo4j_settings")
        where = str(settings.neo4j_uri)
    else:
        where = str(tmp_path / "new.db")
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("ACTORGRAPH_NEO4J_URI", None)
    done = subprocess.run(
        [sys.executable, "-c", NEW_TYPE_SCRIPT, str(src), store.kind, where],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["edges"] == [["ruritania", "allies_with", "strelsau", 1]]
    assert answer["all"] == len(RelationType) + 1
    assert "allies_with" in answer["window"] and len(answer["window"]) == len(RelationType) + 1
    assert answer["counts"] == 1
    assert answer["style"] == "allies with" and answer["grass"] is True

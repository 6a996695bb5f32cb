from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import Settings


def test_settings_read_the_actorgraph_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTORGRAPH_NEO4J_URI", "bolt://db.example:7687")
    monkeypatch.setenv("ACTORGRAPH_NEO4J_PASSWORD", "s3cret")
    monkeypatch.setenv("ACTORGRAPH_STORE", "/tmp/x/graph.json")
    settings = Settings()
    assert settings.uses_neo4j
    assert settings.neo4j_uri == "bolt://db.example:7687"
    assert settings.store == Path("/tmp/x/graph.json")
    assert settings.neo4j_password is not None
    assert "s3cret" not in repr(settings)
    assert settings.neo4j_password.get_secret_value() == "s3cret"


def test_without_a_uri_the_embedded_store_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACTORGRAPH_NEO4J_URI", raising=False)
    assert not Settings().uses_neo4j


def test_an_empty_key_or_password_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    # docker-compose passes "${ACTORGRAPH_API_KEY:-}": an empty key must not lock every write.
    monkeypatch.setenv("ACTORGRAPH_API_KEY", "")
    monkeypatch.setenv("ACTORGRAPH_NEO4J_PASSWORD", "")
    settings = Settings()
    assert settings.api_key is None and settings.neo4j_password is None

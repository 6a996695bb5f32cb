"""/docs and /redoc name only files the API serves itself (tests/browser/test_offline_pages.py
opens them in a real browser with the network cut off)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import docs
from api.app import create_app
from graph.settings import Settings

ATTRIBUTE = re.compile(r"""\b(?:src|href)=["']([^"']+)["']""")


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(neo4j_uri=None, store=tmp_path / "graph.db", api_key="s3cret")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def named_files(html: str) -> list[str]:
    return ATTRIBUTE.findall(html)


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("/docs", {"swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"}),
        ("/redoc", {"redoc.standalone.js", "favicon.png"}),
    ],
)
def test_pages_name_only_local_files(client: TestClient, page: str, expected: set[str]) -> None:
    answer = client.get(page)  # no X-API-Key: the documentation is public
    assert answer.status_code == 200
    files = named_files(answer.text)
    assert {f"{docs.ASSETS}/{name}" for name in expected} == set(files)
    assert "'/openapi.json'" in answer.text or '"/openapi.json"' in answer.text
    assert "googleapis" not in answer.text and "http" not in "".join(files)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("swagger-ui-bundle.js", "text/javascript"),
        ("swagger-ui.css", "text/css"),
        ("redoc.standalone.js", "text/javascript"),
        ("favicon.png", "image/png"),
    ],
)
def test_assets_are_served_without_a_key(client: TestClient, name: str, kind: str) -> None:
    answer = client.get(f"{docs.ASSETS}/{name}")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(kind)
    assert len(answer.content) > 1_000


def test_nothing_else_is_served_from_the_assets(client: TestClient) -> None:
    for path in ("/docs/assets/nothing.js", "/docs/assets/%2e%2e/core.py", "/docs/assets/"):
        answer = client.get(path)
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found", path


def test_redoc_script_loses_only_the_logo_url(client: TestClient) -> None:
    shipped = (docs.ASSET_DIR / docs.REDOC_JS).read_bytes()
    served = client.get(f"{docs.ASSETS}/{docs.REDOC_JS}").content
    assert docs.REDOC_LOGO in shipped and b"cdn.redoc.ly" not in served
    assert served == shipped.replace(docs.REDOC_LOGO, b"")


def test_pages_follow_the_root_path(tmp_path: Path) -> None:
    """Behind a proxy that mounts the API under a prefix, the files are asked for there."""
    app = create_app(Settings(neo4j_uri=None, store=tmp_path / "graph.db"))
    with TestClient(app, root_path="/api") as client:
        for page in ("/docs", "/redoc"):
            files = named_files(client.get(page).text)
            assert files and all(f.startswith("/api/docs/assets/") for f in files), files
        assert "/api/openapi.json" in client.get("/docs").text

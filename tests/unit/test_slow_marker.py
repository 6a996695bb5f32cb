"""The `slow` marker's list names real test modules (a renamed module would silently join the
quick loop otherwise)."""

from __future__ import annotations

from tests.conftest import ROOT, SLOW_MODULES


def test_every_slow_module_exists() -> None:
    missing = sorted(m for m in SLOW_MODULES if not (ROOT / m).is_file())
    assert not missing, f"SLOW_MODULES names modules that do not exist: {missing}"

"""Every command has help text and is documented in the README."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer.main

from cli.main import app
from tests.conftest import ROOT


def command_paths() -> Iterator[tuple[str, Any]]:
    # typer vendors click, so commands are walked by shape: a group has `.commands`.
    def walk(prefix: str, command: Any) -> Iterator[tuple[str, Any]]:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                yield from walk(f"{prefix} {name}".strip(), sub)
        else:
            yield prefix, command

    yield from walk("", typer.main.get_command(app))


COMMANDS = list(command_paths())


def test_there_are_commands() -> None:
    assert len(COMMANDS) >= 4


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_has_help_and_is_in_readme(path: str, command: Any) -> None:
    assert (command.help or "").strip(), f"`actorgraph {path}` has no help text"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = re.search(rf"`actorgraph {re.escape(path)}(?=[\s`])", readme)
    assert documented, f"`actorgraph {path}` is not in the README's command table"


def test_readme_opens_with_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```bash\n", 1)[1].split("```", 1)[0]
    lines = [line for line in first_block.splitlines() if line.strip()]
    assert [line.split()[0] for line in lines] == ["scripts/demo", "scripts/test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nscripts/test\n" in ci

"""The README documents every command and every setting (a test fails when one is added silently)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from api.cli.main import app
from api.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_cli_has_commands() -> None:
    assert {"extract", "ingest", "trace", "gaps", "show", "search", "stats", "export"} <= set(
        COMMANDS
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"vanban {command}" in README


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_has_help_and_a_documented_variable(field: str) -> None:
    info = Settings.model_fields[field]
    assert info.description, f"{field} has no help text"
    doc = (Path(__file__).resolve().parents[1] / "api" / "config.py").read_text(encoding="utf-8")
    assert f"VANBAN_{field.upper()}" in doc

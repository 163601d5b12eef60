"""The ``vanban`` console script, run as a real process."""

from __future__ import annotations

import subprocess
import sys


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_commands() -> None:
    res = run_cli("--help")
    assert res.returncode == 0
    assert "extract" in res.stdout


def test_extract_without_input_is_a_clear_error() -> None:
    res = run_cli("extract")
    assert res.returncode == 1
    assert "error" in res.stderr
    assert "Traceback" not in res.stderr

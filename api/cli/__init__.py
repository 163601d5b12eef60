"""The ``vanban`` command: one module per command group, registered in :mod:`api.cli.main`."""

from __future__ import annotations

__all__ = ["main"]


def main() -> None:
    """Run the ``vanban`` command (imports the commands only when called)."""
    from api.cli.main import main as run

    run()

"""The ``vanban`` command: thin commands that parse options, call the library and print.

Library errors become clean messages (exit status 1) at this edge; no tracebacks. The commands
live in ``api/cli/*.py`` and register themselves on the one Typer ``app``.
"""

from __future__ import annotations

from api.cli import extract, ingest, serve, store, store_admin
from api.cli.common import app

__all__ = ["app", "main"]
_COMMAND_MODULES = (extract, ingest, store, store_admin, serve)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""The ``vanban`` command: thin commands that parse options, call the library and print.

Library errors become clean messages (exit status 1) at this edge; no tracebacks. The commands
live in ``api/cli_*.py`` and register themselves on the one Typer ``app``.
"""

from __future__ import annotations

from api import cli_extract, cli_ingest, cli_serve, cli_store
from api.cli_common import app

__all__ = ["app", "main"]
_COMMAND_MODULES = (cli_extract, cli_ingest, cli_store, cli_serve)


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""The ``vanban`` command: thin commands that parse options, call the library and print.

Library errors become clean messages (exit status 1) at this edge; no tracebacks. Each command
module (``extract``, ``ingest``, ``store``, ``serve``) has a ``register(app)`` that adds its
commands; :func:`make_app` builds the one Typer app from them, in help order.
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from api.cli import extract, ingest, serve, store, store_admin
from api.cli.common import err

__all__ = ["app", "main", "make_app"]

COMMAND_MODULES = (extract, ingest, store, store_admin, serve)


def _root(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More log output (-v, -vv).")
    ] = 0,
) -> None:
    """Ingest letters, trace directives through the hierarchy, find who has not responded."""
    from rich.logging import RichHandler

    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(
        level=level,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_time=False, show_path=False)],
        force=True,
    )


def make_app() -> typer.Typer:
    """The ``vanban`` Typer app with every command registered."""
    cli = typer.Typer(
        name="vanban",
        help="Directive citation-graph explorer for Vietnamese government correspondence.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    cli.callback()(_root)
    for module in COMMAND_MODULES:
        module.register(cli)
    return cli


app = make_app()


def main() -> None:
    app()


if __name__ == "__main__":
    main()

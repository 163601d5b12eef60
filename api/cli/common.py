"""What every ``vanban`` command shares: the Typer app, consoles, option types, errors."""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.console import Console

from api.output import OutputFormat

app = typer.Typer(
    name="vanban",
    help="Directive citation-graph explorer for Vietnamese government correspondence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

FormatOpt = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format: table, json or csv.")
]
StoreOpt = Annotated[
    str,
    typer.Option(
        "--store",
        envvar="VANBAN_STORE",
        help="Store location: a directory (embedded store) or a neo4j:// / bolt:// URI.",
    ),
]
DEFAULT_STORE = "./vanban-data"


@app.callback()
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


def fail(message: str) -> typer.Exit:
    """Print ``message`` as an error and return the exit to raise (status 1)."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(1)

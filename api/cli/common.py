"""What every ``vanban`` command shares: consoles, the option bundles, errors.

The option bundles are ``Annotated`` aliases, so every command spells an option the same way
(``--store`` with ``VANBAN_STORE``, ``--format table|json|csv``, ``--issuer``/``--year`` to pick
among same-numbered documents, ``--level``, ``--host``/``--port``).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from api.output import OutputFormat

__all__ = [
    "DEFAULT_STORE",
    "FormatOpt",
    "HostOpt",
    "IssuerOpt",
    "LevelOpt",
    "PortOpt",
    "StoreOpt",
    "YearOpt",
    "err",
    "fail",
    "out",
]

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
IssuerOpt = Annotated[
    str | None, typer.Option(help="Issuer (name or key) to pick among same-numbered documents.")
]
YearOpt = Annotated[int | None, typer.Option(help="Year, to pick among same-numbered documents.")]
LevelOpt = Annotated[
    str | None,
    typer.Option(help="Only this level: central, ministry, province, district or commune."),
]
# None: not given on the command line, so VANBAN_HOST / VANBAN_PORT (or the default) apply.
HostOpt = Annotated[
    str | None,
    typer.Option(
        help="Address to bind (env VANBAN_HOST, default 127.0.0.1; keep it unless you mean it).",
        show_default=False,
    ),
]
PortOpt = Annotated[
    int | None,
    typer.Option(help="Port to listen on (env VANBAN_PORT, default 8000).", show_default=False),
]


def fail(message: str) -> typer.Exit:
    """Print ``message`` as an error and return the exit to raise (status 1)."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(1)

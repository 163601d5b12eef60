"""``vanban store check`` and ``vanban store repair``: find and cut damage in an embedded store.

``check`` changes nothing and exits 1 when something is damaged. ``repair`` keeps every valid
journal frame, moves a damaged snapshot aside, keeps a backup of every file it rewrites, and
says what was lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from api.cli.common import DEFAULT_STORE, StoreOpt, err, fail, out

if TYPE_CHECKING:
    from graph.store.memory.persist import StoreCheck, StoreFiles

__all__ = ["register", "store_app"]

store_app = typer.Typer(help="Check or repair an embedded store's files.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the ``store check`` / ``store repair`` group to ``app``."""
    app.add_typer(store_app, name="store")


def _files(store: str) -> StoreFiles:
    from graph.errors import StoreFormatError
    from graph.store.memory.persist import StoreFiles

    if "://" in store:
        raise fail("check and repair are for embedded stores (a directory), not Neo4j")
    files = StoreFiles(store)
    try:
        if not files.check_format():
            raise fail(f"no store at {store}")
    except StoreFormatError as exc:
        raise fail(str(exc)) from exc
    return files


def _describe(found: StoreCheck) -> list[str]:
    lines = [
        f"generation {found.generation}: snapshot {'ok' if found.snapshot_ok else 'DAMAGED'}, "
        f"{found.frames} valid journal frames holding {found.letters} letters"
    ]
    for d in found.damage:
        if d.file == "snapshot.bin":
            lines.append(f"  damaged: snapshot.bin ({d.detail}): every letter stored before the "
                         "last compaction is lost from it; re-ingest those folders")  # fmt: skip
        else:
            lines.append(f"  damaged: {d.file} bytes {d.start:,}..{d.end:,} ({d.size:,} bytes, "
                         f"{d.detail}): the letters of that write are lost; re-ingest them")  # fmt: skip
    if found.torn_tail is not None:
        lines.append(f"  torn tail at byte {found.torn_tail:,} (an interrupted last write; "
                     "dropped by the next write)")  # fmt: skip
    return lines


@store_app.command("check")
def check(store: StoreOpt = DEFAULT_STORE) -> None:
    """Read every file of the store and list any damage (nothing is changed)."""
    found = _files(store).check()
    for line in _describe(found):
        out.print(line, highlight=False)
    if not found.ok:
        err.print("the store is damaged: `vanban store repair` keeps every intact part",
                  highlight=False)  # fmt: skip
        raise typer.Exit(1)
    out.print("ok", highlight=False)


@store_app.command("repair")
def repair(store: StoreOpt = DEFAULT_STORE) -> None:
    """Keep every valid frame, drop the damage, and keep backups of the damaged files."""
    from graph.errors import GraphError

    try:
        found = _files(store).repair()
    except GraphError as exc:
        raise fail(str(exc)) from exc
    for line in _describe(found):
        out.print(line, highlight=False)
    if found.ok and found.torn_tail is None:
        out.print("nothing to repair", highlight=False)
        return
    for name in found.backups:
        out.print(f"backup: {Path(store) / name}", highlight=False)
    out.print("repaired: the store opens with every intact letter", highlight=False)

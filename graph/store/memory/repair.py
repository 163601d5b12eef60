"""Check and repair an embedded store's files: find every damaged part, keep every valid one.

:func:`check` changes nothing. :func:`repair` keeps every valid journal frame, moves a damaged
snapshot aside, and keeps a backup of each file it rewrites (``*.damaged-<time>``).
"""

from __future__ import annotations

import logging
import os
import re
import time
from typing import TYPE_CHECKING

from graph.errors import StoreCorruptError
from graph.store.memory.frames import FRAME, Damage, StoreCheck, letters_in, scan
from graph.store.memory.persist import fsync_dir

if TYPE_CHECKING:
    from graph.store.memory.persist import StoreFiles

__all__ = ["check", "repair"]

log = logging.getLogger(__name__)


def check(files: StoreFiles) -> StoreCheck:
    """Every damaged part of the store, without changing anything."""
    snapshot_ok, generation = True, 0
    damage: list[Damage] = []
    try:
        generation, _ = files.read_snapshot()
    except StoreCorruptError as e:
        snapshot_ok = False
        size = files.snapshot_path.stat().st_size
        damage.append(Damage("snapshot.bin", 0, size, e.detail))
        generation = _generation_from_journals(files)
    path = files.journal_path(generation)
    frames = letters = 0
    tail = None
    if path.exists():
        found_frames = scan(path.read_bytes())
        frames, tail = len(found_frames.frames), found_frames.tail
        letters = sum(letters_in(p) for _, p in found_frames.frames)
        damage += [Damage(path.name, s, e, d) for s, e, d in found_frames.damage]
    return StoreCheck(generation, snapshot_ok, frames, letters, tuple(damage), tail)

def _generation_from_journals(files: StoreFiles) -> int:
    gens = [int(m.group(1)) for p in files.path.glob("journal-*.log")
            if (m := re.fullmatch(r"journal-(\d+)\.log", p.name))]  # fmt: skip
    return max(gens, default=0)

def repair(files: StoreFiles) -> StoreCheck:
    """Keep every valid frame and drop the damage; the damaged files are kept as backups.

    A damaged snapshot cannot be salvaged (it is one blob): it is moved aside and the
    store keeps what its journal holds. Returns the check made before repairing, with the
    backups' names.
    """
    with files.locked():
        found = files.check()
        if found.ok and found.torn_tail is None:
            return found
        stamp = time.strftime("%Y%m%dT%H%M%S")
        backups: list[str] = []
        if not found.snapshot_ok:
            backup = files.path / f"snapshot.bin.damaged-{stamp}"
            os.replace(files.snapshot_path, backup)
            backups.append(backup.name)
            # the journal's frames were written after that snapshot; keep them as is
            fsync_dir(files.path)
        path = files.journal_path(found.generation)
        if path.exists() and (any(d.file == path.name for d in found.damage)
                              or found.torn_tail is not None):  # fmt: skip
            data = path.read_bytes()
            found_frames = scan(data)
            backup = files.path / f"{path.name}.damaged-{stamp}"
            files.write_atomic(backup, data)
            backups.append(backup.name)
            kept = b"".join(data[o : o + FRAME.size + len(p)] for o, p in found_frames.frames)
            files.write_atomic(path, kept)
        if not found.snapshot_ok and found.generation != 0 and path.exists():
            # readers look for the journal of the snapshot's generation: without a snapshot
            # that is generation 0
            os.replace(path, files.journal_path(0))
        log.warning("repaired %s: %s", files.path, found)
    return StoreCheck(found.generation, found.snapshot_ok, found.frames, found.letters,
                      found.damage, found.torn_tail, tuple(backups))  # fmt: skip

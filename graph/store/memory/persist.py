"""The embedded store's directory: a snapshot, a journal of later writes, a lock.

Layout of a store directory (default ``./vanban-data``)::

    store.json          {"format": "vanban-memory", "version": 1}
    snapshot.bin        header (magic, version, generation g) + marshal of the whole state,
                        written atomically
    journal-<g>.log     frames appended after that snapshot: <length, crc32, marshal payload>
    lock                fcntl.flock'ed by the one writer

A writer takes the lock (``StoreLockedError`` if another holds it), catches up with what is on
disk, appends one frame per batch and fsyncs it. A frame is either complete (length and crc
check) or ignored, so a process killed mid-write leaves the state of the last complete frame;
the next writer truncates the torn tail. Compaction writes a new snapshot to a temporary file,
fsyncs it, ``os.replace``s it in, then starts the next generation's journal. Readers take no
lock: they read the snapshot and the complete frames of its journal, and retry if a compaction
replaced the snapshot under them.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import marshal
import os
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import StoreError, StoreFormatError, StoreLockedError

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "Loaded", "StoreFiles"]

log = logging.getLogger(__name__)

FORMAT_NAME = "vanban-memory"
FORMAT_VERSION = 1
_MARSHAL_VERSION = 4
_FRAME = struct.Struct("<II")  # payload length, crc32 of payload
_SNAP_HEAD = struct.Struct("<8sIQ")  # magic, format version, generation
_SNAP_MAGIC = b"VANBANSN"


@dataclass(frozen=True, slots=True)
class Loaded:
    """What is on disk: the snapshot (``None`` for a new store) and the journal after it."""

    generation: int
    snapshot: dict[str, Any] | None
    ops: list[Any]
    offset: int  # bytes of the journal consumed (complete frames)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class StoreFiles:
    """The files of one store directory; no state beyond the path and the held lock."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock_fd: int | None = None

    # -- format -------------------------------------------------------------------------
    @property
    def meta_path(self) -> Path:
        return self.path / "store.json"

    @property
    def snapshot_path(self) -> Path:
        return self.path / "snapshot.bin"

    def journal_path(self, generation: int) -> Path:
        return self.path / f"journal-{generation}.log"

    def check_format(self) -> bool:
        """``True`` when the directory holds a store of this format, ``False`` when it holds none.

        Raises StoreFormatError for another format or a newer version, or a non-empty directory
        that is not a store.
        """
        if not self.path.exists():
            return False
        if not self.path.is_dir():
            raise StoreError(str(self.path), "is not a directory")
        if not self.meta_path.exists():
            if any(self.path.iterdir()):
                raise StoreFormatError(
                    str(self.path), "is not empty and holds no vanban store (store.json missing)"
                )
            return False
        try:
            meta = json.loads(self.meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise StoreFormatError(str(self.path), f"cannot read store.json: {e}") from e
        self._check_meta(meta)
        return True

    def _check_meta(self, meta: Any) -> None:
        if not isinstance(meta, dict) or meta.get("format") != FORMAT_NAME:
            raise StoreFormatError(str(self.path), f"unknown store format {meta!r}")
        version = meta.get("version")
        if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
            raise StoreFormatError(
                str(self.path),
                f"store format version {version!r} is not supported by this vanban "
                f"(it reads version {FORMAT_VERSION}); upgrade vanban",
            )

    def create(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        if not self.meta_path.exists():
            meta = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
            self._write_atomic(self.meta_path, json.dumps(meta).encode())

    # -- reading ------------------------------------------------------------------------
    def _snapshot_generation(self) -> int | None:
        """The generation in the snapshot's header (16 bytes read); ``None`` without one."""
        try:
            with self.snapshot_path.open("rb") as fh:
                head = fh.read(_SNAP_HEAD.size)
        except FileNotFoundError:
            return None
        return self._check_head(head)[1]

    def _check_head(self, head: bytes) -> tuple[int, int]:
        if len(head) < _SNAP_HEAD.size:
            raise StoreFormatError(str(self.path), "snapshot.bin is truncated")
        magic, version, generation = _SNAP_HEAD.unpack(head)
        if magic != _SNAP_MAGIC:
            raise StoreFormatError(str(self.path), "snapshot.bin is not a vanban snapshot")
        if version > FORMAT_VERSION:
            raise StoreFormatError(
                str(self.path),
                f"snapshot format version {version} is newer than this vanban reads "
                f"({FORMAT_VERSION}); upgrade vanban",
            )
        return version, generation

    def _read_snapshot(self) -> tuple[int, dict[str, Any] | None]:
        try:
            data = self.snapshot_path.read_bytes()
        except FileNotFoundError:
            return 0, None
        _, generation = self._check_head(data[: _SNAP_HEAD.size])
        try:
            snap = marshal.loads(memoryview(data)[_SNAP_HEAD.size :])
        except (ValueError, EOFError, TypeError) as e:
            raise StoreFormatError(str(self.path), f"snapshot.bin is damaged: {e}") from e
        self._check_meta(snap)
        return generation, snap

    def read_frames(self, generation: int, offset: int = 0) -> tuple[list[Any], int] | None:
        """Complete frames of a journal from ``offset``; ``None`` when that journal is gone."""
        try:
            fh = self.journal_path(generation).open("rb")
        except FileNotFoundError:
            return None
        ops: list[Any] = []
        with fh:
            fh.seek(offset)
            while True:
                head = fh.read(_FRAME.size)
                if len(head) < _FRAME.size:
                    break
                length, crc = _FRAME.unpack(head)
                payload = fh.read(length)
                if len(payload) < length or zlib.crc32(payload) != crc:
                    log.warning("ignoring a torn frame at byte %s of %s", offset, fh.name)
                    break
                ops.append(marshal.loads(payload))
                offset += _FRAME.size + length
        return ops, offset

    def load(self) -> Loaded:
        """The last complete state on disk."""
        for _ in range(20):
            generation, snap = self._read_snapshot()
            frames = self.read_frames(generation)
            if frames is None:
                if snap is None or self._snapshot_generation() == generation:
                    return Loaded(generation, snap, [], 0)
                continue  # a compaction replaced the snapshot under us: read it again
            return Loaded(generation, snap, frames[0], frames[1])
        raise StoreError(str(self.path), "the store keeps changing while being read")

    def current_generation(self) -> int:
        """The generation on disk now (cheap: reads the snapshot's header)."""
        return self._snapshot_generation() or 0

    # -- writing ------------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the exclusive write lock; StoreLockedError when another process holds it."""
        if self._lock_fd is not None:
            yield
            return
        self.create()
        fd = os.open(self.path / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            os.close(fd)
            raise StoreLockedError(str(self.path)) from e
        self._lock_fd = fd
        try:
            yield
        finally:
            self._lock_fd = None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def truncate_journal(self, generation: int, offset: int) -> None:
        """Cut a torn tail (bytes after the last complete frame); only under the lock."""
        path = self.journal_path(generation)
        if path.exists() and path.stat().st_size > offset:
            log.warning("truncating %s to %s bytes (torn frame)", path, offset)
            with path.open("r+b") as fh:
                fh.truncate(offset)
                os.fsync(fh.fileno())

    def append(self, generation: int, op: Any) -> int:
        """Append one frame and fsync it; returns the bytes written. Only under the lock."""
        payload = marshal.dumps(op, _MARSHAL_VERSION)
        frame = _FRAME.pack(len(payload), zlib.crc32(payload)) + payload
        path = self.journal_path(generation)
        new = not path.exists()
        with path.open("ab") as fh:
            fh.write(frame)
            fh.flush()
            os.fsync(fh.fileno())
        if new:
            _fsync_dir(self.path)
        return len(frame)

    def write_snapshot(self, generation: int, state: dict[str, Any]) -> None:
        """Replace the snapshot with ``state`` as ``generation`` and start its empty journal."""
        snap = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "generation": generation, **state}
        head = _SNAP_HEAD.pack(_SNAP_MAGIC, FORMAT_VERSION, generation)
        self._write_atomic(self.snapshot_path, head + marshal.dumps(snap, _MARSHAL_VERSION))
        self.journal_path(generation).touch()
        _fsync_dir(self.path)
        for old in self.path.glob("journal-*.log"):
            if old.name != self.journal_path(generation).name:
                old.unlink(missing_ok=True)

    def journal_size(self, generation: int) -> int:
        try:
            return self.journal_path(generation).stat().st_size
        except FileNotFoundError:
            return 0

    def _write_atomic(self, target: Path, data: bytes) -> None:
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)

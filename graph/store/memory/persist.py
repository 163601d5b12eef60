"""The embedded store's directory: a snapshot, a journal of later writes, a lock.

Layout of a store directory (default ``./vanban-data``)::

    store.json          {"format": "vanban-memory", "version": 1}
    snapshot.bin        header (magic, version, generation g, crc32 and length of the payload)
                        + marshal of the whole state, written atomically
    journal-<g>.log     frames appended after that snapshot: <length, crc32, marshal payload>
    lock                fcntl.flock'ed by the one writer

A writer takes the lock (``StoreLockedError`` if another holds it past its wait), catches up
with what is on disk, appends one frame per batch and fsyncs it. Compaction writes a new
snapshot to a temporary file, fsyncs it, ``os.replace``s it in, then starts the next
generation's journal. Readers take no lock: they read the snapshot and the complete frames of
its journal, and retry if a compaction replaced the snapshot under them.

Damage is told apart from a crash:

- a **torn tail** (the last frame cut short or unwritten by a crash: no valid frame follows it)
  is ignored by readers and cut by the next writer;
- a bad frame **followed by valid frames**, or a snapshot whose checksum fails, is damage: the
  store refuses to open (:class:`~graph.errors.StoreCorruptError`, naming the file and the
  byte) and nothing is written. :meth:`StoreFiles.check` lists the damage and
  :meth:`StoreFiles.repair` keeps every valid frame (a backup of the damaged file is kept).

Files are created with ``file_mode`` (default 0600) and the directory with the matching
execute bits (0700): letters can be confidential. Stale temporary files and journals of older
generations left by a killed compaction are removed whenever the write lock is taken.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import marshal
import os
import struct
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.errors import StoreCorruptError, StoreError, StoreFormatError, StoreLockedError
from graph.store.memory.frames import FRAME, Damage, StoreCheck, scan

__all__ = [
    "DEFAULT_FILE_MODE",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "Damage",
    "Loaded",
    "StoreCheck",
    "StoreFiles",
]

log = logging.getLogger(__name__)

FORMAT_NAME = "vanban-memory"
FORMAT_VERSION = 1
DEFAULT_FILE_MODE = 0o600
_MARSHAL_VERSION = 4
_SNAP_HEAD = struct.Struct("<8sIQ")  # magic, snapshot version, generation
_SNAP_SUM = struct.Struct("<IQ")  # version >= 2: crc32 and length of the payload
_SNAP_MAGIC = b"VANBANSN"
_SNAP_VERSION = 2  # 1: no checksum (still read)


@dataclass(frozen=True, slots=True)
class Loaded:
    """What is on disk: the snapshot (``None`` for a new store) and the journal after it."""

    generation: int
    snapshot: dict[str, Any] | None
    ops: list[Any]
    offset: int  # bytes of the journal consumed (complete frames)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _dir_mode(file_mode: int) -> int:
    """The folder mode that matches a file mode: execute wherever read is allowed (0600 -> 0700)."""
    return file_mode | ((file_mode & 0o444) >> 2)


class StoreFiles:
    """The files of one store directory; no state beyond the path and the held lock."""

    def __init__(self, path: str | Path, *, file_mode: int = DEFAULT_FILE_MODE) -> None:
        self.path = Path(path)
        self.file_mode = file_mode
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
        if not self.path.exists():
            self.path.mkdir(parents=True, mode=_dir_mode(self.file_mode))
            os.chmod(self.path, _dir_mode(self.file_mode))  # mkdir's mode is masked by umask
        if not self.meta_path.exists():
            meta = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
            self.write_atomic(self.meta_path, json.dumps(meta).encode())

    def _open_for_write(self, path: Path, flags: int) -> int:
        return os.open(path, flags | os.O_WRONLY | os.O_CREAT, self.file_mode)

    # -- reading ------------------------------------------------------------------------
    def _snapshot_generation(self) -> int | None:
        """The generation in the snapshot's header (20 bytes read); ``None`` without one."""
        try:
            with self.snapshot_path.open("rb") as fh:
                head = fh.read(_SNAP_HEAD.size)
        except FileNotFoundError:
            return None
        return self._check_head(head)[1]

    def _check_head(self, head: bytes) -> tuple[int, int]:
        if len(head) < _SNAP_HEAD.size:
            raise StoreCorruptError(str(self.path), "snapshot.bin", 0, "truncated header")
        magic, version, generation = _SNAP_HEAD.unpack_from(head)
        if magic != _SNAP_MAGIC:
            raise StoreCorruptError(
                str(self.path), "snapshot.bin", 0, "not a vanban snapshot header"
            )
        if version > _SNAP_VERSION:
            raise StoreFormatError(
                str(self.path),
                f"snapshot format version {version} is newer than this vanban reads "
                f"({_SNAP_VERSION}); upgrade vanban",
            )
        return version, generation

    def _snapshot_payload(self, data: bytes) -> tuple[int, memoryview]:
        """The generation and the checked payload of a snapshot file's bytes."""
        version, generation = self._check_head(data[: _SNAP_HEAD.size])
        body = memoryview(data)[_SNAP_HEAD.size :]
        if version >= 2:
            if len(body) < _SNAP_SUM.size:
                raise StoreCorruptError(str(self.path), "snapshot.bin", 0, "truncated header")
            crc, length = _SNAP_SUM.unpack_from(body)
            body = body[_SNAP_SUM.size :]
            if len(body) != length or zlib.crc32(body) != crc:
                raise StoreCorruptError(
                    str(self.path), "snapshot.bin", None,
                    f"checksum mismatch ({len(body):,} of {length:,} bytes)",
                )  # fmt: skip
        return generation, body

    def read_snapshot(self) -> tuple[int, dict[str, Any] | None]:
        try:
            data = self.snapshot_path.read_bytes()
        except FileNotFoundError:
            return 0, None
        generation, body = self._snapshot_payload(data)
        try:
            snap = marshal.loads(body)
        except (ValueError, EOFError, TypeError) as e:
            raise StoreCorruptError(str(self.path), "snapshot.bin", None, f"unreadable: {e}") from e
        self._check_meta(snap)
        return generation, snap

    def read_frames(self, generation: int, offset: int = 0) -> tuple[list[Any], int] | None:
        """Complete frames of a journal from ``offset``; ``None`` when that journal is gone.

        A torn tail is left out (and logged); damage followed by valid frames raises
        StoreCorruptError.
        """
        path = self.journal_path(generation)
        try:
            with path.open("rb") as fh:
                fh.seek(offset)
                data = fh.read()
        except FileNotFoundError:
            return None
        found_frames = scan(data)
        if found_frames.damage:
            start, _, detail = found_frames.damage[0]
            raise StoreCorruptError(str(self.path), path.name, offset + start, detail)
        if found_frames.tail is not None:
            log.warning("ignoring a torn last frame at byte %s of %s (an interrupted write)",
                        offset + found_frames.tail, path.name)  # fmt: skip
        ops = [marshal.loads(payload) for _, payload in found_frames.frames]
        return ops, offset + found_frames.end

    def load(self) -> Loaded:
        """The last complete state on disk."""
        for _ in range(20):
            generation, snap = self.read_snapshot()
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

    # -- check and repair (graph.store.memory.repair) ------------------------------------
    def check(self) -> StoreCheck:
        """Every damaged part of the store, without changing anything."""
        from graph.store.memory import repair

        return repair.check(self)

    def repair(self) -> StoreCheck:
        """Keep every valid frame and drop the damage (backups kept); the check made before."""
        from graph.store.memory import repair

        return repair.repair(self)

    # -- writing ------------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self, wait_s: float = 0.0) -> Iterator[None]:
        """Hold the exclusive write lock; StoreLockedError when another process holds it for
        longer than ``wait_s`` seconds."""
        if self._lock_fd is not None:
            yield
            return
        self.create()
        fd = os.open(self.path / "lock", os.O_RDWR | os.O_CREAT, self.file_mode)
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as e:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise StoreLockedError(str(self.path)) from e
                time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
        self._lock_fd = fd
        try:
            self._remove_stale()
            yield
        finally:
            self._lock_fd = None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def clean_if_idle(self) -> None:
        """Remove what a killed compaction left behind, when no writer holds the lock now."""
        if not self.meta_path.exists():
            return
        with contextlib.suppress(StoreLockedError, OSError):
            with self.locked():
                pass

    def _remove_stale(self) -> None:
        """Temporary files and older journals of a killed compaction; only under the lock."""
        for tmp in self.path.glob(".*.tmp"):
            log.info("removing %s (left by an interrupted write)", tmp.name)
            tmp.unlink(missing_ok=True)
        if not self.snapshot_path.exists():
            return
        try:
            current = self.journal_path(self.current_generation()).name
        except StoreFormatError:
            return  # a damaged snapshot: leave everything for `vanban store repair`
        for old in self.path.glob("journal-*.log"):
            if old.name != current:
                log.info("removing %s (a journal the last compaction replaced)", old.name)
                old.unlink(missing_ok=True)

    def truncate_journal(self, generation: int, offset: int) -> None:
        """Cut a torn tail (bytes after the last complete frame); only under the lock."""
        path = self.journal_path(generation)
        if path.exists() and path.stat().st_size > offset:
            log.warning("truncating %s to %s bytes (torn frame)", path.name, offset)
            with path.open("r+b") as fh:
                fh.truncate(offset)
                os.fsync(fh.fileno())

    def append(self, generation: int, op: Any) -> int:
        """Append one frame and fsync it; returns the bytes written. Only under the lock."""
        payload = marshal.dumps(op, _MARSHAL_VERSION)
        frame = FRAME.pack(len(payload), zlib.crc32(payload)) + payload
        path = self.journal_path(generation)
        new = not path.exists()
        fd = self._open_for_write(path, os.O_APPEND)
        try:
            os.write(fd, frame)
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:
            fsync_dir(self.path)
        return len(frame)

    def write_snapshot(self, generation: int, state: dict[str, Any]) -> None:
        """Replace the snapshot with ``state`` as ``generation`` and start its empty journal."""
        snap = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "generation": generation, **state}
        body = marshal.dumps(snap, _MARSHAL_VERSION)
        head = _SNAP_HEAD.pack(_SNAP_MAGIC, _SNAP_VERSION, generation)
        head += _SNAP_SUM.pack(zlib.crc32(body), len(body))
        self.write_atomic(self.snapshot_path, head + body)
        os.close(self._open_for_write(self.journal_path(generation), 0))
        fsync_dir(self.path)
        for old in self.path.glob("journal-*.log"):
            if old.name != self.journal_path(generation).name:
                old.unlink(missing_ok=True)

    def journal_size(self, generation: int) -> int:
        try:
            return self.journal_path(generation).stat().st_size
        except FileNotFoundError:
            return 0

    def write_atomic(self, target: Path, data: bytes) -> None:
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fd = self._open_for_write(tmp, os.O_TRUNC)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        fsync_dir(target.parent)


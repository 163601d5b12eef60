"""The journal's frames: <length, crc32, marshal payload>, and how to find them in damage.

:func:`scan` reads a journal's bytes into valid frames, damaged stretches (bad bytes that a
valid frame follows) and a torn tail (an incomplete last frame: no valid frame follows it).
"""

from __future__ import annotations

import marshal
import re
import struct
import zlib
from dataclasses import dataclass, field

__all__ = ["FRAME", "Damage", "Scan", "StoreCheck", "find_frame", "letters_in", "scan"]

FRAME = struct.Struct("<II")  # payload length, crc32 of payload
# The start of a journal payload: marshal of ("add", [...]) or ("remove", "a.txt"), with or
# without marshal's reference flag. Used to find valid frames after a damaged one.
# Must match b")\x02\xda\x03add[" and b"\xa9\x02\xda\x06remove"; must not match b")\x02\xda\x03ad".
_OP_START = re.compile(rb"[\x29\xa9]\x02[\x5a\xda\x7a\xfa](?:\x03add|\x06remove)")


@dataclass(frozen=True, slots=True)
class Damage:
    """Bytes ``start``..``end`` of ``file`` (relative to the store) that hold no valid frame."""

    file: str
    start: int
    end: int
    detail: str

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class StoreCheck:
    """What :meth:`StoreFiles.check` found; ``ok`` when nothing is damaged."""

    generation: int
    snapshot_ok: bool
    frames: int  # valid journal frames
    letters: int  # letters in the valid frames (additions)
    damage: tuple[Damage, ...] = ()
    torn_tail: int | None = None  # byte where an incomplete last frame starts
    backups: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.snapshot_ok and not self.damage


@dataclass(frozen=True, slots=True)
class Scan:
    frames: list[tuple[int, bytes]]  # (offset, payload) of each valid frame
    damage: list[tuple[int, int, str]]
    tail: int | None  # start of a torn tail
    end: int  # bytes consumed: after the last valid frame


def find_frame(data: bytes | memoryview, start: int) -> int | None:
    """The offset of the first valid frame at or after ``start``; ``None`` if there is none."""
    buf = bytes(data) if isinstance(data, memoryview) else data
    n = len(buf)
    for m in _OP_START.finditer(buf, start + FRAME.size):
        pos = m.start() - FRAME.size
        length, crc = FRAME.unpack_from(buf, pos)
        end = pos + FRAME.size + length
        if end <= n and zlib.crc32(buf[pos + FRAME.size : end]) == crc:
            return pos
    return None


def scan(data: bytes, start: int = 0) -> Scan:
    """Valid frames, damaged stretches (bad bytes followed by a valid frame) and a torn tail."""
    frames: list[tuple[int, bytes]] = []
    damage: list[tuple[int, int, str]] = []
    pos, n, end = start, len(data), start
    while pos < n:
        if n - pos >= FRAME.size:
            length, crc = FRAME.unpack_from(data, pos)
            stop = pos + FRAME.size + length
            if stop <= n:
                payload = data[pos + FRAME.size : stop]
                if zlib.crc32(payload) == crc:
                    frames.append((pos, payload))
                    pos = end = stop
                    continue
                detail = "checksum mismatch"
            else:
                detail = f"frame of {length:,} bytes runs past the end of the file"
        else:
            detail = "incomplete frame header"
        following = find_frame(data, pos + 1)
        if following is None:
            return Scan(frames, damage, pos, end)
        damage.append((pos, following, detail))
        pos = following
    return Scan(frames, damage, None, end)


def letters_in(payload: bytes) -> int:
    try:
        op = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return 0
    return len(op[1]) if isinstance(op, tuple) and op and op[0] == "add" else 0

"""A damaged store is refused with the file and the byte, kept as it is, and repairable."""

from __future__ import annotations

import os
import random
import stat
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from graph.errors import StoreCorruptError
from graph.store.memory.store import MemoryStore
from graph.testing import generate_cascade

ROOT = Path(__file__).resolve().parents[2]
RECORDS = generate_cascade(provinces=6, districts=(2, 3), seed=3).records  # 19 letters


def _frames(journal: Path) -> list[tuple[int, int]]:
    """(offset, payload length) of each frame."""
    data, out, pos = journal.read_bytes(), [], 0
    while pos + 8 <= len(data):
        (length,) = struct.unpack_from("<I", data, pos)
        out.append((pos, length))
        pos += 8 + length
    return out


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """A store of 19 letters in frames of 3 (seven frames)."""
    path = tmp_path / "store"
    MemoryStore(path, batch_size=3).add_letters(RECORDS)
    return path


def _flip(path: Path, byte: int, bit: int = 0) -> None:
    data = bytearray(path.read_bytes())
    data[byte] ^= 1 << bit
    path.write_bytes(bytes(data))


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "api.cli.main", *args], capture_output=True,
                          text=True, env=env, timeout=120)  # fmt: skip


def test_a_damaged_middle_frame_is_refused_and_nothing_is_changed(store_dir: Path) -> None:
    journal = store_dir / "journal-0.log"
    frames = _frames(journal)
    assert len(frames) == 7
    offset, length = frames[2]
    _flip(journal, offset + 8 + length // 2)
    before = journal.read_bytes()
    with pytest.raises(StoreCorruptError) as info:
        MemoryStore(store_dir)
    assert info.value.file == "journal-0.log" and info.value.offset == offset
    assert "journal-0.log at byte" in str(info.value) and "vanban store repair" in str(info.value)
    assert str(store_dir.parent) not in info.value.file
    assert journal.read_bytes() == before  # kept as it is: no write can truncate it
    stats = _cli("stats", "--store", str(store_dir))
    assert stats.returncode == 1 and "damaged" in stats.stderr and "Traceback" not in stats.stderr


def test_check_lists_the_damage_and_repair_keeps_every_valid_frame(store_dir: Path) -> None:
    journal = store_dir / "journal-0.log"
    offset, length = _frames(journal)[2]
    _flip(journal, offset + 8 + 3, bit=5)
    check = _cli("store", "check", "--store", str(store_dir))
    assert check.returncode == 1, check.stdout
    assert f"bytes {offset:,}.." in check.stdout and "6 valid journal frames" in check.stdout
    repair = _cli("store", "repair", "--store", str(store_dir))
    assert repair.returncode == 0, repair.stderr
    assert "backup:" in repair.stdout and "lost" in repair.stdout
    backups = list(store_dir.glob("journal-0.log.damaged-*"))
    assert len(backups) == 1 and backups[0].stat().st_size == len(journal.read_bytes()) + 8 + length
    store = MemoryStore(store_dir)
    assert store.stats().full == len(RECORDS) - 3  # only the damaged frame's three letters
    assert _cli("store", "check", "--store", str(store_dir)).returncode == 0


def test_a_damaged_length_field_hides_no_later_frame(store_dir: Path) -> None:
    journal = store_dir / "journal-0.log"
    offset, _ = _frames(journal)[1]
    _flip(journal, offset + 3, bit=7)  # the frame now claims gigabytes
    with pytest.raises(StoreCorruptError):
        MemoryStore(store_dir)


def test_a_torn_tail_is_dropped_and_cut_by_the_next_write(store_dir: Path) -> None:
    journal = store_dir / "journal-0.log"
    offset, length = _frames(journal)[-1]
    with journal.open("r+b") as fh:
        fh.truncate(offset + 8 + length // 2)
    store = MemoryStore(store_dir)
    assert store.stats().full == len(RECORDS) - 1  # the last frame held one letter
    store.add_letters(RECORDS[-1:])
    assert MemoryStore(store_dir).stats().full == len(RECORDS)


@pytest.mark.parametrize("seed", range(20), ids=lambda s: f"flip-{s}")
def test_every_single_bit_flip_in_the_snapshot_is_detected(store_dir: Path, seed: int) -> None:
    MemoryStore(store_dir).compact()
    snapshot = store_dir / "snapshot.bin"
    rng = random.Random(seed)
    _flip(snapshot, rng.randrange(20, snapshot.stat().st_size), rng.randrange(8))
    with pytest.raises(StoreCorruptError) as info:
        MemoryStore(store_dir)
    assert info.value.file == "snapshot.bin"


def test_repair_of_a_damaged_snapshot_keeps_the_later_journal(store_dir: Path) -> None:
    store = MemoryStore(store_dir, batch_size=3)
    store.compact()
    store.add_letters(RECORDS[:0])
    _flip(store_dir / "snapshot.bin", 100)
    repaired = _cli("store", "repair", "--store", str(store_dir))
    assert repaired.returncode == 0, repaired.stderr
    assert "snapshot.bin" in repaired.stdout and list(store_dir.glob("snapshot.bin.damaged-*"))
    assert MemoryStore(store_dir).stats().full == 0  # every letter was in the snapshot


def test_a_killed_compaction_leaves_nothing_behind(store_dir: Path) -> None:
    MemoryStore(store_dir).compact()
    (store_dir / f".snapshot.bin.{99999}.tmp").write_bytes(b"half a snapshot")
    (store_dir / "journal-0.log").write_bytes(b"")  # a journal the compaction replaced
    MemoryStore(store_dir)
    assert sorted(p.name for p in store_dir.iterdir()) == [
        "journal-1.log", "lock", "snapshot.bin", "store.json",
    ]  # fmt: skip


def test_store_files_are_private_unless_asked(store_dir: Path, tmp_path: Path) -> None:
    assert stat.S_IMODE(store_dir.stat().st_mode) == 0o700
    for f in store_dir.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f.name
    shared = tmp_path / "shared"
    store = MemoryStore(shared, file_mode=0o640)
    store.add_letters(RECORDS[:1])
    store.compact()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o750
    assert {stat.S_IMODE(f.stat().st_mode) for f in shared.iterdir()} == {0o640}

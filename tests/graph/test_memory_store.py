"""The embedded store on disk: reloads, idempotence, locking, formats, bad input, SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from graph.errors import (
    InvalidRecordError,
    StoreFormatError,
    StoreLockedError,
)
from graph.store import open_store
from graph.store.memory.persist import StoreFiles
from graph.store.memory.store import MemoryStore
from graph.testing import Cascade, generate_cascade

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small() -> Cascade:
    return generate_cascade(roots=1, provinces=6, districts=(3, 5), seed=2)


def _fingerprint(store: MemoryStore) -> tuple:
    return (store.stats(), sorted(store.documents.items()), sorted(store.citations(), key=repr))


def test_reload_gives_the_same_graph(tmp_path: Path, small: Cascade) -> None:
    store = MemoryStore(tmp_path, batch_size=7)
    store.add_letters(small.records)
    assert _fingerprint(MemoryStore(tmp_path)) == _fingerprint(store)  # from the journal
    store.compact()
    assert not any(p.stat().st_size for p in tmp_path.glob("journal-*.log"))
    assert _fingerprint(MemoryStore(tmp_path)) == _fingerprint(store)  # from the snapshot
    reloaded = MemoryStore(tmp_path)
    root = small.roots[0]
    assert reloaded.trace_down(root) == store.trace_down(root)
    assert reloaded.letter_text(root) == store.letter_text(root)


def test_ingest_twice_is_idempotent(tmp_path: Path, small: Cascade) -> None:
    store = MemoryStore(tmp_path)
    first = store.add_letters(small.records)
    before = _fingerprint(store)
    again = store.add_letters(small.records)
    assert again.unchanged == first.added == len(small.records)
    assert _fingerprint(store) == before == _fingerprint(MemoryStore(tmp_path))


def test_open_store_picks_the_backend(tmp_path: Path) -> None:
    assert isinstance(open_store(str(tmp_path / "new")), MemoryStore)
    assert not (tmp_path / "new").exists()  # created on first write only
    from graph.store.neo4j import Neo4jStore

    remote = open_store("bolt://localhost:7687")  # no I/O until the first query
    assert isinstance(remote, Neo4jStore)
    remote.close()


def test_refuses_newer_and_foreign_formats(tmp_path: Path, small: Cascade) -> None:
    MemoryStore(tmp_path / "s").add_letters(small.records[:2])
    (tmp_path / "s" / "store.json").write_text(json.dumps({"format": "vanban-memory", "version": 99}))
    with pytest.raises(StoreFormatError, match="version 99"):
        MemoryStore(tmp_path / "s")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x")
    with pytest.raises(StoreFormatError, match="holds no vanban store"):
        MemoryStore(tmp_path / "other")


def test_second_writer_gets_a_clear_lock_error(tmp_path: Path, small: Cascade) -> None:
    writer, other = MemoryStore(tmp_path), MemoryStore(tmp_path)

    def records():
        yield small.records[0]
        with pytest.raises(StoreLockedError, match="another process is writing"):
            other.add_letters(small.records[1:2])
        yield small.records[1]

    writer.add_letters(records())
    other.add_letters(small.records[2:3])  # the lock is free again; it catches up first
    assert other.stats().documents == 3
    assert MemoryStore(tmp_path).stats().documents == 3


def test_bad_record_raises_and_loses_nothing(tmp_path: Path, small: Cascade) -> None:
    store = MemoryStore(tmp_path)
    store.add_letters(small.records[:3])
    bad_mention = replace(small.records[5].mentions[0], start=10_000, end=10_010)
    bad = replace(small.records[5], mentions=(bad_mention,))
    with pytest.raises(InvalidRecordError, match="outside the text") as e:
        store.add_letters([small.records[3], bad, small.records[4]])
    assert e.value.source == small.records[5].document.source and e.value.index == 1
    assert MemoryStore(tmp_path).stats().documents == 4  # the three before and the one before it
    with pytest.raises(InvalidRecordError, match="expected a LetterRecord"):
        store.add_letters(["not a record"])  # type: ignore[list-item]
    unknown = replace(small.records[6], addressed_to=("ubnd-huyen-khong-co",))
    with pytest.raises(InvalidRecordError, match="ubnd-huyen-khong-co"):
        store.add_letters([unknown])
    assert MemoryStore(tmp_path).stats().documents == 4


def test_torn_journal_tail_is_ignored_then_cut(tmp_path: Path, small: Cascade) -> None:
    store = MemoryStore(tmp_path, batch_size=2)
    store.add_letters(small.records[:4])
    journal = StoreFiles(tmp_path).journal_path(0)
    with journal.open("ab") as fh:
        fh.write(b"\x40\x00\x00\x00garbage")  # a frame header whose payload never arrived
    assert MemoryStore(tmp_path).stats().documents == 4
    MemoryStore(tmp_path).add_letters(small.records[4:6])
    assert MemoryStore(tmp_path).stats().documents == 6


_SLOW_INGEST = """
import sys, time
from graph.store.memory.store import MemoryStore
from graph.testing import generate_cascade
records = generate_cascade(roots=1, provinces=6, districts=(3, 5), seed=2).records
def slow():
    for i, r in enumerate(records):
        if i == 4:
            print("committed", flush=True)
        time.sleep(0.05)
        yield r
MemoryStore(sys.argv[1], batch_size=2).add_letters(slow())
"""


@pytest.mark.slow
def test_sigkill_mid_ingest_keeps_what_was_committed(tmp_path: Path, small: Cascade) -> None:
    before = MemoryStore(tmp_path)
    before.add_letters(small.records[:3])
    before.compact()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_INGEST, str(tmp_path)],
                            stdout=subprocess.PIPE, env=env, text=True)  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "committed"
    time.sleep(0.12)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    after = MemoryStore(tmp_path)
    n = after.stats().documents
    assert 4 <= n < len(small.records)  # everything from before, plus what was committed
    assert {r.document.source for r in small.records[:4]} <= set(after.sources())
    after.add_letters(small.records)  # the lock died with the process; ingest completes
    assert after.stats().documents == len(small.records)


def test_damaged_snapshot_is_a_clear_error(tmp_path: Path, small: Cascade) -> None:
    store = MemoryStore(tmp_path)
    store.add_letters(small.records[:2])
    store.compact()
    snap = tmp_path / "snapshot.bin"
    snap.write_bytes(b"NOTVANBN" + snap.read_bytes()[8:])
    with pytest.raises(StoreFormatError, match="not a vanban snapshot"):
        MemoryStore(tmp_path)


def test_reader_refresh_sees_later_commits(tmp_path: Path, small: Cascade) -> None:
    reader = MemoryStore(tmp_path)
    writer = MemoryStore(tmp_path)
    writer.add_letters(small.records[:3])
    assert reader.stats().documents == 0
    reader.refresh()
    assert reader.stats().documents == 3
    writer.compact()
    writer.add_letters(small.records[3:5])
    reader.refresh()
    assert _fingerprint(reader) == _fingerprint(writer)


def test_memory_store_is_a_graph_store(tmp_path: Path) -> None:
    from graph.store.base import GraphStore

    assert isinstance(MemoryStore(tmp_path), GraphStore)


def test_failing_record_iterator_keeps_what_was_applied(tmp_path: Path, small: Cascade) -> None:
    def broken():
        yield from small.records[:3]
        raise OSError("disk went away while reading letters")

    store = MemoryStore(tmp_path)
    with pytest.raises(OSError):
        store.add_letters(broken())
    assert store.stats().documents == 3
    assert _fingerprint(MemoryStore(tmp_path)) == _fingerprint(store)


def test_search_follows_changes(tmp_path: Path, small: Cascade) -> None:
    store = MemoryStore(tmp_path)
    store.add_letters(small.records)
    root = small.roots[0]
    assert [h.key for h in store.search("1000/CĐ-TTg")] == [root]
    first_province = small.responding_provinces[root][0]
    assert store.search(first_province.split("@")[1].replace("-", " "), limit=500)
    source = next(r.document.source for r in small.records if r.document.subject
                  and r.document.level.value == "central")  # fmt: skip
    assert source is not None
    store.remove_source(source)  # still cited by the provinces: back to a stub
    (hit,) = store.search("1000/CĐ-TTg")
    assert (hit.key, hit.status) == (root, "stub")

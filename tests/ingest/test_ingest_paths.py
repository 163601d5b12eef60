"""``ingest_paths``, the library's ingest verb: counts that add up, one error per bad file."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from graph.models import Mention, Relation
from graph.store.memory.store import MemoryStore
from graph.testing import generate_cascade
from ingest.pipeline import IngestReport, _Run, ingest_paths

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "letters"


def _adds_up(report: IngestReport) -> bool:
    c = report.counts()
    return c["added"] + c["replaced"] + c["unchanged"] + c["failed"] + c["skipped"] == c["files"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "letters"
    root.mkdir()
    for f in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(f, root / f.name)
    (root / ".hidden.txt").write_text("a dotfile", encoding="utf-8")
    (root / "notes.csv").write_text("not a letter", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "zero-width.txt").write_text("\u200b\u200c\u0301\u0300\ufeff\n" * 20, encoding="utf-8")
    return root


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "two-processes"])
def test_every_file_is_counted_once(folder: Path, tmp_path: Path, workers: int) -> None:
    store = MemoryStore(tmp_path / "store")
    report = ingest_paths([folder], store, workers=workers)
    assert report.added == 5 and _adds_up(report)
    assert {Path(f.path).name for f in report.failed} == {"empty.txt", "zero-width.txt"}
    assert "no text" in {f.path.rsplit("/", 1)[-1]: f.reason for f in report.failed}["zero-width.txt"]
    reasons = {Path(f.path).name: f.reason for f in report.skipped}
    assert set(reasons) == {".hidden.txt", "notes.csv"}
    assert "hidden" in reasons[".hidden.txt"]
    again = ingest_paths([folder], store, workers=workers)
    assert again.unchanged == 5 and again.added == 0 and _adds_up(again)
    assert store.stats().full == 5


def test_a_document_taking_another_files_key_is_shown_as_displaced(tmp_path: Path) -> None:
    root = tmp_path / "letters"
    root.mkdir()
    sample = sorted(EXAMPLES.glob("*.txt"))[0]
    shutil.copy(sample, root / "a.txt")
    (root / "b.txt").write_text(sample.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    store = MemoryStore(tmp_path / "store")
    report = ingest_paths([root], store, workers=1)
    assert report.added == 2 and _adds_up(report)
    (displaced,) = report.displaced
    assert Path(displaced.path).name == "b.txt" and Path(displaced.previous).name == "a.txt"
    assert report.counts()["displaced"] == 1
    assert store.stats().full == 1


def test_after_an_invalid_record_the_summary_counts_what_was_stored(tmp_path: Path) -> None:
    """Regression: the records before a bad one were all counted as added, and the replaced,
    unchanged and citation counts of the batch were lost."""
    records = list(generate_cascade(provinces=6, districts=(2, 3), seed=3).records)[:6]
    store = MemoryStore(tmp_path / "store")
    store.add_letters(records[:2])  # stored before the run: they come back unchanged
    changed = dataclasses.replace(
        records[2], document=dataclasses.replace(records[2].document, sha256="0" * 64)
    )
    store.add_letters([dataclasses.replace(records[2], document=dataclasses.replace(
        records[2].document, sha256="1" * 64))])  # fmt: skip
    bad_mention = Mention(number="1", kind=None, symbol="X", year=None, date=None,
                          issuer_key=None, relation=Relation.CITES, text="x", start=10**9,
                          end=10**9 + 1, evidence="x")  # fmt: skip
    bad = dataclasses.replace(records[4], mentions=(bad_mention,))
    run = _Run(store, batch=100, source_names={})
    batch = [records[0], records[1], changed, records[3], bad, records[5]]
    run.pending = [(r.document.source or "?", r, len(r.mentions)) for r in batch]
    run.flush()
    report = run.report()
    assert (report.unchanged, report.replaced, report.added) == (2, 1, 2)
    assert [f.path for f in report.failed] == [bad.document.source]
    assert report.citations == sum(len(r.mentions) for r in (changed, records[3], records[5]))
    assert store.stats().full == 5


def test_displaced_letters_are_counted_once_around_an_invalid_record(tmp_path: Path) -> None:
    records = list(generate_cascade(provinces=6, districts=(2, 3), seed=3).records)
    first = records[1]
    copy = dataclasses.replace(first, document=dataclasses.replace(
        first.document, source="elsewhere/copy.txt", sha256="2" * 64))  # fmt: skip
    bad = dataclasses.replace(records[2], document=dataclasses.replace(records[2].document,
                              year=1))  # fmt: skip
    run = _Run(MemoryStore(tmp_path / "store"), batch=100, source_names={})
    run.pending = [(r.document.source or "?", r, 0) for r in (first, bad, copy)]
    run.flush()
    report = run.report()
    assert [(d.path, d.previous) for d in report.displaced] == [
        ("elsewhere/copy.txt", first.document.source)
    ]
    assert report.added == 2 and len(report.failed) == 1

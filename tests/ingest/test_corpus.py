"""Walking and parsing folders of letters: order, streaming, per-file errors, unchanged files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.corpus import iter_letter_files, parse_file, parse_files, sha256_of

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "letters"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 letters (copies of the samples) in two subfolders, plus files that are not letters."""
    root = tmp_path_factory.mktemp("letters")
    samples = sorted(EXAMPLES.glob("*.txt"))
    for i in range(40):
        sub = root / ("b" if i % 2 else "a")
        sub.mkdir(exist_ok=True)
        shutil.copy(samples[i % len(samples)], sub / f"{i:03d}.txt")
    (root / "a" / "notes.csv").write_text("not a letter", encoding="utf-8")
    (root / "a" / ".hidden.txt").write_text("hidden", encoding="utf-8")
    return root


def test_iter_letter_files_walks_sorted_and_skips_other_files(folder: Path) -> None:
    files = list(iter_letter_files([folder]))
    assert len(files) == 40
    assert files == sorted(files)
    assert all(f.suffix == ".txt" and not f.name.startswith(".") for f in files)


@pytest.mark.parametrize("workers", [1, 2], ids=["serial", "two-processes"])
def test_parse_files_keeps_input_order(folder: Path, workers: int) -> None:
    results = list(parse_files([folder], workers=workers, chunksize=3, window=2))
    assert [r.path for r in results] == [str(f) for f in iter_letter_files([folder])]
    assert all(r.ok and r.letter is not None for r in results)
    assert all(r.letter is not None and r.letter.sha256 == r.sha256 for r in results)


def test_parse_files_pulls_paths_lazily(folder: Path) -> None:
    """Only a window of chunks is submitted ahead of the consumer."""
    pulled: list[Path] = []

    def paths() -> Iterator[Path]:
        for f in iter_letter_files([folder]):
            pulled.append(f)
            yield f

    results = parse_files(paths(), workers=2, chunksize=2, window=3)
    first = next(results)
    assert first.ok
    assert len(pulled) <= 2 * 3  # window x chunksize, not the 40 files
    results.close()  # cancels what was not started; no hang
    assert len(pulled) < 40


def test_bad_files_are_reported_not_raised(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    shutil.copy(next(EXAMPLES.glob("*.txt")), good)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    missing = tmp_path / "missing.txt"
    results = {Path(r.path).name: r for r in parse_files([good, empty, binary, missing], workers=2)}
    assert results["good.txt"].ok
    for name in ("empty.txt", "binary.txt", "missing.txt"):
        assert not results[name].ok and results[name].letter is None
        assert results[name].error
    assert results["missing.txt"].sha256 is None


@pytest.mark.parametrize("workers", [1, 2], ids=["serial", "two-processes"])
def test_known_files_come_back_unchanged(folder: Path, workers: int) -> None:
    files = list(iter_letter_files([folder]))
    known = {str(files[0]): sha256_of(files[0]), str(files[1]): "0" * 64}
    results = list(parse_files(files[:3], workers=workers, known=known))
    assert [r.unchanged for r in results] == [True, False, False]
    assert results[0].letter is None and results[0].ok
    assert results[1].letter is not None  # a changed file is parsed again


def test_parse_file_refuses_a_file_over_the_limit(folder: Path) -> None:
    f = next(iter_letter_files([folder]))
    result = parse_file(f, max_bytes=100)
    assert not result.ok and result.letter is None

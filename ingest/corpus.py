"""Walk folders of letters and parse them in parallel, one clear error per bad file.

:func:`parse_files` streams: paths are produced lazily, parsed by a pool of processes (all cores
by default) in chunks, and yielded as :class:`FileResult` in input order. Only a bounded window
of chunks is in flight (``ProcessPoolExecutor.map`` would submit every file up front and let
parsed letters pile up ahead of a slower consumer), so memory stays flat however large the
corpus: 100,000 letters parse in a peak of about 220 MB over all processes (``bench/ingest.py``).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from ingest.errors import IngestError, ReadError
from ingest.models import Letter

__all__ = ["FileResult", "iter_letter_files", "parse_file", "parse_files", "sha256_of"]

log = logging.getLogger(__name__)

LETTER_SUFFIXES = frozenset({".txt", ".md", ".docx", ".pdf"})
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Files parsed ahead of the consumer by default: enough to keep the workers busy while the
# consumer stores a batch (500 letters take ~0.1 s), a few MB of parsed letters at most.
DEFAULT_IN_FLIGHT = 2048


@dataclass(frozen=True, slots=True)
class FileResult:
    """The outcome for one file: a parsed letter, ``unchanged`` (same sha256 as stored) or an error."""

    path: str
    sha256: str | None = None
    letter: Letter | None = None
    error: str | None = None
    unchanged: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


def iter_letter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every letter file under ``paths`` (files as given, folders walked in sorted order).

    A path that does not exist is yielded as is, so that it is reported as an error.
    """
    for p in map(Path, paths):
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    if Path(name).suffix.lower() in LETTER_SUFFIXES and not name.startswith("."):
                        yield Path(root) / name
        else:
            yield p


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def parse_file(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known: Mapping[str, str] | None = None,
) -> FileResult:
    """Read and parse one file; never raises for a bad file (the error is in the result)."""
    from ingest.letter.parse import parse_letter
    from ingest.text.readers import read_text

    p = Path(path)
    name = str(p)
    try:
        # an oversized file is refused by read_text below: don't hash gigabytes first
        digest = sha256_of(p) if p.is_file() and p.stat().st_size <= max_bytes else None
    except OSError as exc:  # unreadable: read_text gives the precise reason below
        log.debug("cannot hash %s: %s", p, exc)
        digest = None
    if digest is not None and known is not None and known.get(name) == digest:
        return FileResult(name, digest, unchanged=True)
    try:
        text = read_text(p, max_bytes=max_bytes)
        letter = parse_letter(text, source=name)
    except ReadError as exc:
        return FileResult(name, digest, error=exc.reason)
    except IngestError as exc:
        return FileResult(name, digest, error=str(exc))
    except Exception as exc:  # a parser bug must not stop the other files
        log.exception("unexpected error parsing %s", p)
        return FileResult(name, digest, error=f"internal error while parsing: {exc!r}")
    return FileResult(name, digest, letter=replace(letter, sha256=digest))


_WORKER_OPTIONS: dict[str, object] = {}


def _init_worker(max_bytes: int, known: Mapping[str, str] | None) -> None:
    _WORKER_OPTIONS["max_bytes"] = max_bytes
    _WORKER_OPTIONS["known"] = known


def _parse_chunk(paths: list[Path]) -> list[FileResult]:
    max_bytes = int(_WORKER_OPTIONS["max_bytes"])  # type: ignore[call-overload]
    known: Mapping[str, str] | None = _WORKER_OPTIONS["known"]  # type: ignore[assignment]
    return [parse_file(p, max_bytes=max_bytes, known=known) for p in paths]


def _chunks(items: Iterable[Path], size: int) -> Iterator[list[Path]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def parse_files(
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known: Mapping[str, str] | None = None,
    chunksize: int = 32,
    window: int | None = None,
) -> Generator[FileResult, None, None]:
    """Parse every letter file under ``paths``, in parallel when ``workers`` != 1.

    ``known`` maps a path to the sha256 already stored: such files come back ``unchanged``
    without being parsed. Results are yielded in input order.

    Files go to the worker processes in chunks of ``chunksize`` paths, and at most ``window``
    chunks (default: ``DEFAULT_IN_FLIGHT`` files, and at least four chunks per worker) are in
    flight at once: the folder is walked lazily and parsed letters never pile up ahead of a
    slower consumer, so memory stays flat however many files there are. Closing the generator
    early cancels the chunks not yet started.
    """
    files = iter_letter_files(paths)
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n <= 1:
        for f in files:
            yield parse_file(f, max_bytes=max_bytes, known=known)
        return
    size = max(1, chunksize)
    limit = max(1, window if window is not None else max(4 * n, DEFAULT_IN_FLIGHT // size))
    pool = ProcessPoolExecutor(
        max_workers=n, initializer=_init_worker, initargs=(max_bytes, dict(known or {}))
    )
    in_flight: deque[Future[list[FileResult]]] = deque()
    try:
        for chunk in _chunks(files, size):
            in_flight.append(pool.submit(_parse_chunk, chunk))
            if len(in_flight) >= limit:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)

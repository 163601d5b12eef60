"""Walk folders of letters and parse them in parallel, one clear error per bad file.

:func:`parse_files` streams: paths are produced lazily, parsed by a pool of processes (all cores
by default) in chunks, and yielded as :class:`FileResult` in input order. Only a bounded window
of chunks is in flight (``ProcessPoolExecutor.map`` would submit every file up front and let
parsed letters pile up ahead of a slower consumer), so memory stays flat however large the
corpus: 100,000 letters parse in a peak of about 220 MB over all processes (``bench/ingest.py``).

Every file has a wall-clock budget (``timeout_s``), enforced twice:

- in the worker, a ``SIGALRM`` timer interrupts a reader or parser running Python code (a
  .docx of 200,000 empty paragraphs, a PDF that pdfminer lays out for minutes): that file is
  one error and the worker goes on with the next;
- in the parent, a chunk that does not come back within its budget (a worker stuck in C code,
  where no signal handler runs, or a worker that died) gets the pool killed and replaced
  (:class:`_RecyclingPool`); the chunk is then parsed again one file per task, so only the
  culprit fails, and every other chunk in flight is resubmitted to the new pool.

A process pool that can be recycled was chosen over one subprocess per file: it keeps the
chunked throughput of the normal case (a subprocess per file costs a fork and the parser's
start-up for every letter) and pays the price of a restart only for the rare stuck file.

Worker processes die with their parent: each runs a thread that exits the process as soon as
its parent is gone (a SIGKILLed ``vanban ingest`` leaves no orphans).
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from types import FrameType

from ingest.errors import IngestError, ReadError
from ingest.models import Letter

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT_S",
    "FileResult",
    "display_name",
    "iter_letter_files",
    "parse_file",
    "parse_files",
    "sha256_of",
]

log = logging.getLogger(__name__)

LETTER_SUFFIXES = frozenset({".txt", ".md", ".docx", ".pdf"})
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT_S = 60.0
# Files parsed ahead of the consumer by default: enough to keep the workers busy while the
# consumer stores a batch (500 letters take ~0.1 s), a few MB of parsed letters at most.
DEFAULT_IN_FLIGHT = 2048
# Seconds a chunk may take beyond the sum of its files' budgets before the parent kills the pool
# (the workers' own timers fire first; this only catches code where no signal handler runs).
_GRACE_S = 5.0

SkipHandler = Callable[[str, str], None]


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


def display_name(path: str | Path) -> str:
    """``path`` as a string every writer can encode: bytes that are not UTF-8 become ``\\xNN``.

    A file name is bytes on Linux; Python keeps undecodable bytes as lone surrogates, which
    JSON, XML and CSV writers refuse. This form is stable (the same file always gets the same
    name) and readable.

    >>> display_name(os.fsdecode(b"d/bad\\xff.txt"))
    'd/bad\\\\xff.txt'
    >>> display_name("công văn 3542.txt")
    'công văn 3542.txt'
    """
    raw = os.fsencode(str(path))
    return raw.decode("utf-8", "backslashreplace")


def iter_letter_files(
    paths: Iterable[str | Path], *, on_skip: SkipHandler | None = None
) -> Iterator[Path]:
    """Every letter file under ``paths`` (files as given, folders walked in sorted order).

    A path that does not exist is yielded as is, so that it is reported as an error. What is
    not walked is passed to ``on_skip(name, reason)``: dotfiles and dot-folders, files that are
    not letters (by suffix), and folders that cannot be listed.
    """
    skip = on_skip or (lambda name, reason: None)
    for p in map(Path, paths):
        if not p.is_dir():
            yield p
            continue

        for root, dirs, files in os.walk(p, onerror=lambda e: _unreadable(e, skip)):
            for d in sorted(d for d in dirs if d.startswith(".")):
                skip(display_name(Path(root) / d), "hidden folder (name starts with a dot)")
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(root) / name
                if name.startswith("."):
                    skip(display_name(path), "hidden file (name starts with a dot)")
                elif Path(name).suffix.lower() not in LETTER_SUFFIXES:
                    kinds = ", ".join(sorted(LETTER_SUFFIXES))
                    skip(display_name(path), f"not a letter file type ({kinds})")
                else:
                    yield path


def _unreadable(exc: OSError, skip: SkipHandler) -> None:
    reason = exc.strerror or str(exc)
    skip(display_name(exc.filename or "?"), f"folder cannot be read ({reason})")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class _FileTimeout(BaseException):
    """Raised by the worker's timer; a BaseException so that no ``except Exception`` eats it."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _FileTimeout


def _timeout_message(timeout_s: float) -> str:
    return f"took longer than the {timeout_s:g}-second time limit to read and parse; skipped"


def parse_file(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known: Mapping[str, str] | None = None,
    timeout_s: float | None = None,
) -> FileResult:
    """Read and parse one file; never raises for a bad file (the error is in the result).

    ``timeout_s`` is enforced with a ``SIGALRM`` timer when called from the main thread (in
    the workers of :func:`parse_files`); elsewhere it is left to the caller.
    """
    if timeout_s is None or threading.current_thread() is not threading.main_thread():
        return _parse_file(path, max_bytes=max_bytes, known=known)
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout_s)
    try:
        return _parse_file(path, max_bytes=max_bytes, known=known)
    except _FileTimeout:
        log.warning("%s: %s", display_name(path), _timeout_message(timeout_s))
        return FileResult(display_name(path), error=_timeout_message(timeout_s))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _parse_file(
    path: str | Path, *, max_bytes: int, known: Mapping[str, str] | None
) -> FileResult:
    from ingest.letter.parse import parse_letter
    from ingest.text.readers import read_text

    p = Path(path)
    name = display_name(p)
    try:
        # an oversized file is refused by read_text below: don't hash gigabytes first
        digest = sha256_of(p) if p.is_file() and p.stat().st_size <= max_bytes else None
    except OSError as exc:  # unreadable: read_text gives the precise reason below
        log.debug("cannot hash %s: %s", name, exc)
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
        log.exception("unexpected error parsing %s", name)
        return FileResult(name, digest, error=f"internal error while parsing: {exc!r}")
    return FileResult(name, digest, letter=replace(letter, sha256=digest))


_WORKER_OPTIONS: dict[str, object] = {}


def _watch_parent(parent: int) -> None:
    """Exit this worker as soon as the process that started it is gone (SIGKILL included)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(
    max_bytes: int, known: Mapping[str, str] | None, timeout_s: float | None, parent: int
) -> None:
    _WORKER_OPTIONS["max_bytes"] = max_bytes
    _WORKER_OPTIONS["known"] = known
    _WORKER_OPTIONS["timeout_s"] = timeout_s
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _parse_chunk(paths: list[Path]) -> list[FileResult]:
    max_bytes = int(_WORKER_OPTIONS["max_bytes"])  # type: ignore[call-overload]
    known: Mapping[str, str] | None = _WORKER_OPTIONS["known"]  # type: ignore[assignment]
    timeout_s: float | None = _WORKER_OPTIONS["timeout_s"]  # type: ignore[assignment]
    return [parse_file(p, max_bytes=max_bytes, known=known, timeout_s=timeout_s) for p in paths]


def _chunks(items: Iterable[Path], size: int) -> Iterator[list[Path]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class _RecyclingPool:
    """A ProcessPoolExecutor that can be killed and replaced when a worker is stuck or dead."""

    def __init__(
        self, workers: int, max_bytes: int, known: Mapping[str, str], timeout_s: float | None
    ) -> None:
        self._args = (workers, max_bytes, known, timeout_s)
        self.restarts = 0
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        workers, max_bytes, known, timeout_s = self._args
        return ProcessPoolExecutor(
            max_workers=workers,
            initializer=_init_worker,
            initargs=(max_bytes, known, timeout_s, os.getpid()),
        )

    def submit(self, chunk: list[Path]) -> Future[list[FileResult]]:
        """The chunk's future; on a pool that broke meanwhile, a future holding that error
        (the chunk is redone when it reaches the head of the queue)."""
        try:
            return self._pool.submit(_parse_chunk, chunk)
        except BrokenProcessPool as exc:
            failed: Future[list[FileResult]] = Future()
            failed.set_exception(exc)
            return failed

    def recycle(self) -> None:
        """Kill every worker (a stuck one ignores everything else) and start a fresh pool."""
        self.restarts += 1
        procs = list(getattr(self._pool, "_processes", {}).values())
        for proc in procs:
            if proc.is_alive():
                proc.kill()
        for proc in procs:
            proc.join(timeout=5)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _chunk_budget(chunk: list[Path], timeout_s: float | None) -> float | None:
    return None if timeout_s is None else len(chunk) * timeout_s + _GRACE_S


def _collect_head(
    pool: _RecyclingPool,
    in_flight: deque[tuple[list[Path], Future[list[FileResult]]]],
    timeout_s: float | None,
) -> list[FileResult]:
    """The results of the oldest chunk in flight; a stuck or crashed chunk is redone file by file."""
    chunk, future = in_flight[0]
    try:
        results = future.result(timeout=_chunk_budget(chunk, timeout_s))
    except (FutureTimeout, BrokenProcessPool) as exc:
        stuck = isinstance(exc, FutureTimeout)
        log.warning(
            "a worker %s; restarting the pool and parsing those %d files one by one",
            "is stuck" if stuck else "died",
            len(chunk),
        )
        pool.recycle()
        in_flight.popleft()
        results = [_parse_alone(pool, path, timeout_s) for path in chunk]
        _resubmit(pool, in_flight)
        return results
    in_flight.popleft()
    return results


def _parse_alone(pool: _RecyclingPool, path: Path, timeout_s: float | None) -> FileResult:
    """One file in its own task; a file that hangs or kills its worker again is its error."""
    future = pool.submit([path])
    try:
        return future.result(timeout=_chunk_budget([path], timeout_s))[0]
    except FutureTimeout:
        pool.recycle()
        assert timeout_s is not None
        log.warning("%s: %s", display_name(path), _timeout_message(timeout_s))
        return FileResult(display_name(path), error=_timeout_message(timeout_s))
    except BrokenProcessPool:
        pool.recycle()
        reason = "the reader crashed on this file (its worker process died); skipped"
        log.warning("%s: %s", display_name(path), reason)
        return FileResult(display_name(path), error=reason)


def _resubmit(
    pool: _RecyclingPool, in_flight: deque[tuple[list[Path], Future[list[FileResult]]]]
) -> None:
    """Chunks of a killed pool go to the new one (those already done keep their results)."""
    for i, (chunk, future) in enumerate(in_flight):
        if future.done() and not future.cancelled() and future.exception() is None:
            continue
        in_flight[i] = (chunk, pool.submit(chunk))


def parse_files(
    paths: Iterable[str | Path],
    *,
    workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known: Mapping[str, str] | None = None,
    timeout_s: float | None = None,
    chunksize: int = 32,
    window: int | None = None,
    in_process: bool | None = None,
    on_skip: SkipHandler | None = None,
) -> Generator[FileResult, None, None]:
    """Parse every letter file under ``paths``, in parallel when ``workers`` != 1.

    ``known`` maps a path to the sha256 already stored: such files come back ``unchanged``
    without being parsed. Results are yielded in input order. ``timeout_s`` is each file's
    wall-clock budget (see the module docstring); ``in_process`` (default: when ``workers`` is
    1) parses in this process, where a stuck file cannot be killed. Skipped entries of the
    walk go to ``on_skip`` (:func:`iter_letter_files`).

    Files go to the worker processes in chunks of ``chunksize`` paths, and at most ``window``
    chunks (default: ``DEFAULT_IN_FLIGHT`` files, and at least four chunks per worker) are in
    flight at once: the folder is walked lazily and parsed letters never pile up ahead of a
    slower consumer, so memory stays flat however many files there are. Closing the generator
    early cancels the chunks not yet started.
    """
    files = iter_letter_files(paths, on_skip=on_skip)
    n = workers if workers is not None else (os.cpu_count() or 1)
    if in_process if in_process is not None else n <= 1:
        for f in files:
            yield parse_file(f, max_bytes=max_bytes, known=known, timeout_s=timeout_s)
        return
    n = max(1, n)
    size = max(1, chunksize)
    limit = max(1, window if window is not None else max(4 * n, DEFAULT_IN_FLIGHT // size))
    pool = _RecyclingPool(n, max_bytes, dict(known or {}), timeout_s)
    in_flight: deque[tuple[list[Path], Future[list[FileResult]]]] = deque()
    try:
        for chunk in _chunks(files, size):
            in_flight.append((chunk, pool.submit(chunk)))
            if len(in_flight) >= limit:
                yield from _collect_head(pool, in_flight, timeout_s)
        while in_flight:
            yield from _collect_head(pool, in_flight, timeout_s)
    finally:
        pool.close()

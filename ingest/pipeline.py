"""The library's main verb: :func:`ingest_paths` reads letters into a store and reports.

The CLI (``vanban ingest``), the upload route (``POST /api/letters``), the notebooks, the
benchmarks and the scale tests all call it::

    report = ingest_paths(["letters/"], store)
    report.added, report.failed          # (FileIssue(path, reason), ...)

What it guarantees:

- every file seen is counted once: ``added + replaced + unchanged + failed + skipped ==
  files``; a document that took the key of one ingested from another file is listed in
  ``displaced`` (it is also counted as added or replaced);
- a bad file (unreadable, too large, over its time budget, not a letter, an invalid record) is
  one entry of ``failed`` and never stops the others; the good letters are stored in input
  order, in batches;
- sources are stored relative, never as an absolute path of the machine that ran the ingest:
  relative to the working folder when the file is under it, else from the folder given
  (``/srv/in/letters/a.txt`` given as ``/srv/in/letters`` is stored as ``letters/a.txt``);
- the embedded store's write lock is held for the whole run (``lock_wait_s`` to wait for
  another ingest): a second ingest waits, or refuses before committing anything.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import InvalidRecordError, KeyNotFoundError
from graph.keys import key_of
from graph.models import Authority, Document, DocumentStatus, LetterRecord
from graph.store.base import GraphStore
from graph.store.validate import validate_record
from ingest.corpus import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT_S,
    FileResult,
    display_name,
    parse_files,
)
from ingest.errors import IngestError
from ingest.records import to_record

__all__ = [
    "Displaced",
    "FileIssue",
    "IngestReport",
    "SourceNames",
    "StoredLetter",
    "ingest_paths",
]

log = logging.getLogger(__name__)

ProgressHandler = Callable[[int, FileResult | None], None]


@dataclass(frozen=True, slots=True)
class FileIssue:
    """A file that failed or was skipped, and why (one sentence)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class StoredLetter:
    """A file whose letter is in the store: its key and how many references it makes."""

    path: str
    key: str
    references: int


@dataclass(frozen=True, slots=True)
class Displaced:
    """The letter from ``path`` took ``key``, which the letter from ``previous`` had held."""

    path: str
    key: str
    previous: str


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one :func:`ingest_paths` run did; the counts add up to ``files``."""

    files: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    citations: int = 0
    stubs_created: int = 0
    failed: tuple[FileIssue, ...] = ()
    skipped: tuple[FileIssue, ...] = ()
    displaced: tuple[Displaced, ...] = ()
    letters: tuple[StoredLetter, ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return not self.failed

    def counts(self) -> dict[str, int]:
        """The summary row: files seen and what became of them."""
        return {
            "files": self.files,
            "added": self.added,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "failed": len(self.failed),
            "skipped": len(self.skipped),
            "displaced": len(self.displaced),
            "citations": self.citations,
        }

    def to_json(self) -> dict[str, Any]:
        """The ``ingest-report.json`` body."""
        return {
            "counts": self.counts(),
            "errors": [{"file": f.path, "error": f.reason} for f in self.failed],
            "skipped": [{"file": f.path, "reason": f.reason} for f in self.skipped],
            "displaced": [
                {"file": d.path, "key": d.key, "previous": d.previous} for d in self.displaced
            ],
        }


class _KnownAuthorities(Mapping[str, Authority]):
    """The store's authorities as a mapping for :func:`validate_record`, looked up on demand."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._cache: dict[str, Authority | None] = {}

    def add(self, authorities: Iterable[Authority]) -> None:
        for a in authorities:
            self._cache[a.key] = a

    def __getitem__(self, key: str) -> Authority:
        if key not in self._cache:
            try:
                node = self._store.get(key)
            except KeyNotFoundError:
                node = None
            self._cache[key] = node if isinstance(node, Authority) else None
        found = self._cache[key]
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        try:
            self[str(key)]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return (k for k, v in self._cache.items() if v is not None)

    def __len__(self) -> int:
        return sum(v is not None for v in self._cache.values())


class SourceNames:
    """Stored names of the files under ``paths``: relative, never absolute (module docstring).

    >>> names = SourceNames(["/srv/in/letters"], cwd="/home/me")
    >>> names.stored("/srv/in/letters/2021/a.txt"), names.stored("/home/me/b.txt")
    ('letters/2021/a.txt', 'b.txt')
    >>> sorted(names.shown_forms("letters/2021/a.txt"))
    ['/home/me/letters/2021/a.txt', '/srv/in/letters/2021/a.txt', 'letters/2021/a.txt']
    >>> SourceNames(["/srv/a/letters", "/srv/b/letters"], cwd="/").roots[1]
    ('/srv/b/letters', 'b/letters')
    """

    def __init__(self, paths: Iterable[str | Path], cwd: str | None = None) -> None:
        self.cwd = cwd if cwd is not None else os.getcwd()
        roots = [os.path.normpath(os.path.join(self.cwd, display_name(p))) for p in paths]
        names = [os.path.basename(r) or r.strip("/") for r in roots]
        if len(set(names)) < len(names):  # a/letters and b/letters: keep them apart
            common = os.path.commonpath(roots)
            names = [os.path.relpath(r, common) if r != common else n for r, n in zip(roots, names, strict=True)]
        self.roots = list(zip(roots, names, strict=True))  # (absolute root, the name it is stored under)

    def stored(self, shown: str) -> str:
        if not os.path.isabs(shown):
            return os.path.normpath(shown)
        under_cwd = os.path.relpath(shown, self.cwd)
        if not under_cwd.startswith(".."):
            return under_cwd
        for root, name in self.roots:
            if shown == root:
                return name
            if shown.startswith(root.rstrip("/") + "/"):
                return f"{name}/{shown[len(root.rstrip('/')) + 1 :]}"
        return os.path.basename(shown)

    def shown_forms(self, stored: str) -> set[str]:
        """The paths a stored name may have been read from (to find unchanged files fast)."""
        forms = {stored}
        if os.path.isabs(stored):
            return forms
        forms.add(os.path.normpath(os.path.join(self.cwd, stored)))
        for root, name in self.roots:
            if stored == name:
                forms.add(root)
            elif stored.startswith(name + "/"):
                forms.add(os.path.join(os.path.dirname(root), stored))
        return forms


class _Run:
    """The mutable tally of one run; frozen into an :class:`IngestReport` at the end."""

    def __init__(
        self,
        store: GraphStore,
        batch: int,
        source_names: Mapping[str, str],
        names: SourceNames | None = None,
    ) -> None:
        self.store = store
        self.batch_size = max(1, batch)
        self.source_names = source_names
        self.names = names
        self.counts = dict.fromkeys(
            ("files", "added", "replaced", "unchanged", "citations", "stubs_created"), 0
        )
        self.failed: list[FileIssue] = []
        self.skipped: list[FileIssue] = []
        self.displaced: list[Displaced] = []
        self.letters: list[StoredLetter] = []
        self.known = store.sources()  # source -> sha256, kept current during the run
        self.authorities = _KnownAuthorities(store)
        self.owners: dict[str, str] = {}  # key -> source, for letters stored in this run
        self.pending: list[tuple[str, LetterRecord, int]] = []

    def skip(self, path: str, reason: str) -> None:
        self.counts["files"] += 1
        self.skipped.append(FileIssue(path, reason))

    def fail(self, path: str, reason: str) -> None:
        self.failed.append(FileIssue(path, reason))

    def take(self, res: FileResult) -> None:
        self.counts["files"] += 1
        if res.error is not None:
            self.fail(res.path, res.error)
        elif res.unchanged:
            self.counts["unchanged"] += 1
        elif res.letter is not None:
            letter = res.letter
            source = self.source_names.get(res.path)
            if source is None and self.names is not None:
                source = self.names.stored(res.path)
            if source is not None and source != letter.source:
                letter = _with_source(letter, source)
            try:
                record = to_record(letter)
                validate_record(record, self.authorities)
            except (IngestError, InvalidRecordError) as exc:
                self.fail(res.path, getattr(exc, "reason", None) or str(exc))
                return
            self.authorities.add(record.authorities)
            self.pending.append((res.path, record, len(letter.references)))
            if len(self.pending) >= self.batch_size:
                self.flush()

    def _displacement(
        self, path: str, rec: LetterRecord, owners: dict[str, str]
    ) -> Displaced | None:
        """Whether storing ``rec`` takes the key of a letter from another file (``owners``: the
        keys taken so far in this batch, updated)."""
        key = key_of(rec.document, rec.text)
        source = rec.document.source or key
        previous = owners.get(key) or self.owners.get(key)
        if previous is None:
            try:
                node = self.store.get(key)
            except KeyNotFoundError:
                node = None
            if isinstance(node, Document) and node.status is DocumentStatus.FULL:
                previous = node.source
        owners[key] = source
        if previous is None or previous == source:
            return None
        log.info("%s: the document %s was already ingested from %s; replacing it",
                 path, key, previous)  # fmt: skip
        return Displaced(path, key, previous)

    def _keep(self, batch: list[tuple[str, LetterRecord, int]],
              displaced: list[Displaced | None]) -> None:  # fmt: skip
        """Record the displacements and owners of records the store now holds."""
        for (_, rec, _), d in zip(batch, displaced, strict=True):
            if d is not None:
                self.displaced.append(d)
            self.owners[key_of(rec.document, rec.text)] = rec.document.source or ""

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        while batch:
            owners: dict[str, str] = {}
            displaced = [self._displacement(path, rec, owners) for path, rec, _ in batch]
            try:
                summary = self.store.add_letters([rec for _, rec, _ in batch])
            except InvalidRecordError as exc:
                # the records before the bad one are stored: count them one by one, from what
                # the store held before (the summary of the failed call is lost)
                bad = exc.index if exc.index is not None else 0
                for path, rec, refs in batch[:bad]:
                    self._count_alone(path, rec, refs)
                self._keep(batch[:bad], displaced[:bad])
                path = batch[bad][0] if bad < len(batch) else (exc.source or "?")
                self.fail(path, exc.reason)
                batch = batch[bad + 1 :]
                continue
            for name in ("added", "replaced", "unchanged", "citations", "stubs_created"):
                self.counts[name] += getattr(summary, name)
            for (path, rec, refs), key in zip(batch, summary.keys, strict=False):
                self.letters.append(StoredLetter(path, key, refs))
                self.known[rec.document.source or key] = rec.document.sha256 or ""
            self._keep(batch, displaced)
            return

    def _count_alone(self, path: str, rec: LetterRecord, refs: int) -> None:
        """Tally one record the store kept before a failed call, by the store's own rule."""
        source = rec.document.source or key_of(rec.document, rec.text)
        before = self.known.get(source)
        if before is None:
            self.counts["added"] += 1
        elif before == (rec.document.sha256 or ""):
            self.counts["unchanged"] += 1
        else:
            self.counts["replaced"] += 1
        if before != (rec.document.sha256 or ""):
            self.counts["citations"] += len(rec.mentions)
        self.known[source] = rec.document.sha256 or ""
        self.letters.append(StoredLetter(path, key_of(rec.document, rec.text), refs))

    def report(self) -> IngestReport:
        return IngestReport(
            **self.counts,
            failed=tuple(self.failed),
            skipped=tuple(self.skipped),
            displaced=tuple(self.displaced),
            letters=tuple(self.letters),
        )


def _with_source(letter: Any, source: str) -> Any:
    from dataclasses import replace

    return replace(letter, source=source)


def _write_lock(store: GraphStore, wait_s: float) -> contextlib.AbstractContextManager[Any]:
    """The embedded store's write lock for the whole run; nothing for stores without one."""
    writing = getattr(store, "writing", None)
    return writing(wait_s=wait_s) if callable(writing) else contextlib.nullcontext()


def ingest_paths(
    paths: Iterable[str | Path],
    store: GraphStore,
    *,
    workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    batch: int = 500,
    on_progress: ProgressHandler | None = None,
    in_process: bool | None = None,
    lock_wait_s: float = 0.0,
    source_names: Mapping[str, str] | None = None,
) -> IngestReport:
    """Read every letter file under ``paths`` into ``store``; never raises for a bad file.

    ``workers`` processes parse (default: all cores; ``in_process`` parses here instead, as
    :func:`~ingest.corpus.parse_files` explains); ``max_bytes`` and ``timeout_s`` are each
    file's size and wall-clock budget. ``on_progress(files_seen, result)`` is called after each
    file (``result`` is ``None`` for a skipped entry). ``source_names`` renames sources (a
    displayed path -> the name to store, e.g. for uploads).

    Raises StoreLockedError when another process holds the store after ``lock_wait_s`` seconds
    (before anything is committed), and StoreError when the store cannot be written.
    """
    paths = list(paths)
    names = SourceNames(paths)
    run = _Run(store, batch, source_names or {}, names)

    def skipped(path: str, reason: str) -> None:
        run.skip(path, reason)
        if on_progress is not None:
            on_progress(run.counts["files"], None)

    with _write_lock(store, lock_wait_s):
        run.known = store.sources()
        # the same files, by the paths they are read from this time: unchanged ones skip parsing
        known_shown = {form: sha for src, sha in run.known.items()
                       for form in names.shown_forms(src)}  # fmt: skip
        for res in parse_files(
            paths,
            workers=workers,
            max_bytes=max_bytes,
            known=known_shown,
            timeout_s=timeout_s,
            in_process=in_process,
            on_skip=skipped,
        ):
            run.take(res)
            if on_progress is not None:
                on_progress(run.counts["files"], res)
        run.flush()
    report = run.report()
    log.info("ingest: %s", report.counts())
    return report

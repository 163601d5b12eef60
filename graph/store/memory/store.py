"""The embedded store: a networkx MultiDiGraph in memory, durable in a directory.

Nodes are documents and authorities (keyed by their keys); edges are citations (IMPLEMENTS,
BASED_ON, CITES, keyed ``relation:start:end`` and carrying the :class:`~graph.models.Citation`)
and UNDER. ISSUED and ADDRESSED_TO are kept as the documents' ``issuer_key`` and an
``addressed`` table and appear as edges in :meth:`MemoryStore.subgraph` and
:meth:`MemoryStore.neighbors`; keeping them off the traversal graph halves load time and memory.

Files, locking and crash safety: :mod:`graph.store.memory.persist`. The journal records the letters
themselves; replaying them through the same resolution rebuilds the same graph.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from graph import queries
from graph.errors import KeyNotFoundError
from graph.listing import (
    DocumentFilter,
    authority_matches,
    authority_order,
    document_order,
    matching_issuers,
    page_of,
)
from graph.models import (
    Authority,
    Document,
    LetterRecord,
    Level,
)
from graph.provenance import cascade_provenance
from graph.results import (
    Chain,
    Gap,
    IngestSummary,
    Neighbor,
    Page,
    Provenance,
    SearchHit,
    Stats,
    Timeline,
    TraceRow,
)
from graph.search import SearchIndex
from graph.store.base import DEFAULT_DEPTH, DEFAULT_LIMIT
from graph.store.lookup import lookup_key
from graph.store.memory import codec
from graph.store.memory.persist import DEFAULT_FILE_MODE, StoreFiles
from graph.store.state import GraphState
from graph.store.validate import validate_record

__all__ = ["MemoryStore"]

log = logging.getLogger(__name__)

class MemoryStore(GraphState):
    """The default :class:`~graph.store.base.GraphStore`: see the module docstring.

    ``batch_size`` letters go into one journal frame (one fsync); the journal is compacted into
    a new snapshot once it outgrows ``compact_bytes`` and the last snapshot. Files are created
    with ``file_mode`` (default 0600; the folder gets 0700).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        batch_size: int = 500,
        compact_bytes: int = 32 << 20,
        file_mode: int = DEFAULT_FILE_MODE,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.batch_size = max(1, batch_size)
        self.compact_bytes = compact_bytes
        self._files = StoreFiles(self.path, file_mode=file_mode)
        if self._files.check_format():
            self._files.clean_if_idle()
        self._reset()
        self._load()

    @property
    def files(self) -> StoreFiles:
        """The store's directory (check and repair live there)."""
        return self._files

    @contextlib.contextmanager
    def writing(self, wait_s: float = 0.0) -> Iterator[None]:
        """Hold the write lock across several writes (a whole ingest run), waiting up to
        ``wait_s`` seconds for another writer; StoreLockedError after that."""
        with self._files.locked(wait_s=wait_s):
            yield

    # -- state ------------------------------------------------------------------------------
    def _reset(self) -> None:
        self._init_state()
        self._generation = 0
        self._offset = 0

    def _load(self) -> None:
        gc_was_on = gc.isenabled()
        gc.disable()  # millions of new objects, no cycles: collections would only slow loading
        try:
            self._load_files()
        finally:
            if gc_was_on:
                gc.enable()

    def _load_files(self) -> None:
        loaded = self._files.load()
        if loaded.snapshot is not None:
            self._load_snapshot(loaded.snapshot)
        self._generation, self._offset = loaded.generation, loaded.offset
        for op in loaded.ops:
            self._replay(op)

    def refresh(self) -> None:
        """Catch up with writes other processes made since this store was opened."""
        if self._files.current_generation() != self._generation:
            self._reset()
            self._load()
            return
        frames = self._files.read_frames(self._generation, self._offset)
        if frames is None:  # compacted meanwhile
            self._reset()
            self._load()
            return
        for op in frames[0]:
            self._replay(op)
        self._offset = frames[1]

    def compact(self) -> None:
        """Write the whole state as a new snapshot and start an empty journal."""
        with self._files.locked():
            self.refresh()
            self._files.write_snapshot(self._generation + 1, self._snapshot_state())
            self._generation += 1
            self._offset = 0

    def _commit(self, op: tuple[Any, ...]) -> None:
        self._offset += self._files.append(self._generation, op)

    def _maybe_compact(self) -> None:
        size = self._files.journal_size(self._generation)
        snap = self._files.snapshot_path
        snap_size = snap.stat().st_size if snap.exists() else 0
        if size > max(self.compact_bytes, snap_size):
            self.compact()

    # -- writing ----------------------------------------------------------------------------
    def add_letters(self, records: Iterable[LetterRecord]) -> IngestSummary:
        counts = dict.fromkeys(
            ("added", "replaced", "unchanged", "citations", "stubs_created", "ambiguous",
             "possible_matches"), 0,
        )  # fmt: skip
        keys: list[str] = []
        with self._files.locked():
            self.refresh()
            self._files.truncate_journal(self._generation, self._offset)
            batch: list[tuple[Any, ...]] = []
            half_applied = False
            try:
                for i, rec in enumerate(records):
                    validate_record(rec, self.authorities, index=i)
                    try:
                        outcome = self._apply(rec)
                    except BaseException:
                        half_applied = True
                        raise
                    keys.append(outcome.pop("key"))
                    for name, n in outcome.items():
                        counts[name] += n
                    if not outcome.get("unchanged"):
                        batch.append(codec.record_row(rec))
                    if len(batch) >= self.batch_size:
                        self._commit(("add", batch))
                        batch = []
            finally:
                # whatever stopped the loop (a bad record, the records' iterator failing, an
                # interrupt), the letters applied before it are kept
                if batch:
                    self._commit(("add", batch))
                if half_applied:  # back to exactly what is on disk
                    self._reset()
                    self._load()
            self._maybe_compact()
        return IngestSummary(**counts, keys=tuple(keys))

    def remove_source(self, source: str) -> bool:
        with self._files.locked():
            self.refresh()
            self._files.truncate_journal(self._generation, self._offset)
            if source not in self._sources:
                return False
            self._remove_source(source)
            self._commit(("remove", source))
        return True

    def close(self) -> None:
        """Nothing stays open between calls; the lock is held only while writing."""

    def __enter__(self) -> MemoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------------------
    def get(self, key: str) -> Document | Authority:
        node = self.documents.get(key) or self.authorities.get(key)
        if node is None:
            raise KeyNotFoundError(key)
        return node

    def lookup(self, text: str, issuer: str | None = None, year: int | None = None) -> list[str]:
        return lookup_key(self, text, issuer=issuer, year=year)

    def letter_text(self, key: str) -> str | None:
        return self._texts.get(key)

    def sources(self) -> dict[str, str]:
        return {src: sha for src, (sha, _) in self._sources.items()}

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        if self._search is None:
            self._search = SearchIndex()
            for d in self.documents.values():
                self._search.add(d, self._issuer_name(d))
        return queries.search_hits(self, self._search, text, limit)

    def stats(self) -> Stats:
        return queries.stats(self, sources=len(self._sources))

    # -- listings (graph.listing) -----------------------------------------------------------
    def list_documents(
        self, q: str | None = None, kind: str | None = None, level: Level | str | None = None,
        issuer: str | None = None, year: int | None = None, status: str | None = None,
        limit: int = 50, offset: int = 0,
    ) -> Page[Document]:  # fmt: skip
        issuers = None
        if issuer:
            issuers = matching_issuers(issuer, ((k, a.name) for k, a in self.authorities.items()))
        keep = DocumentFilter(kind=kind, level=level, issuers=issuers, year=year, status=status)
        docs: Iterable[Document] = self.documents.values()
        if q is not None and q.strip():
            found = self.search(q, limit=len(self.documents))
            docs = (self.documents[h.key] for h in found)
        return page_of((d for d in docs if keep(d)), document_order, limit, offset,
                       newest_first=True)  # fmt: skip

    def list_authorities(
        self, level: Level | str | None = None, q: str | None = None, under: str | None = None,
        limit: int = 50, offset: int = 0,
    ) -> Page[Authority]:  # fmt: skip
        want = Level(level) if level is not None else None
        found = (
            a for a in self.authorities.values()
            if authority_matches(a, q, want)
            and (under is None or (a.key != under and under in self.authority_chain(a.key)))
        )  # fmt: skip
        return page_of(found, authority_order, limit, offset, newest_first=False)

    # -- queries (graph.queries) ------------------------------------------------------------
    def trace_down(self, key: str, level: Level | str | None = None, depth: int | None = DEFAULT_DEPTH,
                   limit: int = DEFAULT_LIMIT) -> list[TraceRow]:  # fmt: skip
        return queries.trace_down(self, key, level=level, depth=depth, limit=limit)

    def trace_up(self, key: str, depth: int | None = DEFAULT_DEPTH, limit: int = 100) -> list[Chain]:
        return queries.trace_up(self, key, depth=depth, limit=limit)

    def gaps(self, key: str, level: Level | str | None = None,
             limit: int = DEFAULT_LIMIT) -> list[Gap]:  # fmt: skip
        return queries.gaps(self, key, level=level, limit=limit)

    def timeline(self, key: str, limit: int = DEFAULT_LIMIT) -> Timeline:
        return queries.timeline(self, key, limit=limit)

    def provenance(self, key: str) -> Provenance:
        return cascade_provenance(self, key)

    def neighbors(self, key: str) -> list[Neighbor]:
        return queries.neighbors(self, key)

    def subgraph(self, root: str | None = None) -> nx.MultiDiGraph:
        return queries.subgraph(self, root)

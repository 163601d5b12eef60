"""The ``GraphStore`` protocol: everything the CLI and the HTTP API ask of a store.

Two backends implement it: :class:`graph.store.memory.store.MemoryStore` (networkx, durable in a
directory; the default) and :class:`graph.store.neo4j.Neo4jStore` (the official driver).
:func:`graph.store.open_store` picks one from a location string. Both return the frozen result
types of :mod:`graph.results`; what the listings' filters mean is :mod:`graph.listing`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

import networkx as nx

from graph.models import Authority, Document, LetterRecord, Level
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

__all__ = ["DEFAULT_DEPTH", "DEFAULT_LIMIT", "GraphStore"]

DEFAULT_DEPTH = 12  # levels of a trace; a real cascade has at most five
DEFAULT_LIMIT = 10_000  # rows of a trace, gaps or timeline


@runtime_checkable
class GraphStore(Protocol):
    """A directive graph: letters in, analysts' answers out."""

    # -- writing --------------------------------------------------------------------------
    def add_letters(self, records: Iterable[LetterRecord]) -> IngestSummary:
        """Add or replace letters (by source and sha256); idempotent. Raises
        InvalidRecordError for a bad record (records before it are kept) and StoreLockedError
        when another process is writing."""
        ...

    def remove_source(self, source: str) -> bool:
        """Forget the letter ingested from ``source``; ``False`` when there was none."""
        ...

    # -- nodes ----------------------------------------------------------------------------
    def get(self, key: str) -> Document | Authority:
        """The node with this exact key; KeyNotFoundError otherwise."""
        ...

    def neighbors(self, key: str) -> list[Neighbor]: ...

    def lookup(self, text: str, issuer: str | None = None, year: int | None = None) -> list[str]:
        """The key of what an analyst typed: a full key, ``1068/CĐ-TTg``, ``1068/CD-TTg``,
        ``3542/UBND-VX`` with ``issuer``/``year`` filters. AmbiguousKeyError (with candidates)
        when several documents match, KeyNotFoundError when none."""
        ...

    def letter_text(self, key: str) -> str | None: ...

    # -- listings (graph.listing says what the filters mean) ------------------------------
    def list_documents(
        self,
        q: str | None = None,
        kind: str | None = None,
        level: Level | str | None = None,
        issuer: str | None = None,
        year: int | None = None,
        status: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[Document]:
        """Documents matching every filter given, newest first, one page of them."""
        ...

    def list_authorities(
        self,
        level: Level | str | None = None,
        q: str | None = None,
        under: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page[Authority]:
        """Authorities matching every filter given, top level first, one page of them."""
        ...

    def sources(self) -> dict[str, str]:
        """Every ingested source path and its sha256."""
        ...

    # -- queries --------------------------------------------------------------------------
    def trace_down(
        self,
        key: str,
        level: Level | str | None = None,
        depth: int | None = DEFAULT_DEPTH,
        limit: int = DEFAULT_LIMIT,
    ) -> list[TraceRow]:
        """Documents implementing ``key``, transitively (``level=``: only those at a level;
        what "implementers at the district level" means)."""
        ...

    def trace_up(self, key: str, depth: int | None = DEFAULT_DEPTH, limit: int = 100) -> list[Chain]: ...

    def gaps(
        self, key: str, level: Level | str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[Gap]: ...

    def provenance(self, key: str) -> Provenance:
        """How the cascade under ``key`` was reached: exact links, draft matches with scores,
        ambiguous links, and references that might belong (:mod:`graph.provenance`)."""
        ...

    def timeline(self, key: str, limit: int = DEFAULT_LIMIT) -> Timeline: ...

    def search(self, text: str, limit: int = 20) -> list[SearchHit]: ...

    def stats(self) -> Stats: ...

    def subgraph(self, root: str | None = None) -> nx.MultiDiGraph:
        """The whole graph, or the cascade under ``root``, with plain attributes (for export)."""
        ...

    def refresh(self) -> None:
        """Catch up with what other processes wrote (a no-op where every read is fresh)."""
        ...

    def close(self) -> None: ...

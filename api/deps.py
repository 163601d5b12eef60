"""Dependencies of the routes: the settings, the store, and key resolution.

The app keeps one store in ``app.state``; routes receive it through :data:`StoreDep`, so tests
replace it with ``app.dependency_overrides[get_store]``. The store is wrapped in a
:class:`GuardedStore`: reads share a readers-writer lock, writes and refreshes (which mutate the
embedded store's networkx graph in place) hold it alone, and it catches up with letters other
processes ingested. A long export never makes ``/healthz`` or a light read wait for it.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Annotated

import networkx as nx
from fastapi import Depends, Request

from api.config import Settings
from graph.errors import KeyNotFoundError
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
from graph.store import GraphStore, open_store
from graph.store.base import DEFAULT_DEPTH, DEFAULT_LIMIT

__all__ = [
    "GuardedStore",
    "ReadWriteLock",
    "SettingsDep",
    "StoreDep",
    "check_depth",
    "clamp_limit",
    "get_settings",
    "get_store",
    "resolve_authority",
    "resolve_document",
]

log = logging.getLogger(__name__)


class ReadWriteLock:
    """Many readers or one writer; a waiting writer goes before readers that come after it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class GuardedStore:
    """A :class:`~graph.store.base.GraphStore` whose reads run side by side and whose writes run
    alone (a readers-writer lock: the embedded store's networkx graph changes in place), caught
    up with other processes at most every ``refresh_seconds`` (a refresh is a write). Every
    protocol method is written out, so mypy checks it.

    Pure-Python graph queries hold the GIL anyway, so serialising them costs little and keeps
    readers from seeing a graph half-way through a write.
    """

    def __init__(self, store: GraphStore, refresh_seconds: float = 1.0) -> None:
        self._store = store
        self._lock = ReadWriteLock()
        self._refresh_seconds = refresh_seconds
        self._refreshed_at = time.monotonic()

    @property
    def backend(self) -> GraphStore:
        return self._store

    @contextmanager
    def _read(self) -> Iterator[GraphStore]:
        """The store for a read, caught up with other processes when the last refresh is old."""
        now = time.monotonic()
        if now - self._refreshed_at >= self._refresh_seconds:
            self._refreshed_at = now
            with self._lock.writing():
                try:
                    self._store.refresh()
                except Exception:  # a failed refresh keeps the state we had
                    log.exception("could not refresh the store")
        with self._lock.reading():
            yield self._store

    @contextmanager
    def _write(self) -> Iterator[GraphStore]:
        with self._lock.writing():
            yield self._store

    # -- writing ------------------------------------------------------------------------------
    def add_letters(self, records: Iterable[LetterRecord]) -> IngestSummary:
        with self._write() as st:
            return st.add_letters(records)

    def remove_source(self, source: str) -> bool:
        with self._write() as st:
            return st.remove_source(source)

    # -- nodes --------------------------------------------------------------------------------
    def get(self, key: str) -> Document | Authority:
        with self._read() as st:
            return st.get(key)

    def neighbors(self, key: str) -> list[Neighbor]:
        with self._read() as st:
            return st.neighbors(key)

    def lookup(self, text: str, issuer: str | None = None, year: int | None = None) -> list[str]:
        with self._read() as st:
            return st.lookup(text, issuer=issuer, year=year)

    def letter_text(self, key: str) -> str | None:
        with self._read() as st:
            return st.letter_text(key)

    def sources(self) -> dict[str, str]:
        with self._read() as st:
            return st.sources()

    # -- listings -----------------------------------------------------------------------------
    def list_documents(
        self, q: str | None = None, kind: str | None = None, level: Level | str | None = None,
        issuer: str | None = None, year: int | None = None, status: str | None = None,
        limit: int = 50, offset: int = 0,
    ) -> Page[Document]:  # fmt: skip
        with self._read() as st:
            return st.list_documents(q=q, kind=kind, level=level, issuer=issuer, year=year,
                                     status=status, limit=limit, offset=offset)  # fmt: skip

    def list_authorities(
        self, level: Level | str | None = None, q: str | None = None, under: str | None = None,
        limit: int = 50, offset: int = 0,
    ) -> Page[Authority]:  # fmt: skip
        with self._read() as st:
            return st.list_authorities(level=level, q=q, under=under, limit=limit, offset=offset)

    # -- queries ------------------------------------------------------------------------------
    def trace_down(
        self, key: str, level: Level | str | None = None, depth: int | None = DEFAULT_DEPTH,
        limit: int = DEFAULT_LIMIT,
    ) -> list[TraceRow]:  # fmt: skip
        with self._read() as st:
            return st.trace_down(key, level=level, depth=depth, limit=limit)

    def trace_up(self, key: str, depth: int | None = DEFAULT_DEPTH, limit: int = 100) -> list[Chain]:
        with self._read() as st:
            return st.trace_up(key, depth=depth, limit=limit)

    def gaps(self, key: str, level: Level | str | None = None, limit: int = DEFAULT_LIMIT) -> list[Gap]:
        with self._read() as st:
            return st.gaps(key, level=level, limit=limit)

    def provenance(self, key: str) -> Provenance:
        with self._read() as st:
            return st.provenance(key)

    def timeline(self, key: str, limit: int = DEFAULT_LIMIT) -> Timeline:
        with self._read() as st:
            return st.timeline(key, limit=limit)

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        with self._read() as st:
            return st.search(text, limit=limit)

    def stats(self) -> Stats:
        with self._read() as st:
            return st.stats()

    def subgraph(self, root: str | None = None) -> nx.MultiDiGraph:
        with self._read() as st:
            return st.subgraph(root)

    def refresh(self) -> None:
        with self._lock.writing():
            self._refreshed_at = time.monotonic()
            self._store.refresh()

    def close(self) -> None:
        with self._lock.writing():
            self._store.close()


def get_settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def _guarded(store: GraphStore) -> GraphStore:
    return store  # mypy checks here that GuardedStore is a GraphStore


def get_store(request: Request) -> GraphStore:
    """The app's store, opened on first use (so an app whose store is overridden opens none)."""
    state = request.app.state
    store = getattr(state, "store", None)
    if store is None:
        with state.store_lock:
            store = getattr(state, "store", None)
            if store is None:
                settings: Settings = state.settings
                store = _guarded(GuardedStore(
                    open_store(settings.store, **settings.store_options()),
                    settings.refresh_seconds,
                ))  # fmt: skip
                state.store = store
    return store


StoreDep = Annotated[GraphStore, Depends(get_store)]


def resolve_document(store: GraphStore, text: str) -> Document:
    """The document for a key or a number as analysts type it (``1068/CĐ-TTg``).

    Raises KeyNotFoundError (also when ``text`` is an authority) or AmbiguousKeyError.
    """
    text = text.strip()
    node: Document | Authority | None
    try:
        node = store.get(text)
    except KeyNotFoundError:
        node = None
    if node is None:
        keys = store.lookup(text)
        if not keys:
            raise KeyNotFoundError(text)
        node = store.get(keys[0])
    if not isinstance(node, Document):
        raise KeyNotFoundError(text, f"{text!r} is an authority, not a document")
    return node


def resolve_authority(store: GraphStore, key: str) -> Authority:
    node = store.get(key.strip())
    if not isinstance(node, Authority):
        raise KeyNotFoundError(key, f"{key!r} is a document, not an authority")
    return node


def clamp_limit(limit: int, settings: Settings) -> int:
    """``limit`` capped by ``settings.max_nodes``."""
    return max(1, min(limit, settings.max_nodes))


def check_depth(depth: int | None, settings: Settings) -> int:
    """``depth`` (default: the maximum), or a 422 when it exceeds ``settings.max_depth``."""
    from api.errors import ApiError

    if depth is None:
        return settings.max_depth
    if depth > settings.max_depth:
        raise ApiError(422, f"invalid depth: at most {settings.max_depth} on this server")
    return depth

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
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request

from api.config import Settings
from graph.errors import KeyNotFoundError
from graph.models import Authority, Document
from graph.store import GraphStore, open_store

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


_WRITES = frozenset({"add_letters", "remove_source", "compact", "refresh", "writing"})


class GuardedStore:
    """A store whose reads run side by side and whose writes run alone, refreshed from disk at
    most every ``refresh_seconds`` (the refresh is a write: it waits for the readers)."""

    def __init__(self, store: GraphStore, refresh_seconds: float = 1.0) -> None:
        self._store = store
        self._lock = ReadWriteLock()
        self._refresh_seconds = refresh_seconds
        self._refreshed_at = time.monotonic()

    @property
    def backend(self) -> GraphStore:
        return self._store

    def _maybe_refresh(self) -> None:
        refresh = getattr(self._store, "refresh", None)  # not in the protocol: embedded only
        if refresh is None:
            return
        now = time.monotonic()
        if now - self._refreshed_at >= self._refresh_seconds:
            self._refreshed_at = now
            with self._lock.writing():
                try:
                    refresh()
                except Exception:  # a failed refresh keeps the state we had
                    log.exception("could not refresh the store")

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            if name in _WRITES:
                with self._lock.writing():
                    return attr(*args, **kwargs)
            self._maybe_refresh()
            with self._lock.reading():
                return attr(*args, **kwargs)

        call.__name__ = name
        return call


def get_settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_store(request: Request) -> GraphStore:
    """The app's store, opened on first use (so an app whose store is overridden opens none)."""
    state = request.app.state
    store = getattr(state, "store", None)
    if store is None:
        with state.store_lock:
            store = getattr(state, "store", None)
            if store is None:
                settings: Settings = state.settings
                store = GuardedStore(
                    open_store(settings.store, **settings.store_options()),
                    settings.refresh_seconds,
                )
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

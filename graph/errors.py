"""Errors of the graph package.

Exception tree::

    GraphError
    ├── KeyNotFoundError        no document or authority has this key / number (``text``)
    ├── AmbiguousKeyError       several documents match (``text``, ``candidates``)
    ├── InvalidRecordError      a LetterRecord failed validation (``source``, ``reason``)
    └── StoreError              the store cannot be opened, read or written (``location``)
        ├── StoreLockedError    another process is writing to the store
        ├── StoreFormatError    the store's files are of an unknown or newer format
        │   └── StoreCorruptError  a file is damaged (``file`` relative to the store, ``offset``)
        ├── StoreUnavailableError  the backend cannot be reached (a Neo4j server down, a bad
        │                          URI scheme)
        ├── StoreAuthError      the backend refused the credentials (Neo4j)
        └── StoreConstraintError  a write violated a constraint of the backend's schema (Neo4j)

``KeyNotFoundError`` is also a builtin ``KeyError`` (for ``mapping[key]``-style callers), but
callers catch ``KeyNotFoundError``. Messages name no setting of the API or the CLI: the edges
that read settings (``api/``) add that advice when they translate an error.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "AmbiguousKeyError",
    "GraphError",
    "InvalidRecordError",
    "KeyNotFoundError",
    "StoreAuthError",
    "StoreConstraintError",
    "StoreCorruptError",
    "StoreError",
    "StoreFormatError",
    "StoreLockedError",
    "StoreUnavailableError",
]


class GraphError(Exception):
    """Root of every error raised by :mod:`graph`."""


class KeyNotFoundError(GraphError, KeyError):
    """Nothing in the graph matches ``text``."""

    def __init__(self, text: str, reason: str | None = None) -> None:
        self.text = text
        self.reason = reason or f"no document or authority matches {text!r}"
        super().__init__(self.reason)

    def __str__(self) -> str:  # KeyError would quote the message
        return self.reason


class AmbiguousKeyError(GraphError):
    """Several documents match ``text``; ``candidates`` are their keys (sorted)."""

    def __init__(self, text: str, candidates: Sequence[str]) -> None:
        self.text = text
        self.candidates = tuple(candidates)
        shown = ", ".join(self.candidates[:10])
        more = f" and {len(self.candidates) - 10} more" if len(self.candidates) > 10 else ""
        super().__init__(
            f"{text!r} matches {len(self.candidates)} documents: {shown}{more}; "
            "give an issuer or a year, or the full key"
        )


class InvalidRecordError(GraphError):
    """A record that cannot go into the graph; nothing from it was stored."""

    def __init__(self, source: str | None, reason: str, index: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.index = index
        where = source or (f"record #{index}" if index is not None else "record")
        super().__init__(f"{where}: {reason}")


class StoreError(GraphError):
    """The store at ``location`` cannot be opened, read or written."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(f"{location}: {reason}")


class StoreLockedError(StoreError):
    """Another process holds the store's write lock (an ingest is running)."""

    def __init__(self, location: str) -> None:
        super().__init__(
            location, "another process is writing to this store (an ingest is running); try again later"
        )


class StoreFormatError(StoreError):
    """The store's files were written by an unknown or newer format version."""


class StoreCorruptError(StoreFormatError):
    """A store file is damaged where valid data follows (not a torn tail); nothing was changed.

    ``file`` is the file's name relative to the store, ``offset`` the byte where the damage
    starts (``None`` for a whole-file checksum).
    """

    def __init__(self, location: str, file: str, offset: int | None, detail: str) -> None:
        self.file = file
        self.offset = offset
        self.detail = detail
        where = file if offset is None else f"{file} at byte {offset:,}"
        super().__init__(
            location,
            f"{where} is damaged ({detail}); the store was left as it is. "
            "Run `vanban store check` to see what is affected and `vanban store repair` to "
            "keep every intact part (a backup of the damaged file is kept)",
        )


class StoreUnavailableError(StoreError):
    """The requested backend is not available."""


class StoreAuthError(StoreError):
    """The backend (a Neo4j server) refused the credentials."""


class StoreConstraintError(StoreError):
    """A write violated a constraint of the backend's schema (a Neo4j uniqueness constraint)."""

"""Errors of the ingest stage.

Exception tree::

    IngestError
    └── ReadError                 a file could not be read (carries ``path`` and ``reason``)
        └── LegacyEncodingError   a legacy Vietnamese font encoding that cannot be converted

Parsing never raises on odd text (a letter with no fields is still a letter).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["IngestError", "LegacyEncodingError", "ReadError"]


class IngestError(Exception):
    """Root of every error raised by :mod:`ingest`."""


class ReadError(IngestError):
    """One file that could not be read; ``reason`` is a short human sentence."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class LegacyEncodingError(ReadError):
    """Text in a legacy font encoding (TCVN3/ABC, VNI …) that cannot be converted."""

    def __init__(self, path: str | Path, encoding: str, reason: str | None = None) -> None:
        self.encoding = encoding
        super().__init__(path, reason or f"text is in the legacy {encoding} encoding and cannot be converted")


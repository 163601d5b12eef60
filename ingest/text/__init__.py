"""Reading letters into clean text: file readers, legacy Vietnamese encodings, cleaning, offset maps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.lazy import lazy_exports

if TYPE_CHECKING:
    from ingest.text.clean import CleanText, clean_text
    from ingest.text.readers import SUPPORTED_SUFFIXES, decode_text, read_text

__all__ = ["SUPPORTED_SUFFIXES", "CleanText", "clean_text", "decode_text", "read_text"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "CleanText": "ingest.text.clean",
        "SUPPORTED_SUFFIXES": "ingest.text.readers",
        "clean_text": "ingest.text.clean",
        "decode_text": "ingest.text.readers",
        "read_text": "ingest.text.readers",
    },
)

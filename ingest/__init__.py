"""Text in, records out: read letters, clean them, extract their fields and references.

The main verbs: :func:`read_text` (a file to text), :func:`parse_letter` (text to a
:class:`Letter` with its references), :func:`find_references` (any text), :func:`to_record`
(a letter to the graph's :class:`~graph.models.LetterRecord`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.lazy import lazy_exports

if TYPE_CHECKING:
    from ingest.errors import IngestError, LegacyEncodingError, ReadError
    from ingest.gazetteer import Context, Gazetteer, default_gazetteer
    from ingest.letter import parse_letter
    from ingest.models import Letter, LetterFields, Reference
    from ingest.records import to_record
    from ingest.references import find_references
    from ingest.text import clean_text, read_text

__all__ = [
    "Context",
    "Gazetteer",
    "IngestError",
    "LegacyEncodingError",
    "Letter",
    "LetterFields",
    "ReadError",
    "Reference",
    "clean_text",
    "default_gazetteer",
    "find_references",
    "parse_letter",
    "read_text",
    "to_record",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Context": "ingest.gazetteer",
        "Gazetteer": "ingest.gazetteer",
        "IngestError": "ingest.errors",
        "LegacyEncodingError": "ingest.errors",
        "Letter": "ingest.models",
        "LetterFields": "ingest.models",
        "ReadError": "ingest.errors",
        "Reference": "ingest.models",
        "clean_text": "ingest.text",
        "default_gazetteer": "ingest.gazetteer",
        "find_references": "ingest.references",
        "parse_letter": "ingest.letter",
        "read_text": "ingest.text",
        "to_record": "ingest.records",
    },
)

"""A letter's own fields: header, number, place and date, subject, recipients, signer, issuer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.lazy import lazy_exports

if TYPE_CHECKING:
    from ingest.letter.fields import read_fields
    from ingest.letter.parse import letter_context, parse_letter

__all__ = ["letter_context", "parse_letter", "read_fields"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "letter_context": "ingest.letter.parse",
        "parse_letter": "ingest.letter.parse",
        "read_fields": "ingest.letter.fields",
    },
)

"""Finding the documents a text refers to: the vocabulary, the grammar, the scan, their issuers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.lazy import lazy_exports

if TYPE_CHECKING:
    from ingest.references.find import find_references

__all__ = ["find_references"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "find_references": "ingest.references.find",
    },
)

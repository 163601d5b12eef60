"""vanban's core vocabulary and everything about the directive graph.

``graph`` imports neither ``ingest`` nor ``api``: it is the bottom of the one-way import chain
``api -> ingest -> graph`` (checked by import-linter in ``make test``). The public surface is
below; everything else is reached through its module (``graph.queries``, ``graph.export`` …).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.lazy import lazy_exports

if TYPE_CHECKING:
    from graph.errors import (
        AmbiguousKeyError,
        GraphError,
        InvalidRecordError,
        KeyNotFoundError,
        StoreError,
    )
    from graph.keys import document_key, key_of, parse_number_text
    from graph.models import (
        Authority,
        Citation,
        Document,
        DocumentStatus,
        LetterRecord,
        Level,
        Mention,
        PartialDate,
        Relation,
        Resolution,
    )
    from graph.results import Chain, Gap, Page, SearchHit, Stats, Timeline, TraceRow
    from graph.store import GraphStore, open_store

__all__ = [
    "AmbiguousKeyError",
    "Authority",
    "Chain",
    "Citation",
    "Document",
    "DocumentStatus",
    "Gap",
    "GraphError",
    "GraphStore",
    "InvalidRecordError",
    "KeyNotFoundError",
    "LetterRecord",
    "Level",
    "Mention",
    "Page",
    "PartialDate",
    "Relation",
    "Resolution",
    "SearchHit",
    "Stats",
    "StoreError",
    "Timeline",
    "TraceRow",
    "document_key",
    "key_of",
    "open_store",
    "parse_number_text",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "AmbiguousKeyError": "graph.errors",
        "Authority": "graph.models",
        "Chain": "graph.results",
        "Citation": "graph.models",
        "Document": "graph.models",
        "DocumentStatus": "graph.models",
        "Gap": "graph.results",
        "GraphError": "graph.errors",
        "GraphStore": "graph.store",
        "InvalidRecordError": "graph.errors",
        "KeyNotFoundError": "graph.errors",
        "LetterRecord": "graph.models",
        "Level": "graph.models",
        "Mention": "graph.models",
        "Page": "graph.results",
        "PartialDate": "graph.models",
        "Relation": "graph.models",
        "Resolution": "graph.models",
        "SearchHit": "graph.results",
        "Stats": "graph.results",
        "StoreError": "graph.errors",
        "Timeline": "graph.results",
        "TraceRow": "graph.results",
        "document_key": "graph.keys",
        "key_of": "graph.keys",
        "open_store": "graph.store",
        "parse_number_text": "graph.keys",
    },
)

"""Graph stores: the ``GraphStore`` protocol and :func:`open_store`.

>>> import tempfile
>>> store = open_store(tempfile.mkdtemp())
>>> store.stats().documents
0
"""

from __future__ import annotations

from graph.errors import StoreUnavailableError
from graph.store.base import DEFAULT_DEPTH, DEFAULT_LIMIT, GraphStore

__all__ = ["DEFAULT_DEPTH", "DEFAULT_LIMIT", "GraphStore", "open_store"]

_NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(location: str) -> GraphStore:
    """A store for ``location``: a directory path (embedded store, created on first write) or a
    ``neo4j://`` / ``bolt://`` URI."""
    if location.startswith(_NEO4J_SCHEMES):
        raise StoreUnavailableError(
            location,
            "the Neo4j store is not available yet; use a directory for the embedded store",
        )
    from graph.store.memory import MemoryStore

    return MemoryStore(location)

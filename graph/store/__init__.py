"""Graph stores: the ``GraphStore`` protocol and :func:`open_store`.

>>> import tempfile
>>> store = open_store(tempfile.mkdtemp())
>>> store.stats().documents
0
"""

from __future__ import annotations

from graph.store.base import DEFAULT_DEPTH, DEFAULT_LIMIT, GraphStore

__all__ = ["DEFAULT_DEPTH", "DEFAULT_LIMIT", "GraphStore", "open_store"]

_NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(
    location: str,
    *,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    file_mode: int | None = None,
) -> GraphStore:
    """A store for ``location``: a directory path (embedded store, created on first write) or a
    ``neo4j://`` / ``bolt://`` URI (:class:`graph.store.neo4j.Neo4jStore`; ``user``,
    ``password`` and ``database`` are for it; no connection is made until first use).
    ``file_mode`` is the permissions of new embedded-store files (default 0600)."""
    if location.startswith(_NEO4J_SCHEMES):
        from graph.store.neo4j import Neo4jStore

        return Neo4jStore.from_uri(location, user=user, password=password, database=database)
    from graph.store.memory.store import MemoryStore

    if file_mode is None:
        return MemoryStore(location)
    return MemoryStore(location, file_mode=file_mode)

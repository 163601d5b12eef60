"""The embedded store: networkx in memory, a snapshot and a checksummed journal on disk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.lazy import lazy_exports

if TYPE_CHECKING:
    from graph.store.memory.store import MemoryStore

__all__ = ["MemoryStore"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "MemoryStore": "graph.store.memory.store",
    },
)

"""Authorities: central bodies, local units and the administrative map (vietnamadminunits)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.lazy import lazy_exports

if TYPE_CHECKING:
    from ingest.gazetteer.authorities import Context, Gazetteer, default_gazetteer

__all__ = ["Context", "Gazetteer", "default_gazetteer"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Context": "ingest.gazetteer.authorities",
        "Gazetteer": "ingest.gazetteer.authorities",
        "default_gazetteer": "ingest.gazetteer.authorities",
    },
)

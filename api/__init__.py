"""Delivery: the HTTP API, the pages and the viewer (:func:`create_app`), and the ``vanban``
command (:mod:`api.cli`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.lazy import lazy_exports

if TYPE_CHECKING:
    from api.config import Settings
    from api.main import create_app

__all__ = ["Settings", "create_app"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Settings": "api.config",
        "create_app": "api.main",
    },
)

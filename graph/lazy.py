"""Lazy public names for package ``__init__`` modules (PEP 562).

A package lists its public names in ``__all__`` and where each lives; importing the package
costs nothing until a name is used, so ``import ingest.text.readers`` in a worker process does
not load the gazetteer, and subpackages that use each other do not import each other in a cycle.

>>> getattr_, dir_ = lazy_exports("pkg", {"fold": "graph.normalize"})
>>> getattr_("fold")("Công điện")
'cong dien'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, names: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for ``package`` that import each of ``names``
    (public name -> the module that defines it) on first use and keep it."""
    table = dict(names)

    def getattr_(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        owner = sys.modules.get(package)
        if owner is not None:
            setattr(owner, name, value)
        return value

    def dir_() -> list[str]:
        owner = sys.modules.get(package)
        return sorted({*(vars(owner) if owner else {}), *table})

    return getattr_, dir_

"""Every package declares its public surface in ``__all__`` (curated, as httpx does): each name
there imports, and nothing public at the package's top level is left out of it."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(
    ".".join(p.parent.relative_to(ROOT).parts)
    for top in ("graph", "ingest", "api")
    for p in (ROOT / top).rglob("__init__.py")
)
# module-level helpers of an ``__init__`` that are not part of its surface
PLUMBING = {"annotations", "TYPE_CHECKING", "lazy_exports"}


def test_every_package_is_checked() -> None:
    assert {"graph", "graph.store", "graph.store.memory", "ingest", "ingest.text", "ingest.letter",
            "ingest.references", "ingest.gazetteer", "ingest.synth", "api", "api.cli"} <= set(PACKAGES)  # fmt: skip


@pytest.mark.parametrize("name", PACKAGES, ids=PACKAGES)
def test_all_is_declared_and_importable(name: str) -> None:
    module = importlib.import_module(name)
    declared = getattr(module, "__all__", None)
    assert isinstance(declared, list) and declared, f"{name} has no __all__"
    assert len(set(declared)) == len(declared), f"{name}.__all__ repeats a name"
    for public in declared:
        assert getattr(module, public, None) is not None, f"{name}.{public} does not import"
    top_level = {
        k for k, v in vars(module).items()
        if not k.startswith("_") and k not in PLUMBING and not isinstance(v, types.ModuleType)
    }  # fmt: skip
    assert top_level <= set(declared), (
        f"{name}: public but not in __all__: {top_level - set(declared)}"
    )


def test_importing_a_package_loads_nothing_heavy() -> None:
    """The surfaces are lazy: ``import graph, ingest, api`` loads none of networkx, spaCy,
    FastAPI or the gazetteer (the CLI starts fast; worker processes import what they use)."""
    code = ("import sys, graph, ingest, api, api.cli; "
            "print(sorted(m for m in ('networkx', 'spacy', 'fastapi', 'ingest.gazetteer.authorities') "
            "if m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=True)  # fmt: skip
    assert out.stdout.strip() == "[]"

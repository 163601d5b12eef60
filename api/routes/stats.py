"""``/api/stats``: what the store holds."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import StoreDep
from api.schemas import StatsOut, as_model

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["stats"])


@router.get("/stats", response_model=StatsOut)
def stats(store: StoreDep) -> Any:
    """Counts of documents (full and stub), authorities, citations and sources."""
    return as_model(StatsOut, store.stats())

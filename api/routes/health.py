"""``/healthz``: is the server up and its store readable."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep
from api.schemas import HealthOut
from graph.errors import GraphError

__all__ = ["router"]

log = logging.getLogger(__name__)

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthOut, responses={503: {"model": HealthOut}})
def healthz(store: StoreDep, settings: SettingsDep) -> JSONResponse:
    """200 with the number of documents, or 503 when the store cannot be read."""
    try:
        documents = store.stats().documents
    except (GraphError, OSError) as exc:
        log.warning("health check failed: %s", exc)
        body = HealthOut(ok=False, store=settings.store, error=str(exc))
        return JSONResponse(body.model_dump(), status_code=503)
    return JSONResponse(HealthOut(ok=True, store=settings.store, documents=documents).model_dump())

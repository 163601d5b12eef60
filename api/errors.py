"""Errors at the HTTP edge: one JSON body shape, and an HTML page for browsers.

Every error answer of ``/api/*`` and ``/healthz`` is ``{"ok": false, "error": str, "status":
int}`` (plus ``detail`` or ``candidates`` when there is more to say); page routes answer the
same status with a small HTML page.

Exception tree (this package's own, on top of :mod:`graph.errors` which is translated here)::

    ApiError                    status + message raised by routes
    ├── UploadsDisabledError    POST /api/letters with no token configured (403)
    └── UnauthorizedError       missing or wrong bearer token (401)

Translation: KeyNotFoundError → 404, AmbiguousKeyError → 409 (with candidates),
InvalidRecordError → 422, StoreLockedError → 503, StoreError → 503, any other exception → 500
(logged; the body never shows a traceback).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import (
    AmbiguousKeyError,
    GraphError,
    InvalidRecordError,
    KeyNotFoundError,
    StoreAuthError,
    StoreError,
    StoreLockedError,
)

__all__ = [
    "ApiError",
    "UnauthorizedError",
    "UploadsDisabledError",
    "describe",
    "error_body",
    "install_error_handlers",
]

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An answer other than 2xx, with its status and a message for people."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        self.status = status
        self.message = message
        self.extra = extra
        super().__init__(message)


class UploadsDisabledError(ApiError):
    def __init__(self) -> None:
        super().__init__(
            403, "uploads are disabled on this server: set VANBAN_TOKEN to enable POST /api/letters"
        )


class UnauthorizedError(ApiError):
    def __init__(self) -> None:
        super().__init__(401, "a valid 'Authorization: Bearer <token>' header is required")


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    return {"ok": False, "error": message, "status": status, **extra}


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path in ("/api", "/healthz", "/openapi.json")


def _answer(
    request: Request,
    status: int,
    message: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    if status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    if _wants_json(request):
        return JSONResponse(error_body(status, message, **extra), status, headers=headers)
    templates = getattr(request.app.state, "templates", None)
    if templates is None:
        return HTMLResponse(f"<h1>{status}</h1>", status)
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "message": message, "candidates": extra.get("candidates", ())},
        status_code=status,
        headers=headers,
    )


def describe(exc: GraphError) -> str:
    """The message of a library error, with the setting to change where one would help."""
    if isinstance(exc, StoreAuthError):
        return f"{exc}; the credentials come from VANBAN_NEO4J_USER and VANBAN_NEO4J_PASSWORD"
    return str(exc)


def _status_of(exc: GraphError) -> int:
    if isinstance(exc, KeyNotFoundError):
        return 404
    if isinstance(exc, AmbiguousKeyError):
        return 409
    if isinstance(exc, InvalidRecordError):
        return 422
    if isinstance(exc, (StoreLockedError, StoreError)):
        return 503
    return 400


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through :func:`_answer`."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return _answer(request, exc.status, exc.message, **exc.extra)

    @app.exception_handler(GraphError)
    async def _graph_error(request: Request, exc: GraphError) -> Response:
        status = _status_of(exc)
        extra: dict[str, Any] = {}
        if isinstance(exc, AmbiguousKeyError):
            extra["candidates"] = list(exc.candidates)
        if status >= 500:
            log.warning("store error on %s: %s", request.url.path, exc)
        return _answer(request, status, describe(exc), **extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        headers = dict(exc.headers or {})  # 405 keeps its Allow header
        return _answer(request, exc.status_code, message, headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        detail = [
            {
                "loc": [str(p) for p in err.get("loc", ())],
                "msg": str(err.get("msg", "")),
                "type": str(err.get("type", "")),
            }
            for err in exc.errors()
        ]
        first = detail[0] if detail else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"][1:] or first["loc"])
        message = f"invalid {where}: {first['msg']}" if where else str(first["msg"])
        return _answer(request, 422, message, detail=detail)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _answer(request, 500, "internal error; see the server log")

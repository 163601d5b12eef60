"""The HTTP app: :func:`create_app` wires settings, the store, routers, pages and errors.

>>> from api.config import Settings
>>> app = create_app(Settings(store="/tmp/vanban-doctest-store"))
>>> "/api/documents/{key}/downstream" in app.openapi()["paths"]
True
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.config import Settings
from api.errors import install_error_handlers
from api.routes import authorities, documents, export, health, letters, pages, stats
from api.routes import document_url as _document_url

__all__ = ["SECURITY_HEADERS", "create_app"]

log = logging.getLogger(__name__)

HERE = Path(__file__).parent

DESCRIPTION = """
Explore the citation graph of Vietnamese government letters: which letters implement a
directive, level by level, how long each level took, and who has not responded.

Keys contain `/` (`2022/3542-ubnd-vx@ubnd-tinh-lai-chau`); a number as analysts type it
(`1068/CĐ-TTg`) works wherever a key does, typed or percent-encoded. Errors have one shape:
`{"ok": false, "error": "...", "status": 404}`; lists are `{"data": [...], "count": n}`.
"""


# Sent with every response. Scripts and styles come from this server only; the viewer's inline
# bootstrap script and style attributes need 'unsafe-inline'. The document page frames its own
# viewer (same origin), nobody else may frame a page.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "same-origin",
}


def _bound_depth(schema: dict[str, Any], max_depth: int) -> dict[str, Any]:
    """The OpenAPI schema with every ``depth`` parameter bounded by this server's limit."""
    for methods in schema.get("paths", {}).values():
        for op in methods.values():
            for param in op.get("parameters", []) if isinstance(op, dict) else []:
                if param.get("name") != "depth":
                    continue
                for option in param.get("schema", {}).get("anyOf", [param.get("schema", {})]):
                    if option.get("type") == "integer":
                        option["maximum"] = max_depth
    return schema


def create_app(settings: Settings | None = None) -> FastAPI:
    """A FastAPI app serving the store at ``settings.store`` (``Settings()`` reads the
    environment when no settings are given). The store opens on the first request."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store = getattr(app.state, "store", None)
        if store is not None:
            store.close()

    app = FastAPI(
        title="vanban",
        summary="Directive citation-graph explorer for Vietnamese government correspondence",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.store_lock = threading.Lock()
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["document_url"] = _document_url
    app.state.templates = templates
    install_error_handlers(app)
    for module in (documents, authorities, export, stats, letters, health, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def _security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    default_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _bound_depth(default_openapi(), settings.max_depth)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app

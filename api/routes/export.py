"""``/api/export``: the whole graph, or a document's cascade, as a file download.

GraphML, GEXF, JSON and XLSX come from :mod:`graph.export`; CSV is a zip of ``nodes.csv`` and
``edges.csv``; HTML is the standalone viewer with vis-network inlined (it works with no server
and no internet; clicking a node opens its page on this server when it is running).


Exports are heavy: at most ``EXPORT_SLOTS`` run at once, in threads of their own limiter, so
health checks and light reads never queue behind them; a request waiting for a slot whose
client has gone is dropped, and one being built stops at its next stage. A graph of more than
``VANBAN_MAX_NODES`` nodes is refused (413) with a pointer to ``vanban export``, which writes
files of any size without holding the server.
"""

from __future__ import annotations

import asyncio
import io
import re
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.config import Settings
from api.deps import SettingsDep, StoreDep, resolve_document
from api.errors import ApiError
from api.schemas import ErrorOut, ExportFormat
from api.viewer import ViewerOptions, viewer_html
from graph import export as graph_export

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["export"])

MEDIA_TYPES = {
    ExportFormat.graphml: "application/graphml+xml",
    ExportFormat.gexf: "application/gexf+xml",
    ExportFormat.json: "application/json",
    ExportFormat.csv: "application/zip",
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.html: "text/html; charset=utf-8",
}
SUFFIXES = {ExportFormat.csv: "zip"}
# Characters not allowed in a download name; must replace "/" and "@" in
# "2022/3542-ubnd-vx@ubnd-tinh-lai-chau", must keep "-" in "1068-cd-ttg".
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


EXPORT_SLOTS = 2  # exports built at once; the others wait on the event loop, not in a thread


class _Gone(Exception):
    """The client left while its export was being built."""


def _too_big(nodes: int, settings: Settings, fmt: ExportFormat) -> ApiError:
    return ApiError(
        413,
        f"the graph has {nodes:,} nodes, over this server's limit of {settings.max_nodes:,} "
        f"(VANBAN_MAX_NODES); export it with `vanban export --format {fmt.value} --out FILE` "
        "on the machine that holds the store, or ask for one cascade with root=KEY",
    )


def _limiter(request: Request) -> anyio.CapacityLimiter:
    limiter = getattr(request.app.state, "export_limiter", None)
    if limiter is None:
        limiter = request.app.state.export_limiter = anyio.CapacityLimiter(EXPORT_SLOTS)
    return limiter


async def _watch(request: Request, gone: threading.Event) -> None:
    while not gone.is_set():
        if await request.is_disconnected():
            gone.set()
            return
        await asyncio.sleep(0.25)


def _file_bytes(fmt: ExportFormat, graph: Any, root: str | None) -> bytes:
    with tempfile.TemporaryDirectory(prefix="vanban-export-") as tmp:
        target = Path(tmp) / ("csv" if fmt is ExportFormat.csv else f"graph.{fmt.value}")
        paths = graph_export.write_file(graph, fmt.value, target, root=root)
        if fmt is not ExportFormat.csv:
            return paths[0].read_bytes()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in paths:
                zf.write(p, arcname=p.name)
        return buf.getvalue()


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {"content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()},
              "description": "The file."},
        404: {"model": ErrorOut}, 409: {"model": ErrorOut}, 422: {"model": ErrorOut},
    },
)  # fmt: skip
async def export(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    format: Annotated[ExportFormat, Query(description="File format.")] = ExportFormat.graphml,
    root: Annotated[
        str | None,
        Query(max_length=300, description="A document key or number: export its cascade only."),
    ] = None,
) -> Response:
    """Download the graph (or the cascade under ``root``) for Gephi, a spreadsheet or a report.

    413 when the graph has more than ``VANBAN_MAX_NODES`` nodes (use ``vanban export``).
    """
    gone = threading.Event()
    link_base = str(request.base_url) + "documents/"

    def build() -> tuple[str | None, bytes]:
        root_key = resolve_document(store, root).key if root and root.strip() else None
        if root_key is None:
            stats = store.stats()
            if stats.documents + stats.authorities > settings.max_nodes:
                raise _too_big(stats.documents + stats.authorities, settings, format)
        if gone.is_set():
            raise _Gone
        graph = store.subgraph(root_key)
        if graph.number_of_nodes() > settings.max_nodes:
            raise _too_big(graph.number_of_nodes(), settings, format)
        if gone.is_set():
            raise _Gone
        if format is ExportFormat.html:
            options = ViewerOptions(
                max_nodes=settings.max_nodes,
                physics_max_nodes=settings.physics_max_nodes,
                link_base=link_base,
            )
            html = viewer_html(graph, root_key, title=root or "vanban graph", options=options,
                               inline=True)  # fmt: skip
            return root_key, html.encode("utf-8")
        return root_key, _file_bytes(format, graph, root_key)

    watcher = asyncio.create_task(_watch(request, gone))
    try:
        root_key, body = await anyio.to_thread.run_sync(build, limiter=_limiter(request))
    except _Gone:
        return Response(status_code=499)
    finally:
        gone.set()
        watcher.cancel()
    stem = _UNSAFE_NAME.sub("_", root_key) if root_key else "vanban-graph"
    name = f"{stem}.{SUFFIXES.get(format, format.value)}"
    return Response(
        body,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

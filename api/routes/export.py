"""``/api/export``: the whole graph, or a document's cascade, as a file download.

GraphML, GEXF, JSON and XLSX come from :mod:`graph.export`; CSV is a zip of ``nodes.csv`` and
``edges.csv``; HTML is the standalone viewer with vis-network inlined (it works with no server
and no internet; clicking a node opens its page on this server when it is running).
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import SettingsDep, StoreDep, resolve_document
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
def export(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    format: Annotated[ExportFormat, Query(description="File format.")] = ExportFormat.graphml,
    root: Annotated[
        str | None,
        Query(max_length=300, description="A document key or number: export its cascade only."),
    ] = None,
) -> Response:
    """Download the graph (or the cascade under ``root``) for Gephi, a spreadsheet or a report."""
    root_key = resolve_document(store, root).key if root and root.strip() else None
    graph = store.subgraph(root_key)
    if format is ExportFormat.html:
        options = ViewerOptions(
            max_nodes=settings.max_nodes,
            physics_max_nodes=settings.physics_max_nodes,
            link_base=str(request.base_url) + "documents/",
        )
        body = viewer_html(
            graph, root_key, title=root or "vanban graph", options=options, inline=True
        ).encode("utf-8")
    else:
        body = _file_bytes(format, graph, root_key)
    stem = _UNSAFE_NAME.sub("_", root_key) if root_key else "vanban-graph"
    name = f"{stem}.{SUFFIXES.get(format, format.value)}"
    return Response(
        body,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

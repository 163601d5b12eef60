"""Server-rendered pages: search, a document, an authority, and the graph viewer.

Letters are untrusted text: templates never mark letter content ``|safe``; the highlighted
source is a list of plain-text segments, some of them links.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import networkx as nx
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SettingsDep, StoreDep, resolve_authority, resolve_document
from api.routes import authority_url, document_url, quote_key
from api.routes.authorities import authority_detail
from api.routes.documents import document_detail, search_documents
from api.schemas import ExportFormat, NeighborOut
from api.viewer import ViewerOptions, viewer_html
from api.viewer_graph import CITATION_TYPES
from graph.errors import GraphError, KeyNotFoundError
from graph.models import Document, Level
from graph.results import Chain, TraceRow
from graph.store import GraphStore
from graph.view import node_attrs

__all__ = ["Segment", "highlight", "router"]

router = APIRouter(include_in_schema=False)

CASCADE_LEVELS = (Level.CENTRAL, Level.MINISTRY, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE,
                  Level.UNKNOWN)  # fmt: skip
EXPORT_LABELS = {
    ExportFormat.graphml: "GraphML",
    ExportFormat.gexf: "GEXF",
    ExportFormat.csv: "CSV",
    ExportFormat.xlsx: "XLSX",
    ExportFormat.json: "JSON",
    ExportFormat.html: "Standalone HTML",
}


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the letter's text; ``href`` set when it is a reference."""

    text: str
    href: str | None = None
    title: str | None = None
    relation: str | None = None


def highlight(text: str, references: list[NeighborOut]) -> list[Segment]:
    """``text`` cut into plain and linked segments at the references' offsets.

    An offset that does not point at the reference's text is corrected by searching nearby;
    overlapping references keep the first.
    """
    spans: list[tuple[int, int, NeighborOut]] = []
    for ref in references:
        if ref.start is None or ref.end is None:
            continue
        start, end = ref.start, ref.end
        if ref.text and text[start:end] != ref.text:
            found = text.find(ref.text, max(0, start - 500))
            if found < 0:
                continue
            start, end = found, found + len(ref.text)
        if 0 <= start < end <= len(text):
            spans.append((start, end, ref))
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[Segment] = []
    pos = 0
    for start, end, ref in spans:
        if start < pos:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        title = f"{ref.type.lower().replace('_', ' ')} → {ref.key}"
        out.append(Segment(text[start:end], document_url(ref.key), title, ref.type.lower()))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def _cascade(rows: list[TraceRow]) -> list[tuple[str, list[TraceRow]]]:
    by_level: dict[str, list[TraceRow]] = defaultdict(list)
    for r in rows:
        by_level[r.level].append(r)
    out = []
    for level in CASCADE_LEVELS:
        found = by_level.pop(level.value, [])
        if found:
            found.sort(key=lambda r: ((r.issued_on.iso() or "") if r.issued_on else "9", r.key))
            out.append((level.value, found))
    out += sorted(by_level.items())
    return out


def _templates(request: Request) -> Any:
    return request.app.state.templates


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The search page; ``?q=`` renders results without JavaScript."""
    hits = search_documents(store, q, cap=50) if q and q.strip() else []
    return _templates(request).TemplateResponse(
        request,
        "index.html",
        {"q": q or "", "hits": hits, "stats": store.stats(), "document_url": document_url},
    )


@router.get("/documents/{key:path}/graph", response_class=HTMLResponse)
def document_graph(
    request: Request,
    key: str,
    store: StoreDep,
    settings: SettingsDep,
    layout: Literal["level", "time"] = "level",
) -> Response:
    """The viewer for the cascade under a document (and the chains above it)."""
    doc = resolve_document(store, key)
    chains = store.trace_up(doc.key, depth=settings.max_depth)
    graph = _documents_subgraph(store, doc.key, chains)
    options = ViewerOptions(
        layout=layout, max_nodes=settings.max_nodes, physics_max_nodes=settings.physics_max_nodes
    )
    base = document_url(doc.key, "/graph")
    html = viewer_html(
        graph, doc.key, title=_title(doc.number, doc.symbol, doc.key), options=options,
        switch_url=lambda name: f"{base}?layout={name}",
    )  # fmt: skip
    return HTMLResponse(html)


def _documents_subgraph(store: GraphStore, root: str, chains: list[Chain]) -> nx.MultiDiGraph:
    """The store's subgraph under ``root`` with the chains above it added: their documents,
    their issuers and the citations between what is shown (no whole-graph read)."""
    graph = store.subgraph(root)
    added = [k for chain in chains for k in chain.keys if k not in graph]
    for key in dict.fromkeys(added):
        node = store.get(key)
        graph.add_node(key, **node_attrs(node))
        issuer = node.issuer_key if isinstance(node, Document) else None
        if issuer and issuer not in graph:
            try:
                graph.add_node(issuer, **node_attrs(store.get(issuer)))
            except KeyNotFoundError:
                issuer = None
        if issuer:
            graph.add_edge(issuer, key, "ISSUED", type="ISSUED")
    for key in dict.fromkeys(added):
        for n in store.neighbors(key):
            if n.label != "Document" or n.key not in graph or n.type not in CITATION_TYPES:
                continue
            u, v = (key, n.key) if n.direction == "out" else (n.key, key)
            edge = f"{n.type}:{n.start}:{n.end}"
            if not graph.has_edge(u, v, edge):
                graph.add_edge(u, v, edge, type=n.type, text=n.text, start=n.start, end=n.end,
                               evidence=n.evidence, resolution=n.resolution)  # fmt: skip
    return graph


def _title(number: str | None, symbol: str | None, key: str) -> str:
    if number and symbol:
        return f"{number}/{symbol}"
    if symbol:
        return f"Số: …/{symbol}"
    return key


@router.get("/documents/{key:path}", response_class=HTMLResponse)
def document_page(request: Request, key: str, store: StoreDep, settings: SettingsDep) -> Response:
    """A document: metadata, highlighted source, cascade by level, gaps, graph, exports."""
    doc = resolve_document(store, key)
    if doc.key != key:
        return RedirectResponse(document_url(doc.key), status_code=307)
    detail = document_detail(store, doc)
    text = store.letter_text(doc.key)
    segments = highlight(text, detail.references) if text is not None else None
    rows = store.trace_down(doc.key, depth=settings.max_depth, limit=settings.max_nodes)
    timeline = store.timeline(doc.key, limit=settings.max_nodes)
    try:
        gaps = store.gaps(doc.key, limit=settings.max_nodes)
    except GraphError:
        gaps = []
    chains = store.trace_up(doc.key, depth=settings.max_depth)
    provenance = store.provenance(doc.key)
    district = sum(1 for r in rows if r.level == Level.DISTRICT.value)
    return _templates(request).TemplateResponse(
        request,
        "document.html",
        {
            "doc": detail,
            "title": _title(doc.number, doc.symbol, doc.key),
            "segments": segments,
            "cascade": _cascade(rows),
            "summaries": {s.level: s for s in timeline.levels},
            "gaps": gaps,
            "provenance": provenance,
            "chains": chains,
            "district_count": district,
            "exports": [
                (label, f"/api/export?format={fmt.value}&root={quote_key(doc.key)}")
                for fmt, label in EXPORT_LABELS.items()
            ],
            "graph_url": document_url(doc.key, "/graph"),
            "api_url": document_url(doc.key, api=True),
            "document_url": document_url,
            "authority_url": authority_url,
        },
    )


@router.get("/authorities/{key:path}", response_class=HTMLResponse)
def authority_page(request: Request, key: str, store: StoreDep, settings: SettingsDep) -> Response:
    """An authority: what it received and what it issued."""
    detail = authority_detail(store, resolve_authority(store, key), settings.max_nodes)
    return _templates(request).TemplateResponse(
        request,
        "authority.html",
        {"a": detail, "document_url": document_url, "authority_url": authority_url},
    )

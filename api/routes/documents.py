"""``/api/documents``: search, one document, and the traces around it.

Routes with a suffix (``/downstream`` …) are declared before the bare ``{key:path}`` route, since
a key's ``path`` parameter would otherwise swallow the suffix.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from api.deps import SettingsDep, StoreDep, check_depth, clamp_limit, resolve_document
from api.routes import document_url
from api.schemas import (
    ChainOut,
    DocumentDetail,
    ErrorOut,
    GapOut,
    LevelName,
    ListOf,
    ProvenanceOut,
    SearchHitOut,
    TimelineOut,
    TraceRowOut,
    as_model,
    trace_row_json,
)
from graph.errors import KeyNotFoundError
from graph.models import Authority, Document
from graph.normalize import fold
from graph.results import SearchHit
from graph.store import GraphStore

__all__ = ["document_detail", "router", "search_documents"]

router = APIRouter(prefix="/api/documents", tags=["documents"])

ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No document has this key or number."},
    409: {"model": ErrorOut, "description": "Several documents match; see candidates."},
    422: {"model": ErrorOut, "description": "A parameter is invalid."},
}

LevelQuery = Annotated[LevelName | None, Query(description="Only documents at this level.")]
DepthQuery = Annotated[int | None, Query(ge=1, le=100, description="Levels to follow.")]
LimitQuery = Annotated[int, Query(ge=1, le=10_000, description="Most rows to return.")]
OffsetQuery = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]


def _hits(store: GraphStore, docs: Iterable[Document]) -> list[SearchHit]:
    """Listed documents as search hits (score 0), with their issuers' names."""
    names: dict[str, str | None] = {}
    hits = []
    for d in docs:
        if d.issuer_key and d.issuer_key not in names:
            try:
                node = store.get(d.issuer_key)
                names[d.issuer_key] = node.name if isinstance(node, Authority) else None
            except KeyNotFoundError:
                names[d.issuer_key] = None
        hits.append(SearchHit(
            key=d.key, score=0.0, status=d.status.value, kind=d.kind, number=d.number,
            symbol=d.symbol, subject=d.subject, issuer_key=d.issuer_key,
            issuer_name=names.get(d.issuer_key) if d.issuer_key else None,
            issued_on=d.issued_on, level=d.level.value,
        ))  # fmt: skip
    return hits


def _key_year(key: str) -> int | None:
    head = key.split("/", 1)[0]
    return int(head) if head.isdigit() else None


def search_documents(
    store: GraphStore,
    q: str | None,
    *,
    kind: str | None = None,
    level: str | None = None,
    issuer: str | None = None,
    year: int | None = None,
    cap: int = 2000,
) -> list[SearchHit]:
    """Documents matching the words of ``q`` (diacritics optional) and the filters, best first.

    With no ``q``: :meth:`GraphStore.list_documents` (newest first).
    """
    if not (q and q.strip()):
        listed = store.list_documents(kind=kind, level=level, issuer=issuer, year=year, limit=cap)
        return _hits(store, listed.items)
    filtered = any(v is not None for v in (kind, level, issuer, year))
    hits = store.search(q, limit=cap * 4 if filtered else cap)
    kind_f = fold(kind).strip() if kind else None
    issuer_f = fold(issuer).strip() if issuer else None
    out = []
    for h in hits:
        if kind_f and fold(h.kind or "") != kind_f:
            continue
        if level and h.level != level:
            continue
        if year is not None:
            hit_year = h.issued_on.year if h.issued_on else _key_year(h.key)
            if hit_year != year:
                continue
        if (
            issuer_f
            and issuer_f != fold(h.issuer_key or "")
            and issuer_f not in fold(h.issuer_name or "")
        ):
            continue
        out.append(h)
        if len(out) >= cap:
            break
    return out


@router.get("", response_model=ListOf[SearchHitOut], responses={422: ERRORS[422]})
def list_documents(
    store: StoreDep,
    settings: SettingsDep,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Words of the number, symbol, subject or issuer."),
    ] = None,
    kind: Annotated[str | None, Query(max_length=100)] = None,
    level: LevelQuery = None,
    issuer: Annotated[
        str | None, Query(max_length=200, description="Issuer key or part of its name.")
    ] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    limit: LimitQuery = 20,
    offset: OffsetQuery = 0,
) -> dict[str, Any]:
    """Search documents; diacritics are optional (``muong te`` finds ``Mường Tè``). With no
    ``q``: every document matching the filters, newest first (``count`` is their number)."""
    lvl = level.value if level else None
    if q and q.strip():
        hits = search_documents(store, q, kind=kind, level=lvl, issuer=issuer, year=year,
                                cap=settings.max_nodes + offset)  # fmt: skip
        page, count = hits[offset : offset + clamp_limit(limit, settings)], len(hits)
    else:
        listed = store.list_documents(kind=kind, level=lvl, issuer=issuer, year=year,
                                      limit=clamp_limit(limit, settings), offset=offset)  # fmt: skip
        page, count = _hits(store, listed.items), listed.total
    return {
        "data": [as_model(SearchHitOut, h, url=document_url(h.key)) for h in page],
        "count": count,
    }


@router.get("/{key:path}/downstream", response_model=ListOf[TraceRowOut], responses=ERRORS)
def downstream(
    key: str,
    store: StoreDep,
    settings: SettingsDep,
    level: LevelQuery = None,
    depth: DepthQuery = None,
    limit: LimitQuery = 1000,
) -> JSONResponse:
    """Documents implementing this one, transitively (TTg → province → district → commune)."""
    doc = resolve_document(store, key)
    rows = store.trace_down(
        doc.key, level=level.value if level else None, depth=check_depth(depth, settings),
        limit=clamp_limit(limit, settings),
    )  # fmt: skip
    return JSONResponse({"data": [trace_row_json(r) for r in rows], "count": len(rows)})


@router.get("/{key:path}/upstream", response_model=ListOf[ChainOut], responses=ERRORS)
def upstream(
    key: str, store: StoreDep, settings: SettingsDep, depth: DepthQuery = None
) -> dict[str, Any]:
    """Chains from this document up to the national documents it carries out."""
    doc = resolve_document(store, key)
    chains = store.trace_up(doc.key, depth=check_depth(depth, settings))
    return {"data": [as_model(ChainOut, c) for c in chains], "count": len(chains)}


@router.get("/{key:path}/gaps", response_model=ListOf[GapOut], responses=ERRORS)
def gaps(
    key: str, store: StoreDep, settings: SettingsDep, level: LevelQuery = None
) -> dict[str, Any]:
    """Authorities the cascade addressed that issued no implementing document."""
    doc = resolve_document(store, key)
    rows = store.gaps(doc.key, level=level.value if level else None, limit=settings.max_nodes)
    return {"data": [as_model(GapOut, g) for g in rows], "count": len(rows)}


@router.get("/{key:path}/provenance", response_model=ProvenanceOut, responses=ERRORS)
def provenance(key: str, store: StoreDep) -> Any:
    """How the cascade under this document was reached: how many links by the number written,
    how many to unsigned copies (with scores), how many ambiguous, and which references might
    belong but could not be resolved."""
    doc = resolve_document(store, key)
    return as_model(ProvenanceOut, store.provenance(doc.key))


@router.get("/{key:path}/timeline", response_model=TimelineOut, responses=ERRORS)
def timeline(key: str, store: StoreDep, settings: SettingsDep) -> Any:
    """The cascade under this document by date and level, with median lags."""
    doc = resolve_document(store, key)
    return as_model(TimelineOut, store.timeline(doc.key, limit=settings.max_nodes))


def document_detail(store: GraphStore, doc: Document) -> DocumentDetail:
    """A document with its citations both ways and its recipients."""
    issuer_name = None
    if doc.issuer_key:
        try:
            node = store.get(doc.issuer_key)
            issuer_name = node.name if isinstance(node, Authority) else None
        except KeyNotFoundError:
            pass
    refs: list[dict[str, Any]] = []
    cited_by: list[dict[str, Any]] = []
    addressed: list[dict[str, Any]] = []
    for n in store.neighbors(doc.key):
        if n.label != "Document":
            if n.type == "ADDRESSED_TO" and n.direction == "out":
                addressed.append(n.to_json())
            continue
        (refs if n.direction == "out" else cited_by).append(n.to_json())
    refs.sort(key=lambda n: (n.get("start") is None, n.get("start") or 0))
    detail: DocumentDetail = as_model(
        DocumentDetail,
        doc,
        issuer_name=issuer_name,
        url=document_url(doc.key),
        has_text=store.letter_text(doc.key) is not None,
        references=refs,
        cited_by=cited_by,
        addressed_to=addressed,
    )
    return detail


@router.get("/{key:path}", response_model=DocumentDetail, responses=ERRORS)
def get_document(key: str, store: StoreDep) -> Any:
    """One document by key (``2021/1068-cd-ttg``) or number (``1068/CĐ-TTg``)."""
    doc = resolve_document(store, key)
    return document_detail(store, doc)

"""``/api/authorities``: issuing and receiving bodies, with their letters in and out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import SettingsDep, StoreDep, clamp_limit, resolve_authority
from api.routes import authority_url, document_url
from api.schemas import (
    AuthorityDetail,
    AuthorityOut,
    DocumentBrief,
    ErrorOut,
    LevelName,
    ListOf,
    as_model,
)
from graph.errors import KeyNotFoundError
from graph.models import Authority, Document
from graph.store import GraphStore

__all__ = ["authority_detail", "router"]

router = APIRouter(prefix="/api/authorities", tags=["authorities"])


@router.get("", response_model=ListOf[AuthorityOut], responses={422: {"model": ErrorOut}})
def list_authorities(
    store: StoreDep,
    settings: SettingsDep,
    level: Annotated[LevelName | None, Query(description="Only authorities at this level.")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """Authorities the store knows (issuers, recipients and those they sit under), top level
    first, then by name."""
    listed = store.list_authorities(
        level=level.value if level else None, limit=clamp_limit(limit, settings), offset=offset
    )
    return {
        "data": [as_model(AuthorityOut, a, url=authority_url(a.key)) for a in listed.items],
        "count": listed.total,
    }


def _brief(store: GraphStore, key: str) -> DocumentBrief | None:
    try:
        node = store.get(key)
    except KeyNotFoundError:
        return None
    if not isinstance(node, Document):
        return None
    brief: DocumentBrief = as_model(DocumentBrief, node, url=document_url(key))
    return brief


def _by_date(briefs: list[DocumentBrief]) -> list[DocumentBrief]:
    return sorted(briefs, key=lambda b: (b.issued_on or "", b.key), reverse=True)


def authority_detail(store: GraphStore, authority: Authority, limit: int) -> AuthorityDetail:
    """An authority with the letters it issued and received (newest first, ``limit`` each)."""
    issued: list[DocumentBrief] = []
    received: list[DocumentBrief] = []
    for n in store.neighbors(authority.key):
        if n.type == "ISSUED" and n.direction == "out":
            target = issued
        elif n.type == "ADDRESSED_TO" and n.direction == "in":
            target = received
        else:
            continue
        brief = _brief(store, n.key)
        if brief is not None:
            target.append(brief)
    parent = None
    if authority.parent_key:
        try:
            node = store.get(authority.parent_key)
            if isinstance(node, Authority):
                parent = as_model(AuthorityOut, node, url=authority_url(node.key))
        except KeyNotFoundError:
            parent = None
    detail: AuthorityDetail = as_model(
        AuthorityDetail,
        authority,
        url=authority_url(authority.key),
        issued=_by_date(issued)[:limit],
        received=_by_date(received)[:limit],
        parent=parent,
    )
    return detail


@router.get(
    "/{key:path}",
    response_model=AuthorityDetail,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
def get_authority(key: str, store: StoreDep, settings: SettingsDep) -> Any:
    """One authority (``ubnd-huyen-muong-te``): its letters in and out."""
    return authority_detail(store, resolve_authority(store, key), settings.max_nodes)

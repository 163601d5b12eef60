"""What the listings of :class:`~graph.store.base.GraphStore` mean, for every backend.

``list_documents`` filters (every filter given must hold):

- ``q``: the document matches every word, as :meth:`GraphStore.search` matches (diacritics
  optional);
- ``kind``: the kind, folded (``cong van`` is ``Công văn``);
- ``level``, ``status``: equal;
- ``issuer``: the issuer's key, or a folded part of its name (``lai chau``);
- ``year``: the year of its date, else the year of its key (``2021/1068-cd-ttg``).

Documents come newest first (date as ISO text, then key, both descending); authorities top
level first, then by name and key. ``list_authorities`` filters by ``level``, ``q`` (a part of
the key, which is the slug of the name: ``muong te`` finds ``ubnd-huyen-muong-te``) and
``under`` (authorities that sit under that one, at any depth).

>>> year_of(Document(key="2021/1068-cd-ttg", kind="Công điện", number="1068", symbol="CĐ-TTg",
...                  year=None, issued_on=None, subject=None, level=Level.CENTRAL))
2021
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from graph.models import Authority, Document, Level
from graph.normalize import fold, slugify
from graph.results import Page

T = TypeVar("T")

__all__ = [
    "DocumentFilter",
    "authority_matches",
    "authority_order",
    "document_order",
    "matching_issuers",
    "page_of",
    "year_of",
]


def year_of(d: Document) -> int | None:
    """The year ``list_documents(year=)`` compares: the date's, else the key's."""
    if d.issued_on is not None and d.issued_on.year is not None:
        return d.issued_on.year
    head = d.key.split("/", 1)[0]
    return int(head) if head.isdigit() else None


def document_order(d: Document) -> tuple[str, str]:
    """The sort key of the document listing (used descending: newest first)."""
    return ((d.issued_on.iso() or "") if d.issued_on else "", d.key)


def authority_order(a: Authority) -> tuple[int, str, str]:
    return (a.level.rank, a.name, a.key)


def matching_issuers(issuer: str, authorities: Iterable[tuple[str, str]]) -> frozenset[str]:
    """The keys ``issuer`` names among ``(key, name)`` pairs: the key itself, or every
    authority with ``issuer`` (folded) in its name.

    >>> sorted(matching_issuers("lai chau", [("ubnd-tinh-lai-chau", "UBND tỉnh Lai Châu")]))
    ['lai chau', 'ubnd-tinh-lai-chau']
    """
    wanted = fold(issuer).strip()
    found = {k for k, name in authorities if fold(k) == wanted or wanted in fold(name)}
    return frozenset({*found, issuer.strip()})


class DocumentFilter:
    """The filters of ``list_documents`` except ``q``, as one predicate over documents
    (``issuers``: from :func:`matching_issuers`)."""

    def __init__(
        self,
        kind: str | None = None,
        level: Level | str | None = None,
        issuers: frozenset[str] | None = None,
        year: int | None = None,
        status: str | None = None,
    ) -> None:
        self.kind = fold(kind).strip() if kind else None
        self.level = Level(level) if level is not None else None
        self.status = str(status) if status is not None else None
        self.year = year
        self.issuers = issuers
        self._kinds: dict[str | None, bool] = {}

    def __call__(self, d: Document) -> bool:
        if self.level is not None and d.level is not self.level:
            return False
        if self.status is not None and d.status.value != self.status:
            return False
        if self.issuers is not None and d.issuer_key not in self.issuers:
            return False
        if self.kind is not None:
            ok = self._kinds.get(d.kind)
            if ok is None:
                ok = self._kinds[d.kind] = fold(d.kind or "") == self.kind
            if not ok:
                return False
        return self.year is None or year_of(d) == self.year


def page_of(
    items: Iterable[T], order: Callable[[T], Any], limit: int, offset: int, *, newest_first: bool
) -> Page[T]:
    """The ``limit`` items after ``offset`` in ``order``, and how many there are, without sorting
    them all (a heap of ``offset + limit``)."""
    kept = list(items)
    limit, offset = max(0, limit), max(0, offset)
    pick = heapq.nlargest if newest_first else heapq.nsmallest
    top = pick(offset + limit, kept, key=order)
    return Page(items=tuple(top[offset:]), total=len(kept), limit=limit, offset=offset)


def authority_matches(a: Authority, q: str | None, level: Level | None) -> bool:
    """``q`` as a part of the key (the slug of the name), and the level."""
    if level is not None and a.level is not level:
        return False
    return not q or slugify(q) in a.key

"""From what an analyst types (``1068/CĐ-TTg``, ``3542/UBND-VX`` + issuer, a key) to a key."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from graph.errors import AmbiguousKeyError, KeyNotFoundError
from graph.keys import is_document_key, parse_number_text
from graph.models import Authority, Document
from graph.normalize import fold, slugify
from graph.resolve import is_unknown_issuer_key

__all__ = ["lookup_key"]


class _Index(Protocol):
    @property
    def documents(self) -> Mapping[str, Document]: ...

    @property
    def authorities(self) -> Mapping[str, Authority]: ...

    def numbered(self, number: str, symbol: str | None) -> Sequence[Document]: ...


def _issuer_matches(d: Document, wanted: str, authorities: Mapping[str, Authority]) -> bool:
    if not d.issuer_key:
        return False
    slug = slugify(wanted)
    if d.issuer_key == slug or d.issuer_key == wanted:
        return True
    a = authorities.get(d.issuer_key)
    name = fold(a.name) if a else ""
    return bool(slug) and (slug in d.issuer_key or fold(wanted).strip() in name)


def lookup_key(
    index: _Index, text: str, issuer: str | None = None, year: int | None = None
) -> list[str]:
    """The one key ``text`` names (a one-item list); see ``GraphStore.lookup``."""
    t = text.strip()
    if t in index.documents or t in index.authorities:
        return [t]
    parsed = parse_number_text(t)
    if parsed is None:
        if is_document_key(t):
            raise KeyNotFoundError(t, f"no document has the key {t!r}")
        raise KeyNotFoundError(
            t, f"{t!r} is neither a key nor a number/symbol such as 1068/CĐ-TTg"
        )
    found = list(index.numbered(parsed.number, parsed.symbol))
    wanted_year = year or parsed.year
    if wanted_year is not None:
        found = [d for d in found if d.year == wanted_year]
    if issuer:
        found = [d for d in found if _issuer_matches(d, issuer, index.authorities)]
    known = [d for d in found if not is_unknown_issuer_key(d.key)]
    if known:
        found = known
    if not found:
        filters = ", ".join(
            f for f in (f"issuer {issuer!r}" if issuer else "",
                        f"year {wanted_year}" if wanted_year else "") if f
        )  # fmt: skip
        raise KeyNotFoundError(t, f"no document numbered {t!r}" + (f" ({filters})" if filters else ""))
    if len(found) > 1:
        raise AmbiguousKeyError(t, sorted(d.key for d in found))
    return [found[0].key]

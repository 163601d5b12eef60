"""Records to and from the plain property maps of the Neo4j store (see graph.store.cypher).

>>> from graph.models import Document, PartialDate
>>> d = Document("2021/1068-cd-ttg", "Công điện", "1068", "CĐ-TTg", 2021, PartialDate(2021, 8, 5),
...              subject="Phòng, chống dịch", issuer_key="thu-tuong-chinh-phu")
>>> row = document_row(d)
>>> row["number_key"], row["issued_on"], row["words"][:20]
('1068|cd-ttg', '2021-08-05', '1068 cd chinh chong ')
>>> document_from_record(row) == d
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.keys import number_index_key
from graph.models import (
    Authority,
    Citation,
    Document,
    DocumentStatus,
    Level,
    PartialDate,
    Relation,
    Resolution,
)
from graph.search import document_words

__all__ = [
    "authority_from_record",
    "authority_row",
    "citation_from_record",
    "citation_row",
    "document_from_record",
    "document_row",
    "number_key",
]

_LEVEL = {m.value: m for m in Level}
_STATUS = {m.value: m for m in DocumentStatus}
_RELATION_BY_TYPE = {m.name: m for m in Relation}
_RESOLUTION = {m.value: m for m in Resolution}


def number_key(number: str, symbol: str | None) -> str:
    """The indexed ``number_key`` of a numbered document: what two mentions of it share."""
    n, s = number_index_key(number, symbol)
    return f"{n}|{s}"


def document_row(d: Document, issuer_name: str | None = None) -> dict[str, Any]:
    """The properties of ``d`` plus the derived, indexed ones (``words`` for search)."""
    ident, every = document_words(d, issuer_name)
    return {
        "key": d.key, "kind": d.kind, "number": d.number, "symbol": d.symbol, "year": d.year,
        "issued_on": (d.issued_on.iso() or "") if d.issued_on else None, "subject": d.subject,
        "level": d.level.value, "issuer_key": d.issuer_key, "status": d.status.value,
        "source": d.source, "sha256": d.sha256, "year_inferred": d.year_inferred,
        "number_key": number_key(d.number, d.symbol) if d.number else None,
        "source_id": (d.source or d.key) if d.status is DocumentStatus.FULL else None,
        "issued_year": (d.issued_on.year or 0) if d.issued_on else 0,
        "words": " ".join(sorted(every)), "ident": sorted(ident),
        "drop_text": d.status is not DocumentStatus.FULL,
    }  # fmt: skip


def _date(iso: str | None) -> PartialDate | None:
    if iso is None:
        return None
    if iso == "":
        return PartialDate(None)
    return PartialDate.from_iso(iso)


def document_from_record(r: Mapping[str, Any]) -> Document:
    return Document(
        key=r["key"], kind=r["kind"], number=r["number"], symbol=r["symbol"], year=r["year"],
        issued_on=_date(r["issued_on"]), subject=r["subject"], level=_LEVEL[r["level"]],
        issuer_key=r["issuer_key"], status=_STATUS[r["status"]], source=r["source"],
        sha256=r["sha256"], year_inferred=bool(r["year_inferred"]),
    )  # fmt: skip


def authority_row(a: Authority) -> dict[str, Any]:
    return {"key": a.key, "name": a.name, "level": a.level.value, "kind": a.kind,
            "parent_key": a.parent_key, "admin_code": a.admin_code, "lat": a.lat,
            "lon": a.lon}  # fmt: skip


def authority_from_record(r: Mapping[str, Any]) -> Authority:
    return Authority(r["key"], r["name"], _LEVEL[r["level"]], r["kind"], r["parent_key"],
                     r["admin_code"], r["lat"], r["lon"])  # fmt: skip


def citation_row(c: Citation) -> dict[str, Any]:
    return {"source": c.source_key, "target": c.target_key, "text": c.text, "start": c.start,
            "end": c.end, "evidence": c.evidence, "resolution": c.resolution.value,
            "candidates": list(c.candidates), "score": c.score}  # fmt: skip


def citation_from_record(r: Mapping[str, Any]) -> Citation:
    return Citation(
        source_key=r["source"], target_key=r["target"], relation=_RELATION_BY_TYPE[r["type"]],
        text=r["text"], start=r["start_offset"], end=r["end_offset"], evidence=r["evidence"],
        resolution=_RESOLUTION[r["resolution"]], candidates=tuple(r["candidates"] or ()),
        score=r["score"],
    )  # fmt: skip

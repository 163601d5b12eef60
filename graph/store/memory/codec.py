"""Records as compact tuples of plain values, for the embedded store's files.

Only ``marshal``-able types come out (tuples, lists, dicts, str, int, float, None), so the files
load fast and loading them never runs code.

>>> from graph.models import Document, PartialDate
>>> d = Document("2021/1068-cd-ttg", "Công điện", "1068", "CĐ-TTg", 2021, PartialDate(2021, 8, 5))
>>> document_from_row(document_row(d)) == d
True
"""

from __future__ import annotations

from typing import Any

from graph.models import (
    Authority,
    Citation,
    Document,
    DocumentStatus,
    IssuerCandidate,
    LetterRecord,
    Level,
    Mention,
    PartialDate,
    Relation,
    Resolution,
)

__all__ = [
    "authority_from_row",
    "authority_row",
    "citation_from_row",
    "citation_row",
    "document_from_row",
    "document_row",
    "record_from_row",
    "record_row",
]

Row = tuple[Any, ...]

# value -> member tables: a dict lookup is several times faster than calling the enum, and a
# million-document snapshot makes millions of these
_LEVEL = {m.value: m for m in Level}
_STATUS = {m.value: m for m in DocumentStatus}
_RELATION = {m.value: m for m in Relation}
_RESOLUTION = {m.value: m for m in Resolution}


def _date_row(d: PartialDate | None) -> Row | None:
    return None if d is None else (d.year, d.month, d.day)


def _date_from(row: Row | None) -> PartialDate | None:
    return None if row is None else PartialDate(*row)


def document_row(d: Document) -> Row:
    return (
        d.key, d.kind, d.number, d.symbol, d.year, _date_row(d.issued_on), d.subject,
        d.level.value, d.issuer_key, d.status.value, d.source, d.sha256, d.year_inferred,
    )  # fmt: skip


def document_from_row(r: Row) -> Document:
    return Document(
        r[0], r[1], r[2], r[3], r[4], _date_from(r[5]), r[6], _LEVEL[r[7]], r[8],
        _STATUS[r[9]], r[10], r[11], r[12],
    )  # fmt: skip


def authority_row(a: Authority) -> Row:
    return (a.key, a.name, a.level.value, a.kind, a.parent_key, a.admin_code, a.lat, a.lon)


def authority_from_row(r: Row) -> Authority:
    return Authority(r[0], r[1], _LEVEL[r[2]], r[3], r[4], r[5], r[6], r[7])


def citation_row(c: Citation) -> Row:
    return (
        c.source_key, c.target_key, c.relation.value, c.text, c.start, c.end, c.evidence,
        c.resolution.value, c.candidates, c.score,
    )  # fmt: skip


def citation_from_row(r: Row) -> Citation:
    return Citation(
        r[0], r[1], _RELATION[r[2]], r[3], r[4], r[5], r[6], _RESOLUTION[r[7]], tuple(r[8]), r[9]
    )


def _mention_row(m: Mention) -> Row:
    return (
        m.number, m.kind, m.symbol, m.year, _date_row(m.date), m.issuer_key, m.relation.value,
        m.text, m.start, m.end, m.evidence, m.subject, m.context_year, m.audience,
    )  # fmt: skip


def _mention_from(r: Row) -> Mention:
    return Mention(
        r[0], r[1], r[2], r[3], _date_from(r[4]), r[5], _RELATION[r[6]], r[7], r[8], r[9], r[10],
        r[11], r[12], tuple(r[13]) if len(r) > 13 else (),
    )  # fmt: skip


def record_row(rec: LetterRecord) -> Row:
    return (
        document_row(rec.document),
        rec.text,
        tuple(authority_row(a) for a in rec.authorities),
        tuple(rec.addressed_to),
        tuple(_mention_row(m) for m in rec.mentions),
        tuple(
            (c.key, tuple(authority_row(a) for a in c.authorities), c.addressed_to)
            for c in rec.issuer_candidates
        ),
    )


def record_from_row(r: Row) -> LetterRecord:
    return LetterRecord(
        document=document_from_row(r[0]),
        text=r[1],
        authorities=tuple(authority_from_row(a) for a in r[2]),
        addressed_to=tuple(r[3]),
        mentions=tuple(_mention_from(m) for m in r[4]),
        issuer_candidates=tuple(  # rows written before candidates existed have five fields
            IssuerCandidate(c[0], tuple(authority_from_row(a) for a in c[1]), tuple(c[2]))
            for c in (r[5] if len(r) > 5 else ())
        ),
    )

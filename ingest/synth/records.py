"""The records of a synthetic corpus: authorities, documents and gaps of a plan, and the letters
written from it with the truth about their references and edges (``to_json`` gives truth.json's
shapes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph.models import Level, PartialDate, Relation
from ingest.synth.layout import LetterParts

__all__ = ["SynthAuthority", "SynthDocument", "SynthEdge", "SynthGap", "SynthLetter", "SynthReference"]


@dataclass(frozen=True, slots=True)
class SynthAuthority:
    """An issuer or addressee. ``name`` is the short form written in references
    (``UBND tỉnh Lai Châu``); ``admin_code`` the code of its territorial unit on the map."""

    name: str
    full_name: str
    level: Level
    kind: str  # government, ministry, people_committee, department, office, command
    admin_code: str | None = None
    province_code: str | None = None
    parent: str | None = None
    parent_code: str | None = None
    place: str = "Hà Nội"
    header: tuple[str, ...] = ()
    chair: str = ""  # who directs in the body: "Chủ tịch UBND tỉnh"
    body: str = ""  # the body itself in a sentence: "UBND tỉnh"
    scope: str = ""  # its level word: "tỉnh", "huyện", "xã"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "full_name": self.full_name, "level": str(self.level),
                "kind": self.kind, "admin_code": self.admin_code, "province_code": self.province_code,
                "parent": self.parent, "parent_code": self.parent_code}


@dataclass(frozen=True, slots=True)
class SynthDocument:
    """A numbered document: a national root, a background document or a generated letter."""

    kind: str
    number: str
    symbol: str
    year: int | None  # year inside the symbol (normative documents only)
    date: dt.date
    issuer: SynthAuthority
    subject: str
    party: bool = False  # Party style: ``16-CT/TW``

    @property
    def numbered(self) -> str:
        """``1068/CĐ-TTg``, ``15/2021/NĐ-CP`` or ``16-CT/TW``."""
        if self.party:
            return f"{self.number}-{self.symbol}"
        if self.year is not None:
            return f"{self.number}/{self.year}/{self.symbol}"
        return f"{self.number}/{self.symbol}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "number": self.number, "symbol": self.symbol, "year": self.date.year,
                "symbol_year": self.year, "date": self.date.isoformat(), "issuer": self.issuer.name,
                "issuer_level": str(self.issuer.level), "issuer_code": self.issuer.admin_code,
                "subject": self.subject}


@dataclass(frozen=True, slots=True)
class SynthGap:
    """An authority that was expected to respond (addressed, or in a root's scope) and did not."""

    root: SynthDocument
    authority: SynthAuthority
    expected_by: str | None  # file of the letter that addressed it; None: the national root
    observable: bool = True  # False: in a ministry root's scope, which no letter of the corpus states
    assumed: bool = False  # addressed by the national root's assumed audience (every province)
    office_replied: str | None = None  # file of a letter its office wrote instead (it is still silent)

    def to_json(self) -> dict[str, Any]:
        return {"root": self.root.numbered, "root_year": self.root.date.year,
                "authority": self.authority.to_json(), "expected_by": self.expected_by,
                "observable": self.observable, "assumed": self.assumed, "office_replied": self.office_replied}


@dataclass(frozen=True, slots=True)
class SynthReference:
    """One mention, in the dev set's shape (``span``, ``kind`` … ``issuer_inferred``) plus truth."""

    start: int
    end: int
    span: str
    kind: str
    number: str
    symbol: str
    year: int | None  # year inside the symbol
    date: str | None  # the date as written in the mention (ISO), None when not written
    issuer: str
    issuer_level: str
    issuer_inferred: bool  # not named inside the span
    relation: Relation
    in_subject: bool
    target_year: int
    target_file: str | None
    form: str = "full"  # full, undated, bare, alias, subject
    cue: str = ""  # the words that open the clause governing it ("Thực hiện", "Theo yêu cầu", "Căn cứ" …)

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "span": self.span, "kind": self.kind,
                "number": self.number, "symbol": self.symbol, "year": self.year, "date": self.date,
                "issuer": self.issuer, "issuer_level": self.issuer_level,
                "issuer_inferred": self.issuer_inferred, "relation": str(self.relation),
                "in_subject": self.in_subject, "target_year": self.target_year,
                "target_file": self.target_file, "form": self.form, "cue": self.cue}


@dataclass(frozen=True, slots=True)
class SynthEdge:
    """Citing letter -> cited document (number/symbol/issuer/year), strongest relation."""

    kind: str
    number: str
    symbol: str
    year: int
    issuer: str
    relation: Relation
    target_file: str | None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "number": self.number, "symbol": self.symbol, "year": self.year,
                "issuer": self.issuer, "relation": str(self.relation), "target_file": self.target_file}


@dataclass(frozen=True, slots=True)
class SynthLetter:
    """One generated letter: its text (the .txt rendering), fields as written and the truth."""

    file: str
    format: str  # txt, docx, pdf
    text: str
    parts: LetterParts
    issuer: SynthAuthority
    role: str  # main, department, office, command, followup
    number: str | None  # as written; None for an unnumbered draft
    true_number: str
    symbol: str
    kind: str
    date: PartialDate  # as written
    true_date: dt.date
    place: str
    subject: str  # without "V/v", on one line
    recipients: tuple[str, ...]
    addressed: tuple[str, ...]  # admin codes of the units expected to respond
    signer_name: str | None
    signer_title: str
    references: tuple[SynthReference, ...]
    edges: tuple[SynthEdge, ...]
    damage: tuple[str, ...]
    root: str
    root_year: int
    parent_file: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "format": self.format, "issuer": self.issuer.to_json(),
            "level": str(self.issuer.level), "role": self.role, "number": self.number,
            "true_number": self.true_number, "symbol": self.symbol, "kind": self.kind,
            "date": self.date.iso(), "true_date": self.true_date.isoformat(), "place": self.place,
            "subject": self.subject, "recipients": list(self.recipients), "addressed": list(self.addressed),
            "signer_name": self.signer_name, "signer_title": self.signer_title,
            "references": [r.to_json() for r in self.references],
            "edges": [e.to_json() for e in self.edges], "damage": list(self.damage),
            "root": self.root, "root_year": self.root_year, "parent_file": self.parent_file,
        }

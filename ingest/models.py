"""Frozen records produced by the ingest stage: references and letters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from graph.models import Authority, PartialDate, Relation

__all__ = ["Letter", "LetterFields", "Reference"]


def _authority_json(a: Authority | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {"key": a.key, "name": a.name, "level": str(a.level)}


@dataclass(frozen=True, slots=True)
class Reference:
    """One mention of a numbered document, with offsets into the text it was found in.

    ``text == source[start:end]`` always holds. ``year`` is the year written inside the symbol
    (``15/2021/NĐ-CP``), ``date`` the document's own full date when the mention gives one.
    ``issuer`` is the resolved authority; ``issuer_text`` the words it was resolved from
    (``của UBND tỉnh Lai Châu`` → ``UBND tỉnh Lai Châu``) and ``issuer_inferred`` tells whether
    it was inferred (from the symbol or the context) rather than written.
    """

    start: int
    end: int
    text: str
    number: str
    kind: str | None = None  # Công điện, Công văn, Quyết định … from the type word
    symbol: str | None = None  # CĐ-TTg, NĐ-CP, TB/TU, UBND-VX (without number and year)
    year: int | None = None
    date: dt.date | None = None
    issuer: Authority | None = None
    issuer_text: str | None = None
    issuer_inferred: bool = False
    subject: str | None = None  # về việc …
    relation: Relation = Relation.CITES
    evidence: str = ""
    evidence_start: int = 0
    evidence_end: int = 0

    def to_json(self) -> dict[str, Any]:
        """The reference in the shape of DESIGN.md §5."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "number": self.number,
            "year": self.year,
            "symbol": self.symbol,
            "issuer": _authority_json(self.issuer)
            or ({"key": None, "name": self.issuer_text, "level": None} if self.issuer_text else None),
            "issuer_inferred": self.issuer_inferred,
            "date": self.date.isoformat() if self.date else None,
            "subject": self.subject,
            "relation": str(self.relation),
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class LetterFields:
    """A letter's header and footer fields as written, before any authority is resolved.

    ``body_issuer`` is the writer named in the body (``Trung tâm chỉ huy … huyện``) of a letter
    whose header has no issuer block.
    """

    issuer_block: str | None = None
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    kind: str | None = None
    place: str | None = None
    date: PartialDate | None = None
    subject: str | None = None
    recipients: tuple[str, ...] = ()
    signer_name: str | None = None
    signer_title: str | None = None
    cc: tuple[str, ...] = ()
    body_issuer: str | None = None
    place_hints: tuple[str, ...] = ()  # "UBND tỉnh Lai Châu", "UBND quận Ba Đình" named in the body
    unit_words: tuple[str, ...] = ()  # "huyện" of "của UBND huyện về …": district types used alone


@dataclass(frozen=True, slots=True)
class Letter:
    """The fields of one letter (header and footer, as :class:`LetterFields`), its resolved
    issuer and the references in its body.

    The written fields read through: ``letter.number`` is ``letter.fields.number``.
    """

    text: str  # the letter's text exactly as given to parse_letter; every offset points into it
    fields: LetterFields = field(default_factory=LetterFields)
    issuer: Authority | None = None
    references: tuple[Reference, ...] = field(default=())
    source: str | None = None
    sha256: str | None = None
    # when the header names a unit many places share and the letter's evidence could not pick
    # one: every people's committee it may be (ingest.letter.candidates); graph picks later
    issuer_candidates: tuple[Authority, ...] = ()

    @property
    def issuer_block(self) -> str | None:  # raw header lines: "ỦY BAN NHÂN DÂN\nHUYỆN MUỜNG TÈ"
        return self.fields.issuer_block

    @property
    def number(self) -> str | None:  # None for an unnumbered draft (Số: /UBND-VX)
        return self.fields.number

    @property
    def symbol(self) -> str | None:
        return self.fields.symbol

    @property
    def year(self) -> int | None:  # year inside the symbol, if any
        return self.fields.year

    @property
    def kind(self) -> str | None:
        return self.fields.kind

    @property
    def place(self) -> str | None:
        return self.fields.place

    @property
    def date(self) -> PartialDate | None:
        return self.fields.date

    @property
    def subject(self) -> str | None:
        return self.fields.subject

    @property
    def recipients(self) -> tuple[str, ...]:
        return self.fields.recipients

    @property
    def signer_name(self) -> str | None:
        return self.fields.signer_name

    @property
    def signer_title(self) -> str | None:
        return self.fields.signer_title

    @property
    def cc(self) -> tuple[str, ...]:  # Nơi nhận items
        return self.fields.cc

    def to_json(self) -> dict[str, Any]:
        return {
            "issuer_block": self.issuer_block,
            "issuer": _authority_json(self.issuer),
            "number": self.number,
            "symbol": self.symbol,
            "year": self.year,
            "kind": self.kind,
            "place": self.place,
            "date": self.date.iso() if self.date else None,
            "subject": self.subject,
            "recipients": list(self.recipients),
            "signer_name": self.signer_name,
            "signer_title": self.signer_title,
            "cc": list(self.cc),
            "source": self.source,
            "sha256": self.sha256,
        }

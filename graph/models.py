"""Frozen records of the directive graph (DESIGN.md §4).

Glossary: số hiệu → ``number``/``symbol``; trích yếu → ``subject``; cơ quan ban hành →
``issuer``; căn cứ → ``based_on``; thực hiện → ``implements``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Authority",
    "Citation",
    "Document",
    "DocumentStatus",
    "IssuerCandidate",
    "LetterRecord",
    "Level",
    "Mention",
    "PartialDate",
    "Relation",
    "Resolution",
]


class Level(StrEnum):
    """Tier of the administrative hierarchy, from the top down."""

    CENTRAL = "central"  # Party CC, National Assembly, Government, Prime Minister, VPCP
    MINISTRY = "ministry"  # Bộ, cơ quan ngang bộ
    PROVINCE = "province"  # UBND tỉnh/thành phố, its Sở, Tỉnh ủy
    DISTRICT = "district"  # UBND huyện/thị xã/quận, its Phòng, command centres
    COMMUNE = "commune"  # xã, phường, thị trấn
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {
    Level.CENTRAL: 0,
    Level.MINISTRY: 1,
    Level.PROVINCE: 2,
    Level.DISTRICT: 3,
    Level.COMMUNE: 4,
    Level.UNKNOWN: 5,
}


class Relation(StrEnum):
    """What a citing letter does with the document it mentions."""

    IMPLEMENTS = "implements"  # Thực hiện, Triển khai, Căn cứ (opening), V/v thực hiện …
    BASED_ON = "based_on"  # Căn cứ in a decision's legal preamble
    CITES = "cites"  # any other mention


class DocumentStatus(StrEnum):
    FULL = "full"  # the letter's text was ingested
    STUB = "stub"  # known only from references


class Resolution(StrEnum):
    """How a reference was matched to a document node."""

    RESOLVED = "resolved"  # to an ingested letter
    STUB = "stub"  # known only from references
    AMBIGUOUS = "ambiguous"  # several candidates (listed on the citation)
    POSSIBLE_MATCH = "possible_match"  # an unnumbered draft matched with a score
    DRAFT_MATCH = "draft_match"  # the number cited is an unsigned copy ingested (score on the edge)


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date whose day or month may be blank (``ngày   tháng 8 năm 2021``).

    >>> PartialDate(2021, 8).iso()
    '2021-08'
    >>> PartialDate(2021, 8, 5).to_date()
    datetime.date(2021, 8, 5)
    """

    year: int | None
    month: int | None = None
    day: int | None = None

    def iso(self) -> str | None:
        if self.year is None:
            return None
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
            if self.day is not None:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def to_date(self) -> dt.date | None:
        """The full date, or ``None`` when any part is blank or the parts are impossible."""
        if self.year is None or self.month is None or self.day is None:
            return None
        try:
            return dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    @property
    def is_complete(self) -> bool:
        return self.to_date() is not None

    @classmethod
    def from_iso(cls, text: str) -> PartialDate:
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)


@dataclass(frozen=True, slots=True)
class Authority:
    """An issuing or receiving body: Thủ tướng Chính phủ, Bộ Y tế, UBND huyện Mường Tè …

    ``key`` is a readable URL-safe slug, unique in the graph; ``parent_key`` is the authority this
    one sits UNDER (district → province → Government).
    """

    key: str
    name: str
    level: Level
    kind: str = "other"  # government, ministry, people_committee, department, party, command …
    parent_key: str | None = None
    admin_code: str | None = None  # code on the administrative map (vietnamadminunits)
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A node for one document: ingested (``full``) or known only from references (``stub``)."""

    key: str
    kind: str | None
    number: str | None
    symbol: str | None
    year: int | None
    issued_on: PartialDate | None = None
    subject: str | None = None
    level: Level = Level.UNKNOWN
    issuer_key: str | None = None
    status: DocumentStatus = DocumentStatus.STUB
    source: str | None = None  # path of the ingested file
    sha256: str | None = None
    year_inferred: bool = False  # year taken from the citing letter's date


@dataclass(frozen=True, slots=True)
class Citation:
    """An IMPLEMENTS / BASED_ON / CITES edge from a citing letter to a cited document."""

    source_key: str
    target_key: str
    relation: Relation
    text: str  # the matched reference text
    start: int  # offsets into the citing letter's text
    end: int
    evidence: str  # the sentence around the reference
    resolution: Resolution = Resolution.STUB
    candidates: tuple[str, ...] = field(default=())  # for AMBIGUOUS / POSSIBLE_MATCH
    score: float | None = None  # for POSSIBLE_MATCH


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference as the graph sees it, before it is resolved to a document node.

    ``issuer_key`` is the resolved authority of the cited document (``None`` when unknown);
    ``context_year`` is the citing letter's year, used (and marked inferred) when neither the
    symbol nor the mention's date gives one.
    """

    number: str
    kind: str | None
    symbol: str | None
    year: int | None  # year inside the symbol
    date: PartialDate | None
    issuer_key: str | None
    relation: Relation
    text: str
    start: int
    end: int
    evidence: str
    subject: str | None = None
    context_year: int | None = None
    # whom the cited document is taken to address while its own text is not in the store (a
    # Prime Minister's Công điện: every province-level people's committee of its date's map)
    audience: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IssuerCandidate:
    """One authority an ingested letter may come from, when its header names a unit many places
    share (``PHƯỜNG 1``): its key, the authorities to store if it is chosen (it, what it sits
    UNDER, and its recipients), and whom the letter addressed if it is the issuer."""

    key: str
    authorities: tuple[Authority, ...] = ()
    addressed_to: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LetterRecord:
    """Everything one ingested letter contributes to the graph.

    ``authorities`` holds the issuer, the recipients and every authority they sit UNDER (each
    ``Authority.parent_key`` is an UNDER edge); ``addressed_to`` the keys of the recipients
    (already expanded: ``UBND các huyện, thành phố`` → every district of the province).
    ``document.key`` is left for :mod:`graph.keys` to compute when it is empty.
    """

    document: Document
    text: str
    authorities: tuple[Authority, ...] = ()
    addressed_to: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    # the letter's issuer is unknown but one of these (graph.issuers picks one from the evidence)
    issuer_candidates: tuple[IssuerCandidate, ...] = ()

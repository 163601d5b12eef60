"""Canonical document keys: unique, stable across re-ingest, readable and URL-safe.

A numbered document's key is ``{year}/{number}-{symbol}``, lower-case ASCII, with
``@{issuer_key}`` appended when the symbol's issuer code is not unique nationally
(``UBND``, ``TU``, ``SYT``, ``TTCH``… exist in every province; ``TTg``, ``CP``, ``BYT`` do not;
the codes are in :mod:`graph.codes`):

>>> document_key("1068", "CĐ-TTg", 2021)
'2021/1068-cd-ttg'
>>> document_key("15", "NĐ-CP", 2021, issuer_key="chinh-phu")
'2021/15-nd-cp'
>>> document_key("3542", "UBND-VX", 2022, issuer_key="ubnd-tinh-lai-chau")
'2022/3542-ubnd-vx@ubnd-tinh-lai-chau'
>>> document_key("279", "TB/TU", 2021, issuer_key="tinh-uy-lai-chau")
'2021/279-tb-tu@tinh-uy-lai-chau'

A local symbol cited without a known issuer gets the ``@unknown`` placeholder (the citation is
then marked ambiguous or stub); a missing year is written ``undated``; leading zeros go:

>>> document_key("3542", "UBND-VX", 2022)
'2022/3542-ubnd-vx@unknown'
>>> document_key("07", "TB-VPCP", None)
'undated/7-tb-vpcp'

An unnumbered draft (``Số: /UBND-VX``) is keyed by issuer, date and a hash of its text:

>>> draft_key("UBND-VX", "ubnd-huyen-muong-te", PartialDate(2021, 8), "Kính gửi: …")
'2021/draft-ubnd-vx-2021-08-d00339fc@ubnd-huyen-muong-te'

Numbers typed the way analysts know them parse back to their parts:

>>> parse_number_text("1068/CĐ-TTg")
ParsedNumber(number='1068', symbol='CĐ-TTg', year=None)
>>> parse_number_text("15/2021/NĐ-CP")
ParsedNumber(number='15', symbol='NĐ-CP', year=2021)
>>> parse_number_text("279-TB/TU")
ParsedNumber(number='279', symbol='TB/TU', year=None)
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

from graph.codes import NATIONAL_ISSUER_CODES, TYPE_CODE_KEYS
from graph.models import Document, Level, PartialDate
from graph.normalize import fold, slugify

__all__ = [
    "UNKNOWN_ISSUER",
    "ParsedNumber",
    "document_key",
    "draft_key",
    "is_document_key",
    "issuer_code",
    "key_of",
    "national_level",
    "normalize_number",
    "number_index_key",
    "parse_number_text",
    "symbol_slug",
]

UNKNOWN_ISSUER = "unknown"
UNDATED = "undated"

# Splits a symbol into its codes: "CĐ-TTg" -> CĐ, TTg; "TB/TU" -> TB, TU; "BYT-DP" -> BYT, DP.
# Must split on "-" and "/"; must not split "BGDĐT".
_CODE_SPLIT = re.compile(r"[-/\s.]+")
# Trailing legislature digits: "QH14" -> "QH". Must match "14" in "QH14"; must not touch "TTg".
_TRAILING_DIGITS = re.compile(r"\d+$")
# "1068/CĐ-TTg", "15/2021/NĐ-CP", "3542 / UBND-VX". Must not match "279-TB/TU" (party style).
_ADMIN_NUMBER = re.compile(
    r"^\s*(?:số\s*:?\s*)?(?P<number>\d+[a-zA-Z]?)\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?"
    r"(?P<symbol>[^\s/][^\s]*)\s*$",
    re.IGNORECASE,
)
# Party style "279-TB/TU", "12-CT/TU". Must not match "1068/CĐ-TTg".
_PARTY_NUMBER = re.compile(
    r"^\s*(?:số\s*:?\s*)?(?P<number>\d+)\s*-\s*(?P<symbol>[^\W\d_]+\s*/\s*[^\s]+)\s*$",
    re.IGNORECASE,
)
# A canonical key: "2021/1068-cd-ttg", "undated/7-tb-vpcp@x", "2021/draft-ubnd-vx-2021-08-ab@y".
# Must not match "1068/CĐ-TTg" (upper case, diacritics).
_KEY = re.compile(r"^(?:\d{4}|undated)/[a-z0-9][a-z0-9-]*(?:@[a-z0-9][a-z0-9-]*)?$")


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """A number/symbol as written: ``1068/CĐ-TTg`` -> number, symbol, year-in-symbol."""

    number: str
    symbol: str
    year: int | None


@functools.lru_cache(maxsize=1 << 16)
def normalize_number(number: str) -> str:
    """``"07"`` -> ``"7"``, ``"12A"`` -> ``"12a"``.

    >>> normalize_number("0068")
    '68'
    """
    n = slugify(number)
    stripped = n.lstrip("0")
    return stripped if stripped else n


@functools.lru_cache(maxsize=1 << 14)
def symbol_slug(symbol: str | None) -> str:
    """``"CĐ-TTg"`` -> ``"cd-ttg"``; ``"TB/TU"`` -> ``"tb-tu"``; ``None`` -> ``""``."""
    return slugify(symbol or "")


def _codes(symbol: str) -> list[str]:
    return [c for c in _CODE_SPLIT.split(fold(symbol).upper()) if c]


def issuer_code(symbol: str | None) -> str | None:
    """The issuer's code inside a symbol: the first code that is not a document type.

    >>> issuer_code("CĐ-TTg"), issuer_code("UBND-VX"), issuer_code("TB/TU"), issuer_code("TB")
    ('TTG', 'UBND', 'TU', None)
    """
    if not symbol:
        return None
    for code in _codes(symbol):
        if code not in TYPE_CODE_KEYS:
            return code
    return None


def national_level(symbol: str | None) -> Level | None:
    """The level of a nationally unique issuer code in ``symbol``, else ``None``.

    >>> national_level("NQ/TW"), national_level("BYT-DP"), national_level("UBND-VX")
    (<Level.CENTRAL: 'central'>, <Level.MINISTRY: 'ministry'>, None)
    """
    code = issuer_code(symbol)
    if code is None:
        return None
    level = NATIONAL_ISSUER_CODES.get(code)
    if level is None:
        level = NATIONAL_ISSUER_CODES.get(_TRAILING_DIGITS.sub("", code))
    return level


def number_index_key(number: str, symbol: str | None) -> tuple[str, str]:
    """What two mentions of one number share whatever their issuer and year."""
    return normalize_number(number), symbol_slug(symbol)


def _year_part(year: int | None) -> str:
    return f"{year:04d}" if year is not None else UNDATED


def document_key(
    number: str, symbol: str | None, year: int | None, issuer_key: str | None = None
) -> str:
    """The key of a numbered document (see the module docstring)."""
    n, s = number_index_key(number, symbol)
    key = f"{_year_part(year)}/{n}-{s}" if s else f"{_year_part(year)}/{n}"
    if national_level(symbol) is None:
        key += f"@{slugify(issuer_key) if issuer_key else UNKNOWN_ISSUER}"
    return key


def _content_digest(text: str) -> str:
    """Eight hex digits of the whitespace-folded text: the same letter always gives the same."""
    return hashlib.sha256(" ".join(fold(text).split()).encode()).hexdigest()[:8]


def draft_key(
    symbol: str | None, issuer_key: str | None, issued_on: PartialDate | None, text: str
) -> str:
    """The key of an unnumbered draft: issuer, date and a hash of the whitespace-folded text."""
    digest = _content_digest(text)
    year = issued_on.year if issued_on else None
    date = issued_on.iso() if issued_on and issued_on.year else UNDATED
    s = symbol_slug(symbol)
    body = f"draft-{s}-{date}-{digest}" if s else f"draft-{date}-{digest}"
    return f"{_year_part(year)}/{body}@{slugify(issuer_key) if issuer_key else UNKNOWN_ISSUER}"


def key_of(document: Document, text: str = "") -> str:
    """The key of an ingested document: its own when set, else computed from its fields."""
    if document.key:
        return document.key
    year = document.year
    if year is None and document.issued_on is not None:
        year = document.issued_on.year
    if not document.number:
        return draft_key(document.symbol, document.issuer_key, document.issued_on, text)
    issuer_key = document.issuer_key
    if issuer_key is None and national_level(document.symbol) is None:
        # An ingested letter whose issuer could not be resolved: two such letters with the same
        # local number are different documents until proven otherwise, so key by content too.
        digest = _content_digest(text)
        issuer_key = f"{UNKNOWN_ISSUER}-{digest}"
    return document_key(document.number, document.symbol, year, issuer_key)


def parse_number_text(text: str) -> ParsedNumber | None:
    """Split a typed number/symbol into its parts; ``None`` when it is not one (or is a key)."""
    if is_document_key(text.strip()):
        return None
    m = _ADMIN_NUMBER.match(text) or _PARTY_NUMBER.match(text)
    if m is None:
        return None
    year = m.groupdict().get("year")
    return ParsedNumber(m["number"], re.sub(r"\s+", "", m["symbol"]), int(year) if year else None)


def is_document_key(text: str) -> bool:
    """Whether ``text`` has the shape of a canonical document key.

    >>> is_document_key("2021/1068-cd-ttg"), is_document_key("1068/CĐ-TTg")
    (True, False)
    """
    return bool(_KEY.match(text))

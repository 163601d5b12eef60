"""A letter as lines (cleaned, markdown and table cells undone, rules and signature stamps
dropped, blank-line gaps counted) and what kind of line each one is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from ingest.letter.patterns import (
    BR_RE,
    CC_RE,
    FIELD_CLEANING,
    MARKUP_CHARS,
    MARKUP_RE,
    MOTTO_RE,
    NUMBER_RE,
    PARTY_NUMBER_RE,
    PLACE_DATE_RE,
    PLACE_NUMERIC_DATE_RE,
    RECIPIENTS_RE,
    RULE_CHARS,
    STAMP_RE,
    TITLE_KINDS,
)
from ingest.text.clean import LITERAL_BREAK_RE, clean_text

__all__ = [
    "Line", "is_field", "is_upper", "item_text", "join_parts", "physical_lines", "place_date",
    "split_lines", "title_kind",
]


class Line(NamedTuple):
    text: str  # NFC, stripped, markdown emphasis removed
    gap: int  # blank lines before it


def physical_lines(text: str) -> Iterator[str]:
    """Lines of the cleaned text; a markdown table row gives one line per cell (left first)."""
    for raw in clean_text(text, FIELD_CLEANING).text.splitlines():
        line = raw.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            parts = [p for cell in line[1:-1].split("|") for p in BR_RE.split(cell)]
        elif "<br" in line:
            parts = BR_RE.split(line)
        else:
            parts = [line]
        for part in parts:
            yield from (LITERAL_BREAK_RE.split(part) if "\\" in part else (part,))


def split_lines(text: str) -> list[Line]:
    """The letter's non-empty lines with the count of blank ones before each (rules, markup and
    digital-signature stamps count as blank)."""
    out: list[Line] = []
    gap = 0
    for raw in physical_lines(text):
        line = raw.strip()
        if line[:1] in MARKUP_CHARS or line[-1:] in MARKUP_CHARS:
            line = MARKUP_RE.sub("", MARKUP_RE.sub("", line).strip()).strip()
        rule = line[:1] in RULE_CHARS and not line.strip("".join(RULE_CHARS) + ": ")
        if not line or rule or STAMP_RE.match(line):
            gap += 1
            continue
        out.append(Line(" ".join(line.split()), gap))
        gap = 0
    return out


def is_upper(s: str) -> bool:
    return s.isupper() and len(s) >= 2  # str.isupper: every cased character is upper-case


def title_kind(s: str) -> str | None:
    """The kind a title line names (``KẾ HOẠCH``); ``QUYẾT ĐỊNH:`` opens a decision's articles."""
    return TITLE_KINDS.get(s.rstrip(".")) if is_upper(s) else None


def is_field(s: str) -> bool:
    """A line that opens another header field (stops a multi-line subject)."""
    return bool(
        NUMBER_RE.match(s) or PARTY_NUMBER_RE.match(s) or RECIPIENTS_RE.match(s)
        or CC_RE.match(s) or MOTTO_RE.search(s) or title_kind(s)
        or place_date(s) or (is_upper(s) and len(s.split()) >= 3)
    )


def place_date(s: str) -> re.Match[str] | None:
    """A place-date line: the match fills the line (``từ 0 giờ, ngày 23 tháng 9 năm 2021 cho đến``
    in a sentence is not one) and its place, if any, is a capitalised name."""
    s = s.strip()
    m = PLACE_DATE_RE.match(s) or PLACE_NUMERIC_DATE_RE.match(s)
    if m is None or s[: m.start()].strip() or s[m.end() :].strip(" .,;"):
        return None
    return m if not m.group("place") or m.group("place")[0].isupper() else None


def item_text(s: str) -> str:
    return s.strip().rstrip(";,.").strip()


def join_parts(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if out.endswith("-") and len(out) > 1 and not out[-2].isspace():
            out += p  # "1068/CĐ-" + "TTg"
        else:
            out = f"{out} {p}" if out else p
    return out.strip()


"""The authorities a letter may come from when its header names a unit that many places share.

``ỦY BAN NHÂN DÂN / PHƯỜNG PHƯỜNG 1`` names one of 33 wards; ``UBND HUYỆN CHÂU THÀNH`` one of
ten districts. The letter's own evidence (:mod:`ingest.letter.scope`) often narrows that down to
a province but not to one unit. Rather than guess, the letter keeps every candidate the header
allows inside the scopes its evidence gives; the graph then picks the one whose parents issued
the documents the letter cites (:mod:`graph.issuers`), when the evidence is there, and leaves the
issuer unknown when it is not.
"""

from __future__ import annotations

import datetime as dt
import re

from graph.models import Authority, Level
from graph.normalize import fold
from ingest.gazetteer.authorities import Gazetteer
from ingest.letter.fields import LetterFields
from ingest.letter.issuer import context_of, level_word
from ingest.letter.scope import evidence_scopes

__all__ = ["MAX_CANDIDATES", "issuer_candidates"]

MAX_CANDIDATES = 40

# A people's committee at the start of a folded header, also with its first letter dropped by a
# bad scan. Matches "uy ban nhan dan", "ubnd phuong 1", "y ban nhan dan"; must not match
# "uy ban mat tran to quoc" or "ban chi dao".
_COMMITTEE_HEAD_RE = re.compile(r"^(?:u?y ban nhan dan|ubnd)\b")
# The level a unit's type word gives. Matches "xa tan lap", "thi tran ...", "huyen chau thanh";
# must not match "tinh lai chau" (a province's name is not shared).
_UNIT_LEVEL_RE = re.compile(r"^(?:(?P<commune>xa|phuong|thi tran)|(?P<district>huyen|quan|thi xa|thanh pho))\b")


def issuer_candidates(
    fields: LetterFields, gazetteer: Gazetteer, on: dt.date | None, anchor: Authority | None = None
) -> tuple[Authority, ...]:
    """Every people's committee (or office of one) the letter's header may name, inside the scopes its evidence
    allows (``anchor``, the authority that places its references, among them); ``()`` when the
    header names no local unit or more than :data:`MAX_CANDIDATES` of that name. One candidate
    is the unit (``PHƯỜNG B'LAO``: its name is nowhere else, or nowhere else in its province).

    >>> from ingest.gazetteer.authorities import default_gazetteer
    >>> from ingest.letter.fields import read_fields
    >>> fields = read_fields("ỦY BAN NHÂN DÂN\\nPHƯỜNG PHƯỜNG 1\\n\\nSố: /UBND-VP\\n")
    >>> len(issuer_candidates(fields, default_gazetteer(), dt.date(2022, 9, 1))) > 10
    True
    """
    named = _header_unit(fields) if fields.issuer_block else _writer_unit(fields)
    if named is None:
        return ()
    unit, level, office = named
    found = gazetteer.committees_named(unit, level, on=on, limit=MAX_CANDIDATES)
    if office:  # "UBND HUYỆN CHÂU THÀNH / PHÒNG TÀI CHÍNH - KẾ HOẠCH": that office of each
        found = [o for c in found if (o := _office_of(office, c, gazetteer, on)) is not None]
    if not found:
        return ()
    scopes = evidence_scopes(fields, gazetteer, on)
    if anchor is not None and anchor.level in (Level.PROVINCE, Level.DISTRICT):
        scopes.append(anchor)
    if scopes:
        keys = {s.key for s in scopes}
        inside = [a for a in found if any(link.key in keys for link in gazetteer.chain_up(a))]
        found = inside or found
    return tuple(found)


def _level_of(type_word: str) -> Level | None:
    m = _UNIT_LEVEL_RE.match(fold(type_word))
    if m is None:
        return None
    return Level.COMMUNE if m["commune"] else Level.DISTRICT


def _header_unit(fields: LetterFields) -> tuple[str, Level, str | None] | None:
    """``ỦY BAN NHÂN DÂN / PHƯỜNG PHƯỜNG 1`` -> (``PHƯỜNG PHƯỜNG 1``, commune, ``None``);
    ``UBND HUYỆN CHÂU THÀNH / PHÒNG Y TẾ`` -> (``HUYỆN CHÂU THÀNH``, district, ``PHÒNG Y TẾ``)."""
    lines = [line.strip() for line in (fields.issuer_block or "").split("\n") if line.strip()]
    for cut in range(1, len(lines) + 1):  # the unit on the first lines, an office below it
        joined = " ".join(lines[:cut])
        head = _COMMITTEE_HEAD_RE.match(fold(joined))
        if head is None:
            return None
        unit = joined[head.end() :].strip(" -:,")
        level = _level_of(unit)
        if level is not None and unit:
            office = " ".join(lines[cut:]) or None
            if office is not None and _level_of(office) is not None:
                continue  # "XÃ …" under "UBND HUYỆN …": the unit is the last line
            return unit, level, office
    return None


def _office_of(
    office: str, committee: Authority, gazetteer: Gazetteer, on: dt.date | None
) -> Authority | None:
    """The office ``office`` names under ``committee`` (its Phòng, its command centre)."""
    found = gazetteer.resolve(office, context_of(committee, gazetteer, on))
    if found is None or not any(a.key == committee.key for a in gazetteer.chain_up(found)[1:]):
        return None
    return found


def _writer_unit(fields: LetterFields) -> tuple[str, Level, str | None] | None:
    """A letter without a header: its place line and the level its writer names (``Lộc An, ngày
    …`` and ``Chủ tịch UBND xã …``) -> (``xã Lộc An``, commune)."""
    if not fields.place:
        return None
    for text in (fields.body_issuer, fields.signer_title):
        word = level_word(text)  # None after a named unit ("huyện Tam Đường")
        if word is not None and (level := _level_of(word)) is not None:
            return f"{word} {fields.place}", level, None
    return None

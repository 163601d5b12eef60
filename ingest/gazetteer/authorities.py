"""The authority gazetteer: who issued a document, from its name or its symbol.

Central bodies, ministries and Party bodies come from the central table
(:mod:`ingest.gazetteer.central`); local ones (UBND tỉnh/huyện/xã, their Sở and Phòng, Party
committees, command centres) from the administrative map of the letter's date
(:mod:`ingest.gazetteer.admin_map`, :mod:`ingest.gazetteer.places`), made by :mod:`ingest.gazetteer.local`, whose
keys read back in any process: :meth:`Gazetteer.get` knows every authority the gazetteer can make.

>>> g = default_gazetteer()
>>> g.resolve("Thủ tướng Chính phủ").key
'thu-tuong-chinh-phu'
>>> g.by_symbol("15/2021/NĐ-CP".split("/")[-1]).name
'Chính phủ'
>>> g.resolve("UBND huyện Mường Tè").key
'ubnd-huyen-muong-te-lai-chau'
>>> g.resolve("ỦY BAN NHÂN DÂN THÀNH PHỐ LÀO CAI").key
'ubnd-thanh-pho-lao-cai-lao-cai'
>>> [a.key for a in g.chain_up(g.get("phong-y-te-muong-te-lai-chau"))]
['phong-y-te-muong-te-lai-chau', 'ubnd-huyen-muong-te-lai-chau', 'ubnd-tinh-lai-chau', 'chinh-phu']
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from graph.codes import TYPE_CODES
from graph.models import Authority, Level
from graph.normalize import fold
from ingest.gazetteer.admin_map import ERAS, MAP_CHANGE, AdminMap, AdminUnit, load_admin_map
from ingest.gazetteer.central import (
    DATA_FILE,
    CentralBodies,
    code_key,
    load_central_bodies,
    norm_name,
)
from ingest.gazetteer.local import GOVERNMENT, PARTY_CC, LocalAuthorities
from ingest.gazetteer.places import TYPE_WORDS, find_place
from ingest.references.grammar import (
    EDGE_JUNK,
    LEVEL_NAME_RE,
    PARTY_RE,
    SPACES_RE,
    SYMBOL_SPLIT_RE,
    WORD_RE,
)
from ingest.references.vocabulary import (
    ACTING_HEADS,
    COUNCIL_HEADS,
    OFFICE_TITLES,
    PARTY_HEADS,
    PEOPLE_COMMITTEE_HEADS,
)

__all__ = ["DATA_FILE", "GOVERNMENT", "PARTY_CC", "Context", "Gazetteer", "default_gazetteer"]

log = logging.getLogger(__name__)

# A Party committee head -> the type word of the unit it leads (its name follows).
_PARTY_TYPES = {head: word for head, (_, word) in PARTY_HEADS.items()}
_STANDING = {"ban thuong vu": "Ban Thường vụ", "thuong truc": "Thường trực"}
# Leading words of a group of bodies ("Các sở, ban, ngành"), which is no authority.
_GROUPS = ("cac ", "nhung ", "toan the ")
# Symbol codes that stand for the letter's own people's committee / Party committee.
_UBND_CODES = ("UBND", "CTUBND", "VP", "VPUBND", "UB")
_PARTY_CODES = {"TU": "Tỉnh ủy", "HU": "Huyện ủy", "QU": "Quận ủy"}


@dataclass(frozen=True, slots=True)
class Context:
    """Where a letter sits, for resolving ``UBND tỉnh``, ``UBND-VX``, ``Sở Y tế``."""

    issuer: Authority | None = None  # the citing letter's issuer
    province: Authority | None = None  # its province-level UBND (or the province named)
    on: dt.date | None = None  # letter date -> which admin map


def _clean(text: str) -> str:
    """NFC, single spaces, no edge punctuation: ``fold`` of it has the same length."""
    return SPACES_RE.sub(" ", unicodedata.normalize("NFC", text)).strip(EDGE_JUNK)


class Gazetteer:
    """Resolves authority names and symbol codes to :class:`~graph.models.Authority` records.

    ``maps`` gives the administrative map of an era (``"old"``, ``"new"``).
    """

    def __init__(self, table: CentralBodies, *, maps: Callable[[str], AdminMap] = load_admin_map) -> None:
        self._table = table
        self._maps = maps
        self._local = LocalAuthorities(
            departments=table.departments.values(),
            offices=table.offices.values(),
            bodies=table.bodies,
            maps=maps,
        )
        self._bodies = {norm_name(n): n for n, _ in table.bodies}
        self._cache: dict[tuple[str, str, tuple[str | None, ...]], Authority | None] = {}
        self._labels: dict[str, str | None] = {}
        self._provinces: dict[str, list[Authority]] = {}  # era -> province committees

    # -- lookups ---------------------------------------------------------------------------

    def get(self, key: str) -> Authority | None:
        """Any authority the gazetteer can make, by key (central, or local in any process)."""
        return self._table.authorities.get(key) or self._local.get(key)

    def chain_up(self, authority: Authority) -> list[Authority]:
        """``authority``, its parent, … up to the top (the Government or the Party CC)."""
        chain = [authority]
        seen = {authority.key}
        while (parent_key := chain[-1].parent_key) and parent_key not in seen:
            parent = self.get(parent_key)
            if parent is None:
                log.warning("%s sits under %s, which is unknown", chain[-1].key, parent_key)
                break
            chain.append(parent)
            seen.add(parent_key)
        return chain

    def children(self, authority: Authority, level: Level, *, on: dt.date | None = None) -> list[Authority]:
        """Authorities under ``authority`` at ``level``: the UBND of every district of a
        province (``Level.DISTRICT``), of every commune of a district (``Level.COMMUNE``), or
        the central bodies and ministries under a central body. ``on`` picks the map (the
        old one first, then the new one, when not given)."""
        if authority.key in self._table.authorities:
            return self._table.children(authority.key, level)
        eras = [_era(on)] if on is not None else list(ERAS)
        for amap in map(self._maps, eras):
            unit = self._local.unit_of(authority, amap) if authority.kind == "people_committee" else None
            if unit is None:
                continue
            if level is Level.DISTRICT and unit.level is Level.PROVINCE:
                units = amap.districts_of(unit)
            elif level is Level.COMMUNE and unit.level in (Level.PROVINCE, Level.DISTRICT):
                units = amap.communes_of(unit)
            else:
                return []
            return [self._local.ubnd(u, amap) for u in units]
        return []

    def province_committees(self, on: dt.date | None = None) -> list[Authority]:
        """The people's committee of every province-level unit on the map of ``on`` (63 before
        2025-07-01, 34 after), by code."""
        era = _era(on)
        if era not in self._provinces:  # asked for every national directive a letter cites
            amap = self._maps(era)
            self._provinces[era] = [self._local.ubnd(u, amap) for u in amap.provinces()]
        return list(self._provinces[era])

    def committees_named(
        self, name: str, level: Level, *, on: dt.date | None = None, limit: int = 40
    ) -> list[Authority]:
        """The people's committees of every unit of ``level`` named exactly ``name`` on the map
        of ``on`` (``PHƯỜNG PHƯỜNG 1`` -> the UBND of each Phường 1), or ``[]`` when more than
        ``limit`` share it (such a name says nothing)."""
        amap = self._maps(_era(on))
        units = amap.named(name, level)
        if len(units) > limit:
            return []
        return [self._local.ubnd(u, amap) for u in units]

    def find_prefix(self, text: str) -> tuple[Authority, int] | None:
        """The longest central body or ministry named at the start of ``text`` and the number
        of characters of ``text`` its name covers (``Bộ Y tế về việc …`` -> Bộ Y tế, 7)."""
        return self._table.find_prefix(text)

    # -- names -----------------------------------------------------------------------------

    def resolve(self, text: str, context: Context | None = None) -> Authority | None:
        """The authority ``text`` names, using ``context`` for what the name leaves out."""
        memo = ("name", text, _context_key(context))
        if memo in self._cache:
            return self._cache[memo]
        if len(self._cache) > 50_000:
            self._cache.clear()
        found = self._cache[memo] = self._resolve(text, context)
        return found

    def _resolve(self, text: str, context: Context | None) -> Authority | None:
        clean = _clean(text)
        if not clean:
            return None
        if (central := self._table.by_name(clean)) is not None:
            return central
        written = " ".join(clean.replace(".", ". ").split()).strip(EDGE_JUNK)
        folded = fold(written)  # same length as ``written``: offsets are shared
        for acting in ACTING_HEADS:
            if folded.startswith(acting + " ") and folded[len(acting) + 1 :].startswith(("uy ban", "ubnd")):
                folded, written = folded[len(acting) + 1 :], written[len(acting) + 1 :]
        try:
            found = self._resolve_local(folded, written, context or Context())
        except (ValueError, KeyError):  # a map without the unit's parent: never raise on names
            log.debug("could not resolve %r", text, exc_info=True)
            found = None
        if found is None:  # "Bộ trưởng Bộ Y tế", "Giám đốc Sở Y tế": the office's holder
            for title in OFFICE_TITLES:
                if folded.startswith(title + " ") and len(folded) > len(title) + 3:
                    return self._resolve(written[len(title) + 1 :], context)
        return found

    def _resolve_local(self, folded: str, written: str, ctx: Context) -> Authority | None:
        amap = self._maps(_era(ctx.on))
        around = self._around(ctx, amap)
        for head in PEOPLE_COMMITTEE_HEADS + COUNCIL_HEADS:
            if folded == head or folded.startswith(head + " "):
                rest = written[len(head) :].strip(EDGE_JUNK)
                unit = find_place(rest, amap, around) if rest else None
                if unit is None:
                    return None
                if head in PEOPLE_COMMITTEE_HEADS:
                    return self._local.ubnd(unit, amap)
                return self._local.council(unit, amap)
        if m := PARTY_RE.match(folded):
            return self._party(m, written, amap, around)
        for table, level in ((self._table.departments, Level.PROVINCE), (self._table.offices, Level.DISTRICT)):
            if found := _table_prefix(folded, table):
                return self._department(found, written, amap, around, level)
        if folded.startswith(_GROUPS):
            return None  # "Các ban, ngành, đoàn thể xã": many bodies, not one
        for start in (0, *(i for i, ch in enumerate(folded) if ch == " ")):
            if (m := LEVEL_NAME_RE.match(folded, start)) is None:
                continue  # no place from here on: "xã hội tỉnh …" is no commune, "tỉnh …" is
            if start and not m["name"] and written[start:].strip().lower() not in TYPE_WORDS.values():
                continue  # "… đơn vị liên quan": a bare type word must be written as one
            unit = find_place(written[start:].strip(), amap, around)
            if unit is None:
                continue
            if start == 0:  # "HUYỆN MUỜNG TÈ" under an UBND block
                return self._local.ubnd(unit, amap)
            label = written[:start].strip(EDGE_JUNK)  # "Trung tâm chỉ huy … huyện"
            known = _table_prefix(folded, self._bodies)
            if known is not None and known[1] >= start - 1:
                label = known[0]
            return self._local.body(label, unit, amap) if len(label) >= 3 else None
        return None

    def _around(self, ctx: Context, amap: AdminMap) -> list[AdminUnit]:
        """The units the letter sits in on ``amap``, nearest first (its issuer's chain, then
        the context province)."""
        chain = self.chain_up(ctx.issuer) if ctx.issuer is not None else []
        if ctx.province is not None:
            chain.append(ctx.province)
        units: list[AdminUnit] = []
        for a in chain:
            unit = self._local.unit_of(a, amap)
            if unit is not None and unit not in units:
                units.append(unit)
        return units

    def _department(
        self, found: tuple[str, int], written: str, amap: AdminMap, around: list[AdminUnit], level: Level
    ) -> Authority | None:
        """``Sở Y tế tỉnh Lai Châu``, ``Phòng Y tế`` (+context): a department of a unit."""
        name, end = found
        rest = written[end:].strip(EDGE_JUNK)
        if rest:
            unit = find_place(rest, amap, around)
        else:
            unit = next((u for u in around if u.level is level), None)
        if unit is None or unit.level is not level:
            return None
        return self._local.department(name, unit, amap)

    def _party(self, m: re.Match[str], written: str, amap: AdminMap, around: list[AdminUnit]) -> Authority | None:
        name = written[m.start("name") : m.end("name")].strip() if m["name"] else ""
        if m["bo"]:  # "Đảng bộ tỉnh Thừa Thiên Huế"
            phrase = f"{written[m.start('bo') : m.end('bo')]} {name}"
        elif m["head"] == "dang uy" and name and LEVEL_NAME_RE.match(" " + fold(name)):
            phrase = name  # "Đảng ủy xã Tân Hưng"
        else:
            phrase = f"{_PARTY_TYPES[m['head']]} {name}"
        unit = find_place(phrase.strip(), amap, around)
        if unit is None:
            return None
        if m["prefix"] in _STANDING:
            return self._local.standing(unit, amap, _STANDING[m["prefix"]])
        return self._local.committee(unit, amap)

    # -- symbols ---------------------------------------------------------------------------

    def by_symbol(self, symbol: str, context: Context | None = None) -> Authority | None:
        """The issuer a symbol's codes name: ``CĐ-TTg`` -> Thủ tướng Chính phủ, ``BYT-DP`` ->
        Bộ Y tế, ``UBND-VX`` -> the context's UBND; ``KL/TW`` -> ``None`` (ambiguous)."""
        memo = ("symbol", symbol, _context_key(context))
        if memo in self._cache:
            return self._cache[memo]
        found = self._cache[memo] = self._by_symbol(symbol, context or Context())
        return found

    def _by_symbol(self, symbol: str, ctx: Context) -> Authority | None:
        table = self._table
        for code in self._issuer_codes(symbol):
            if (key := table.codes.get(code)) is not None:
                return table.authorities[key]
            if code in _UBND_CODES:
                return self._nearest_ubnd(ctx)
            if code in table.department_codes:
                return self.resolve(table.department_codes[code], ctx)
            if code in table.office_codes:
                return self.resolve(table.office_codes[code], ctx)
            if code in _PARTY_CODES:
                return self.resolve(_PARTY_CODES[code], ctx)
            if code in table.ambiguous_codes:
                return None
        return None

    def issuer_code(self, key: str) -> str | None:
        """The code a central body or ministry signs its symbols with (``thu-tuong-chinh-phu``
        -> ``TTg``, ``bo-y-te`` -> ``BYT``), ``None`` for other authorities."""
        return self._table.own_codes.get(key)

    def symbol_label(self, symbol: str) -> str | None:
        """A generic name for a symbol's issuer when no authority can be resolved:
        ``SNV-CCHC`` -> ``Sở Nội vụ``, ``NQ/TU`` -> ``Tỉnh ủy``; ``None`` when unknown."""
        if symbol not in self._labels:
            self._labels[symbol] = self._symbol_label(symbol)
        return self._labels[symbol]

    def _symbol_label(self, symbol: str) -> str | None:
        table = self._table
        for code in self._issuer_codes(symbol):
            if (key := table.codes.get(code)) is not None:
                return table.authorities[key].name
            if code in table.department_codes:
                return table.department_codes[code]
            if code in table.office_codes:
                return table.office_codes[code]
            if code in ("TU", "HU"):
                return _PARTY_CODES[code]
        return None

    def _issuer_codes(self, symbol: str) -> list[str]:
        codes = [code_key(c) for c in SYMBOL_SPLIT_RE.split(symbol.strip()) if c]
        if len(codes) > 1 and (codes[0] in TYPE_CODES or codes[0] == "CV"):
            codes = codes[1:]
        return [c for c in codes if not c.isdigit()]

    def _nearest_ubnd(self, ctx: Context) -> Authority | None:
        chain = self.chain_up(ctx.issuer) if ctx.issuer is not None else []
        for a in [*chain, *([ctx.province] if ctx.province else [])]:
            if a.kind == "people_committee":
                return a
        return None


def _table_prefix(folded: str, table: Mapping[str, str]) -> tuple[str, int] | None:
    """The longest name of ``table`` (normalized name -> name) that ``folded`` starts with, and
    where it ends in ``folded``: ``so y te tinh lai chau`` -> (``Sở Y tế``, 7)."""
    found = None
    words = WORD_RE.finditer(folded)
    key = ""
    for w in words:
        key = f"{key} {w.group()}" if key else w.group()
        if key in table:
            found = (table[key], w.end())
        if len(key) > 100:
            break
    return found


def _era(on: dt.date | None) -> str:
    return "old" if on is None or on < MAP_CHANGE else "new"


def _context_key(ctx: Context | None) -> tuple[str | None, ...]:
    """What of a context changes a resolution: issuer, province, map era (cheap to hash)."""
    if ctx is None:
        return ()
    return (ctx.issuer.key if ctx.issuer else None, ctx.province.key if ctx.province else None, _era(ctx.on))


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer built from the bundled central-bodies table (built once, cached)."""
    return Gazetteer(load_central_bodies())

"""The authority gazetteer: who issued a document, from its name or its symbol.

Central bodies, ministries and Party bodies come from ``ingest/data/central_bodies.json``; local
units (UBND tỉnh/huyện/xã, their Sở and Phòng, Party committees, command centres) are built on
demand from the administrative map of the letter's date (:mod:`ingest.admin_map`).

>>> g = default_gazetteer()
>>> g.resolve("Thủ tướng Chính phủ").key
'thu-tuong-chinh-phu'
>>> g.by_symbol("15/2021/NĐ-CP".split("/")[-1]).name
'Chính phủ'
>>> g.resolve("UBND huyện Mường Tè").key
'ubnd-huyen-muong-te-lai-chau'
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.models import Authority, Level
from graph.normalize import fold, slugify
from ingest.admin_map import MAP_CHANGE, AdminMap, AdminUnit, admin_map_for, load_admin_map
from ingest.doc_types import (
    ACTING_HEADS,
    COUNCIL_HEADS,
    LEVEL_WORDS,
    OFFICE_TITLES,
    PARTY_HEADS,
    PEOPLE_COMMITTEE_HEADS,
    TYPE_CODES,
)
from ingest.patterns import EDGE_JUNK, LEVEL_NAME_RE, PARTY_RE, SPACES_RE, SYMBOL_SPLIT_RE, WORD_RE

__all__ = ["Context", "Gazetteer", "default_gazetteer"]

log = logging.getLogger(__name__)

DATA_FILE = Path(__file__).parent / "data" / "central_bodies.json"
GOVERNMENT = "chinh-phu"
PARTY_CC = "ban-chap-hanh-trung-uong-dang"

@dataclass(frozen=True, slots=True)
class Context:
    """Where a letter sits, for resolving ``UBND tỉnh``, ``UBND-VX``, ``Sở Y tế``."""

    issuer: Authority | None = None  # the citing letter's issuer
    province: Authority | None = None  # its province-level UBND (or the province named)
    on: dt.date | None = None  # letter date -> which admin map


def _clean(text: str) -> str:
    """NFC, single spaces, no edge punctuation: ``fold`` of it has the same length."""
    return SPACES_RE.sub(" ", unicodedata.normalize("NFC", text)).strip(EDGE_JUNK)


@functools.cache
def _fold_table() -> dict[int, str]:
    """``graph.normalize.fold`` of every Latin letter, as a ``str.translate`` table."""
    table: dict[int, str] = {}
    for cp in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        folded = fold(chr(cp))
        if len(folded) == 1 and folded != chr(cp):
            table[cp] = folded
    return table


def _fold(text: str) -> str:
    """``fold`` for NFC text at C speed (same result, same length)."""
    return text.translate(_fold_table())


def _norm(text: str) -> str:
    """Folded words only: the lookup key of a name (``Bộ Y tế.`` -> ``bo y te``)."""
    return " ".join(WORD_RE.findall(_fold(unicodedata.normalize("NFC", text))))


def _code_key(code: str) -> str:
    return _fold(code).replace("&", "").upper()


class Gazetteer:
    """Resolves authority names and symbol codes to :class:`~graph.models.Authority` records.

    Local authorities are created on first use and remembered, so :meth:`get` finds every
    authority that :meth:`resolve`, :meth:`by_symbol` or :meth:`children` has returned, and
    every authority they sit UNDER.
    """

    def __init__(
        self,
        central: Iterable[Authority],
        aliases: dict[str, str],
        codes: dict[str, str],
        departments: Iterable[tuple[str, tuple[str, ...]]] = (),
        district_offices: Iterable[tuple[str, tuple[str, ...]]] = (),
        ambiguous_codes: Iterable[str] = (),
        maps: Callable[[dt.date | None], AdminMap] = admin_map_for,
    ) -> None:
        self._central = {a.key: a for a in central}
        self._aliases = dict(aliases)  # normalized name -> key
        self._codes = {_code_key(c): k for c, k in codes.items()}
        self._departments = {_norm(n): n for n, _ in departments}
        self._dept_codes = {_code_key(c): n for n, cs in departments for c in cs}
        self._offices = {_norm(n): n for n, _ in district_offices}
        self._office_codes = {_code_key(c): n for n, cs in district_offices for c in cs}
        self._ambiguous = {_code_key(c) for c in ambiguous_codes}
        self._maps = maps
        self._local: dict[str, Authority] = {}
        self._max_alias_words = max((len(a.split()) for a in self._aliases), default=1)
        self._alias_heads = {a.split()[0] for a in self._aliases if a}
        self._cache: dict[tuple[str, str, tuple[str | None, ...]], Authority | None] = {}
        self._labels: dict[str, str | None] = {}

    # -- lookups ---------------------------------------------------------------------------

    def get(self, key: str) -> Authority | None:
        return self._central.get(key) or self._local.get(key)

    def chain_up(self, authority: Authority) -> list[Authority]:
        """``authority``, its parent, … up to the top (the Government or the Party CC)."""
        chain = [authority]
        seen = {authority.key}
        while (parent_key := chain[-1].parent_key) and parent_key not in seen:
            parent = self.get(parent_key)
            if parent is None:
                break
            chain.append(parent)
            seen.add(parent_key)
        return chain

    def children(self, authority: Authority, level: Level, *, on: dt.date | None = None) -> list[Authority]:
        """Authorities under ``authority`` at ``level``: the UBND of every district of a
        province (``Level.DISTRICT``), of every commune of a district (``Level.COMMUNE``), or
        the central bodies and ministries under a central body. ``on`` picks the map (the
        one the authority was found on when not given)."""
        if authority.key in self._central:
            return [a for a in self._central.values() if a.parent_key == authority.key and a.level is level]
        unit, amap = self._unit_of(authority, on)
        if unit is None or amap is None or authority.kind != "people_committee":
            return []
        if level is Level.DISTRICT and unit.level is Level.PROVINCE:
            units = amap.districts_of(unit)
        elif level is Level.COMMUNE and unit.level in (Level.PROVINCE, Level.DISTRICT):
            units = amap.communes_of(unit)
        else:
            return []
        return [self._ubnd(u, amap) for u in units]

    def find_prefix(self, text: str) -> tuple[Authority, int] | None:
        """The longest central body or ministry named at the start of ``text`` and the number
        of characters of ``text`` its name covers (``Bộ Y tế về việc …`` -> Bộ Y tế, 7)."""
        window = text[:200]
        words = list(WORD_RE.finditer(_fold(window)))[: self._max_alias_words]
        if not words or words[0].group() not in self._alias_heads:
            return None
        keys = [words[0].group()]
        for w in words[1:]:
            keys.append(f"{keys[-1]} {w.group()}")
        for n in range(len(keys) - 1, -1, -1):
            key = self._aliases.get(keys[n])
            if key is not None:
                return self._central[key], words[n].end()
        return None

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
        norm = _norm(clean)
        if (key := self._aliases.get(norm)) is not None:
            return self._central[key]
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
        amap = self._maps(ctx.on)
        for head in PEOPLE_COMMITTEE_HEADS + COUNCIL_HEADS:
            if folded == head or folded.startswith(head + " "):
                rest = written[len(head) :].strip()
                unit = self._place(rest, amap, ctx) if rest else None
                if unit is None and rest and not LEVEL_NAME_RE.fullmatch(" " + fold(rest)):
                    unit = self._place("tỉnh " + rest, amap, ctx) or self._place("huyện " + rest, amap, ctx)
                if unit is None:
                    return None
                ubnd = self._ubnd(unit, amap)
                return ubnd if head in PEOPLE_COMMITTEE_HEADS else self._council(ubnd)
        if m := PARTY_RE.match(folded):
            return self._party(m, written, amap, ctx)
        if folded.startswith("so "):
            return self._department(folded, written, amap, ctx, self._departments, Level.PROVINCE)
        if folded.startswith("phong "):
            return self._department(folded, written, amap, ctx, self._offices, Level.DISTRICT)
        if (m := LEVEL_NAME_RE.search(folded)) and m.start() == 0:
            unit = self._place(written, amap, ctx)  # "HUYỆN MUỜNG TÈ" under an UBND block
            return self._ubnd(unit, amap) if unit is not None else None
        if m := LEVEL_NAME_RE.search(folded):
            return self._local_body(folded, written, m, amap, ctx)
        return None

    def _place(self, rest: str, amap: AdminMap, ctx: Context) -> AdminUnit | None:
        """The unit named by ``tỉnh Lai Châu`` / ``huyện Mường Tè`` / ``tỉnh`` (+context);
        ``rest`` keeps its diacritics (``Tam Đường`` and ``Tam Dương`` are different places)."""
        m = LEVEL_NAME_RE.match(" " + fold(rest))
        if m is None:
            return None
        level = LEVEL_WORDS[m["level"].rstrip(".")]
        name = rest[m.start("name") - 1 : m.end("name") - 1].strip() if m["name"] else ""
        province = self._context_unit(ctx, Level.PROVINCE, amap)
        if not name:
            return self._context_unit(ctx, level, amap)
        if level is Level.PROVINCE:
            found = amap.find_province(name)
            if found is None and m["level"].startswith(("thanh", "tp")):
                found = amap.find_district(name, province) if province else amap.find_district(name)
            return found
        if level is Level.DISTRICT:
            if province is not None and (found := amap.find_district(name, province)):
                return found
            return amap.find_district(name)
        within = self._context_unit(ctx, Level.DISTRICT, amap) or province
        return amap.find_commune(name, within) if within is not None else amap.find_commune(name)

    def _context_unit(self, ctx: Context, level: Level, amap: AdminMap) -> AdminUnit | None:
        """The unit at ``level`` the letter sits in (its issuer's chain, then its province)."""
        chain = self.chain_up(ctx.issuer) if ctx.issuer is not None else []
        if ctx.province is not None:
            chain.append(ctx.province)
        for a in chain:
            if a.level is level and a.admin_code and a.kind == "people_committee":
                unit = amap.get(a.admin_code)
                if unit is not None and unit.level is level:
                    return unit
        return None

    def _department(
        self, folded: str, written: str, amap: AdminMap, ctx: Context, table: dict[str, str],
        level: Level,
    ) -> Authority | None:
        m = LEVEL_NAME_RE.search(folded)
        body = folded[: m.start()].strip() if m else folded
        name = table.get(_norm(body))
        if name is None:
            return None
        unit = self._place(written[m.start() :].strip(), amap, ctx) if m else self._context_unit(ctx, level, amap)
        if unit is None or unit.level is not level:
            return None
        ubnd = self._ubnd(unit, amap)
        return self._register(
            Authority(
                key=f"{slugify(name)}-{_place_slug(ubnd.key)}",
                name=f"{name} {unit.type} {unit.name}",
                level=level,
                kind="department",
                parent_key=ubnd.key,
                admin_code=unit.code,
            )
        )

    def _party(self, m: re.Match[str], written: str, amap: AdminMap, ctx: Context) -> Authority | None:
        head = m["head"] or f"dang bo {m['bo']}"
        level = PARTY_HEADS.get(head) or LEVEL_WORDS[m["bo"]]
        name = written[m.start("name") : m.end("name")].strip() if m["name"] else ""
        if m["bo"]:
            unit = self._place(f"{written[m.start('bo') : m.end('bo')]} {name}".strip(), amap, ctx)
        elif head == "thanh uy" and name:
            unit = amap.find_province(name) or self._place(f"thành phố {name}", amap, ctx)
        elif name:
            word = {Level.PROVINCE: "tỉnh", Level.DISTRICT: "huyện", Level.COMMUNE: "xã"}[level]
            unit = self._place(f"{word} {name}", amap, ctx)
        else:
            unit = self._context_unit(ctx, level, amap)
        if unit is None:
            return None
        committee = self._committee(unit, amap)
        if m["prefix"] in ("ban thuong vu", "thuong truc"):
            title = "Ban Thường vụ" if m["prefix"] == "ban thuong vu" else "Thường trực"
            return self._register(
                Authority(
                    key=f"{slugify(title)}-{committee.key}",
                    name=f"{title} {committee.name}",
                    level=committee.level,
                    kind="party",
                    parent_key=committee.key,
                    admin_code=unit.code,
                )
            )
        return committee

    def _local_body(
        self, folded: str, written: str, m: re.Match[str], amap: AdminMap, ctx: Context
    ) -> Authority | None:
        """A body named with a trailing level word: ``Trung tâm chỉ huy … huyện`` (+context)."""
        unit = self._place(written[m.start() :].strip(), amap, ctx)
        body = folded[: m.start()].strip()
        if unit is None or len(body) < 3:
            return None
        ubnd = self._ubnd(unit, amap)
        label = written[: m.start()].strip()
        return self._register(
            Authority(
                key=f"{slugify(body)}-{_place_slug(ubnd.key)}",
                name=f"{label} {unit.type} {unit.name}",
                level=unit.level,
                kind="command" if "chi huy" in body or "chi dao" in body else "other",
                parent_key=ubnd.key,
                admin_code=unit.code,
            )
        )

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
        for code in self._issuer_codes(symbol):
            if (key := self._codes.get(code)) is not None:
                return self._central[key]
            if code in ("UBND", "CTUBND", "VP", "VPUBND", "UB"):
                return self._nearest_ubnd(ctx)
            if code in self._dept_codes:
                return self.resolve(self._dept_codes[code], ctx)
            if code in self._office_codes:
                return self.resolve(self._office_codes[code], ctx)
            if code in ("TU", "HU", "QU"):
                return self.resolve("Tỉnh ủy" if code == "TU" else "Huyện ủy", ctx)
            if code in self._ambiguous:
                return None
        return None

    def symbol_label(self, symbol: str) -> str | None:
        """A generic name for a symbol's issuer when no authority can be resolved:
        ``SNV-CCHC`` -> ``Sở Nội vụ``, ``NQ/TU`` -> ``Tỉnh ủy``; ``None`` when unknown."""
        if symbol not in self._labels:
            self._labels[symbol] = self._symbol_label(symbol)
        return self._labels[symbol]

    def _symbol_label(self, symbol: str) -> str | None:
        for code in self._issuer_codes(symbol):
            if (key := self._codes.get(code)) is not None:
                return self._central[key].name
            if code in self._dept_codes:
                return self._dept_codes[code]
            if code in self._office_codes:
                return self._office_codes[code]
            if code in ("TU", "HU"):
                return "Tỉnh ủy" if code == "TU" else "Huyện ủy"
        return None

    def _issuer_codes(self, symbol: str) -> list[str]:
        codes = [_code_key(c) for c in SYMBOL_SPLIT_RE.split(symbol.strip()) if c]
        if len(codes) > 1 and (codes[0] in TYPE_CODES or codes[0] == "CV"):
            codes = codes[1:]
        return [c for c in codes if not c.isdigit()]

    def _nearest_ubnd(self, ctx: Context) -> Authority | None:
        chain = self.chain_up(ctx.issuer) if ctx.issuer is not None else []
        for a in [*chain, *([ctx.province] if ctx.province else [])]:
            if a.kind == "people_committee":
                return a
        return None

    # -- building local authorities ----------------------------------------------------------

    def _register(self, authority: Authority) -> Authority:
        return self._local.setdefault(authority.key, authority)

    def _ubnd(self, unit: AdminUnit, amap: AdminMap) -> Authority:
        parent = amap.parent_of(unit)
        if unit.level is Level.PROVINCE or parent is None:
            key, parent_key = slugify(f"UBND {unit.type} {unit.name}"), GOVERNMENT
        else:
            parent_ubnd = self._ubnd(parent, amap)
            key = f"{slugify(f'UBND {unit.type} {unit.name}')}-{_place_slug(parent_ubnd.key)}"
            parent_key = parent_ubnd.key
        return self._register(
            Authority(
                key=key,
                name=f"UBND {unit.type} {unit.name}",
                level=unit.level,
                kind="people_committee",
                parent_key=parent_key,
                admin_code=unit.code,
                lat=unit.lat,
                lon=unit.lon,
            )
        )

    def _council(self, ubnd: Authority) -> Authority:
        return self._register(
            Authority(
                key=f"hdnd-{ubnd.key.removeprefix('ubnd-')}",
                name=ubnd.name.replace("UBND", "HĐND", 1),
                level=ubnd.level,
                kind="council",
                parent_key=None,
                admin_code=ubnd.admin_code,
            )
        )

    def _committee(self, unit: AdminUnit, amap: AdminMap) -> Authority:
        """The Party committee of a unit: Tỉnh ủy, Thành ủy, Huyện ủy, Thị ủy, Đảng ủy xã."""
        ubnd = self._ubnd(unit, amap)
        word = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "thị xã": "Thị ủy", "quận": "Quận ủy",
                "huyện": "Huyện ủy"}.get(unit.type, f"Đảng ủy {unit.type}")
        parent = amap.parent_of(unit)
        parent_key = self._committee(parent, amap).key if parent is not None else PARTY_CC
        return self._register(
            Authority(
                key=f"{slugify(word)}-{_place_slug(ubnd.key)}",
                name=f"{word} {unit.name}",
                level=unit.level,
                kind="party",
                parent_key=parent_key,
                admin_code=unit.code,
            )
        )

    def _unit_of(self, authority: Authority, on: dt.date | None) -> tuple[AdminUnit | None, AdminMap | None]:
        if not authority.admin_code:
            return None, None
        maps = [self._maps(on)] if on is not None else [load_admin_map(era) for era in ("old", "new")]
        for amap in maps:
            unit = amap.get(authority.admin_code)
            if unit is not None and unit.name in authority.name and unit.level is authority.level:
                return unit, amap
        return None, None


def _context_key(ctx: Context | None) -> tuple[str | None, ...]:
    """What of a context changes a resolution: issuer, province, map era (cheap to hash)."""
    if ctx is None:
        return ()
    era = "old" if ctx.on is None or ctx.on < MAP_CHANGE else "new"
    return (ctx.issuer.key if ctx.issuer else None, ctx.province.key if ctx.province else None, era)


def _place_slug(ubnd_key: str) -> str:
    """``ubnd-tinh-lai-chau`` -> ``lai-chau``; ``ubnd-huyen-muong-te-lai-chau`` -> ``muong-te-lai-chau``."""
    rest = ubnd_key.removeprefix("ubnd-")
    for word in ("thanh-pho-", "thi-xa-", "thi-tran-", "dac-khu-", "tinh-", "huyen-", "quan-", "xa-", "phuong-"):
        if rest.startswith(word):
            return rest[len(word) :]
    return rest


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer built from the bundled central-bodies table (built once, cached)."""
    data = _load(DATA_FILE)
    central: list[Authority] = []
    aliases: dict[str, str] = {}
    codes: dict[str, str] = {}
    for row in data["central"]:
        key = slugify(row["name"])
        central.append(
            Authority(
                key=key,
                name=row["name"],
                level=Level(row["level"]),
                kind=row.get("kind", "other"),
                parent_key=row.get("parent"),
            )
        )
        for alias in (row["name"], *row.get("aliases", ())):
            aliases.setdefault(_norm(alias), key)
        for code in row.get("codes", ()):
            codes.setdefault(code, key)
    return Gazetteer(
        central,
        aliases,
        codes,
        departments=[(r["name"], tuple(r["codes"])) for r in data.get("departments", ())],
        district_offices=[(r["name"], tuple(r["codes"])) for r in data.get("district_offices", ())],
        ambiguous_codes=data.get("ambiguous_codes", ()),
    )

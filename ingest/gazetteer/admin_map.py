"""The administrative map of Vietnam, before and after the 2025-07-01 reform.

Built from the data of ``vietnamadminunits`` (:mod:`ingest.gazetteer.admin_dataset`): the OLD map (63
provinces, 696 districts, 10,035 communes) and the NEW one (34 provinces, 3,321 communes, no
districts).

Names match with or without the type word (``TP. Hồ Chí Minh``, ``TP HCM``), in any case, with
or without diacritics, with either tone placement (``Thanh Hoá``/``Thanh Hóa``), with the
package's variants (``Sỳn Hồ``, former names of merged units) and with small typos (``Nậm
Nhùm``; a bounded edit distance, only within a province or district, never for a name that is
real elsewhere on either map). A name fitting several units equally well gives ``None``.

>>> old = load_admin_map("old")
>>> old.find_district("MUỜNG TÈ", old.find_province("tỉnh Lai Châu")).full_name
'Huyện Mường Tè'
>>> admin_map_for(datetime.date(2025, 7, 1)).find_province("Hà Giang") is None
True
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections import defaultdict
from collections.abc import Iterable

from graph.models import Level
from ingest.gazetteer.admin_dataset import AdminUnit, read_era
from ingest.gazetteer.place_names import (
    NameQuery,
    display_name,
    edit_limit,
    may_become,
    name_data,
    name_key,
    name_queries,
    tone_key,
    within_edits,
    words,
)

__all__ = ["ERAS", "MAP_CHANGE", "AdminMap", "AdminUnit", "admin_map_for", "load_admin_map"]

log = logging.getLogger(__name__)

MAP_CHANGE = datetime.date(2025, 7, 1)
ERAS = ("old", "new")

# Typo-tolerant lookups are slow (~0.1-10 ms); their results are remembered, up to this many.
_FUZZY_MEMO_SIZE = 4096

# Rank of an index entry: the unit's own name beats a variant spelling or a former name.
_OWN_NAME, _VARIANT = 0, 1


class AdminMap:
    """One era of the administrative map, browsable by code and searchable by name.

    ``variants`` are extra folded keys per unit code (the package's keywords);
    ``foreign_keys`` the folded names of units on the other era's map, by level: real names,
    so never treated as typos of a name on this map.

    A type word in a name (``quận Hoàng Mai``) must agree with the unit's type: the same type,
    or (exact name, same diacritics) one the unit may have been upgraded to since
    (``thị xã Lai Châu`` is now ``Thành phố Lai Châu``). Typos are tolerated only in names of
    the stated type, never in a truncated name or a name that is real elsewhere.
    """

    def __init__(
        self,
        era: str,
        units: Iterable[AdminUnit],
        *,
        extra_names: Iterable[tuple[str, str]] = (),
        variants: Iterable[tuple[str, str]] = (),
        foreign_keys: dict[Level, set[str]] | None = None,
    ) -> None:
        self.era = era
        self._by_code: dict[str, AdminUnit] = {}
        self._by_level: dict[Level, list[AdminUnit]] = defaultdict(list)
        self._children: dict[str, list[AdminUnit]] = defaultdict(list)
        self._communes_by_province: dict[str, list[AdminUnit]] = defaultdict(list)
        self._index: dict[Level, dict[str, list[tuple[int, AdminUnit]]]] = defaultdict(dict)
        self._keys: dict[str, set[str]] = defaultdict(set)  # code -> folded keys
        self._tone_keys: dict[str, set[str]] = defaultdict(set)  # code -> tone keys
        self._foreign_keys = foreign_keys or {}
        self._fuzzy_memo: dict[tuple[str, Level, str | None], AdminUnit | None] = {}
        for unit in sorted(units, key=lambda u: u.code):
            self._by_code[unit.code] = unit
            self._by_level[unit.level].append(unit)
            if unit.parent_code is not None:
                self._children[unit.parent_code].append(unit)
            if unit.level is Level.COMMUNE:
                self._communes_by_province[unit.province_code].append(unit)
            self._add_name(unit, unit.name)
            self._add_name(unit, display_name(unit.name))
            self._add_name(unit, unit.full_name)
        for code, name in extra_names:
            if code in self._by_code:
                self._add_name(self._by_code[code], name)
        for code, key in variants:
            if code in self._by_code:
                self._add_key(self._by_code[code], key, _VARIANT)

    def _add_name(self, unit: AdminUnit, name: str) -> None:
        ws = words(name)
        self._add_key(unit, name_key(ws), _OWN_NAME)
        self._tone_keys[unit.code].add(tone_key(ws))

    def _add_key(self, unit: AdminUnit, key: str, rank: int) -> None:
        if key and key not in self._keys[unit.code]:
            self._keys[unit.code].add(key)
            self._index[unit.level].setdefault(key, []).append((rank, unit))

    def __repr__(self) -> str:
        counts = ", ".join(f"{lv.value}s={len(us)}" for lv, us in self._by_level.items())
        return f"AdminMap(era={self.era!r}, {counts})"

    # -- browsing -----------------------------------------------------------------------------

    def get(self, code: str) -> AdminUnit | None:
        return self._by_code.get(code)

    def provinces(self) -> list[AdminUnit]:
        return list(self._by_level[Level.PROVINCE])

    def districts_of(self, province: AdminUnit) -> list[AdminUnit]:
        """The districts of ``province``, by code (always ``[]`` on the new map)."""
        if province.level is not Level.PROVINCE:
            return []
        return [u for u in self._children.get(province.code, []) if u.level is Level.DISTRICT]

    def communes_of(self, unit: AdminUnit) -> list[AdminUnit]:
        """The communes of a district, or all communes of a province; by code."""
        if unit.level is Level.PROVINCE:
            return list(self._communes_by_province.get(unit.code, []))
        if unit.level is Level.DISTRICT:
            return [u for u in self._children.get(unit.code, []) if u.level is Level.COMMUNE]
        return []

    def parent_of(self, unit: AdminUnit) -> AdminUnit | None:
        return self._by_code.get(unit.parent_code) if unit.parent_code else None

    # -- lookups ------------------------------------------------------------------------------

    def find_province(self, name: str, *, typos: bool = True) -> AdminUnit | None:
        """A province by name (``Lai Châu``, ``tỉnh Lai Châu``, ``TP HCM``); ``None`` when
        ambiguous or when a stated type disagrees (``thành phố Lào Cai`` is not the province)."""
        return self._find(name, Level.PROVINCE, None, typos)

    def find_district(
        self, name: str, province: AdminUnit | None = None, *, typos: bool = True
    ) -> AdminUnit | None:
        """A district by name, within ``province`` when given; ``None`` when ambiguous.
        ``typos=False`` accepts exact names only."""
        if province is not None and province.level is not Level.PROVINCE:
            return None
        return self._find(name, Level.DISTRICT, province, typos)

    def find_commune(
        self, name: str, within: AdminUnit | None = None, *, typos: bool = True
    ) -> AdminUnit | None:
        """A commune by name, within a province or (old map) a district when given."""
        if within is not None and within.level not in (Level.PROVINCE, Level.DISTRICT):
            return None
        return self._find(name, Level.COMMUNE, within, typos)

    def named(self, name: str, level: Level, within: AdminUnit | None = None) -> list[AdminUnit]:
        """Every unit of ``level`` whose name is exactly ``name`` (no typo tolerance), where
        :meth:`find_commune` and friends give up because several share it: the 33 ``Phường 1``.
        """
        for query in name_queries(name):
            if units := self._exact(query, level, within):
                return units
        return []

    def _find(self, name: str, level: Level, scope: AdminUnit | None, typos: bool) -> AdminUnit | None:
        queries = name_queries(name)
        for query in queries:
            units = self._exact(query, level, scope)
            if units:
                return self._one(query, units)
        if not typos or (scope is None and level is not Level.PROVINCE):
            return None  # typo tolerance only inside a known province or district
        memo_key = (name, level, scope.code if scope else None)
        if memo_key in self._fuzzy_memo:
            return self._fuzzy_memo.get(memo_key)
        found = None
        for query in queries:
            units = self._fuzzy(query, level, scope)
            if units:
                found = self._one(query, units)
                break
        if len(self._fuzzy_memo) >= _FUZZY_MEMO_SIZE:
            self._fuzzy_memo.clear()
        self._fuzzy_memo[memo_key] = found
        return found

    def _in_scope(self, level: Level, scope: AdminUnit | None) -> list[AdminUnit]:
        if scope is None:
            return self._by_level[level]
        if level is Level.DISTRICT:
            return self.districts_of(scope)
        return self.communes_of(scope)

    def _exact(self, query: NameQuery, level: Level, scope: AdminUnit | None) -> list[AdminUnit]:
        hits = [
            (rank, unit)
            for rank, unit in self._index[level].get(query.key, [])
            if scope is None or _inside(unit, scope)
        ]
        if query.type is not None:
            stated = query.type
            hits = [h for h in hits if h[1].type == stated] or [
                h
                for h in hits
                if may_become(stated, h[1].type) and query.tone_key in self._tone_keys[h[1].code]
            ]
        if not hits:
            return []
        best = min(rank for rank, _ in hits)
        return _unique(unit for rank, unit in hits if rank == best)

    def _is_real_name(self, key: str, level: Level) -> bool:
        """Whether ``key`` names a province or district (or, for communes, a commune) on
        either map: such a name is what it says, not a typo of another one."""
        levels = (Level.PROVINCE, Level.DISTRICT, *((level,) if level is Level.COMMUNE else ()))
        return any(key in self._index[lv] or key in self._foreign_keys.get(lv, ()) for lv in levels)

    def _fuzzy(self, query: NameQuery, level: Level, scope: AdminUnit | None) -> list[AdminUnit]:
        limit = edit_limit(query.key)
        if limit == 0 or self._is_real_name(query.key, level):
            return []
        best, units = limit + 1, list[AdminUnit]()
        for unit in self._in_scope(level, scope):
            if query.type is not None and unit.type != query.type:
                continue
            for key in self._keys[unit.code]:
                if key.startswith(query.key):
                    continue  # a truncated name ("huyện Vĩnh" of "Vĩnh Linh") is no typo
                d = within_edits(query.key, key, limit)
                if d is None or d > best:
                    continue
                if d < best:
                    best, units = d, []
                units.append(unit)
        if units:
            log.debug("%r is %d edit(s) from %s", query.key, best, [u.code for u in units])
        return _unique(units)

    def _one(self, query: NameQuery, units: list[AdminUnit]) -> AdminUnit | None:
        if len(units) == 1:
            return units[0]
        same_marks = [u for u in units if query.tone_key in self._tone_keys[u.code]]
        if len(same_marks) == 1:
            return same_marks[0]
        log.debug(
            "ambiguous name %r on the %s map: %s",
            query.key,
            self.era,
            [f"{u.full_name} ({u.code})" for u in units],
        )
        return None


def _inside(unit: AdminUnit, scope: AdminUnit) -> bool:
    if scope.level is Level.PROVINCE:
        return unit.province_code == scope.code
    return unit.parent_code == scope.code


def _unique(units: Iterable[AdminUnit]) -> list[AdminUnit]:
    return list({u.code: u for u in units}.values())


@functools.cache
def load_admin_map(era: str) -> AdminMap:
    """The ``"old"`` map (63 provinces, in force before 2025-07-01) or the ``"new"`` one."""
    if era not in ERAS:
        raise ValueError(f"era must be one of {ERAS}, not {era!r}")
    units, variants, foreign_keys = read_era(era, "new" if era == "old" else "old")
    extra_names = name_data()["extra_names"][era]
    extra = [(code, name) for code, names in extra_names.items() for name in names]
    admin_map = AdminMap(
        era, units, extra_names=extra, variants=variants, foreign_keys=foreign_keys
    )
    log.debug("loaded %r", admin_map)
    return admin_map


def admin_map_for(on: datetime.date | None) -> AdminMap:
    """The map in force on ``on``: the old one before :data:`MAP_CHANGE` or when unknown."""
    return load_admin_map("old" if on is None or on < MAP_CHANGE else "new")

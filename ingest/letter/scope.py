"""Where a letter sits, from its own evidence, when its header names a unit whose name several
provinces share (``ỦY BAN NHÂN DÂN`` / ``PHƯỜNG NGỌC HÀ``, ``HUYỆN TÂN PHÚ``).

The evidence, in order: the place line when it names another unit than the header (``Ba Đình,
ngày …`` above a ward's letter), then the places the body names (``… của Ủy ban nhân dân huyện
Vĩnh Linh``: mostly the issuers of the documents the letter implements). Each gives candidate
scopes, the people's committees of a province or district; a name that several districts carry
(``huyện Châu Thành``) gives all of them. The header is then resolved inside every scope, and
only a single answer is kept (:func:`scoped_issuers` returns all of them; the caller decides).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import unicodedata
from collections.abc import Callable

from graph.models import Authority, Level
from graph.normalize import fold
from ingest.gazetteer.admin_map import AdminMap, AdminUnit, admin_map_for
from ingest.gazetteer.authorities import Context, Gazetteer
from ingest.letter.fields import LetterFields
from ingest.letter.patterns import APOSTROPHE_RE, LEVEL_START_RE, TYPE_SUFFIX_RE

__all__ = ["evidence_scopes", "scoped_issuers", "units_named"]

log = logging.getLogger(__name__)

def units_named(name: str, gazetteer: Gazetteer, on: dt.date | None, unit_type: str | None = None) -> list[Authority]:
    """The people's committees of every province and district whose name is exactly ``name``
    (diacritics included, no typo tolerance), of type ``unit_type`` when given (``huyện``,
    ``thị xã``, ``tỉnh`` …): every ``huyện Châu Thành``, both ``huyện`` and ``thị xã Kỳ Anh``.

    >>> from ingest.gazetteer.authorities import default_gazetteer
    >>> sorted(a.key for a in units_named("Mường Tè", default_gazetteer(), None))
    ['ubnd-huyen-muong-te-lai-chau']
    """
    amap = admin_map_for(on)
    units = _name_index(amap).get(_name_key(name), [])
    found: list[Authority] = []
    for unit in units:
        if unit_type is not None and unit.type != unit_type:
            continue
        parent = amap.parent_of(unit)
        context = Context(on=on)
        if parent is not None:
            province = gazetteer.resolve(f"UBND {parent.type} {_plain_name(parent.name)}", context)
            context = Context(province=province, on=on)
        written = APOSTROPHE_RE.sub(" ", _plain_name(unit.name))
        authority = gazetteer.resolve(f"UBND {unit.type} {written}", context)
        if authority is not None and authority.admin_code == unit.code:
            found.append(authority)
    return found


def _plain_name(name: str) -> str:
    """A unit's name without the map's disambiguation: ``Kỳ Anh (Thị xã)`` -> ``Kỳ Anh``."""
    return TYPE_SUFFIX_RE.sub("", name)


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", _plain_name(name)).casefold().split())


@functools.lru_cache(maxsize=4)
def _name_index(amap: AdminMap) -> dict[str, list[AdminUnit]]:
    """Provinces and districts of a map by exact name (the map's own lookup folds diacritics
    and gives up on names shared inside a province)."""
    index: dict[str, list[AdminUnit]] = {}
    for province in amap.provinces():
        index.setdefault(_name_key(province.name), []).append(province)
        for district in amap.districts_of(province):
            index.setdefault(_name_key(district.name), []).append(district)
    return index


def _split_hint(hint: str) -> tuple[str | None, str]:
    """``UBND huyện Châu Thành`` -> (``huyện``, ``Châu Thành``)."""
    rest = hint.removeprefix("UBND ").strip()
    m = LEVEL_START_RE.match(rest)
    if m is None:
        return None, rest
    return m.group().lower(), rest[m.end() :].strip()


def evidence_scopes(
    fields: LetterFields, gazetteer: Gazetteer, on: dt.date | None, own_name: str | None = None
) -> list[Authority]:
    """Candidate province and district people's committees the letter may sit in.

    ``own_name`` is the name of the unit the header names (``Ngọc Hà``): a place line that repeats
    it says nothing about the scope. Places the body names resolve in the context of the
    provinces it names; a name shared by several districts gives them all. When the body names
    provinces, candidates outside them are dropped (unless none would be left).
    """
    base = Context(on=on)
    hints = [_split_hint(h) for h in fields.place_hints]
    provinces = {
        a.key: a
        for h in fields.place_hints
        if (a := gazetteer.resolve(h, base)) is not None and a.level is Level.PROVINCE
    }
    candidates: dict[str, Authority] = {}
    if fields.place and (own_name is None or fold(fields.place) != fold(own_name)):
        for a in units_named(fields.place, gazetteer, on):
            candidates.setdefault(a.key, a)
    for (unit_type, name), hint in zip(hints, fields.place_hints, strict=True):
        if (own := gazetteer.resolve(hint, base)) is not None and own.key in provinces:
            candidates.setdefault(own.key, own)
            continue
        resolved = [gazetteer.resolve(hint, Context(province=p, on=on)) for p in provinces.values()]
        named = [a for a in resolved if a is not None and a.level is not Level.PROVINCE]
        if not named and (found := gazetteer.resolve(hint, base)) is not None:
            named = [found]
        if not named and name:
            named = units_named(name, gazetteer, on, unit_type)
        for a in named:
            candidates.setdefault(a.key, a)
    if provinces:
        inside = {k: a for k, a in candidates.items() if _province_key(a, gazetteer) in provinces}
        candidates = inside or candidates
    return list(candidates.values())


def _province_key(authority: Authority, gazetteer: Gazetteer) -> str | None:
    chain = gazetteer.chain_up(authority)
    return next((a.key for a in chain if a.level is Level.PROVINCE and a.kind == "people_committee"), None)


def scoped_issuers(
    scopes: list[Authority],
    resolve_in: Callable[[Authority], Authority | None],
    gazetteer: Gazetteer,
) -> dict[str, Authority]:
    """The distinct issuers the header resolves to inside each scope (``resolve_in(scope)``),
    keeping only answers that sit under (or are) their scope."""
    found: dict[str, Authority] = {}
    for scope in scopes:
        issuer = resolve_in(scope)
        if issuer is not None and any(a.key == scope.key for a in gazetteer.chain_up(issuer)):
            found.setdefault(issuer.key, issuer)
    if len(found) > 1:
        log.debug("header resolves differently in %d scopes: %s", len(found), sorted(found))
    return found

"""Places named in letters: the unit a phrase like ``thành phố Lào Cai`` names, where the letter sits.

The type word settles what the name alone cannot: ``quận Hoàng Mai`` is in Hà Nội, ``thị xã
Hoàng Mai`` in Nghệ An; ``thành phố Lào Cai`` is the provincial city, not the province (only the
centrally-run cities are province-level "thành phố"). A phrase without a name (``UBND huyện``)
is the letter's own unit at that level.

>>> from ingest.gazetteer.admin_map import load_admin_map
>>> old = load_admin_map("old")
>>> find_place("thành phố Lào Cai", old).full_name
'Thành phố Lào Cai'
>>> find_place("quận Hoàng Mai", old).province_code, find_place("thị xã Hoàng Mai", old).province_code
('01', '40')
>>> find_place("huyện Vĩnh", old) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.models import Level
from graph.normalize import fold
from ingest.gazetteer.admin_map import AdminMap, AdminUnit
from ingest.gazetteer.place_names import display_name
from ingest.references.grammar import LEVEL_NAME_RE

__all__ = ["TYPE_WORDS", "find_place", "split_type"]

# Folded type words (as LEVEL_NAME_RE reads them) -> the unit type they name.
TYPE_WORDS: dict[str, str] = {
    "tinh": "tỉnh", "thanh pho": "thành phố", "tp": "thành phố", "huyen": "huyện",
    "quan": "quận", "thi xa": "thị xã", "tx": "thị xã", "xa": "xã", "phuong": "phường",
    "thi tran": "thị trấn", "dac khu": "đặc khu",
}  # fmt: skip

# The levels a unit of each type sits at: "thành phố" is a province (Hà Nội) or a district.
TYPE_LEVELS: dict[str, tuple[Level, ...]] = {
    "tỉnh": (Level.PROVINCE,), "thành phố": (Level.PROVINCE, Level.DISTRICT),
    "huyện": (Level.DISTRICT,), "quận": (Level.DISTRICT,), "thị xã": (Level.DISTRICT,),
    "xã": (Level.COMMUNE,), "phường": (Level.COMMUNE,), "thị trấn": (Level.COMMUNE,),
    "đặc khu": (Level.COMMUNE,),
}  # fmt: skip


def split_type(phrase: str) -> tuple[str, str] | None:
    """``("thành phố", "Lào Cai")`` for ``TP. Lào Cai``; ``("huyện", "")`` for ``huyện``;
    ``("xã", "Mường Tè (Xã)")`` for the package's tagged name; ``None`` when the phrase does not
    start with a type word."""
    m = LEVEL_NAME_RE.match(" " + fold(display_name(phrase)))  # the package's "(Xã)" tag kept
    if m is None:
        return None
    name = phrase[m.start("name") - 1 :].strip() if m["name"] else ""
    return TYPE_WORDS[m["level"].rstrip(".")], name


def find_place(phrase: str, amap: AdminMap, around: Sequence[AdminUnit] = ()) -> AdminUnit | None:
    """The unit ``phrase`` names on ``amap``; ``around`` are the units the letter sits in on that
    map, nearest first (its commune, district, province): names are looked up inside them
    first, and a phrase without a name is one of them. ``None`` when unknown or ambiguous."""
    typed = split_type(phrase)
    if typed is None:
        return _untyped(phrase, amap, around)
    unit_type, name = typed
    levels = TYPE_LEVELS[unit_type]
    if not name:
        return _nearest(unit_type, levels, around)
    if Level.PROVINCE in levels and (found := amap.find_province(phrase)) is not None:
        return found
    if Level.DISTRICT in levels:
        province = next((u for u in around if u.level is Level.PROVINCE), None)
        if province is not None and (found := amap.find_district(phrase, province)) is not None:
            return found
        return amap.find_district(phrase)
    if Level.COMMUNE in levels:
        return _commune(phrase, amap, around)
    return None


def _untyped(phrase: str, amap: AdminMap, around: Sequence[AdminUnit]) -> AdminUnit | None:
    """A bare name (``UBND Lai Châu``): a province, else a district (in the letter's province)."""
    if (found := amap.find_province(phrase)) is not None:
        return found
    province = next((u for u in around if u.level is Level.PROVINCE), None)
    if province is not None and (found := amap.find_district(phrase, province)) is not None:
        return found
    return amap.find_district(phrase)


def _commune(phrase: str, amap: AdminMap, around: Sequence[AdminUnit]) -> AdminUnit | None:
    """Exact names in the letter's district, then its province; then typos, in the same order;
    nationwide only for a letter that sits nowhere known."""
    scopes = [u for u in around if u.level in (Level.DISTRICT, Level.PROVINCE)]
    if not scopes:
        return amap.find_commune(phrase)
    for typos in (False, True):
        for scope in scopes:
            if (found := amap.find_commune(phrase, scope, typos=typos)) is not None:
                return found
    return None


def _nearest(unit_type: str, levels: tuple[Level, ...], around: Sequence[AdminUnit]) -> AdminUnit | None:
    """The letter's own unit a bare type word means: ``tỉnh`` its province, ``huyện`` its
    district, ``thành phố`` its city (a district-level one first, then a centrally-run one)."""
    for level in sorted(levels, key=lambda lv: lv is Level.PROVINCE):
        for unit in around:
            if unit.level is level and (unit_type != "thành phố" or unit.type == unit_type):
                return unit
    return None

"""Local authorities: the bodies of an administrative unit, and their keys both ways.

Every unit of either map has a people's committee (UBND), a council (HĐND) and a Party
committee (Tỉnh ủy, Thành ủy, Huyện ủy, Đảng ủy xã …); provinces have departments (Sở),
districts offices (Phòng), any unit a command centre or steering committee. Their keys are
built from the unit's *place slug* (its name, then its parents'): ``ubnd-huyen-muong-te-lai-chau``,
``so-y-te-lai-chau``, ``huyen-uy-muong-te-lai-chau``.

A key is read back the same way (:meth:`LocalAuthorities.get`), so an authority made in one
process is known in another. The authority of a key is built from the OLD map when the key is on
it (else the new one): the same key always gives the same record, whichever map a letter used.

>>> local = LocalAuthorities(departments=["Sở Y tế"])
>>> local.get("so-y-te-lai-chau").parent_key
'ubnd-tinh-lai-chau'
>>> local.get("huyen-uy-muong-te-lai-chau").parent_key
'tinh-uy-lai-chau'
>>> local.get("ubnd-xa-thu-lum-muong-te-lai-chau").name
'UBND xã Thu Lũm'

"""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable

from graph.models import Authority, Level
from graph.normalize import slugify
from ingest.gazetteer.admin_map import ERAS, AdminMap, AdminUnit, load_admin_map
from ingest.gazetteer.place_names import display_name

__all__ = ["GOVERNMENT", "PARTY_CC", "LocalAuthorities", "committee_word"]

log = logging.getLogger(__name__)

GOVERNMENT = "chinh-phu"
PARTY_CC = "ban-chap-hanh-trung-uong-dang"

# The titles of a Party committee's standing bodies, as keys start with them.
STANDING_TITLES = {"ban-thuong-vu": "Ban Thường vụ", "thuong-truc": "Thường trực"}

# Words that mark a body as a command centre or steering committee.
_COMMAND_WORDS = ("chi-huy", "chi-dao")


def committee_word(unit_type: str) -> str:
    """The Party committee of a unit type: ``tỉnh`` -> ``Tỉnh ủy``, ``xã`` -> ``Đảng ủy xã``."""
    words = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "thị xã": "Thị ủy", "quận": "Quận ủy",
             "huyện": "Huyện ủy"}  # fmt: skip
    return words.get(unit_type, f"Đảng ủy {unit_type}")


@functools.lru_cache(maxsize=1 << 16)
def _slug(text: str) -> str:
    return slugify(text)


class _PlaceIndex:
    """One map's place slugs, both ways (built on first use: ~15 k slugs, ~0.1 s).

    A unit's slug is its name's, then its parent's: ``muong-te-lai-chau``. Siblings of one
    type whose names differ only in diacritics (``Phường Sa Pa``, ``Phường Sa Pả``) would share
    it: all but the lowest-coded one get their code after the name (``sa-pa-03002-sa-pa-lao-cai``),
    and so does a unit whose slug ``taken(unit, slug)`` says belongs to another unit (on the
    other map: new ``Xã Nam Hà Lâm Hà`` is not old ``Xã Nam Hà`` of huyện Lâm Hà).
    """

    def __init__(self, amap: AdminMap, taken: Callable[[AdminUnit, str], bool] | None = None) -> None:
        self.amap = amap
        self._taken = taken or (lambda unit, slug: False)
        self._slugs: dict[str, str] = {}  # unit code -> place slug
        self._units: dict[str, list[AdminUnit]] = defaultdict(list)  # place slug -> units
        self._assign(amap.provinces(), None)
        for province in amap.provinces():
            self._assign(amap.districts_of(province), self._slugs[province.code])
            by_parent: dict[str, list[AdminUnit]] = defaultdict(list)
            for commune in amap.communes_of(province):
                by_parent[commune.parent_code or province.code].append(commune)
            for parent_code, communes in by_parent.items():
                self._assign(communes, self._slugs[parent_code])

    def _assign(self, units: Iterable[AdminUnit], above: str | None) -> None:
        groups: dict[tuple[str, str], list[AdminUnit]] = defaultdict(list)
        for unit in units:
            groups[unit.type, _slug(unit.name)].append(unit)
        for (_, own), group in groups.items():
            for i, unit in enumerate(sorted(group, key=lambda u: u.code)):
                slug = own if above is None else f"{own}-{above}"
                if i > 0 or self._taken(unit, slug):
                    name = f"{own}-{unit.code.lower()}"
                    slug = name if above is None else f"{name}-{above}"
                self._slugs[unit.code] = slug
                self._units[slug].append(unit)

    def slug(self, unit: AdminUnit) -> str:
        return self._slugs[unit.code]

    def units(self, slug: str) -> list[AdminUnit]:
        return self._units.get(slug, [])


class LocalAuthorities:
    """Makes (and remembers) the authorities of administrative units; reads their keys back.

    ``departments`` are the names of provincial departments (``Sở Y tế``), ``offices`` those of
    district offices (``Phòng Y tế``), ``bodies`` the names and kinds of bodies any unit may
    have (``Trung tâm chỉ huy phòng, chống dịch Covid-19``, ``command``): their keys can be
    read back. Other bodies (:meth:`body` with an unknown label) are remembered in this process
    only.
    """

    def __init__(
        self,
        *,
        departments: Iterable[str] = (),
        offices: Iterable[str] = (),
        bodies: Iterable[tuple[str, str]] = (),
        maps: Callable[[str], AdminMap] = load_admin_map,
    ) -> None:
        self._maps = maps
        self._made: dict[str, Authority] = {}
        self._indexes: dict[str, _PlaceIndex] = {}
        self._bodies = {_slug(name): (name, kind) for name, kind in bodies}
        # key prefix -> (label, level of the unit it fits, kind); longest prefix first
        prefixes: dict[str, tuple[str, Level | None, str]] = {
            _slug(n): (n, Level.PROVINCE, "department") for n in departments
        }
        prefixes |= {_slug(n): (n, Level.DISTRICT, "department") for n in offices}
        prefixes |= {s: (n, None, kind) for s, (n, kind) in self._bodies.items()}
        self._prefixes = sorted(prefixes.items(), key=lambda p: -len(p[0]))
        types = ("tỉnh", "thành phố", "thị xã", "quận", "huyện", "xã", "phường", "thị trấn", "đặc khu")
        self._committees = {_slug(committee_word(t)): t for t in types}
        self._types = {_slug(t): t for t in types}

    # -- keys ---------------------------------------------------------------------------------

    def place_slug(self, unit: AdminUnit, amap: AdminMap) -> str:
        """``lai-chau`` for the province, ``muong-te-lai-chau`` for its district, and so on down."""
        return self._index(amap).slug(unit)

    def ubnd_key(self, unit: AdminUnit, amap: AdminMap) -> str:
        """``ubnd-tinh-lai-chau``, ``ubnd-huyen-muong-te-lai-chau``, ``ubnd-xa-thu-lum-muong-te-lai-chau``."""
        return f"ubnd-{_slug(unit.type)}-{self.place_slug(unit, amap)}"

    # -- making -------------------------------------------------------------------------------

    def ubnd(self, unit: AdminUnit, amap: AdminMap) -> Authority:
        """The people's committee of ``unit``: ``UBND huyện Mường Tè``."""
        return self._canonical(self.ubnd_key(unit, amap), lambda: self._make_ubnd(unit, amap))

    def council(self, unit: AdminUnit, amap: AdminMap) -> Authority:
        """The people's council of ``unit``: ``HĐND tỉnh Lai Châu`` (it sits under nobody)."""
        key = "hdnd-" + self.ubnd_key(unit, amap).removeprefix("ubnd-")
        return self._canonical(key, lambda: self._make_council(unit, amap))

    def committee(self, unit: AdminUnit, amap: AdminMap) -> Authority:
        """The Party committee of ``unit``: ``Tỉnh ủy Lai Châu``, ``Đảng ủy xã Thu Lũm``."""
        key = f"{_slug(committee_word(unit.type))}-{self.place_slug(unit, amap)}"
        return self._canonical(key, lambda: self._make_committee(unit, amap))

    def standing(self, unit: AdminUnit, amap: AdminMap, title: str) -> Authority:
        """``Ban Thường vụ`` or ``Thường trực`` of the unit's Party committee."""
        committee = self.committee(unit, amap)
        key = f"{_slug(title)}-{committee.key}"
        return self._canonical(key, lambda: self._make_standing(committee, title))

    def department(self, name: str, unit: AdminUnit, amap: AdminMap) -> Authority:
        """A department (``Sở Y tế``) or office (``Phòng Y tế``) of ``unit``."""
        key = f"{_slug(name)}-{self.place_slug(unit, amap)}"
        return self._canonical(key, lambda: self._make_body(name, "department", unit, amap))

    def body(self, label: str, unit: AdminUnit, amap: AdminMap) -> Authority:
        """A body named ``label`` of ``unit`` (``Trung tâm chỉ huy …`` of a district); a known
        body gets its table name, another one its label as written (upper case tamed)."""
        slug = _slug(label)
        name, kind = self._bodies.get(slug) or (_tame(label), _body_kind(slug))
        key = f"{slug}-{self.place_slug(unit, amap)}"
        return self._canonical(key, lambda: self._make_body(name, kind, unit, amap))

    def _canonical(self, key: str, make: Callable[[], Authority]) -> Authority:
        """The authority of ``key`` as :meth:`get` builds it; ``make()`` when the key cannot be
        read back (a body with an unknown name)."""
        found = self.get(key)
        if found is None:
            found = self._made.setdefault(key, make())
        return found

    # -- reading keys ---------------------------------------------------------------------------

    def get(self, key: str) -> Authority | None:
        """The authority a key names, built on first use; ``None`` for a key no unit has."""
        if key in self._made:
            return self._made[key]
        found = self._read(key)
        if found is not None:
            self._made[key] = found
        return found

    def unit_of(self, authority: Authority, amap: AdminMap) -> AdminUnit | None:
        """The unit a people's committee or Party committee leads, on ``amap`` (found by key,
        not by code: codes differ between the maps); ``None`` for other authorities."""
        if authority.kind == "people_committee":
            unit = self._unit_by_key(authority.key.removeprefix("ubnd-"), amap)
        elif authority.kind == "party":
            unit = self._committee_unit(authority.key, amap)
        else:
            return None
        return unit if unit is not None and unit.level is authority.level else None

    def _read(self, key: str) -> Authority | None:
        for era in ERAS:
            amap = self._maps(era)
            if key.startswith("ubnd-") and (unit := self._unit_by_key(key[5:], amap)):
                return self._make_ubnd(unit, amap)
            if key.startswith("hdnd-") and (unit := self._unit_by_key(key[5:], amap)):
                return self._make_council(unit, amap)
            if found := self._read_party(key, amap):
                return found
            for prefix, (name, level, kind) in self._prefixes:
                if key.startswith(prefix + "-"):
                    for unit in self._index(amap).units(key[len(prefix) + 1 :]):
                        if level is None or unit.level is level:
                            return self._make_body(name, kind, unit, amap)
        return None

    def _read_party(self, key: str, amap: AdminMap) -> Authority | None:
        for title_slug, title in STANDING_TITLES.items():
            if key.startswith(title_slug + "-"):
                committee = self._read_party(key[len(title_slug) + 1 :], amap)
                return self._make_standing(committee, title) if committee is not None else None
        unit = self._committee_unit(key, amap)
        return self._make_committee(unit, amap) if unit is not None else None

    def _committee_unit(self, key: str, amap: AdminMap) -> AdminUnit | None:
        """``huyen-uy-muong-te-lai-chau`` (or a standing body's key) -> the unit it leads."""
        for title_slug in STANDING_TITLES:
            key = key.removeprefix(title_slug + "-")
        for word_slug, unit_type in self._committees.items():
            if key.startswith(word_slug + "-"):
                for unit in self._index(amap).units(key[len(word_slug) + 1 :]):
                    if unit.type == unit_type:
                        return unit
        return None

    def _unit_by_key(self, typed_slug: str, amap: AdminMap) -> AdminUnit | None:
        """``huyen-muong-te-lai-chau`` -> the unit (type slug, then place slug)."""
        for type_slug, unit_type in self._types.items():
            if typed_slug.startswith(type_slug + "-"):
                for unit in self._index(amap).units(typed_slug[len(type_slug) + 1 :]):
                    if unit.type == unit_type:
                        return unit
        return None

    def _index(self, amap: AdminMap) -> _PlaceIndex:
        index = self._indexes.get(amap.era)
        if index is None or index.amap is not amap:
            taken = None
            if amap.era != ERAS[0]:  # keys of the old map keep their units
                old = self._index(self._maps(ERAS[0]))
                taken = functools.partial(_taken_by, old)
            index = self._indexes[amap.era] = _PlaceIndex(amap, taken)
            log.debug("indexed the place slugs of %r", amap)
        return index

    # -- building records -----------------------------------------------------------------------

    def _make_ubnd(self, unit: AdminUnit, amap: AdminMap) -> Authority:
        parent = amap.parent_of(unit)
        return Authority(
            key=self.ubnd_key(unit, amap),
            name=f"UBND {unit.type} {display_name(unit.name)}",
            level=unit.level,
            kind="people_committee",
            parent_key=self.ubnd_key(parent, amap) if parent is not None else GOVERNMENT,
            admin_code=unit.code,
            lat=unit.lat,
            lon=unit.lon,
        )

    def _make_council(self, unit: AdminUnit, amap: AdminMap) -> Authority:
        return Authority(
            key="hdnd-" + self.ubnd_key(unit, amap).removeprefix("ubnd-"),
            name=f"HĐND {unit.type} {display_name(unit.name)}",
            level=unit.level,
            kind="council",
            parent_key=None,
            admin_code=unit.code,
        )

    def _make_committee(self, unit: AdminUnit, amap: AdminMap) -> Authority:
        word = committee_word(unit.type)
        parent = amap.parent_of(unit)
        return Authority(
            key=f"{_slug(word)}-{self.place_slug(unit, amap)}",
            name=f"{word} {display_name(unit.name)}",
            level=unit.level,
            kind="party",
            parent_key=(
                f"{_slug(committee_word(parent.type))}-{self.place_slug(parent, amap)}" if parent else PARTY_CC
            ),
            admin_code=unit.code,
        )

    def _make_standing(self, committee: Authority, title: str) -> Authority:
        return Authority(
            key=f"{_slug(title)}-{committee.key}",
            name=f"{title} {committee.name}",
            level=committee.level,
            kind="party",
            parent_key=committee.key,
            admin_code=committee.admin_code,
        )

    def _make_body(self, name: str, kind: str, unit: AdminUnit, amap: AdminMap) -> Authority:
        return Authority(
            key=f"{_slug(name)}-{self.place_slug(unit, amap)}",
            name=f"{name} {unit.type} {display_name(unit.name)}",
            level=unit.level,
            kind=kind,
            parent_key=self.ubnd_key(unit, amap),
            admin_code=unit.code,
        )


def _taken_by(index: _PlaceIndex, unit: AdminUnit, slug: str) -> bool:
    """Whether ``index`` has another unit of the unit's type at ``slug`` (another name)."""
    return any(
        u.type == unit.type and display_name(u.name) != display_name(unit.name) for u in index.units(slug)
    )


def _body_kind(slug: str) -> str:
    return "command" if any(w in slug for w in _COMMAND_WORDS) else "other"


def _tame(label: str) -> str:
    """``TRUNG TÂM CHỈ HUY`` -> ``Trung tâm chỉ huy``; a label in mixed case stays as written."""
    return label[:1] + label[1:].lower() if label.isupper() else label

"""The data behind the administrative maps: the SQLite file bundled with ``vietnamadminunits``.

``data/dataset.db`` (read directly; the package itself is not imported): table
``admin_units_legacy`` is the OLD map (63 provinces, 696 districts, 10,035 communes),
``admin_units`` the NEW one (34 provinces, 3,321 communes, no districts). Each row is a commune
with its district (old map) and province, their codes, coordinates and name keywords.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from graph.models import Level
from ingest.errors import IngestError

__all__ = ["AdminUnit", "read_era"]

_TABLES = {"old": "admin_units_legacy", "new": "admin_units"}
_DATASET = ("vietnamadminunits", "data/dataset.db")


@dataclass(frozen=True, slots=True)
class AdminUnit:
    """One unit of an administrative map: a province, a district or a commune."""

    code: str  # the map's code for the unit
    name: str  # "Mường Tè", "Lai Châu", "Hà Nội"; "Mường Tè (Xã)" beside "Mường Tè (Thị trấn)"
    full_name: str  # "Huyện Mường Tè", "Tỉnh Lai Châu", "Thành phố Hà Nội"
    type: str  # "tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn", "đặc khu"
    level: Level  # PROVINCE / DISTRICT / COMMUNE
    parent_code: str | None
    province_code: str
    lat: float | None = None
    lon: float | None = None


def read_era(era: str, other: str) -> tuple[list[AdminUnit], list[tuple[str, str]], dict[Level, set[str]]]:
    """The units of ``era``, their variant keys (code, folded keyword) and the folded names
    of the ``other`` era's units by level."""
    with _connect() as conn:
        units, variants = _read_units(conn, era)
        foreign_keys = _read_keys(conn, other)
    conn.close()
    return units, variants, foreign_keys


def _dataset_path() -> Path:
    package, relative = _DATASET
    spec = importlib.util.find_spec(package)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise IngestError(f"the {package!r} package (the administrative map data) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / relative


def _connect() -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{_dataset_path()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _type_of(full_name: str, short: str) -> str:
    """``("Thành phố Lai Châu", "Lai Châu")`` -> ``"thành phố"``."""
    if full_name.endswith(short) and full_name != short:
        return full_name[: -len(short)].strip().lower()
    return full_name.split()[0].lower()


def _keywords(raw: str | None) -> list[str]:
    return [k for k in json.loads(raw) if k] if raw else []


def _read_units(
    conn: sqlite3.Connection, era: str
) -> tuple[list[AdminUnit], list[tuple[str, str]]]:
    """The units of one era and their variant keys (package keywords: folded, compact)."""
    units: dict[str, AdminUnit] = {}
    variants: list[tuple[str, str]] = []
    district_columns = (
        "district, districtShort, districtType, districtCode, districtLat, districtLon, "
        "districtKeywords, "
        if era == "old"
        else ""
    )
    rows = conn.execute(
        "SELECT province, provinceShort, provinceCode, provinceLat, provinceLon, provinceKeywords, "
        f"{district_columns}ward, wardShort, wardType, wardCode, wardLat, wardLon, wardKeywords "
        f"FROM [{_TABLES[era]}]"
    )
    for row in rows:
        province = row["provinceCode"]
        if province not in units:
            units[province] = AdminUnit(
                province, row["provinceShort"], row["province"],
                _type_of(row["province"], row["provinceShort"]), Level.PROVINCE, None, province,
                row["provinceLat"], row["provinceLon"],
            )  # fmt: skip
            variants += [(province, k) for k in _keywords(row["provinceKeywords"])]
        parent = province
        if era == "old":
            parent = row["districtCode"]
            if parent not in units:
                units[parent] = AdminUnit(
                    parent, row["districtShort"], row["district"], row["districtType"].lower(),
                    Level.DISTRICT, province, province, row["districtLat"], row["districtLon"],
                )  # fmt: skip
                variants += [(parent, k) for k in _keywords(row["districtKeywords"])]
        code = row["wardCode"]
        if code is None or code in units:  # a few island districts have no communes
            continue
        units[code] = AdminUnit(
            code, row["wardShort"], row["ward"], row["wardType"].lower(), Level.COMMUNE,
            parent, province, row["wardLat"], row["wardLon"],
        )  # fmt: skip
        variants += [(code, k) for k in _keywords(row["wardKeywords"])]
    return list(units.values()), variants


def _read_keys(conn: sqlite3.Connection, era: str) -> dict[Level, set[str]]:
    """Every folded name the package knows on one era's map, by level."""
    columns = {Level.PROVINCE: "provinceKeywords", Level.COMMUNE: "wardKeywords"}
    if era == "old":
        columns[Level.DISTRICT] = "districtKeywords"
    keys: dict[Level, set[str]] = {}
    for level, column in columns.items():
        rows = conn.execute(f"SELECT DISTINCT {column} FROM [{_TABLES[era]}]")
        keys[level] = {k for (raw,) in rows for k in _keywords(raw)}
    return keys

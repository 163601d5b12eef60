"""Place phrases in letters: the type word settles the unit; the letter's units give context."""

from __future__ import annotations

import pytest

from graph.models import Level
from ingest.gazetteer.admin_map import AdminMap, AdminUnit, load_admin_map
from ingest.gazetteer.places import find_place, split_type


@pytest.fixture(scope="module")
def old() -> AdminMap:
    return load_admin_map("old")


def _unit(old: AdminMap, province: str, district: str | None = None) -> AdminUnit:
    found = old.find_province(province)
    assert found is not None
    if district is not None:
        found = old.find_district(district, found)
        assert found is not None
    return found


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        pytest.param("thành phố Lào Cai", ("thành phố", "Lào Cai"), id="thanh-pho"),
        pytest.param("TP. Lào Cai", ("thành phố", "Lào Cai"), id="tp-dot"),
        pytest.param("THỊ XÃ Phước Long", ("thị xã", "Phước Long"), id="upper-thi-xa"),
        pytest.param("huyện", ("huyện", ""), id="bare-type"),
        pytest.param("Lào Cai", None, id="no-type"),
        pytest.param("Sở Y tế", None, id="not-a-place"),
    ],
)
def test_split_type(phrase: str, expected: tuple[str, str] | None) -> None:
    assert split_type(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        pytest.param("thành phố Lào Cai", ("Thành phố Lào Cai", Level.DISTRICT), id="provincial-city"),
        pytest.param("thành phố Hà Nội", ("Thành phố Hà Nội", Level.PROVINCE), id="centrally-run-city"),
        pytest.param("tỉnh Lào Cai", ("Tỉnh Lào Cai", Level.PROVINCE), id="province"),
        pytest.param("Lào Cai", ("Tỉnh Lào Cai", Level.PROVINCE), id="untyped-province-first"),
        pytest.param("Mường Tè", ("Huyện Mường Tè", Level.DISTRICT), id="untyped-district"),
        pytest.param("quận Hoàng Mai", ("Quận Hoàng Mai", Level.DISTRICT), id="quan"),
        pytest.param("huyện Vĩnh", None, id="truncated"),
        pytest.param("xã Thu Lũm", ("Xã Thu Lũm", Level.COMMUNE), id="commune-nationwide"),
        pytest.param("huyện", None, id="bare-type-without-context"),
    ],
)
def test_find_place_without_context(old: AdminMap, phrase: str, expected: tuple[str, Level] | None) -> None:
    found = find_place(phrase, old)
    assert ((found.full_name, found.level) if found else None) == expected


def test_find_place_in_context(old: AdminMap) -> None:
    lao_cai = _unit(old, "Lào Cai")
    city = _unit(old, "Lào Cai", "thành phố Lào Cai")
    around = [city, lao_cai]
    assert find_place("thành phố", around=around, amap=old) == city
    assert find_place("tỉnh", around=around, amap=old) == lao_cai
    assert find_place("huyện", around=[lao_cai], amap=old) is None
    assert find_place("thành phố", around=[lao_cai], amap=old) is None  # Lào Cai is no city-province
    ha_noi = _unit(old, "Hà Nội")
    assert find_place("thành phố", around=[ha_noi], amap=old) == ha_noi
    ward = find_place("phường Chương Dương", old, [ha_noi])
    assert ward is not None and ward.type == "phường"


def test_communes_exact_in_the_province_before_typos_in_the_district(old: AdminMap) -> None:
    lai_chau = _unit(old, "Lai Châu")
    muong_te = _unit(old, "Lai Châu", "Mường Tè")
    other = next(c for d in old.districts_of(lai_chau) if d != muong_te for c in old.communes_of(d))
    found = find_place(f"{other.type} {other.name}", old, [muong_te, lai_chau])
    assert found == other
    assert find_place("xã Thu Lũm", old, [muong_te, lai_chau]) == old.find_commune("Thu Lũm", muong_te)
    assert find_place("xã Thu Lũm", old, [_unit(old, "Hà Nội")]) is None  # not nationwide


@pytest.mark.parametrize(
    ("phrase", "full_name"),
    [
        pytest.param("xã Mường Tè (Xã)", "Xã Mường Tè", id="xa-tag"),
        pytest.param("thị trấn Mường Tè (Thị trấn)", "Thị trấn Mường Tè", id="thi-tran-tag"),
        pytest.param("xã Mường Tè (Xã", "Xã Mường Tè", id="tag-trimmed"),
        pytest.param("xã Mường Tè", "Xã Mường Tè", id="no-tag"),
    ],
)
def test_the_packages_tagged_names_are_places(old: AdminMap, phrase: str, full_name: str) -> None:
    found = find_place(phrase, old, [_unit(old, "Lai Châu", "Mường Tè")])
    assert found is not None and found.full_name == full_name

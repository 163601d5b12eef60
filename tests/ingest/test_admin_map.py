"""The administrative map, on the real data of ``vietnamadminunits``."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from graph.models import Level
from graph.normalize import fold
from ingest.gazetteer.admin_map import (
    MAP_CHANGE,
    AdminMap,
    AdminUnit,
    admin_map_for,
    load_admin_map,
)


@pytest.fixture(scope="module")
def old() -> AdminMap:
    return load_admin_map("old")


@pytest.fixture(scope="module")
def new() -> AdminMap:
    return load_admin_map("new")


def _province(admin_map: AdminMap, name: str) -> AdminUnit:
    unit = admin_map.find_province(name)
    assert unit is not None, name
    return unit


# -- eras -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "era"),
    [
        pytest.param(None, "old", id="unknown-date"),
        pytest.param(dt.date(2021, 8, 5), "old", id="2021"),
        pytest.param(dt.date(2025, 6, 30), "old", id="eve-of-change"),
        pytest.param(dt.date(2025, 7, 1), "new", id="day-of-change"),
        pytest.param(dt.date(2026, 1, 1), "new", id="2026"),
    ],
)
def test_admin_map_for_picks_the_era(on: dt.date | None, era: str) -> None:
    assert admin_map_for(on).era == era


def test_maps_are_cached() -> None:
    assert admin_map_for(MAP_CHANGE) is load_admin_map("new")
    assert admin_map_for(None) is load_admin_map("old")


def test_unknown_era_is_refused() -> None:
    with pytest.raises(ValueError, match="era"):
        load_admin_map("1975")


@pytest.mark.parametrize(
    ("era", "provinces", "min_communes"),
    [pytest.param("old", 63, 10_000, id="old"), pytest.param("new", 34, 3_300, id="new")],
)
def test_map_sizes(era: str, provinces: int, min_communes: int) -> None:
    admin_map = load_admin_map(era)
    assert len(admin_map.provinces()) == provinces
    communes = sum(len(admin_map.communes_of(p)) for p in admin_map.provinces())
    assert communes >= min_communes


def test_old_map_has_about_seven_hundred_districts(old: AdminMap) -> None:
    assert 680 <= sum(len(old.districts_of(p)) for p in old.provinces()) <= 720


def test_units_are_frozen(old: AdminMap) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        old.provinces()[0].name = "x"  # type: ignore[misc]


# -- browsing ---------------------------------------------------------------------------------


def test_lai_chau_districts_on_the_old_map(old: AdminMap) -> None:
    lai_chau = _province(old, "Lai Châu")
    districts = old.districts_of(lai_chau)
    assert sorted(d.name for d in districts) == sorted(
        ["Mường Tè", "Tam Đường", "Phong Thổ", "Sìn Hồ", "Tân Uyên", "Than Uyên", "Nậm Nhùn",
         "Lai Châu"]
    )  # fmt: skip
    city = next(d for d in districts if d.name == "Lai Châu")
    assert (city.type, city.full_name) == ("thành phố", "Thành phố Lai Châu")
    assert all(d.level is Level.DISTRICT and d.parent_code == lai_chau.code for d in districts)


def test_ha_noi_districts(old: AdminMap) -> None:
    ha_noi = _province(old, "Hà Nội")
    districts = {d.full_name for d in old.districts_of(ha_noi)}
    assert len(districts) == 30
    assert {"Quận Ba Đình", "Quận Hoàn Kiếm", "Thị xã Sơn Tây", "Huyện Ba Vì"} <= districts
    assert {d.type for d in old.districts_of(ha_noi)} == {"quận", "huyện", "thị xã"}


def test_hierarchy_and_codes(old: AdminMap) -> None:
    lai_chau = _province(old, "Lai Châu")
    muong_te = old.find_district("Mường Tè", lai_chau)
    assert muong_te is not None
    commune = old.find_commune("Thu Lũm", muong_te)
    assert commune is not None
    assert commune.level is Level.COMMUNE and commune.type == "xã"
    assert old.parent_of(commune) == muong_te
    assert old.parent_of(muong_te) == lai_chau
    assert old.parent_of(lai_chau) is None
    assert old.get(commune.code) == commune
    assert old.get(lai_chau.code) == lai_chau
    assert old.get("no-such-code") is None
    assert commune.province_code == muong_te.province_code == lai_chau.code
    assert commune in old.communes_of(lai_chau)
    assert commune in old.communes_of(muong_te)
    assert old.communes_of(commune) == []
    assert old.districts_of(muong_te) == []


def test_coordinates_present(old: AdminMap, new: AdminMap) -> None:
    for admin_map in (old, new):
        for province in admin_map.provinces():
            assert province.lat is not None and 8 < province.lat < 24, province
            assert province.lon is not None and 102 < province.lon < 110, province


# -- the new map ------------------------------------------------------------------------------


def test_new_map_has_no_districts(new: AdminMap) -> None:
    lai_chau = _province(new, "Lai Châu")
    assert new.districts_of(lai_chau) == []
    assert new.find_district("Mường Tè", lai_chau) is None
    assert new.find_district("Mường Tè") is None
    communes = new.communes_of(lai_chau)
    assert communes and all(new.parent_of(c) == lai_chau for c in communes)


@pytest.mark.parametrize(
    ("name", "on_old", "on_new"),
    [
        pytest.param("Lai Châu", "Tỉnh Lai Châu", "Tỉnh Lai Châu", id="kept"),
        pytest.param("Tuyên Quang", "Tỉnh Tuyên Quang", "Tỉnh Tuyên Quang", id="absorbing"),
        pytest.param("Hà Giang", "Tỉnh Hà Giang", None, id="merged-into-tuyen-quang"),
        pytest.param("Quảng Bình", "Tỉnh Quảng Bình", None, id="merged-not-quang-ninh"),
        pytest.param("Hòa Bình", "Tỉnh Hòa Bình", None, id="merged-into-phu-tho"),
        pytest.param("Bình Dương", "Tỉnh Bình Dương", None, id="merged-into-hcm"),
    ],
)
def test_provinces_across_eras(
    old: AdminMap, new: AdminMap, name: str, on_old: str | None, on_new: str | None
) -> None:
    for admin_map, expected in ((old, on_old), (new, on_new)):
        found = admin_map.find_province(name)
        assert (found.full_name if found else None) == expected, admin_map.era


def test_new_map_commune(new: AdminMap) -> None:
    ha_noi = _province(new, "Hà Nội")
    ward = new.find_commune("phường Ba Đình", ha_noi)
    assert ward is not None and ward.full_name == "Phường Ba Đình" and ward.type == "phường"
    assert ward.parent_code == ward.province_code == ha_noi.code


# -- name matching ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("tỉnh Lai Châu", "Tỉnh Lai Châu", id="type-word"),
        pytest.param("TỈNH LAI CHÂU", "Tỉnh Lai Châu", id="upper"),
        pytest.param("Lai Châu", "Tỉnh Lai Châu", id="bare"),
        pytest.param("lai chau", "Tỉnh Lai Châu", id="no-diacritics"),
        pytest.param("TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh", id="tp-dot"),
        pytest.param("thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh", id="thanh-pho"),
        pytest.param("Hồ Chí Minh", "Thành phố Hồ Chí Minh", id="hcm-bare"),
        pytest.param("TP HCM", "Thành phố Hồ Chí Minh", id="tp-hcm"),
        pytest.param("TP.HCM", "Thành phố Hồ Chí Minh", id="tp-dot-hcm"),
        pytest.param("Thanh Hoá", "Tỉnh Thanh Hóa", id="old-tone-placement"),
        pytest.param("Thanh Hóa", "Tỉnh Thanh Hóa", id="new-tone-placement"),
        pytest.param("Hoà Bình", "Tỉnh Hòa Bình", id="hoa-binh-old-tone"),
        pytest.param("Thừa Thiên Huế", "Thành phố Huế", id="former-name"),
        pytest.param("Quảng Nính", "Tỉnh Quảng Ninh", id="typo"),
        pytest.param("Bà Rịa - Vũng Tàu", "Tỉnh Bà Rịa - Vũng Tàu", id="hyphen"),
    ],
)
def test_find_province(old: AdminMap, name: str, expected: str) -> None:
    found = old.find_province(name)
    assert found is not None and found.full_name == expected


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("", id="empty"),
        pytest.param("  .,- ", id="punctuation"),
        pytest.param("xyz", id="short-garbage"),
        pytest.param("Công điện số 1068/CĐ-TTg", id="sentence"),
        pytest.param("Ủy ban nhân dân", id="no-place"),
        pytest.param("tỉnh", id="type-word-only"),
        pytest.param("Mường Tè", id="district-not-province"),
    ],
)
def test_garbage_is_not_a_province(old: AdminMap, new: AdminMap, name: str) -> None:
    assert old.find_province(name) is None
    assert new.find_province(name) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("MUỜNG TÈ", "Huyện Mường Tè", id="misspelled-upper"),
        pytest.param("Mường Tè", "Huyện Mường Tè", id="exact"),
        pytest.param("huyện Mường Tè", "Huyện Mường Tè", id="type-word"),
        pytest.param("H. Mường Tè", "Huyện Mường Tè", id="abbreviated-type"),
        pytest.param("Muong Te", "Huyện Mường Tè", id="no-diacritics"),
        pytest.param("Sỳn Hồ", "Huyện Sìn Hồ", id="y-variant"),
        pytest.param("Nậm Nhùm", "Huyện Nậm Nhùn", id="typo"),
        pytest.param("Than Uyen", "Huyện Than Uyên", id="than-not-tan"),
        pytest.param("Tân Uyên", "Huyện Tân Uyên", id="tan-not-than"),
        pytest.param("Thành phố Lai Châu", "Thành phố Lai Châu", id="city"),
        pytest.param("TP Lai Châu", "Thành phố Lai Châu", id="city-tp"),
        pytest.param("thị xã Lai Châu", "Thành phố Lai Châu", id="former-type"),
    ],
)
def test_find_district_in_lai_chau(old: AdminMap, name: str, expected: str) -> None:
    found = old.find_district(name, _province(old, "Lai Châu"))
    assert found is not None and found.full_name == expected


@pytest.mark.parametrize(
    ("name", "province", "expected"),
    [
        pytest.param("Mường Tè", None, "Huyện Mường Tè", id="unique-without-province"),
        pytest.param("Quan Hóa", None, "Huyện Quan Hóa", id="name-starting-like-quan"),
        pytest.param("Quận 1", "Hồ Chí Minh", "Quận 1", id="numbered"),
        pytest.param("Q.3", "TP HCM", "Quận 3", id="numbered-abbreviated"),
        pytest.param("Tân Uyên", None, None, id="ambiguous-lai-chau-binh-duong"),
        pytest.param("Châu Thành", None, None, id="ambiguous-many"),
        pytest.param("Quận 1", None, "Quận 1", id="numbered-only-in-hcm"),
        pytest.param("Tân Uyên", "Bình Dương", "Thành phố Tân Uyên", id="disambiguated"),
        pytest.param("Than Uyên", "Bình Dương", None, id="real-name-elsewhere-not-typo"),
        pytest.param("Mường Tè", "Hà Nội", None, id="wrong-province"),
        pytest.param("qwertyuiop", "Lai Châu", None, id="garbage"),
    ],
)
def test_find_district(
    old: AdminMap, name: str, province: str | None, expected: str | None
) -> None:
    scope = _province(old, province) if province else None
    found = old.find_district(name, scope)
    assert (found.full_name if found else None) == expected


@pytest.mark.parametrize(
    ("name", "within", "expected"),
    [
        pytest.param("Thu Lũm", ("Lai Châu", "Mường Tè"), "Xã Thu Lũm", id="in-district"),
        pytest.param("xa thu lum", ("Lai Châu", None), "Xã Thu Lũm", id="in-province-folded"),
        pytest.param("Thu Lũm", None, "Xã Thu Lũm", id="unique-nationwide"),
        pytest.param("Thu Lủm", ("Lai Châu", "Mường Tè"), "Xã Thu Lũm", id="wrong-tone"),
        pytest.param("Mường Tè", ("Lai Châu", "Mường Tè"), None, id="xa-and-thi-tran"),
        pytest.param("xã Mường Tè", ("Lai Châu", "Mường Tè"), "Xã Mường Tè", id="typed-xa"),
        pytest.param("TT Mường Tè", ("Lai Châu", "Mường Tè"), "Thị trấn Mường Tè", id="typed-tt"),
        pytest.param("Tân Thành", ("Long An", "Tân Thạnh"), "Xã Tân Thành", id="marks-decide"),
        pytest.param("Tân Thạnh", ("Long An", "Tân Thạnh"), "Thị trấn Tân Thạnh", id="marks-2"),
        pytest.param("tan thanh", ("Long An", "Tân Thạnh"), None, id="folded-ambiguous"),
        pytest.param("Phúc Xá", ("Hà Nội", "Ba Đình"), "Phường Phúc Xá", id="ward"),
        pytest.param("Phúc Sá", ("Hà Nội", "Ba Đình"), "Phường Phúc Xá", id="s-x-variant"),
        pytest.param("Tân Thành", None, None, id="ambiguous-nationwide"),
        pytest.param("Phường 1", None, None, id="numbered-nationwide"),
        pytest.param("Thu Lũm", ("Hà Nội", None), None, id="wrong-province"),
    ],
)
def test_find_commune(
    old: AdminMap, name: str, within: tuple[str, str | None] | None, expected: str | None
) -> None:
    scope = None
    if within is not None:
        scope = _province(old, within[0])
        if within[1] is not None:
            scope = old.find_district(within[1], scope)
            assert scope is not None
    found = old.find_commune(name, scope)
    assert (found.full_name if found else None) == expected


def test_commune_scope_must_be_province_or_district(old: AdminMap) -> None:
    lai_chau = _province(old, "Lai Châu")
    commune = old.find_commune("Thu Lũm", lai_chau)
    assert commune is not None
    assert old.find_commune("Thu Lũm", commune) is None
    assert old.find_district("Mường Tè", commune) is None


# -- sweeps over the whole map ----------------------------------------------------------------


@pytest.mark.parametrize("era", ["old", "new"])
def test_every_province_finds_itself(era: str) -> None:
    admin_map = load_admin_map(era)
    for province in admin_map.provinces():
        for name in (province.name, province.full_name, fold(province.full_name).upper()):
            assert admin_map.find_province(name) == province, name


def test_every_old_unit_finds_itself_in_its_parent(old: AdminMap) -> None:
    for province in old.provinces():
        for district in old.districts_of(province):
            assert old.find_district(district.full_name, province) == district
            for commune in old.communes_of(district):
                assert old.find_commune(commune.full_name, district) == commune


def test_old_commune_in_province_is_none_only_when_truly_ambiguous(old: AdminMap) -> None:
    misses = 0
    for province in old.provinces():
        communes = old.communes_of(province)
        for commune in communes:
            found = old.find_commune(commune.full_name, province)
            if found != commune:
                misses += 1
                assert found is None, commune
                twins = [c for c in communes if fold(c.full_name) == fold(commune.full_name)]
                assert len(twins) > 1, commune
    assert misses < 0.05 * sum(len(old.communes_of(p)) for p in old.provinces())


def test_every_new_commune_finds_itself_in_its_province(new: AdminMap) -> None:
    for province in new.provinces():
        for commune in new.communes_of(province):
            assert new.find_commune(commune.full_name, province) == commune


def test_typo_answers_are_stable(old: AdminMap) -> None:
    lai_chau = _province(old, "Lai Châu")
    first = old.find_district("Nậm Nhùm", lai_chau)
    assert first is not None and old.find_district("Nậm Nhùm", lai_chau) is first


# -- a stated type must agree ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "province", "expected"),
    [
        pytest.param("quận Hoàng Mai", None, "Quận Hoàng Mai", id="quan-settles-ha-noi"),
        pytest.param("thị xã Hoàng Mai", None, "Thị xã Hoàng Mai", id="thi-xa-settles-nghe-an"),
        pytest.param("Hoàng Mai", None, None, id="untyped-is-ambiguous"),
        pytest.param("thị xã Phước Long", None, "Thị xã Phước Long", id="thi-xa-phuoc-long"),
        pytest.param("huyện Phước Long", None, "Huyện Phước Long", id="huyen-phuoc-long"),
        pytest.param("huyện Vĩnh", None, None, id="huyen-is-not-thanh-pho-vinh"),
        pytest.param("huyện Vĩnh", "Nghệ An", None, id="not-even-in-its-province"),
        pytest.param("thành phố Vinh", "Nghệ An", "Thành phố Vinh", id="same-type"),
        pytest.param("huyện Lai Châu", "Lai Châu", "Thành phố Lai Châu", id="upgraded-huyen-same-marks"),
        pytest.param("thị xã Mường Tè", "Lai Châu", None, id="not-an-upgrade-path"),
        pytest.param("Vĩnh Lin", "Quảng Trị", None, id="truncated-is-no-typo"),
        pytest.param("huyện Vĩnh Lin", "Quảng Trị", None, id="truncated-typed"),
        pytest.param("Vĩnh Lnih", "Quảng Trị", "Huyện Vĩnh Linh", id="real-typo"),
        pytest.param("thị xã Nậm Nhùm", "Lai Châu", None, id="typo-of-another-type"),
    ],
)
def test_stated_type_must_agree(
    old: AdminMap, name: str, province: str | None, expected: str | None
) -> None:
    scope = _province(old, province) if province else None
    found = old.find_district(name, scope)
    assert (found.full_name if found else None) == expected


@pytest.mark.parametrize(
    ("name", "on_old"),
    [
        pytest.param("thành phố Lào Cai", None, id="provincial-city-is-not-the-province"),
        pytest.param("TP. Cà Mau", None, id="tp-ca-mau"),
        pytest.param("thành phố Hà Nội", "Thành phố Hà Nội", id="centrally-run"),
        pytest.param("tỉnh Thừa Thiên Huế", "Thành phố Huế", id="tinh-became-thanh-pho"),
        pytest.param("Phổ Yên", None, id="real-district-not-a-typo-of-phu-yen"),
        pytest.param("Phú Yên", "Tỉnh Phú Yên", id="phu-yen"),
    ],
)
def test_province_type_must_agree(old: AdminMap, name: str, on_old: str | None) -> None:
    found = old.find_province(name)
    assert (found.full_name if found else None) == on_old


def test_provincial_cities_are_districts(old: AdminMap) -> None:
    for name, province in (("thành phố Lào Cai", "Lào Cai"), ("thành phố Cà Mau", "Cà Mau")):
        found = old.find_district(name, _province(old, province))
        assert found is not None and (found.type, found.level) == ("thành phố", Level.DISTRICT)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("phường Chương Dương", "Phường Chương Dương", id="phuong"),
        pytest.param("xã Chương Dương", "Xã Chương Dương", id="xa"),
        pytest.param("Chương Dương", None, id="untyped"),
        pytest.param("thị trấn Chương Dương", "Phường Chương Dương", id="former-thi-tran"),
    ],
)
def test_commune_type_must_agree(old: AdminMap, name: str, expected: str | None) -> None:
    found = old.find_commune(name, _province(old, "Hà Nội"))
    assert (found.full_name if found else None) == expected


def test_typos_can_be_turned_off(old: AdminMap) -> None:
    lai_chau = _province(old, "Lai Châu")
    assert old.find_district("Nậm Nhùm", lai_chau) is not None
    assert old.find_district("Nậm Nhùm", lai_chau, typos=False) is None
    assert old.find_district("Nậm Nhùn", lai_chau, typos=False) is not None
    assert old.find_province("Quảng Nimh") is not None
    assert old.find_province("Quảng Nimh", typos=False) is None

"""The authority gazetteer: central table, local units from the admin map, symbols, context."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.models import Authority, Level
from graph.normalize import slugify
from ingest.gazetteer.admin_map import admin_map_for
from ingest.gazetteer.authorities import DATA_FILE, Context, Gazetteer, default_gazetteer

OLD = dt.date(2021, 8, 1)
NEW = dt.date(2025, 8, 1)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def lai_chau(gaz: Gazetteer) -> Context:
    province = gaz.resolve("UBND tỉnh Lai Châu", Context(on=OLD))
    district = gaz.resolve("UBND huyện Mường Tè", Context(on=OLD))
    return Context(issuer=district, province=province, on=OLD)


RESOLVE = [
    pytest.param("Thủ tướng Chính phủ", "thu-tuong-chinh-phu", Level.CENTRAL, id="prime-minister"),
    pytest.param("Chính Phủ", "chinh-phu", Level.CENTRAL, id="government"),
    pytest.param("Văn phòng Chính phủ", "van-phong-chinh-phu", Level.CENTRAL, id="vpcp"),
    pytest.param("Bộ Y tế", "bo-y-te", Level.MINISTRY, id="ministry"),
    pytest.param("Bộ Lao động, Thương binh và Xã hội", "bo-lao-dong-thuong-binh-va-xa-hoi", Level.MINISTRY,
                 id="ministry-comma-variant"),
    pytest.param("Bộ Chính trị", "bo-chinh-tri", Level.CENTRAL, id="politburo"),
    pytest.param("Ban Bí thư Trung ương Đảng", "ban-bi-thu", Level.CENTRAL, id="secretariat-alias"),
    pytest.param("Ban Tuyên giáo TW", "ban-tuyen-giao-trung-uong", Level.CENTRAL, id="propaganda-short"),
    pytest.param("Hội đồng Bầu cử Quốc gia", "hoi-dong-bau-cu-quoc-gia", Level.CENTRAL, id="election-council"),
    pytest.param("UBND tỉnh Lai Châu", "ubnd-tinh-lai-chau", Level.PROVINCE, id="province-short"),
    pytest.param("Ủy ban nhân dân tỉnh Lai Châu", "ubnd-tinh-lai-chau", Level.PROVINCE, id="province-long"),
    pytest.param("Chủ tịch UBND tỉnh Thanh Hóa", "ubnd-tinh-thanh-hoa", Level.PROVINCE, id="chairman-acts"),
    pytest.param("UBND Thành phố Hồ Chí Minh", "ubnd-thanh-pho-ho-chi-minh", Level.PROVINCE, id="city"),
    pytest.param("UBND huyện Mường Tè", "ubnd-huyen-muong-te-lai-chau", Level.DISTRICT, id="district"),
    pytest.param("ỦY BAN NHÂN DÂN HUYỆN MUỜNG TÈ", "ubnd-huyen-muong-te-lai-chau", Level.DISTRICT,
                 id="district-block-typo"),
    pytest.param("HUYỆN MUỜNG TÈ", "ubnd-huyen-muong-te-lai-chau", Level.DISTRICT, id="block-second-line"),
    pytest.param("UBND huyện Tam Dương", "ubnd-huyen-tam-duong-vinh-phuc", Level.DISTRICT,
                 id="diacritics-tell-places-apart"),
    pytest.param("Tỉnh Ủy Kiên Giang", "tinh-uy-kien-giang", Level.PROVINCE, id="provincial-party"),
    pytest.param("Ban Thường vụ Tỉnh ủy Ninh Thuận", "ban-thuong-vu-tinh-uy-ninh-thuan", Level.PROVINCE,
                 id="standing-committee"),
    pytest.param("Sở Y tế tỉnh Lai Châu", "so-y-te-lai-chau", Level.PROVINCE, id="department-named"),
    pytest.param("Phòng Giáo dục và Đào tạo quận Tây Hồ", "phong-giao-duc-va-dao-tao-tay-ho-ha-noi",
                 Level.DISTRICT, id="district-office"),
]


@pytest.mark.parametrize(("text", "key", "level"), RESOLVE)
def test_resolve(gaz: Gazetteer, text: str, key: str, level: Level) -> None:
    found = gaz.resolve(text, Context(on=OLD))
    assert found is not None and (found.key, found.level) == (key, level)
    assert gaz.get(key) == found


IN_CONTEXT = [
    pytest.param("UBND tỉnh", "ubnd-tinh-lai-chau", id="ubnd-tinh"),
    pytest.param("Ủy ban nhân dân tỉnh", "ubnd-tinh-lai-chau", id="uy-ban-tinh"),
    pytest.param("UBND huyện", "ubnd-huyen-muong-te-lai-chau", id="ubnd-huyen"),
    pytest.param("Sở Y tế", "so-y-te-lai-chau", id="department"),
    pytest.param("Phòng Y tế", "phong-y-te-muong-te-lai-chau", id="district-office"),
    pytest.param("Tỉnh ủy", "tinh-uy-lai-chau", id="party"),
    pytest.param("Ban Thường vụ Tỉnh ủy", "ban-thuong-vu-tinh-uy-lai-chau", id="party-standing"),
    pytest.param("Trung tâm chỉ huy phòng, chống dịch Covid-19 huyện",
                 "trung-tam-chi-huy-phong-chong-dich-covid-19-muong-te-lai-chau", id="command-centre"),
]


@pytest.mark.parametrize(("text", "key"), IN_CONTEXT)
def test_resolve_in_context(gaz: Gazetteer, lai_chau: Context, text: str, key: str) -> None:
    found = gaz.resolve(text, lai_chau)
    assert found is not None and found.key == key


@pytest.mark.parametrize("text", ["UBND tỉnh", "Sở Y tế", "Tỉnh ủy", "cơ quan", "", "ông Hà Ngọc Chiến"],
                         ids=["ubnd-tinh", "so", "tinh-uy", "no-head", "empty", "person"])
def test_resolve_without_context_is_none(gaz: Gazetteer, text: str) -> None:
    assert gaz.resolve(text) is None


SYMBOLS = [
    pytest.param("CĐ-TTg", "thu-tuong-chinh-phu", id="cd-ttg"),
    pytest.param("CD-TTg", "thu-tuong-chinh-phu", id="ascii"),
    pytest.param("QĐ.TTg", "thu-tuong-chinh-phu", id="dotted"),
    pytest.param("NĐ-CP", "chinh-phu", id="nd-cp"),
    pytest.param("TB-VPCP", "van-phong-chinh-phu", id="vpcp"),
    pytest.param("BYT-DP", "bo-y-te", id="ministry-unit"),
    pytest.param("QĐ-BGDĐT", "bo-giao-duc-va-dao-tao", id="type-then-ministry"),
    pytest.param("TT-BLĐTBXH", "bo-lao-dong-thuong-binh-va-xa-hoi", id="molisa"),
    pytest.param("HD/BTGTW", "ban-tuyen-giao-trung-uong", id="party-board"),
    pytest.param("KL/TW", None, id="tw-ambiguous"),
    pytest.param("UBND-VX", None, id="ubnd-without-context"),
]


@pytest.mark.parametrize(("symbol", "key"), SYMBOLS)
def test_by_symbol(gaz: Gazetteer, symbol: str, key: str | None) -> None:
    found = gaz.by_symbol(symbol)
    assert (found.key if found else None) == key


@pytest.mark.parametrize(("symbol", "key"), [
    pytest.param("UBND-VX", "ubnd-huyen-muong-te-lai-chau", id="nearest-ubnd"),
    pytest.param("SYT-NV", "so-y-te-lai-chau", id="department-code"),
    pytest.param("TB/TU", "tinh-uy-lai-chau", id="tinh-uy"),
    pytest.param("KL/TW", None, id="tw-still-ambiguous"),
])
def test_by_symbol_in_context(gaz: Gazetteer, lai_chau: Context, symbol: str, key: str | None) -> None:
    found = gaz.by_symbol(symbol, lai_chau)
    assert (found.key if found else None) == key


def test_symbol_label(gaz: Gazetteer) -> None:
    assert gaz.symbol_label("SNV-CCHC") == "Sở Nội vụ"
    assert gaz.symbol_label("NQ/TU") == "Tỉnh ủy"
    assert gaz.symbol_label("ABC-XYZ") is None


def test_chain_up_and_children(gaz: Gazetteer, lai_chau: Context) -> None:
    assert lai_chau.issuer is not None and lai_chau.province is not None
    chain = [a.key for a in gaz.chain_up(lai_chau.issuer)]
    assert chain == ["ubnd-huyen-muong-te-lai-chau", "ubnd-tinh-lai-chau", "chinh-phu"]
    districts = gaz.children(lai_chau.province, Level.DISTRICT)
    assert len(districts) == 8 and "ubnd-huyen-muong-te-lai-chau" in {a.key for a in districts}
    assert all(a.parent_key == "ubnd-tinh-lai-chau" for a in districts)
    communes = gaz.children(lai_chau.issuer, Level.COMMUNE)
    assert communes and all(a.level is Level.COMMUNE and a.parent_key == lai_chau.issuer.key for a in communes)
    ministries = gaz.children(gaz.get("chinh-phu"), Level.MINISTRY)  # type: ignore[arg-type]
    assert "bo-y-te" in {a.key for a in ministries}


def test_new_map_after_reform(gaz: Gazetteer) -> None:
    found = gaz.resolve("UBND tỉnh Lai Châu", Context(on=dt.date(2025, 8, 1)))
    assert found is not None and found.key == "ubnd-tinh-lai-chau"
    assert gaz.children(found, Level.DISTRICT, on=dt.date(2025, 8, 1)) == []  # no districts any more
    assert len(gaz.children(found, Level.DISTRICT, on=OLD)) == 8


def test_central_table_is_consistent() -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    keys = {slugify(row["name"]) for row in data["central"]}
    assert len(keys) == len(data["central"])
    for row in data["central"]:
        assert row.get("parent") in keys | {None}, row["name"]
        if row["level"] == "ministry":
            assert row["parent"] == "chinh-phu", row["name"]
    codes = [c for row in data["central"] for c in row["codes"]]
    assert len(codes) == len(set(codes))
    ministries = [r for r in data["central"] if r["kind"] == "ministry"]
    assert len(ministries) >= 22  # every ministry and ministerial-level agency, before and after 2025


def test_default_gazetteer_is_cached() -> None:
    assert default_gazetteer() is default_gazetteer()


@pytest.mark.parametrize(("text", "key"), [
    pytest.param("Bộ trưởng Bộ Y tế", "bo-y-te", id="minister"),
    pytest.param("Phó Thủ tướng Chính phủ", "thu-tuong-chinh-phu", id="deputy-pm"),
    pytest.param("Chủ tịch nước", "chu-tich-nuoc", id="president"),
    pytest.param("Phó Chủ tịch UBND huyện Mường Tè", "ubnd-huyen-muong-te-lai-chau", id="vice-chairman"),
])
def test_office_holders_act_for_their_body(gaz: Gazetteer, text: str, key: str) -> None:
    found = gaz.resolve(text, Context(on=OLD))
    assert found is not None and found.key == key


# -- unit types settle names (a stated type must agree with the unit's) ---------------------

TYPED = [
    pytest.param("Ủy ban nhân dân huyện Vĩnh", None, id="truncated-name-is-not-thanh-pho-vinh"),
    pytest.param("UBND huyện Vĩnh Linh", "ubnd-huyen-vinh-linh-quang-tri", id="full-name"),
    pytest.param("UBND thành phố Vinh", "ubnd-thanh-pho-vinh-nghe-an", id="provincial-city"),
    pytest.param("ỦY BAN NHÂN DÂN THÀNH PHỐ LÀO CAI", "ubnd-thanh-pho-lao-cai-lao-cai",
                 id="thanh-pho-lao-cai-is-not-the-province"),
    pytest.param("UBND thành phố Cà Mau", "ubnd-thanh-pho-ca-mau-ca-mau", id="thanh-pho-ca-mau"),
    pytest.param("UBND tỉnh Lào Cai", "ubnd-tinh-lao-cai", id="tinh-lao-cai"),
    pytest.param("UBND thành phố Hà Nội", "ubnd-thanh-pho-ha-noi", id="centrally-run-city"),
    pytest.param("UBND thành phố Phổ Yên", "ubnd-thanh-pho-pho-yen-thai-nguyen", id="not-a-typo-of-phu-yen"),
    pytest.param("UBND quận Hoàng Mai", "ubnd-quan-hoang-mai-ha-noi", id="quan-hoang-mai"),
    pytest.param("UBND thị xã Hoàng Mai", "ubnd-thi-xa-hoang-mai-nghe-an", id="thi-xa-hoang-mai"),
    pytest.param("UBND thị xã Phước Long", "ubnd-thi-xa-phuoc-long-binh-phuoc", id="thi-xa-phuoc-long"),
    pytest.param("UBND huyện Phước Long", "ubnd-huyen-phuoc-long-bac-lieu", id="huyen-phuoc-long"),
    pytest.param("UBND thị xã Lai Châu", "ubnd-thanh-pho-lai-chau-lai-chau", id="former-type-same-name"),
    pytest.param("Thành ủy Lào Cai", "thanh-uy-lao-cai-lao-cai", id="thanh-uy-of-the-provincial-city"),
    pytest.param("Thành ủy Hà Nội", "thanh-uy-ha-noi", id="thanh-uy-of-ha-noi"),
    pytest.param("HĐND thành phố Lào Cai", "hdnd-thanh-pho-lao-cai-lao-cai", id="council"),
    pytest.param("Sở Lao động - Thương binh và Xã hội tỉnh Nghệ An", "so-lao-dong-thuong-binh-va-xa-hoi-nghe-an",
                 id="department-name-with-xa"),
    pytest.param("Phòng Y tế thành phố Lai Châu", "phong-y-te-lai-chau-lai-chau", id="office-of-a-city"),
    pytest.param("Đảng ủy xã Thu Lũm", "dang-uy-xa-thu-lum-muong-te-lai-chau", id="commune-party"),
]


@pytest.mark.parametrize(("text", "key"), TYPED)
def test_unit_type_settles_the_unit(gaz: Gazetteer, text: str, key: str | None) -> None:
    found = gaz.resolve(text, Context(on=OLD))
    assert (found.key if found else None) == key


@pytest.mark.parametrize(("text", "key"), [
    pytest.param("UBND phường Chương Dương", "ubnd-phuong-chuong-duong-hoan-kiem-ha-noi", id="phuong"),
    pytest.param("UBND xã Chương Dương", "ubnd-xa-chuong-duong-thuong-tin-ha-noi", id="xa"),
    pytest.param("UBND Chương Dương", None, id="untyped-stays-ambiguous"),
])
def test_commune_type_settles_the_unit_within_the_province(gaz: Gazetteer, text: str, key: str | None) -> None:
    ha_noi = gaz.resolve("UBND thành phố Hà Nội", Context(on=OLD))
    found = gaz.resolve(text, Context(province=ha_noi, on=OLD))
    assert (found.key if found else None) == key


def test_thanh_pho_in_context_prefers_the_provincial_city(gaz: Gazetteer) -> None:
    lao_cai = gaz.resolve("UBND tỉnh Lào Cai", Context(on=OLD))
    found = gaz.resolve("UBND thành phố Lào Cai", Context(province=lao_cai, on=OLD))
    assert found is not None and (found.key, found.level) == ("ubnd-thanh-pho-lao-cai-lao-cai", Level.DISTRICT)
    city = Context(issuer=found, province=lao_cai, on=OLD)
    assert gaz.resolve("UBND thành phố", city) == found
    assert gaz.resolve("Thành ủy", city).key == "thanh-uy-lao-cai-lao-cai"  # type: ignore[union-attr]


def test_a_body_has_one_name_however_it_is_written(gaz: Gazetteer, lai_chau: Context) -> None:
    upper = gaz.resolve("TRUNG TÂM CHỈ HUY PHÒNG, CHỐNG DỊCH COVID-19 HUYỆN", lai_chau)
    lower = gaz.resolve("Trung tâm chỉ huy phòng chống dịch Covid-19 huyện", lai_chau)
    assert upper is not None and upper == lower
    assert upper.name == "Trung tâm chỉ huy phòng, chống dịch Covid-19 huyện Mường Tè"
    assert upper.kind == "command" and upper.parent_key == "ubnd-huyen-muong-te-lai-chau"


# -- every key the gazetteer can make reads back, in any process ------------------------------

_FRESH_PROCESS = """
import json, sys
from graph.models import Authority, Level
from ingest.gazetteer.authorities import default_gazetteer

g = default_gazetteer()
made = json.loads(sys.argv[1])
made = Authority(**{**made, "level": Level(made["level"])})
keys = json.loads(sys.argv[2])
rows = {k: None if (a := g.get(k)) is None else [a.key, a.name, a.level.value, a.kind, a.parent_key,
                                                a.admin_code]
        for k in keys}
print(json.dumps({"rows": rows, "chain": [a.key for a in g.chain_up(made)]}))
"""

FRESH_KEYS = [
    "ubnd-tinh-nghe-an", "ubnd-huyen-muong-te-lai-chau", "ubnd-xa-thu-lum-muong-te-lai-chau",
    "so-y-te-nghe-an", "phong-y-te-muong-te-lai-chau", "tinh-uy-lai-chau", "huyen-uy-muong-te-lai-chau",
    "ban-thuong-vu-tinh-uy-ninh-thuan", "hdnd-tinh-lai-chau",
    "trung-tam-chi-huy-phong-chong-dich-covid-19-muong-te-lai-chau", "ubnd-tinh-atlantis",
]


def _row(a: Authority | None) -> list[str | None] | None:
    return None if a is None else [a.key, a.name, a.level.value, a.kind, a.parent_key, a.admin_code]


def test_keys_read_back_in_a_fresh_process(gaz: Gazetteer) -> None:
    made = gaz.resolve("Phòng Giáo dục và Đào tạo huyện Mường Tè", Context(on=OLD))
    assert made is not None
    arg = json.dumps({f.name: getattr(made, f.name) for f in dataclasses.fields(made)} | {"level": made.level.value})
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_PROCESS, arg, json.dumps(FRESH_KEYS)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
    )
    out = json.loads(done.stdout)
    assert out["chain"] == [made.key, "ubnd-huyen-muong-te-lai-chau", "ubnd-tinh-lai-chau", "chinh-phu"]
    assert out["rows"]["ubnd-tinh-nghe-an"] is not None and out["rows"]["so-y-te-nghe-an"] is not None
    assert out["rows"]["ubnd-tinh-atlantis"] is None
    assert out["rows"] == {k: _row(gaz.get(k)) for k in FRESH_KEYS}  # the same records both sides


@pytest.mark.parametrize("era_date", [OLD, NEW], ids=["old-map", "new-map"])
def test_every_unit_reads_back_by_key(gaz: Gazetteer, era_date: dt.date) -> None:
    amap = admin_map_for(era_date)
    keys: set[str] = set()
    for unit in amap.provinces():
        province = gaz.resolve(f"UBND {unit.full_name}", Context(on=era_date))
        assert province is not None and gaz.get(province.key) == province, unit
        below = [*gaz.children(province, Level.DISTRICT, on=era_date), *gaz.children(province, Level.COMMUNE, on=era_date)]
        assert len(below) == len(amap.districts_of(unit)) + len(amap.communes_of(unit))
        for a in below:
            assert gaz.get(a.key) is a
            assert gaz.chain_up(a)[-1].key == "chinh-phu"
        keys |= {province.key, *(a.key for a in below)}
    assert len(keys) == sum(1 + len(amap.districts_of(p)) + len(amap.communes_of(p)) for p in amap.provinces())


def test_same_key_same_record_on_both_maps(gaz: Gazetteer) -> None:
    old = gaz.resolve("UBND tỉnh Lào Cai", Context(on=OLD))
    new = gaz.resolve("UBND tỉnh Lào Cai", Context(on=NEW))
    assert old is not None and old is new is gaz.get("ubnd-tinh-lao-cai")
    communes = gaz.children(new, Level.COMMUNE, on=NEW)  # the new map's Lào Cai, found by key
    assert communes and all(c.parent_key == new.key for c in communes)
    assert [a.key for a in gaz.chain_up(communes[0])] == [communes[0].key, new.key, "chinh-phu"]


@pytest.mark.parametrize("key", ["ubnd-tinh-atlantis", "so-y-te-atlantis", "ubnd-xa-", "nope", "",
                                 "phong-y-te-lai-chau"],
                         ids=["no-province", "no-department-place", "empty-place", "no-pattern", "empty",
                              "office-of-a-province"])
def test_unknown_keys_are_none(gaz: Gazetteer, key: str) -> None:
    assert gaz.get(key) is None


def test_names_as_the_map_spells_them_resolve(gaz: Gazetteer) -> None:
    amap = admin_map_for(OLD)
    muong_te = gaz.resolve("UBND huyện Mường Tè", Context(on=OLD))
    for unit in amap.communes_of(amap.get(muong_te.admin_code)):  # type: ignore[union-attr,arg-type]
        found = gaz.resolve(f"UBND {unit.type} {unit.name}", Context(issuer=muong_te, on=OLD))
        assert found is not None and found.admin_code == unit.code, unit.name


@pytest.mark.parametrize(("text", "key"), [
    pytest.param("Các cơ quan, đơn vị liên quan", None, id="lien-quan-is-no-quan"),
    pytest.param("Các ban, ngành, đoàn thể xã", None, id="a-group-is-no-body"),
    pytest.param("Bảo hiểm xã hội tỉnh Lai Châu", "bao-hiem-xa-hoi-lai-chau", id="xa-hoi-is-no-commune"),
    pytest.param("Cơ quan quân sự huyện", "co-quan-quan-su-muong-te-lai-chau", id="quan-su-is-no-quan"),
    pytest.param("Ban Chỉ huy quân sự huyện", "ban-chi-huy-quan-su-muong-te-lai-chau", id="known-body"),
])
def test_bodies_named_with_a_level_word(gaz: Gazetteer, lai_chau: Context, text: str, key: str | None) -> None:
    found = gaz.resolve(text, lai_chau)
    assert (found.key if found else None) == key

"""The authority gazetteer: central table, local units from the admin map, symbols, context."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from graph.models import Level
from graph.normalize import slugify
from ingest.authorities import DATA_FILE, Context, Gazetteer, default_gazetteer

OLD = dt.date(2021, 8, 1)


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

"""Local authorities: made from units, keys read back, one record per key."""

from __future__ import annotations

import pytest

from graph.models import Level
from ingest.gazetteer.admin_map import AdminMap, load_admin_map
from ingest.gazetteer.local import GOVERNMENT, PARTY_CC, LocalAuthorities, committee_word


@pytest.fixture(scope="module")
def old() -> AdminMap:
    return load_admin_map("old")


@pytest.fixture(scope="module")
def new() -> AdminMap:
    return load_admin_map("new")


@pytest.fixture
def local() -> LocalAuthorities:
    return LocalAuthorities(
        departments=["Sở Y tế"],
        offices=["Phòng Y tế"],
        bodies=[("Trung tâm chỉ huy phòng, chống dịch Covid-19", "command")],
    )


@pytest.mark.parametrize(
    ("key", "name", "level", "kind", "parent"),
    [
        pytest.param("ubnd-tinh-lai-chau", "UBND tỉnh Lai Châu", Level.PROVINCE, "people_committee",
                     GOVERNMENT, id="province"),
        pytest.param("ubnd-huyen-muong-te-lai-chau", "UBND huyện Mường Tè", Level.DISTRICT, "people_committee",
                     "ubnd-tinh-lai-chau", id="district"),
        pytest.param("ubnd-xa-muong-te-xa-muong-te-lai-chau", "UBND xã Mường Tè", Level.COMMUNE,
                     "people_committee", "ubnd-huyen-muong-te-lai-chau", id="tagged-name-shown-without-tag"),
        pytest.param("hdnd-huyen-muong-te-lai-chau", "HĐND huyện Mường Tè", Level.DISTRICT, "council", None,
                     id="council"),
        pytest.param("so-y-te-lai-chau", "Sở Y tế tỉnh Lai Châu", Level.PROVINCE, "department",
                     "ubnd-tinh-lai-chau", id="department"),
        pytest.param("phong-y-te-muong-te-lai-chau", "Phòng Y tế huyện Mường Tè", Level.DISTRICT, "department",
                     "ubnd-huyen-muong-te-lai-chau", id="office"),
        pytest.param("tinh-uy-lai-chau", "Tỉnh ủy Lai Châu", Level.PROVINCE, "party", PARTY_CC, id="tinh-uy"),
        pytest.param("huyen-uy-muong-te-lai-chau", "Huyện ủy Mường Tè", Level.DISTRICT, "party",
                     "tinh-uy-lai-chau", id="huyen-uy"),
        pytest.param("thuong-truc-huyen-uy-muong-te-lai-chau", "Thường trực Huyện ủy Mường Tè", Level.DISTRICT,
                     "party", "huyen-uy-muong-te-lai-chau", id="standing"),
        pytest.param("trung-tam-chi-huy-phong-chong-dich-covid-19-muong-te-lai-chau",
                     "Trung tâm chỉ huy phòng, chống dịch Covid-19 huyện Mường Tè", Level.DISTRICT, "command",
                     "ubnd-huyen-muong-te-lai-chau", id="known-body"),
        pytest.param("ubnd-thanh-pho-hue", "UBND thành phố Huế", Level.PROVINCE, "people_committee",
                     GOVERNMENT, id="city-province"),
    ],
)
def test_keys_read_back(
    local: LocalAuthorities, key: str, name: str, level: Level, kind: str, parent: str | None
) -> None:
    found = local.get(key)
    assert found is not None
    assert (found.key, found.name, found.level, found.kind, found.parent_key) == (key, name, level, kind, parent)
    assert local.get(key) is found


@pytest.mark.parametrize(
    "key",
    ["so-y-te-muong-te-lai-chau", "phong-y-te-lai-chau", "dang-uy-xa-lai-chau", "ubnd-huyen-lai-chau",
     "ubnd-tinh-muong-te-lai-chau", "ban-chi-huy-quan-su-lai-chau", "ubnd-tinh-atlantis"],
    ids=["department-of-a-district", "office-of-a-province", "commune-party-of-a-province",
         "wrong-type", "wrong-level", "unknown-body", "no-place"],
)
def test_keys_that_fit_no_unit(local: LocalAuthorities, key: str) -> None:
    assert local.get(key) is None


def test_made_and_read_back_are_one_record(local: LocalAuthorities, old: AdminMap) -> None:
    lai_chau = old.find_province("Lai Châu")
    assert lai_chau is not None
    ubnd = local.ubnd(lai_chau, old)
    assert local.get(ubnd.key) is ubnd
    assert local.committee(lai_chau, old) is local.get("tinh-uy-lai-chau")
    assert local.department("Sở Y tế", lai_chau, old) is local.get("so-y-te-lai-chau")
    assert local.standing(lai_chau, old, "Ban Thường vụ").key == "ban-thuong-vu-tinh-uy-lai-chau"


def test_unknown_body_is_made_but_not_read_back(local: LocalAuthorities, old: AdminMap) -> None:
    lai_chau = old.find_province("Lai Châu")
    assert lai_chau is not None
    body = local.body("BAN DÂN VẬN", lai_chau, old)
    assert (body.key, body.name, body.kind) == ("ban-dan-van-lai-chau", "Ban dân vận tỉnh Lai Châu", "other")
    assert local.get(body.key) is body  # remembered in this process
    assert LocalAuthorities().get(body.key) is None  # not readable in another one


def test_siblings_differing_in_diacritics_get_their_code(local: LocalAuthorities, old: AdminMap) -> None:
    sa_pa = local.get("ubnd-phuong-sa-pa-sa-pa-lao-cai")
    sa_pa_2 = local.get("ubnd-phuong-sa-pa-03002-sa-pa-lao-cai")
    assert sa_pa is not None and sa_pa_2 is not None
    assert (sa_pa.name, sa_pa_2.name) == ("UBND phường Sa Pa", "UBND phường Sa Pả")


def test_keys_shared_by_both_maps_are_built_from_the_old_one(
    local: LocalAuthorities, old: AdminMap, new: AdminMap
) -> None:
    on_new = new.find_province("Lào Cai")
    on_old = old.find_province("Lào Cai")
    assert on_new is not None and on_old is not None and on_new.code != on_old.code
    assert local.ubnd(on_new, new) is local.ubnd(on_old, old)
    assert local.ubnd(on_new, new).admin_code == on_old.code
    assert local.unit_of(local.ubnd(on_new, new), new) == on_new  # by key, not by code
    merged = next(c for c in new.communes_of(new.find_province("Lâm Đồng")) if c.name == "Nam Hà Lâm Hà")  # type: ignore[arg-type]
    key = local.ubnd(merged, new).key
    assert key != "ubnd-xa-nam-ha-lam-ha-lam-dong"  # an old commune's key
    assert local.unit_of(local.get(key), new) == merged  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("unit_type", "word"),
    [("tỉnh", "Tỉnh ủy"), ("thành phố", "Thành ủy"), ("thị xã", "Thị ủy"), ("quận", "Quận ủy"),
     ("huyện", "Huyện ủy"), ("xã", "Đảng ủy xã"), ("phường", "Đảng ủy phường")],
    ids=["tinh", "thanh-pho", "thi-xa", "quan", "huyen", "xa", "phuong"],
)
def test_committee_word(unit_type: str, word: str) -> None:
    assert committee_word(unit_type) == word

"""Place-name keys: folding, tone keys, type words, upgrades, typo distance."""

from __future__ import annotations

import pytest

from ingest.gazetteer.place_names import (
    display_name,
    edit_limit,
    may_become,
    name_queries,
    within_edits,
)


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        pytest.param("Mường Tè", [("muongte", None)], id="bare"),
        pytest.param("huyện Mường Tè", [("huyenmuongte", None), ("muongte", "huyện")], id="typed"),
        pytest.param("T.P Hồ Chí Minh", [("tphochiminh", None), ("hochiminh", "thành phố")], id="t-p"),
        pytest.param("Quan Hóa", [("quanhoa", None), ("hoa", "quận")], id="name-like-a-type-word"),
        pytest.param("xã", [("xa", None)], id="type-word-only"),
        pytest.param(" .,", [], id="no-words"),
    ],
)
def test_name_queries(name: str, queries: list[tuple[str, str | None]]) -> None:
    assert [(q.key, q.type) for q in name_queries(name)] == queries


@pytest.mark.parametrize(
    ("stated", "actual", "ok"),
    [
        ("huyện", "huyện", True), ("huyện", "thị xã", True), ("thị xã", "thành phố", True),
        ("xã", "phường", True), ("tỉnh", "thành phố", True), ("thành phố", "tỉnh", False),
        ("thị xã", "huyện", False), ("huyện", "xã", False), ("phường", "xã", False),
    ],
    ids=["same", "huyen-thi-xa", "thi-xa-thanh-pho", "xa-phuong", "tinh-thanh-pho", "thanh-pho-not-tinh",
         "no-downgrade", "no-level-change", "phuong-not-xa"],
)
def test_may_become(stated: str, actual: str, ok: bool) -> None:
    assert may_become(stated, actual) is ok


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("Mường Tè (Thị trấn)", "Mường Tè"), ("Kỳ Anh (Huyện)", "Kỳ Anh"), ("Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu")],
    ids=["thi-tran-tag", "huyen-tag", "no-tag"],
)
def test_display_name(raw: str, shown: str) -> None:
    assert display_name(raw) == shown


@pytest.mark.parametrize(
    ("a", "b", "limit", "distance"),
    [("namnhum", "namnhun", 1, 1), ("thanuyen", "tanuyen", 1, 1), ("abcdef", "badcef", 2, 2),
     ("muongte", "quangninh", 2, None), ("", "ab", 2, 2)],
    ids=["substitution", "deletion", "two-transpositions", "too-far", "empty"],
)
def test_within_edits(a: str, b: str, limit: int, distance: int | None) -> None:
    assert within_edits(a, b, limit) == distance


def test_edit_limit_grows_with_length() -> None:
    assert [edit_limit("x" * n) for n in (5, 6, 12, 13)] == [0, 1, 1, 2]

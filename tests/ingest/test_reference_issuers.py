"""Issuer helpers of the reference finder: the fast paths give what the plain ones give."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.models import Authority, Level
from graph.normalize import fold
from ingest.gazetteer.authorities import Context, default_gazetteer
from ingest.references.find import find_references
from ingest.references.grammar import PROVINCE_UBND_RE
from ingest.references.issuers import (
    _fallback,
    _issuer_code,
    _province_committees,
    symbol_codes,
    symbol_key,
    with_province,
)


def _spans(matches: object) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]  # type: ignore[attr-defined]


COMMITTEE_TEXTS = [
    pytest.param("Thực hiện chỉ đạo của UBND tỉnh Tuyên Quang về việc", id="ubnd-province"),
    pytest.param("Ủy ban nhân dân Thành phố Hồ Chí Minh đã có", id="committee-city"),
    pytest.param("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\n\nSố: 12/UBND-VX", id="header-upper"),
    pytest.param("Uỷ  ban\nnhân dân tỉnh Hà Giang", id="old-accent-line-break"),
    pytest.param("UBND huyện Mường Tè; UBND tỉnh về việc", id="no-province-name"),
    pytest.param("UBND UBND tỉnh Hà Giang, UBND TP. Hải Phòng", id="repeated-heads"),
    pytest.param("ban nhân dân tỉnh Lai Châu", id="core-without-uy"),
    pytest.param("Ban Chỉ đạo tỉnh; nhân dân tỉnh Hà Nam", id="words-apart"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", COMMITTEE_TEXTS)
def test_province_committees_are_the_pattern_matches(text: str) -> None:
    assert _spans(_province_committees(text)) == _spans(PROVINCE_UBND_RE.finditer(text))


_PIECES = st.sampled_from([
    "UBND", "Ủy", "Uỷ", "ỦY", "ban", "BAN", "nhân", "NHÂN", "dân", "DÂN", "tỉnh", "TỈNH",
    "thành phố", "TP.", "huyện", "Tuyên", "Quang", "Lai", "Châu", "về", "việc", " ", "\n",
    "  ", "-", ",", ".",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=25).map(" ".join))
def test_province_committees_agree_on_any_mix(text: str) -> None:
    assert _spans(_province_committees(text)) == _spans(PROVINCE_UBND_RE.finditer(text))


def test_with_province_is_replace() -> None:
    assert [f.name for f in dataclasses.fields(Context)] == ["issuer", "province", "on"]
    gaz = default_gazetteer()
    issuer, province = gaz.get("bo-y-te"), gaz.get("thu-tuong-chinh-phu")
    assert issuer is not None and province is not None
    ctx = Context(issuer=issuer, province=None, on=__import__("datetime").date(2021, 8, 5))
    assert with_province(ctx, province) == dataclasses.replace(ctx, province=province)


def _plain_fallback(phrase: str) -> str | None:
    """_fallback as first written (graph.normalize.fold on every phrase)."""
    from ingest.references.grammar import LEVEL_WORD_RE
    from ingest.references.issuers import _OFFICE_TITLES, _TITLE_WORDS

    level = LEVEL_WORD_RE.search(phrase)
    words = (phrase[: level.end()] if level else phrase).split()
    folded = fold(" ".join(words[:_TITLE_WORDS])).split()
    for title, n in _OFFICE_TITLES:
        if len(words) > n + 1 and " ".join(folded[:n]) == title:
            words = words[n:]
            break
    return " ".join(words) if len(words) <= 10 else None


@pytest.mark.parametrize("phrase", [
    pytest.param("Giám đốc Sở Nội vụ ", id="office-holder"),
    pytest.param("UBND tỉnh Nguyễn Thế Giang ", id="level-word"),
    pytest.param("GIÁM ĐỐC SỞ Y TẾ ", id="upper"),
    pytest.param("Giám \u212aốc Sở Nội vụ ", id="kelvin-sign-folds-only-slowly"),
    pytest.param("Chủ tịch Ω Sở Nội vụ ", id="greek"),
    pytest.param("một hai ba bốn năm sáu bảy tám chín mười mười một", id="too-long"),
])
def test_fallback_fast_fold_agrees_with_fold(phrase: str) -> None:
    assert _fallback(phrase) == _plain_fallback(phrase)


@pytest.mark.parametrize(("symbol", "codes", "key", "issuer_code"), [
    pytest.param("QĐ.TTg-CN", ("QĐ", "TTG", "CN"), "QĐ-TTG-CN", "TTG", id="type-first"),
    pytest.param("UBND-VX", ("UBND", "VX"), "UBND-VX", "UBND", id="issuer-first"),
    pytest.param("TB/TU", ("TB", "TU"), "TB-TU", "TU", id="party"),
    pytest.param("QĐ", ("QĐ",), "QĐ", "QĐ", id="type-alone"),
])
def test_symbol_helpers(symbol: str, codes: tuple[str, ...], key: str, issuer_code: str) -> None:
    for _ in range(2):  # the second call reads the cache
        assert symbol_codes(symbol) == codes
        assert symbol_key(symbol) == key
        assert _issuer_code(symbol) == issuer_code
    assert symbol_key(None) == "" and _issuer_code(None) is None


def test_symbol_issuers_follow_the_gazetteer() -> None:
    """The cache of central issuers by symbol is kept per gazetteer."""
    from ingest.gazetteer.authorities import Gazetteer
    from ingest.gazetteer.central import build_central_bodies

    text = "Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021."
    assert find_references(text)[0].issuer is not None
    tiny = Gazetteer(build_central_bodies(
        [Authority(key="x", name="Cơ quan X", level=Level.CENTRAL)], {"co quan x": "x"}, {"TTG": "x"}
    ))
    issuer = find_references(text, gazetteer=tiny)[0].issuer
    assert issuer is not None and issuer.key == "x"
    assert find_references(text)[0].issuer != issuer

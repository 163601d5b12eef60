"""Tests for ingest.text.clean: the cleaning steps, the offset map back to the raw text."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.normalize import fold
from ingest.text.clean import (
    CLEANERS,
    DEFAULT_STEPS,
    STEP_GROUPS,
    CleanText,
    clean_text,
    normalize_tone_marks,
)

LETTERS = sorted(Path(__file__).resolve().parents[2].joinpath("examples", "letters").glob("*.txt"))

CASES = [
    ("Công điện số 1068/CĐ-\nTTg", "Công điện số 1068/CĐ-TTg", "symbol-broken-after-hyphen"),
    (
        "Thực hiện Thông \n\nbáo số 07/TB-VPCP",
        "Thực hiện Thông báo số 07/TB-VPCP",
        "word-broken-blank-line",
    ),
    ("dịch COVID-\n\n19 dự báo", "dịch COVID-19 dự báo", "covid-broken"),
    ("ngày 22\ntháng 8 năm 2021", "ngày 22 tháng 8 năm 2021", "date-broken"),
    ("Công văn số\n3542/UBND-VX", "Công văn số 3542/UBND-VX", "number-after-so"),
    ("Quyết định số 15/2021/\nNĐ-CP", "Quyết định số 15/2021/NĐ-CP", "symbol-broken-after-slash"),
    (
        "Thực hiện\nThông báo kết luận",
        "Thực hiện Thông báo kết luận",
        "continuation-word-then-capital",
    ),
    ("các huyện;\n- UBND các xã", "các huyện;\n- UBND các xã", "list-item-kept"),
    ("thị trấn.\n\nThực hiện Công văn", "thị trấn.\n\nThực hiện Công văn", "paragraph-kept"),
    ("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU", "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU", "header-lines-kept"),
    ("như sau:\n1. Các sở", "như sau:\n1. Các sở", "numbered-item-kept"),
    ("sau:\na) Tăng cường", "sau:\na) Tăng cường", "lettered-item-kept"),
    (
        "các cơ quan trong\n2. Sở Y tế",
        "các cơ quan trong\n2. Sở Y tế",
        "numbered-item-after-continuation-word",
    ),
    ("Giao Sở Y tế\n\nKính gửi:", "Giao Sở Y tế\n\nKính gửi:", "capital-after-short-line-kept"),
    (
        "Theo chỉ đạo tại Quyết định 1234/QĐ-UBND về kế hoạch phòng chống dịch của\nỦy ban nhân dân",
        "Theo chỉ đạo tại Quyết định 1234/QĐ-UBND về kế hoạch phòng chống dịch của Ủy ban nhân dân",
        "continuation-word-of",
    ),
    (
        "Hướng dẫn tổ chức tiêm vắc xin phòng Covid-19 trên địa bàn tỉnh năm 2022\n"
        "Thực hiện chỉ đạo của Thủ tướng Chính phủ tại Công điện số 1102/CĐ-TTg, UBND tỉnh "
        "yêu cầu các sở, ban, ngành và UBND các huyện, thành phố triển khai các biện pháp.",
        "Hướng dẫn tổ chức tiêm vắc xin phòng Covid-19 trên địa bàn tỉnh năm 2022\n"
        "Thực hiện chỉ đạo của Thủ tướng Chính phủ tại Công điện số 1102/CĐ-TTg, UBND tỉnh "
        "yêu cầu các sở, ban, ngành và UBND các huyện, thành phố triển khai các biện pháp.",
        "headline-before-unwrapped-paragraph-kept",
    ),
    (
        "Quyết định 711/QĐ-BGDĐT\nhttps://docs.example/d/1",
        "Quyết định 711/QĐ-BGDĐT\nhttps://docs.example/d/1",
        "url-line-kept",
    ),
    ("kết thúc\n\n- 2 -\n\nviệc tiêm", "kết thúc việc tiêm", "page-number-dashes"),
    ("đoạn một.\nTrang 2/5\nĐoạn hai.", "đoạn một.\nĐoạn hai.", "page-number-trang"),
    ("đoạn một.\n12\nĐoạn hai.", "đoạn một.\nĐoạn hai.", "page-number-bare"),
    ("- 1 -\nĐầu trang.", "Đầu trang.", "page-number-first-line"),
    ("Cuối.\n  Trang 3  ", "Cuối.", "page-number-last-line"),
    ("năm\n2021\nlà", "năm 2021 là", "year-line-kept"),
    ("Số:          /UBND-VX", "Số: /UBND-VX", "blank-number-spaces"),
    ("a\u00a0b\tc\u2009d", "a b c d", "nbsp-tab-thin-space"),
    ("huyện ; xã , phường .", "huyện; xã, phường.", "space-before-punctuation"),
    ("( gửi kèm theo )", "(gửi kèm theo)", "space-inside-brackets"),
    ("  thụt lề\ncuối dòng   \n", "thụt lề cuối dòng\n", "indent-trailing"),
    ("a.\n\n\n\n \n\nB", "a.\n\nB", "blank-lines-collapsed"),
    ("a.\r\nB.\rC.\fD.", "a.\nB.\nC.\nD.", "newlines"),
    ("Vi\u200bệt", "Việt", "zero-width"),
    (unicodedata.normalize("NFD", "Việt Nam"), "Việt Nam", "nfd-input"),
    ("tỉnh Khánh Hoà, thuý, Uỷ ban", "tỉnh Khánh Hòa, thúy, Ủy ban", "tone-marks"),
    ("", "", "empty"),
]


@pytest.mark.parametrize(("raw", "cleaned"), [c[:2] for c in CASES], ids=[c[2] for c in CASES])
def test_clean_text_table(raw: str, cleaned: str) -> None:
    assert clean_text(raw).text == cleaned


def _squeeze(s: str) -> str:
    """Base characters only: no whitespace, diacritics, stray combining or format characters."""
    return "".join(
        c
        for c in fold(s)
        if not (c.isspace() or unicodedata.combining(c) or unicodedata.category(c) == "Cf")
    )


def _check_tokens(result: CleanText) -> None:
    for m in re.finditer(r"\S+", result.text):
        start, end = result.to_original(m.start(), m.end())
        raw = result.original[start:end]
        assert _squeeze(raw) == _squeeze(m.group()), (m.group(), raw)


@pytest.mark.parametrize("path", LETTERS, ids=[p.name[:3] for p in LETTERS])
def test_offsets_on_sample_letters(path: Path) -> None:
    _check_tokens(clean_text(path.read_text(encoding="utf-8")))


def test_sample_003_repairs_breaks() -> None:
    path = next(p for p in LETTERS if p.name.startswith("003_"))
    raw = path.read_text(encoding="utf-8")
    assert "Thông \n\nbáo số 07/TB-VPCP" in raw and "COVID-\n\n19" in raw
    result = clean_text(raw)
    assert "Thực hiện Thông báo số 07/TB-VPCP ngày 12/01/2023" in result.text
    assert "dịch COVID-19 dự báo" in result.text
    i = result.text.index("Thông báo số 07/TB-VPCP")
    start, end = result.to_original(i, i + len("Thông báo số 07/TB-VPCP"))
    assert raw[start:end] == "Thông \n\nbáo số 07/TB-VPCP"


def test_to_original_excludes_removed_text_around_span() -> None:
    raw = "  Số:   12/UBND  \n\n\n  Tiếp"
    result = clean_text(raw)
    assert result.text == "Số: 12/UBND\n\nTiếp"
    i = result.text.index("12/UBND")
    assert result.to_original(i, i + 7) == (raw.index("12/UBND"), raw.index("12/UBND") + 7)
    assert result.to_original(0, 0) == (2, 2)
    assert result.original_offset(result.text.index("Tiếp")) == raw.index("Tiếp")


def test_to_original_covers_composed_characters() -> None:
    raw = unicodedata.normalize("NFD", "Việt")
    result = clean_text(raw)
    assert result.text == "Việt"
    assert result.to_original(0, 4) == (0, len(raw))
    assert result.to_original(2, 3) == (2, 5)  # ệ = e + U+0302 + U+0323


def test_to_original_rejects_bad_span() -> None:
    with pytest.raises(ValueError, match="outside"):
        clean_text("abc").to_original(2, 9)


def test_steps_are_registered_and_selectable() -> None:
    assert set(DEFAULT_STEPS) <= set(CLEANERS) | set(STEP_GROUPS)
    assert all(set(group) <= set(CLEANERS) for group in STEP_GROUPS.values())
    assert clean_text(" a \u00a0 b \n  c", steps=["spaces"]).text == "a b\nc"
    assert clean_text("a  b\nc", steps=["nfc"]).text == "a  b\nc"
    assert clean_text("a  b\nc", steps=["space_runs"]).text == "a b\nc"
    with pytest.raises(ValueError, match="unknown cleaning step"):
        clean_text("x", steps=["nope"])


def test_clean_text_result_is_frozen() -> None:
    result = clean_text("a")
    with pytest.raises(AttributeError):
        result.text = "b"  # type: ignore[misc]


TONE_CASES = [
    ("hoà", "hòa", "oa"),
    ("thuý", "thúy", "uy"),
    ("Hoá", "Hóa", "capital"),
    ("HOÀ BÌNH", "HÒA BÌNH", "upper"),
    ("khoẻ", "khỏe", "oe"),
    ("hoàn thành", "hoàn thành", "closed-syllable"),
    ("quý, quà", "quý, quà", "qu-consonant"),
    ("thuyết", "thuyết", "uye"),
    ("Uỷ ban", "Ủy ban", "word-start"),
    ("hòa", "hòa", "already-normal"),
]


@pytest.mark.parametrize(
    ("old", "new"), [c[:2] for c in TONE_CASES], ids=[c[2] for c in TONE_CASES]
)
def test_normalize_tone_marks(old: str, new: str) -> None:
    out = normalize_tone_marks(old)
    assert out == new
    assert len(out) == len(old) and unicodedata.is_normalized("NFC", out)


# Text built from the pieces that cleaning reacts to.
_PIECES = st.sampled_from(
    [" ", "  ", "\n", "\n\n", "\n \n", "\t", "\u00a0", "\r\n", "\f", "-", "/", ".", ";", ",", ":",
     "(", ")", "- 2 -", "Trang 3", "12", "số", "Thông", "báo", "CĐ", "TTg", "1068", "hoà", "thuý",
     "a", "B", "\u200b", "e\u0302\u0301", "\u0301", "ệ"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_offsets_property_on_cleaning_pieces(raw: str) -> None:
    result = clean_text(raw)
    for m in re.finditer(r"\S+", result.text):
        start, end = result.to_original(m.start(), m.end())
        assert 0 <= start <= end <= len(raw)
        squeezed_raw, squeezed = _squeeze(raw[start:end]), _squeeze(m.group())
        # Inside the span only whitespace, page-number lines or zero-width characters were removed.
        assert squeezed_raw[:1] == squeezed[:1] and squeezed_raw[-1:] == squeezed[-1:]
        it = iter(squeezed_raw)
        assert all(ch in it for ch in squeezed)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_tokens_map_back(raw: str) -> None:
    result = clean_text(raw)
    assert unicodedata.is_normalized("NFC", result.text)
    for m in re.finditer(r"\S+", result.text):
        start, end = result.to_original(m.start(), m.end())
        assert 0 <= start <= end <= len(raw)
        it = iter(_squeeze(raw[start:end]))
        assert all(ch in it for ch in _squeeze(m.group()))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aàbcđeêếoôơuưy ,.;\n\u00a0\t-/"), max_size=120))
def test_vietnamese_text_tokens_fold_to_the_same_characters(raw: str) -> None:
    raw = unicodedata.normalize("NFD", raw)
    _check_tokens(clean_text(raw))

"""Tests for ingest.text.legacy: TCVN3 and VNI detection and conversion, unsupported encodings."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ingest.errors import LegacyEncodingError
from ingest.text.legacy import (
    TCVN3_TO_UNICODE,
    VNI_TO_UNICODE,
    convert_if_legacy,
    detect_legacy,
    font_encoding,
    from_unicode,
    to_unicode,
)

LETTERS = sorted(Path(__file__).resolve().parents[2].joinpath("examples", "letters").glob("*.txt"))
SAMPLE = LETTERS[0].read_text(encoding="utf-8")


def _tcvn3_expected(text: str) -> str:
    """What survives a TCVN3 round trip: capitals with a tone mark exist only in .VnTimeH, so in
    a line that is not all capitals they come back in lower case (``Ủy ban`` → ``ủy ban``)."""
    codes = set(TCVN3_TO_UNICODE.values())
    out = []
    for line in text.split("\n"):
        if any(c.islower() for c in line):
            line = "".join(c.lower() if c not in codes and c.lower() in codes else c for c in line)
        out.append(line)
    return "\n".join(out)


def test_tables_are_one_to_one() -> None:
    # 66 vowels with a tone or a modifier, đ, and the 7 capitals VN3 has (Ă Â Ê Ô Ơ Ư Đ)
    assert len(set(TCVN3_TO_UNICODE.values())) == len(TCVN3_TO_UNICODE) == 66 + 1 + 7
    # VNI: the same 66 + đ in both cases
    assert len(set(VNI_TO_UNICODE.values())) == len(VNI_TO_UNICODE) == 2 * (66 + 1)


@pytest.mark.parametrize("path", LETTERS, ids=[p.name[:3] for p in LETTERS])
def test_vni_round_trip_of_sample_letters(path: Path) -> None:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    encoded = from_unicode(text, "vni")
    assert encoded != text
    assert detect_legacy(encoded) == "vni"
    assert to_unicode(encoded, "vni") == text


@pytest.mark.parametrize("path", LETTERS, ids=[p.name[:3] for p in LETTERS])
def test_tcvn3_round_trip_of_sample_letters(path: Path) -> None:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    encoded = from_unicode(text, "tcvn3")
    assert detect_legacy(encoded) == "tcvn3"
    assert to_unicode(encoded, "tcvn3") == _tcvn3_expected(text)


CONVERSIONS = [
    (
        "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
        "tcvn3",
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "tcvn3-motto",
    ),
    ("§éc lËp - Tù do - H¹nh phóc", "tcvn3", "Độc lập - Tự do - Hạnh phúc", "tcvn3-capital-d"),
    ("Thñ t\u00adíng ChÝnh phñ", "tcvn3", "Thủ tướng Chính phủ", "tcvn3-soft-hyphen-u-horn"),
    (
        "ñY BAN NH©N D©N\nHUYÖN M\u00adêNG TÌ",
        "tcvn3",
        "ỦY BAN NHÂN DÂN\nHUYỆN MƯỜNG TÈ",
        "vntimeh-capitals",
    ),
    ("Sè: 33/CV-TTCH", "tcvn3", "Số: 33/CV-TTCH", "tcvn3-title-case-kept"),
    (
        "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
        "vni",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "vni-motto",
    ),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "vni", "Độc lập - Tự do - Hạnh phúc", "vni-capital-d"),
    ("COÄNG HOØA XAÕ HOÄI", "vni", "CỘNG HÒA XÃ HỘI", "vni-upper"),
    ("Thuû töôùng, naêm, tyû, kyø", "vni", "Thủ tướng, năm, tỷ, kỳ", "vni-horn-breve-y"),
]


@pytest.mark.parametrize(
    ("legacy", "encoding", "unicode"), [c[:3] for c in CONVERSIONS], ids=[c[3] for c in CONVERSIONS]
)
def test_to_unicode(legacy: str, encoding: str, unicode: str) -> None:
    assert to_unicode(legacy, encoding) == unicode


def test_to_unicode_capitals_flag_from_font() -> None:
    assert to_unicode("d©n", "tcvn3", capitals=True) == "DÂN"
    assert to_unicode("D©N", "tcvn3", capitals=False) == "DâN"


DETECTIONS = [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam, §éc lËp - Tù do", "tcvn3", "tcvn3"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do", "vni", "vni"),
    ("Vie^.t Nam, Co^.ng ho`a xa~ ho^.i chu? nghi~a, DDo^.c la^.p", "viqr", "viqr"),
    (
        "Vi\x1et Nam c\x06ng h\x15a x\x01 h\x06i ch\x13 ngh\x1ea \x02\x06c l\x05p",
        "viscii/vps",
        "viscii",
    ),
    (SAMPLE, None, "unicode-letter"),
    ("Quá trình hoà nhập, quê hương, tuân thủ, thuý, oà", None, "unicode-old-tone-style"),
    ("Café, naïve, Ærø, « guillemets », 25°C", None, "western-latin1"),
    ("Plain ASCII text with e.g. function(x) and a.m.", None, "ascii"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[:2] for c in DETECTIONS], ids=[c[2] for c in DETECTIONS]
)
def test_detect_legacy(text: str, expected: str | None) -> None:
    assert detect_legacy(text) == expected


def test_convert_if_legacy_raises_for_unconvertible() -> None:
    with pytest.raises(LegacyEncodingError) as info:
        convert_if_legacy("Vie^.t Nam, Co^.ng ho`a xa~ ho^.i chu? nghi~a", "x.txt")
    assert info.value.encoding == "VIQR"
    assert "VIQR" in info.value.reason and info.value.path == "x.txt"


def test_convert_if_legacy_passes_unicode_through() -> None:
    assert convert_if_legacy(SAMPLE) is SAMPLE


FONTS = [
    (".VnTime", ("tcvn3", False)),
    (".VnTimeH", ("tcvn3", True)),
    (".VnArialH", ("tcvn3", True)),
    ("VNI-Times", ("vni", False)),
    ("Times New Roman", None),
    (None, None),
]


@pytest.mark.parametrize(("font", "expected"), FONTS, ids=[str(f[0]) for f in FONTS])
def test_font_encoding(font: str | None, expected: tuple[str, bool] | None) -> None:
    assert font_encoding(font) == expected


def test_long_legacy_text_is_detected_from_samples() -> None:
    text = (SAMPLE + "\n") * 40  # longer than the three sampled windows
    encoded = from_unicode(text, "vni")
    assert detect_legacy(encoded) == "vni"
    assert convert_if_legacy(encoded) == text

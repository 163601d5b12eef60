"""Tests for ingest.text.readers: encodings, .docx order and legacy fonts, PDFs, and bad input."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.errors import LegacyEncodingError, ReadError
from ingest.text.legacy import from_unicode
from ingest.text.readers import SUPPORTED_SUFFIXES, decode_text, read_text, vietnamese_plausibility

LETTERS = sorted(Path(__file__).resolve().parents[2].joinpath("examples", "letters").glob("*.txt"))
SAMPLE = unicodedata.normalize("NFC", LETTERS[0].read_text(encoding="utf-8"))
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian fonts-dejavu-core
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """Encode as Windows-1258 writes Vietnamese: precomposed where cp1258 has the letter, else
    base letter + combining tone mark."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in parts if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out.append((base + tone).encode("cp1258"))
    return b"".join(out)


ENCODINGS = [
    (lambda t: t.encode("utf-8"), "utf-8"),
    (lambda t: t.encode("utf-8-sig"), "utf-8-bom"),
    (lambda t: t.encode("utf-16"), "utf-16-bom"),
    (lambda t: t.encode("utf-16-be") and (b"\xfe\xff" + t.encode("utf-16-be")), "utf-16-be-bom"),
    (lambda t: t.encode("utf-16-le"), "utf-16-le-no-bom"),
    (lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), "utf-8-nfd"),
    (cp1258_bytes, "cp1258"),
    (lambda t: from_unicode(t, "vni").encode("cp1252"), "vni-8bit"),
    (lambda t: from_unicode(t, "vni").encode("utf-8"), "vni-pasted-in-utf8"),
]


@pytest.mark.parametrize("encode", [e[0] for e in ENCODINGS], ids=[e[1] for e in ENCODINGS])
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_encodings_are_detected(
    tmp_path: Path, encode: Callable[[str], bytes], suffix: str
) -> None:
    path = tmp_path / f"letter{suffix}"
    path.write_bytes(encode(SAMPLE))
    assert read_text(path) == SAMPLE


def test_tcvn3_file_is_converted(tmp_path: Path) -> None:
    text = unicodedata.normalize("NFC", LETTERS[3].read_text(encoding="utf-8"))
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(from_unicode(text, "tcvn3").encode("cp1252"))
    out = read_text(path)
    assert "Thực hiện Thông \n\nbáo số 07/TB-VPCP" in out
    assert "ỦY BAN NHÂN DÂN" in out  # a .VnTimeH line, upper-cased back
    assert len(out) == len(text)


def test_cp1258_is_preferred_to_a_legacy_reading(tmp_path: Path) -> None:
    text = "Ngã ba, kỹ thuật, mỹ phẩm, những, sẽ, cũng, đã, vẫn, dẫn, lễ, nghĩa, Việt"
    path = tmp_path / "a.txt"
    path.write_bytes(cp1258_bytes(text))
    assert read_text(path) == text


def test_utf8_with_a_broken_byte_is_still_utf8(tmp_path: Path) -> None:
    data = SAMPLE.encode("utf-8")
    cut = data.index("Thực hiện".encode()) + 1
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    out = read_text(path)
    assert out.replace("\ufffd", "") == SAMPLE


def test_plausibility_separates_right_and_wrong_decodings() -> None:
    assert vietnamese_plausibility(SAMPLE) > 0.95
    assert vietnamese_plausibility(cp1258_bytes(SAMPLE).decode("cp1252")) < 0.8
    assert vietnamese_plausibility("plain ascii") == 1.0


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Vie^.t Nam, Co^.ng ho`a xa~ ho^.i chu? nghi~a, DDo^.c la^.p - Tu+. do", "VIQR"),
        ("Vi\x1et Nam c\x06ng h\x15a x\x01 h\x06i ch\x13 ngh\x1ea \x02\x06c l\x05p", "VISCII/VPS"),
    ],
    ids=["viqr", "viscii-vps"],
)
def test_unconvertible_legacy_text_raises(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(LegacyEncodingError) as info:
        read_text(path)
    assert info.value.encoding == encoding and encoding in info.value.reason


# --- .docx -----------------------------------------------------------------------------------


def _docx(path: Path, *, normal_font: str | None = None) -> Path:
    import docx

    d = docx.Document()
    if normal_font:
        d.styles["Normal"].font.name = normal_font
    d.add_paragraph("Trước bảng")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nHUYỆN MƯỜNG TÈ"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    table.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "Số: 12/UBND-VX"
    d.add_paragraph("Thực hiện Công điện số 1068/CĐ-TTg.")
    d.save(str(path))
    return path


def test_docx_keeps_document_order_and_cell_lines(tmp_path: Path) -> None:
    out = read_text(_docx(tmp_path / "a.docx"))
    assert out.split("\n") == [
        "Trước bảng",
        "ỦY BAN NHÂN DÂN",
        "HUYỆN MƯỜNG TÈ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/UBND-VX",  # merged across two columns: once
        "Thực hiện Công điện số 1068/CĐ-TTg.",
    ]


def test_docx_legacy_font_runs_are_converted(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    p = d.add_paragraph("Thực hiện ")
    p.add_run(from_unicode("Công điện số 1068/CĐ-TTg của Thủ tướng", "tcvn3")).font.name = ".VnTime"
    # the capitals font draws lower-case codes as capitals
    d.add_paragraph().add_run(from_unicode("ủy ban nhân dân tỉnh", "tcvn3")).font.name = ".VnTimeH"
    d.add_paragraph().add_run(from_unicode("Việt Nam", "vni")).font.name = "VNI-Times"
    d.save(str(tmp_path / "legacy.docx"))
    assert read_text(tmp_path / "legacy.docx").split("\n") == [
        "Thực hiện Công điện số 1068/CĐ-TTg của Thủ tướng",
        "ỦY BAN NHÂN DÂN TỈNH",
        "Việt Nam",
    ]


def test_docx_legacy_font_from_the_normal_style(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.styles["Normal"].font.name = ".VnTime"
    d.add_paragraph(from_unicode("Căn cứ Quyết định số 15/QĐ-UBND", "tcvn3"))
    d.save(str(tmp_path / "styled.docx"))
    assert read_text(tmp_path / "styled.docx") == "Căn cứ Quyết định số 15/QĐ-UBND"


def test_docx_legacy_text_without_font_is_detected(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for line in SAMPLE.split("\n")[10:30]:
        d.add_paragraph(from_unicode(line, "vni"))
    d.save(str(tmp_path / "vni.docx"))
    assert read_text(tmp_path / "vni.docx") == "\n".join(SAMPLE.split("\n")[10:30])


# --- .pdf ------------------------------------------------------------------------------------

needs_font = pytest.mark.skipif(
    not FONT.exists(), reason="DejaVuSans.ttf (fonts-dejavu-core) missing"
)


def _pdf(path: Path, lines: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=11)
    for line in lines:
        pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@needs_font
def test_pdf_text_layer_keeps_vietnamese(tmp_path: Path) -> None:
    lines = [line.replace("*", "") for line in SAMPLE.split("\n")[:40]]
    out = read_text(_pdf(tmp_path / "a.pdf", lines))
    assert unicodedata.is_normalized("NFC", out)
    assert out.split() == " ".join(lines).split()


@needs_font
def test_truncated_pdf(tmp_path: Path) -> None:
    whole = _pdf(tmp_path / "whole.pdf", ["Công điện số 1068/CĐ-TTg"] * 50).read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(ReadError, match="corrupt or truncated PDF|no text layer"):
        read_text(path)


@needs_font
def test_pdf_without_unicode_map(tmp_path: Path) -> None:
    whole = _pdf(tmp_path / "whole.pdf", ["Thực hiện Công điện số 1068/CĐ-TTg của Thủ tướng"] * 5)
    path = tmp_path / "nomap.pdf"
    # same length, so the cross-reference offsets stay right: the font loses its ToUnicode map
    path.write_bytes(whole.read_bytes().replace(b"/ToUnicode", b"/ToUnicodX"))
    with pytest.raises(ReadError, match="no Unicode mapping"):
        read_text(path)


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    from fpdf import FPDF
    from PIL import Image

    image = Image.effect_noise((200, 280), 60).convert("RGB")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(ReadError) as info:
        read_text(tmp_path / "scan.pdf")
    assert info.value.reason == "PDF has no text layer (scanned image?)"


# --- bad input -------------------------------------------------------------------------------

BAD_FILES = [
    ("empty.txt", b"", "file is empty"),
    ("blank.txt", b" \n\t\n", "no text in the file"),
    ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x02\x00>\x00" * 20, "binary file"),
    ("random.docx", b"PK\x03\x04 this is not a zip archive", "corrupt or truncated .docx"),
    ("text.pdf", b"just some text, no PDF header", "not a PDF file"),
    ("header-only.pdf", b"%PDF-1.7\n", "corrupt or truncated PDF"),
    ("letter.doc", b"old Word binary", "unsupported file type '.doc'"),
    ("letter", b"no suffix", "unsupported file type '(no suffix)'"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_raise_read_error(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_text(path)
    assert reason in info.value.reason
    assert info.value.path == str(path)


def test_truncated_docx(tmp_path: Path) -> None:
    whole = _docx(tmp_path / "whole.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ReadError, match="corrupt or truncated .docx"):
        read_text(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="file not found"):
        read_text(tmp_path / "nope.txt")


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(ReadError, match="is a directory"):
        read_text(tmp_path / "dir.txt")


def test_over_size_limit_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Công văn " * 200, encoding="utf-8")
    with pytest.raises(ReadError, match="over the 1,000-byte limit"):
        read_text(path, max_bytes=1000)
    assert read_text(path, max_bytes=10_000).startswith("Công văn")


def test_unreadable_permissions(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Công văn", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read any file (root)")
        with pytest.raises(ReadError, match="permission denied"):
            read_text(path)
    finally:
        path.chmod(0o600)


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".docx", ".pdf"}


def test_decode_text_rejects_nul_bytes() -> None:
    with pytest.raises(ReadError, match="binary file"):
        decode_text(b"abc\x00\x01\x02\xff\xfe" * 10, "x.txt")

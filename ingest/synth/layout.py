"""Layout of synthetic letters: the parts of a letter laid out as .txt, .docx or .pdf.

A letter is first assembled as :class:`LetterParts` whose strings carry invisible reference
markers (``\\x02<index>\\x1f`` … ``\\x03``). The txt layout (with its layout damage: interleaved
two-column header, hard-wrapped PDF-style lines) keeps the markers, and :func:`resolve_markers`
removes them at the very end, returning the character offsets of every reference in the final
text. docx and pdf layouts strip the markers and draw the header as two columns, as real letters
do.
"""

from __future__ import annotations

import datetime
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LetterParts",
    "MOTTO",
    "find_font",
    "mark",
    "render_txt",
    "resolve_markers",
    "strip_markers",
    "typo",
    "write_docx",
    "write_pdf",
]

log = logging.getLogger(__name__)

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

_START, _SEP, _END = "\x02", "\x1f", "\x03"
# A marked reference; matches "\x02 3\x1fCông văn số 12/UBND\x03" (without the space), not plain text.
_MARKED = re.compile(r"\x02(\d+)\x1f(.*?)\x03", re.DOTALL)
# Any marker, even when wrapping split a marked reference; matches "\x027\x1f" and "\x03", not "7".
_MARKER_CHARS = re.compile(r"\x02\d+\x1f|\x03")
_FONT_CANDIDATES = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),)


@dataclass(frozen=True, slots=True)
class LetterParts:
    """The anatomy of one letter; strings may hold reference markers (see :func:`mark`)."""

    header: tuple[str, ...]  # issuer block lines; empty when the header is lost
    number_line: str  # "Số: 3542/UBND-VX"
    place_date: str  # "Lai Châu, ngày 23 tháng 9 năm 2022"
    subject_lines: tuple[str, ...]  # "V/v thực hiện …" wrapped as in the header column
    recipients: tuple[str, ...]  # "Các sở, ban, ngành, đoàn thể tỉnh;" …
    paragraphs: tuple[str, ...]
    cc: tuple[str, ...]
    signer_title: tuple[str, ...]
    signer_name: str | None


def mark(index: int, text: str) -> str:
    """Wrap a reference's text in markers carrying its index."""
    return f"{_START}{index}{_SEP}{text}{_END}"


def strip_markers(text: str) -> str:
    return _MARKER_CHARS.sub("", text)


def resolve_markers(text: str) -> tuple[str, dict[int, tuple[int, int]]]:
    """Remove the markers; return the plain text and each reference's (start, end) in it."""
    out: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    pos = 0
    length = 0
    for m in _MARKED.finditer(text):
        out.append(text[pos : m.start()])
        length += m.start() - pos
        inner = m.group(2)
        spans[int(m.group(1))] = (length, length + len(inner))
        out.append(inner)
        length += len(inner)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def _visible_len(word: str) -> int:
    return len(_MARKER_CHARS.sub("", word)) if _START in word or _END in word else len(word)


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap that ignores markers when measuring; never splits a word."""
    lines: list[str] = []
    cur: list[str] = []
    cur_len = 0
    for word in text.split(" "):
        n = _visible_len(word)
        if cur and cur_len + 1 + n > width:
            lines.append(" ".join(cur))
            cur, cur_len = [], 0
        cur.append(word)
        cur_len += n + (1 if cur_len else 0)
    if cur:
        lines.append(" ".join(cur))
    return lines


_MARK_STRIP = {"\u031b", "\u0302", "\u0306"}  # horn, circumflex, breve
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def typo(text: str, pick: float) -> str:
    """Drop one diacritic from ``text`` as OCR and hurried typing do: ``MƯỜNG TÈ`` -> ``MUỜNG TÈ``.

    ``pick`` in [0, 1) chooses which candidate letter is damaged (deterministic for a given value).
    """
    decomposed = [unicodedata.normalize("NFD", ch) for ch in text]
    candidates = [i for i, d in enumerate(decomposed) if any(c in _MARK_STRIP for c in d) or d in "Đđ"]
    if not candidates:
        candidates = [i for i, d in enumerate(decomposed) if any(c in _TONES for c in d)]
        strip = _TONES
    else:
        strip = _MARK_STRIP
    if not candidates:
        return text
    i = candidates[int(pick * len(candidates))]
    d = decomposed[i]
    if d in "Đđ":
        damaged = "D" if d == "Đ" else "d"
    else:
        damaged = unicodedata.normalize("NFC", "".join(c for c in d if c not in strip))
    return text[:i] + damaged + text[i + 1 :]


def render_txt(parts: LetterParts, *, markdown: bool, subject_first: bool, two_column: bool) -> str:
    """The letter as converted text; ``two_column`` gives the interleaved PDF conversion of seed 003."""
    if two_column:
        return _render_two_column(parts)
    br = "  \n" if markdown else "\n"

    def bold(lines: tuple[str, ...] | list[str]) -> str:
        text = br.join(lines)
        return f"**{text}**" if markdown and text else text

    blocks: list[str] = ["\n"]
    if parts.header:
        blocks.append(bold(parts.header))
    blocks.append(bold(MOTTO))
    subject = "\n".join(parts.subject_lines)
    blocks.append(parts.number_line)
    if subject_first:
        blocks += [subject, parts.place_date] if subject else [parts.place_date]
    else:
        blocks += [parts.place_date, subject] if subject else [parts.place_date]
    if len(parts.recipients) == 1:
        blocks.append(f"Kính gửi: {parts.recipients[0]}")
    elif parts.recipients:
        blocks.append("Kính gửi:\n\n" + "\n".join(f"- {r}" for r in parts.recipients))
    blocks += list(parts.paragraphs)
    blocks.append("***Nơi nhận:***" if markdown else "Nơi nhận:")
    blocks.append("\n".join(f"- {c}" for c in parts.cc))
    blocks.append(bold(parts.signer_title))
    if parts.signer_name:
        blocks.append(f"**{parts.signer_name}**" if markdown else parts.signer_name)
    return "\n\n".join(b for b in blocks if b)


def _render_two_column(parts: LetterParts) -> str:
    """Seed 003's layout: columns interleaved, lines hard-wrapped, recipients pushed into the body."""
    lines = [" ", " "]
    lines += [f"{h} " for h in parts.header]
    lines.append(parts.number_line.replace("Số: ", "Số:          ", 1) + " ")
    lines += [f"{s} " for s in parts.subject_lines]
    lines += [f"{m} " for m in MOTTO]
    lines.append(f"       {parts.place_date} ")
    lines.append(" ")
    body: list[str] = []
    for p in parts.paragraphs:
        for piece in p.split("\n\n"):
            body += [f"{line} " for line in wrap(piece, 80)]
    if parts.recipients:
        at = max(1, len(body) * 2 // 5)
        while at < len(body) and "".join(body[:at]).count(_START) > "".join(body[:at]).count(_END):
            at += 1  # never inside a reference that wrapping spread over lines
        moved = [f" - {parts.recipients[0]} "] + [f"- {r} " for r in parts.recipients[1:]]
        body[at:at] = moved + ["", " ", " ", " ", " "]
    lines += body
    lines.append(" ")
    lines.append("Nơi nhận: \n- " + " \n\n- ".join(parts.cc) + " ")
    lines += [f"{t} " for t in parts.signer_title]
    lines.append(" ")
    return "\n\n".join(lines)


def find_font() -> Path | None:
    """A TTF with Vietnamese glyphs: Debian's DejaVuSans, else matplotlib's bundled copy."""
    for path in _FONT_CANDIDATES:
        if path.is_file():
            return path
    try:
        import matplotlib

        bundled = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        if bundled.is_file():
            return bundled
    except ImportError:
        pass
    return None


def _plain(parts: LetterParts) -> LetterParts:
    def s(x: str) -> str:
        return strip_markers(x)

    return LetterParts(
        header=tuple(map(s, parts.header)),
        number_line=s(parts.number_line),
        place_date=s(parts.place_date),
        subject_lines=tuple(map(s, parts.subject_lines)),
        recipients=tuple(map(s, parts.recipients)),
        paragraphs=tuple(map(s, parts.paragraphs)),
        cc=tuple(map(s, parts.cc)),
        signer_title=parts.signer_title,
        signer_name=parts.signer_name,
    )


def write_docx(parts: LetterParts, path: Path) -> None:
    """A .docx with the header as a borderless 2-column table, like real letters."""
    import docx

    p = _plain(parts)
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "\n".join([*p.header, p.number_line, *p.subject_lines])
    right.text = "\n".join([*MOTTO, p.place_date])
    if p.recipients:
        document.add_paragraph("Kính gửi:")
        for r in p.recipients:
            document.add_paragraph(f"- {r}")
    for para in p.paragraphs:
        for piece in para.split("\n\n"):
            document.add_paragraph(piece)
    footer = document.add_table(rows=1, cols=2)
    cc_cell, sign_cell = footer.rows[0].cells
    cc_cell.text = "\n".join(["Nơi nhận:", *(f"- {c}" for c in p.cc)])
    sign_cell.text = "\n".join([*p.signer_title, "", p.signer_name or ""])
    props = document.core_properties
    props.created = props.modified = props.last_printed = _FIXED_TIME
    buffer = io.BytesIO()
    document.save(buffer)
    _write_stable_zip(buffer.getvalue(), path)


_FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def _write_stable_zip(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed member times, so that the same letter gives the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, src.read(info.filename))


def write_pdf(parts: LetterParts, path: Path, font: Path) -> None:
    """A .pdf (fpdf2, Unicode TTF) with the header drawn as two columns."""
    from fpdf import FPDF

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetter logs every glyph at INFO
    p = _plain(parts)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(_FIXED_TIME)  # same letter, same bytes
    pdf.set_margins(20, 15, 15)
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(font))
    pdf.set_font("DejaVu", size=10)
    top = pdf.get_y()
    col = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    pdf.multi_cell(col - 4, 5, "\n".join([*p.header, p.number_line, *p.subject_lines]), align="C")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + col, top)
    pdf.multi_cell(col, 5, "\n".join([*MOTTO, "", p.place_date]), align="C")
    pdf.set_y(max(left_bottom, pdf.get_y()) + 4)
    pdf.set_font("DejaVu", size=11)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if p.recipients:
        pdf.multi_cell(width, 6, "Kính gửi:\n" + "\n".join(f"- {r}" for r in p.recipients))
    for para in p.paragraphs:
        for piece in para.split("\n\n"):
            pdf.multi_cell(width, 6, piece)
            pdf.ln(1)
    pdf.ln(4)
    pdf.set_font("DejaVu", size=9)
    top = pdf.get_y()
    pdf.multi_cell(col, 5, "\n".join(["Nơi nhận:", *(f"- {c}" for c in p.cc)]))
    pdf.set_xy(pdf.l_margin + col, top)
    pdf.multi_cell(col, 5, "\n".join([*p.signer_title, "", "", p.signer_name or ""]), align="C")
    pdf.output(str(path))

"""Read a letter file (.txt, .md, .docx, .pdf) into Unicode text.

>>> decode_text(b"C\\xf4ng v\\xe3n s\\xf4\\xec 12/UBND-VX")  # Windows-1258: o + combining acute
'Công văn số 12/UBND-VX'

Every failure is a :class:`~ingest.errors.ReadError` with one short reason (a
:class:`~ingest.errors.LegacyEncodingError` for legacy font encodings that cannot be converted).
The text comes back NFC-normalized but otherwise raw: :func:`ingest.text.clean.clean_text` repairs it.

Text files are *detected*, not guessed: byte-order marks first, then strict UTF-8, then
charset-normalizer limited to the encodings Vietnamese text comes in (Windows-1258, UTF-16,
Windows-1252 as the carrier of TCVN3/VNI legacy fonts), each candidate checked for Vietnamese
plausibility (syllables with at most one tone mark, no stray symbols).
PDFs are read with pdfminer.six, whose layout analysis keeps the two columns of a letter header
apart (see docs/pdf-extractors.md).
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

from ingest.errors import ReadError
from ingest.text.legacy import (
    CONVERTIBLE,
    convert_if_legacy,
    detect_legacy,
    font_encoding,
    syllable_share,
    to_unicode,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "decode_text",
    "read_text",
    "vietnamese_plausibility",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".docx", ".pdf"})


def read_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of the letter at ``path``, in NFC Unicode.

    Raises :class:`ReadError` (missing, unreadable, empty, too large, binary, corrupt, scanned
    PDF, unsupported suffix) or :class:`LegacyEncodingError` (VIQR, VISCII/VPS text).
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ReadError(
            p, f"unsupported file type {suffix or '(no suffix)'!r} (supported: {kinds})"
        )
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ReadError(p, "file not found") from None
    except OSError as exc:
        raise ReadError(p, f"cannot access the file ({exc.strerror or exc})") from None
    if p.is_dir():
        raise ReadError(p, "is a directory, not a file")
    if st.st_size > max_bytes:
        raise ReadError(p, f"file is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit")
    if st.st_size == 0:
        raise ReadError(p, "file is empty")
    try:
        data = p.read_bytes()
    except PermissionError:
        raise ReadError(p, "permission denied (file is not readable)") from None
    except OSError as exc:
        raise ReadError(p, f"cannot read the file ({exc.strerror or exc})") from None
    if suffix == ".docx":
        text = _read_docx(p)
    elif suffix == ".pdf":
        text = _read_pdf(p, data)
    else:
        text = decode_text(data, p)
    if not any(c.isalnum() for c in text):  # blank, or only zero-width/combining marks
        raise ReadError(p, "no text in the file (no letters or digits)")
    return text


# --- plain text ------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Encodings charset-normalizer may choose from: what Vietnamese files actually come in.
_CANDIDATES = ["cp1258", "cp1252", "utf_16", "utf_8"]


def decode_text(data: bytes, path: str | Path = "<bytes>") -> str:
    """Decode the bytes of a text file to NFC Unicode, detecting the encoding.

    Legacy TCVN3/VNI text (in an 8-bit file or pasted into UTF-8) is converted to Unicode.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(
                    path,
                    f"invalid {encoding.upper()} after its byte-order mark ({exc.reason} at byte {exc.start})",
                ) from None
            return _finish(text, path)
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise ReadError(path, "binary file (contains NUL bytes), not text")
        return _finish(utf16, path)
    try:
        return _finish(data.decode("utf-8"), path)
    except UnicodeDecodeError:
        pass
    return _finish(_decode_8bit(data, path), path)


def _finish(text: str, path: str | Path) -> str:
    text = convert_if_legacy(text, str(path))
    if _CONTROL_RE.search(text[:65536]) and len(_CONTROL_RE.findall(text)) * 20 > len(text):
        raise ReadError(path, "binary file (mostly control characters), not text")
    return unicodedata.normalize("NFC", text)


_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: NULs in every other byte of mostly-ASCII text."""
    sample = data[:4096]
    even, odd = sample[0::2], sample[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.4 * len(zeros):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _decode_8bit(data: bytes, path: str | Path) -> str:
    """Not UTF-8: Windows-1258, or a legacy font (TCVN3/VNI) read as Windows-1252."""
    candidates: dict[str, str] = {}
    cp1252 = (
        data.decode("cp1252", errors="ignore") if _has_cp1252_holes(data) else data.decode("cp1252")
    )
    legacy = detect_legacy(cp1252)
    if legacy is not None and legacy not in CONVERTIBLE:
        convert_if_legacy(cp1252, str(path))  # raises LegacyEncodingError naming it
    if legacy is not None:
        candidates[legacy] = to_unicode(cp1252, legacy)
    try:
        candidates["cp1258"] = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        pass
    damaged = data.decode("utf-8", errors="replace")  # UTF-8 with a few broken bytes
    if damaged.count("\ufffd") <= max(3, len(damaged) // 1000):
        candidates["utf-8 (with invalid bytes replaced)"] = damaged
    guess = _charset_normalizer_guess(data)
    if guess is not None and guess[0] not in ("cp1258", "cp1252"):
        candidates[guess[0]] = guess[1]
    if not candidates:
        raise ReadError(
            path, "cannot tell the text encoding (not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI)"
        )
    scored = sorted(
        ((vietnamese_plausibility(t), name) for name, t in candidates.items()), reverse=True
    )
    score, best = scored[0]
    log.debug("%s: encoding candidates %s", path, scored)
    if score < 0.5:
        raise ReadError(path, f"cannot tell the text encoding (best guess {best} reads as garbage)")
    if best in CONVERTIBLE:
        log.info("%s: legacy %s text converted to Unicode", path, best.upper())
    return candidates[best]


def _has_cp1252_holes(data: bytes) -> bool:
    return any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def _charset_normalizer_guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 20], cp_isolation=_CANDIDATES).best()
    if best is None or best.encoding is None:
        return None
    try:
        return best.encoding, unicodedata.normalize("NFC", data.decode(best.encoding))
    except (UnicodeDecodeError, LookupError):
        return None


def vietnamese_plausibility(text: str) -> float:
    """Share of the non-ASCII words of ``text`` that are Vietnamese syllables (0..1).

    A wrong decoding makes ``Viờũt`` or ``ViÖt``; text without non-ASCII words scores 1.
    """
    return syllable_share(text[:200_000])


# --- PDF -------------------------------------------------------------------------------------


def _read_pdf(path: Path, data: bytes) -> str:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError(path, "not a PDF file (no %PDF header)")
    try:
        from pdfminer.high_level import extract_text
        from pdfminer.layout import LAParams

        text = extract_text(str(path), laparams=LAParams())
    except Exception as exc:  # pdfminer raises many unrelated types for one broken file
        name = type(exc).__name__
        if "Encrypt" in name or "Password" in name:
            raise ReadError(path, "PDF is encrypted (password protected)") from None
        raise ReadError(path, f"corrupt or truncated PDF ({name}: {exc})") from None
    if not any(c.isalpha() for c in text.replace("(cid:", "")):
        raise ReadError(path, "PDF has no text layer (scanned image?)")
    if text.count("(cid:") * 5 > len(text.split()):  # glyph ids: fonts without a Unicode map
        raise ReadError(
            path, "PDF text layer has no Unicode mapping (fonts without ToUnicode); OCR it"
        )
    text = unicodedata.normalize("NFC", text)
    return convert_if_legacy(text, str(path))


# --- DOCX ------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(path: Path) -> str:
    """Paragraphs and tables in document order; table cells row by row, merged cells once.

    Paragraphs are read from the XML directly, with each style's font resolved once: python-docx's
    ``Paragraph.style`` scans every style for each paragraph, so a file of 200,000 empty
    paragraphs took minutes; this costs linear time in the document's size.
    """
    try:
        import docx

        document = docx.Document(str(path))
        lines: list[str] = []
        fonts = _DocxFonts(document)
        _docx_blocks(document.element.body, document, fonts, lines)
    except ReadError:
        raise
    except Exception as exc:  # zipfile, lxml and python-docx errors for one broken file
        raise ReadError(path, f"corrupt or truncated .docx ({type(exc).__name__}: {exc})") from None
    text = unicodedata.normalize("NFC", "\n".join(lines))
    if fonts.converted:
        log.info(
            "%s: legacy-font runs converted to Unicode (%s)",
            path,
            ", ".join(sorted(fonts.converted)),
        )
        return text
    return convert_if_legacy(text, str(path))


def _run_font(element: Any) -> str | None:
    """The ``w:rFonts/@w:ascii`` of a run's or a style's properties, as python-docx reads it."""
    rfonts = element.find(f"{_W}rPr/{_W}rFonts")
    return None if rfonts is None else rfonts.get(f"{_W}ascii")


class _DocxFonts:
    """The font of each run: its own, else its paragraph style's, else the document default."""

    def __init__(self, document: Any) -> None:
        self.converted: set[str] = set()
        self.default: str | None = None
        styles = document.styles.element
        # style id -> (its own font, the style it is based on); the default paragraph style
        self._styles: dict[str, tuple[str | None, str | None]] = {}
        self._default_style: str | None = None
        for st in styles.iterchildren(f"{_W}style"):
            sid = st.get(f"{_W}styleId")
            if sid is None or st.get(f"{_W}type", "paragraph") != "paragraph":
                continue
            based = st.find(f"{_W}basedOn")
            self._styles[sid] = (_run_font(st), None if based is None else based.get(f"{_W}val"))
            if st.get(f"{_W}default") in ("1", "true", "on") and self._default_style is None:
                self._default_style = sid
        self._resolved: dict[str | None, str | None] = {}
        try:
            self.default = document.styles["Normal"].font.name
        except KeyError:
            pass
        if self.default is None:
            rfonts = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
            if rfonts is not None:
                self.default = rfonts.get(f"{_W}ascii") or rfonts.get(f"{_W}hAnsi")

    def style_font(self, style_id: str | None) -> str | None:
        """The font a paragraph of this style gets (its own, else its base styles'), cached."""
        if style_id in self._resolved:
            return self._resolved[style_id]
        sid = style_id if style_id in self._styles else self._default_style
        font, seen = None, set()
        while sid is not None and sid not in seen and font is None:
            seen.add(sid)
            font, sid = self._styles.get(sid, (None, None))
        self._resolved[style_id] = font
        return font

    def paragraph_text(self, p: Any) -> str:
        pstyle = p.find(f"{_W}pPr/{_W}pStyle")
        base = self.style_font(None if pstyle is None else pstyle.get(f"{_W}val")) or self.default
        parts = []
        for item in p.iterchildren(f"{_W}r", f"{_W}hyperlink"):
            runs = item.iterchildren(f"{_W}r") if item.tag == f"{_W}hyperlink" else (item,)
            for run in runs:
                text = run.text  # python-docx's CT_R.text: w:t, tabs, breaks
                legacy = font_encoding(_run_font(run) or base)
                if legacy is not None and text:
                    encoding, capitals = legacy
                    text = to_unicode(text, encoding, capitals=capitals or None)
                    self.converted.add(encoding.upper())
                parts.append(text)
        return "".join(parts)


def _docx_blocks(parent: Any, document: Any, fonts: _DocxFonts, lines: list[str]) -> None:
    from docx.table import Table

    for child in parent.iterchildren():
        if child.tag == f"{_W}p":
            lines.append(fonts.paragraph_text(child))
        elif child.tag == f"{_W}tbl":
            # the elements themselves, not their id(): lxml reuses the id of a proxy that was
            # garbage-collected, which made a later row's cell look seen (a flaky test showed it)
            seen: set[Any] = set()
            for row in Table(child, document).rows:
                for cell in row.cells:
                    if cell._tc in seen:  # a merged cell repeats in each grid slot it spans
                        continue
                    seen.add(cell._tc)
                    _docx_blocks(cell._tc, document, fonts, lines)
        elif child.tag == f"{_W}sdt":  # content controls wrap paragraphs and tables
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                _docx_blocks(content, document, fonts, lines)

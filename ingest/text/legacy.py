"""Legacy Vietnamese font encodings: detect them and convert to Unicode.

Before Unicode (and long after, in provincial offices) Vietnamese was typed in 8-bit fonts whose
bytes mean Vietnamese letters only inside that font. Read as Windows-1252 the text turns into
tell-tale junk:

- **TCVN3 (ABC)**, TCVN 5712:1993 VN3, fonts ``.VnTime``/``.VnArial``: one byte per letter,
  ``Céng hoµ x· héi chñ nghÜa ViÖt Nam``. The VN3 table has no code for capital letters with a
  tone mark; headings were typed with the companion capitals font ``.VnTimeH``, which draws the
  *lower-case* codes as capitals: ``ñY BAN NH©N D©N`` means ``ỦY BAN NHÂN DÂN``.
- **VNI Windows**, fonts ``VNI-Times``…: a base letter followed by mark bytes,
  ``Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam``.
- **VIQR** (``Vie^.t Nam``), **VISCII** and **VPS** (C0 control bytes as letters) are detected
  but not converted: they raise :class:`~ingest.errors.LegacyEncodingError`.

>>> to_unicode("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3")
'Cộng hoà xã hội chủ nghĩa Việt Nam'
>>> to_unicode("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni")
'Cộng hòa xã hội chủ nghĩa Việt Nam'
"""

from __future__ import annotations

import logging
import re
import unicodedata

from ingest.errors import LegacyEncodingError

__all__ = [
    "CONVERTIBLE",
    "TCVN3_TO_UNICODE",
    "VNI_TO_UNICODE",
    "detect_legacy",
    "syllable_share",
    "from_unicode",
    "to_unicode",
    "font_encoding",
]

log = logging.getLogger(__name__)

# --- TCVN3 (TCVN 5712:1993, VN3) ---------------------------------------------------------------
# Byte → letter, the bytes written as their Windows-1252/Latin-1 characters. Capitals with a
# tone mark have no code in VN3 (they come from the .VnTimeH font, see module docstring).
TCVN3_TO_UNICODE: dict[str, str] = {
    # a ă â, with tones (none, huyền, hỏi, ngã, sắc, nặng)
    "a": "a", "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "®": "đ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "«": "ô", "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "\u00ad": "ư", "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
    # the capitals VN3 does have
    "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
}  # fmt: skip
del TCVN3_TO_UNICODE["a"]

# --- VNI Windows -----------------------------------------------------------------------------
# A vowel is written as base letter + optional modifier byte + optional tone byte; a few letters
# (ơ ư đ and the i/y forms) have a byte of their own. Lower-case marks follow lower-case bases,
# upper-case marks upper-case bases.
_VNI_TONES_LOWER = {
    "": "",
    "ø": "\u0300",
    "ù": "\u0301",
    "û": "\u0309",
    "õ": "\u0303",
    "ï": "\u0323",
}
_VNI_TONES_UPPER = {
    "": "",
    "Ø": "\u0300",
    "Ù": "\u0301",
    "Û": "\u0309",
    "Õ": "\u0303",
    "Ï": "\u0323",
}
# circumflex + tone and breve + tone are single bytes
_VNI_CIRCUMFLEX = {
    "â": "",
    "à": "\u0300",
    "á": "\u0301",
    "å": "\u0309",
    "ã": "\u0303",
    "ä": "\u0323",
}
_VNI_BREVE = {"ê": "", "è": "\u0300", "é": "\u0301", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_I = {"ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}


def _vni_table() -> dict[str, str]:
    nfc = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731
    table: dict[str, str] = {"ñ": "đ", "Ñ": "Đ", "î": "ỵ", "Î": "Ỵ"}
    for lower in (True, False):
        case = str.lower if lower else str.upper
        tones = _VNI_TONES_LOWER if lower else _VNI_TONES_UPPER
        for base in "aeouy":  # i has single bytes (ì í æ ó ò), ỵ too (î)
            for mark, tone in tones.items():
                if mark and not (base == "y" and tone == "\u0323"):
                    table[case(base) + mark] = nfc(case(base) + tone)
        for base in "aeo":  # â ê ô
            for mark, tone in _VNI_CIRCUMFLEX.items():
                table[case(base) + case(mark)] = nfc(case(base) + "\u0302" + tone)
        for mark, tone in _VNI_BREVE.items():  # ă
            table[case("a") + case(mark)] = nfc(case("a") + "\u0306" + tone)
        for code, horn in (("ô", "ơ"), ("ö", "ư")):  # ơ ư, then their tones
            table[case(code)] = case(horn)
            for mark, tone in tones.items():
                if mark:
                    table[case(code) + mark] = nfc(case(horn) + tone)
        for code, letter in _VNI_I.items():
            table[case(code)] = case(letter)
    return table


VNI_TO_UNICODE: dict[str, str] = _vni_table()

CONVERTIBLE = ("tcvn3", "vni")

# --- conversion ------------------------------------------------------------------------------

_TCVN3_RE = re.compile("[" + re.escape("".join(TCVN3_TO_UNICODE)) + "]")
_VNI_RE = re.compile("|".join(map(re.escape, sorted(VNI_TO_UNICODE, key=len, reverse=True))))
_TCVN3_LOWER_ONLY = frozenset(c for c, u in TCVN3_TO_UNICODE.items() if u.islower())
_LOWER_CODES = re.escape("".join(sorted(_TCVN3_LOWER_ONLY)))
# A word only the capitals font explains: a capital after a lower-case-only code, or two capitals
# before one. Must match "ñY", "NH©N", "D©N"; must not match "Sè" (Số) or "Hµ" (Hà).
_VNTIMEH_WORD_RE = re.compile(f"[{_LOWER_CODES}][A-Z]|[A-Z]{{2}}[{_LOWER_CODES}]")
_ASCII_LOWER_RE = re.compile("[a-z]")


def _tcvn3_line(line: str, capitals: bool) -> str:
    out = _TCVN3_RE.sub(lambda m: TCVN3_TO_UNICODE[m.group()], line)
    return out.upper() if capitals else out


def _is_vntimeh_line(line: str) -> bool:
    """Was this TCVN3 line typed in the capitals font (.VnTimeH)? ``NH©N D©N`` says yes.

    Yes when its words have upper-case ASCII letters and no lower-case ones, and some word mixes
    such a capital with a VN3 code that only exists in lower case.
    """
    if _ASCII_LOWER_RE.search(line):
        return False
    return bool(_VNTIMEH_WORD_RE.search(line))


def to_unicode(text: str, encoding: str, *, capitals: bool | None = None) -> str:
    """Convert legacy-font ``text`` (its bytes read as Windows-1252) to NFC Unicode.

    ``capitals``: for TCVN3, ``True`` when the text is in a capitals font (``.VnTimeH``),
    ``False`` when it is not, ``None`` to decide line by line (a line of capitals mixed with
    lower-case-only codes, ``ñY BAN NH©N D©N``, is upper-cased).
    """
    if encoding == "tcvn3":
        if capitals is not None:
            return unicodedata.normalize("NFC", _tcvn3_line(text, capitals))
        lines = text.split("\n")
        out = [_tcvn3_line(line, _is_vntimeh_line(line)) for line in lines]
        return unicodedata.normalize("NFC", "\n".join(out))
    if encoding == "vni":
        return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group()], text))
    raise ValueError(f"cannot convert {encoding!r}; convertible: {CONVERTIBLE}")


def from_unicode(text: str, encoding: str) -> str:
    """The inverse of :func:`to_unicode` (for tests and fixtures): Unicode → legacy-font text.

    Characters the encoding cannot express (TCVN3 capitals with a tone mark) are written as the
    ``.VnTimeH`` habit does: the lower-case code.
    """
    if encoding == "tcvn3":
        inverse = {u: c for c, u in TCVN3_TO_UNICODE.items()}
        out = []
        for ch in unicodedata.normalize("NFC", text):
            if ch in inverse:
                out.append(inverse[ch])
            elif ch.lower() in inverse:
                out.append(inverse[ch.lower()])  # capital with a tone: .VnTimeH habit
            else:
                out.append(ch)
        return "".join(out)
    if encoding == "vni":
        inverse = {u: c for c, u in VNI_TO_UNICODE.items()}
        return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
    raise ValueError(f"cannot encode {encoding!r}; convertible: {CONVERTIBLE}")


# --- Vietnamese syllables --------------------------------------------------------------------

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "".join(
    sorted(
        {
            unicodedata.normalize("NFC", b + m + t)
            for b, m in (("a", ""), ("a", "\u0306"), ("a", "\u0302"), ("e", ""), ("e", "\u0302"),
                         ("i", ""), ("o", ""), ("o", "\u0302"), ("o", "\u031b"), ("u", ""),
                         ("u", "\u031b"), ("y", ""))
            for t in ("", *_TONE_MARKS)
        }
    )
)  # fmt: skip
# One Vietnamese syllable (lower case): initial consonant, 1-3 vowels, final consonant.
# Must match "nghiêng", "quốc", "già", "uỷ"; must not match "cafộ", "naùve", "viờũt".
_SYLLABLE_RE = re.compile(
    f"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?[{_VOWELS}]{{1,3}}(?:ch|ng|nh|[cmnpt])?"
)
_WORD_RE = re.compile(r"[^\W\d_]+")


def syllable_share(text: str) -> float:
    """Share of the non-ASCII words of ``text`` that are Vietnamese syllables with at most one
    tone mark (0..1; 1 when there are none). Right decodings score near 1, wrong ones low."""
    good = total = 0
    for word in _WORD_RE.findall(text):
        if word.isascii():
            continue
        total += 1
        low = word.lower()
        if _SYLLABLE_RE.fullmatch(low):
            good += sum(1 for c in unicodedata.normalize("NFD", low) if c in _TONE_MARKS) <= 1
    return good / total if total else 1.0


# --- detection -------------------------------------------------------------------------------

# Vietnamese letters that exist only beyond Latin-1: a text with many of them is real Unicode.
_VIET_BEYOND_LATIN1_RE = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
# Latin-1 characters a Unicode Vietnamese text never uses but TCVN3 uses constantly.
# Must match "µ" (à in TCVN3) and "®" (đ); must not match "à" or "ê".
_TCVN3_MARK_RE = re.compile(
    "[\u00a1-\u00bf\u00c6-\u00c7\u00cb\u00ce\u00cf\u00d1\u00d6-\u00d8\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee\u00ef\u00f1\u00f6-\u00f8\u00fb\u00fe]"
)
# VNI marks right after a letter, never in Unicode Vietnamese. Must match "eä" in "Vieät",
# "uû" in "chuû", "ñ" in "ñeán"; must not match "uá" in "quá" or "oà" in "hoà".
_VNI_MARK_RE = re.compile("[A-Za-z][øûïöäåëüæîØÛÏÖÄÅËÜÆÎ]|[ñÑ][a-zA-Z]|[öÖ][a-zA-Z]")
# VIQR: ASCII letters with ASCII marks. Must match "e^." in "Vie^.t", "o+`" in "ho+`"; must not
# match "a.m." or "e.g.".
_VIQR_RE = re.compile(
    r"[aeiouyAEIOUY](?:[\^(+][`'?~.]?|[`?~])(?=[a-zA-Z])|\bdd[aeiouy]|\bDD[AEIOUY]"
)
# VISCII and VPS store letters in C0 control codes (0x02, 0x05, 0x06, 0x14, 0x19, 0x1e …).
_C0_LETTER_RE = re.compile("[\x01-\x08\x0e-\x1b\x1f]")


def detect_legacy(text: str) -> str | None:
    """The legacy encoding ``text`` is in — ``"tcvn3"``, ``"vni"``, ``"viqr"``, ``"viscii/vps"``
    — or ``None`` for Unicode (or text with too few letters to tell).

    ``text`` is the file decoded as Windows-1252 (or UTF-8 text pasted from a legacy document).
    """
    text = _sample(text)
    unicode_letters = len(_VIET_BEYOND_LATIN1_RE.findall(text))
    tcvn3 = len(_TCVN3_MARK_RE.findall(text))
    vni = len(_VNI_MARK_RE.findall(text))
    if max(tcvn3, vni) >= 3 and max(tcvn3, vni) > 2 * unicode_letters:
        # VNI never uses 0xA1-0xBF; TCVN3 puts à á ã ả ạ ă â đ ê ô ơ ư there.
        high = len(_HIGH_LATIN1_RE.findall(text))
        encoding = "tcvn3" if high * 3 >= tcvn3 else "vni"
        # Converted, the words must become Vietnamese syllables ("naïve" does not).
        after = syllable_share(to_unicode(text, encoding))
        if after >= 0.6 and after > syllable_share(text):
            return encoding
    if unicode_letters == 0:
        words = len(text.split())
        c0 = len(_C0_LETTER_RE.findall(text))
        if c0 >= 3 and c0 * 50 >= words:
            return "viscii/vps"
        viqr = len(_VIQR_RE.findall(text))
        if viqr >= 3 and viqr * 10 >= words:
            return "viqr"
    return None


_HIGH_LATIN1_RE = re.compile("[\u00a1-\u00bf]")
SAMPLE_CHARS = 60_000  # detection reads three windows of this size (start, middle, end)


def _sample(text: str) -> str:
    if len(text) <= 3 * SAMPLE_CHARS:
        return text
    mid = len(text) // 2
    return "\n".join((text[:SAMPLE_CHARS], text[mid : mid + SAMPLE_CHARS], text[-SAMPLE_CHARS:]))


def convert_if_legacy(text: str, path: str = "<text>") -> str:
    """``text`` in Unicode: converted when it is TCVN3 or VNI, as is when it is not legacy.

    Raises :class:`LegacyEncodingError` for a legacy encoding that cannot be converted.
    """
    encoding = detect_legacy(text)
    if encoding is None:
        return text
    if encoding not in CONVERTIBLE:
        raise LegacyEncodingError(
            path,
            encoding.upper(),
            f"text is in the legacy {encoding.upper()} encoding, which vanban cannot convert; re-save it as Unicode (UTF-8)",
        )
    log.info("%s: converting legacy %s text to Unicode", path, encoding.upper())
    return to_unicode(text, encoding)


# Font families of the legacy encodings, by name prefix (python-docx run.font.name).
_FONT_PREFIXES = ((".vn", "tcvn3"), ("vn3-", "tcvn3"), ("vni-", "vni"), ("vni ", "vni"))


def font_encoding(font_name: str | None) -> tuple[str, bool] | None:
    """The legacy encoding of a font and whether it is a capitals font.

    >>> font_encoding(".VnTimeH")
    ('tcvn3', True)
    >>> font_encoding("VNI-Times")
    ('vni', False)
    >>> font_encoding("Times New Roman") is None
    True
    """
    if not font_name:
        return None
    low = font_name.strip().lower()
    for prefix, encoding in _FONT_PREFIXES:
        if low.startswith(prefix):
            capitals = encoding == "tcvn3" and low.endswith("h")
            return encoding, capitals
    return None

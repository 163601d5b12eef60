"""Clean letter text for extraction, keeping an exact map back to the raw text.

>>> c = clean_text("Thực hiện Thông \\n\\nbáo số 07/TB-\\nVPCP")
>>> c.text
'Thực hiện Thông báo số 07/TB-VPCP'
>>> start = c.text.index("07/TB-VPCP")
>>> c.original[slice(*c.to_original(start, start + len("07/TB-VPCP")))]
'07/TB-\\nVPCP'

Every step is a compiled-regex pass that records only the spans it edits (sparse anchors);
offsets are mapped back through the passes with ``bisect``, never with per-character lists.
Steps run in the order given; :data:`CLEANERS` names them (like eyecite's ``clean_text``).
"""

from __future__ import annotations

import heapq
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

from ingest.text.offsets import CleanText, Edit, PassMap, rewrite

__all__ = [
    "LITERAL_BREAK_RE",
    "CLEANERS",
    "DEFAULT_STEPS",
    "STEP_GROUPS",
    "CleanText",
    "clean_text",
    "normalize_tone_marks",
]

log = logging.getLogger(__name__)

Step = Callable[[str], Iterable[Edit]]

# --- characters, as data -------------------------------------------------------------------

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng
VIET_LOWER = "".join(
    sorted(
        set("abcdefghijklmnopqrstuvwxyzđ")
        | {unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES}
    )
)
VIET_UPPER = "".join(sorted({c.upper() for c in VIET_LOWER}))
_LOWER = re.escape(VIET_LOWER)
_UPPER = re.escape(VIET_UPPER)

# Horizontal spacing that PDF and Word extraction leave: NBSP, thin/figure spaces, tabs …
_HSPACE = "\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"

# --- steps ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _nfc_cluster_re() -> re.Pattern[str]:
    """A starter followed by the characters NFC may compose with it (built on first use)."""
    chars = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if (
            unicodedata.combining(ch)
            or unicodedata.category(ch)[0] == "M"
            or 0x1160 <= cp <= 0x11FF  # Hangul medial vowels and finals compose with a syllable
            or unicodedata.normalize("NFC", ch) != ch
        ):
            chars.append(ch)
    marks = "".join(re.escape(c) for c in chars)
    # Must match "e\u0302\u0301" (NFD ế) and a lone "\u212b" (Ångström sign); must not match "e".
    return re.compile(f"[^{marks}]?[{marks}]+")


def step_nfc(text: str) -> Iterable[Edit]:
    """Compose to NFC (NFD ``ế`` = e + U+0302 + U+0301 becomes one character)."""
    if unicodedata.is_normalized("NFC", text):
        return
    for m in _nfc_cluster_re().finditer(text):
        yield m.start(), m.end(), unicodedata.normalize("NFC", m.group())


# Must match "\r\n", "\r", "\f" (PDF page break); must not match "\n".
_NEWLINE_RE = re.compile(r"[\r\f\v\x1c-\x1e\x85\u2028\u2029]\n?")


def step_newlines(text: str) -> Iterable[Edit]:
    """Every line break becomes ``\\n`` (CRLF, CR, form feed, Unicode separators)."""
    for m in _NEWLINE_RE.finditer(text):
        s, e = m.span()
        if e - s == 2 and text[s] != "\r":  # "\f\n": the page break, then a real line break
            e = s + 1
        yield s, e, "\n"


_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff\u00ad"  # zero-width spaces/joiners, BOM, soft hyphen
# Must match "\u00a0", "\t", "\u200b"; must not match " " (a plain space).
_ODD_SPACE_RE = re.compile(
    f"[{_HSPACE.replace(' ', '')}{_ZERO_WIDTH}][{_HSPACE.replace(' ', '')}{_ZERO_WIDTH}]*"
)
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]+")


# Line breaks a web page or a JSON export left as literal escapes: "\\r\\n", "\\n". Must match
# "Số: 12/UBND\\r\\nLai Châu" (the two characters backslash and "n"); must not match "\\nghị" in
# "C:\\nghi-quyet" (a backslash then a word: a path), only a break-shaped "\\n" before a capital,
# a digit, a dash, a blank or the end.
LITERAL_BREAK_RE = re.compile(r"(?:\\r)?\\n(?=[\s\-*|#\dA-ZÀ-Ỹ]|$)|\\r(?=\s|$)")


def step_literal_breaks(text: str) -> Iterable[Edit]:
    """Literal ``\\r\\n`` escapes of a web copy become line breaks (they cost a letter its
    number and date when its header runs on one line)."""
    if "\\" not in text:
        return
    for m in LITERAL_BREAK_RE.finditer(text):
        yield m.start(), m.end(), "\n"


def step_odd_spaces(text: str) -> Iterable[Edit]:
    """NBSP, tabs, thin and ideographic spaces become a space; zero-width characters go."""
    for m in _ODD_SPACE_RE.finditer(text):
        run = m.group()
        yield m.start(), m.end(), "" if _ZERO_WIDTH_RE.fullmatch(run) else " "


# Must match "  " and "     "; must not match " ".
_SPACE_RUN_RE = re.compile("  +")


def step_space_runs(text: str) -> Iterable[Edit]:
    """Runs of spaces (PDF justification, blank number fields) become one space."""
    for m in _SPACE_RUN_RE.finditer(text):
        yield m.start(), m.end(), " "


# A line break next to a space. Must match "\n" in "abc \n" and in "\n abc"; must not match
# "\n" in "abc\ndef".
_EDGE_RE = re.compile(r"\n(?:(?<= \n)|(?= ))")


def _merge(*streams: Iterable[Edit]) -> Iterator[Edit]:
    """Edits of several scans of the same text, in order, overlaps dropped."""
    last = -1
    for s, e, rep in heapq.merge(*streams):
        if s >= last:
            yield s, e, rep
            last = e


def step_line_edges(text: str) -> Iterable[Edit]:
    """Drop spaces at the start and end of lines (indentation, trailing spaces)."""
    if text.startswith(" ") and text.strip(" "):
        yield 0, len(text) - len(text.lstrip(" ")), ""
    last = 0
    for m in _EDGE_RE.finditer(text):
        nl = m.start()
        if nl > last and text[nl - 1] == " ":
            s = nl - 1
            while s > last and text[s - 1] == " ":
                s -= 1
            yield s, nl, ""
        e = nl + 1
        while e < len(text) and text[e] == " ":
            e += 1
        if e > nl + 1:
            yield nl + 1, e, ""
        last = e
    if text.endswith(" ") and text.strip(" "):
        s = len(text.rstrip(" "))
        if s >= last:
            yield s, len(text), ""


# A line that is only a page number. Must match "- 2 -", "12", "Trang 2/5", "Page 3 of 9",
# "2/5"; must not match "1. Các sở", "2021" (a year), "Số: 33".
_PAGE_NUMBER = (
    r"(?:-[ \t]*\d{1,3}[ \t]*-|\d{1,3}|\d{1,3}[ \t]*/[ \t]*\d{1,3}"
    r"|(?i:trang|page)[ \t]+\d{1,4}(?:[ \t]*(?:/|of|trên)[ \t]*\d{1,4})?)[ \t]*"
)
_PAGE_NUMBER_RE = re.compile(
    rf"\n[ \t]*{_PAGE_NUMBER}(?=\n|\Z)"
)  # the line with the break before it
_FIRST_LINE_PAGE_NUMBER_RE = re.compile(rf"[ \t]*{_PAGE_NUMBER}(?:\n|\Z)")


def step_page_numbers(text: str) -> Iterable[Edit]:
    """Drop lines that are only a page number (``- 2 -``, ``Trang 2/5``, ``3``)."""
    first = _FIRST_LINE_PAGE_NUMBER_RE.match(text)
    start = 0
    if first:
        yield 0, first.end(), ""
        start = first.end()
    for m in _PAGE_NUMBER_RE.finditer(text, start):
        yield m.start(), m.end(), ""


# Must match "\n\n\n" (two blank lines); must not match "\n\n" (one blank line: a paragraph).
_BLANK_LINES_RE = re.compile("\n\n\n+")


def step_blank_lines(text: str) -> Iterable[Edit]:
    """Drop lines of only whitespace, keeping at most one blank line between paragraphs.

    Run it after ``line_edges``: lines of spaces are empty by then.
    """
    for m in _BLANK_LINES_RE.finditer(text):
        yield m.start(), m.end(), "\n\n"


# Words after which a line never ends a sentence, so the break is a wrap
# ("Thực hiện\nThông báo", "Công văn số\n3542/UBND-VX").
CONTINUATION_WORDS: frozenset[str] = frozenset(
    (
        "số", "của", "và", "theo", "hiện", "tại", "về", "với", "cho", "các", "những", "ngày",
        "tháng", "năm", "đến", "từ", "là", "do", "bởi", "trong", "để", "như", "được", "tục",
        "khai", "cứ", "hành", "kèm", "gửi", "ký",
    )
)  # fmt: skip
# A list item at the start of a line: "- ", "+ ", "• ", "1. ", "2) ", "a) ", "IV. ", "(3) ".
_LIST_ITEM = (
    rf"(?:[-+•*–—]|\d{{1,2}}[.)][ \t]|[{_LOWER}][.)][ \t]|[IVXLC]{{1,5}}\.[ \t]|\(\d{{1,2}}\))"
)
# Line breaks (with any blank lines) that are wraps inside a phrase. Must match the breaks in
# "1068/CĐ-\nTTg" (glue), "Thông \n\nbáo" (space), "số\n1068" (space, if the word before is a
# continuation word); must not match the breaks in "huyện;\n- UBND", "thị trấn.\n\nThực hiện",
# "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU", "trấn\n1. Sở".
_JOIN_RE = re.compile(
    rf"\n(?:"
    rf"(?<=\w[-/]\n)\n*(?=\w)(?!{_LIST_ITEM})(?P<glue>)"  # broken symbol: CĐ-|TTg, 1068/|CĐ
    rf"|(?<=\w\n)\n*(?=/\w)(?P<glue_slash>)"  # 1068|/CĐ-TTg
    rf"|(?<=[^\s.!?:;]\n)\n*(?=[{_LOWER}])(?![{_LOWER}][.)][ \t]|https?:|www\.)(?P<lower>)"  # Thông|báo
    rf"|(?<=[{_LOWER}]\n)\n*(?=[{_UPPER}\d])(?!{_LIST_ITEM})(?P<word>)"  # số|1068 (checked)
    rf")"
)


def _last_word(text: str, end: int) -> str:
    start = max(text.rfind(" ", max(0, end - 24), end), text.rfind("\n", max(0, end - 24), end))
    return text[start + 1 : end].lstrip("(\"“'").lower()


# A wrapped body line is at least this long; header lines ("ỦY BAN NHÂN DÂN") are shorter.
WRAP_MIN_CHARS = 60
# Text whose lines are longer than this (90th percentile) is not hard-wrapped.
MAX_WRAP_WIDTH = 160
# Lines that start a letter part, never the rest of a wrapped line. Must match "Kính gửi:",
# "Lai Châu, ngày 5 tháng 8", "Nơi nhận:"; must not match "Quy chế làm việc của Chính phủ".
_PART_START_RE = re.compile(
    r"(?:Kính gửi|Nơi nhận|V/v|Số\s*:|Về việc|TM\.|KT\.|TL\.|Q\.|[^\n,]{2,30}, ngày)"
)
# An all-capitals line start: "CỘNG HÒA XÃ HỘI", "TỈNH LAI CHÂU"; not "Quy chế".
_CAPS_START_RE = re.compile(rf"[{_UPPER}\d]+[ .,-]+[{_UPPER}\d]+\b")


def _wrap_width(text: str) -> int:
    """The width hard-wrapped text is wrapped at: the 90th percentile of its line lengths
    (sampled). Web and Word text, one paragraph per line, gives a large width."""
    lengths = sorted(len(line) for line in text[:400_000].split("\n") if line)
    return lengths[len(lengths) * 9 // 10] if lengths else 0


def _wrapped_line_continues(text: str, brk: int, nxt: int, wrap_width: int) -> bool:
    """Is the line ending at ``brk`` a body line wrapped before ``text[nxt:]``?

    Yes when the text is hard-wrapped (PDF extraction: lines of similar length), this line is
    about as long as the others, and the next line does not start a letter part or a heading.
    """
    line_start = text.rfind("\n", 0, brk) + 1
    width = brk - line_start
    if width < WRAP_MIN_CHARS or wrap_width > MAX_WRAP_WIDTH or width < 0.75 * wrap_width:
        return False
    if "://" in text[line_start:brk]:  # a URL line
        return False
    return not (_PART_START_RE.match(text, nxt) or _CAPS_START_RE.match(text, nxt))


def step_join_lines(text: str) -> Iterable[Edit]:
    """Repair words and references broken across lines; keep paragraph breaks and list items."""
    wrap_width = -1
    for m in _JOIN_RE.finditer(text):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "word" and _last_word(text, s) not in CONTINUATION_WORDS:
            if wrap_width < 0:
                wrap_width = _wrap_width(text)
            if not _wrapped_line_continues(text, s, e, wrap_width):
                continue
        yield s, e, "" if kind in ("glue", "glue_slash") else " "


# Must match the space in "huyện ;" and in "( gửi"; must not match the one in "Số: /UBND-VX".
_SPACE_BEFORE_PUNCT_RE = re.compile(r" [,.;:!?)\]…]")
_SPACE_AFTER_PAREN_RE = re.compile(r"\( ")  # two literal scans beat one "[(\[] " scan
_SPACE_AFTER_BRACKET_RE = re.compile(r"\[ ")


def step_punctuation_spacing(text: str) -> Iterable[Edit]:
    """Drop spaces before closing punctuation and after opening brackets."""
    before = ((m.start(), m.start() + 1, "") for m in _SPACE_BEFORE_PUNCT_RE.finditer(text))
    paren = ((m.start() + 1, m.end(), "") for m in _SPACE_AFTER_PAREN_RE.finditer(text))
    bracket = ((m.start() + 1, m.end(), "") for m in _SPACE_AFTER_BRACKET_RE.finditer(text))
    return _merge(before, paren, bracket)


# --- tone marks ----------------------------------------------------------------------------


def _tone_table() -> dict[str, str]:
    """Old placement → one placement, both two-character strings: "oà" → "òa", "uý" → "úy"."""
    table = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES[1:]:
            for f in (first, first.upper()):
                for s in (second, second.upper()):
                    old = unicodedata.normalize("NFC", f + s + tone)
                    new = unicodedata.normalize("NFC", f + tone + s)
                    table[old] = new
    return table


_TONE_TABLE = _tone_table()
# Must match "oà" in "hoà", "uý" in "thuý"; must not match "oà" in "hoàn", "uý" in "quý".
# (Scans for the toned second vowel, rarer than o/u, then looks back.)
_TONE_RE = re.compile(
    rf"[{''.join(sorted({k[1] for k in _TONE_TABLE}))}](?<=[oOuU].)(?<![qQ][uU].)"
    rf"(?![{_LOWER}{_UPPER}\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])"
)


def step_tone_marks(text: str) -> Iterable[Edit]:
    """One tone placement for open ``oa``/``oe``/``uy`` syllables: ``hoà`` → ``hòa``."""
    for m in _TONE_RE.finditer(text):
        s, e = m.start() - 1, m.end()
        new = _TONE_TABLE.get(text[s:e])  # "oý" is not a pair the table knows: left alone
        if new is not None:
            yield s, e, new


def normalize_tone_marks(text: str) -> str:
    """One tone placement: ``"hoà"`` → ``"hòa"``, ``"thuý"`` → ``"thúy"``, ``"Hoá"`` → ``"Hóa"``.

    NFC in, NFC out, same length. ``quý``/``quà`` (``qu`` is a consonant) and closed syllables
    (``hoàn``, ``thuyết``) are left alone.

    >>> normalize_tone_marks("Uỷ ban nhân dân tỉnh Khánh Hoà, hoàn thành, quý")
    'Ủy ban nhân dân tỉnh Khánh Hòa, hoàn thành, quý'
    """
    return rewrite(text, step_tone_marks(text))[0]


# --- the registry and the verb -------------------------------------------------------------

CLEANERS: dict[str, Step] = {
    "nfc": step_nfc,
    "newlines": step_newlines,
    "literal_breaks": step_literal_breaks,
    "odd_spaces": step_odd_spaces,
    "space_runs": step_space_runs,
    "line_edges": step_line_edges,
    "page_numbers": step_page_numbers,
    "blank_lines": step_blank_lines,
    "join_lines": step_join_lines,
    "punctuation_spacing": step_punctuation_spacing,
    "tone_marks": step_tone_marks,
}

# Names for several steps run in a row (each a fast single-pattern scan).
STEP_GROUPS: dict[str, tuple[str, ...]] = {
    "spaces": ("odd_spaces", "space_runs", "line_edges"),
}

DEFAULT_STEPS: tuple[str, ...] = (
    "nfc",
    "literal_breaks",
    "newlines",
    "spaces",
    "page_numbers",
    "blank_lines",
    "join_lines",
    "punctuation_spacing",
    "tone_marks",
    "nfc",  # again: removing a zero-width character can put a base letter next to a stray mark
)


def clean_text(raw: str, steps: Sequence[str] = DEFAULT_STEPS) -> CleanText:
    """Run the named cleaning ``steps`` over ``raw``; the result maps back to ``raw``.

    ``steps`` names entries of :data:`CLEANERS` or of :data:`STEP_GROUPS` (``"spaces"``).
    ``"nfc"`` should come first: the other steps assume composed text.
    """
    names = [n for step in steps for n in STEP_GROUPS.get(step, (step,))]
    unknown = [n for n in names if n not in CLEANERS]
    if unknown:
        known = sorted({*CLEANERS, *STEP_GROUPS})
        raise ValueError(f"unknown cleaning step(s) {unknown}; known: {known}")
    text = raw
    maps: list[PassMap] = []
    for name in names:
        text, pass_map = rewrite(text, CLEANERS[name](text))
        if pass_map is not None:
            maps.append(pass_map)
    return CleanText(original=raw, text=text, _maps=tuple(maps))

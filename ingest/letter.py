"""The fields of one letter: header (issuer, số hiệu, place and date, trích yếu, Kính gửi) and
footer (Nơi nhận, signer), then its references in context.

Two stages: :func:`read_fields` reads the fields as written (pure text work, no gazetteer);
:func:`parse_letter` resolves the issuer through the authority gazetteer, builds the
:class:`~ingest.authorities.Context` and runs :func:`~ingest.references.find_references`.

Conventions:

- ``subject`` is the trích yếu without its ``V/v`` / ``Về việc`` prefix, lines joined with single
  spaces (a symbol broken after ``-`` such as ``1068/CĐ-`` + ``TTg`` is joined without one).
- ``signer_title`` keeps the lines as written, joined with ``\\n``: ``"KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH"``.
- ``recipients`` and ``cc`` are items without their ``-`` marker and trailing ``;``/``.``.
- A letter without a ``Kính gửi`` line whose recipient list was pushed into the body by PDF
  conversion (a run of short ``- Các sở …;`` / ``- UBND …`` items) gets them back, but only for
  a công văn with a ``V/v`` subject.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from graph.models import Authority, Level, PartialDate
from graph.normalize import fold
from ingest.authorities import Context, Gazetteer, default_gazetteer
from ingest.clean import DEFAULT_STEPS, clean_text
from ingest.doc_types import TYPE_CODES, TYPE_WORDS
from ingest.models import Letter
from ingest.references import find_references

__all__ = ["LetterFields", "letter_context", "parse_letter", "read_fields"]

log = logging.getLogger(__name__)

# --- patterns as data ------------------------------------------------------------------------

# Title lines (an upper-case line of its own: "KẾ HOẠCH") -> kind; a title wins over the symbol's
# type code (doc_types.TYPE_CODES: "QĐ-UBND" -> Quyết định). A symbol that starts with anything
# else ("UBND-VX": an issuer code) is a công văn.
TITLE_KINDS: dict[str, str] = {w.upper(): kind for kind, words in TYPE_WORDS.items() for w in words}
DEFAULT_KIND = "Công văn"
# Words that make an upper-case line a signer's title (position or signing prefix).
SIGNER_WORDS = (
    "CHỦ TỊCH", "TRƯỞNG", "GIÁM ĐỐC", "BÍ THƯ", "THỦ TƯỚNG", "CHÁNH", "PHÓ", "KT.", "TM.",
    "TL.", "TUQ.", "Q.", "CHỈ HUY", "ỦY VIÊN", "THƯ KÝ", "TỔNG CỤC", "CỤC TRƯỞNG",
)
# Heads of an addressee item (``- Các sở, ban, ngành …;``, ``- UBND các huyện …``), folded.
RECIPIENT_HEADS = (
    "cac ", "ubnd", "uy ban", "so ", "ban ", "phong ", "bo ", "trung tam", "cong an", "van phong",
    "thuong truc", "dong chi", "d/c", "hoi ", "tinh uy", "huyen uy", "cuc ", "chi cuc",
    "benh vien", "truong ", "kho bac", "ngan hang", "dai ", "bao ", "vien ", "thu truong",
    "chu tich", "doan ", "hdnd", "mat tran", "quan ", "bo chi huy",
)
# Authority-like heads that open the body sentence naming the writer (header-less letters).
BODY_ISSUER_HEADS = r"Trung tâm|Ban|Ủy ban|UBND|Sở|Phòng|Bộ|Chủ tịch|Văn phòng|Thường trực|Cục"
# Cleaning for reading fields: everything but joining lines (the line structure is the layout).
FIELD_CLEANING = tuple(s for s in DEFAULT_STEPS if s not in ("join_lines", "blank_lines"))
MAX_SUBJECT_LINES = 8
HEAD_LINES = 30  # header fields are looked for in the first lines of the letter
MIN_YEAR, MAX_YEAR = 1945, 2100  # a letter's year (the state's documents start in 1945)

# --- compiled patterns -----------------------------------------------------------------------

# Letter number line. Matches "Số: 33/CV-TTCH", "Số:          /UBND-VX", "Số: 15/2021/NĐ-CP",
# "Số: …../TTr-UBND"; must not match "Số liệu tiêm chủng" (no slash-symbol after it).
_NUMBER_RE = re.compile(
    r"^Số\s*[:.]?\s*(?P<number>\d+[a-z]?)?[\s.…_]*(?:/\s*(?P<year>(?:19|20)\d\d))?\s*/\s*"
    r"(?P<symbol>[^\W\d_][\w.\-/]*)"
)
# Party-style number line. Matches "Số 279-TB/TU", "Số: 12-CT/TU"; must not match "Số: /UBND-VX".
_PARTY_NUMBER_RE = re.compile(
    r"^Số\s*[:.]?\s*(?P<number>\d+)?\s*-\s*(?P<symbol>[^\W\d_]+/[\w.\-]+)"
)
# Place and date. Matches "Mường Tè, ngày tháng 9 năm 2022", "Tam Đường, ngày 02 tháng 11 năm
# 2021", "ngày …. tháng … năm 2021"; must not match "ngày 05/8/2021" (no tháng/năm words).
_PLACE_DATE_RE = re.compile(
    r"(?:(?P<place>[^\W\d_][\w.]*(?:[ \-]\w[\w.]*){0,5})\s*,\s*)?"
    r"ngày\b[\s.…_]*(?P<day>\d{1,2})?[\s.…_]*tháng\b[\s.…_]*(?P<month>\d{1,2})?[\s.…_]*"
    r"năm\b\s*(?P<year>\d{4})",
    re.IGNORECASE,
)
# Place and a numeric date. Matches "Lai Châu, ngày 02/11/2021", "Hà Nội, 02-11-2021"; must not
# match "ngày 05/8/2021 của" (no place before it).
_PLACE_NUMERIC_DATE_RE = re.compile(
    r"^(?P<place>[^\W\d_][\w.]*(?:[ \-]\w[\w.]*){0,5})\s*,\s*(?:ngày\s*)?"
    r"(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})\s*[/.\-]\s*(?P<year>\d{4})\b",
    re.IGNORECASE,
)
# Subject opener. Matches "V/v thực hiện …", "Về việc ban hành …"; must not match "Vv" or "Về".
_SUBJECT_RE = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\b\s*[:.]?\s*(?P<rest>.*)$")
# Recipients opener. Matches "Kính gửi:", "Kính gửi: Sở Y tế"; must not match "gửi kèm theo".
_RECIPIENTS_RE = re.compile(r"^Kính\s+gửi\s*[:.]?\s*(?P<rest>.*)$", re.IGNORECASE)
# Addressees of a công điện. Matches "THỦ TƯỚNG CHÍNH PHỦ điện:", "CHỦ TỊCH UBND TỈNH điện: - Giám
# đốc các sở;"; must not match "Thực hiện Công điện số 1068" (no colon after "điện").
_TELEGRAM_TO_RE = re.compile(r"^(?P<who>[^:]{3,120}?)\s+điện\s*:\s*(?P<rest>.*)$")
# Copy list opener. Matches "Nơi nhận:", "Nơi nhận: - Như trên;"; must not match "nơi cư trú".
_CC_RE = re.compile(r"^Nơi\s+nhận\s*[:.]?\s*(?P<rest>.*)$", re.IGNORECASE)
# National (or Party) motto, searched anywhere in a line. Matches "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
# NAM", "Độc lập - Tự do - Hạnh phúc", "ĐẢNG CỘNG SẢN VIỆT NAM"; must not match "ỦY BAN NHÂN DÂN".
_MOTTO_RE = re.compile(
    r"(?:CỘNG H(?:ÒA|OÀ) XÃ HỘI|Độc lập\s*[-–]\s*Tự do|ĐẢNG CỘNG SẢN VIỆT NAM)", re.IGNORECASE
)
# List item marker. Matches "- Như trên;", "+ Nhóm huyện", "• Sở Y tế"; must not match "-19 ca".
_ITEM_RE = re.compile(r"^[-–+•]\s+(?P<item>\S.*)$")
# Markdown emphasis and headings around a line. Matches "**ỦY BAN", "Nơi nhận:***", "# KẾ
# HOẠCH"; must not match the "*" inside "5K*" in the middle of a line.
_MARKUP_RE = re.compile(r"^(?:#+\s+|[*_]+)|[*_]+$")
_MARKUP_CHARS = frozenset("*_#")
_RULE_CHARS = frozenset("-_=.…·*")  # a line of only these is a rule, not text
# Digital-signature stamp lines that PDF text carries at the top or the end of a letter. Matches
# "Ký bởi: Ủy ban nhân dân tỉnh Lai Châu", "Thời gian ký: 12.08.2022 10:30:00 +07:00"; must not
# match "Kính gửi: Sở Y tế".
_STAMP_RE = re.compile(
    r"^(?:Người ký|Ký bởi|Cơ quan|Email|Thời gian ký|Ngày ký|Chức vụ)\s*:", re.IGNORECASE
)
# A line break inside a markdown table cell. Matches "<br>", "<br />"; must not match "<b>".
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Writer named in the body. Matches "Trung tâm chỉ huy phòng, chống dịch Covid-19 huyện yêu
# cầu"; must not match "các cơ quan yêu cầu" (no authority head).
_BODY_ISSUER_RE = re.compile(
    rf"(?:^|[.,;:]\s+)(?P<who>(?:{BODY_ISSUER_HEADS})\b[^.;:]{{2,90}}?)\s+"
    r"(?:yêu cầu|đề nghị|có ý kiến|chỉ đạo|thông báo)\b"
)
# A province or district named in the body, for placing the letter when its header does not.
# Matches "UBND tỉnh Lai Châu về việc", "Ủy ban nhân dân quận Ba Đình"; must not match "UBND tỉnh
# yêu cầu" (no name: only capitalised words are kept).
_PLACE_HINT_RE = re.compile(
    r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?P<level>tỉnh|thành phố|quận|huyện|thị xã)\s+"
    r"(?P<name>\w+(?:\s+\w+){0,3})"
)
MAX_PLACE_HINTS = 4
# Local level word at the start of a line (the place line of an issuer block). Matches "HUYỆN
# MUỜNG TÈ", "THÀNH PHỐ HÀ NỘI"; must not match "SỞ Y TẾ" or "TỈNH ỦY".
_LEVEL_START_RE = re.compile(
    r"(?:huyện|tỉnh|thành phố|thị xã|quận|xã|phường|thị trấn)\b(?!\s+ủy)", re.IGNORECASE
)
# Local level word at the end of an authority phrase. Matches "… Covid-19 huyện", "UBND TỈNH";
# must not match "huyện Tam Đường" (the place is already named).
_LEVEL_WORD_RE = re.compile(r"\b(huyện|tỉnh|thành phố|thị xã|quận|xã|phường|thị trấn)\s*$", re.I)


# --- lines -----------------------------------------------------------------------------------


class _Line(NamedTuple):
    text: str  # NFC, stripped, markdown emphasis removed
    gap: int  # blank lines before it


def _physical_lines(text: str) -> Iterator[str]:
    """Lines of the cleaned text; a markdown table row gives one line per cell (left first)."""
    for raw in clean_text(text, FIELD_CLEANING).text.splitlines():
        line = raw.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            for cell in line[1:-1].split("|"):
                yield from _BR_RE.split(cell)
        elif "<br" in line:
            yield from _BR_RE.split(line)
        else:
            yield line


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    gap = 0
    for raw in _physical_lines(text):
        line = raw.strip()
        if line[:1] in _MARKUP_CHARS or line[-1:] in _MARKUP_CHARS:
            line = _MARKUP_RE.sub("", _MARKUP_RE.sub("", line).strip()).strip()
        rule = line[:1] in _RULE_CHARS and not line.strip("".join(_RULE_CHARS) + ": ")
        if not line or rule or _STAMP_RE.match(line):
            gap += 1
            continue
        out.append(_Line(" ".join(line.split()), gap))
        gap = 0
    return out


def _is_upper(s: str) -> bool:
    return s.isupper() and len(s) >= 2  # str.isupper: every cased character is upper-case


def _title_kind(s: str) -> str | None:
    """The kind a title line names (``KẾ HOẠCH``); ``QUYẾT ĐỊNH:`` opens a decision's articles."""
    return TITLE_KINDS.get(s.rstrip(".")) if _is_upper(s) else None


def _is_field(s: str) -> bool:
    """A line that opens another header field (stops a multi-line subject)."""
    return bool(
        _NUMBER_RE.match(s) or _PARTY_NUMBER_RE.match(s) or _RECIPIENTS_RE.match(s)
        or _CC_RE.match(s) or _MOTTO_RE.search(s) or _title_kind(s)
        or _place_date(s) or (_is_upper(s) and len(s.split()) >= 3)
    )


def _place_date(s: str) -> re.Match[str] | None:
    """A place-date line: the match fills the line (``từ 0 giờ, ngày 23 tháng 9 năm 2021 cho đến``
    in a sentence is not one) and its place, if any, is a capitalised name."""
    s = s.strip()
    m = _PLACE_DATE_RE.search(s) or _PLACE_NUMERIC_DATE_RE.match(s)
    if m is None or s[: m.start()].strip() or s[m.end() :].strip(" .,;"):
        return None
    return m if not m.group("place") or m.group("place")[0].isupper() else None


def _item_text(s: str) -> str:
    return s.strip().rstrip(";,.").strip()


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if out.endswith("-") and len(out) > 1 and not out[-2].isspace():
            out += p  # "1068/CĐ-" + "TTg"
        else:
            out = f"{out} {p}" if out else p
    return out.strip()


# --- fields as written ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LetterFields:
    """A letter's header and footer fields as written, before any authority is resolved.

    ``body_issuer`` is the writer named in the body (``Trung tâm chỉ huy … huyện``) of a letter
    whose header has no issuer block.
    """

    issuer_block: str | None = None
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    kind: str | None = None
    place: str | None = None
    date: PartialDate | None = None
    subject: str | None = None
    recipients: tuple[str, ...] = ()
    signer_name: str | None = None
    signer_title: str | None = None
    cc: tuple[str, ...] = ()
    body_issuer: str | None = None
    place_hints: tuple[str, ...] = ()  # "UBND tỉnh Lai Châu", "UBND quận Ba Đình" named in the body


def read_fields(text: str) -> LetterFields:
    """Read the header and footer fields of a letter (pure; never raises on odd text).

    >>> f = read_fields("Số: /UBND-VX\\nLai Châu, ngày   tháng 8 năm 2021\\nV/v phòng, chống dịch")
    >>> (f.number, f.symbol, f.place, f.date, f.subject)
    (None, 'UBND-VX', 'Lai Châu', PartialDate(year=2021, month=8, day=None), 'phòng, chống dịch')
    """
    lines = _lines(text)
    head = lines[:HEAD_LINES]
    block = _issuer_block(head)
    number = symbol = place = title_kind = None
    year: int | None = None
    date: PartialDate | None = None
    title_at = -1
    for i, line in enumerate(head):
        rest = line.text
        if symbol is None and (m := _NUMBER_RE.match(rest) or _PARTY_NUMBER_RE.match(rest)):
            number, symbol = m.group("number"), m.group("symbol").rstrip(".,;:-/")
            year = int(m["year"]) if m.groupdict().get("year") else None
            rest = rest[m.end() :]  # "Số: 33/CV-TTCH   Tam Đường, ngày …" on one line
        if date is None and (m := _place_date(rest)) and (date := _partial_date(m)):
            place = m.group("place")
        elif title_kind is None and i >= len(block) and (title_kind := _title_kind(rest)):
            title_at = i
    start, subject = _subject(head)
    has_vv = subject is not None
    if not has_vv and title_at >= 0:
        start, subject = _subject(head, title_at)
    recipients = _recipients(lines)
    if not recipients and has_vv and title_kind is None:
        recipients = _recovered_recipients(lines, start)
    cc_at, cc, after_cc = _cc(lines)
    name, title = _signer(lines, cc_at, after_cc, first=max(start + 1, len(block), 1))
    body = " ".join(line.text for line in lines)
    kind = title_kind or _symbol_kind(symbol)
    if kind is None and has_vv:
        kind = DEFAULT_KIND  # a V/v subject is the mark of a công văn
    return LetterFields(
        issuer_block="\n".join(block) or None,
        number=number,
        symbol=symbol,
        year=year,
        kind=kind,
        place=place,
        date=date,
        subject=subject,
        recipients=recipients,
        signer_name=name,
        signer_title=title,
        cc=cc,
        body_issuer=None if block else _body_issuer(body),
        place_hints=_place_hints(body),
    )


def _partial_date(m: re.Match[str]) -> PartialDate | None:
    """The date a place-date match gives; ``None`` for a year no letter can carry (``năm 0000``)."""
    if not MIN_YEAR <= int(m["year"]) <= MAX_YEAR:
        return None
    month = int(m["month"]) if m["month"] and 1 <= int(m["month"]) <= 12 else None
    day = int(m["day"]) if m["day"] and month and 1 <= int(m["day"]) <= 31 else None
    return PartialDate(int(m["year"]), month, day)


def _issuer_block(head: list[_Line]) -> list[str]:
    """The upper-case lines at the top naming the issuer (``ỦY BAN NHÂN DÂN`` / ``HUYỆN …``)."""
    block: list[str] = []
    for line in head[:8]:
        s = line.text
        if m := _MOTTO_RE.search(s):
            s = s[: m.start()].strip()  # "ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI …" on one line
            if not s:
                if block:
                    break
                continue  # the motto column was read first
        if not _is_upper(s) or _title_kind(s.split(" ", 2)[0]) or _title_kind(" ".join(s.split()[:2])):
            break  # "QUY CHẾ LÀM VIỆC …" is a title, not an issuer
        if _NUMBER_RE.match(s) or len(block) == 4:
            break
        block.append(s)
    return block


def _subject(head: list[_Line], title_at: int = -1) -> tuple[int, str | None]:
    """Index of the subject's last line and the subject: the ``V/v`` lines joined, or the lines
    under the title line ``title_at`` (``KẾ HOẠCH`` / ``Triển khai …``) when one is given."""
    if title_at < 0:
        found = ((i, m) for i, line in enumerate(head) if (m := _SUBJECT_RE.match(line.text)))
        i, m = next(found, (-1, None))
        if m is None:
            return -1, None
        parts = [m["rest"]] if m["rest"] else []
    else:
        i = title_at + 1
        if i >= len(head) or _is_field(head[i].text):
            return -1, None
        parts = [head[i].text]
    j = i + 1
    while j < len(head) and len(parts) < MAX_SUBJECT_LINES:
        nxt = head[j]
        if _is_field(nxt.text) or _ITEM_RE.match(nxt.text) or len(nxt.text) > 100:
            break
        ended = bool(parts) and parts[-1].endswith((".", ";", ":"))
        if nxt.gap and (len(nxt.text) > 60 or nxt.text.endswith(":") or ended):
            break  # a blank-line gap followed by prose: the body has started
        parts.append(nxt.text)
        j += 1
    return j - 1, _join(parts) or None


def _items_after(lines: list[_Line], at: int, rest: str) -> tuple[tuple[str, ...], int]:
    """The ``- …;`` items of a list whose opener (``Kính gửi:``/``Nơi nhận:``) is line ``at``,
    and the index of the first line after the list."""
    raw: list[str] = []
    if rest and (m := _ITEM_RE.match(rest)):
        raw.append(m["item"])
    elif rest and not _is_upper(rest):
        raw.extend(p for p in rest.split(";") if p.strip())
        if not rest.rstrip().endswith(";"):
            return tuple(_item_text(r) for r in raw), at + 1
    j = at + 1
    for line in lines[at + 1 :]:
        if (m := _ITEM_RE.match(line.text)) and line.gap <= 3:
            raw.append(m["item"])
        elif raw and not line.gap and line.text[:1].islower() and not raw[-1].endswith((";", ".")):
            raw[-1] = f"{raw[-1]} {line.text}"  # an item wrapped onto the next line
        else:
            break
        j += 1
    return tuple(t for t in map(_item_text, raw) if t), j


def _recipients(lines: list[_Line]) -> tuple[str, ...]:
    for i, line in enumerate(lines[: HEAD_LINES + 10]):
        if m := _RECIPIENTS_RE.match(line.text):
            return _items_after(lines, i, m["rest"].strip())[0]
    for i, line in enumerate(lines[: HEAD_LINES + 10]):
        if (m := _TELEGRAM_TO_RE.match(line.text)) and _is_upper(m["who"].split(" ", 2)[-1]):
            return _items_after(lines, i, m["rest"].strip())[0]
    return ()


def _recovered_recipients(lines: list[_Line], after: int) -> tuple[str, ...]:
    """A recipient list that PDF conversion moved into the body: short addressee items (``;``
    between, ``.`` at the end), two or more, or one standing alone between prose lines; never a
    list the body opens with a colon (``Thành phần gồm:``)."""
    run: list[str] = []
    before = ""
    for line in lines[after + 1 :]:
        if _CC_RE.match(line.text):
            break
        m = _ITEM_RE.match(line.text)
        item = m["item"] if m else ""
        addressee = 0 < len(item) <= 90 and fold(item).startswith(RECIPIENT_HEADS)
        if addressee and item.endswith((";", ".")) and (not run or run[-1].endswith(";")):
            run.append(item)
            alone = len(run) >= 2 or not _ITEM_RE.match(before)
            if item.endswith(".") and alone and not before.endswith(":"):
                return tuple(_item_text(r) for r in run)
        else:
            run, before = [], line.text
    return ()


def _cc(lines: list[_Line]) -> tuple[int | None, tuple[str, ...], int | None]:
    """The ``Nơi nhận`` line, its items and the first line after them."""
    at = None
    for i, line in enumerate(lines):
        if _CC_RE.match(line.text):
            at = i
    if at is None:
        return None, (), None
    m = _CC_RE.match(lines[at].text)
    items, after = _items_after(lines, at, m["rest"].strip() if m else "")
    return at, items, after


_DEBRIS_RE = re.compile(  # "(Đã ký)", "- 2 -", "Trang 2/5"; must not match "Kiều Hải Nam"
    r"^(?:\(?\s*(?:đã ký|ký|ký tên|đóng dấu|chữ ký)[^)]*\)?|[-–\s]*\d+[-–\s]*|trang\s+\d+.*)$",
    re.IGNORECASE,
)


def _is_name(s: str) -> bool:
    words = s.split()
    return 2 <= len(words) <= 6 and not _is_upper(s) and all(
        w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words
    )


def _signer(
    lines: list[_Line], cc_at: int | None, after_cc: int | None, first: int
) -> tuple[str | None, str | None]:
    """Signer name and title: read back from the end of the letter, else forward from the end
    of the ``Nơi nhận`` list (PDF text may put a stray paragraph last), else back from it."""

    def skip(j: int, step: int) -> int:
        while first <= j < len(lines) and _DEBRIS_RE.match(lines[j].text):
            j += step
        return j

    def is_title(j: int) -> bool:
        s = lines[j].text
        return _is_upper(s) and len(s) <= 60 and not _ITEM_RE.match(s) and not _CC_RE.match(s)

    def result(name: str | None, titles: list[str]) -> tuple[str | None, str | None] | None:
        if titles and any(w in " ".join(titles) for w in SIGNER_WORDS):
            return name, "\n".join(titles)
        return None

    def back(end: int) -> tuple[str | None, str | None] | None:
        j, name = skip(end - 1, -1), None
        if j >= first and _is_name(lines[j].text):
            name, j = lines[j].text, skip(j - 1, -1)
        titles: list[str] = []
        while j >= first and len(titles) < 4 and is_title(j):
            titles.insert(0, lines[j].text)
            j -= 1
        return result(name, titles)

    def forward(start: int) -> tuple[str | None, str | None] | None:
        j, titles = skip(start, 1), list[str]()
        while j < len(lines) and len(titles) < 4 and is_title(j):
            titles.append(lines[j].text)
            j += 1
        j = skip(j, 1)
        return result(lines[j].text if j < len(lines) and _is_name(lines[j].text) else None, titles)

    found = back(len(lines))
    if found is None and after_cc is not None:
        found = forward(after_cc)
    if found is None and cc_at is not None:
        found = back(cc_at)
    return found or (None, None)


def _symbol_kind(symbol: str | None) -> str | None:
    if not symbol:
        return None
    head = re.split(r"[-/.]", symbol, maxsplit=1)[0]
    return TYPE_CODES.get(head.upper(), DEFAULT_KIND)


def _place_hints(body: str) -> tuple[str, ...]:
    hints: list[str] = []
    for m in _PLACE_HINT_RE.finditer(body):
        words = list(itertools.takewhile(lambda w: w[0].isupper(), m["name"].split()))
        if words and (hint := f"UBND {m['level']} {' '.join(words)}") not in hints:
            hints.append(hint)
            if len(hints) == MAX_PLACE_HINTS:
                break
    return tuple(hints)


def _body_issuer(body: str) -> str | None:
    if m := _BODY_ISSUER_RE.search(body):
        return re.sub(r"^(?:Chủ tịch|Thường trực)\s+", "", m["who"]).strip()
    return None


# --- resolution -------------------------------------------------------------------------------


def _context_date(date: PartialDate | None) -> dt.date | None:
    """The letter's date for choosing the admin map: the full date, else the 1st of its month/year."""
    if date is None or date.year is None:
        return None
    return date.to_date() or dt.date(date.year, date.month or 1, 1)


def _province_of(authority: Authority | None, gazetteer: Gazetteer) -> Authority | None:
    if authority is None:
        return None
    chain = [a for a in gazetteer.chain_up(authority) if a.level == Level.PROVINCE]
    committees = [a for a in chain if a.kind == "people_committee"]
    return next(iter(committees or chain), None)


def _context(issuer: Authority | None, gazetteer: Gazetteer, on: dt.date | None) -> Context:
    return Context(issuer=issuer, province=_province_of(issuer, gazetteer), on=on)


_PARTY_COMMITTEES = frozenset({"tinh uy", "thanh uy", "huyen uy", "thi uy", "quan uy", "dang uy"})
_LEVEL_WORDS = {Level.PROVINCE: "tỉnh", Level.DISTRICT: "huyện", Level.COMMUNE: "xã"}


def _level_word(*texts: str | None) -> str | None:
    for t in texts:
        if t and (m := _LEVEL_WORD_RE.search(t.lower())):
            return m.group(1)
    return None


def _hint_context(fields: LetterFields, gazetteer: Gazetteer, on: dt.date | None) -> Context:
    """Where the body places the letter: the first district it names (inside the first province
    it names), else that province."""
    base = Context(on=on)
    named = [a for h in fields.place_hints if (a := gazetteer.resolve(h, base))]
    province = next((a for a in named if a.level == Level.PROVINCE), None)
    if province is not None:
        inside = _context(province, gazetteer, on)
        named = [a for h in fields.place_hints if (a := gazetteer.resolve(h, inside))]
    district = next((a for a in named if a.level == Level.DISTRICT), None)
    return _context(district or province, gazetteer, on)


def _place_authority(fields: LetterFields, gazetteer: Gazetteer, base: Context) -> Authority | None:
    """The people's committee of the letter's place (``Tam Đường`` + ``huyện`` from the writer)."""
    if not fields.place:
        return None
    hint = _level_word(fields.body_issuer, fields.signer_title)
    for level in [hint] if hint else ["tỉnh", "huyện"]:  # "Lai Châu" alone: the province first
        if found := gazetteer.resolve(f"UBND {level} {fields.place}", base):
            return found
    return None


def _same_body(found: Authority | None, who: str) -> bool:
    """``found`` names the same kind of body as ``who`` (not just the place in it)."""
    if found is None:
        return False
    head = " ".join(fold(who).replace(",", " ").split()[:2])
    return head in fold(found.name).replace(",", " ")


def _block_issuer(
    lines: list[str], symbol: str | None, gazetteer: Gazetteer, base: Context
) -> tuple[Authority | None, Authority | None]:
    """The issuer an issuer block names, and the authority that places the letter.

    ``UBND TỈNH LAI CHÂU`` / ``SỞ Y TẾ``: the lines under the first lines that name an authority
    are a unit of it. A unit the gazetteer cannot resolve leaves the issuer unknown, but its
    parent still gives the references their context.
    """
    anchor = None
    for k in range(1, len(lines)):
        if _LEVEL_START_RE.match(lines[k]):
            continue  # "HUYỆN MUỜNG TÈ" completes "ỦY BAN NHÂN DÂN"
        parent = gazetteer.resolve(" ".join(lines[:k]), base)
        if parent is None:
            continue
        unit, context = " ".join(lines[k:]), _context(parent, gazetteer, base.on)
        if parent.kind == "party" and fold(unit) in _PARTY_COMMITTEES:
            return parent, parent  # "ĐẢNG BỘ TỈNH LAI CHÂU" / "TỈNH ỦY"
        for text in (unit, f"{unit} {_LEVEL_WORDS.get(parent.level, '')}"):
            if found := gazetteer.resolve(text, context):
                return found, found
        anchor = parent
        break
    if anchor is None and (found := gazetteer.resolve(" ".join(lines), base)):
        return found, found
    if anchor is None and base.issuer is not None:
        return None, None  # "UBND-VP" would only name the guessed context's UBND
    context = _context(anchor, gazetteer, base.on) if anchor else base
    found = gazetteer.by_symbol(symbol, context) if symbol else None
    return found, found or anchor


def _headerless_issuer(
    fields: LetterFields, gazetteer: Gazetteer, base: Context
) -> tuple[Authority | None, Authority | None]:
    """The writer of a letter without an issuer block (named in the body, placed by the place
    line) and the authority that places the letter (the writer, its place, or what the body
    names: never the issuer by itself)."""
    local = _place_authority(fields, gazetteer, base)
    context = _context(local, gazetteer, base.on) if local else base
    anchor = local or base.issuer
    if who := fields.body_issuer:
        texts = [who]
        if _level_word(who) and fields.place:
            texts.insert(0, f"{who} {fields.place}")  # "UBND thành phố" + " Thủ Đức"
        elif local is not None and local.level in _LEVEL_WORDS:
            texts.append(f"{who} {_LEVEL_WORDS[local.level]}")  # "Ban Chỉ đạo …" + " huyện"
        for text in texts:
            if _same_body(found := gazetteer.resolve(text, context), who):
                return found, found
    if local is not None and fields.symbol and (found := gazetteer.by_symbol(fields.symbol, context)):
        return found, found
    return local, anchor


def parse_letter(text: str, *, source: str | None = None, gazetteer: Gazetteer | None = None) -> Letter:
    """Parse one letter: its fields, its issuer and the references it makes (pure, no I/O).

    Offsets of the references point into ``text`` exactly as given.
    """
    gazetteer = gazetteer or default_gazetteer()
    fields = read_fields(text)
    on = _context_date(fields.date)
    if fields.issuer_block:
        block = fields.issuer_block.split("\n")
        issuer, anchor = _block_issuer(block, fields.symbol, gazetteer, Context(on=on))
        if issuer is None and fields.place_hints:  # "PHƯỜNG NGỌC KHÁNH": which one?
            issuer, anchor = _block_issuer(block, fields.symbol, gazetteer, _hint_context(fields, gazetteer, on))
        if issuer is None:
            log.info("issuer not resolved: %r (%s)", fields.issuer_block, source or "<text>")
    else:
        issuer, anchor = _headerless_issuer(fields, gazetteer, _hint_context(fields, gazetteer, on))
    references = find_references(text, context=_context(anchor, gazetteer, on))
    return Letter(
        text=text,
        issuer_block=fields.issuer_block,
        issuer=issuer,
        number=fields.number,
        symbol=fields.symbol,
        year=fields.year,
        kind=fields.kind,
        place=fields.place,
        date=fields.date,
        subject=fields.subject,
        recipients=fields.recipients,
        signer_name=fields.signer_name,
        signer_title=fields.signer_title,
        cc=fields.cc,
        references=tuple(references),
        source=source,
    )


def letter_context(letter: Letter, gazetteer: Gazetteer | None = None) -> Context:
    """The context a parsed letter gives its references: issuer, its province, date."""
    gazetteer = gazetteer or default_gazetteer()
    return _context(letter.issuer, gazetteer, _context_date(letter.date))

"""Read a letter's header and footer fields as written: issuer block, số hiệu, place and date,
trích yếu, Kính gửi, Nơi nhận and signer (pure text work, no gazetteer).

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

import itertools
import re

from graph.codes import TYPE_CODES
from graph.models import PartialDate
from graph.normalize import fold
from ingest.gazetteer.place_names import within_edits
from ingest.letter.lines import (
    Line,
    is_field,
    is_upper,
    item_text,
    join_parts,
    place_date,
    split_lines,
    title_kind,
)
from ingest.letter.patterns import (
    BODY_ISSUER_RE,
    CC_RE,
    DEBRIS_RE,
    DEFAULT_KIND,
    EXECUTOR_SPLIT_RE,
    EXECUTORS_RE,
    HEAD_LINES,
    ITEM_RE,
    MAX_PLACE_HINTS,
    MAX_SUBJECT_LINES,
    MAX_YEAR,
    MIN_YEAR,
    MOTTO_RE,
    NUMBER_RE,
    PARTY_NUMBER_RE,
    PLACE_HINT_RE,
    RECIPIENT_HEADS,
    RECIPIENTS_RE,
    SIGNER_WORDS,
    SUBJECT_RE,
    TELEGRAM_TO_RE,
    UNNAMED_LEVEL_RE,
)
from ingest.models import LetterFields

__all__ = ["LetterFields", "decision_executors", "read_fields"]


# --- fields as written ------------------------------------------------------------------------


def read_fields(text: str) -> LetterFields:
    """Read the header and footer fields of a letter (pure; never raises on odd text).

    >>> f = read_fields("Số: /UBND-VX\\nLai Châu, ngày   tháng 8 năm 2021\\nV/v phòng, chống dịch")
    >>> (f.number, f.symbol, f.place, f.date, f.subject)
    (None, 'UBND-VX', 'Lai Châu', PartialDate(year=2021, month=8, day=None), 'phòng, chống dịch')
    """
    lines = split_lines(text)
    head = lines[:HEAD_LINES]
    block = _issuer_block(head)
    number = symbol = place = titled = None
    year: int | None = None
    date: PartialDate | None = None
    title_at = -1
    for i, line in enumerate(head):
        rest = line.text
        if symbol is None and (m := NUMBER_RE.match(rest) or PARTY_NUMBER_RE.match(rest)):
            number, symbol = m.group("number"), m.group("symbol").rstrip(".,;:-/")
            year = int(m["year"]) if m.groupdict().get("year") else None
            rest = rest[m.end() :]  # "Số: 33/CV-TTCH   Tam Đường, ngày …" on one line
        if date is None and (m := place_date(rest)) and (date := _partial_date(m)):
            place = m.group("place")
        elif titled is None and i >= len(block) and (titled := title_kind(rest)):
            title_at = i
    start, subject = _subject(head)
    has_vv = subject is not None
    if not has_vv and title_at >= 0:
        start, subject = _subject(head, title_at)
    recipients = _recipients(lines)
    if not recipients and has_vv and titled is None:
        recipients = _recovered_recipients(lines, start)
    cc_at, cc, after_cc = _cc(lines)
    if not recipients and titled is not None:  # a plan or a decision: no Kính gửi
        recipients = decision_executors(text) or acting_recipients(cc)
    name, title = _signer(lines, cc_at, after_cc, first=max(start + 1, len(block), 1))
    body = " ".join(line.text for line in lines)
    kind = titled or _symbol_kind(symbol)
    if kind is None and has_vv:
        kind = DEFAULT_KIND  # a V/v subject is the mark of a công văn
    return LetterFields(
        issuer_block="\n".join(repair_committee_head(line) for line in block) or None,
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
        unit_words=_unit_words(body),
    )


def _partial_date(m: re.Match[str]) -> PartialDate | None:
    """The date a place-date match gives; ``None`` for a year no letter can carry (``năm 0000``)."""
    if not MIN_YEAR <= int(m["year"]) <= MAX_YEAR:
        return None
    month = int(m["month"]) if m["month"] and 1 <= int(m["month"]) <= 12 else None
    day = int(m["day"]) if m["day"] and month and 1 <= int(m["day"]) <= 31 else None
    return PartialDate(int(m["year"]), month, day)


def _issuer_block(head: list[Line]) -> list[str]:
    """The upper-case lines at the top naming the issuer (``ỦY BAN NHÂN DÂN`` / ``HUYỆN …``)."""
    block: list[str] = []
    for line in head[:8]:
        s = line.text
        if m := MOTTO_RE.search(s):
            s = s[: m.start()].strip()  # "ỦY BAN NHÂN DÂN   CỘNG HÒA XÃ HỘI …" on one line
            if not s:
                if block:
                    break
                continue  # the motto column was read first
        if not is_upper(s) or title_kind(s.split(" ", 2)[0]) or title_kind(" ".join(s.split()[:2])):
            break  # "QUY CHẾ LÀM VIỆC …" is a title, not an issuer
        if NUMBER_RE.match(s) or len(block) == 4:
            break
        block.append(s)
    return block


def _subject(head: list[Line], title_at: int = -1) -> tuple[int, str | None]:
    """Index of the subject's last line and the subject: the ``V/v`` lines joined, or the lines
    under the title line ``title_at`` (``KẾ HOẠCH`` / ``Triển khai …``) when one is given."""
    if title_at < 0:
        found = ((i, m) for i, line in enumerate(head) if (m := SUBJECT_RE.match(line.text)))
        i, m = next(found, (-1, None))
        if m is None:
            return -1, None
        parts = [m["rest"]] if m["rest"] else []
    else:
        i = title_at + 1
        if i >= len(head) or is_field(head[i].text):
            return -1, None
        parts = [head[i].text]
    j = i + 1
    while j < len(head) and len(parts) < MAX_SUBJECT_LINES:
        nxt = head[j]
        if is_field(nxt.text) or ITEM_RE.match(nxt.text) or len(nxt.text) > 100:
            break
        ended = bool(parts) and parts[-1].endswith((".", ";", ":"))
        if nxt.gap and (len(nxt.text) > 60 or nxt.text.endswith(":") or ended):
            break  # a blank-line gap followed by prose: the body has started
        parts.append(nxt.text)
        j += 1
    return j - 1, join_parts(parts) or None


def _items_after(lines: list[Line], at: int, rest: str) -> tuple[tuple[str, ...], int]:
    """The ``- …;`` items of a list whose opener (``Kính gửi:``/``Nơi nhận:``) is line ``at``,
    and the index of the first line after the list."""
    raw: list[str] = []
    if rest and (m := ITEM_RE.match(rest)):
        raw.append(m["item"])
    elif rest and not is_upper(rest):
        raw.extend(p for p in rest.split(";") if p.strip())
        if not rest.rstrip().endswith(";"):
            return tuple(item_text(r) for r in raw), at + 1
    j = at + 1
    for line in lines[at + 1 :]:
        if (m := ITEM_RE.match(line.text)) and line.gap <= 3:
            raw.append(m["item"])
        elif raw and not line.gap and line.text[:1].islower() and not raw[-1].endswith((";", ".")):
            raw[-1] = f"{raw[-1]} {line.text}"  # an item wrapped onto the next line
        else:
            break
        j += 1
    return tuple(t for t in map(item_text, raw) if t), j


def _recipients(lines: list[Line]) -> tuple[str, ...]:
    for i, line in enumerate(lines[: HEAD_LINES + 10]):
        if m := RECIPIENTS_RE.match(line.text):
            return _items_after(lines, i, m["rest"].strip())[0]
    for i, line in enumerate(lines[: HEAD_LINES + 10]):
        if (m := TELEGRAM_TO_RE.match(line.text)) and is_upper(m["who"].split(" ", 2)[-1]):
            return _items_after(lines, i, m["rest"].strip())[0]
    return ()


def _recovered_recipients(lines: list[Line], after: int) -> tuple[str, ...]:
    """A recipient list that PDF conversion moved into the body: short addressee items (``;``
    between, ``.`` at the end), two or more, or one standing alone between prose lines; never a
    list the body opens with a colon (``Thành phần gồm:``)."""
    run: list[str] = []
    before = ""
    for line in lines[after + 1 :]:
        if CC_RE.match(line.text):
            break
        m = ITEM_RE.match(line.text)
        item = m["item"] if m else ""
        addressee = 0 < len(item) <= 90 and fold(item).startswith(RECIPIENT_HEADS)
        if addressee and item.endswith((";", ".")) and (not run or run[-1].endswith(";")):
            run.append(item)
            alone = len(run) >= 2 or not ITEM_RE.match(before)
            if item.endswith(".") and alone and not before.endswith(":"):
                return tuple(item_text(r) for r in run)
        else:
            run, before = [], line.text
    return ()


def _cc(lines: list[Line]) -> tuple[int | None, tuple[str, ...], int | None]:
    """The ``Nơi nhận`` line, its items and the first line after them."""
    at = None
    for i, line in enumerate(lines):
        if CC_RE.match(line.text):
            at = i
    if at is None:
        return None, (), None
    m = CC_RE.match(lines[at].text)
    items, after = _items_after(lines, at, m["rest"].strip() if m else "")
    return at, items, after



def _is_name(s: str) -> bool:
    words = s.split()
    return 2 <= len(words) <= 6 and not is_upper(s) and all(
        w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words
    )


def _signer(
    lines: list[Line], cc_at: int | None, after_cc: int | None, first: int
) -> tuple[str | None, str | None]:
    """Signer name and title: read back from the end of the letter, else forward from the end
    of the ``Nơi nhận`` list (PDF text may put a stray paragraph last), else back from it."""

    def skip(j: int, step: int) -> int:
        while first <= j < len(lines) and DEBRIS_RE.match(lines[j].text):
            j += step
        return j

    def is_title(j: int) -> bool:
        s = lines[j].text
        return is_upper(s) and len(s) <= 60 and not ITEM_RE.match(s) and not CC_RE.match(s)

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
    for m in PLACE_HINT_RE.finditer(body):
        words = list(itertools.takewhile(lambda w: w[0].isupper(), m["name"].split()))
        if words and (hint := f"UBND {m['level']} {' '.join(words)}") not in hints:
            hints.append(hint)
            if len(hints) == MAX_PLACE_HINTS:
                break
    return tuple(hints)


def _unit_words(body: str) -> tuple[str, ...]:
    """District types the body names its committee by, without a name (``UBND huyện (b/c)``)."""
    words = {m["level"] for m in UNNAMED_LEVEL_RE.finditer(body) if not m["next"].isupper()}
    return tuple(sorted(words))


def _body_issuer(body: str) -> str | None:
    if m := BODY_ISSUER_RE.search(body):
        return re.sub(r"^(?:Chủ tịch|Thường trực)\s+", "", m["who"]).strip()
    return None


_COMMITTEE_HEAD = "uy ban nhan dan"
_HEAD_WORDS_RE = re.compile(r"^\s*(\S+(?:\s+\S+){3})(?=\s|$)")


def repair_committee_head(line: str) -> str:
    """A header line whose first four words are ``ỦY BAN NHÂN DÂN`` with a character or two lost
    or garbled by a scan (``Y BAN NHÂN DÂN``, ``ỦY BA NHÂN DÂN``, ``ỦY BAN NHN DÂN``) gets the
    head back; anything else is left as it is.

    >>> repair_committee_head("Y BAN NHÂN DÂN TỈNH LAI CHÂU")
    'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU'
    >>> repair_committee_head("ỦY BAN MẶT TRẬN TỔ QUỐC")
    'ỦY BAN MẶT TRẬN TỔ QUỐC'
    """
    m = _HEAD_WORDS_RE.match(line)
    if m is None:
        return line
    head = " ".join(fold(m.group(1)).split())
    if head == _COMMITTEE_HEAD or within_edits(head, _COMMITTEE_HEAD, 2) is None:
        return line
    return "ỦY BAN NHÂN DÂN" + line[m.end(1) :]


# Nơi nhận items that send a copy up or keep it: "TT Tỉnh ủy, HĐND tỉnh (b/c)", "CT, các PCT
# UBND tỉnh", "Lưu: VT", "Như trên", "Như Điều 3". Must match those; must not match "UBND các
# huyện, thành phố" or "Các sở, ban, ngành tỉnh".
_NOT_ACTING_RE = re.compile(r"\(b/c\)|\bb/c\b|^(?:lưu|như trên|như điều|như kính gửi|ct,|chủ tịch|các pct|tt\b|thường trực)", re.IGNORECASE)


def acting_recipients(cc: tuple[str, ...]) -> tuple[str, ...]:
    """The Nơi nhận items of a plan that are told to act on it (who it is sent to, less copies
    sent up for information and the file copy).

    >>> acting_recipients(("TT Tỉnh ủy, HĐND tỉnh (b/c)", "CT, các PCT UBND tỉnh",
    ...                    "UBND các huyện, thành phố", "Lưu: VT, VX1"))
    ('UBND các huyện, thành phố',)
    """
    return tuple(item for item in cc if not _NOT_ACTING_RE.search(item.strip()))


def decision_executors(text: str) -> tuple[str, ...]:
    """Who a decision tells to carry it out (its last "… chịu trách nhiệm thi hành" article), as
    recipient items: a Quyết định has no Kính gửi, and its Nơi nhận says "Như Điều 3".

    >>> decision_executors("Điều 3. Chánh Văn phòng UBND tỉnh; Chủ tịch UBND các huyện, thành phố "
    ...                    "và các cơ quan liên quan chịu trách nhiệm thi hành Quyết định này./.")
    ('Chánh Văn phòng UBND tỉnh', 'Chủ tịch UBND các huyện, thành phố', 'các cơ quan liên quan')
    """
    found = list(EXECUTORS_RE.finditer(text))
    if not found:
        return ()
    who = found[-1].group("who")
    return tuple(item.strip(" ,.") for item in EXECUTOR_SPLIT_RE.split(who) if item.strip(" ,."))

"""Find every mention of a numbered document in a text, with offsets into that text.

>>> [r.symbol for r in find_references("Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021")]
['CĐ-TTg']

The grammar compiled in :mod:`ingest.patterns` runs anchored on digits (numbers are rare,
type words are not): each number with its symbol, then its type word and ``số`` read
backwards (a typed mention) or, failing that, the number+symbol shape alone (a bare one).
Then, for each mention, what follows it (its own date, ``của`` + issuer, ``về việc`` +
subject), the issuer when it is not written (the same document named elsewhere in the text,
a list's shared issuer, the symbol's codes, the sentence's subject, the letter's context),
the relation (cue words before it) and the evidence sentence. The function is pure: no I/O,
never raises on odd text.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import unicodedata
from collections.abc import Callable

from graph.models import Relation
from ingest.authorities import Context, Gazetteer, default_gazetteer
from ingest.doc_types import PLACE_WORDS, RELATION_CUES, STRONG_KINDS
from ingest.models import Reference
from ingest.patterns import (
    AFTER_CUE_RE,
    BARE_RE,
    DATE_RE,
    DECISION_HEADING_RE,
    ISSUER_CUE_RE,
    KIND_OF_WORD,
    LIST_GAP_RE,
    NUMBER_IN_LIST_RE,
    NUMBER_LINE_RE,
    NUMBERS_RE,
    PREFIX_REACH,
    REVERSED_CLAUSE_END_RE,
    REVERSED_PREFIX_RE,
    REVERSED_SENTENCE_END_RE,
    SENTENCE_END_RE,
    STRONG_AFTER_RE,
    SUBJECT_RE,
    TYPE_CODE_SET,
    UNIT_AFTER_RE,
    URL_RE,
    YEARISH_RE,
)
from ingest.reference_issuers import (
    LOOKBACK,
    NO_CONTEXT,
    Found,
    LazyContext,
    in_spans,
    infer_issuer,
    issuer_phrase_end,
    same_list_issuer,
    share_list_issuers,
    symbol_codes,
    symbol_key,
)

__all__ = ["find_references"]

log = logging.getLogger(__name__)

EVIDENCE_REACH = 300
# Run every text through ingest.clean first (slower; the patterns already allow the breaks and
# spaces that cleaning repairs). Non-NFC text is always cleaned.
ALWAYS_CLEAN = False
LIST_REACH = 80  # a mention this close after another, in the same sentence, shares its relation


def _prepare(text: str) -> tuple[str, Callable[[int, int], tuple[int, int]] | None]:
    """The text the grammar runs on and the way back to ``text`` (``None``: same offsets).

    NFC text is used as is (the patterns allow line breaks and spaces inside references);
    other text goes through :func:`ingest.clean.clean_text`, whose map gives raw offsets.
    """
    if not ALWAYS_CLEAN and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text, None
    from ingest.clean import clean_text

    cleaned = clean_text(text)
    return cleaned.text, cleaned.to_original


def find_references(
    text: str, *, context: Context | None = None, gazetteer: Gazetteer | None = None
) -> list[Reference]:
    """Every numbered document ``text`` mentions, in order, with ``text[r.start:r.end] == r.text``.

    ``context`` places the citing letter (its issuer, province, date) for issuers the text
    leaves out (``UBND-VX``, ``UBND tỉnh``, ``Sở Y tế``).
    """
    work, back = _prepare(text)
    gaz = gazetteer or default_gazetteer()
    found = _scan(work, gaz)
    if not found:
        return []
    ctx = LazyContext(work, context or NO_CONTEXT, gaz)
    heading = DECISION_HEADING_RE.search(work) if "QUYẾT" in work else None
    preamble_end = heading.start() if heading else -1
    breaks = _Breaks(work)
    for f in found:
        _read_after(work, f, gaz, ctx)
    share_list_issuers(work, found)
    written = {(f.numbers[0], symbol_key(f.symbol)): f for f in found if f.explicit and f.symbol}
    previous: Found | None = None
    for f in found:
        if not f.issuer and not f.issuer_text:
            same = (
                written.get((f.numbers[0], symbol_key(f.symbol))) if f.symbol and written else None
            )
            if same is not None:  # the same document named with its issuer elsewhere in the text
                f.issuer, f.issuer_text, f.issuer_inferred = same.issuer, same.issuer_text, True
            elif same_list_issuer(
                work, previous, f
            ):  # "Công văn số 4486/UBND-KTN …, 3790/UBND-KTN"
                assert previous is not None
                f.issuer, f.issuer_text, f.issuer_inferred = (
                    previous.issuer,
                    previous.issuer_text,
                    True,
                )
            else:
                infer_issuer(work, f, gaz, ctx)
        f.relation = _relation(work, f, previous, preamble_end, breaks)
        f.evidence = breaks.evidence(f.start, f.end)  # right after: the text before is cached
        previous = f
    return [r for f in found for r in _references(text, back, f)]


# -- pass 1: the grammar ---------------------------------------------------------------------


def _scan(work: str, gaz: Gazetteer) -> list[Found]:
    urls = [m.span() for m in URL_RE.finditer(work)] if ("http" in work or "www." in work) else []
    out: list[Found] = []
    prefix_match = REVERSED_PREFIX_RE.match
    for m in NUMBERS_RE.finditer(work):  # digits are rare: anchor on them, look left for the type
        at = m.start()
        if urls and in_spans(at, urls):
            continue
        prefix = prefix_match(work[at - PREFIX_REACH if at > PREFIX_REACH else 0 : at][::-1])
        f = _typed(work, m, prefix) if prefix is not None else None
        if f is None and (m["symbol"] or m["party"]):
            bare = BARE_RE.match(work, at)
            if (
                bare is not None
                and not NUMBER_LINE_RE.search(work, max(0, at - 40), at)
                and not (work[max(0, at - 8) : at].rstrip().lower().endswith(PLACE_WORDS))
            ):
                f = _bare(bare, gaz)
        if f is not None:
            out.append(f)
    return out


@functools.lru_cache(maxsize=4096)
def _symbol_of(m: re.Match[str]) -> str | None:
    if m["party"]:
        return _squeeze(f"{m['ptype']}/{m['pissuer']}")
    return _squeeze(m["symbol"]) if m["symbol"] else None


def _squeeze(s: str) -> str:
    return "".join(s.split()).rstrip("-–.")


@functools.lru_cache(maxsize=1024)
def _kind_of(reversed_word: str) -> str | None:
    """The kind a type word names, from the word as matched on the reversed text."""
    return KIND_OF_WORD.get(" ".join(reversed_word[::-1].lower().split()))


def _typed(work: str, m: re.Match[str], prefix: re.Match[str]) -> Found | None:
    """A typed mention: ``m`` holds its numbers and symbol, ``prefix`` (matched on the reversed
    text before them) its type word and cue."""
    kind = _kind_of(prefix["type"])
    if kind is None:
        return None
    start = m.start() - prefix.end()
    cue = prefix["cue"][::-1]
    has_cue = "số" in cue.lower()
    if has_cue and "\n" in cue and "Số" in cue and cue.lstrip(" \t(").startswith("\n"):
        return None  # a title line above the letter's own "Số: …" line
    written = m["numbers"]
    numbers = [written] if written.isdigit() else NUMBER_IN_LIST_RE.findall(written)
    symbol = _symbol_of(m)
    year = int(m["year"]) if m["year"] else None
    end = m.end()
    if symbol is None and year is None:
        after = work[end : end + 40]
        if after[:1].isalnum() or re.match(r"[ \t]*[/\-–][ \t]*[\w]", after):
            return None  # "Chỉ thị 15/8": a date, not a document
        if UNIT_AFTER_RE.match(after) and not DATE_RE.match(work, end):
            return None
        if not has_cue:
            listed = len(numbers) > 1
            placed = DATE_RE.match(work, end) or ISSUER_CUE_RE.match(work, end)
            strong = kind in STRONG_KINDS and STRONG_AFTER_RE.match(after)
            if not (listed or placed or strong) or YEARISH_RE.fullmatch(numbers[0]):
                return None
    elif symbol is not None:
        group = "pissuer" if m["party"] else "symbol"
        tail = m[group]
        end = m.end(group) - (len(tail) - len(tail.rstrip("-–.")))
    if "(" in cue and work[end : end + 1] == ")":
        end += 1
    return Found(start, end, numbers, kind, symbol, year)


def _bare(m: re.Match[str], gaz: Gazetteer) -> Found | None:
    symbol = _symbol_of(m)
    if symbol is None:
        return None
    codes = symbol_codes(symbol)
    if m["party"]:
        if m["ptype"].upper() not in TYPE_CODE_SET:
            return None
    elif len(codes) < 2 and codes[0] not in TYPE_CODE_SET and gaz.symbol_label(symbol) is None:
        return None
    end = m.end() - (len(m.group()) - len(m.group().rstrip("-–.")))
    return Found(
        start=m.start(),
        end=end,
        numbers=[m["numbers"]],
        kind=None,
        symbol=symbol,
        year=int(m["year"]) if m["year"] else None,
    )


# -- pass 2: what follows a mention ----------------------------------------------------------


def _read_after(work: str, f: Found, gaz: Gazetteer, ctx: LazyContext) -> None:
    pos = f.end
    if AFTER_CUE_RE.match(work, pos) is None:
        return  # no date, issuer or subject cue follows (one match instead of three)
    dm = DATE_RE.match(work, pos)
    if dm:
        f.date = _date(dm)
        pos = dm.end()
        if f.date is not None:
            f.end = pos
    im = ISSUER_CUE_RE.match(work, pos)
    if im:
        start = im.end()
        phrase_end, known = issuer_phrase_end(work, start, gaz)
        phrase = work[start:phrase_end]
        if phrase.strip():
            f.issuer_text = " ".join(phrase.split())
            f.issuer = known or gaz.resolve(phrase, ctx.get())
            f.explicit = True
            f.end = phrase_end
    sm = SUBJECT_RE.match(work, f.end)
    if sm:
        subject = " ".join(sm["subject"].split()).strip(" ,")
        f.subject = subject or None


def _date(m: re.Match[str]) -> dt.date | None:
    d, mo, y = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
    if not y:
        return None
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


class _Breaks:
    """Sentence and clause boundaries of one text, found around each mention on demand
    (one regex search forwards, one on the reversed text backwards)."""

    __slots__ = ("_back", "last", "work")

    def __init__(self, work: str) -> None:
        self.work = work
        self.last = (0, 0)  # the last evidence span: mentions of one sentence share it
        self._back = (-1, "")  # (pos, the EVIDENCE_REACH characters before pos, reversed)

    def _reversed_before(self, pos: int) -> str:
        if self._back[0] != pos:
            self._back = (pos, self.work[max(0, pos - EVIDENCE_REACH) : pos][::-1])
        return self._back[1]

    def _sentence_start(self, pos: int) -> int:
        m = REVERSED_SENTENCE_END_RE.search(self._reversed_before(pos))
        return pos - _boundary(m) if m else max(0, pos - EVIDENCE_REACH)

    def clause_start(self, pos: int) -> int:
        m = REVERSED_CLAUSE_END_RE.search(self._reversed_before(pos), 0, LOOKBACK)
        return pos - _boundary(m) if m else max(0, pos - LOOKBACK)

    def sentence_between(self, lo: int, hi: int) -> bool:
        return SENTENCE_END_RE.search(self.work, lo, hi + 1) is not None

    def evidence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around ``work[start:end]`` (capped at EVIDENCE_REACH each side)."""
        work = self.work
        if self.last[0] <= start and end <= self.last[1]:
            return self.last
        s = self._sentence_start(start)
        m = SENTENCE_END_RE.search(work, end, end + EVIDENCE_REACH)
        e = (
            (m.start() + (1 if work[m.start()] in ".!?…" else 0))
            if m
            else min(len(work), end + EVIDENCE_REACH)
        )
        while s < start and work[s].isspace():
            s += 1
        while e > end and work[e - 1].isspace():
            e -= 1
        self.last = (s, e)
        return s, e


def _boundary(m: re.Match[str]) -> int:
    """Where a reversed sentence or clause end starts: at the space before its mark (the mark
    matched after a look-behind), or at the blank line."""
    return m.start() if m.group()[0] == "\n" else m.start() - 1


def _relation(
    work: str, f: Found, prev: Found | None, preamble_end: int, breaks: _Breaks
) -> Relation:
    clause = breaks.clause_start(f.start)
    seg_start = max(clause, prev.end) if prev is not None and prev.end > clause else clause
    seg = work[seg_start : f.start].lower()
    for cue, relation in RELATION_CUES:
        if cue in seg:
            if cue == "căn cứ" and f.start < preamble_end:
                return Relation.BASED_ON
            return relation
    if prev is not None and (
        LIST_GAP_RE.fullmatch(work, prev.end, f.start)
        or (f.start - prev.end <= LIST_REACH and not breaks.sentence_between(prev.end, f.start))
    ):
        return prev.relation  # "Thực hiện Công điện số 680/CĐ-TTg …; các văn bản của Bộ Y tế: …"
    return Relation.CITES


def _references(
    text: str, back: Callable[[int, int], tuple[int, int]] | None, f: Found
) -> list[Reference]:
    ev_start, ev_end = f.evidence
    if back is not None:
        start, end = back(f.start, f.end)
        ev_start, ev_end = back(ev_start, ev_end)
    else:
        start, end = f.start, f.end
    evidence = text[ev_start:ev_end]
    written = text[start:end]
    return [  # positional, in Reference's field order (the fastest way to build many)
        Reference(
            start,
            end,
            written,
            number,
            f.kind,
            f.symbol,
            f.year,
            f.date,
            f.issuer,
            f.issuer_text,
            f.issuer_inferred,
            f.subject,
            f.relation,
            evidence,
            ev_start,
            ev_end,
        )
        for number in f.numbers
    ]

"""Find every mention of a numbered document in a text, with offsets into that text.

>>> [r.symbol for r in find_references("Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021")]
['CĐ-TTg']

The grammar compiled in :mod:`ingest.references.grammar` runs anchored on digits (numbers are rare,
type words are not; :mod:`ingest.references.scan`): each number with its symbol, then its type
word and ``số`` read backwards (a typed mention) or, failing that, the number+symbol shape
alone (a bare one). Then, for each mention, what follows it (its own date, ``của`` + issuer, ``về việc`` +
subject), the issuer when it is not written (the same document named elsewhere in the text,
a list's shared issuer, the symbol's codes, the sentence's subject, the letter's context),
the relation (cue words before it) and the evidence sentence. The function is pure: no I/O,
never raises on odd text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Callable, Iterator

from graph.models import Relation
from ingest.gazetteer.authorities import Context, Gazetteer, default_gazetteer
from ingest.models import Reference
from ingest.references.grammar import (
    AFTER_CUE_RE,
    AFTER_SENTENCE_END_RE,
    BARE_ISSUER_RE,
    CARRY_OUT_AFTER_RE,
    DATE_RE,
    DECISION_HEADING_RE,
    ISSUER_CUE_RE,
    LIST_GAP_RE,
    REVERSED_CLAUSE_END_RE,
    REVERSED_SENTENCE_END_RE,
    SENT_ALONG_RE,
    SENTENCE_END_RE,
    SUBJECT_RE,
    THEO_BEFORE_RE,
)
from ingest.references.issuers import (
    LOOKBACK,
    NO_CONTEXT,
    Found,
    LazyContext,
    infer_issuer,
    issuer_phrase_end,
    same_list_issuer,
    share_list_issuers,
    symbol_key,
)
from ingest.references.scan import scan
from ingest.references.vocabulary import RELATION_CUES

__all__ = ["find_references"]

log = logging.getLogger(__name__)

EVIDENCE_REACH = 300
# Run every text through ingest.text.clean first (slower; the patterns already allow the breaks and
# spaces that cleaning repairs). Non-NFC text is always cleaned.
ALWAYS_CLEAN = False
LIST_REACH = 80  # a mention this close after another, in the same sentence, shares its relation


def _double_spaced(text: str) -> bool:
    """Text extracted from a PDF with a blank line after every line (``Thực hiện \n\nCông văn``):
    the grammar reads references across its breaks, but clauses and issuers need it cleaned.
    A text of a few lines is never taken for it."""
    lines = text.count("\n")
    return lines >= 20 and text.count("\n\n") * 2 >= lines * 0.8


def _prepare(text: str) -> tuple[str, Callable[[int, int], tuple[int, int]] | None]:
    """The text the grammar runs on and the way back to ``text`` (``None``: same offsets).

    NFC text is used as is (the patterns allow line breaks and spaces inside references);
    other text goes through :func:`ingest.text.clean.clean_text`, whose map gives raw offsets.
    """
    if not ALWAYS_CLEAN and not _double_spaced(text) and "\\n" not in text and (
        text.isascii() or unicodedata.is_normalized("NFC", text)
    ):
        return text, None
    from ingest.text.clean import clean_text

    cleaned = clean_text(text)
    return cleaned.text, cleaned.to_original


def sentence_starts(text: str) -> Iterator[int]:
    """Where each sentence after the first starts in ``text``, by the rule the finder's evidence
    uses (on the text it reads: double-spaced PDF text cleaned first, so that its layout breaks
    end no sentence).

    >>> list(sentence_starts("Thực hiện nghiêm. Chủ tịch UBND tỉnh; UBND huyện."))
    [18]
    """
    work, back = _prepare(text)
    for m in SENTENCE_END_RE.finditer(work):
        at = back(m.end(), m.end())[0] if back is not None else m.end()
        while at < len(text) and text[at].isspace():
            at += 1
        yield at


def find_references(
    text: str, *, context: Context | None = None, gazetteer: Gazetteer | None = None
) -> list[Reference]:
    """Every numbered document ``text`` mentions, in order, with ``text[r.start:r.end] == r.text``.

    ``context`` places the citing letter (its issuer, province, date) for issuers the text
    leaves out (``UBND-VX``, ``UBND tỉnh``, ``Sở Y tế``).
    """
    work, back = _prepare(text)
    gaz = gazetteer or default_gazetteer()
    found = scan(work, gaz)
    if not found:
        return []
    ctx = LazyContext(work, context or NO_CONTEXT, gaz)
    after_cue = AFTER_CUE_RE.match
    bare_issuer = BARE_ISSUER_RE.match
    for f in found:
        if after_cue(work, f.end) is not None or (f.symbol is None and bare_issuer(work, f.end)):
            _read_after(work, f, gaz, ctx)  # a date, issuer or subject (cue) may follow
    if len(found) > 1:
        share_list_issuers(work, found)
    written = {(f.numbers[0], symbol_key(f.symbol)): f for f in found if f.explicit and f.symbol}
    breaks = _Breaks(work)
    previous: Found | None = None
    for f in found:
        if not f.issuer and not f.issuer_text:
            same = written.get((f.numbers[0], symbol_key(f.symbol))) if written and f.symbol else None
            if same is not None:  # the same document named with its issuer elsewhere in the text
                f.issuer, f.issuer_text, f.issuer_inferred = same.issuer, same.issuer_text, True
            elif previous is not None and same_list_issuer(work, previous, f):
                # "Công văn số 4486/UBND-KTN …, 3790/UBND-KTN"
                f.issuer, f.issuer_text, f.issuer_inferred = previous.issuer, previous.issuer_text, True
            else:
                infer_issuer(work, f, gaz, ctx)
        clause = breaks.clause_start(f.start)
        f.relation = _relation(work, f, previous, clause, breaks)
        f.evidence = breaks.evidence(f.start, f.end)  # right after: the text before is cached
        previous = f
    return _references(text, back, found)


# -- pass 2: what follows a mention ----------------------------------------------------------


def _read_after(work: str, f: Found, gaz: Gazetteer, ctx: LazyContext) -> None:
    """The date, issuer and subject written after a mention (called when AFTER_CUE_RE matches
    there: one match instead of three)."""
    pos = f.end
    dm = DATE_RE.match(work, pos)
    if dm:
        f.date = _date(dm)
        pos = dm.end()
        if f.date is not None:
            f.end = pos
    im = ISSUER_CUE_RE.match(work, pos) or (BARE_ISSUER_RE.match(work, pos) if f.symbol is None else None)
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

    __slots__ = ("_back", "_clause", "_preamble_end", "last", "work")

    def __init__(self, work: str) -> None:
        self.work = work
        self.last = (0, 0)  # the last evidence span: mentions of one sentence share it
        self._back = (-1, "")  # (pos, the EVIDENCE_REACH characters before pos, reversed)
        self._clause: tuple[int, re.Match[str] | None] = (-1, None)  # (pos, its clause end)
        self._preamble_end: int | None = None

    def preamble_end(self) -> int:
        """Where a decision's operative part (``QUYẾT ĐỊNH:``) starts, -1 without one: "căn cứ"
        before it introduces the legal basis."""
        if self._preamble_end is None:
            heading = DECISION_HEADING_RE.search(self.work) if "QUYẾT" in self.work else None
            self._preamble_end = heading.start() if heading else -1
        return self._preamble_end

    def _reversed_before(self, pos: int) -> str:
        if self._back[0] != pos:
            work = self.work
            # work[max(0, pos - EVIDENCE_REACH) : pos][::-1] in one slice
            before = (
                work[pos - 1 : pos - 1 - EVIDENCE_REACH : -1]
                if pos > EVIDENCE_REACH
                else work[pos - 1 :: -1] if pos else ""
            )
            self._back = (pos, before)
        return self._back[1]

    def _sentence_start(self, pos: int) -> int:
        at, m = self._clause
        if at == pos and m is not None and self._back[0] == pos and self._back[1][m.start()] != ";":
            # the nearest clause end is a sentence end (the sentence pattern is the clause one
            # without ";"), so it is also the nearest sentence end
            return pos - (m.start() if self._back[1][m.start()] == "\n" else m.start() - 1)
        m = REVERSED_SENTENCE_END_RE.search(self._reversed_before(pos))
        return pos - _boundary(m) if m else max(0, pos - EVIDENCE_REACH)

    def clause_start(self, pos: int) -> int:
        before = self._reversed_before(pos)
        m = REVERSED_CLAUSE_END_RE.search(before, 0, LOOKBACK)
        self._clause = (pos, m)
        if m is None:
            return max(0, pos - LOOKBACK)
        return pos - (m.start() if before[m.start()] == "\n" else m.start() - 1)

    def sentence_between(self, lo: int, hi: int) -> bool:
        return SENTENCE_END_RE.search(self.work, lo, hi + 1) is not None

    def evidence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around ``work[start:end]`` (capped at EVIDENCE_REACH each side)."""
        last = self.last
        if last[0] <= start and end <= last[1]:
            return last
        work = self.work
        s = self._sentence_start(start)
        m = SENTENCE_END_RE.search(work, end, end + EVIDENCE_REACH)
        if m is not None:
            e = m.start()
            if work[e] in ".!?…":
                e += 1
        else:
            e = min(len(work), end + EVIDENCE_REACH)
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


def _relation(work: str, f: Found, prev: Found | None, clause: int, breaks: _Breaks) -> Relation:
    """The relation the cue words of ``f``'s clause (since ``clause``) give, or the one of the
    list it continues."""
    seg_start = max(clause, prev.end) if prev is not None and prev.end > clause else clause
    seg = work[seg_start : f.start].lower()
    for cue, relation in RELATION_CUES:
        if cue in seg:
            if cue == "căn cứ" and f.start < breaks.preamble_end():
                return Relation.BASED_ON
            return relation
    if _carried_out_after(work, f, seg):
        return Relation.IMPLEMENTS
    if not seg.strip() and (cued := _cue_across_break(work, seg_start)) is not None:
        if cued == "căn cứ" and f.start < breaks.preamble_end():
            return Relation.BASED_ON
        return dict(RELATION_CUES)[cued]
    if prev is not None and (
        LIST_GAP_RE.fullmatch(work, prev.end, f.start)
        or (f.start - prev.end <= LIST_REACH and not breaks.sentence_between(prev.end, f.start))
    ):
        return prev.relation  # "Thực hiện Công điện số 680/CĐ-TTg …; các văn bản của Bộ Y tế: …"
    return Relation.CITES


def _cue_across_break(work: str, start: int) -> str | None:
    """The cue word that ends the line before a blank line right before the mention:
    a PDF's layout cuts "Thực hiện \n\nCông văn số 537/UBND-VX" where no sentence ends (the
    line ends in the cue word itself, with no mark after it)."""
    before = work[max(0, start - 40) : start].rstrip().lower()
    for cue, _ in RELATION_CUES:
        if before.endswith(cue) and (len(before) == len(cue) or not before[-len(cue) - 1].isalnum()):
            return cue
    return None


_AFTER_REACH = 600  # characters after a mention read for what its sentence asks


def _carried_out_after(work: str, f: Found, seg: str) -> bool:
    """Whether the rest of the mention's sentence makes it carried out: a copy sent along right
    after it, or a clause opened with "Theo" whose sentence asks to carry it out ("Theo Thông
    báo kết luận số …, Chủ tịch UBND tỉnh yêu cầu các sở … triển khai thực hiện").

    Called for most mentions, so the two plain-string tests that both rules need come first:
    without "kèm" close after it and "theo" right before it, the sentence is not read at all.
    """
    theo = seg.rstrip().endswith("theo")  # seg is lower case (see _relation)
    if not theo and "kèm" not in work[f.end : f.end + 300].lower():
        return False
    end = AFTER_SENTENCE_END_RE.search(work, f.end, f.end + _AFTER_REACH)
    after = work[f.end : end.start() if end else f.end + _AFTER_REACH]
    if SENT_ALONG_RE.search(after, 0, 300):
        return True
    return theo and THEO_BEFORE_RE.search(seg) is not None and CARRY_OUT_AFTER_RE.search(after) is not None


def _references(
    text: str, back: Callable[[int, int], tuple[int, int]] | None, found: list[Found]
) -> list[Reference]:
    """The frozen references of the mentions (one per number), offsets mapped back to ``text``."""
    out: list[Reference] = []
    append = out.append
    for f in found:
        ev_start, ev_end = f.evidence
        if back is not None:
            start, end = back(f.start, f.end)
            ev_start, ev_end = back(ev_start, ev_end)
        else:
            start, end = f.start, f.end
        evidence = text[ev_start:ev_end]
        written = text[start:end]
        kind, symbol, year, date, issuer = f.kind, f.symbol, f.year, f.date, f.issuer
        issuer_text, inferred, subject, relation = (
            f.issuer_text, f.issuer_inferred, f.subject, f.relation
        )
        for number in f.numbers:
            append(  # positional, in Reference's field order (the fastest way to build many)
                Reference(
                    start, end, written, number, kind, symbol, year, date, issuer, issuer_text,
                    inferred, subject, relation, evidence, ev_start, ev_end,
                )
            )
    return out

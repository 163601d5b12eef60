"""Issuers of references: the written ``của …`` phrase and, when none is written, inference
(a list's shared issuer, the symbol's codes, the sentence's subject, the letter's context).

Part of :func:`ingest.references.find.find_references`; ``Found`` is a mention being built.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph.models import Authority, Level, Relation
from graph.normalize import fold
from ingest.gazetteer.authorities import Context, Gazetteer
from ingest.gazetteer.central import fast_fold
from ingest.references.grammar import (
    AUTHORITY_HEAD_START_RE,
    ISSUER_STOP_RE,
    LEVEL_WORD_RE,
    LIST_GAP_RE,
    PROVINCE_UBND_CORES,
    PROVINCE_UBND_RE,
    SHARED_GAP_RE,
    SYMBOL_SPLIT_RE,
    TYPE_CODE_SET,
    VERB_BEFORE_RE,
)
from ingest.references.vocabulary import OFFICE_TITLES

log = logging.getLogger(__name__)

MAX_ISSUER_WORDS = 18
LOOKBACK = 200  # characters scanned back for clause starts and cue words
NO_CONTEXT = Context()
_OFFICE_TITLES = tuple((t, t.count(" ") + 1) for t in OFFICE_TITLES)  # (title, its word count)
_TITLE_WORDS = max(n for _, n in _OFFICE_TITLES)


@dataclass(slots=True)
class Found:
    """A mention being built (mutable while it is enriched, frozen into References)."""

    start: int
    end: int
    numbers: list[str]
    kind: str | None
    symbol: str | None
    year: int | None
    date: dt.date | None = None
    issuer: Authority | None = None
    issuer_text: str | None = None
    issuer_inferred: bool = False
    subject: str | None = None
    relation: Relation = Relation.CITES
    explicit: bool = False
    evidence: tuple[int, int] = (0, 0)  # the sentence around the mention, in ``work``


# Symbols repeat across mentions and letters (``CĐ-TTg``, ``UBND-VX``): what is read from one
# is kept by the symbol (bounded: cleared when full).
CACHE_SIZE = 20_000
_CODES: dict[str, tuple[str, ...]] = {}
_KEYS: dict[str, str] = {}
_ISSUER_CODES: dict[str, str | None] = {}


def symbol_codes(symbol: str) -> tuple[str, ...]:
    """``QĐ.TTg-CN`` -> ``("QĐ", "TTG", "CN")``."""
    codes = _CODES.get(symbol)
    if codes is None:
        if len(_CODES) >= CACHE_SIZE:
            _CODES.clear()
        codes = _CODES[symbol] = tuple(c for c in SYMBOL_SPLIT_RE.split(symbol.upper()) if c)
    return codes


def symbol_key(symbol: str | None) -> str:
    """``QĐ.TTg-CN`` -> ``QĐ-TTG-CN``: one key for the ways a symbol is written."""
    if not symbol:
        return ""
    key = _KEYS.get(symbol)
    if key is None:
        if len(_KEYS) >= CACHE_SIZE:
            _KEYS.clear()
        key = _KEYS[symbol] = "-".join(symbol_codes(symbol))
    return key


def in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def issuer_phrase_end(work: str, start: int, gaz: Gazetteer) -> tuple[int, Authority | None]:
    """Where the authority phrase starting at ``start`` ends, and the central body it names
    when it is one (a known name, else the phrase runs to a stop)."""
    window = work[start : start + 240]
    known = gaz.find_prefix(window)
    if known is not None:  # a central body's full name: what follows is a person or a clause
        return start + known[1], known[0]
    stop = ISSUER_STOP_RE.search(window)
    cut = stop.start() if stop else len(window)
    words = list(re.finditer(r"\S+", window[:cut]))
    if not words:
        return start, None
    if len(words) > MAX_ISSUER_WORDS:
        cut = words[MAX_ISSUER_WORDS - 1].end()
    return start + len(window[:cut].rstrip(" \t\n,-–")), None


def share_list_issuers(work: str, found: list[Found]) -> None:
    """``Công điện số 1099/CĐ-TTg ngày …, Công điện số 1102/CĐ-TTg … của Thủ tướng Chính
    phủ``: members of a list without an issuer take the one written after the list."""
    for i in range(len(found) - 2, -1, -1):
        f, nxt = found[i], found[i + 1]
        if f.issuer_text or not (
            nxt.issuer_text and SHARED_GAP_RE.fullmatch(work, f.end, nxt.start)
        ):
            continue
        f.issuer, f.issuer_text, f.issuer_inferred = nxt.issuer, nxt.issuer_text, True
        if nxt.kind and f.kind is None:
            f.kind = nxt.kind
    for i in range(1, len(found)):  # "Công văn số 4163/BYT-DP …, 4619/BYT-DP": kind carries on
        f, prev = found[i], found[i - 1]
        if f.kind is None and prev.kind and LIST_GAP_RE.fullmatch(work, prev.end, f.start):
            f.kind = prev.kind


def _issuer_code(symbol: str | None) -> str | None:
    """The first code of a symbol that is not a type code (``QĐ-UBND`` -> ``UBND``)."""
    if not symbol:
        return None
    if symbol in _ISSUER_CODES:
        return _ISSUER_CODES[symbol]
    codes = symbol_codes(symbol)
    if len(codes) > 1 and codes[0] in TYPE_CODE_SET:
        codes = codes[1:]
    if len(_ISSUER_CODES) >= CACHE_SIZE:
        _ISSUER_CODES.clear()
    code = _ISSUER_CODES[symbol] = codes[0] if codes else None
    return code


def same_list_issuer(work: str, prev: Found | None, f: Found) -> bool:
    """``Công văn số 4486/UBND-KTN …, 3790/UBND-KTN``: ``f`` follows ``prev`` in a list and
    its symbol names the same issuer."""
    if prev is None or not prev.issuer_text:
        return False
    code = _issuer_code(prev.symbol)
    return (
        code is not None
        and code == _issuer_code(f.symbol)
        and LIST_GAP_RE.fullmatch(work, prev.end, f.start) is not None
    )


class _SymbolIssuers:
    """``gaz.by_symbol(symbol)`` (no context) of the last gazetteer used, kept by symbol."""

    __slots__ = ("_kept",)

    def __init__(self) -> None:
        # (gazetteer, its issuers by symbol), swapped as one: safe when threads share it
        self._kept: tuple[Gazetteer | None, dict[str, Authority | None]] = (None, {})

    def get(self, gaz: Gazetteer, symbol: str) -> Authority | None:
        kept_gaz, found = self._kept
        if kept_gaz is not gaz or len(found) >= CACHE_SIZE:
            found = {}
            self._kept = (gaz, found)
        if symbol in found:
            return found[symbol]
        issuer = found[symbol] = gaz.by_symbol(symbol)
        return issuer


_SYMBOL_ISSUERS = _SymbolIssuers()


def infer_issuer(work: str, f: Found, gaz: Gazetteer, lazy: LazyContext) -> None:
    """The issuer of a mention that names none: from its symbol's codes, the sentence's
    subject, or the letter's context (``issuer_inferred`` tells whether one was found)."""
    f.issuer_inferred = True
    symbolic = _SYMBOL_ISSUERS.get(gaz, f.symbol) if f.symbol else None
    if symbolic is not None:  # a central code names its body wherever the letter sits
        f.issuer, f.issuer_text = symbolic, symbolic.name
        return
    who = _sentence_subject(work, f.start, gaz, lazy)
    if who is not None:
        f.issuer, f.issuer_text = who
        return
    if f.symbol:
        local = gaz.by_symbol(f.symbol, lazy.get())
        if local is not None:
            f.issuer, f.issuer_text = local, local.name
            return
        f.issuer_text = gaz.symbol_label(f.symbol)
    if f.issuer_text is None:
        f.issuer_inferred = False


# Punctuation inside a would-be authority phrase. Matches "," in "Sở Y tế, Sở Nội vụ"; must not
# match anything in "UBND tỉnh Lai Châu".
_INNER_PUNCTUATION_RE = re.compile(r"[,;()]")


def _sentence_subject(
    work: str, start: int, gaz: Gazetteer, lazy: LazyContext
) -> tuple[Authority | None, str] | None:
    """``UBND tỉnh ban hành Kế hoạch số …``: the writer named right before the mention."""
    # the 40 characters before the mention, reversed, in one slice
    before = work[start - 1 : start - 41 : -1] if start > 40 else work[start - 1 :: -1] if start else ""
    verb = VERB_BEFORE_RE.match(before)
    if verb is None:
        return None  # no "ban hành", "có", "tại" … right before the mention
    verb_at = start - verb.end()
    lo = max(0, verb_at - 90)
    window = work[lo:verb_at]
    # the writer is named in the same clause
    cut = max(window.rfind("."), window.rfind(";"), window.rfind(":"), window.rfind("\n"))
    fallback: str | None = None
    for head in AUTHORITY_HEAD_START_RE.finditer(window, cut + 1):
        phrase = window[head.start() :]
        if _INNER_PUNCTUATION_RE.search(phrase):
            continue
        found = gaz.resolve(phrase, lazy.get())
        if found is not None:
            return found, " ".join(phrase.split())
        if fallback is None:
            fallback = _FALLBACKS[phrase] if phrase in _FALLBACKS else _fallback(phrase)
    return (None, fallback) if fallback else None


_FALLBACKS: dict[str, str | None] = {}  # phrase -> its writer's name when none resolves


def _fallback(phrase: str) -> str | None:
    """The writer an unresolved phrase names: ``UBND tỉnh Nguyễn Thế Giang`` -> ``UBND tỉnh``,
    ``Giám đốc Sở Nội vụ`` -> ``Sở Nội vụ``; ``None`` when it runs over 10 words."""
    level = LEVEL_WORD_RE.search(phrase)  # "UBND tỉnh Nguyễn Thế Giang": keep "UBND tỉnh"
    words = (phrase[: level.end()] if level else phrase).split()
    head = " ".join(words[:_TITLE_WORDS])
    folded = fast_fold(head)  # fold at C speed, exact when it leaves nothing unfolded
    folded_words = (folded if folded.isascii() else fold(head)).split()  # fold keeps words apart
    for title, n in _OFFICE_TITLES:  # "Giám đốc Sở Nội vụ": the office holder acts for it
        if len(words) > n + 1 and " ".join(folded_words[:n]) == title:
            words = words[n:]
            break
    found = " ".join(words) if len(words) <= 10 else None
    if len(_FALLBACKS) >= CACHE_SIZE:
        _FALLBACKS.clear()
    _FALLBACKS[phrase] = found
    return found


class LazyContext:
    """The letter's context, completed from the text only when a mention needs it."""

    __slots__ = ("_ctx", "base", "gaz", "work")

    def __init__(self, work: str, base: Context, gaz: Gazetteer) -> None:
        self.work, self.base, self.gaz = work, base, gaz
        self._ctx: Context | None = None

    def get(self) -> Context:
        if self._ctx is None:
            self._ctx = _with_text_context(self.work, self.base, self.gaz)
        return self._ctx


def _with_text_context(work: str, ctx: Context, gaz: Gazetteer) -> Context:
    """Adds the province the text names (``UBND tỉnh Tuyên Quang``) when the context has none."""
    if ctx.province is not None:
        return ctx
    for m in _province_committees(work):
        found = gaz.resolve(m.group(), ctx)
        if found is not None and found.level is Level.PROVINCE:
            return with_province(ctx, found)
    return ctx


def with_province(ctx: Context, province: Authority) -> Context:
    """``dataclasses.replace(ctx, province=province)``, built directly (several times faster;
    a test checks that Context has no other fields)."""
    return Context(ctx.issuer, province, ctx.on)


def _province_committees(work: str) -> Iterator[re.Match[str]]:
    """What ``PROVINCE_UBND_RE.finditer(work)`` gives, found faster: the heads' literal cores
    first (each only when a word it needs is in the text at all), then the whole pattern
    matched where each head starts (``Ủy`` + spaces before ``ban nhân dân``), in order and
    without overlaps."""
    ubnd, lower, upper = PROVINCE_UBND_CORES
    starts = [m.start() for m in ubnd.finditer(work)]
    # "ban" is common, "nhân" in the other cores less so: the core is run when the text has it
    for core in (lower if "nhân" in work else None, upper if "NHÂN" in work else None):
        if core is None:
            continue
        for c in core.finditer(work):
            k = c.start()
            while k > 0 and work[k - 1].isspace():
                k -= 1
            if 2 <= k < c.start():
                starts.append(k - 2)
    if not starts:
        return
    starts.sort()
    end = 0
    for start in starts:
        if start >= end and (found := PROVINCE_UBND_RE.match(work, start)) is not None:
            end = found.end()
            yield found


# -- relation, evidence, records -------------------------------------------------------------

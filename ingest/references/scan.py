"""Pass 1 of :func:`ingest.references.find.find_references`: the grammar, run anchored on digits.

Numbers are rare, type words are not: :data:`~ingest.references.grammar.NUMBERS_RE` finds each number
with its symbol, then :data:`~ingest.references.grammar.REVERSED_PREFIX_RE`, matched on the reversed text
before it, its type word and ``số`` (a typed mention) or, failing that, the number+symbol shape
alone (a bare one). What is read from a symbol, a cue or a type word is kept by its written form
(they repeat across mentions and letters).
"""

from __future__ import annotations

import re

from ingest.gazetteer.authorities import Gazetteer
from ingest.references.grammar import (
    BARE_ISSUER_RE,
    BARE_RE,
    DATE_RE,
    ISSUER_CUE_RE,
    KIND_OF_WORD,
    NUMBER_IN_LIST_RE,
    NUMBER_LINE_RE,
    NUMBERS_RE,
    PREFIX_REACH,
    REVERSED_PREFIX_RE,
    SLASH_AFTER_RE,
    STRONG_AFTER_RE,
    TYPE_CODE_SET,
    UNIT_AFTER_RE,
    URL_RE,
    YEARISH_RE,
)
from ingest.references.issuers import CACHE_SIZE, Found, in_spans, symbol_codes
from ingest.references.vocabulary import PLACE_WORDS, STRONG_KINDS

__all__ = ["scan"]


def scan(work: str, gaz: Gazetteer) -> list[Found]:
    """Every mention the grammar finds in ``work``, in order (numbers, symbol, kind, span)."""
    urls: list[tuple[int, int]] | None = None  # found when a number could sit inside one
    out: list[Found] = []
    prefix_match = REVERSED_PREFIX_RE.match
    for m in NUMBERS_RE.finditer(work):  # digits are rare: anchor on them, look left for the type
        at = m.start()
        if at and not work[at - 1].isspace():  # after a space, a number starts no URL's part
            if urls is None:
                urls = _urls(work)
            if urls and in_spans(at, urls):
                continue
        # the PREFIX_REACH characters before the number, reversed, in one slice
        before = work[at - 1 : at - 1 - PREFIX_REACH : -1] if at > PREFIX_REACH else work[at - 1 :: -1] if at else ""
        prefix = prefix_match(before)
        f = _typed(work, m, prefix) if prefix is not None else None
        if f is None and (m[6] or m[2]):  # a symbol or a Party tail
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


def _urls(work: str) -> list[tuple[int, int]]:
    """The spans of the URLs in ``work`` (references inside them are digit noise)."""
    if "http" in work or "www." in work:
        return [m.span() for m in URL_RE.finditer(work)]
    return []


# Symbols, cues and type words repeat: each is read once (bounded caches, cleared when full).
_SYMBOLS: dict[str, tuple[str, int]] = {}  # symbol as written -> (symbol, trailing junk to drop)
_PARTY_SYMBOLS: dict[tuple[str, str], tuple[str, int]] = {}  # (type, issuer) as written -> same
_CUES: dict[str, tuple[bool, bool, bool]] = {}  # reversed cue -> (has "số", title line, "(")
_KINDS: dict[str, str | None] = {}  # reversed type word -> kind


def _symbol(written: str) -> tuple[str, int]:
    """A symbol without spaces (``CĐ-\\nTTg`` -> ``CĐ-TTg``) and how many characters of
    trailing ``-–.`` its written form ends with."""
    found = _SYMBOLS.get(written)
    if found is None:
        if len(_SYMBOLS) >= CACHE_SIZE:
            _SYMBOLS.clear()
        found = _SYMBOLS[written] = (_squeeze(written), len(written) - len(written.rstrip("-–.")))
    return found


def _party_symbol(ptype: str, pissuer: str) -> tuple[str, int]:
    """``TB``, ``TU`` -> ``TB/TU`` (as :func:`_symbol`, the junk counted on the issuer part)."""
    key = (ptype, pissuer)
    found = _PARTY_SYMBOLS.get(key)
    if found is None:
        if len(_PARTY_SYMBOLS) >= CACHE_SIZE:
            _PARTY_SYMBOLS.clear()
        found = _PARTY_SYMBOLS[key] = (
            _squeeze(f"{ptype}/{pissuer}"),
            len(pissuer) - len(pissuer.rstrip("-–.")),
        )
    return found


def _symbol_of(m: re.Match[str]) -> str | None:
    """The symbol of a NUMBERS_RE or BARE_RE match, if it has one."""
    _, party, ptype, pissuer, _, symbol = m.groups()
    if party:
        return _party_symbol(ptype, pissuer)[0]
    return _symbol(symbol)[0] if symbol else None


def _squeeze(s: str) -> str:
    return "".join(s.split()).rstrip("-–.")


def _kind_of(reversed_word: str) -> str | None:
    """The kind a type word names, from the word as matched on the reversed text."""
    if reversed_word in _KINDS:
        return _KINDS[reversed_word]
    if len(_KINDS) >= CACHE_SIZE:
        _KINDS.clear()
    kind = _KINDS[reversed_word] = KIND_OF_WORD.get(" ".join(reversed_word[::-1].lower().split()))
    return kind


def _cue(reversed_cue: str) -> tuple[bool, bool, bool]:
    """Whether a cue (as matched on the reversed text) holds ``số``, is the end of a title line
    above the letter's own ``Số: …`` line, holds ``(``."""
    if reversed_cue in _CUES:
        return _CUES[reversed_cue]
    if len(_CUES) >= CACHE_SIZE:
        _CUES.clear()
    cue = reversed_cue[::-1]
    has_cue = "số" in cue.lower()
    title = has_cue and "\n" in cue and "Số" in cue and cue.lstrip(" \t(").startswith("\n")
    found = _CUES[reversed_cue] = (has_cue, title, "(" in cue)
    return found


def _typed(work: str, m: re.Match[str], prefix: re.Match[str]) -> Found | None:
    """A typed mention: ``m`` holds its numbers and symbol, ``prefix`` (matched on the reversed
    text before them) its type word and cue."""
    rcue, rtype = prefix.groups()
    kind = _KINDS[rtype] if rtype in _KINDS else _kind_of(rtype)
    if kind is None:
        return None
    has_cue, title, paren = _CUES[rcue] if rcue in _CUES else _cue(rcue)
    if title:
        return None  # a title line above the letter's own "Số: …" line
    written, party, ptype, pissuer, year_text, symbol_text = m.groups()
    numbers = [written] if written.isdigit() else NUMBER_IN_LIST_RE.findall(written)
    symbol: str | None = None
    year = int(year_text) if year_text else None
    end = m.end()
    if party:
        symbol, junk = _party_symbol(ptype, pissuer)
        end = m.end(4) - junk
    elif symbol_text:
        symbol, junk = _symbol(symbol_text)
        end = m.end(6) - junk
    elif year is None:
        after = work[end : end + 40]
        if after[:1].isalnum() or SLASH_AFTER_RE.match(after):
            return None  # "Chỉ thị 15/8": a date, not a document
        if UNIT_AFTER_RE.match(after) and not DATE_RE.match(work, end):
            return None
        if not has_cue:
            listed = len(numbers) > 1
            placed = (
                DATE_RE.match(work, end)
                or ISSUER_CUE_RE.match(work, end)
                or (BARE_ISSUER_RE.match(work, end) and (kind in STRONG_KINDS or len(numbers[0]) > 1))
            )
            strong = kind in STRONG_KINDS and STRONG_AFTER_RE.match(after)
            if not (listed or placed or strong) or YEARISH_RE.fullmatch(numbers[0]):
                return None
    if paren and work[end : end + 1] == ")":
        end += 1
    return Found(m.start() - prefix.end(), end, numbers, kind, symbol, year)


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

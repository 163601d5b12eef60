"""Place names as lookup keys: folded keys, tone keys, type words and typo distance.

A place name is matched on its *key* (folded letters and digits: ``Mường Tè`` -> ``muongte``)
and told apart from look-alikes by its *tone key* (diacritics kept, tone placement ignored:
``Thanh Hoá`` and ``Thanh Hóa`` -> ``thanhhoa1``). A leading type word (``huyện``, ``TP.``,
``thị xã``) is read off as the unit type the name announces.

>>> [(q.key, q.type) for q in name_queries("TP. Lào Cai")]
[('tplaocai', None), ('laocai', 'thành phố')]
>>> tone_key(words("Thanh Hoá")) == tone_key(words("Thanh Hóa"))
True
>>> may_become("huyện", "thị xã"), may_become("thị xã", "huyện"), may_become("xã", "huyện")
(True, False, False)
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.normalize import fold

__all__ = [
    "NameQuery",
    "display_name",
    "edit_limit",
    "name_data",
    "name_key",
    "name_queries",
    "may_become",
    "tone_key",
    "within_edits",
    "words",
]

NAMES_FILE = Path(__file__).parent / "data" / "admin_names.json"  # type words, extra names

# A word: a run of letters or digits (any script).
# Matches "Mường" and "1" in "Quận 1, Mường Tè"; never matches ".", "-" or "_".
_WORD = re.compile(r"[^\W_]+")

# The package's tag on a name shared by two sibling units of different types (its closing
# parenthesis may have been trimmed as edge punctuation).
# Matches " (Thị trấn)" in "Mường Tè (Thị trấn)" and " (Xã" in "Mường Tè (Xã"; must not match
# anything in "Bà Rịa - Vũng Tàu".
_TYPE_TAG = re.compile(r"\s*\([^()]*\)?$")

# The five Vietnamese tone marks as combining characters (NFD), each with a digit.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}


@functools.cache
def name_data() -> dict[str, Any]:
    """``admin_names.json``: type prefixes, type upgrades and extra names by era."""
    with NAMES_FILE.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


@functools.lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    return fold(word)


@functools.lru_cache(maxsize=1 << 16)
def _tone_word(word: str) -> str:
    """The word, lower-cased, with its tone mark moved to the end as a digit: hoá, hóa -> hoa1."""
    base, tone = [], ""
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            tone = _TONES[ch]
        else:
            base.append(ch)
    return unicodedata.normalize("NFC", "".join(base)) + tone


def words(text: str) -> list[str]:
    """The words of ``text`` (NFC): ``"TP. Hồ Chí Minh"`` -> ``["TP", "Hồ", "Chí", "Minh"]``."""
    return _WORD.findall(unicodedata.normalize("NFC", text))


def name_key(name_words: Sequence[str]) -> str:
    """Folded, letters and digits only: ``["Mường", "Tè"]`` -> ``"muongte"``."""
    return "".join(_fold_word(w) for w in name_words)


def tone_key(name_words: Sequence[str]) -> str:
    """Diacritics kept, tone placement ignored: ``["Thanh", "Hoá"]`` -> ``"thanhhoa1"``."""
    return "".join(_tone_word(w) for w in name_words)


def display_name(name: str) -> str:
    """A unit's name without the package's type tag: ``Mường Tè (Thị trấn)`` -> ``Mường Tè``."""
    return _TYPE_TAG.sub("", name) or name


@dataclass(frozen=True, slots=True)
class NameQuery:
    """One way to read a name: its key, its tone key and the type a stripped type word announced."""

    key: str
    tone_key: str
    type: str | None


def name_queries(name: str) -> list[NameQuery]:
    """The whole name as one query, then (if it starts with a type word) the name without it.

    The whole name goes first so that names starting like a type word still match
    (``Quan Hóa`` is a district, ``Phương Liên`` a ward).
    """
    ws = words(name)
    if not ws:
        return []
    folded = [_fold_word(w) for w in ws]
    queries = [NameQuery(name_key(ws), tone_key(ws), None)]
    for prefix, unit_type in name_data()["type_prefixes"]:
        n = len(prefix)
        if folded[:n] == prefix and len(ws) > n:
            queries.append(NameQuery(name_key(ws[n:]), tone_key(ws[n:]), unit_type))
            break
    return queries


def may_become(stated: str, actual: str) -> bool:
    """Whether a unit a letter calls ``stated`` may be the map's ``actual`` one: the same type,
    or an upgrade units go through over the years (``huyện`` -> ``thị xã`` -> ``thành phố``,
    ``xã`` -> ``phường``, ``tỉnh`` -> ``thành phố`` for Huế); never a change of level."""
    return stated == actual or actual in name_data()["type_upgrades"].get(stated, ())


def within_edits(a: str, b: str, limit: int) -> int | None:
    """Optimal-string-alignment distance of ``a`` and ``b``, or ``None`` above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return None
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return None
        prev2, prev = prev, cur
    return prev[-1] if prev[-1] <= limit else None


def edit_limit(key: str) -> int:
    """Conservative typo allowance on folded keys: none below 6 letters, 1, or 2 above 12."""
    if len(key) < 6:
        return 0
    return 1 if len(key) <= 12 else 2

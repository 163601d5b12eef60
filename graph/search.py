"""An inverted index over documents' number, symbol, subject and issuer name.

Words are folded (:func:`graph.normalize.fold`), so ``Mường Tè``, ``muong te`` and ``MUONG TE``
find the same documents; a query's words must all match (the last one as a prefix).

>>> from graph.models import Document
>>> idx = SearchIndex()
>>> idx.add(Document("2021/1068-cd-ttg", None, "1068", "CĐ-TTg", 2021, subject="phòng chống dịch"),
...         "Thủ tướng Chính phủ")
>>> idx.query("1068/CD-TTg"), idx.query("phong chong"), idx.query("thu tuong dich")
(['2021/1068-cd-ttg'], ['2021/1068-cd-ttg'], ['2021/1068-cd-ttg'])
"""

from __future__ import annotations

import bisect
import re

from graph.models import Document
from graph.normalize import fold

__all__ = ["SearchIndex", "words"]

# A word of folded text: letters and digits. Must match "1068" and "cd" in "1068/cd-ttg";
# must not match "/" or "-".
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str | None) -> list[str]:
    """Folded words of ``text``."""
    return _WORD.findall(fold(text)) if text else []


def document_words(d: Document, issuer_name: str | None) -> tuple[set[str], set[str]]:
    """(number/symbol words, every word) of a document."""
    ident = set(words(d.number)) | set(words(d.symbol))
    named = set(words(d.subject)) | set(words(issuer_name)) | set(words(d.kind))
    # the issuer's key spells the usual abbreviations ("ubnd-tinh-lai-chau")
    return ident, ident | named | set(words(d.issuer_key))


class SearchIndex:
    """Word -> document keys. Stale entries (documents changed since) are filtered at query
    time by the caller re-checking the document; see ``graph.queries.search_hits``."""

    def __init__(self) -> None:
        self._postings: dict[str, set[str]] = {}
        self._ident: dict[str, set[str]] = {}  # words of numbers and symbols only
        self._sorted: list[str] | None = None

    def identifying(self, word: str) -> set[str]:
        """Keys of documents whose number or symbol holds ``word``."""
        return self._ident.get(word, set())

    def add(self, d: Document, issuer_name: str | None) -> None:
        ident, every = document_words(d, issuer_name)
        for w in ident:
            self._ident.setdefault(w, set()).add(d.key)
        for w in every:
            keys = self._postings.get(w)
            if keys is None:
                keys = self._postings[w] = set()
                self._sorted = None
            keys.add(d.key)

    def _prefixed(self, prefix: str) -> set[str]:
        if self._sorted is None:
            self._sorted = sorted(self._postings)
        out: set[str] = set()
        i = bisect.bisect_left(self._sorted, prefix)
        while i < len(self._sorted) and self._sorted[i].startswith(prefix):
            out |= self._postings[self._sorted[i]]
            i += 1
        return out

    def query(self, text: str) -> list[str]:
        """Keys of documents holding every word of ``text`` (the last as a prefix), sorted."""
        ws = words(text)
        if not ws:
            return []
        sets = [self._postings.get(w, set()) for w in ws[:-1]]
        sets.append(self._prefixed(ws[-1]))
        sets.sort(key=len)
        found = set(sets[0])
        for s in sets[1:]:
            found &= s
            if not found:
                break
        return sorted(found)

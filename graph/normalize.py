"""Text folding shared by matching, keys and search.

>>> fold("Công điện 1068/CĐ-TTg")
'cong dien 1068/cd-ttg'
>>> slugify("UBND huyện Mường Tè")
'ubnd-huyen-muong-te'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "slugify"]

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip every diacritic (``đ`` becomes ``d``).

    The result has the same length as the NFC form of ``text`` for Vietnamese input, so it can be
    searched and the offsets reused on the NFC text.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base.lower() if len(base.lower()) == 1 else base)
    return "".join(out)


def slugify(text: str) -> str:
    """A readable, URL-safe ASCII slug: folded, runs of other characters become ``-``."""
    return _SLUG_JUNK.sub("-", fold(text)).strip("-")

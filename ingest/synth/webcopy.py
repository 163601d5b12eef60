"""Damage of letters copied from the web and of hurried letterheads (issue 10, class 5).

- :func:`drop_header_char`: one character dropped from the issuer block, as real letterheads
  have it: ``Y BAN NHÂN DÂN`` for ``ỦY BAN NHÂN DÂN``, or a letter with a diacritic gone from
  the place name (``TỈNH LAI CHU``).
- :func:`render_web`: the letter as a web page's text copy: the two-column header as a Markdown
  pipe table (``| **ỦY BAN NHÂN DÂN**\\r\\n**TỈNH LAI CHÂU** | **CỘNG HÒA …** |``), line breaks
  inside cells written as literal ``\\r\\n`` or ``<br>``, ``**bold**`` markers, and the
  recipients' list joined by literal ``\\r\\n``.

Reference markers (:func:`ingest.synth.layout.mark`) pass through untouched, so offsets stay
exact; no literal ``\\r\\n`` is ever put inside a reference.
"""

from __future__ import annotations

import random
import unicodedata

from ingest.synth.layout import MOTTO, LetterParts

__all__ = ["CRLF", "drop_header_char", "render_web"]

CRLF = "\\r\\n"  # the four characters a web copy keeps where a line break was
_UBND = "ỦY BAN NHÂN DÂN"
_UBND_DROPS = ("Y BAN NHÂN DÂN", "ỦY BAN NHÂN DÂ", "ỦY BAN NHN DÂN", "ỦY BA NHÂN DÂN")


def _drop_marked_letter(text: str, pick: float) -> str:
    """``text`` without one letter that carries a diacritic (``LAI CHÂU`` -> ``LAI CHU``)."""
    candidates = [i for i, ch in enumerate(text) if len(unicodedata.normalize("NFD", ch)) > 1 or ch in "Đđ"]
    if not candidates:
        return text
    i = candidates[int(pick * len(candidates))]
    return text[:i] + text[i + 1 :]


def drop_header_char(header: tuple[str, ...], place: str, rng: random.Random) -> tuple[str, ...]:
    """The issuer block with one character dropped (``place`` is the upper-case place name)."""
    if not header:
        return header
    lines = list(header)
    if lines[0] == _UBND and rng.random() < 0.5:
        lines[0] = rng.choice(_UBND_DROPS)
        return tuple(lines)
    for i, line in enumerate(lines):
        dropped = _drop_marked_letter(place, rng.random()) if place else place
        if place and place in line and dropped != place:
            lines[i] = line.replace(place, dropped, 1)
            return tuple(lines)
    if lines[0] == _UBND:  # a place name without diacritics (CAO PHONG): the committee word loses one
        lines[0] = rng.choice(_UBND_DROPS)
        return tuple(lines)
    damaged = _drop_marked_letter(lines[0], rng.random())
    if damaged == lines[0]:
        letters = [i for i, ch in enumerate(lines[0]) if ch.isalpha()]
        i = letters[int(rng.random() * len(letters))] if letters else 0
        damaged = lines[0][:i] + lines[0][i + 1 :]
    lines[0] = damaged
    return tuple(lines)


def _cell(lines: list[str], sep: str, bold: bool) -> str:
    text = sep.join(x for x in lines if x)
    return f"**{text}**" if bold and text else text


def render_web(parts: LetterParts, rng: random.Random) -> str:
    """The letter as copied from a web page (see the module docstring)."""
    sep = rng.choice((CRLF, "<br>", CRLF))
    left = _cell(list(parts.header), sep, True)
    right = _cell(list(MOTTO), sep, True)
    subject = " ".join(parts.subject_lines)
    second_left = sep.join(x for x in (parts.number_line, subject) if x)
    blocks = ["", f"| {left} | {right} |\n|---|---|\n| {second_left} | *{parts.place_date}* |"]
    if len(parts.recipients) == 1:
        blocks.append(f"Kính gửi: {parts.recipients[0]}")
    elif parts.recipients:
        blocks.append("Kính gửi:" + CRLF + CRLF.join(f"- {r}" for r in parts.recipients))
    blocks += list(parts.paragraphs)
    blocks.append("***Nơi nhận:***" + CRLF + CRLF.join(f"- {c}" for c in parts.cc))
    blocks.append(_cell(list(parts.signer_title), CRLF, True))
    if parts.signer_name:
        blocks.append(f"**{parts.signer_name}**")
    return "\n\n".join(blocks)

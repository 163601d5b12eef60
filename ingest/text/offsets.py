"""Cleaned text with an exact, sparse map back to the raw text it came from.

A cleaning pass is a list of edits ``(start, end, replacement)`` on its input; only the edited
spans are recorded, and offsets go back through the passes with ``bisect``:

>>> text, m = rewrite("ab  cd", [(2, 4, " ")])
>>> text
'ab cd'
>>> CleanText("ab  cd", text, (m,) if m else ()).to_original(3, 5)
(4, 6)
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["CleanText", "Edit", "PassMap", "rewrite"]

# One edit of one pass: (start, end) in the pass input replaced by ``text``.
Edit = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class PassMap:
    """Where one pass edited its input: parallel sorted lists of edited spans."""

    out_starts: list[int]
    out_ends: list[int]
    in_starts: list[int]
    in_ends: list[int]

    def start(self, pos: int) -> int:
        """Input boundary for output boundary ``pos`` used as a span start."""
        i = bisect_right(self.out_starts, pos) - 1
        if i < 0:
            return pos
        if pos < self.out_ends[i]:  # inside a replacement: char by char, capped
            return self.in_starts[i] + min(
                pos - self.out_starts[i], self.in_ends[i] - self.in_starts[i] - 1
            )
        return self.in_ends[i] + (pos - self.out_ends[i])

    def end(self, pos: int) -> int:
        """Input boundary for output boundary ``pos`` used as a span end (exclusive)."""
        i = bisect_left(self.out_starts, pos) - 1
        if i < 0:
            return pos
        if pos < self.out_ends[i]:
            return self.in_starts[i] + min(
                pos - self.out_starts[i], self.in_ends[i] - self.in_starts[i]
            )
        return self.in_ends[i] + (pos - self.out_ends[i])


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text and the way back: ``to_original`` maps cleaned spans to raw spans."""

    original: str
    text: str
    _maps: tuple[PassMap, ...] = field(default=(), repr=False, compare=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The raw span ``(start, end)`` of the cleaned span ``text[start:end]``.

        The raw span covers the same characters, plus whatever cleaning removed inside it
        (line breaks, spacing); it never reaches into what was removed before or after it.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(
                f"span ({start}, {end}) outside the cleaned text of length {len(self.text)}"
            )
        s, e = start, end
        for m in reversed(self._maps):
            s, e = m.start(s), m.end(e)
        return s, max(s, e)

    def original_offset(self, pos: int) -> int:
        """The raw position the cleaned character ``text[pos]`` came from."""
        return self.to_original(pos, pos + 1)[0]


def rewrite(text: str, edits: Iterable[Edit]) -> tuple[str, PassMap | None]:
    """Apply non-overlapping, ordered ``edits`` to ``text``; record only their spans."""
    parts: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    in_starts: list[int] = []
    in_ends: list[int] = []
    last = 0
    out = 0
    for s, e, rep in edits:
        if s < last or text[s:e] == rep:  # overlapping (a step's bug) or a no-op
            continue
        parts.append(text[last:s])
        out += s - last
        parts.append(rep)
        out_starts.append(out)
        out += len(rep)
        out_ends.append(out)
        in_starts.append(s)
        in_ends.append(e)
        last = e
    if not in_starts:
        return text, None
    parts.append(text[last:])
    return "".join(parts), PassMap(out_starts, out_ends, in_starts, in_ends)

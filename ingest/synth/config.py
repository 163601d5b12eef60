"""How a synthetic corpus is made: :class:`SynthConfig` (sizes, dates, the rate of every kind of
damage and of every failure class of issue 10)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

__all__ = ["SynthConfig"]


@dataclass(frozen=True, slots=True)
class SynthConfig:
    """How a synthetic corpus is made. ``letters`` is the exact number of letters written.

    ``roots`` is a minimum: a corpus larger than ``max_per_root`` letters per root gets more roots.
    Roots are dated from ``start`` every ``root_spacing_days``; a root dated on or after 2025-07-01
    uses the new map (province → commune). Rates are probabilities per unit or per letter.
    """

    letters: int = 1000
    seed: int = 0
    roots: int = 2
    start: dt.date = dt.date(2022, 8, 1)
    docx_share: float = 0.0
    pdf_share: float = 0.0
    no_response_rate: float = 0.15
    draft_rate: float = 0.07  # unsigned copies (``Số: /UBND-VX``, blank day); at least 5% of letters
    damage_rate: float = 0.1
    cite_rate: float = 0.4  # a letter mentions extra documents in passing
    extra_rate: float = 0.3  # a department / office also writes
    commune_rate: float = 0.3  # a district (or new-map province) letter cascades to communes
    decision_rate: float = 0.1  # a province answers with a Quyết định (Căn cứ preamble: based_on)
    plan_rate: float = 0.1  # else a Kế hoạch (title implements, Căn cứ list based_on)
    undated_rate: float = 0.15  # a reference to a national document is written without its date
    # a root's number is reused the next year (numbers restart each year, so the next year's document
    # with that number exists), and late letters of that year cite the root undated
    reuse_rate: float = 1.0
    late_rate: float = 0.02  # share of a reused cascade's budget spent on letters of the next year
    office_reply_rate: float = 0.08  # an addressed district's office answers its parent's letter itself
    bare_rate: float = 0.1  # a national reference is bare: ``Chỉ thị 16 Bộ Chính trị`` (no số, no symbol)
    alias_rate: float = 0.1  # a letter names its parent ``(sau đây gọi là Kế hoạch 125)`` and reuses it
    web_rate: float = 0.1  # a .txt letter is a web copy: pipe-table header, literal \r\n, **bold**
    header_drop_rate: float = 0.06  # a character dropped in the letterhead (``Y BAN NHÂN DÂN``)
    assume_audience: bool = True  # a PM Công điện/Chỉ thị or VPCP Thông báo addresses every province
    cue_variety: bool = True  # "Theo … yêu cầu … triển khai" cues; the root named inside a cited subject
    root_spacing_days: int = 45
    max_per_root: int = 2000
    province_lag: tuple[int, int] = (1, 10)
    district_lag: tuple[int, int] = (2, 15)
    commune_lag: tuple[int, int] = (1, 10)
    topics: tuple[str, ...] = ()  # restrict to these topic keys (empty: all)

    @classmethod
    def classic(cls, **kw: Any) -> SynthConfig:
        """The generator before issue 10's failure classes (no undated, bare or aliased references,
        web copies, dropped header characters, plans, office replies, reused numbers or assumed
        audiences; drafts at 5%), for measures that compare with earlier figures."""
        off: dict[str, Any] = {"draft_rate": 0.05, "plan_rate": 0.0, "undated_rate": 0.0, "reuse_rate": 0.0,
                               "office_reply_rate": 0.0, "bare_rate": 0.0, "alias_rate": 0.0, "web_rate": 0.0,
                               "header_drop_rate": 0.0, "assume_audience": False, "cue_variety": False}
        return cls(**{**off, **kw})

    def __post_init__(self) -> None:
        rates = ("docx_share", "pdf_share", "no_response_rate", "draft_rate", "damage_rate", "cite_rate",
                 "extra_rate", "commune_rate", "decision_rate", "plan_rate", "undated_rate", "reuse_rate",
                 "late_rate", "office_reply_rate", "bare_rate", "alias_rate", "web_rate", "header_drop_rate")
        bad = [r for r in rates if not 0.0 <= getattr(self, r) <= 1.0]
        if bad or self.docx_share + self.pdf_share > 1.0:
            raise ValueError(f"rates must lie in [0, 1] (and docx_share + pdf_share <= 1): {bad or 'shares'}")
        if self.letters < 0 or self.roots < 1 or self.max_per_root < 1 or self.root_spacing_days < 1:
            raise ValueError("letters must be >= 0; roots, max_per_root and root_spacing_days >= 1")
        for lag in (self.province_lag, self.district_lag, self.commune_lag):
            if not 0 <= lag[0] <= lag[1]:
                raise ValueError(f"a lag is (min_days, max_days) with 0 <= min <= max, not {lag}")

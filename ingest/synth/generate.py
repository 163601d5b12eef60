"""A generator of realistic cascade corpora, with ground truth (issue #4).

A cascade starts at a national document (a Công điện of the Prime Minister, a Thông báo kết luận
of VPCP, a ministry's Công văn), which provinces implement, whose districts implement the
provincial letters, whose communes implement the district letters — on the real administrative
map of the date (:mod:`ingest.gazetteer.admin_map`: 63 provinces with districts before 2025-07-01, 34
provinces and no districts after it, when a cascade goes province → commune).

Modules: :mod:`ingest.synth.config` (:class:`SynthConfig`: sizes, dates and the rate of every
kind of damage and failure class), :mod:`ingest.synth.plan` (who responds, when, under which
number), :mod:`ingest.synth.text` (the letter's text and the truth about its references),
:mod:`ingest.synth.plans` (a province's Kế hoạch), :mod:`ingest.synth.records` (the records and
their JSON), :mod:`ingest.synth.layout` (txt/docx/pdf layouts), :mod:`ingest.synth.webcopy`
(web copies, dropped header characters), :mod:`ingest.synth.templates` (wording). Scoring a
store against the truth: :mod:`ingest.synth.measure` and :mod:`ingest.synth.scoring`.

:func:`iter_letters` yields :class:`SynthLetter` objects one by one (pure, in memory);
:func:`generate_corpus` writes them under ``out_dir/letters/`` as .txt (a share as .docx/.pdf)
plus ``out_dir/truth.json``, holding one cascade's plan (no text) in memory at a time. Same
seed, same bytes.

``truth.json``::

    {"format": "vanban-synth/1", "config": {...}, "letters": [<one letter per line>],
     "roots": [...], "gaps": [...], "summary": {...}}

A root names its national document (``document``: kind, number, symbol, year, issuer…;
``numbered``: ``1068/CĐ-TTg``, for ``store.lookup`` with the year), ``cascade``: every letter
that carries it out, directly or through the letters above it (``{"file", "level", "role"}``;
roles ``main``, ``department``, ``office``, ``command``, ``office_reply`` — a district's office
answering the province letter itself — and ``followup``), ``audience``: ``all_provinces`` (a PM
Công điện/Chỉ thị or VPCP Thông báo, whose text is not in the corpus, is taken as addressed to
every province of the map of its date) or ``scope`` (a ministry's letter: whom it addressed no
letter of the corpus says), ``namesake``: the document of the next year that reuses the root's
number (letters of that year cite the root undated), or ``null``, and ``non_responders``: every
authority addressed in the cascade that never responded (an authority's ``name``, ``level``,
``kind``, ``admin_code`` … plus ``expected_by``, the file of the letter that addressed it, or
``null`` for a province addressed by the root; ``observable``: ``false`` for a province in a
``scope`` root's scope, which no store can know was addressed; ``assumed``: addressed by the
assumed audience; ``office_replied``: the file its office wrote instead, which does not make the
addressed UBND a responder).

Format ``vanban-synth/2`` adds ``cascade``, ``audience``, ``namesake`` and ``non_responders`` to a
root, ``observable``/``assumed``/``office_replied`` to a gap and ``form`` to a reference; every
``vanban-synth/1`` field is still there with its meaning (the gap list now also holds the
provinces the assumed audience adds).

A letter carries its fields (``number`` as written — ``null`` for a draft — and ``true_number``,
``date`` as written and ``true_date``), its ``references`` (each mention with ``start``/``end``
into the letter's txt rendering and the dev set's fields: span, kind, number, symbol, year, date,
issuer, issuer_inferred — plus relation) and its ``edges`` (one per cited document, strongest
relation, ``target_file`` when the cited letter is in the corpus). A gap is an authority that was
addressed (``expected_by`` a letter, or in a national root's scope: ``null``) and never responded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import math
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.gazetteer.admin_map import MAP_CHANGE, AdminMap, admin_map_for
from ingest.synth.layout import find_font, write_docx, write_pdf
from ingest.synth.plan import Cascade, Numberer, SynthConfig, SynthGap, plan_cascade
from ingest.synth.text import SynthEdge, SynthLetter, SynthReference, render_letter

__all__ = [
    "SynthConfig",
    "SynthEdge",
    "SynthGap",
    "SynthLetter",
    "SynthReference",
    "SynthSummary",
    "generate_corpus",
    "iter_cascades",
    "iter_letters",
]

log = logging.getLogger(__name__)

FORMAT = "vanban-synth/2"
_CUTOVER_MARGIN = dt.timedelta(days=60)  # no cascade straddles the 2025 map change


@dataclass(frozen=True, slots=True)
class SynthSummary:
    out_dir: str
    letters: int
    by_format: dict[str, int]
    roots: int
    references: int
    edges: int
    gaps: int
    seconds: float

    @property
    def letters_per_second(self) -> float:
        return self.letters / self.seconds if self.seconds > 0 else float("inf")


def _budgets(cfg: SynthConfig) -> list[int]:
    roots = max(1, cfg.roots, math.ceil(cfg.letters / max(1, cfg.max_per_root)))
    roots = min(roots, max(1, cfg.letters))
    base, extra = divmod(cfg.letters, roots)
    return [base + (1 if i < extra else 0) for i in range(roots)]


def _root_date(cfg: SynthConfig, i: int, rng: random.Random) -> dt.date:
    on = cfg.start + dt.timedelta(days=i * cfg.root_spacing_days + rng.randint(0, cfg.root_spacing_days // 3))
    if MAP_CHANGE - _CUTOVER_MARGIN <= on < MAP_CHANGE:
        on = MAP_CHANGE + dt.timedelta(days=7)
    while on.weekday() >= 5:
        on += dt.timedelta(days=1)
    return on


def _file_name(seed: int, index: int, fmt: str) -> str:
    digest = hashlib.sha1(f"{seed}/{index}".encode()).hexdigest()[:16]
    return f"letters/{index:06d}_{digest}.{fmt}"


def iter_cascades(config: SynthConfig, *, admin_maps: Callable[[dt.date], AdminMap] = admin_map_for,
                  pdf_ok: bool = True) -> Iterator[tuple[Cascade, Iterator[SynthLetter]]]:
    """Each planned cascade with a lazy iterator over its letters (consume it before the next)."""
    rng = random.Random(config.seed)
    numberer = Numberer()
    index = 0
    for i, budget in enumerate(_budgets(config)):
        if budget < 1:
            continue
        root_date = _root_date(config, i, rng)
        cascade = plan_cascade(config, rng, numberer, root_date=root_date, budget=budget, admin_maps=admin_maps)
        files: dict[int, str] = {}
        for node in cascade.nodes:
            r = rng.random()
            if r < config.docx_share:
                node.fmt = "docx"
            elif r < config.docx_share + config.pdf_share and pdf_ok:
                node.fmt = "pdf"
            node.file = _file_name(config.seed, index, node.fmt)
            files[id(node.doc)] = node.file
            index += 1

        def letters(cascade: Cascade = cascade, files: dict[int, str] = files) -> Iterator[SynthLetter]:
            for node in cascade.nodes:
                yield render_letter(node, cascade, rng, config=config, files=files)

        yield cascade, letters()


def iter_letters(config: SynthConfig, *, admin_maps: Callable[[dt.date], AdminMap] = admin_map_for,
                 pdf_ok: bool = True) -> Iterator[SynthLetter]:
    """Every letter of the corpus, in file order (pure: nothing is written)."""
    for _cascade, letters in iter_cascades(config, admin_maps=admin_maps, pdf_ok=pdf_ok):
        yield from letters


def _config_json(cfg: SynthConfig) -> dict[str, Any]:
    out = dataclasses.asdict(cfg)
    out["start"] = cfg.start.isoformat()
    out["province_lag"], out["district_lag"], out["commune_lag"] = (
        list(cfg.province_lag), list(cfg.district_lag), list(cfg.commune_lag))
    out["topics"] = list(cfg.topics)
    return out


def _root_json(cascade: Cascade, gaps: list[SynthGap]) -> dict[str, Any]:
    """One root: its document, the letters of its cascade (by file) and who never responded."""
    return {"document": cascade.root.to_json(), "numbered": cascade.root.numbered, "topic": cascade.topic.key,
            "background": [d.to_json() for d in cascade.background],
            "letters": len(cascade.nodes),
            "cascade": [{"file": n.file, "level": str(n.authority.level), "role": n.role} for n in cascade.nodes],
            "audience": cascade.audience,
            "namesake": cascade.namesake.to_json() if cascade.namesake else None,
            "non_responders": [{**g.authority.to_json(), "expected_by": g.expected_by, "observable": g.observable,
                                "assumed": g.assumed, "office_replied": g.office_replied} for g in gaps]}


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def generate_corpus(out_dir: str | Path, config: SynthConfig) -> SynthSummary:
    """Write the corpus under ``out_dir`` (``letters/`` and ``truth.json``); return what was written."""
    out = Path(out_dir)
    (out / "letters").mkdir(parents=True, exist_ok=True)
    font = find_font() if config.pdf_share > 0 else None
    if config.pdf_share > 0 and font is None:
        log.warning("no TTF font with Vietnamese glyphs found (DejaVuSans); writing no PDF files")
    started = time.perf_counter()
    counts = {"txt": 0, "docx": 0, "pdf": 0}
    roots: list[dict[str, Any]] = []
    gaps: list[SynthGap] = []
    n_refs = n_edges = 0
    with open(out / "truth.json", "w", encoding="utf-8", newline="\n") as truth:
        truth.write(f'{{"format": "{FORMAT}",\n"config": {_dump(_config_json(config))},\n"letters": [\n')
        first = True
        for cascade, letters in iter_cascades(config, pdf_ok=font is not None):
            for letter in letters:
                path = out / letter.file
                if letter.format == "docx":
                    write_docx(letter.parts, path)
                elif letter.format == "pdf" and font is not None:
                    write_pdf(letter.parts, path, font)
                else:
                    path.write_text(letter.text, encoding="utf-8", newline="\n")
                counts[letter.format] += 1
                n_refs += len(letter.references)
                n_edges += len(letter.edges)
                truth.write(("" if first else ",\n") + _dump(letter.to_json()))
                first = False
            silent = cascade.gaps()
            roots.append(_root_json(cascade, silent))
            gaps += silent
        seconds = time.perf_counter() - started
        summary = SynthSummary(str(out), sum(counts.values()), counts, len(roots), n_refs, n_edges, len(gaps),
                               seconds)
        truth.write("\n],\n\"roots\": [\n" + ",\n".join(_dump(r) for r in roots) + "\n],\n")
        truth.write("\"gaps\": [\n" + ",\n".join(_dump(g.to_json()) for g in gaps) + "\n],\n")
        stable = {k: v for k, v in dataclasses.asdict(summary).items() if k not in ("seconds", "out_dir")}
        truth.write("\"summary\": " + _dump(stable) + "\n}\n")
    log.info("wrote %d letters (%s) in %.1f s: %.0f letters/s", summary.letters, counts, seconds,
             summary.letters_per_second)
    return summary

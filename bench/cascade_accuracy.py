"""Cascade accuracy: per level, trace and gaps recall/precision against generated ground truth.

    PYTHONPATH=. .venv/bin/python bench/cascade_accuracy.py [--letters 3000] [--seeds 1,2,3]
        [--formats txt] [--formats txt,docx,pdf] [--json out.json] [--workers N] [--keep DIR]

For each seed and each ``--formats`` mix (the option repeats: one run per mix) a corpus is
generated with :func:`ingest.synth.generate.generate_corpus`, ingested into a fresh embedded
store (:func:`ingest.synth.measure.ingest_corpus`: parse_files -> to_record -> add_letters), and
every root of its ``truth.json`` is asked ``trace_down`` and ``gaps``
(:func:`ingest.synth.measure.observe_roots`), scored by
:func:`ingest.synth.scoring.score_cascades` (the module docstring says how letters and
authorities are matched). A mix names the formats in a corpus: ``txt`` alone, or ``txt,docx,pdf``
(each non-txt format gets ``--share`` of the letters, txt the rest; without txt the named formats
split the letters evenly).

It prints, per run and over all runs, a table per level (province, district, commune):
trace recall / precision, gaps recall / precision, with the counts, the number of listed
recipients that are not administrative units (not scored), and a few example misses per class.
``--json`` writes every figure and the examples. ``--baseline`` also scores the classic
generator (:meth:`~ingest.synth.plan.SynthConfig.classic`: none of issue 10's failure classes) on
the same seeds and mixes, in the same run, so that what the classes cost is visible. Generation
and ingest times are printed too; they are figures, never asserted.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

log = logging.getLogger("bench.cascade_accuracy")

FORMATS = ("txt", "docx", "pdf")


def shares(mix: str, share: float) -> tuple[float, float]:
    """(docx_share, pdf_share) of a mix such as ``txt,docx,pdf``."""
    names = [m.strip() for m in mix.split(",") if m.strip()]
    bad = [m for m in names if m not in FORMATS]
    if bad or not names:
        raise SystemExit(f"--formats takes a comma list of {', '.join(FORMATS)}, not {mix!r}")
    others = [m for m in names if m != "txt"]
    each = share if "txt" in names else 1.0 / len(others) if others else 0.0
    if "txt" in names and each * len(others) > 1.0:
        raise SystemExit(f"--share {share} is too large for {len(others)} non-txt formats")
    return (each if "docx" in others else 0.0), (each if "pdf" in others else 0.0)


def run_one(letters: int, seed: int, mix: str, share: float, workers: int | None,
            work: Path, classic: bool = False) -> tuple[Any, dict[str, Any]]:
    """Generate, ingest, observe and score one corpus; the score and its timings."""
    from graph.store import open_store
    from ingest.synth.generate import SynthConfig, generate_corpus
    from ingest.synth.layout import find_font
    from ingest.synth.measure import ingest_corpus, observe_roots
    from ingest.synth.scoring import score_cascades

    docx, pdf = shares(mix, share)
    if pdf and find_font() is None:
        log.warning("no font for PDF letters: the %s mix is written without PDF", mix)
    tag = f"{seed}-{mix.replace(',', '+')}" + ("-classic" if classic else "")
    corpus = work / f"corpus-{tag}"
    shutil.rmtree(corpus, ignore_errors=True)
    t0 = time.perf_counter()
    make = SynthConfig.classic if classic else SynthConfig
    summary = generate_corpus(corpus, make(letters=letters, seed=seed, docx_share=docx, pdf_share=pdf))
    t1 = time.perf_counter()
    store_dir = work / f"store-{tag}"
    shutil.rmtree(store_dir, ignore_errors=True)
    store = open_store(str(store_dir))
    try:
        failed = ingest_corpus(corpus / "letters", store, workers=workers)
        t2 = time.perf_counter()
        truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
        observed = observe_roots(store, truth)
        t3 = time.perf_counter()
    finally:
        store.close()
    score = score_cascades(truth, observed)
    info = {"seed": seed, "formats": mix, "letters": summary.letters, "by_format": summary.by_format,
            "roots": summary.roots, "truth_gaps": summary.gaps, "failed": failed,
            "cascade_sizes": [r["letters"] for r in truth["roots"]],
            "seconds": {"generate": round(t1 - t0, 1), "ingest": round(t2 - t1, 1), "query": round(t3 - t2, 1)}}
    return score, info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--letters", type=int, default=3000, help="letters per corpus (default 3000)")
    ap.add_argument("--seeds", default="1,2,3", help="comma list of generator seeds (default 1,2,3)")
    ap.add_argument("--formats", action="append", default=None,
                    help="a mix of txt,docx,pdf in one corpus; repeat for several runs (default txt)")
    ap.add_argument("--share", type=float, default=0.2, help="share of each non-txt format in a mix with txt")
    ap.add_argument("--workers", type=int, default=None, help="parser processes (default: all cores)")
    ap.add_argument("--json", type=Path, default=None, help="write every figure here")
    ap.add_argument("--keep", type=Path, default=None, help="keep corpora and stores in this folder")
    ap.add_argument("--examples", type=int, default=5, help="example misses shown per class and level")
    ap.add_argument("--baseline", action="store_true",
                    help="also score SynthConfig.classic() corpora (no issue-10 classes) of the same seeds and mixes")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from ingest.synth.scoring import format_misses, format_table, format_tags, merge_scores

    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    mixes = args.formats or ["txt"]
    for m in mixes:
        shares(m, args.share)
    work = args.keep or Path(tempfile.mkdtemp(prefix="vanban-cascade-"))
    work.mkdir(parents=True, exist_ok=True)
    runs: list[dict[str, Any]] = []
    scores = []
    baseline: dict[str, Any] | None = None
    try:
        for mix in mixes:
            for seed in seeds:
                score, info = run_one(args.letters, seed, mix, args.share, args.workers, work)
                scores.append(score)
                runs.append({**info, "score": score.to_json()})
                s = info["seconds"]
                print(f"\n## seed {seed}, formats {mix}: {info['letters']} letters {info['by_format']}, "
                      f"{info['roots']} roots (cascades {info['cascade_sizes']}), {info['truth_gaps']} "
                      f"non-responders in truth, {len(info['failed'])} files failed; generate "
                      f"{s['generate']} s, ingest {s['ingest']} s, queries {s['query']} s")
                for f in info["failed"][:5]:
                    print("  failed:", f)
                print(format_table(score))
        if args.baseline:
            classic = []
            for mix in mixes:
                for seed in seeds:
                    score, _info = run_one(args.letters, seed, mix, args.share, args.workers, work / "classic", True)
                    classic.append(score)
            base = merge_scores(classic)
            print(f"\n## baseline: SynthConfig.classic(), same seeds and mixes ({len(classic)} runs)")
            print(format_table(base))
            baseline = base.to_json()
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    total = merge_scores(scores)
    print(f"\n## all runs ({len(runs)}: seeds {args.seeds}, formats {' | '.join(mixes)}, "
          f"{args.letters} letters each)")
    print(format_table(total))
    print("\ntrace misses by tag, among letters whose parent was found (role, damage, form of the reference up):")
    print(format_tags(total))
    print("\nexample misses:")
    print(format_misses(total, per_class=args.examples))
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "total": total.to_json(), "baseline": baseline}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

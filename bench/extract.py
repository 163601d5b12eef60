"""Benchmark the reference finder and the whole letter parse.

Usage: .venv/bin/python bench/extract.py [--mb 20] [--letters 2000] [--profile]

Builds a corpus of at least ``--mb`` MB (UTF-8) by repeating the dev passages and the sample
letters with varied numbers, then prints, measured in the same run on the same text:

- a bare ``re.finditer`` scan for number/symbol shapes (the ceiling: one regex, no work);
- ``find_references`` in MB/s (one call per passage or letter, as ingest calls it) and its
  share of the bare scan's speed (target >= 25%);
- ``ingest.letter.parse.parse_letter`` in letters/s on one core (target >= 500), when it exists.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.references.find import find_references  # noqa: E402

DEV = ROOT / "tests" / "fixtures" / "dev_references.jsonl"
LETTERS = ROOT / "examples" / "letters"
BARE_SHAPE = re.compile(r"\d+(?:/\d{4})?[/-][A-ZĐ][\wĐđ.-]*")
_DIGITS = re.compile(r"\d{2,5}")


def _vary(text: str, rng: random.Random) -> str:
    """The same text with other document numbers (so no cache or repetition helps)."""
    return _DIGITS.sub(lambda m: str(rng.randint(10, 9999)), text)


def build_corpus(target_mb: float, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    base = [json.loads(line)["text"] for line in DEV.open(encoding="utf-8") if line.strip()]
    base += [p.read_text(encoding="utf-8") for p in sorted(LETTERS.glob("*.txt"))]
    docs: list[str] = []
    size = 0
    while size < target_mb * 1e6:
        text = _vary(rng.choice(base), rng)
        docs.append(text)
        size += len(text.encode("utf-8"))
    return docs


def _mb(docs: list[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / 1e6


def bench_bare(docs: list[str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = sum(1 for d in docs for _ in BARE_SHAPE.finditer(d))
    return time.perf_counter() - t0, n


def bench_finder(docs: list[str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = sum(len(find_references(d)) for d in docs)
    return time.perf_counter() - t0, n


def bench_letters(count: int) -> str:
    try:
        from ingest.letter.parse import parse_letter
    except ImportError as e:
        return f"parse_letter: skipped ({e})"
    rng = random.Random(11)
    samples = [p.read_text(encoding="utf-8") for p in sorted(LETTERS.glob("*.txt"))]
    letters = [_vary(rng.choice(samples), rng) for _ in range(count)]
    parse_letter(letters[0])  # load the gazetteer and the admin map outside the timing
    t0 = time.perf_counter()
    for text in letters:
        parse_letter(text)
    took = time.perf_counter() - t0
    return f"parse_letter: {count} letters in {took:.2f} s = {count / took:,.0f} letters/s (target >= 500)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    ap.add_argument("--letters", type=int, default=2000, help="letters for the parse figure")
    ap.add_argument("--profile", action="store_true", help="profile find_references on 2 MB")
    args = ap.parse_args()

    docs = build_corpus(args.mb)
    mb = _mb(docs)
    for d in docs[:500]:  # build the gazetteer, load the admin map, compile patterns: not timed
        find_references(d)
    if args.profile:
        part = docs[: max(1, len(docs) // max(1, int(args.mb / 2)))]
        cProfile.runctx("bench_finder(part)", globals(), {"part": part, "bench_finder": bench_finder}, "/tmp/extract.prof")
        pstats.Stats("/tmp/extract.prof").sort_stats("cumulative").print_stats(25)
        return
    bare_s, bare_n = bench_bare(docs)
    find_s, find_n = bench_finder(docs)
    print(f"corpus: {len(docs):,} texts, {mb:.1f} MB")
    print(f"bare re.finditer scan: {mb / bare_s:,.1f} MB/s ({bare_n:,} shapes)")
    print(f"find_references:      {mb / find_s:,.1f} MB/s ({find_n:,} references) = "
          f"{100 * bare_s / find_s:.1f}% of the bare scan (target >= 25%)")
    print(bench_letters(args.letters))


if __name__ == "__main__":
    main()

"""Benchmark of ``vanban ingest`` at scale: letters/s and peak memory, next to a bare read.

    .venv/bin/python bench/ingest.py --sizes 1000,10000,100000 [--docx 1000] [--pdf 1000]

For each size a corpus is generated with :func:`ingest.synth.generate.generate_corpus` (cached under
``--cache``, default ``$TMPDIR/vanban-bench-ingest``; reused on later runs) and measured three
ways, each in a fresh child process so that peak memory is its own:

- ``read``: a bare read of the same files (every byte, one process, no parsing): the floor;
- ``parse``: :func:`ingest.corpus.parse_files` drained on all cores (no records, no store);
- ``ingest``: the real ``vanban ingest`` path (:func:`api.cli.ingest.run_ingest` around
  :func:`ingest.pipeline.ingest_paths`: parse_files -> to_record -> MemoryStore.add_letters in
  batches, progress) into a fresh store.

Peak memory is the largest sum of RSS over the main process and its workers, sampled every
50 ms with psutil, next to the main process's own peak (VmHWM) and its largest child's (``getrusage``).
CPU seconds are split between the main process and the workers: when the main process is near
the wall time, the store side (unpickling, to_record, add_letters) is the bottleneck.
``--profile`` prints where the main process spends its time during ``ingest`` (cProfile).
Targets: 100k letters on 2 cores in < 5 minutes, peak memory < 4 GB.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

log = logging.getLogger("bench.ingest")

MODES = ("read", "parse", "ingest")


# -- corpora -------------------------------------------------------------------------------
def corpus(cache: Path, letters: int, fmt: str, seed: int) -> Path:
    """The letters folder of a generated corpus, made once and reused."""
    from ingest.synth.generate import SynthConfig, generate_corpus

    out = cache / f"{fmt}-{letters}-seed{seed}"
    done = out / ".complete"
    if not done.exists():
        shutil.rmtree(out, ignore_errors=True)
        config = SynthConfig(letters=letters, seed=seed, docx_share=float(fmt == "docx"),
                             pdf_share=float(fmt == "pdf"))  # fmt: skip
        t = time.perf_counter()
        summary = generate_corpus(out, config)
        log.info("generated %d %s letters in %.1f s (%s)", summary.letters, fmt,
                 time.perf_counter() - t, summary.by_format)  # fmt: skip
        done.write_text("ok\n")
    return out / "letters"


# -- one measurement, in a child process ---------------------------------------------------
class PeakRss:
    """The largest sum of RSS over this process and all its descendants (psutil, sampled)."""

    def __init__(self, interval: float = 0.05) -> None:
        self.peak = 0
        self.available = True
        self._stop = threading.Event()
        self._interval = interval
        try:
            import psutil

            self._me = psutil.Process()
        except ImportError:
            self.available = False
            return
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        total = 0
        for p in [self._me, *self._me.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:  # a worker that just exited
                pass
        self.peak = max(self.peak, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self._interval)

    def stop(self) -> int:
        if self.available:
            self._stop.set()
            self._thread.join()
            self._sample()
        return self.peak


def _main_peak_mb() -> float:
    """This process's own peak RSS (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bare_read(letters: Path) -> int:
    from ingest.corpus import iter_letter_files

    n = 0
    for f in iter_letter_files([letters]):
        data = f.read_bytes()
        if f.suffix == ".txt":
            data.decode("utf-8")
        n += 1
    return n


def _drain_parse(letters: Path, workers: int | None) -> int:
    from ingest.corpus import parse_files

    n = 0
    for res in parse_files([letters], workers=workers):
        if res.error is not None:
            log.warning("%s: %s", res.path, res.error)
        n += 1
    return n


def _run_ingest(letters: Path, workers: int | None, profile: bool) -> int:
    from api.cli.ingest import run_ingest

    with tempfile.TemporaryDirectory(prefix="vanban-bench-store-") as store:
        if profile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            report = prof.runcall(run_ingest, [letters], store, workers=workers)[0]
            stats = pstats.Stats(prof, stream=sys.stderr)
            stats.sort_stats("tottime").print_stats(15)
            stats.sort_stats("cumulative").print_stats(
                r"to_record|add_letters|parse_files|result|update|flush"
            )
        else:
            report = run_ingest([letters], store, workers=workers)[0]
    if report.failed:
        log.warning("%d files failed", len(report.failed))
    return report.files


def child(mode: str, letters: Path, workers: int | None, profile: bool) -> dict[str, Any]:
    peak = PeakRss()
    t = time.perf_counter()
    if mode == "read":
        n = _bare_read(letters)
    elif mode == "parse":
        n = _drain_parse(letters, workers)
    else:
        n = _run_ingest(letters, workers, profile)
    wall = time.perf_counter() - t
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "mode": mode,
        "letters": n,
        "seconds": wall,
        "peak_rss_mb": peak.stop() / 2**20 if peak.available else None,
        "main_maxrss_mb": _main_peak_mb(),
        "child_maxrss_mb": kids.ru_maxrss / 1024,
        "main_cpu_s": me.ru_utime + me.ru_stime,
        "workers_cpu_s": kids.ru_utime + kids.ru_stime,
    }


def measure(mode: str, letters: Path, workers: int | None, profile: bool) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, str(letters)]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    if profile and mode == "ingest":
        cmd.append("--profile")
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=None if profile else subprocess.PIPE,
                          text=True, check=False)  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"{mode} on {letters} failed:\n{(proc.stderr or '')[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def report(label: str, row: dict[str, Any], baseline: dict[str, Any] | None) -> None:
    rate = row["letters"] / row["seconds"] if row["seconds"] > 0 else float("inf")
    peak = row["peak_rss_mb"]
    vs = ""
    if baseline is not None and row is not baseline:
        vs = f" | {row['seconds'] / baseline['seconds']:6.1f}x the bare read"
    log.info(
        "%-11s %-6s %7d letters %8.1f s %8.0f letters/s | peak RSS %s (main %.0f MB, "
        "largest child %.0f MB) | CPU main %.1f s workers %.1f s%s",
        label, row["mode"], row["letters"], row["seconds"], rate,
        f"{peak:6.0f} MB" if peak is not None else "n/a",
        row["main_maxrss_mb"], row["child_maxrss_mb"], row["main_cpu_s"], row["workers_cpu_s"], vs,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated .txt corpus sizes (add 100000 for the target)")  # fmt: skip
    parser.add_argument("--docx", type=int, default=1000, help="letters of the .docx run (0: skip)")
    parser.add_argument("--pdf", type=int, default=1000, help="letters of the .pdf run (0: skip)")
    parser.add_argument("--modes", default=",".join(MODES), help="which of read,parse,ingest")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (all cores)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "vanban-bench-ingest",
                        help="where generated corpora are kept between runs")  # fmt: skip
    parser.add_argument("--profile", action="store_true", help="cProfile the main process of ingest")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "LETTERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if args.child:
        logging.getLogger().setLevel(logging.WARNING)
        row = child(args.child[0], Path(args.child[1]), args.workers, args.profile)
        sys.stdout.write(json.dumps(row) + "\n")
        return
    modes = [m for m in args.modes.split(",") if m]
    if bad := sorted(set(modes) - set(MODES)):
        parser.error(f"unknown modes {bad}; use {','.join(MODES)}")
    runs = [("txt", int(s)) for s in args.sizes.split(",") if s]
    runs += [(fmt, n) for fmt, n in (("docx", args.docx), ("pdf", args.pdf)) if n > 0]
    log.info("%d cores; workers %s; corpora cached in %s", os.cpu_count() or 1,
             args.workers or "all", args.cache)  # fmt: skip
    for fmt, n in runs:
        letters = corpus(args.cache, n, fmt, args.seed)
        baseline = None
        for mode in ("read", *[m for m in modes if m != "read"]):
            row = measure(mode, letters, args.workers, args.profile)
            if mode == "read":
                baseline = row
                if "read" not in modes:
                    continue
            report(f"{fmt} {n}", row, baseline)
            if mode == "ingest" and fmt == "txt" and n >= 100_000:
                peak = row["peak_rss_mb"] or row["main_maxrss_mb"]
                per_100k = row["seconds"] * 100_000 / max(1, row["letters"])
                log.info("targets: 100k letters in %.0f s (< 300 s: %s), peak %.0f MB (< 4096 MB: %s)",
                         per_100k, "met" if per_100k < 300 else "MISSED", peak,
                         "met" if peak < 4096 else "MISSED")  # fmt: skip


if __name__ == "__main__":
    main()

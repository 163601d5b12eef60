"""Reliability figures: malformed files, killed ingests, health under load.

Three measurements, each printed next to a bare baseline measured in the same run:

1. **malformed files**: 1,000 bad files of 16 kinds mixed with 200 good generated letters go
   through ``vanban ingest`` (a real subprocess, two workers, a 5 s per-file budget). Printed:
   tracebacks in its output, files with a clear one-line error, good letters stored, wall time
   and peak memory (main process and workers), next to the same 200 good letters alone.
2. **SIGKILL trials**: ``vanban ingest`` of 600 letters killed at a random moment, N times;
   after each, the store must open, hold only whole letters, and no worker may survive.
3. **/healthz latency** (p50/p95/max over 40 requests) while 16 whole-graph GraphML exports run
   at once, next to the idle latency.

Run: ``PYTHONPATH=. .venv/bin/python bench/reliability.py [--trials 5]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.store.memory.store import MemoryStore  # noqa: E402
from ingest.synth.generate import SynthConfig, generate_corpus  # noqa: E402
from tests.reliability.hostile import write_paragraph_bomb, write_slow_pdf  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def malformed(folder: Path, n: int, sample: bytes) -> int:
    """``n`` bad files cycling through the kinds below; returns the number of kinds."""
    folder.mkdir(parents=True, exist_ok=True)
    zip_path = folder / "_proto.zip"
    with zipfile.ZipFile(zip_path, "w") as zf:
        zf.writestr("hello.txt", "not a docx")
    fake_docx = zip_path.read_bytes()
    zip_path.unlink()
    kinds = [
        ("empty.txt", lambda: b""),
        ("binary.txt", lambda: bytes(range(256)) * 16),
        ("zero-width.txt", lambda: "\u200b\u0301\u200c\n".encode() * 50),
        ("whitespace.txt", lambda: b" \n\t\n" * 100),
        ("nul.txt", lambda: b"\x00" * 4096),
        ("truncated-utf16.txt", lambda: "\ufeffỦy ban".encode("utf-16")[:-1]),
        ("latin1-garbage.txt", lambda: bytes(range(128, 256)) * 20),
        ("fake.pdf", lambda: b"%PDF-1.4\n garbage garbage"),
        ("no-header.pdf", lambda: b"hello, I am not a pdf"),
        ("truncated.pdf", lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog"),
        ("fake.docx", lambda: fake_docx),
        ("not-zip.docx", lambda: b"PK\x03\x04broken"),
        ("text.docx", lambda: sample),
        ("half-letter.txt", lambda: sample[: len(sample) // 3] + b"\xff\xfe"),
        ("huge.txt", lambda: b"a" * (2 * 1024 * 1024 + 1)),  # over --max-mb 2
        (os.fsdecode(b"bad-name-\xff.txt"), lambda: b""),
    ]
    for i in range(n):
        name, make = kinds[i % len(kinds)]
        (folder / f"{i:04d}-{name}").write_bytes(make())
    return len(kinds)


def run_ingest(letters: Path, store: Path, extra: list[str] | None = None) -> dict[str, object]:
    args = [sys.executable, "-m", "api.cli.main", "ingest", str(letters), "--store", str(store),
            "--workers", "2", "--max-mb", "2", "--timeout", "5", *(extra or [])]  # fmt: skip
    t = time.perf_counter()
    proc = psutil.Popen(args, env=ENV, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0.0
    box: dict[str, bytes] = {}

    def drain() -> None:
        box["out"], box["err"] = proc.communicate()

    reader = threading.Thread(target=drain)
    reader.start()
    while reader.is_alive():
        try:
            rss = proc.memory_info().rss + sum(
                c.memory_info().rss for c in proc.children(recursive=True)
            )
            peak = max(peak, rss / 2**20)
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - t
    out = box["out"].decode("utf-8", "replace") + box["err"].decode("utf-8", "replace")
    report = json.loads((store / "ingest-report.json").read_text(encoding="utf-8"))
    return {"wall_s": wall, "peak_mb": peak, "tracebacks": out.count("Traceback"),
            "report": report}  # fmt: skip


def bench_malformed(work: Path) -> None:
    corpus = work / "good"
    generate_corpus(corpus, SynthConfig(letters=200, seed=5, roots=1))
    good = sorted((corpus / "letters").rglob("*.txt"))
    mixed = work / "mixed"
    shutil.copytree(corpus / "letters", mixed / "good")
    kinds = malformed(mixed / "bad", 1000 - 2, good[0].read_bytes())
    write_paragraph_bomb(mixed / "bad" / "bomb.docx")
    write_slow_pdf(mixed / "bad" / "slow.pdf", glyphs=60_000)
    base = run_ingest(corpus / "letters", work / "store-base")
    run = run_ingest(mixed, work / "store-mixed")
    errors = run["report"]["errors"]  # type: ignore[index]
    clear = sum(1 for e in errors if e["error"] and "\n" not in e["error"]
                and "internal error" not in e["error"])  # fmt: skip
    stored = MemoryStore(work / "store-mixed").stats().full
    base_stored = MemoryStore(work / "store-base").stats().full
    print(f"malformed files: {kinds + 2} kinds, 1,000 bad files + {len(good)} good letters")
    print(f"  baseline (good letters alone): {base['wall_s']:.1f} s, peak {base['peak_mb']:.0f} MB,"
          f" {base_stored} letters stored")  # fmt: skip
    print(f"  mixed: {run['wall_s']:.1f} s, peak {run['peak_mb']:.0f} MB, "
          f"tracebacks {run['tracebacks']}, failed {len(errors)} "
          f"(clear one-line errors {clear}), letters stored {stored}, "
          f"counts {run['report']['counts']}")  # type: ignore[index]  # fmt: skip
    timeouts = [e["file"] for e in errors if "time limit" in e["error"]]
    print(f"  over the time budget: {[Path(f).name for f in timeouts]}")


def bench_sigkill(work: Path, trials: int) -> None:
    corpus = work / "kill-corpus"
    generate_corpus(corpus, SynthConfig(letters=600, seed=9, roots=1))
    rng = random.Random(1)
    rows = []
    for i in range(trials):
        store = work / f"kill-store-{i}"
        proc = psutil.Popen([sys.executable, "-m", "api.cli.main", "ingest",
                             str(corpus / "letters"), "--store", str(store), "--workers", "2",
                             "--batch", "50"], env=ENV, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(rng.uniform(1.5, 6.0))
        kids = proc.children(recursive=True)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        _, alive = psutil.wait_procs(kids, timeout=5)
        try:
            letters = MemoryStore(store).stats().full
            opened = "ok"
        except Exception as exc:  # a figure, not a test: print what happened
            letters, opened = -1, f"{type(exc).__name__}: {exc}"
        rows.append((len(kids), len(alive), opened, letters))
        for p in alive:
            p.kill()
    print(f"SIGKILL trials: {trials}")
    for n, (kids, alive, opened, letters) in enumerate(rows):
        print(f"  trial {n}: workers {kids}, alive after 5 s {alive}, store {opened}, "
              f"letters {letters}")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _latencies(url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        try:
            httpx.get(url, timeout=30)
            out.append((time.perf_counter() - t) * 1000)
        except httpx.HTTPError:
            out.append(30_000.0)
        time.sleep(0.05)
    return out


def bench_health(work: Path) -> None:
    from graph.testing import generate_cascade

    store = work / "health-store"
    records = generate_cascade(roots=5, provinces=63, seed=2).records  # ~6,000 nodes
    MemoryStore(store).add_letters(records)
    port = _port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "api.cli.main", "serve", "--store",
                               str(store), "--port", str(port)],
                              env={**ENV, "VANBAN_MAX_NODES": "1000000"}, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(300):
            try:
                httpx.get(url + "/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        nodes = MemoryStore(store).stats()
        idle = _latencies(url + "/healthz", 40)
        done: list[float] = []

        def export() -> None:
            t = time.perf_counter()
            try:
                httpx.get(url + "/api/export?format=graphml", timeout=300)
            except httpx.HTTPError:
                return  # cut by the shutdown
            done.append(time.perf_counter() - t)

        threads = [threading.Thread(target=export) for _ in range(16)]
        for t in threads:
            t.start()
        time.sleep(0.3)
        loaded = _latencies(url + "/healthz", 40)
        for t in threads:
            t.join()
        finished = len(done)
        busy = [threading.Thread(target=export, daemon=True) for _ in range(8)]
        for t in busy:
            t.start()
        time.sleep(1.0)
        term = time.perf_counter()
        server.send_signal(signal.SIGTERM)  # with eight exports in flight
        server.wait(timeout=60)
        stop = time.perf_counter() - term

        def fmt(xs: list[float]) -> str:
            q = statistics.quantiles(xs, n=20)
            return f"p50 {statistics.median(xs):.1f} ms, p95 {q[18]:.1f} ms, max {max(xs):.1f} ms"

        print(f"/healthz on a store of {nodes.documents + nodes.authorities:,} nodes")
        print(f"  idle (baseline): {fmt(idle)}")
        print(f"  during 16 concurrent whole-graph GraphML exports: {fmt(loaded)}")
        print(f"  exports finished: {finished}/16, slowest {max(done[:finished]):.1f} s")
        print(f"  SIGTERM to exit with 8 exports in flight: {stop:.1f} s")
    finally:
        if server.poll() is None:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--skip", default="", help="comma list of: malformed,sigkill,health")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    with tempfile.TemporaryDirectory(prefix="vanban-bench-rel-") as tmp:
        work = Path(tmp)
        if "malformed" not in skip:
            bench_malformed(work)
        if "sigkill" not in skip:
            bench_sigkill(work, args.trials)
        if "health" not in skip:
            bench_health(work)


if __name__ == "__main__":
    main()

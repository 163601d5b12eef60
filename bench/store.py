"""Benchmark of the embedded store: ingest, load, memory, trace_down vs networkx.

    .venv/bin/python bench/store.py --sizes 10000,100000[,1000000]

For each size, a generated cascade (graph.testing: national -> 63 provinces -> districts) of
about that many documents is ingested into a fresh store directory and compacted; the store is
then loaded from disk in a fresh object (time and RSS growth), and ``trace_down`` is timed from
national roots next to ``nx.ancestors`` on the same citation graph (every document citing the
root, transitively) in the same run; ``list_documents`` pages next to a bare sort. Targets: load 1M documents < 30 s, trace_down p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx

from graph.store.memory.store import MemoryStore
from graph.testing import iter_records

DOCS_PER_ROOT = 650  # about 1 + 58 provinces + 590 districts with the default silences


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run(size: int, samples: int, search: bool, out: logging.Logger) -> None:
    roots = max(1, round(size / DOCS_PER_ROOT))
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        store = MemoryStore(tmp, batch_size=5000, compact_bytes=1 << 40)
        records = (rec for _, rec, _ in iter_records(roots=roots, seed=1) if rec is not None)
        t = time.perf_counter()
        summary = store.add_letters(records)
        ingest_s = time.perf_counter() - t
        t = time.perf_counter()
        store.compact()
        compact_s = time.perf_counter() - t
        root_keys = [k for k in summary.keys if "-cd-ttg" in k]
        del store, summary
        gc.collect()
        rss0 = _rss_mb()
        t = time.perf_counter()
        store = MemoryStore(tmp)
        load_s = time.perf_counter() - t
        rss = _rss_mb() - rss0
        n_docs = len(store.documents)
        snap_mb = (Path(tmp) / "snapshot.bin").stat().st_size / 2**20
        picks = root_keys[:: max(1, len(root_keys) // samples)][:samples]
        ours, theirs = [], []
        for k in picks:
            t = time.perf_counter()
            rows = store.trace_down(k)
            ours.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            found = nx.ancestors(store.graph, k)
            theirs.append((time.perf_counter() - t) * 1000)
            assert len(rows) == len(found), (k, len(rows), len(found))
        out.info(
            "%9d docs | ingest %6.1f s (%5.0f docs/s) compact %5.1f s | load %6.2f s, "
            "+%6.0f MB RSS, snapshot %5.0f MB | trace_down p50 %6.2f ms p95 %6.2f ms "
            "(%d rows) | nx.ancestors p50 %6.2f ms p95 %6.2f ms",
            n_docs, ingest_s, n_docs / ingest_s, compact_s, load_s, rss, snap_mb,
            statistics.median(ours), _pct(ours, 0.95), len(rows),
            statistics.median(theirs), _pct(theirs, 0.95),
        )  # fmt: skip
        _listings(store, n_docs, out)
        if search:
            t = time.perf_counter()
            store.search("khởi tạo")  # builds the index on first use
            build_s = time.perf_counter() - t
            times = []
            for q in ("1000/CĐ-TTg", "3001/UBND-VX tan 07", "phong chong dich hoa 12-03", "dịch"):
                t = time.perf_counter()
                store.search(q, limit=20)
                times.append((time.perf_counter() - t) * 1000)
            out.info("%9d docs | search index built in %5.1f s, query p50 %6.1f ms max %6.1f ms",
                     n_docs, build_s, statistics.median(times), max(times))  # fmt: skip


def _listings(store: MemoryStore, n_docs: int, out: logging.Logger) -> None:
    """``list_documents`` pages (first, deep, filtered) next to a bare sort of every document
    (what a listing without a heap would cost), and ``list_authorities``."""
    cases = {"first page": {}, "page 100": {"offset": 5000}, "district": {"level": "district"},
             "issuer": {"issuer": "tan 07"}}  # fmt: skip
    figures = []
    for name, kw in cases.items():
        times = []
        for _ in range(5):
            t = time.perf_counter()
            store.list_documents(limit=50, **kw)  # type: ignore[arg-type]
            times.append((time.perf_counter() - t) * 1000)
        figures.append(f"{name} {statistics.median(times):6.1f} ms")
    t = time.perf_counter()
    sorted(store.documents.values(), key=lambda d: (d.issued_on.iso() if d.issued_on else "", d.key))
    bare = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    store.list_authorities(level="district", limit=50)
    auth = (time.perf_counter() - t) * 1000
    out.info("%9d docs | list_documents %s | bare sort of all %6.1f ms | list_authorities %5.1f ms",
             n_docs, ", ".join(figures), bare, auth)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="comma-separated document counts (add 1000000 for the 1M figure)")  # fmt: skip
    parser.add_argument("--samples", type=int, default=50, help="roots traced per size")
    parser.add_argument("--no-search", action="store_true", help="skip the search timings")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    out = logging.getLogger("bench.store")
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.samples, not args.no_search, out)


if __name__ == "__main__":
    main()

"""Benchmark of the Neo4j store against a real server: load rate, and query latency next to the
embedded store on the same graph in the same run.

    .venv/bin/python tools/neo4j-test-server/with_neo4j.py -- \\
        .venv/bin/python bench/neo4j_load.py [--letters 100000] [--batch-sizes 500,2000,5000,10000]
    # or against your own server: VANBAN_NEO4J_URI=… VANBAN_NEO4J_USER=… VANBAN_NEO4J_PASSWORD=…

1. A generated graph (graph.synthetic: national -> 63 provinces -> districts) of about
   ``--letters`` documents is resolved once in the embedded store.
2. **Load** (what ``vanban load-neo4j`` does: ``copy_store``, UNWIND batches, MERGE, constraints
   and indexes in place) into an emptied database, once per ``UNWIND`` batch size of
   ``--batch-sizes`` on the first ``--sweep-letters`` documents, then the whole graph at the
   best batch size: nodes/s and relationships/s (counted in the database). Target >= 20k nodes/s.
3. **Ingest** (``Neo4jStore.add_letters``: resolution against Neo4j batch by batch) of
   ``--ingest-letters`` letters into an emptied database: letters/s.
4. **Queries** on the whole graph: ``trace_down``, ``gaps`` and ``search`` p50/p95 on Neo4j and
   on the embedded store (warm, same keys, same run).

Without VANBAN_NEO4J_URI it prints a skip line and exits 0. The database's Document/Authority
nodes are deleted first.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DOCS_PER_ROOT = 650  # about 1 + 58 provinces + 590 districts with the default silences
SEARCHES = ("phong chong dich", "1000 cd ttg", "ubnd tinh", "cong van 3000", "tan 07", "dich")


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _timed(fn: Callable[[Any], Any], args: Sequence[Any]) -> tuple[float, float]:
    """p50 and p95 of ``fn(a)`` over ``args``, in ms (one warm-up call first)."""
    fn(args[0])
    ms = []
    for a in args:
        t = time.perf_counter()
        fn(a)
        ms.append((time.perf_counter() - t) * 1000)
    return statistics.median(ms), _pct(ms, 0.95)


def _counts(store: Any) -> tuple[int, int]:
    from graph.store import cypher

    s = store.stats()
    rels = sum(r["n"] for r in store._read(cypher.COUNT_RELATIONSHIPS))
    return s.documents + s.authorities, rels


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--batch-sizes", default="500,2000,5000,10000,20000")
    parser.add_argument("--sweep-letters", type=int, default=20_000)
    parser.add_argument("--ingest-letters", type=int, default=10_000)
    parser.add_argument("--rows-per-transaction", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=60)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    out = logging.getLogger("bench")
    out.setLevel(logging.INFO)
    uri = os.environ.get("VANBAN_NEO4J_URI")
    if not uri:
        out.info("SKIP neo4j_load: set VANBAN_NEO4J_URI (and VANBAN_NEO4J_USER / "
                 "VANBAN_NEO4J_PASSWORD), or run under tools/neo4j-test-server/with_neo4j.py")
        return 0
    from graph.store.memory.store import MemoryStore
    from graph.store.neo4j import Neo4jStore
    from graph.store.neo4j_write import copy_store
    from graph.testing import iter_records

    def neo(batch_size: int) -> Neo4jStore:
        return Neo4jStore.from_uri(uri, user=os.environ.get("VANBAN_NEO4J_USER"),
                                   password=os.environ.get("VANBAN_NEO4J_PASSWORD"),
                                   database=os.environ.get("VANBAN_NEO4J_DATABASE"),
                                   batch_size=batch_size)  # fmt: skip

    def generated(letters: int) -> list[Any]:
        roots = max(1, round(letters / DOCS_PER_ROOT))
        return [rec for _, rec, _ in iter_records(roots=roots, seed=1) if rec is not None]

    out.info("Neo4j %s at %s; page cache %s, java options %s; %d cores",
             os.environ.get("VANBAN_NEO4J_SERVER_VERSION") or "?", uri,
             os.environ.get("VANBAN_NEO4J_PAGECACHE", "128m (test server default)"),
             os.environ.get("VANBAN_NEO4J_JAVA_OPTS", "-Xmx1g -Xms256m"), os.cpu_count() or 0)
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        # -- 1. resolve in the embedded store ------------------------------------------
        records = generated(args.letters)
        t = time.perf_counter()
        memory = MemoryStore(Path(tmp) / "whole", batch_size=5000, compact_bytes=1 << 40)
        memory.add_letters(records)
        out.info("embedded store: %d letters resolved in %.1f s", len(records), time.perf_counter() - t)
        sweep_src = MemoryStore(Path(tmp) / "sweep", batch_size=5000, compact_bytes=1 << 40)
        sweep_src.add_letters(generated(args.sweep_letters))

        # -- 2. load: batch-size sweep, then the whole graph ---------------------------
        with neo(2000) as store:  # warm up a fresh server (JIT, store files) before timing
            store.clear()
            copy_store(sweep_src, store, rows_per_transaction=args.rows_per_transaction)
        out.info("\n| load (copy_store) | documents | UNWIND batch | nodes | relationships "
                 "| seconds | nodes/s | relationships/s |\n|---|---|---|---|---|---|---|---|")
        best = (0.0, 0)
        for size in [int(x) for x in args.batch_sizes.split(",")]:
            with neo(size) as store:
                store.clear()
                store.ensure_schema()
                t = time.perf_counter()
                copy_store(sweep_src, store, rows_per_transaction=args.rows_per_transaction)
                sec = time.perf_counter() - t
                nodes, rels = _counts(store)
            out.info("| sweep | %d | %d | %d | %d | %.1f | %.0f | %.0f |", sweep_src.stats().documents,
                     size, nodes, rels, sec, nodes / sec, rels / sec)  # fmt: skip
            best = max(best, (nodes / sec, size))
        size = best[1]
        store = neo(size)
        store.clear()
        store.ensure_schema()
        t = time.perf_counter()
        copy_store(memory, store, rows_per_transaction=args.rows_per_transaction)
        sec = time.perf_counter() - t
        nodes, rels = _counts(store)
        out.info("| whole graph | %d | %d | %d | %d | %.1f | %.0f | %.0f |", memory.stats().documents,
                 size, nodes, rels, sec, nodes / sec, rels / sec)  # fmt: skip

        # -- 4. queries on the whole graph, next to the embedded store -----------------
        stats = memory.stats()
        assert store.stats() == stats, "the copy differs from the embedded store"
        roots = sorted(k for k in memory.documents if "-cd-ttg" in k)
        provinces = sorted(k for k, d in memory.documents.items() if d.level.value == "province")
        keys = (roots * (1 + args.samples // max(1, len(roots))))[: args.samples]
        pkeys = provinces[:: max(1, len(provinces) // args.samples)][: args.samples]
        searches = list(SEARCHES) * (1 + args.samples // len(SEARCHES))
        out.info("\n| query (%d documents) | embedded p50 ms | embedded p95 ms | Neo4j p50 ms "
                 "| Neo4j p95 ms |\n|---|---|---|---|---|", stats.documents)
        cases: list[tuple[str, Callable[[Any], Callable[[Any], Any]], Sequence[Any]]] = [
            ("trace_down (national root, ~650 docs)", lambda s: s.trace_down, keys),
            ("trace_down (province, ~10 docs)", lambda s: s.trace_down, pkeys),
            ("gaps (national root)", lambda s: s.gaps, keys),
            ("search (limit 20)", lambda s: s.search, searches[: args.samples]),
        ]
        for name, pick, items in cases:
            m50, m95 = _timed(pick(memory), items)
            n50, n95 = _timed(pick(store), items)
            out.info("| %s | %.1f | %.1f | %.1f | %.1f |", name, m50, m95, n50, n95)
        store.close()
        memory.close()
        sweep_src.close()

        # -- 3. ingest: resolution against Neo4j ---------------------------------------
        if args.ingest_letters > 0:
            recs = generated(args.ingest_letters)
            with neo(2000) as store:
                store.clear()
                t = time.perf_counter()
                store.add_letters(recs)
                sec = time.perf_counter() - t
            out.info("\n| ingest (Neo4jStore.add_letters, 2000 letters per transaction) | letters "
                     "| seconds | letters/s |\n|---|---|---|---|\n| resolution against Neo4j | %d "
                     "| %.1f | %.0f |", len(recs), sec, len(recs) / sec)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

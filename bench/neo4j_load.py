"""Benchmark of loading a generated 100k-letter graph into Neo4j: nodes/s and relationships/s.

    VANBAN_NEO4J_URI=neo4j://localhost:7687 VANBAN_NEO4J_USER=neo4j VANBAN_NEO4J_PASSWORD=… \\
        .venv/bin/python bench/neo4j_load.py [--letters 100000] [--mode copy|ingest]

``copy`` (default) resolves the letters in the embedded store first, then writes the resolved
graph with ``copy_store`` (UNWIND batches, constraints and indexes in place) — what
``vanban load-neo4j`` does. ``ingest`` runs ``Neo4jStore.add_letters`` (resolution against
Neo4j, batch by batch). The database's Document/Authority nodes are deleted first. Target:
>= 20k nodes/s with the constraints in place. Without VANBAN_NEO4J_URI it prints a skip line
and exits 0.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DOCS_PER_ROOT = 650  # about 1 + 58 provinces + 590 districts with the default silences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--mode", choices=("copy", "ingest"), default="copy")
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    out = logging.getLogger("bench")
    uri = os.environ.get("VANBAN_NEO4J_URI")
    if not uri:
        out.info("SKIP neo4j_load: set VANBAN_NEO4J_URI (and VANBAN_NEO4J_USER / "
                 "VANBAN_NEO4J_PASSWORD) to load a generated graph into a Neo4j server")
        return 0
    from graph.store.memory.store import MemoryStore
    from graph.store.neo4j import Neo4jStore
    from graph.store.neo4j_write import copy_store
    from graph.testing import iter_records

    roots = max(1, round(args.letters / DOCS_PER_ROOT))
    records = [rec for _, rec, _ in iter_records(roots=roots, seed=1) if rec is not None]
    store = Neo4jStore.from_uri(uri, user=os.environ.get("VANBAN_NEO4J_USER"),
                                password=os.environ.get("VANBAN_NEO4J_PASSWORD"),
                                database=os.environ.get("VANBAN_NEO4J_DATABASE"),
                                batch_size=args.batch_size)  # fmt: skip
    with store:
        store.clear()
        store.ensure_schema()
        t = time.perf_counter()
        if args.mode == "copy":
            with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
                memory = MemoryStore(tmp, batch_size=5000, compact_bytes=1 << 40)
                memory.add_letters(records)
                resolved_s = time.perf_counter() - t
                t = time.perf_counter()
                copy_store(memory, store, rows_per_transaction=50_000)
        else:
            resolved_s = 0.0
            store.add_letters(records)
        load_s = time.perf_counter() - t
        s = store.stats()
    nodes = s.documents + s.authorities
    # citations + ISSUED + ADDRESSED_TO + UNDER, counted from the graph that was written
    rels = s.citations + s.documents + sum(len(r.addressed_to) for r in records) + s.authorities - 1
    out.info("neo4j_load mode=%s letters=%d nodes=%d relationships~%d", args.mode, len(records),
             nodes, rels)  # fmt: skip
    if resolved_s:
        out.info("  resolve in the embedded store: %.1f s", resolved_s)
    out.info("  load: %.1f s  ->  %.0f nodes/s, %.0f relationships/s (target >= 20000 nodes/s)",
             load_s, nodes / load_s, rels / load_s)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

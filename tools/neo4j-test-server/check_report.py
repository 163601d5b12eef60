#!/usr/bin/env python3
"""Fail unless the Neo4j server tier really ran: ``check_report.py REPORT.json``.

REPORT is what ``tests/conftest.py`` writes when ``VANBAN_NEO4J_REPORT`` is set: the
``neo4j``-marked tests that passed, failed and skipped. Exit 1 when no contract test
(``tests/graph/test_contract.py``) passed on Neo4j, or when any Neo4j test failed or skipped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(path: str) -> int:
    p = Path(path)
    if not p.is_file():
        print(f"check_report: {p} is missing: pytest did not run with VANBAN_NEO4J_REPORT set")
        return 1
    r = json.loads(p.read_text())
    contract = [t for t in r["passed"] if t.startswith("tests/graph/test_contract.py")]
    print(f"check_report: Neo4j {r.get('version') or '?'} at {r.get('server') or 'none'}: "
          f"{len(r['passed'])} neo4j tests passed ({len(contract)} of the contract suite), "
          f"{len(r['failed'])} failed, {len(r['skipped'])} skipped")  # fmt: skip
    for s in r["skipped"][:10]:
        print(f"  skipped: {s['test']}: {s['reason']}")
    for t in r["failed"][:10]:
        print(f"  failed: {t}")
    return 0 if contract and not r["failed"] and not r["skipped"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "test-reports/neo4j.json"))

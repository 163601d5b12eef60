"""The Neo4j server the tests run against: ``VANBAN_NEO4J_URI`` / ``_USER`` / ``_PASSWORD``
(``tools/neo4j-test-server/with_neo4j.py`` starts one and sets them; ``make test`` does)."""

from __future__ import annotations

import os
from typing import Any

import pytest

SKIP_REASON = (
    "Neo4j store: set VANBAN_NEO4J_URI (and VANBAN_NEO4J_USER / VANBAN_NEO4J_PASSWORD), or run "
    "the suite under tools/neo4j-test-server/with_neo4j.py (`make test` does)"
)


def neo4j_env() -> dict[str, str]:
    """The VANBAN_NEO4J_* variables of the test server, or skip the test saying why."""
    if not os.environ.get("VANBAN_NEO4J_URI"):
        pytest.skip(os.environ.get("VANBAN_NEO4J_SKIP_REASON") or SKIP_REASON)
    return {k: v for k, v in os.environ.items() if k.startswith("VANBAN_NEO4J_")}


def neo4j_store(**options: Any) -> Any:
    """A Neo4jStore on the test server (skips without one)."""
    from graph.store.neo4j import Neo4jStore

    env = neo4j_env()
    return Neo4jStore.from_uri(env["VANBAN_NEO4J_URI"], user=env.get("VANBAN_NEO4J_USER"),
                               password=env.get("VANBAN_NEO4J_PASSWORD"),
                               database=env.get("VANBAN_NEO4J_DATABASE"), **options)  # fmt: skip


def empty_neo4j_store(**options: Any) -> Any:
    """A Neo4jStore on the test server whose Document/Authority nodes and locks were deleted."""
    store = neo4j_store(**options)
    store._run_write("MATCH (l:WriterLock) DELETE l")  # one a test planted or left behind
    store.clear()
    return store

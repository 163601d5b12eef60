"""Shared pytest options, and the report of which Neo4j tests ran (``VANBAN_NEO4J_REPORT``)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_NEO4J_OUTCOMES = pytest.StashKey[dict[str, list[Any]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/fixtures/golden/*.json from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with ``--update-golden``."""
    return bool(request.config.getoption("--update-golden"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Record the outcome of every ``neo4j``-marked test, for ``.ci/run`` to check that the
    server tier really ran (a skipped Neo4j test fails CI)."""
    outcome = yield
    if item.get_closest_marker("neo4j") is None:
        return
    report = outcome.get_result()  # type: ignore[attr-defined]
    seen = item.config.stash.setdefault(_NEO4J_OUTCOMES, {"passed": [], "failed": [], "skipped": []})
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        seen["skipped"].append({"test": item.nodeid, "reason": reason})
    elif report.failed:
        seen["failed"].append(item.nodeid)
    elif report.when == "call":
        seen["passed"].append(item.nodeid)


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = os.environ.get("VANBAN_NEO4J_REPORT")
    if not path:
        return
    seen = session.config.stash.get(_NEO4J_OUTCOMES, {"passed": [], "failed": [], "skipped": []})
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps({
        "server": os.environ.get("VANBAN_NEO4J_URI"),
        "version": os.environ.get("VANBAN_NEO4J_SERVER_VERSION"),
        **{k: sorted(v, key=str) for k, v in seen.items()},
    }, indent=1))  # fmt: skip

"""tools/neo4j-test-server/with_neo4j.py where no server can start: the command still runs,
with the reason the Neo4j tests will give, or (``--require``) does not run at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WRAPPER = Path(__file__).resolve().parents[1] / "tools" / "neo4j-test-server" / "with_neo4j.py"
PROBE = "import os, sys; print(os.environ.get('VANBAN_NEO4J_SKIP_REASON')); " \
        "print(os.environ.get('VANBAN_NEO4J_URI')); sys.exit(7)"  # fmt: skip


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/nonexistent", "VANBAN_NEO4J_URI": "bolt://stale:1"}  # no java, no mvn
    return subprocess.run([sys.executable, str(WRAPPER), *args, "--", sys.executable, "-c", PROBE],
                          capture_output=True, text=True, env=env, timeout=60)  # fmt: skip


def test_without_java_the_command_runs_and_says_why() -> None:
    res = _run()
    assert res.returncode == 7  # the command's own status
    reason, uri = res.stdout.splitlines()
    assert "no `java` on PATH" in reason
    assert uri == "None"  # a stale URI from the caller is not passed on
    assert "running the command without it" in res.stderr


def test_require_refuses_to_run_without_a_server() -> None:
    res = _run("--require")
    assert res.returncode == 3 and res.stdout == ""
    assert "no `java` on PATH" in res.stderr

"""``vanban serve`` as a real process: where it listens comes from the settings.

Regression: the Typer defaults of ``--host``/``--port`` used to override ``VANBAN_HOST`` and
``VANBAN_PORT`` (the server always bound 127.0.0.1:8000). Everything here stays on loopback:
127.0.0.2 is a loopback address on Linux, distinct from 127.0.0.1, so a bound host is visible.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import ROOT, free_port

pytestmark = pytest.mark.slow


def _loopback_alias_works() -> bool:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.2", 0))
        return True
    except OSError:
        return False


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "/healthz", timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def _serve(
    store: Path, env_extra: dict[str, str], args: list[str], log: Path
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VANBAN_STORE": str(store), "VANBAN_REFRESH_SECONDS": "0", **env_extra}
    env.pop("VANBAN_TOKEN", None)
    with log.open("wb") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "api.cli.main", "serve", *args],
            cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip


def _wait_for(proc: subprocess.Popen[bytes], url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"serve exited with {proc.returncode}"
        if _answers(url):
            return
        time.sleep(0.1)
    raise AssertionError(f"nothing answered at {url} within {timeout}s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.mark.parametrize(
    ("env_host", "flag_host", "expect_host"),
    [
        pytest.param("127.0.0.2", None, "127.0.0.2", id="env-host-and-port"),
        pytest.param("127.0.0.2", "127.0.0.1", "127.0.0.1", id="flags-win-over-env"),
    ],
)
def test_serve_listens_where_the_settings_say(
    sample_store_dir: Path, tmp_path: Path, env_host: str, flag_host: str | None, expect_host: str
) -> None:
    if not _loopback_alias_works():
        pytest.skip("127.0.0.2 cannot be bound on this machine")
    env_port, flag_port = free_port(), free_port()
    args = ["--store", str(sample_store_dir)]
    if flag_host is not None:
        args += ["--host", flag_host, "--port", str(flag_port)]
    expect_port = flag_port if flag_host is not None else env_port
    log = tmp_path / "serve.log"
    proc = _serve(
        sample_store_dir, {"VANBAN_HOST": env_host, "VANBAN_PORT": str(env_port)}, args, log
    )
    try:
        _wait_for(proc, f"http://{expect_host}:{expect_port}")
        other_host = "127.0.0.1" if expect_host == "127.0.0.2" else "127.0.0.2"
        assert not _answers(f"http://{other_host}:{expect_port}")
        if flag_host is not None:  # the environment's address is not used as well
            assert not _answers(f"http://{env_host}:{env_port}")
    finally:
        _stop(proc)
    assert f"http://{expect_host}:{expect_port}/" in log.read_text(encoding="utf-8")

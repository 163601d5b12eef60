"""Fixtures of the HTTP tests: a store built from the sample letters through the real ingest
path, an in-process client, and a real server process on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.config import Settings
from api.main import create_app

ROOT = Path(__file__).resolve().parents[2]
LETTERS = ROOT / "examples" / "letters"
TOKEN = "test-token-123"
# The sample Lai Châu letter the district (Mường Tè) letter implements.
PROVINCE_KEY = "2022/3542-ubnd-vx@ubnd-tinh-lai-chau"
# A letter carrying markup and script: pages must show it as text.
HOSTILE_LETTER = """ỦY BAN NHÂN DÂN
HUYỆN TAM ĐƯỜNG

Số: 99/UBND-VX
Tam Đường, ngày 01 tháng 10 năm 2022

V/v <b>thử</b> <script>alert("subject")</script>

Kính gửi: UBND các xã.

Thực hiện Công văn số 3542/UBND-VX ngày 23/9/2022 của UBND tỉnh Lai Châu.
<script>window.__pwned = 1; alert("body")</script>
<img src=x onerror="window.__pwned = 2"> <a href="javascript:alert(1)">bấm</a> &amp; </pre>

CHỦ TỊCH
"""


def build_store(path: Path) -> Path:
    """Ingest examples/letters into an embedded store at ``path`` (parse → record → store)."""
    from graph.store import open_store
    from ingest.corpus import parse_files
    from ingest.records import to_record

    store = open_store(str(path))
    results = list(parse_files([LETTERS], workers=1))
    failed = {r.path: r.error for r in results if r.letter is None}
    assert not failed, f"the sample letters no longer parse: {failed}"
    records = [to_record(r.letter) for r in results if r.letter is not None]
    store.add_letters(records)
    store.close()
    return path


@pytest.fixture(scope="session")
def sample_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("store") / "vanban-data")


@pytest.fixture
def store_dir(sample_store_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the sample store (for tests that write)."""
    target = tmp_path / "vanban-data"
    shutil.copytree(sample_store_dir, target)
    return target


@pytest.fixture(scope="session")
def client(sample_store_dir: Path) -> Iterator[TestClient]:
    """A read-only client over the sample store (uploads disabled)."""
    app = create_app(Settings(store=str(sample_store_dir), token=None))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def writable_client(store_dir: Path) -> Iterator[TestClient]:
    app = create_app(
        Settings(store=str(store_dir), token=SecretStr(TOKEN), max_upload_bytes=64 * 1024)
    )
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """``uvicorn api.main:create_app`` in a subprocess, bound to 127.0.0.1."""

    def __init__(self, store: Path, log_path: Path, token: str | None = TOKEN) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "VANBAN_STORE": str(store),
            "VANBAN_REFRESH_SECONDS": "0",
        }
        env.pop("VANBAN_TOKEN", None)
        if token:
            env["VANBAN_TOKEN"] = token
        self._log = log_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._wait_ready(timeout=30.0)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("server did not start within the timeout")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()


@pytest.fixture(scope="session")
def live_server(sample_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server over a copy of the sample store, uploads enabled with :data:`TOKEN`."""
    work = tmp_path_factory.mktemp("live")
    store = work / "vanban-data"
    shutil.copytree(sample_store_dir, store)
    server = LiveServer(store, work / "server.log")
    try:
        yield server
    finally:
        server.stop()

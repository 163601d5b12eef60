"""The server stays responsive: health under heavy exports, caps, headers, a quick shutdown."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.main import SECURITY_HEADERS, create_app
from graph.store.memory.store import MemoryStore
from graph.testing import generate_cascade

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "reliability-token"


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "store"
    MemoryStore(path).add_letters(generate_cascade(provinces=30, districts=(6, 8), seed=2).records)
    return path


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``vanban serve`` in a subprocess on 127.0.0.1 (the real uvicorn settings)."""

    def __init__(self, store: Path, log: Path, **env: str) -> None:
        self.port = _port()
        self.url = f"http://127.0.0.1:{self.port}"
        full = {**os.environ, "PYTHONPATH": str(ROOT), "VANBAN_TOKEN": TOKEN,
                "VANBAN_REFRESH_SECONDS": "0", **env}  # fmt: skip
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "api.cli.main", "serve", "--store", str(store),
             "--port", str(self.port)],
            cwd=ROOT, env=full, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _ in range(300):  # bounded: 30 s
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._log.close()


@pytest.fixture
def server(big_store: Path, tmp_path: Path) -> Iterator[Server]:
    s = Server(big_store, tmp_path / "server.log", VANBAN_MAX_NODES="1000000",
               VANBAN_MAX_UPLOAD_BYTES="4096", VANBAN_MAX_UPLOAD_FILES="2")  # fmt: skip
    try:
        yield s
    finally:
        s.stop()


@pytest.mark.slow
def test_healthz_answers_while_heavy_exports_run_and_sigterm_stops_quickly(server: Server) -> None:
    results: list[int] = []

    def export() -> None:
        try:
            res = httpx.get(server.url + "/api/export?format=graphml", timeout=120)
            results.append(res.status_code)
        except httpx.HTTPError:
            results.append(-1)

    heavy = [threading.Thread(target=export, daemon=True) for _ in range(24)]
    for t in heavy:
        t.start()
    time.sleep(0.5)
    health = []
    for _ in range(20):  # bounded request loop
        res = httpx.get(server.url + "/healthz", timeout=5)
        health.append(res.status_code)
        time.sleep(0.1)
    assert health == [200] * 20
    server.proc.send_signal(signal.SIGTERM)
    server.proc.wait(timeout=15)  # graceful shutdown is 3 s; it must not run the queue out
    for t in heavy:
        t.join(timeout=30)


def test_a_chunked_upload_cannot_pass_the_size_cap(server: Server) -> None:
    boundary = "vanbanboundary"

    def body() -> Iterator[bytes]:
        yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
               f"filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode()  # fmt: skip
        for _ in range(4096):  # 64 MB offered, no Content-Length
            yield b"a" * 16384
        yield f"\r\n--{boundary}--\r\n".encode()

    try:
        res = httpx.post(server.url + "/api/letters", content=body(), timeout=60,
                         headers={"Authorization": f"Bearer {TOKEN}",
                                  "Content-Type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
        assert res.status_code == 413, res.text[:300]
    except httpx.HTTPError:
        pass  # the server may close the connection on the rest of the body: also a refusal
    assert httpx.get(server.url + "/healthz", timeout=5).status_code == 200


def test_every_page_has_the_security_headers_and_405_keeps_allow(big_store: Path) -> None:
    with TestClient(create_app(Settings(store=str(big_store)))) as client:
        for url in ("/", "/healthz", "/api/stats", "/docs", "/nothing-here"):
            res = client.get(url)
            for name, value in SECURITY_HEADERS.items():
                assert res.headers.get(name) == value, (url, name)
        res = client.post("/api/stats")
        assert res.status_code == 405 and "GET" in res.headers.get("allow", "")


def test_openapi_documents_the_enforced_depth_bound(big_store: Path) -> None:
    with TestClient(create_app(Settings(store=str(big_store), max_depth=7))) as client:
        schema = client.get("/openapi.json").json()
        bounds = {
            opt.get("maximum")
            for methods in schema["paths"].values()
            for op in methods.values()
            for p in op.get("parameters", [])
            if p["name"] == "depth"
            for opt in p["schema"].get("anyOf", [p["schema"]])
            if opt.get("type") == "integer"
        }
        assert bounds == {7}
        key = next(iter(MemoryStore(big_store).documents))
        assert client.get(f"/api/documents/{key}/downstream?depth=8").status_code == 422
        assert client.get(f"/api/documents/{key}/downstream?depth=7").status_code == 200


def test_whole_graph_exports_over_the_cap_point_to_the_cli(big_store: Path) -> None:
    with TestClient(create_app(Settings(store=str(big_store), max_nodes=100))) as client:
        for fmt in ("graphml", "json", "gexf", "csv", "xlsx", "html"):
            res = client.get(f"/api/export?format={fmt}")
            assert res.status_code == 413, fmt
            assert "vanban export" in res.json()["error"]


def test_upload_errors_never_show_the_servers_temp_paths(big_store: Path, tmp_path: Path) -> None:
    import shutil

    from pydantic import SecretStr

    store = tmp_path / "store"
    shutil.copytree(big_store, store)
    settings = Settings(store=str(store), token=SecretStr(TOKEN), file_timeout=5)
    files = [
        ("files", ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "application/pdf")),
        ("files", ("broken.docx", b"PK\x03\x04broken", "application/octet-stream")),
        ("files", ("empty.txt", b"", "text/plain")),
    ]
    with TestClient(create_app(settings)) as client:
        res = client.post("/api/letters", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
    assert res.status_code == 200, res.text
    body = res.json()
    assert [f["ok"] for f in body["files"]] == [False, False, False]
    assert "vanban-upload-" not in res.text and "/tmp" not in res.text


def test_a_client_that_never_finishes_its_headers_is_cut_off(big_store: Path, tmp_path: Path) -> None:
    s = Server(big_store, tmp_path / "server.log", VANBAN_HEADER_TIMEOUT="1")
    try:
        with socket.create_connection(("127.0.0.1", s.port), timeout=10) as sock:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
            assert sock.recv(1024) == b""  # closed by the server (recv times out after 10 s)
        assert httpx.get(s.url + "/healthz", timeout=5).status_code == 200
    finally:
        s.stop()

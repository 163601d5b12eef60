"""Benchmark of the HTTP API over loopback, next to a bare FastAPI endpoint in the same run.

    .venv/bin/python bench/api.py [--roots 10] [--duration 5] [--concurrency 32]

A generated cascade (graph.testing; about 650 documents per national root) is ingested into
a fresh store; ``vanban``'s app is started with uvicorn in one subprocess and a bare FastAPI app
(one sync endpoint returning a constant) in another, both on 127.0.0.1. This process then
drives each scenario with ``--concurrency`` concurrent keep-alive clients for ``--duration``
seconds and prints requests per second and p50/p95/p99 latency:

- bare:             GET /ping on the bare app (the floor: uvicorn + FastAPI + the client)
- lookup-key:       GET /api/documents/{key} for random document keys
- lookup-typed:     GET /api/documents/{number/symbol as typed}, e.g. 1068/CĐ-TTg
- downstream-prov:  GET /api/documents/{province letter}/downstream (a province's districts)
- downstream-root:  GET /api/documents/{national root}/downstream (~600 rows)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_bare(port: int) -> None:
    import uvicorn
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/ping")
    def ping() -> dict[str, bool]:
        return {"ok": True}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _start(cmd: list[str], env: dict[str, str], url: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {' '.join(cmd)}")
        try:
            httpx.get(url, timeout=1.0)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class _Connection:
    """A minimal HTTP/1.1 keep-alive client (GET only): far lighter than a full client, so the
    load generator is not what is measured."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = next(
            (int(v) for k, _, v in (ln.partition(":") for ln in lines[1:])
             if k.lower() == "content-length"), 0,
        )  # fmt: skip
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _drive(base: str, paths: Callable[[], str], concurrency: int, duration: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    host, port = base.removeprefix("http://").split(":")
    deadline = time.perf_counter() + duration

    async def worker() -> None:
        nonlocal errors
        conn = _Connection(host, int(port))
        try:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    status = await conn.get(paths())
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    errors += 1
                    conn.close()
                    conn = _Connection(host, int(port))
                    continue
                latencies.append(time.perf_counter() - t0)
                if status != 200:
                    errors += 1
        finally:
            conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {
        "rps": len(latencies) / elapsed,
        "p50": _pct(latencies, 0.50) * 1000,
        "p95": _pct(latencies, 0.95) * 1000,
        "p99": _pct(latencies, 0.99) * 1000,
        "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "n": len(latencies),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roots", type=int, default=10, help="national roots (~650 docs each)")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per scenario")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--serve-bare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        _serve_bare(args.serve_bare)
        return

    from graph.models import Level
    from graph.store import open_store
    from graph.testing import generate_cascade

    cascade = generate_cascade(roots=args.roots, seed=7)
    docs = [r.document for r in cascade.records]
    with tempfile.TemporaryDirectory(prefix="vanban-bench-api-") as tmp:
        store_dir = Path(tmp) / "store"
        t0 = time.perf_counter()
        store = open_store(str(store_dir))
        summary = store.add_letters(cascade.records)
        keys = list(summary.keys)  # one per record, in order
        stats = store.stats()
        store.close()
        print(f"store: {stats.documents} documents, {stats.citations} citations "
              f"(ingested in {time.perf_counter() - t0:.1f} s)")  # fmt: skip
        provinces = [k for k, d in zip(keys, docs, strict=True) if d.level is Level.PROVINCE]
        roots = [k for k, d in zip(keys, docs, strict=True) if d.level is Level.CENTRAL]
        typed = [f"{d.number}/{d.symbol}" for d in docs if d.level is Level.CENTRAL and d.number]

        app_port, bare_port = _free_port(), _free_port()
        env = {**os.environ, "VANBAN_STORE": str(store_dir), "VANBAN_MAX_NODES": "5000"}
        env.pop("VANBAN_TOKEN", None)
        app_url, bare_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{bare_port}"
        app = _start([sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
                      "--host", "127.0.0.1", "--port", str(app_port), "--log-level", "warning",
                      "--no-access-log"], env, app_url + "/healthz")  # fmt: skip
        bare = _start([sys.executable, __file__, "--serve-bare", str(bare_port)], env,
                      bare_url + "/ping")  # fmt: skip
        rng = random.Random(1)
        scenarios: list[tuple[str, str, Callable[[], str]]] = [
            ("bare", bare_url, lambda: "/ping"),
            ("lookup-key", app_url, lambda: "/api/documents/" + quote(rng.choice(keys), safe="/@")),
            ("lookup-typed", app_url, lambda: "/api/documents/" + quote(rng.choice(typed), safe="/")),
            ("downstream-prov", app_url,
             lambda: "/api/documents/" + quote(rng.choice(provinces), safe="/@") + "/downstream"),
            ("downstream-root", app_url,
             lambda: "/api/documents/" + quote(rng.choice(roots), safe="/@") + "/downstream"),
        ]  # fmt: skip
        try:
            asyncio.run(_drive(app_url, lambda: "/healthz", 4, 1.0))  # warm up (opens the store)
            print(f"concurrency {args.concurrency}, {args.duration:.0f} s per scenario, loopback, "
                  f"client and servers on {os.cpu_count()} cores")  # fmt: skip
            print(f"{'scenario':<17}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
                  f"{'requests':>10}{'errors':>8}")  # fmt: skip
            for name, base, paths in scenarios:
                r = asyncio.run(_drive(base, paths, args.concurrency, args.duration))
                print(f"{name:<17}{r['rps']:>9.0f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
                      f"{r['n']:>10.0f}{r['errors']:>8.0f}")  # fmt: skip
        finally:
            for proc in (app, bare):
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()


if __name__ == "__main__":
    main()

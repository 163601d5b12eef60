"""The product on Neo4j end to end: real ``vanban`` processes against the test server
(``make test`` starts it), every query command's answer compared with the embedded store's on
the sample letters, ``load-neo4j``, and ``vanban serve --store bolt://…`` answering pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import networkx as nx
import pytest

from tests.api.conftest import LETTERS, PROVINCE_KEY, ROOT, free_port
from tests.neo4j_support import empty_neo4j_store, neo4j_env

pytestmark = pytest.mark.neo4j
MUONG_TE = "ubnd-huyen-muong-te-lai-chau"


def vanban(*args: str) -> subprocess.CompletedProcess[str]:
    env = {"COLUMNS": "200", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **neo4j_env()}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True,
                          text=True, timeout=600, env=env, cwd=ROOT)  # fmt: skip


def as_json(res: subprocess.CompletedProcess[str]) -> Any:
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The sample letters ingested by `vanban ingest` into an embedded store and into Neo4j."""
    uri = neo4j_env()["VANBAN_NEO4J_URI"]
    empty_neo4j_store().close()
    embedded = str(tmp_path_factory.mktemp("e2e") / "vanban-data")
    for store in (embedded, uri):
        res = vanban("ingest", str(LETTERS), "--store", store, "--workers", "1")
        assert res.returncode == 0, res.stderr
    assert not (ROOT / "bolt:").exists(), "ingest into Neo4j wrote a report under ./bolt:/"
    return {"embedded": embedded, "neo4j": uri}


QUERIES = {
    "trace-down": ("trace", "1068/CĐ-TTg", "--down"),
    "trace-down-district": ("trace", "3542/UBND-VX", "--down", "--level", "district"),
    "trace-down-depth": ("trace", "3542/UBND-VX", "--down", "--depth", "1"),
    "trace-up": ("trace", "2022/draft-ubnd-vx-2022-09-16da6390@ubnd-huyen-muong-te-lai-chau", "--up"),
    "gaps": ("gaps", "3542/UBND-VX"),
    "gaps-commune": ("gaps", "3542/UBND-VX", "--level", "commune"),
    "show-document": ("show", PROVINCE_KEY),
    "show-authority": ("show", MUONG_TE),
    "search": ("search", "tiem chung vac xin"),
    "search-symbol": ("search", "1068 cd ttg"),
    "stats": ("stats",),
}


@pytest.mark.parametrize("query", list(QUERIES), ids=list(QUERIES))
def test_every_query_command_answers_as_on_the_embedded_store(
    stores: dict[str, str], query: str
) -> None:
    args = QUERIES[query]
    got = {name: as_json(vanban(*args, "--store", s, "--format", "json"))
           for name, s in stores.items()}  # fmt: skip
    if args[0] == "show":  # documented: edges of one kind come by key here, by ingest order there
        for g in got.values():
            g["edges"] = sorted(g["edges"], key=lambda e: json.dumps(e, sort_keys=True))
    assert got["neo4j"] == got["embedded"]
    assert got["neo4j"], f"{query} answered nothing"


def test_reingest_into_neo4j_is_idempotent(stores: dict[str, str]) -> None:
    before = as_json(vanban("stats", "--store", stores["neo4j"], "--format", "json"))
    res = vanban("ingest", str(LETTERS), "--store", stores["neo4j"])
    assert res.returncode == 0, res.stderr
    assert "unchanged" in res.stdout
    assert as_json(vanban("stats", "--store", stores["neo4j"], "--format", "json")) == before


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv", "cypher", "html"])
def test_export_from_neo4j(stores: dict[str, str], tmp_path: Path, fmt: str) -> None:
    paths = {}
    for name, s in stores.items():
        out = tmp_path / name / (f"graph.{fmt}" if fmt != "csv" else "csv")
        out.parent.mkdir(parents=True, exist_ok=True)
        res = vanban("export", "--format", fmt, "--out", str(out), "--store", s)
        assert res.returncode == 0, res.stderr
        paths[name] = out
    if fmt in ("graphml", "gexf"):
        read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        g = {n: read(p) for n, p in paths.items()}
        assert sorted(g["neo4j"].nodes(data=True)) == sorted(g["embedded"].nodes(data=True))
        # GEXF edge ids number the edges in export order, which differs (sorted comparison)
        edges = {n: sorted(repr((u, v, sorted((k, x) for k, x in d.items() if k != "id")))
                           for u, v, d in graph.edges(data=True)) for n, graph in g.items()}  # fmt: skip
        assert edges["neo4j"] == edges["embedded"]
    elif fmt == "csv":
        for f in ("nodes.csv", "edges.csv"):
            rows = {n: sorted((p / f).read_text(encoding="utf-8").splitlines()) for n, p in paths.items()}
            assert rows["neo4j"] == rows["embedded"]
    else:
        assert paths["neo4j"].stat().st_size > 0


def test_load_neo4j_copies_an_embedded_store(stores: dict[str, str]) -> None:
    uri = stores["neo4j"]
    expected = {q: as_json(vanban(*QUERIES[q], "--store", stores["embedded"], "--format", "json"))
                for q in ("stats", "trace-down", "gaps")}  # fmt: skip
    empty_neo4j_store().close()
    res = vanban("load-neo4j", "--from", stores["embedded"], "--store", uri)
    assert res.returncode == 0, res.stderr
    for q, want in expected.items():
        assert as_json(vanban(*QUERIES[q], "--store", uri, "--format", "json")) == want
    res = vanban("load-neo4j", "--from", stores["embedded"], "--store", uri)  # again: MERGE only
    assert res.returncode == 0, res.stderr
    assert as_json(vanban("stats", "--store", uri, "--format", "json")) == expected["stats"]


def test_serve_on_neo4j_answers_pages(stores: dict[str, str], tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, **neo4j_env(), "PYTHONPATH": str(ROOT)}
    for name in ("VANBAN_TOKEN", "VANBAN_STORE"):
        env.pop(name, None)
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(_serve_command(stores["neo4j"], port), cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(proc, base)
        with httpx.Client(base_url=base, timeout=30) as c:
            assert c.get("/").status_code == 200
            hits = c.get("/api/documents", params={"q": "3542"}).json()
            assert PROVINCE_KEY in {h["key"] for h in hits["data"]}
            doc = c.get("/api/documents/3542%2FUBND-VX", params={"issuer": "ubnd-tinh-lai-chau"})
            assert doc.status_code in (200, 409)
            down = c.get(f"/api/documents/{PROVINCE_KEY}/downstream").json()
            assert any(r["issuer_key"] == MUONG_TE for r in down["data"])
            gaps = c.get(f"/api/documents/{PROVINCE_KEY}/gaps").json()
            assert gaps["count"] > 0
            page = c.get(f"/documents/{PROVINCE_KEY}")
            assert page.status_code == 200 and "3542" in page.text
            assert c.get(f"/authorities/{MUONG_TE}").status_code == 200
            stats = c.get("/api/stats").json()
            assert stats["documents"] > 5
            export = c.get("/api/export", params={"format": "graphml", "root": PROVINCE_KEY})
            assert export.status_code == 200 and b"<graphml" in export.content
            assert c.get("/api/documents/2021%2F9999-xx").status_code == 404
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _serve_command(store: str, port: int) -> list[str]:
    return [sys.executable, "-m", "api.cli", "serve", "--store", store, "--host", "127.0.0.1",
            "--port", str(port)]


def _wait_healthy(proc: subprocess.Popen[bytes], base: str) -> None:
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"vanban serve exited with {proc.returncode}"
        try:
            if httpx.get(base + "/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("vanban serve did not answer /healthz in 60 s")

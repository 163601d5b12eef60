"""The store commands end to end, as a real ``vanban`` process on real files (issue #3's checks)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

LETTERS = Path(__file__).resolve().parents[2] / "examples" / "letters"
MUONG_TE = "ubnd-huyen-muong-te-lai-chau"


def vanban(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


def as_json(res: subprocess.CompletedProcess[str]) -> object:
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("store") / "vanban-data"
    res = vanban("ingest", str(LETTERS), "--store", str(path), "--workers", "2")
    assert res.returncode == 0, res.stderr
    return str(path)


def test_district_letter_implements_the_province_letter(store: str) -> None:
    rows = as_json(
        vanban(
            "trace",
            "3542/UBND-VX",
            "--down",
            "--level",
            "district",
            "--store",
            store,
            "--format",
            "json",
        )
    )
    assert isinstance(rows, list)
    assert [r["issuer_key"] for r in rows] == [MUONG_TE]


def test_tam_duong_command_centre_implements_3375(store: str) -> None:
    rows = as_json(vanban("trace", "3375/UBND-VX", "--down", "--store", store, "--format", "json"))
    assert isinstance(rows, list)
    assert any(r["number"] == "33" and r["symbol"] == "CV-TTCH" for r in rows)


def test_trace_up_from_muong_te_reaches_3542(store: str) -> None:
    down = as_json(vanban("trace", "3542/UBND-VX", "--down", "--store", store, "--format", "json"))
    assert isinstance(down, list)
    letter_key = down[0]["key"]
    up = as_json(vanban("trace", letter_key, "--up", "--store", store, "--format", "json"))
    assert isinstance(up, list)
    reached = {r["key"] for r in up}
    assert "2022/3542-ubnd-vx@ubnd-tinh-lai-chau" in reached
    assert all(r["issuer_name"] for r in up)


def test_1068_is_implemented_by_lai_chau_letter_of_august_2021(store: str) -> None:
    rows = as_json(vanban("trace", "1068/CD-TTg", "--down", "--store", store, "--format", "json"))
    assert isinstance(rows, list)
    assert [(r["issuer_key"], r["issued_on"]) for r in rows] == [("ubnd-tinh-lai-chau", "2021-08")]


def test_muong_te_sits_under_lai_chau_under_the_government(store: str) -> None:
    shown = as_json(vanban("show", MUONG_TE, "--store", store, "--format", "json"))
    assert isinstance(shown, dict)
    assert shown["node"]["parent_key"] == "ubnd-tinh-lai-chau"
    province = as_json(vanban("show", "ubnd-tinh-lai-chau", "--store", store, "--format", "json"))
    assert isinstance(province, dict)
    assert province["node"]["parent_key"] == "chinh-phu"


def test_reingest_is_idempotent(store: str) -> None:
    before = as_json(vanban("stats", "--store", store, "--format", "json"))
    res = vanban("ingest", str(LETTERS), "--store", store)
    assert res.returncode == 0, res.stderr
    after = as_json(vanban("stats", "--store", store, "--format", "json"))
    assert before == after
    report = json.loads((Path(store) / "ingest-report.json").read_text(encoding="utf-8"))
    assert report["counts"]["unchanged"] == 5


def test_search_without_diacritics(store: str) -> None:
    hits = as_json(vanban("search", "tiem chung vac xin", "--store", store, "--format", "json"))
    assert isinstance(hits, list) and hits


def test_csv_output_has_a_header(store: str) -> None:
    res = vanban("gaps", "3542/UBND-VX", "--store", store, "--format", "csv")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[0].startswith("authority_key,name,level")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_round_trips_through_networkx(store: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    res = vanban("export", "--format", fmt, "--out", str(out), "--store", store)
    assert res.returncode == 0, res.stderr
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    stats = as_json(vanban("stats", "--store", store, "--format", "json"))
    assert isinstance(stats, dict)
    assert g.number_of_nodes() == stats["documents"] + stats["authorities"]


def test_unknown_key_is_a_clear_error(store: str) -> None:
    res = vanban("trace", "9999/XX-YY", "--down", "--store", store)
    assert res.returncode == 1
    assert "error" in res.stderr and "Traceback" not in res.stderr


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    res = vanban("stats", "--store", str(tmp_path / "nowhere"))
    assert res.returncode == 1
    assert "no store" in res.stderr


def test_bad_files_are_reported_and_the_rest_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(LETTERS.glob("000_*.txt")), folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (folder / "binary.pdf").write_bytes(b"%PDF-1.4\n\x00\x01\x02 truncated")
    store = tmp_path / "store"
    res = vanban("ingest", str(folder), "--store", str(store))
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    report = json.loads((store / "ingest-report.json").read_text(encoding="utf-8"))
    failed = {Path(e["file"]).name for e in report["errors"]}
    assert failed == {"empty.txt", "broken.docx", "binary.pdf"}
    stats = as_json(vanban("stats", "--store", str(store), "--format", "json"))
    assert isinstance(stats, dict) and stats["full"] == 1
    # a second bad run loses nothing already stored
    (folder / "good.txt").unlink()
    vanban("ingest", str(folder), "--store", str(store))
    again = as_json(vanban("stats", "--store", str(store), "--format", "json"))
    assert isinstance(again, dict) and again["full"] == 1

"""The ``vanban`` console script, run as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_commands() -> None:
    res = run_cli("--help")
    assert res.returncode == 0
    assert "extract" in res.stdout


def test_extract_without_input_is_a_clear_error() -> None:
    res = run_cli("extract")
    assert res.returncode == 1
    assert "error" in res.stderr
    assert "Traceback" not in res.stderr


def test_extract_reads_standard_input_as_json() -> None:
    text = "Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ."
    res = run_cli("extract", "-", "--format", "json", stdin=text)
    assert res.returncode == 0, res.stderr
    (payload,) = json.loads(res.stdout)
    (ref,) = payload["references"]
    assert text[ref["start"] : ref["end"]] == ref["text"]
    assert (ref["number"], ref["symbol"], ref["date"]) == ("1068", "CĐ-TTg", "2021-08-05")
    assert ref["issuer"]["name"] == "Thủ tướng Chính phủ"
    assert ref["relation"] == "implements"


def test_extract_jsonl_writes_one_line_per_input(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {"id": "a", "text": "Căn cứ Nghị định số 15/2021/NĐ-CP của Chính phủ"},
            ensure_ascii=False,
        )
        + "\nnot json\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    res = run_cli("extract", "--jsonl", str(src), "--out", str(out))
    assert res.returncode == 1  # the bad line is reported, the good one written
    assert "in.jsonl:2" in res.stderr
    (line,) = out.read_text(encoding="utf-8").splitlines()
    row = json.loads(line)
    assert row["id"] == "a" and row["references"][0]["year"] == 2021


def test_commands_register_explicitly() -> None:
    """No command registers by import side effect: each module's register(app) adds them."""
    import typer

    import api.cli.common
    from api.cli.main import COMMAND_MODULES, make_app

    assert not hasattr(api.cli.common, "app")
    one, two = make_app(), make_app()
    names = [c.name or c.callback.__name__ for c in one.registered_commands if c.callback]
    assert names == [c.name or c.callback.__name__ for c in two.registered_commands if c.callback]
    assert {"extract", "ingest", "trace", "gaps", "show", "search", "stats", "export",
            "load-neo4j", "synth", "serve", "demo"} <= set(names)  # fmt: skip
    bare = typer.Typer()
    COMMAND_MODULES[0].register(bare)
    assert [c.callback.__name__ for c in bare.registered_commands if c.callback] == ["extract"]

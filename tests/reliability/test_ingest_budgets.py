"""Every file has a time budget, odd names are stored as text, workers never outlive the run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from graph.store.memory.store import MemoryStore
from ingest.pipeline import ingest_paths
from tests.reliability.hostile import write_paragraph_bomb, write_slow_pdf

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "letters"
BAD_NAME = os.fsdecode(b"bad\xff.txt")


def _cli(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "api.cli.main", *args], capture_output=True,
                          text=True, env=env, timeout=timeout, cwd=ROOT)  # fmt: skip


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    root = tmp_path / "letters"
    root.mkdir()
    for f in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(f, root / f.name)
    return root


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2], ids=["one-worker", "two-workers"])
def test_a_slow_pdf_is_one_error_and_the_others_are_stored(
    letters: Path, tmp_path: Path, workers: int
) -> None:
    write_slow_pdf(letters / "0-slow.pdf")
    write_paragraph_bomb(letters / "1-bomb.docx")
    store = MemoryStore(tmp_path / "store")
    report = ingest_paths([letters], store, workers=workers, in_process=False, timeout_s=2)
    assert [(Path(f.path).name, "time limit" in f.reason) for f in report.failed] == [
        ("0-slow.pdf", True)
    ]
    assert report.added == 6  # the five letters and the bomb, read in linear time
    assert store.stats().full == 6


def test_a_non_utf8_file_name_goes_through_ingest_exports_and_pages(
    letters: Path, tmp_path: Path
) -> None:
    bad = letters / BAD_NAME
    shutil.copy(sorted(EXAMPLES.glob("*.txt"))[0], bad)
    (letters / os.fsdecode(b"empty\xfe.txt")).write_bytes(b"")
    store_dir = tmp_path / "store"
    run = _cli("ingest", str(letters), "--store", str(store_dir), "--workers", "1")
    assert run.returncode == 1 and "Traceback" not in run.stderr  # the empty one failed
    report = json.loads((store_dir / "ingest-report.json").read_text(encoding="utf-8"))
    assert report["counts"]["failed"] == 1 and report["errors"][0]["file"].endswith(
        "empty\\xfe.txt"
    )
    store = MemoryStore(store_dir)
    assert any(src.endswith("bad\\xff.txt") for src in store.sources())
    for fmt in ("json", "graphml", "gexf", "csv", "cypher", "cytoscape", "xlsx", "html"):
        out = tmp_path / f"out-{fmt}"
        done = _cli("export", "--format", fmt, "--store", str(store_dir), "--out", str(out))
        assert done.returncode == 0, (fmt, done.stderr[-500:])
    from fastapi.testclient import TestClient

    from api.config import Settings
    from api.main import create_app

    key = next(k for k, d in store.documents.items() if (d.source or "").endswith("bad\\xff.txt"))
    with TestClient(create_app(Settings(store=str(store_dir)))) as client:
        for url in (f"/api/documents/{key}", f"/documents/{key}", f"/documents/{key}/graph",
                    "/api/export?format=json", "/api/export?format=graphml"):  # fmt: skip
            res = client.get(url)
            assert res.status_code == 200, (url, res.text[:300])
            assert str(tmp_path) not in res.text, url  # stored relative: no server path


def test_an_unreadable_subfolder_is_reported(letters: Path) -> None:
    # pytest's own temp folder is private to root: the walk runs in a folder 'nobody' can enter
    shared = Path(tempfile.mkdtemp(prefix="vanban-unreadable-"))
    os.chmod(shared, 0o755)
    letters = Path(shutil.copytree(letters, shared / "letters"))
    locked = letters / "locked"
    locked.mkdir()
    shutil.copy(sorted(EXAMPLES.glob("*.txt"))[0], locked / "hidden-letter.txt")
    locked.chmod(0)
    try:
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("running as root, and no setpriv to run the walk as another user")
            # root reads every folder: walk as the unprivileged user 'nobody' instead
            code = ("import json,sys; from ingest.corpus import iter_letter_files; s=[]; "
                    "f=list(iter_letter_files([sys.argv[1]], on_skip=lambda p,r: s.append(r)));"
                    "print(json.dumps([len(f), s]))")  # fmt: skip
            done = subprocess.run(
                ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                 sys.executable, "-c", code, str(letters)],
                capture_output=True, text=True, timeout=60, cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )  # fmt: skip
            if done.returncode != 0 and "Permission denied" in done.stderr:
                pytest.skip(f"user nobody cannot run the test's Python: {done.stderr[-200:]}")
            assert done.returncode == 0, done.stderr
            files, skipped = json.loads(done.stdout)
        else:
            from ingest.corpus import iter_letter_files

            notes: list[str] = []
            files = len(list(iter_letter_files([letters], on_skip=lambda p, r: notes.append(r))))
            skipped = notes
        assert files == 5
        assert any("folder cannot be read" in r for r in skipped), skipped
    finally:
        locked.chmod(0o755)
        shutil.rmtree(shared, ignore_errors=True)


@pytest.mark.slow
def test_a_killed_ingest_leaves_no_worker_alive(tmp_path: Path) -> None:
    from ingest.synth.generate import SynthConfig, generate_corpus

    generate_corpus(tmp_path / "corpus", SynthConfig(letters=400, seed=11, roots=1))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli.main", "ingest", str(tmp_path / "corpus" / "letters"),
         "--store", str(tmp_path / "store"), "--workers", "2"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    parent = psutil.Process(proc.pid)
    children: list[psutil.Process] = []
    for _ in range(200):  # until the pool is up (bounded: 20 s)
        children = parent.children(recursive=True)
        if len(children) >= 2:
            break
        time.sleep(0.1)
    assert children, "the ingest never started its workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert alive == []
    MemoryStore(tmp_path / "store")  # whatever was committed opens cleanly


def test_a_second_ingest_refuses_before_committing_anything(letters: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    holder = MemoryStore(store_dir)
    with holder.writing():
        run = _cli("ingest", str(letters), "--store", str(store_dir), "--workers", "1",
                   "--wait", "0.5")  # fmt: skip
    assert run.returncode == 1 and "another process is writing" in run.stderr
    assert MemoryStore(store_dir).stats().full == 0


@pytest.mark.slow
def test_a_worker_that_dies_is_replaced_and_no_file_is_lost(
    letters: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The parent's backstop: a killed worker breaks the pool; its chunk is parsed again file by
    file in a fresh pool, and the chunks in flight are resubmitted."""
    from ingest.corpus import parse_files

    for i in range(30):
        shutil.copy(sorted(EXAMPLES.glob("*.txt"))[i % 5], letters / f"copy-{i:02d}.txt")
    before = {p.pid for p in psutil.Process().children(recursive=True)}  # a session's servers
    results = parse_files([letters], workers=2, chunksize=2, window=4, timeout_s=10)
    first = next(results)
    workers = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
    assert workers
    workers[0].kill()
    rest = list(results)
    assert first.ok and len(rest) == 34
    assert all(r.ok for r in rest), [r.error for r in rest if not r.ok]
    # the pool was recycled, not merely lucky (the parent sees the death as a broken pool, or,
    # when the worker died holding the task queue, as a chunk over its budget)
    assert "restarting the pool" in caplog.text


def test_without_a_terminal_progress_is_one_line_per_n_files(
    letters: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from api.cli import ingest as ingest_cli
    from api.cli.main import app

    monkeypatch.setattr(ingest_cli, "PROGRESS_EVERY", 2)
    result = CliRunner().invoke(app, ["ingest", str(letters), "--store", str(tmp_path / "s"),
                                      "--workers", "1"])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("ingest: ")]
    assert [line.split(",")[0] for line in lines] == ["ingest: 2 files", "ingest: 4 files"]
    assert "ingest summary" in result.output

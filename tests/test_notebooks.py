"""The analysis notebooks run top to bottom on a small generated corpus, and are stored clean.

They are executed with nbclient on a kernel of this interpreter (ipykernel's ``python3`` kernel
resolves ``python`` to ``sys.executable``), in a temporary folder, with ``VANBAN_NB_LETTERS``
set small. A cell that raises fails the test with the cell and its traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = ["01_trace_a_directive.ipynb", "02_export_for_reports.ipynb"]
LETTERS = 150


@pytest.mark.parametrize("name", NAMES, ids=["trace", "export"])
def test_notebook_is_stored_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def _run(name: str, workdir: Path) -> object:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()
    return nb


def _text(nb: object) -> str:
    return "\n".join(
        str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
        for cell in nb.cells  # type: ignore[attr-defined]
        if cell.cell_type == "code"
        for out in cell.outputs
    )


@pytest.fixture
def notebook_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VANBAN_NB_LETTERS", str(LETTERS))
    monkeypatch.setenv("VANBAN_NB_DIR", str(tmp_path / "work"))
    return tmp_path / "work"


def test_trace_a_directive_runs(notebook_env: Path) -> None:
    nb = _run("01_trace_a_directive.ipynb", notebook_env.parent)
    text = _text(nb)
    assert f"{LETTERS} letters added" in text
    assert "addressed and not responded" in text
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]  # type: ignore[attr-defined]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the lag plot
    assert any("<iframe srcdoc=" in o.get("data", {}).get("text/html", "") for o in outputs)


def test_export_for_reports_runs(notebook_env: Path) -> None:
    _run("02_export_for_reports.ipynb", notebook_env.parent)
    exports = notebook_env / "exports"
    for name in ("cascade.graphml", "cascade.gexf", "whole.graphml", "cascade.xlsx", "cascade.html"):
        assert (exports / name).stat().st_size > 0, name
    assert sorted(p.name for p in (exports / "csv").iterdir())

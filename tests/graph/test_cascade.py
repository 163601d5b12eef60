"""One definition of "the document this letter carries out" and its lag (graph.cascade).

A district letter that implements two provincial letters: the trace, the XLSX report and the
viewer name the same parent and the same lag, whatever order the letter cites them in.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from api.viewer import build_network, cascade_graph
from graph.export import write_xlsx
from graph.models import PartialDate
from graph.store.memory.store import MemoryStore
from graph.testing import DIEN_BIEN, LAI_CHAU, MUONG_TE, letter, mention
from graph.testing import PRIME_MINISTER as TTG

ROOT = "2021/1068-cd-ttg"
LAI_CHAU_LETTER = "2021/3542-ubnd-vx@ubnd-tinh-lai-chau"  # 9 August
DIEN_BIEN_LETTER = "2021/3600-ubnd-vx@ubnd-tinh-dien-bien"  # 7 August
DISTRICT = "2021/88-ubnd-vx@ubnd-huyen-muong-te"  # 20 August, implements both


def _store(tmp_path: Path, dien_bien_first: bool) -> MemoryStore:
    cite_root = mention("1068", "CĐ-TTg", date=PartialDate(2021, 8, 5))
    national = letter("1068", "CĐ-TTg", TTG, date=PartialDate(2021, 8, 5))
    lai_chau = letter("3542", "UBND-VX", LAI_CHAU, date=PartialDate(2021, 8, 9),
                      mentions=(cite_root,), sha="lc")  # fmt: skip
    dien_bien = letter("3600", "UBND-VX", DIEN_BIEN, date=PartialDate(2021, 8, 7),
                       mentions=(cite_root,), sha="db")  # fmt: skip
    to_lc = mention("3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 9))
    to_db = mention("3600", "UBND-VX", issuer=DIEN_BIEN.key, date=PartialDate(2021, 8, 7))
    first, second = (to_db, to_lc) if dien_bien_first else (to_lc, to_db)
    second = replace(second, start=first.end + 2, end=first.end + 2 + len(second.text))
    district = letter("88", "UBND-VX", MUONG_TE, date=PartialDate(2021, 8, 20),
                      mentions=(first, second), sha="mt")  # fmt: skip
    store = MemoryStore(tmp_path / "store")
    store.add_letters([national, lai_chau, dien_bien, district])
    return store


@pytest.mark.parametrize(
    "dien_bien_first", [False, True], ids=["lai-chau-cited-first", "dien-bien-cited-first"]
)
@pytest.mark.parametrize("root", [ROOT, None], ids=["cascade-export", "whole-graph-export"])
def test_trace_xlsx_and_viewer_name_the_same_parent_and_lag(
    tmp_path: Path, dien_bien_first: bool, root: str | None
) -> None:
    store = _store(tmp_path, dien_bien_first)
    try:
        (row,) = [r for r in store.trace_down(ROOT) if r.key == DISTRICT]
        graph = store.subgraph(root)
    finally:
        store.close()
    # the rule: the first parent in key order at the shortest depth (3542 < 3600)
    assert row.path == (ROOT, LAI_CHAU_LETTER, DISTRICT)
    assert row.lag_days == 11 and row.relation == "IMPLEMENTS"

    out = tmp_path / "cascade.xlsx"
    write_xlsx(graph, out, root=root)
    sheet = load_workbook(out)["district"]
    header = [c.value for c in sheet[1]]
    (xlsx,) = [dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(min_row=2)
               if r[0].value == DISTRICT]  # fmt: skip
    assert (xlsx["implements"], xlsx["lag_days"]) == (row.path[-2], row.lag_days)

    view = cascade_graph(graph, root)
    assert (view.nodes[DISTRICT]["implements"], view.nodes[DISTRICT]["lag_days"]) == (
        row.path[-2], row.lag_days,
    )  # fmt: skip
    net = build_network(graph, root)
    (node,) = [n for n in net.nodes if n["id"] == DISTRICT]
    assert f"Lag: {row.lag_days} days after the document it implements" in node["title"]


def test_province_letters_have_the_root_as_parent(tmp_path: Path) -> None:
    store = _store(tmp_path, dien_bien_first=False)
    try:
        rows = {r.key: r for r in store.trace_down(ROOT)}
    finally:
        store.close()
    assert (
        rows[DIEN_BIEN_LETTER].path == (ROOT, DIEN_BIEN_LETTER)
        and rows[DIEN_BIEN_LETTER].lag_days == 2
    )
    assert rows[LAI_CHAU_LETTER].lag_days == 4

"""Exports read back with the same counts; CSV headers fit neo4j-admin; XLSX has the rows."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook

from graph.export import flatten, write_csv, write_gexf, write_graphml, write_json, write_xlsx
from graph.store.memory.store import MemoryStore
from graph.testing import Cascade, generate_cascade


@pytest.fixture(scope="module")
def small() -> Cascade:
    return generate_cascade(roots=2, provinces=5, districts=(2, 4), seed=4)


@pytest.fixture(scope="module")
def graph(small: Cascade, tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    store = MemoryStore(tmp_path_factory.mktemp("export"))
    store.add_letters(small.records)
    return store.subgraph()


@pytest.mark.parametrize(
    ("write", "read"),
    [(write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)],
    ids=["graphml", "gexf"],
)
def test_gephi_formats_read_back(graph: nx.MultiDiGraph, tmp_path: Path, write, read) -> None:
    path = tmp_path / "g.out"
    write(graph, path)
    back = read(str(path))
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_flatten_leaves_no_none_or_lists(graph: nx.MultiDiGraph) -> None:
    flat = flatten(graph)
    values = [v for _, d in flat.nodes(data=True) for v in d.values()]
    values += [v for _, _, d in flat.edges(data=True) for v in d.values()]
    assert values and all(isinstance(v, (str, int, float, bool)) for v in values)


def test_json_node_link_and_cytoscape(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_json(graph, tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == graph.number_of_nodes()
    assert len(data["edges"]) == graph.number_of_edges()
    write_json(graph, tmp_path / "c.json", cytoscape=True)
    els = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["elements"]
    assert len(els["nodes"]) == graph.number_of_nodes()
    assert {"id", "source", "target", "type"} <= set(els["edges"][0]["data"])


def test_csv_has_neo4j_admin_headers(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    nodes, edges = write_csv(graph, tmp_path / "csv")
    with nodes.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["key:ID", ":LABEL"] and len(rows) == graph.number_of_nodes() + 1
    with edges.open(encoding="utf-8") as fh:
        erows = list(csv.reader(fh))
    assert erows[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert len(erows) == graph.number_of_edges() + 1
    assert {r[2] for r in erows[1:]} == {"IMPLEMENTS", "ISSUED", "ADDRESSED_TO", "UNDER"}


def test_xlsx_cascade_report(small: Cascade, graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    root = small.roots[0]
    store_graph = graph.subgraph(
        [root, *small.responding_provinces[root], *small.implementers[root]]
        + [n for n, d in graph.nodes(data=True) if d["label"] == "Authority"]
    )
    write_xlsx(nx.MultiDiGraph(store_graph), tmp_path / "r.xlsx", root=root)
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["central", "province", "district", "how reached"]
    head, *rows = list(wb["district"].values)
    assert head[:4] == ("document", "number", "issuer", "date")
    assert head[-2:] == ("link", "score")
    assert {r[0] for r in rows} == set(small.implementers[root])
    assert {r[-2] for r in rows} == {"exact"}  # every link of a generated cascade by number
    how = {r[0]: r[1:] for r in list(wb["how reached"].values)[1:]}
    assert how["district"] == (len(rows), len(rows), 0, 0)
    lags = {r[0]: r[5] for r in wb["province"].values if r[0] != "document"}
    assert lags == {k: small.lags[k] for k in small.responding_provinces[root]}

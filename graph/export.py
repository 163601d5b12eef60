"""Write a directive graph (``GraphStore.subgraph()``: the whole graph or a root's cascade) to
files: GraphML and GEXF for Gephi, node-link or Cytoscape.js JSON, CSV for
``neo4j-admin database import``, and an XLSX cascade report.

Gephi's readers reject ``None`` and list attributes, so :func:`flatten` turns lists into
``"a; b"`` strings and drops ``None`` values before GraphML/GEXF.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from graph.cascade import FOLLOWED, cascade_roots, lag_days, walk_down
from graph.models import Level, PartialDate
from graph.provenance import LINK_RANK, link_kind

__all__ = [
    "FILE_FORMATS",
    "flatten",
    "write_file",
    "write_csv",
    "write_cytoscape",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_xlsx",
]

_NODE_FIELDS = ("key", "label", "name", "kind", "number", "symbol", "year", "issued_on",
                "subject", "level", "issuer_key", "status", "source", "sha256", "year_inferred",
                "admin_code", "lat", "lon", "parent_key")  # fmt: skip
_EDGE_FIELDS = ("relation", "text", "start", "end", "evidence", "resolution", "candidates", "score")


def _flat_value(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def flatten(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only str/int/float/bool attribute values (no ``None``, lists or dicts)."""
    out = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        out.add_node(n, **{k: _flat_value(v) for k, v in d.items() if v is not None})
    for u, v, k, d in g.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **{a: _flat_value(x) for a, x in d.items() if x is not None})
    return out


def write_graphml(g: nx.MultiDiGraph, path: str | Path) -> None:
    nx.write_graphml(flatten(g), str(path))


def write_gexf(g: nx.MultiDiGraph, path: str | Path) -> None:
    flat = flatten(g)
    for n, d in flat.nodes(data=True):
        d.setdefault("label", n)
        d["node_label"] = d["label"]
        d["label"] = d.get("name") or d.get("key") or n  # Gephi shows ``label`` on the node
    nx.write_gexf(flat, str(path))


def write_json(g: nx.MultiDiGraph, path: str | Path, *, cytoscape: bool = False) -> None:
    """Node-link JSON (networkx's), or Cytoscape.js ``elements`` when ``cytoscape``."""
    if cytoscape:
        write_cytoscape(g, path)
        return
    data = nx.node_link_data(g, edges="edges")
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def write_cytoscape(g: nx.MultiDiGraph, path: str | Path) -> None:
    """``{"elements": {"nodes": [{"data": …}], "edges": [{"data": …}]}}`` for Cytoscape.js."""
    nodes = [{"data": {"id": n, **d}} for n, d in g.nodes(data=True)]
    edges = [
        {"data": {"id": f"{u}|{v}|{k}", "source": u, "target": v, **d}}
        for u, v, k, d in g.edges(keys=True, data=True)
    ]
    doc = {"elements": {"nodes": nodes, "edges": edges}}
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return ";".join(str(x) for x in v)  # neo4j-admin's default array delimiter
    return v


def write_csv(g: nx.MultiDiGraph, directory: str | Path) -> tuple[Path, Path]:
    """``nodes.csv`` and ``edges.csv`` with ``neo4j-admin database import`` headers
    (``key:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``)."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    nodes_path, edges_path = out / "nodes.csv", out / "edges.csv"
    node_cols = [f for f in _NODE_FIELDS if f not in ("key", "label")]
    with nodes_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["key:ID", ":LABEL", *(_typed(c) for c in node_cols)])
        for n, d in g.nodes(data=True):
            w.writerow([n, d.get("label", ""), *(_csv_value(d.get(c)) for c in node_cols)])
    with edges_path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([":START_ID", ":END_ID", ":TYPE", *(_typed(c) for c in _EDGE_FIELDS)])
        for u, v, d in g.edges(data=True):
            w.writerow([u, v, d.get("type", ""), *(_csv_value(d.get(c)) for c in _EDGE_FIELDS)])
    return nodes_path, edges_path


_CSV_TYPES = {"year": "int", "start": "int", "end": "int", "score": "float", "lat": "float",
              "lon": "float", "year_inferred": "boolean", "candidates": "string[]"}  # fmt: skip


def _typed(column: str) -> str:
    t = _CSV_TYPES.get(column)
    return f"{column}:{t}" if t else column


def _cascade_rows(g: nx.MultiDiGraph, root: str | None) -> Iterable[dict[str, Any]]:
    """One row per document; ``implements`` and ``lag_days`` are its parent in the cascade of
    ``root`` (or of the nearest top document when ``root`` is ``None``) as :mod:`graph.cascade`
    defines it, so the report agrees with the trace and the viewer."""
    docs = {n: d for n, d in g.nodes(data=True) if d.get("label") == "Document"}
    names = {n: d.get("name") for n, d in g.nodes(data=True) if d.get("label") == "Authority"}
    roots = [root] if root is not None else cascade_roots(g, docs)
    steps = walk_down(g, roots)

    def date(k: str) -> PartialDate | None:
        iso = docs[k].get("issued_on")
        return PartialDate.from_iso(iso) if iso else None

    for k, d in docs.items():
        step = steps.get(k)
        p = step.parent if step is not None and step.parent in docs else None
        link, score = _link_of(g, k, p) if p else ("", None)
        yield {
            "document": k, "number": f"{d.get('number') or ''}/{d.get('symbol') or ''}",
            "issuer": names.get(d.get("issuer_key")) or d.get("issuer_key") or "",
            "date": d.get("issued_on") or "", "implements": p or "",
            "lag_days": lag_days(date(p), date(k)) if p else None,
            "subject": d.get("subject") or "", "status": d.get("status") or "",
            "level": d.get("level") or "unknown", "root": k == root,
            "link": link, "score": score,
        }  # fmt: skip


def _link_of(g: nx.MultiDiGraph, child: str, parent: str) -> tuple[str, float | None]:
    """How the link from ``child`` to its cascade parent was reached: ``exact`` (the number
    written), ``draft_match`` (an unsigned copy, with its score) or ``ambiguous``."""
    found = [d for d in (g.get_edge_data(child, parent) or {}).values()
             if d.get("type") in FOLLOWED and d.get("resolution")]  # fmt: skip
    if not found:
        return "", None
    best = min(found, key=lambda d: LINK_RANK.get(str(d["resolution"]), 9))
    return link_kind(str(best["resolution"])), best.get("score")


_XLSX_COLUMNS = ("document", "number", "issuer", "date", "implements", "lag_days", "subject",
                 "status", "link", "score")  # fmt: skip


def write_xlsx(g: nx.MultiDiGraph, path: str | Path, root: str | None = None) -> None:
    """A cascade report: one sheet per level (central … commune), one row per document with
    its issuer, date, the document it implements, the lag in days and its subject."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = sorted(_cascade_rows(g, root), key=lambda r: (str(r["date"]), r["document"]))
    wb = Workbook()
    for sheet in list(wb.worksheets):
        wb.remove(sheet)
    for level in Level:
        level_rows = [r for r in rows if r["level"] == level.value]
        if not level_rows:
            continue
        ws = wb.create_sheet(level.value)
        ws.append(list(_XLSX_COLUMNS))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in level_rows:
            ws.append([r[c] for c in _XLSX_COLUMNS])
        ws.freeze_panes = "A2"
    if not wb.sheetnames:
        wb.create_sheet("empty").append(list(_XLSX_COLUMNS))
    _how_reached_sheet(wb, rows)
    wb.save(str(path))


def _how_reached_sheet(wb: Any, rows: list[dict[str, Any]]) -> None:
    """Per level: how many links of the cascade rest on the number written, on a matched
    unsigned copy, or are ambiguous (the rows' ``link`` column says which is which)."""
    ws = wb.create_sheet("how reached")
    kinds = ("exact", "draft_match", "ambiguous")
    ws.append(["level", "links", *kinds])
    for level in Level:
        linked = [r for r in rows if r["level"] == level.value and r["link"]]
        if linked:
            ws.append([level.value, len(linked), *(sum(r["link"] == k for r in linked) for k in kinds)])


FILE_FORMATS = ("graphml", "gexf", "json", "cytoscape", "csv", "xlsx")


def write_file(
    g: nx.MultiDiGraph, fmt: str, path: str | Path, *, root: str | None = None
) -> list[Path]:
    """Write ``g`` in one of :data:`FILE_FORMATS`; ``path`` is a directory for ``csv``.

    Returns the files written. ``root`` names the cascade's root for the XLSX report.
    """
    out = Path(path)
    if fmt == "csv":
        return list(write_csv(g, out))
    writers = {
        "graphml": write_graphml,
        "gexf": write_gexf,
        "json": write_json,
        "cytoscape": write_cytoscape,
    }
    if fmt == "xlsx":
        write_xlsx(g, out, root=root)
    elif fmt in writers:
        writers[fmt](g, out)
    else:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FILE_FORMATS)}")
    return [out]

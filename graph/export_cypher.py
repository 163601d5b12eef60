"""A cypher-shell script that recreates a graph (``GraphStore.subgraph()``) in Neo4j.

    cypher-shell -a neo4j://localhost:7687 -u neo4j -p … -f vanban.cypher

The script holds the schema commands of :mod:`graph.store.cypher`, then, for each batch, a
``:param {rows: […]}`` line with the data and the same named ``UNWIND $rows`` statement the
Neo4j store runs — values travel as parameters here too. Letter texts are not part of a
subgraph, so they are not in the script (``copy_store`` copies them).

>>> import networkx as nx, tempfile, pathlib
>>> g = nx.MultiDiGraph()
>>> g.add_node("chinh-phu", label="Authority", key="chinh-phu", name="Chính phủ",
...            level="central", kind="government", parent_key=None, admin_code=None,
...            lat=None, lon=None)
>>> path = pathlib.Path(tempfile.mkdtemp()) / "g.cypher"
>>> write_cypher(g, path)
>>> text = path.read_text(encoding="utf-8")
>>> ":param {rows: [{key: 'chinh-phu', name: 'Chính phủ', level: 'central'" in text
True
>>> "UNWIND $rows AS row MERGE (a:Authority {key: row.key})" in text
True
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import networkx as nx

from graph.models import Authority, Citation, Relation, Resolution
from graph.store import cypher
from graph.store.neo4j import delta_statements
from graph.store.neo4j_codec import authority_from_record, document_from_record
from graph.store.neo4j_write import Delta

__all__ = ["cypher_literal", "write_cypher"]

_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a parameter value (for ``:param`` lines only).

    >>> cypher_literal({"a": ["x'y", 1, 2.5, None, True]})
    "{a: ['x\\\\'y', 1, 2.5, null, true]}"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "null"
        return repr(value)
    if isinstance(value, str):
        return "'" + "".join(_ESCAPES.get(ch, ch) for ch in value) + "'"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def _key(name: str) -> str:
    return name if name.isidentifier() else "`" + name.replace("`", "``") + "`"


def graph_delta(g: nx.MultiDiGraph) -> Delta:
    """The nodes and relationships of an exported graph as a :class:`Delta` to write."""
    delta = Delta()
    auths: dict[str, Authority] = {}
    for n, d in g.nodes(data=True):
        if d.get("label") == "Authority":
            auths[n] = authority_from_record({f: d.get(f) for f in cypher.AUTHORITY_FIELDS})
    delta.authorities = list(auths.values())
    for _, d in g.nodes(data=True):
        if d.get("label") == "Document":
            doc = document_from_record({f: d.get(f) for f in cypher.DOCUMENT_FIELDS})
            issuer = auths.get(doc.issuer_key or "")
            delta.documents.append((doc, issuer.name if issuer else None))
    for u, v, d in g.edges(data=True):
        if d.get("type") == "ADDRESSED_TO":
            delta.addressed[u] = (*delta.addressed.get(u, ()), v)
        elif d.get("type") in cypher.CITATION_TYPES:
            delta.citations.append(Citation(
                source_key=u, target_key=v, relation=Relation(d["relation"]), text=d["text"],
                start=d["start"], end=d["end"], evidence=d["evidence"],
                resolution=Resolution(d["resolution"]), candidates=tuple(d.get("candidates") or ()),
                score=d.get("score"),
            ))  # fmt: skip
    return delta


def write_cypher(g: nx.MultiDiGraph, path: str | Path, *, batch_size: int = 1000) -> None:
    """Write a cypher-shell script that recreates ``g`` (see the module docstring)."""
    lines = ["// vanban graph: run with cypher-shell -f; safe to run twice (MERGE)"]
    lines += [f"{statement};" for statement in cypher.SCHEMA]
    lines.append(f":param {{seconds: {300}}}")
    lines.append(f"{cypher.AWAIT_INDEXES};")
    for query, params in delta_statements(graph_delta(g), batch_size):
        lines.append(f":param {cypher_literal(params)}")
        lines.append(f"{query};")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")

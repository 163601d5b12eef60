"""A read view of an in-memory directive graph, and the node-level reads built on it.

:class:`GraphView` holds what the queries of :mod:`graph.queries` read: the citation graph
(networkx MultiDiGraph of documents and authorities with citation and UNDER edges), the
documents, the authorities and the ``addressed`` table. ISSUED and ADDRESSED_TO edges are derived
from ``Document.issuer_key`` and ``addressed``; :func:`subgraph` materializes every edge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from typing import Any

import networkx as nx

from graph.errors import KeyNotFoundError
from graph.models import Authority, Citation, Document
from graph.results import Neighbor, to_jsonable

__all__ = ["GraphView", "neighbors", "node_attrs", "subgraph"]


class GraphView:
    """The state the queries read; stores subclass it and keep it current."""

    graph: nx.MultiDiGraph
    documents: dict[str, Document]
    authorities: dict[str, Authority]
    addressed: dict[str, tuple[str, ...]]

    def __init__(self) -> None:
        # documents whose ``addressed`` list is assumed from their kind (known only from
        # references), not read from their own Kính gửi
        self.assumed: set[str] = set()
        self._issued: dict[str, list[str]] | None = None
        self._addressed_in: dict[str, list[str]] | None = None

    def invalidate(self) -> None:
        """Forget derived indexes after a change."""
        self._issued = None
        self._addressed_in = None

    def issued_by(self, authority_key: str) -> list[str]:
        if self._issued is None:
            issued: dict[str, list[str]] = {}
            for d in self.documents.values():
                if d.issuer_key:
                    issued.setdefault(d.issuer_key, []).append(d.key)
            self._issued = issued
        return self._issued.get(authority_key, [])

    def addressed_by(self, authority_key: str) -> list[str]:
        if self._addressed_in is None:
            into: dict[str, list[str]] = {}
            for k, targets in self.addressed.items():
                for a in targets:
                    into.setdefault(a, []).append(k)
            self._addressed_in = into
        return self._addressed_in.get(authority_key, [])

    def authority_chain(self, key: str) -> list[str]:
        """``key`` and every authority it sits UNDER, bottom up (cycles cut)."""
        chain: list[str] = []
        k: str | None = key
        while k is not None and k not in chain and len(chain) < 12:
            chain.append(k)
            a = self.authorities.get(k)
            k = a.parent_key if a else None
        return chain

    def require_document(self, key: str) -> Document:
        d = self.documents.get(key)
        if d is None:
            raise KeyNotFoundError(key, f"no document has the key {key!r}")
        return d


def _name(view: GraphView, key: str) -> tuple[str, str | None]:
    d = view.documents.get(key)
    if d is not None:
        return "Document", d.subject
    a = view.authorities.get(key)
    return "Authority", a.name if a else None


def _citation_neighbor(view: GraphView, other: str, direction: str, c: Citation) -> Neighbor:
    label, name = _name(view, other)
    return Neighbor(
        key=other, label=label, name=name, direction=direction, type=c.relation.name,
        text=c.text, start=c.start, end=c.end, evidence=c.evidence,
        resolution=c.resolution.value, candidates=c.candidates, score=c.score,
    )  # fmt: skip


def neighbors(view: GraphView, key: str) -> list[Neighbor]:
    """Every edge around ``key``, out-going first."""
    if key not in view.documents and key not in view.authorities:
        raise KeyNotFoundError(key)
    out: list[Neighbor] = []

    def plain(other: str, direction: str, kind: str) -> Neighbor:
        label, name = _name(view, other)
        return Neighbor(key=other, label=label, name=name, direction=direction, type=kind)

    for _, v, data in view.graph.out_edges(key, data=True):
        c = data.get("citation")
        out.append(_citation_neighbor(view, v, "out", c) if c else plain(v, "out", data["type"]))
    doc = view.documents.get(key)
    if doc is not None:
        out += [plain(a, "out", "ADDRESSED_TO") for a in view.addressed.get(key, ())]
        if doc.issuer_key:
            out.append(plain(doc.issuer_key, "in", "ISSUED"))
    else:
        out += [plain(d, "out", "ISSUED") for d in view.issued_by(key)]
        out += [plain(d, "in", "ADDRESSED_TO") for d in view.addressed_by(key)]
    for u, _, data in view.graph.in_edges(key, data=True):
        c = data.get("citation")
        out.append(_citation_neighbor(view, u, "in", c) if c else plain(u, "in", data["type"]))
    return out


def node_attrs(node: Document | Authority) -> dict[str, Any]:
    """A node's attributes as :func:`subgraph` writes them (plain values, ``label``)."""
    label = "Document" if isinstance(node, Document) else "Authority"
    attrs = {f.name: to_jsonable(getattr(node, f.name)) for f in fields(node)}
    attrs["label"] = label
    return attrs


def _citation_attrs(c: Citation) -> dict[str, Any]:
    attrs = {f.name: to_jsonable(getattr(c, f.name)) for f in fields(c)}
    del attrs["source_key"], attrs["target_key"]
    attrs["type"] = c.relation.name
    return attrs


def subgraph(view: GraphView, root: str | None = None, documents: Iterable[str] | None = None
             ) -> nx.MultiDiGraph:  # fmt: skip
    """The whole graph (``root`` None) or the given documents, with every edge type and plain
    attribute values (lists for tuples; exporters flatten further)."""
    if root is None:
        doc_keys = set(view.documents)
    else:
        view.require_document(root)
        doc_keys = set(documents or ()) | {root}
    g = nx.MultiDiGraph()
    auth_keys: set[str] = set()
    for k in sorted(doc_keys):
        d = view.documents[k]
        auth_keys.update(a for a in view.addressed.get(k, ()))
        if d.issuer_key:
            auth_keys.add(d.issuer_key)
    for a in list(auth_keys):
        auth_keys.update(view.authority_chain(a))
    auth_keys &= set(view.authorities)
    for k in sorted(auth_keys):
        g.add_node(k, **node_attrs(view.authorities[k]))
    for k in sorted(doc_keys):
        g.add_node(k, **node_attrs(view.documents[k]))
    for k in sorted(auth_keys):
        parent = view.authorities[k].parent_key
        if parent in auth_keys:
            g.add_edge(k, parent, "UNDER", type="UNDER")
    for k in sorted(doc_keys):
        d = view.documents[k]
        if d.issuer_key in auth_keys:
            g.add_edge(d.issuer_key, k, "ISSUED", type="ISSUED")
        for a in view.addressed.get(k, ()):
            if a in auth_keys:
                g.add_edge(k, a, f"ADDRESSED_TO:{a}", type="ADDRESSED_TO")
        for _, v, ek, data in view.graph.out_edges(k, keys=True, data=True):
            c = data.get("citation")
            if c is not None and v in doc_keys:
                g.add_edge(k, v, ek, **_citation_attrs(c))
    return g

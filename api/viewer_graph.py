"""The graph a viewer draws, before any layout: documents of a store subgraph with citations
flowing down (cited → citing), and leaves grouped beyond ``max_nodes`` (:mod:`api.viewer`
lays it out and renders it)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import networkx as nx

from graph.cascade import cascade_roots, lag_days, walk_down
from graph.models import PartialDate

__all__ = ["CITATION_TYPES", "cascade_graph", "group_leaves", "label"]

log = logging.getLogger(__name__)

CITATION_TYPES = frozenset({"IMPLEMENTS", "BASED_ON", "CITES"})


def _partial(iso: Any) -> PartialDate | None:
    if not iso:
        return None
    try:
        return PartialDate.from_iso(str(iso))
    except (TypeError, ValueError):
        return None


def cascade_graph(graph: nx.MultiDiGraph, root: str | None = None) -> nx.DiGraph:
    """Documents of a store subgraph, with one edge per cited → citing pair (flowing down).

    Node attributes are the document's plus ``issuer_name``, and ``implements`` / ``lag_days``:
    the document it carries out in the cascade of ``root`` (of the nearest top document when
    ``root`` is ``None``) and the lag after it, as :mod:`graph.cascade` defines them (the trace
    and the XLSX report say the same). An edge keeps the strongest relation between the pair
    (IMPLEMENTS > BASED_ON > CITES) and the lag in days between the two.
    """
    names = {n: a.get("name") for n, a in graph.nodes(data=True) if a.get("label") == "Authority"}
    out = nx.DiGraph()
    for n, a in graph.nodes(data=True):
        if a.get("label") == "Document":
            out.add_node(n, **a, issuer_name=names.get(a.get("issuer_key")))
    strength = {"IMPLEMENTS": 3, "BASED_ON": 2, "CITES": 1}
    for u, v, a in graph.edges(data=True):
        kind = a.get("type")
        if kind not in CITATION_TYPES or u not in out or v not in out or u == v:
            continue
        old = out.get_edge_data(v, u)
        if old is not None and strength[old["type"]] >= strength[kind]:
            continue
        lag = lag_days(_partial(out.nodes[v].get("issued_on")), _partial(out.nodes[u].get("issued_on")))
        out.add_edge(v, u, type=kind, lag_days=lag, evidence=a.get("evidence"))
    steps = walk_down(graph, [root] if root is not None else cascade_roots(graph, out.nodes))
    for n, a in out.nodes(data=True):
        step = steps.get(n)
        parent = step.parent if step is not None and step.parent in out else None
        a["implements"] = parent
        a["lag_days"] = (
            lag_days(_partial(out.nodes[parent].get("issued_on")), _partial(a.get("issued_on")))
            if parent is not None
            else None
        )
    return out

def group_leaves(g: nx.DiGraph, max_nodes: int, keep: frozenset[str] = frozenset()) -> nx.DiGraph:
    """``g`` with leaves (documents nobody implements) merged once it has more than
    ``max_nodes`` nodes: first per issuer, then (for issuers with one letter each) per
    document they implement. A group node carries ``count`` and ``members``; ``g`` is unchanged.
    """
    if g.number_of_nodes() <= max_nodes:
        return g
    out = g.copy()

    def leaves() -> list[str]:
        return sorted(
            n for n, a in out.nodes(data=True)
            if out.out_degree(n) == 0 and out.in_degree(n) > 0 and n not in keep
            and a.get("label") != "Group"
        )  # fmt: skip

    def merge(group: str, members: list[str], name: str, level: str, issuer: str | None) -> None:
        out.add_node(
            group, label="Group", level=level, count=len(members), members=members[:50],
            issuer_name=name, issuer_key=issuer,
        )  # fmt: skip
        for m in members:
            for parent in out.predecessors(m):
                if parent not in members and not out.has_edge(parent, group):
                    out.add_edge(parent, group, type=out.edges[parent, m]["type"], lag_days=None)
        out.remove_nodes_from(members)

    passes: list[Callable[[str], tuple[str, str]]] = [
        lambda n: (
            str(out.nodes[n].get("issuer_key") or "unknown"),
            str(out.nodes[n].get("level")),
        ),
        lambda n: (next(iter(sorted(out.predecessors(n)))), str(out.nodes[n].get("level"))),
    ]
    for number, key_of in enumerate(passes):
        buckets: dict[tuple[str, str], list[str]] = defaultdict(list)
        for n in leaves():
            buckets[key_of(n)].append(n)
        for (anchor, level), members in sorted(buckets.items(), key=lambda kv: -len(kv[1])):
            if out.number_of_nodes() <= max_nodes:
                return out
            if len(members) < 2:
                continue
            first = out.nodes[members[0]]
            if number == 0:
                name, issuer = str(first.get("issuer_name") or anchor), anchor
            else:
                name, issuer = (
                    f"{level} letters implementing {label(dict(out.nodes[anchor]))}",
                    None,
                )
            merge(f"group:{number}:{anchor}:{level}", members, name, level, issuer)
    if out.number_of_nodes() > max_nodes:
        log.info("graph view still has %d nodes after grouping leaves", out.number_of_nodes())
    return out

def label(a: dict[str, Any]) -> str:
    if a.get("label") == "Group":
        return f"{a.get('issuer_name')}\n{a.get('count')} letters"
    if a.get("number") and a.get("symbol"):
        return f"{a['number']}/{a['symbol']}"
    if a.get("symbol"):  # an unnumbered draft: "Số: /UBND-VX"
        issuer = a.get("issuer_name")
        return f"{issuer}\n(no number) /{a['symbol']}" if issuer else f"(no number) /{a['symbol']}"
    return str(a.get("key"))

"""The document a letter carries out, and its lag: one definition for traces, exports and views.

A letter may implement (or be based on) several documents, so "the document it carries out"
needs a rule. It is always read **within a root's cascade** (the documents that implement or
are based on the root, transitively, following IMPLEMENTS and BASED_ON, never CITES):

- the cascade is walked breadth first from the root, one depth at a time, the documents of one
  depth in key order; a document's **parent** is the document it carries out on its shortest
  path from the root: of those at the depth before it that it implements or is based on, the
  first in key order (the BFS parent, as the trace reports it in ``TraceRow.path``);
- on one pair, IMPLEMENTS wins over BASED_ON as the relation;
- its **lag** is :func:`lag_days` from the parent's date to its own (``None`` when either date
  lacks its day).

With no root (a whole-graph export) the roots are the documents that carry out nothing (the
national documents at the top); a document is then read in the cascade of the nearest.

The walk runs on any networkx graph whose edges point from the citing to the cited document
and carry a ``type`` (the store's read model and an export subgraph alike), and it does not
depend on the order edges were inserted in, so both stores give the same answer.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_edge("prov-b", "ttg", type="IMPLEMENTS"); g.add_edge("prov-a", "ttg", type="IMPLEMENTS")
0
0
>>> g.add_edge("district", "prov-b", type="IMPLEMENTS"); g.add_edge("district", "prov-a", type="BASED_ON")
0
0
>>> steps = walk_down(g, ["ttg"])
>>> steps["district"].parent, steps["district"].relation, steps["district"].path
('prov-a', 'BASED_ON', ('ttg', 'prov-a', 'district'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

import networkx as nx

from graph.models import PartialDate

__all__ = ["FOLLOWED", "MAX_DEPTH", "MAX_VISITED", "Step", "cascade_roots", "lag_days", "walk_down"]

FOLLOWED = ("IMPLEMENTS", "BASED_ON")  # edge types a cascade follows, strongest first
MAX_VISITED = 2_000_000  # hard stop for a walk, whatever its caps
MAX_DEPTH = 64  # what ``depth=None`` means


class Step(NamedTuple):
    """A document reached from a root: its parent (``None`` for a root), the relation to it
    (``"root"`` for a root), its depth and its path of keys from the root. (A named tuple, not
    a frozen dataclass: a trace builds one per document, and tuples build several times faster.)
    """

    key: str
    parent: str | None
    relation: str
    depth: int
    path: tuple[str, ...]


def lag_days(parent: PartialDate | None, child: PartialDate | None) -> int | None:
    """Days from ``parent`` to ``child``; ``None`` when either date is partial.

    >>> lag_days(PartialDate(2021, 8, 5), PartialDate(2021, 8, 9))
    4
    >>> lag_days(PartialDate(2021, 8), PartialDate(2021, 8, 9)) is None
    True
    """
    a = parent.to_date() if parent else None
    b = child.to_date() if child else None
    return (b - a).days if a and b else None


def relation_of(keydict: Mapping[str, Mapping[str, object]]) -> str | None:
    """The relation a cascade follows between one pair (IMPLEMENTS over BASED_ON), if any."""
    found = None
    for data in keydict.values():
        t = data.get("type")
        if t == "IMPLEMENTS":
            return t
        if t == "BASED_ON":
            found = t
    return found


def walk_down(
    graph: nx.MultiDiGraph, roots: Iterable[str], depth: int | None = None
) -> dict[str, Step]:
    """Every document under ``roots`` (and the roots), each once with its BFS parent (see the
    module docstring), in walk order. ``depth=None`` means :data:`MAX_DEPTH`."""
    steps: dict[str, Step] = {}
    for r in sorted(set(roots)):
        if r in graph:
            steps[r] = Step(r, None, "root", 0, (r,))
    pred = graph.pred
    frontier = list(steps)
    levels = MAX_DEPTH if depth is None else max(0, min(depth, MAX_DEPTH))
    for level in range(1, levels + 1):
        nxt: list[str] = []
        for parent in frontier:
            base = steps[parent].path
            for child, keydict in pred[parent].items():
                if child in steps:
                    continue
                relation = relation_of(keydict)
                if relation is None:
                    continue
                steps[child] = Step(child, parent, relation, level, (*base, child))
                nxt.append(child)
        nxt.sort()
        frontier = nxt
        if not frontier or len(steps) > MAX_VISITED:
            break
    return steps


def cascade_roots(graph: nx.MultiDiGraph, documents: Iterable[str]) -> list[str]:
    """The documents of ``documents`` that carry out nothing in ``graph`` (the tops of their
    cascades), for a walk with no given root."""
    succ = graph.succ
    return [k for k in documents if not any(relation_of(kd) for kd in succ[k].values())]

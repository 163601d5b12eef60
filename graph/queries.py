"""The analysts' questions, answered on a :class:`graph.view.GraphView`.

Citations point from the citing letter to the cited document, so "down" (who implements X)
walks edges backwards and "up" (where does this letter come from) walks them forwards. Traces
follow IMPLEMENTS and BASED_ON, never CITES; depth and result size are capped (``depth=None``
means :data:`MAX_DEPTH`).
"""

from __future__ import annotations

import heapq
import statistics
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from graph.cascade import MAX_DEPTH, MAX_VISITED, lag_days, relation_of, walk_down
from graph.models import Document, DocumentStatus, Level
from graph.results import Chain, Gap, LevelSummary, SearchHit, Stats, Timeline, TraceRow
from graph.search import SearchIndex, document_words, words
from graph.view import GraphView, neighbors
from graph.view import subgraph as _subgraph

__all__ = [  # MAX_DEPTH, MAX_VISITED and lag_days are graph.cascade's
    "MAX_DEPTH",
    "MAX_VISITED",
    "GraphView",
    "gaps",
    "lag_days",
    "neighbors",
    "search_hits",
    "stats",
    "subgraph",
    "timeline",
    "trace_down",
    "trace_up",
]

def _level(level: Level | str | None) -> Level | None:
    return None if level is None else Level(level)


def _row(view: GraphView, d: Document, path: tuple[str, ...], relation: str,
         other: Document | None, down: bool = True) -> TraceRow:  # fmt: skip
    issuer = view.authorities.get(d.issuer_key) if d.issuer_key else None
    lag = None
    if other is not None:
        lag = lag_days(other.issued_on, d.issued_on) if down else lag_days(d.issued_on, other.issued_on)
    return TraceRow(
        key=d.key, path=path, depth=len(path) - 1, level=d.level.value, issuer_key=d.issuer_key,
        issuer_name=issuer.name if issuer else None, issued_on=d.issued_on, lag_days=lag,
        relation=relation, subject=d.subject, number=d.number, symbol=d.symbol,
        status=d.status.value,
    )  # fmt: skip


_RANK = {lvl.value: lvl.rank for lvl in Level}


def _sort_key(r: TraceRow) -> tuple[int, int, str, str]:
    return (r.depth, _RANK[r.level], r.issued_on.iso() or "" if r.issued_on else "~", r.key)


def trace_down(view: GraphView, key: str, level: Level | str | None = None,
               depth: int | None = 12,
               limit: int = 10_000) -> list[TraceRow]:  # fmt: skip
    """Every document that implements or is based on ``key``, transitively, sorted by depth,
    level, date and key; each document once, with its path from ``key`` and its lag after its
    parent as :mod:`graph.cascade` defines them (breadth first: the shortest path)."""
    view.require_document(key)
    want = _level(level)
    documents = view.documents
    rows: list[TraceRow] = []
    for step in walk_down(view.graph, [key], depth).values():
        if step.parent is None:
            continue
        d = documents[step.key]
        if want is None or d.level is want:
            rows.append(_row(view, d, step.path, step.relation, documents[step.parent]))
    rows.sort(key=_sort_key)
    return rows[: max(0, limit)]


def trace_up(view: GraphView, key: str, depth: int | None = 12, limit: int = 100
             ) -> list[Chain]:  # fmt: skip
    """The chains from ``key`` up to its roots (documents that implement nothing further)."""
    view.require_document(key)
    depth = MAX_DEPTH if depth is None else min(depth, MAX_DEPTH)
    succ = view.graph.succ
    chains: list[Chain] = []

    def walk(node: str, steps: tuple[TraceRow, ...], seen: frozenset[str]) -> None:
        if len(chains) >= limit:
            return
        ups = [(v, rel) for v, kd in succ[node].items() if (rel := relation_of(kd)) and v not in seen]
        if not ups or len(steps) >= depth:
            if steps:
                chains.append(Chain(start=key, steps=steps))
            return
        for v, rel in sorted(ups):
            path = (*(steps[-1].path if steps else (key,)), v)
            row = _row(view, view.documents[v], path, rel, view.documents[node], down=False)
            walk(v, (*steps, row), seen | {v})

    walk(key, (), frozenset({key}))
    return chains


def gaps(view: GraphView, key: str, level: Level | str | None = None,
         limit: int = 10_000) -> list[Gap]:  # fmt: skip
    """Authorities addressed by ``key`` or by a document implementing it that issued no
    implementing document themselves. A unit of it at the same level that wrote instead (its
    Phòng, its office answering the province itself) does not answer for it; the gap lists those
    letters in ``units_replied``, so that an analyst sees the partial answer."""
    want = _level(level)
    cascade = [key] + [r.key for r in trace_down(view, key, limit=MAX_VISITED)]
    addressed_by: dict[str, list[str]] = {}
    told: set[str] = set()  # addressed by a document's own recipient list
    for k in cascade:
        own = k not in view.assumed
        for a_key in view.addressed.get(k, ()):
            addressed_by.setdefault(a_key, []).append(k)
            if own:
                told.add(a_key)
    answered: set[str] = set()
    by_units: dict[str, list[str]] = {}  # authority -> letters of units under it (same level)
    for k in cascade[1:]:
        issuer = view.documents[k].issuer_key
        if not issuer or issuer not in view.authorities:
            continue
        answered.add(issuer)
        lvl = view.authorities[issuer].level
        for unit in view.authority_chain(issuer)[1:]:
            if unit not in view.authorities or view.authorities[unit].level is not lvl:
                break
            by_units.setdefault(unit, []).append(k)
    out: list[Gap] = []
    for a_key, by in addressed_by.items():
        a = view.authorities.get(a_key)
        if a is None or a_key in answered or (want is not None and a.level is not want):
            continue
        parent = view.authorities.get(a.parent_key) if a.parent_key else None
        out.append(Gap(a_key, a.name, a.level.value, a.parent_key,
                       parent.name if parent else None, tuple(by), a_key not in told,
                       tuple(sorted(by_units.get(a_key, ())))))  # fmt: skip
    out.sort(key=lambda g: (Level(g.level).rank, g.parent_name or "", g.name, g.authority_key))
    return out[: max(0, limit)]


def _median(values: Iterable[int | None]) -> float | None:
    vs = [v for v in values if v is not None]
    return float(statistics.median(vs)) if vs else None


def timeline(view: GraphView, key: str, limit: int = 10_000) -> Timeline:
    """The cascade under ``key`` by date then level, with first/last date and median lags per
    level (from each document's parent, and from the root)."""
    root = view.require_document(key)
    rows = [_row(view, root, (key,), "root", None), *trace_down(view, key, limit=MAX_VISITED)]
    rows.sort(key=lambda r: ((r.issued_on.iso() or "~") if r.issued_on else "~",
                             Level(r.level).rank, r.key))  # fmt: skip
    by_level: dict[str, list[TraceRow]] = {}
    for r in rows:
        by_level.setdefault(r.level, []).append(r)
    levels = []
    for lvl in sorted(by_level, key=lambda s: Level(s).rank):
        rs = by_level[lvl]
        dated = sorted((r.issued_on for r in rs if r.issued_on and r.issued_on.year),
                       key=lambda d: d.iso() or "")  # fmt: skip
        levels.append(LevelSummary(
            level=lvl, documents=len(rs), first=dated[0] if dated else None,
            last=dated[-1] if dated else None,
            median_lag_days=_median(r.lag_days for r in rs if r.depth > 0),
            median_days_from_root=_median(lag_days(root.issued_on, r.issued_on)
                                          for r in rs if r.depth > 0),
        ))  # fmt: skip
    return Timeline(root=key, rows=tuple(rows[: max(0, limit)]), levels=tuple(levels))


def search_hits(view: GraphView, index: SearchIndex, text: str, limit: int = 20) -> list[SearchHit]:
    """Documents matching every word of ``text``: number/symbol matches first, then ingested
    letters, then the newest. Ranking uses the index alone; only the best candidates are
    checked against their documents (the index may hold stale entries) and built into hits."""
    qwords = words(text)
    if not qwords or limit <= 0:
        return []
    ident_sets = [index.identifying(w) for w in qwords]
    ranked = []
    for k in index.query(text):
        d = view.documents.get(k)
        if d is None:
            continue
        score = sum(2.0 if k in ids else 1.0 for ids in ident_sets) / len(qwords)
        score += 0.5 if d.status is DocumentStatus.FULL else 0.0
        year = d.issued_on.year or 0 if d.issued_on else 0
        ranked.append((-score, -year, k))
    hits: list[SearchHit] = []
    for neg_score, _, k in sorted(ranked) if len(ranked) < 4 * limit else heapq.nsmallest(
        4 * limit + 16, ranked
    ):
        d = view.documents[k]
        issuer = view.authorities.get(d.issuer_key) if d.issuer_key else None
        every = document_words(d, issuer.name if issuer else None)[1]
        if not all(w in every for w in qwords[:-1]) or not any(
            w.startswith(qwords[-1]) for w in every
        ):
            continue  # stale index entry
        hits.append(SearchHit(
            key=k, score=round(-neg_score, 3), status=d.status.value, kind=d.kind,
            number=d.number, symbol=d.symbol, subject=d.subject, issuer_key=d.issuer_key,
            issuer_name=issuer.name if issuer else None, issued_on=d.issued_on,
            level=d.level.value,
        ))  # fmt: skip
        if len(hits) >= limit:
            break
    return hits


def stats(view: GraphView, sources: int) -> Stats:
    status = Counter(d.status.value for d in view.documents.values())
    relation: Counter[str] = Counter()
    resolution: Counter[str] = Counter()
    for _, _, data in view.graph.edges(data=True):
        c = data.get("citation")
        if c is not None:
            relation[c.relation.value] += 1
            resolution[c.resolution.value] += 1
    return Stats(
        documents=len(view.documents), full=status["full"], stubs=status["stub"],
        authorities=len(view.authorities), citations=sum(relation.values()), sources=sources,
        by_relation=dict(relation), by_resolution=dict(resolution),
        by_level=dict(Counter(d.level.value for d in view.documents.values())),
    )  # fmt: skip


def subgraph(view: GraphView, root: str | None = None) -> nx.MultiDiGraph:
    """The whole graph, or ``root`` and every document under it, for export."""
    if root is None:
        return _subgraph(view)
    under = [r.key for r in trace_down(view, root, limit=MAX_VISITED)]
    return _subgraph(view, root, under)

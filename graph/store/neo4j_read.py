"""Reading the Neo4j store: bounded Cypher reads that fill small in-memory views.

Every query answer is computed by the same code as the embedded store's (:mod:`graph.queries`,
:mod:`graph.view`, :func:`graph.store.lookup.lookup_key`) on a :class:`RemoteView` holding only
the part of the graph the question needs: a trace fetches its cascade level by level (one
``UNWIND $keys`` query per level, returning the documents it finds, bounded by the same depth
cap and ``MAX_VISITED``), then the authorities on it. So traces, gaps, timelines and lookups return exactly what the
embedded store returns on the same data; ties between equally short paths are broken by key
order here and by ingest order there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import networkx as nx

from graph import queries
from graph.models import Authority, Citation, Document, Relation
from graph.store import cypher
from graph.store.base import DEFAULT_DEPTH
from graph.store.neo4j_codec import (
    authority_from_record,
    citation_from_record,
    document_from_record,
)
from graph.store.state import _edge_key
from graph.view import GraphView

__all__ = ["RemoteLoader", "RemoteView", "Run"]

Run = Callable[..., list[dict[str, Any]]]  # run(query, **parameters) -> records as dicts

_RELATION_VALUE = {m.name: m.value for m in Relation}


class RemoteView(GraphView):
    """A :class:`~graph.view.GraphView` over a fetched part of the remote graph."""

    def __init__(self) -> None:
        super().__init__()
        self.graph = nx.MultiDiGraph()
        self.documents: dict[str, Document] = {}
        self.authorities: dict[str, Authority] = {}
        self.addressed: dict[str, tuple[str, ...]] = {}

    def add_documents(self, docs: Iterable[Document]) -> None:
        for d in docs:
            if d.key not in self.documents:
                self.documents[d.key] = d
                self.graph.add_node(d.key)

    def add_authorities(self, auths: Iterable[Authority]) -> None:
        for a in auths:
            self.authorities[a.key] = a
            self.graph.add_node(a.key)
        self.invalidate()

    def add_citation(self, c: Citation) -> None:
        self.graph.add_edge(c.source_key, c.target_key, _edge_key(c), type=c.relation.name,
                            citation=c)  # fmt: skip


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class RemoteLoader:
    """The reads of the Neo4j store, each one named query of :mod:`graph.store.cypher`
    (lists of keys go in chunks of ``page`` as ``UNWIND`` parameters). Implements
    :class:`graph.store.neo4j_write.Loader` too."""

    def __init__(self, run: Run, page: int = 5000) -> None:
        self.run = run
        self.page = max(1, page)

    def _unwind(self, query: str, name: str, items: Sequence[Any]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for chunk in _chunks(list(items), self.page):
            out += self.run(query, **{name: list(chunk)})
        return out

    # -- documents ----------------------------------------------------------------------
    def documents(self, keys: Sequence[str]) -> list[Document]:
        return [document_from_record(r) for r in self._unwind(cypher.DOCUMENTS_BY_KEYS, "keys", keys)]

    def documents_numbered(self, number_keys: Sequence[str]) -> list[Document]:
        rows = self._unwind(cypher.DOCUMENTS_BY_NUMBER_KEYS, "number_keys", number_keys)
        return [document_from_record(r) for r in rows]

    def _pairs(self, query: str, pairs: Sequence[tuple[str, int]]) -> list[Document]:
        items = [{"issuer_key": k, "year": y} for k, y in pairs]
        return [document_from_record(r) for r in self._unwind(query, "pairs", items)]

    def documents_by_issuer_year(self, pairs: Sequence[tuple[str, int]]) -> list[Document]:
        return self._pairs(cypher.DOCUMENTS_BY_ISSUER_YEARS, pairs)

    def drafts(self, pairs: Sequence[tuple[str, int]]) -> list[Document]:
        return self._pairs(cypher.DRAFTS_BY_ISSUER_YEARS, pairs)

    def documents_by_source(self, sources: Sequence[str]) -> list[Document]:
        rows = self._unwind(cypher.DOCUMENTS_BY_SOURCES, "sources", sources)
        return [document_from_record(r) for r in rows]

    def citations(self, keys: Sequence[str]) -> list[Citation]:
        rows = self._unwind(cypher.CITATIONS_OUT, "keys", keys)
        rows += self._unwind(cypher.CITATIONS_IN, "keys", keys)
        seen: dict[tuple[str, str, str], Citation] = {}
        for r in rows:
            c = citation_from_record(r)
            seen.setdefault((c.source_key, c.target_key, _edge_key(c)), c)
        return list(seen.values())

    def citations_out(self, keys: Sequence[str]) -> list[Citation]:
        return [citation_from_record(r) for r in self._unwind(cypher.CITATIONS_OUT, "keys", keys)]

    def addressed(self, keys: Sequence[str]) -> dict[str, tuple[str, ...]]:
        rows = self._unwind(cypher.ADDRESSED_OF, "keys", keys)
        by_key: dict[str, list[tuple[int, str]]] = {}
        for r in rows:
            by_key.setdefault(r["key"], []).append((r["rank"] or 0, r["authority"]))
        return {k: tuple(a for _, a in sorted(v)) for k, v in by_key.items()}

    def authorities(self, keys: Sequence[str]) -> list[Authority]:
        rows = self._unwind(cypher.AUTHORITIES_BY_KEYS, "keys", keys)
        return [authority_from_record(r) for r in rows]

    def authorities_with_chains(self, keys: Iterable[str]) -> list[Authority]:
        found: dict[str, Authority] = {}
        wanted = set(keys)
        for _ in range(16):
            if not wanted:
                break
            for a in self.authorities(sorted(wanted)):
                found[a.key] = a
            wanted = {a.parent_key for a in found.values() if a.parent_key} - set(found)
        return list(found.values())

    # -- views --------------------------------------------------------------------------
    def _walk(self, view: RemoteView, start: str, depth: int | None, down: bool) -> None:
        """Fetch the IMPLEMENTS/BASED_ON edges ``depth`` levels around ``start``."""
        levels = queries.MAX_DEPTH if depth is None else max(0, min(depth, queries.MAX_DEPTH))
        found: dict[str, Document] = {d.key: d for d in self.documents([start])}
        seen = {start}
        frontier = [start]
        query = cypher.FOLLOWED_IN if down else cypher.FOLLOWED_OUT
        for _ in range(levels):
            if not frontier or len(seen) > queries.MAX_VISITED:
                break
            rows = sorted(self._unwind(query, "keys", frontier),
                          key=lambda r: (r["to_key"], r["from_key"], r["type"], r["start_offset"]))  # fmt: skip
            nxt: list[str] = []
            for r in rows:
                key = f"{_RELATION_VALUE[r['type']]}:{r['start_offset']}:{r['end_offset']}"
                view.graph.add_edge(r["from_key"], r["to_key"], key, type=r["type"])
                new = r["from_key"] if down else r["to_key"]
                if new not in seen:
                    seen.add(new)
                    nxt.append(new)
                    found[new] = document_from_record(r)  # the row carries the new document
            frontier = nxt
        view.add_documents(found[k] for k in sorted(found))

    def trace_view(self, key: str, depth: int | None = DEFAULT_DEPTH,
                   down: bool = True) -> RemoteView:  # fmt: skip
        """The documents within ``depth`` levels of ``key`` (down or up), with issuers."""
        view = RemoteView()
        self._walk(view, key, depth, down)
        issuers = {d.issuer_key for d in view.documents.values() if d.issuer_key}
        view.add_authorities(self.authorities(sorted(issuers)))
        return view

    def cascade_view(self, key: str) -> RemoteView:
        """The cascade under ``key`` (as gaps, timeline and subgraph see it) with addressed
        authorities and their chains."""
        view = self.trace_view(key)
        view.addressed.update(self.addressed(sorted(view.documents)))
        wanted = {a for targets in view.addressed.values() for a in targets}
        wanted |= {d.issuer_key for d in view.documents.values() if d.issuer_key}
        view.add_authorities(self.authorities_with_chains(wanted))
        return view

    def whole_view(self) -> RemoteView:
        view = RemoteView()
        after = ""
        while True:
            rows = self.run(cypher.ALL_DOCUMENTS, after=after, page_size=self.page)
            if not rows:
                break
            view.add_documents(document_from_record(r) for r in rows)
            after = rows[-1]["key"]
        keys = sorted(view.documents)
        view.add_authorities(authority_from_record(r) for r in self.run(cypher.ALL_AUTHORITIES))
        view.addressed.update(self.addressed(keys))
        for c in self.citations_out(keys):
            view.add_citation(c)
        return view

    def add_citations_within(self, view: RemoteView) -> None:
        for c in self.citations_out(sorted(view.documents)):
            if c.target_key in view.documents:
                view.add_citation(c)

    def neighbors_view(self, key: str) -> RemoteView | None:
        """``key`` and every node one edge away; ``None`` when no node has that key."""
        view = RemoteView()
        docs = self.documents([key])
        if docs:
            view.add_documents(docs)
            cites = self.citations([key])
            view.add_documents(self.documents(sorted({c.source_key for c in cites}
                                                     | {c.target_key for c in cites})))  # fmt: skip
            for c in sorted(cites, key=lambda c: (c.source_key, c.target_key, _edge_key(c))):
                view.add_citation(c)
            view.addressed.update(self.addressed([key]))
            auths = set(view.addressed.get(key, ())) | {docs[0].issuer_key or ""}
            view.add_authorities(self.authorities(sorted(auths - {""})))
            return view
        found = self.authorities([key])
        if not found:
            return None
        a = found[0]
        children = [authority_from_record(r) for r in self.run(cypher.CHILD_AUTHORITIES, key=key)]
        parent = self.authorities([a.parent_key]) if a.parent_key else []
        view.add_authorities([a, *parent, *children])
        if parent:
            view.graph.add_edge(a.key, parent[0].key, "UNDER", type="UNDER")
        for ch in sorted(children, key=lambda x: x.key):
            view.graph.add_edge(ch.key, a.key, "UNDER", type="UNDER")
        view.add_documents(document_from_record(r) for r in self.run(cypher.ISSUED_BY, key=key))
        addressing = [document_from_record(r) for r in self.run(cypher.ADDRESSED_BY, key=key)]
        view.add_documents(addressing)
        for d in sorted(addressing, key=lambda d: d.key):
            view.addressed[d.key] = (key,)
        return view

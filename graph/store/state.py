"""The mutable state of an in-memory directive graph: applying and removing letters.

:class:`GraphState` is :class:`~graph.view.GraphView` plus everything that keeps it right when
letters come and go: keys (:mod:`graph.keys`), resolution (:mod:`graph.resolve`), stubs that
become full nodes and back, placeholders of local symbols without an issuer that are re-pointed
when the intended document appears, possible matches with unnumbered drafts, and indexes. It
also converts itself to and from the snapshot rows of :mod:`graph.store.memory.codec`. No I/O here:
:class:`graph.store.memory.store.MemoryStore` adds the files.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

import networkx as nx

from graph.cascade import FOLLOWED
from graph.issuers import pick_issuer, with_issuer
from graph.keys import document_key, key_of, normalize_number, number_index_key
from graph.models import (
    Authority,
    Citation,
    Document,
    DocumentStatus,
    LetterRecord,
    Resolution,
)
from graph.resolve import (
    best_draft,
    choose_candidate,
    is_unknown_issuer_key,
    resolution_for,
    resolve_mention,
)
from graph.search import SearchIndex
from graph.store.memory import codec
from graph.view import GraphView

__all__ = ["GraphState"]

log = logging.getLogger(__name__)


class GraphState(GraphView):
    """Documents, authorities and citations kept consistent as letters are added and removed."""

    def __init__(self) -> None:
        super().__init__()
        self._init_state()

    def _init_state(self) -> None:
        self.graph = nx.MultiDiGraph()
        self.documents: dict[str, Document] = {}
        self.authorities: dict[str, Authority] = {}
        self.addressed: dict[str, tuple[str, ...]] = {}
        self._texts: dict[str, str] = {}
        self._sources: dict[str, tuple[str, str]] = {}  # source -> (sha256, key)
        self._numbered: dict[tuple[str, str], set[str]] = {}
        self._by_number: dict[str, set[str]] = {}  # number alone -> keys (any symbol)
        # numbers others cite an unsigned copy by (draft_match): number key -> draft keys
        self._draft_numbers: dict[tuple[str, str], set[str]] = {}
        self._by_issuer_year: dict[tuple[str, int], set[str]] = {}
        self._drafts: dict[tuple[str, int], set[str]] = {}
        self._search: SearchIndex | None = None
        # letters whose issuer is one of several candidates the evidence could not yet tell
        # apart (graph.issuers): source -> record as ingested, the numbers they cite -> sources,
        # and the sources to ask again once the current record is applied
        self._pending: dict[str, LetterRecord] = {}
        self._pending_numbers: dict[tuple[str, str], set[str]] = {}
        self._retry: set[str] = set()
        self.invalidate()

    def _load_snapshot(self, snap: dict[str, Any]) -> None:
        docs = [codec.document_from_row(r) for r in snap["documents"]]
        auths = [codec.authority_from_row(r) for r in snap["authorities"]]
        g = self.graph
        g.add_nodes_from(a.key for a in auths)
        g.add_nodes_from(d.key for d in docs)
        for a in auths:
            self.authorities[a.key] = a
        for d in docs:
            self.documents[d.key] = d
            self._index(d)
        # bulk edges straight into the adjacency dicts: add_edges_from is twice as slow here
        succ, pred = g._succ, g._pred
        edges: Iterator[tuple[str, str, str, dict[str, Any]]] = (
            (c.source_key, c.target_key, _edge_key(c), {"type": c.relation.name, "citation": c})
            for c in map(codec.citation_from_row, snap["citations"])
        )
        under = ((a.key, a.parent_key, "UNDER", {"type": "UNDER"}) for a in auths if a.parent_key)
        for edge_iter in (edges, under):
            for u, v, k, data in edge_iter:
                if v not in succ:
                    g.add_node(v)
                keydict = succ[u].get(v)
                if keydict is None:
                    keydict = succ[u][v] = pred[v][u] = {}
                keydict[k] = data
        g.__networkx_cache__.clear()
        self.addressed = {k: tuple(v) for k, v in snap["addressed"].items()}
        self._texts = snap["texts"]
        self._sources = {k: (v[0], v[1]) for k, v in snap["sources"].items()}
        self.assumed = set(snap.get("assumed", ()))
        self._draft_numbers = {(k[0], k[1]): set(v) for k, v in snap.get("draft_numbers", ())}
        for row in snap.get("pending", ()):  # snapshots written before pending letters have none
            rec = codec.record_from_row(row)
            self._pend(rec.document.source or key_of(rec.document, rec.text), rec)

    def _snapshot_state(self) -> dict[str, Any]:
        return {
            "documents": [codec.document_row(d) for d in self.documents.values()],
            "authorities": [codec.authority_row(a) for a in self.authorities.values()],
            "citations": [codec.citation_row(c) for c in self.citations()],
            "addressed": self.addressed,
            "texts": self._texts,
            "sources": self._sources,
            "pending": [codec.record_row(r) for r in self._pending.values()],
            "assumed": sorted(self.assumed),
            "draft_numbers": [[list(k), sorted(v)] for k, v in self._draft_numbers.items()],
        }

    def _replay(self, op: Sequence[Any]) -> None:
        if op[0] == "add":
            for row in op[1]:
                self._apply(codec.record_from_row(row))
        elif op[0] == "remove":
            self._remove_source(op[1])
        else:
            log.warning("ignoring an unknown journal entry %r", op[0])

    # -- applying a record ------------------------------------------------------------------
    def _apply(self, rec: LetterRecord) -> dict[str, Any]:
        """Apply one record, then ask again about letters whose issuer it may have settled."""
        out = self._apply_one(rec)
        while self._retry:
            source = min(self._retry)
            self._retry.discard(source)
            pending = self._pending.get(source)
            if pending is None or pick_issuer(pending, self) is None:
                continue
            log.debug("%s: issuer settled by later letters; re-applying it", source)
            self._remove_source(source)
            self._apply_one(pending)
        return out

    def _pend(self, source: str, rec: LetterRecord) -> None:
        self._pending[source] = rec
        for m in rec.mentions:
            self._pending_numbers.setdefault(number_index_key(m.number, m.symbol), set()).add(source)

    def _unpend(self, source: str) -> None:
        rec = self._pending.pop(source, None)
        if rec is None:
            return
        for m in rec.mentions:
            k = number_index_key(m.number, m.symbol)
            sources = self._pending_numbers.get(k)
            if sources is not None:
                sources.discard(source)
                if not sources:
                    del self._pending_numbers[k]

    def _settled(self, rec: LetterRecord) -> tuple[LetterRecord, bool]:
        """``rec`` with the candidate issuer the graph's evidence picks, and whether it must
        wait (be asked again when more letters arrive) because there is none yet."""
        if not rec.issuer_candidates or rec.document.issuer_key is not None:
            return rec, False
        cand = pick_issuer(rec, self)
        return (rec, True) if cand is None else (with_issuer(rec, cand), False)

    def _apply_one(self, rec: LetterRecord) -> dict[str, Any]:
        out: dict[str, Any] = {"key": "", "added": 0, "replaced": 0, "unchanged": 0}
        source = rec.document.source or key_of(rec.document, rec.text)
        settled, waits = self._settled(rec)
        key = key_of(settled.document, settled.text)
        out["key"] = key
        prev = self._sources.get(source)
        if prev is not None and prev == (rec.document.sha256 or "", key):
            out["unchanged"] = 1
            return out
        if prev is not None:
            self._remove_source(source)
        if waits:
            self._pend(source, rec)
        else:
            self._unpend(source)
        rec = settled
        existing = self.documents.get(key)
        if existing is not None and existing.status is DocumentStatus.FULL:
            log.warning("%s: the document %s was already ingested from %s; replacing it",
                        source, key, existing.source)  # fmt: skip
            self._remove_source(existing.source or key)
        out["replaced" if prev is not None else "added"] = 1
        for a in rec.authorities:
            self._put_authority(a)
        doc = replace(rec.document, key=key, status=DocumentStatus.FULL)
        self._put_document(doc)
        self.addressed[key] = tuple(dict.fromkeys(rec.addressed_to))
        self.assumed.discard(key)  # its own Kính gửi replaces any assumption
        self._texts[key] = rec.text
        self._sources[source] = (rec.document.sha256 or "", key)
        out.update(citations=0, stubs_created=0, ambiguous=0, possible_matches=0)
        for m in rec.mentions:
            r = resolve_mention(m, doc, self, self.authorities)
            if r.target.key == key:
                continue  # the letter's own number quoted in its text
            if r.target != self.documents.get(r.target.key):
                self._put_document(r.target)
            if m.audience and r.target.status is not DocumentStatus.FULL:
                self._assume_audience(r.target.key, m.audience)
            self._add_citation(r.citation)
            if r.citation.resolution is Resolution.DRAFT_MATCH and r.target.key != key:
                self._note_draft_number(r.target.key, m.number, m.symbol)
            if r.matched_stub is not None:  # the stub's other citations follow to the copy
                self._put_document(r.matched_stub)
                self._refresh_in_edges(r.matched_stub.key)
            out["citations"] += 1
            out["stubs_created"] += r.is_new
            out["ambiguous"] += r.citation.resolution is Resolution.AMBIGUOUS
            out["possible_matches"] += r.citation.resolution is Resolution.POSSIBLE_MATCH
        out["ambiguous"] -= self._settle_years(key)
        return out

    def _settle_years(self, key: str) -> int:
        """Undated mentions that documents of several years could be (see graph.resolve): the
        one the letter's other cited documents carry out is meant (a follow-up letter cites the
        earlier letter and the directive both). The number of citations settled."""
        edges = [(t, k, d) for _, t, k, d in self.graph.out_edges(key, keys=True, data=True)
                 if "citation" in d]  # fmt: skip
        cited = {t for t, _, _ in edges}
        settled = 0
        for target, k, data in edges:
            c: Citation = data["citation"]
            if c.resolution is not Resolution.AMBIGUOUS or len(c.candidates) < 2:
                continue
            if is_unknown_issuer_key(target) or target not in c.candidates:
                continue  # a placeholder of a local number: graph.resolve's rules, not this one
            others = cited - set(c.candidates)
            backed = [cand for cand in c.candidates if cand in self.documents and any(
                d.get("type") in FOLLOWED
                for o in others
                for d in (self.graph.get_edge_data(o, cand) or {}).values()
            )]  # fmt: skip
            if len(backed) != 1:
                continue
            chosen = self.documents[backed[0]]
            self.graph.remove_edge(key, target, k)
            self._add_citation(replace(c, target_key=chosen.key, candidates=(),
                                       resolution=resolution_for(chosen)))  # fmt: skip
            settled += 1
            if self.graph.in_degree(target) == 0 and self.documents[target].status is DocumentStatus.STUB:
                self._delete_document(target)
        return settled

    def _assume_audience(self, key: str, audience: tuple[str, ...]) -> None:
        """A document known only from references is taken to address ``audience`` (kept until
        its own text arrives; the first assumption stays, as the same rule gives the same)."""
        if key in self.addressed:  # its own list, or an assumption already made
            return
        self.addressed[key] = tuple(a for a in audience if a in self.authorities)
        self.assumed.add(key)
        self.invalidate()

    def _put_authority(self, a: Authority) -> None:
        old = self.authorities.get(a.key)
        if old == a:
            return
        if old is not None and old.parent_key and old.parent_key != a.parent_key:
            self.graph.remove_edge(a.key, old.parent_key, "UNDER")
        self.authorities[a.key] = a
        self.graph.add_node(a.key)
        if a.parent_key and (old is None or old.parent_key != a.parent_key):
            self.graph.add_edge(a.key, a.parent_key, "UNDER", type="UNDER")
        self.invalidate()

    def _index(self, d: Document) -> None:
        if d.number:
            self._numbered.setdefault(number_index_key(d.number, d.symbol), set()).add(d.key)
            self._by_number.setdefault(normalize_number(d.number), set()).add(d.key)
        if d.issuer_key and d.year is not None:
            self._by_issuer_year.setdefault((d.issuer_key, d.year), set()).add(d.key)
            if not d.number:
                self._drafts.setdefault((d.issuer_key, d.year), set()).add(d.key)
        if self._search is not None:
            self._search.add(d, self._issuer_name(d))

    def _unindex(self, d: Document) -> None:
        buckets: list[tuple[dict[Any, set[str]], Any]] = []
        if d.number:
            buckets.append((self._numbered, number_index_key(d.number, d.symbol)))
            buckets.append((self._by_number, normalize_number(d.number)))
        if d.issuer_key and d.year is not None:
            buckets += [(self._by_issuer_year, (d.issuer_key, d.year)),
                        (self._drafts, (d.issuer_key, d.year))]  # fmt: skip
        for table, k in buckets:
            keys = table.get(k)
            if keys is not None:
                keys.discard(d.key)
                if not keys:
                    del table[k]

    def _put_document(self, doc: Document) -> None:
        old = self.documents.get(doc.key)
        if old is not None:
            self._unindex(old)
        else:
            self.graph.add_node(doc.key)
        self.documents[doc.key] = doc
        self._index(doc)
        self.invalidate()
        if old is None or old.status is not doc.status:
            self._refresh_in_edges(doc.key)
        if old is None and doc.number and doc.year is not None:
            if not is_unknown_issuer_key(doc.key):
                self._reresolve_unknown(doc.number, doc.symbol, doc.year)
        if doc.number and doc.issuer_key and self._pending_numbers:
            if old is None or (old.issuer_key, old.status) != (doc.issuer_key, doc.status):
                self._retry.update(self._pending_numbers.get(number_index_key(doc.number, doc.symbol), ()))
        if not doc.number and doc.issuer_key and doc.year is not None:
            self._refresh_drafts(doc.issuer_key, doc.year)

    def _delete_document(self, key: str) -> None:
        doc = self.documents.pop(key)
        self._unindex(doc)
        self.graph.remove_node(key)
        if key in self.assumed:
            self.assumed.discard(key)
            self.addressed.pop(key, None)
        self.invalidate()
        if doc.number and doc.year is not None and not is_unknown_issuer_key(key):
            self._reresolve_unknown(doc.number, doc.symbol, doc.year)
        if not doc.number and doc.issuer_key and doc.year is not None:
            self._refresh_drafts(doc.issuer_key, doc.year)

    def _add_citation(self, c: Citation) -> None:
        self.graph.add_edge(
            c.source_key, c.target_key, _edge_key(c), type=c.relation.name, citation=c
        )

    def _refresh_in_edges(self, key: str) -> None:
        """Set the resolution of every citation of ``key`` from what the node now is."""
        doc = self.documents[key]
        if is_unknown_issuer_key(key) and doc.status is DocumentStatus.STUB:
            return  # placeholders: see _reresolve_unknown
        drafts = None
        if doc.status is DocumentStatus.STUB and doc.issuer_key and doc.year is not None:
            drafts = self.drafts(doc.issuer_key, doc.year)
        follow: list[tuple[str, str, Citation, str]] = []
        for src, _, k, data in list(self.graph.in_edges(key, keys=True, data=True)):
            c = data.get("citation")
            if c is None:
                continue
            citing = self.documents.get(src)
            match = best_draft(doc, drafts, citing.subject if citing else None) if drafts else None
            if match is not None and match[2]:
                new = replace(c, resolution=Resolution.DRAFT_MATCH, candidates=(key,), score=match[1])
                follow.append((src, k, new, match[0].key))
            elif match is not None:
                new = replace(c, resolution=Resolution.POSSIBLE_MATCH, candidates=(match[0].key,),
                              score=match[1])  # fmt: skip
            elif c.resolution is Resolution.DRAFT_MATCH and doc.status is DocumentStatus.FULL:
                continue  # an unsigned copy the citation was followed to: keep its score
            else:
                new = replace(c, resolution=resolution_for(doc), candidates=(), score=None)
            data["citation"] = new
        for src, k, c, draft_key in follow:  # the unsigned copy is the document cited
            if doc.number:
                self._note_draft_number(draft_key, doc.number, doc.symbol)
            self.graph.remove_edge(src, key, k)
            self._add_citation(replace(c, target_key=draft_key))
        if follow and self.graph.in_degree(key) == 0 and doc.status is DocumentStatus.STUB:
            self._delete_document(key)

    def _refresh_drafts(self, issuer_key: str, year: int) -> None:
        for k in list(self._by_issuer_year.get((issuer_key, year), ())):
            d = self.documents[k]
            if d.number and d.status is DocumentStatus.STUB:
                self._refresh_in_edges(k)

    def _reresolve_unknown(self, number: str, symbol: str | None, year: int) -> None:
        """Re-point citations of ``number/symbol`` with no known issuer after a change."""
        ukey = document_key(number, symbol, year, None)
        if not is_unknown_issuer_key(ukey):
            return  # a nationally unique symbol has no placeholder
        placeholder = self.documents.get(ukey)
        if placeholder is None or placeholder.status is DocumentStatus.FULL:
            return
        others = [d for d in self.numbered(number, symbol)
                  if d.year == year and not is_unknown_issuer_key(d.key)]  # fmt: skip
        for src, _, k, data in list(self.graph.in_edges(ukey, keys=True, data=True)):
            c: Citation = data["citation"]
            citing = self.documents[src]
            chain = self.authority_chain(citing.issuer_key) if citing.issuer_key else ()
            chosen, candidates = choose_candidate(others, chain)
            if chosen is None:
                resolution = Resolution.AMBIGUOUS if candidates else Resolution.STUB
                data["citation"] = replace(c, resolution=resolution, candidates=candidates)
                continue
            self.graph.remove_edge(src, ukey, k)
            self._add_citation(replace(c, target_key=chosen.key, candidates=(),
                                       resolution=resolution_for(chosen)))  # fmt: skip
        if self.graph.in_degree(ukey) == 0:
            self._delete_document(ukey)

    # -- removing ---------------------------------------------------------------------------
    def _remove_source(self, source: str) -> None:
        self._unpend(source)
        entry = self._sources.pop(source, None)
        if entry is None:
            return
        key = entry[1]
        doc = self.documents.get(key)
        if doc is None or doc.status is not DocumentStatus.FULL:
            return
        cited = set()
        for _, target, k, data in list(self.graph.out_edges(key, keys=True, data=True)):
            if "citation" in data:
                self.graph.remove_edge(key, target, k)
                cited.add(target)
        self.addressed.pop(key, None)
        self._texts.pop(key, None)
        if any("citation" in d for _, _, d in self.graph.in_edges(key, data=True)):
            stub = replace(doc, status=DocumentStatus.STUB, source=None, sha256=None)
            self._put_document(stub)
        else:
            self._delete_document(key)
        for t in sorted(cited):
            d = self.documents.get(t)
            if d is not None and d.status is DocumentStatus.STUB and self.graph.in_degree(t) == 0:
                self._delete_document(t)

    # -- DocumentIndex (for graph.resolve) --------------------------------------------------
    def document(self, key: str) -> Document | None:
        return self.documents.get(key)

    def numbered(self, number: str, symbol: str | None) -> list[Document]:
        """Documents with this number and symbol: numbered ones, and unsigned copies that
        citations by this number were matched to."""
        nk = number_index_key(number, symbol)
        keys = self._numbered.get(nk, set()) | self._draft_numbers.get(nk, set())
        return [self.documents[k] for k in sorted(keys) if k in self.documents]

    def numbered_any(self, number: str) -> list[Document]:
        keys = self._by_number.get(normalize_number(number), ())
        return [self.documents[k] for k in sorted(keys) if k in self.documents]

    def _note_draft_number(self, draft_key: str, number: str, symbol: str | None) -> None:
        """Remember the number a citation followed to an unsigned copy cited it by."""
        self._draft_numbers.setdefault(number_index_key(number, symbol), set()).add(draft_key)

    def drafts(self, issuer_key: str, year: int) -> list[Document]:
        return [self.documents[k] for k in sorted(self._drafts.get((issuer_key, year), ()))]

    def citations(self) -> Iterator[Citation]:
        for _, _, data in self.graph.edges(data=True):
            c = data.get("citation")
            if c is not None:
                yield c

    def _issuer_name(self, d: Document) -> str | None:
        a = self.authorities.get(d.issuer_key) if d.issuer_key else None
        return a.name if a else None


def _edge_key(c: Citation) -> str:
    return f"{c.relation.value}:{c.start}:{c.end}"

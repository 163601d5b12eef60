"""Writing letters to a remote graph with the embedded store's own resolution rules.

Identity and resolution must be exactly those of :class:`graph.store.memory.store.MemoryStore`, so
they are not re-implemented in Cypher: for each batch of records a :class:`WorkingSet` (a
:class:`~graph.store.state.GraphState`) is filled with the part of the remote graph the batch
can touch, the records are applied to it by the same code the embedded store runs
(``GraphState._apply``: keys, :mod:`graph.resolve`, stubs, placeholders, drafts, removal), and
the difference is returned as a :class:`Delta` for the store to write.

What a batch can touch (the working set's *deep* documents, whose citations are all loaded):
the records' keys and sources, every key a mention can resolve to, the number/symbol buckets of
records and mentions, the issuer/year buckets of drafts, and — for documents a re-ingest
replaces — the documents they cited and those documents' buckets. Documents at the other end
of a deep document's citations are loaded *shallow* (properties only); unnumbered drafts of
every issuer/year in play and the authorities (with their UNDER chains) are loaded too.
``tests/graph/test_neo4j_unit.py`` checks this against the embedded store on many scenarios.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph.keys import document_key, key_of
from graph.models import Authority, Citation, Document, DocumentStatus, LetterRecord
from graph.resolve import mention_year
from graph.store.neo4j_codec import number_key
from graph.store.state import GraphState, _edge_key
from graph.store.validate import validate_record

__all__ = ["Delta", "Loader", "WorkingSet", "apply_records", "copy_store", "full_delta", "remove_source"]

log = logging.getLogger(__name__)


class Loader(Protocol):
    """The reads a working set needs from the remote graph (each one query in Neo4j)."""

    def documents(self, keys: Sequence[str]) -> list[Document]: ...

    def documents_numbered(self, number_keys: Sequence[str]) -> list[Document]: ...

    def documents_by_issuer_year(self, pairs: Sequence[tuple[str, int]]) -> list[Document]: ...

    def drafts(self, pairs: Sequence[tuple[str, int]]) -> list[Document]: ...

    def documents_by_source(self, sources: Sequence[str]) -> list[Document]: ...

    def citations(self, keys: Sequence[str]) -> list[Citation]:
        """Every citation from or to one of ``keys``."""
        ...

    def addressed(self, keys: Sequence[str]) -> dict[str, tuple[str, ...]]: ...

    def authorities(self, keys: Sequence[str]) -> list[Authority]: ...


EdgeId = tuple[str, str, str]  # source, target, "relation:start:end"


@dataclass
class Delta:
    """What a batch changed: the store writes it in UNWIND batches, deletions first."""

    delete_documents: list[str] = field(default_factory=list)
    delete_citations: list[Citation] = field(default_factory=list)
    authorities: list[Authority] = field(default_factory=list)
    documents: list[tuple[Document, str | None]] = field(default_factory=list)  # + issuer name
    texts: dict[str, str] = field(default_factory=dict)
    addressed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # replaced wholesale
    citations: list[Citation] = field(default_factory=list)  # added or changed

    def __bool__(self) -> bool:
        return any((self.delete_documents, self.delete_citations, self.authorities,
                    self.documents, self.texts, self.addressed, self.citations))  # fmt: skip

    def sizes(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in (
            "delete_documents", "delete_citations", "authorities", "documents", "texts",
            "addressed", "citations")}  # fmt: skip


class WorkingSet(GraphState):
    """The part of the remote graph a batch can touch, as an in-memory GraphState."""

    def __init__(self, loader: Loader) -> None:
        super().__init__()
        self._loader = loader
        self._deep: set[str] = set()
        self._addressed_loaded: set[str] = set()

    # -- filling --------------------------------------------------------------------------
    def _add_documents(self, docs: Iterable[Document]) -> list[Document]:
        new = []
        for d in docs:
            if d.key in self.documents:
                continue
            self.documents[d.key] = d
            self.graph.add_node(d.key)
            self._index(d)
            if d.status is DocumentStatus.FULL:
                self._sources[d.source or d.key] = (d.sha256 or "", d.key)
            new.append(d)
        return new

    def _deepen(self, docs: Iterable[Document]) -> None:
        """Load every citation of ``docs`` (and the documents at their other ends)."""
        keys = sorted({d.key for d in docs} - self._deep)
        if not keys:
            return
        self._deep.update(keys)
        cites = self._loader.citations(keys)
        others = {k for c in cites for k in (c.source_key, c.target_key)} - set(self.documents)
        self._add_documents(self._loader.documents(sorted(others)))
        for c in cites:
            k = _edge_key(c)
            if not self.graph.has_edge(c.source_key, c.target_key, k):
                self.graph.add_edge(c.source_key, c.target_key, k, type=c.relation.name,
                                    citation=c)  # fmt: skip

    def _load_buckets(self, docs: Iterable[Document], number_keys: set[str],
                      drafts_of: set[tuple[str, int]]) -> list[Document]:  # fmt: skip
        """``docs`` plus the number buckets and (for drafts) issuer/year buckets they sit in."""
        docs = list(docs)
        for d in docs:
            if d.number:
                number_keys.add(number_key(d.number, d.symbol))
            elif d.issuer_key and d.year is not None:
                drafts_of.add((d.issuer_key, d.year))
        out = docs + self._loader.documents_numbered(sorted(number_keys))
        out += self._loader.documents_by_issuer_year(sorted(drafts_of))
        return out

    def load_for(self, records: Sequence[LetterRecord], sources: Sequence[str] = ()) -> None:
        """Fill the working set for applying ``records`` and removing ``sources``."""
        keys: set[str] = set()
        srcs: set[str] = set(sources)
        number_keys: set[str] = set()
        drafts_of: set[tuple[str, int]] = set()
        issuer_years: set[tuple[str, int]] = set()
        authority_keys: set[str] = set()
        for rec in records:
            doc = rec.document
            key = key_of(doc, rec.text)
            keys.add(key)
            srcs.add(doc.source or key)
            year = doc.year if doc.year is not None else (doc.issued_on.year if doc.issued_on else None)
            if doc.number:
                number_keys.add(number_key(doc.number, doc.symbol))
            elif doc.issuer_key and year is not None:
                drafts_of.add((doc.issuer_key, year))
            if doc.issuer_key:
                authority_keys.add(doc.issuer_key)
                if year is not None:
                    issuer_years.add((doc.issuer_key, year))
            authority_keys.update(rec.addressed_to)
            for a in rec.authorities:
                authority_keys.add(a.key)
                if a.parent_key:
                    authority_keys.add(a.parent_key)
            for m in rec.mentions:
                y, inferred = mention_year(m)
                keys.add(document_key(m.number, m.symbol, y, m.issuer_key))
                keys.add(document_key(m.number, m.symbol, y, None))
                if inferred and y is not None:
                    keys.add(document_key(m.number, m.symbol, y - 1, m.issuer_key))
                number_keys.add(number_key(m.number, m.symbol))
                if m.issuer_key and y is not None:
                    issuer_years.update({(m.issuer_key, y), (m.issuer_key, y - 1)})
        seeds = self._loader.documents(sorted(keys)) + self._loader.documents_by_source(sorted(srcs))
        first = self._load_buckets(seeds, number_keys, drafts_of)
        self._add_documents(first)
        deep = {d.key: d for d in first}
        # documents a re-ingest or removal replaces: what they cited may lose its last citation
        replaced = [d for d in deep.values() if d.status is DocumentStatus.FULL
                    and (d.key in keys or (d.source or d.key) in srcs)]  # fmt: skip
        self._deepen(deep.values())
        if replaced:
            for k in [k for k in keys if k in self.documents]:
                self._addressed_loaded.add(k)
            self._addressed_loaded.update(d.key for d in replaced)
            cited = {t for d in replaced for _, t in self.graph.out_edges(d.key)}
            more = self._load_buckets(self._loader.documents(sorted(cited)), set(), set())
            self._add_documents(more)
            for d in more:
                deep.setdefault(d.key, self.documents[d.key])
            self._deepen(deep.values())
        self.addressed.update(self._loader.addressed(sorted(self._addressed_loaded)))
        for d in list(self.documents.values()):
            if d.issuer_key and d.year is not None:
                issuer_years.add((d.issuer_key, d.year))
            if d.issuer_key:
                authority_keys.add(d.issuer_key)
        self._add_documents(self._loader.drafts(sorted(issuer_years)))
        self._load_authorities(authority_keys)

    def _load_authorities(self, keys: set[str]) -> None:
        wanted = keys - set(self.authorities)
        for _ in range(16):  # up the UNDER chains
            if not wanted:
                break
            found = self._loader.authorities(sorted(wanted))
            for a in found:
                self.authorities[a.key] = a
                self.graph.add_node(a.key)
            parents = {a.parent_key for a in found if a.parent_key}
            wanted = parents - set(self.authorities)
        for a in self.authorities.values():
            if a.parent_key and a.parent_key in self.authorities:
                self.graph.add_edge(a.key, a.parent_key, "UNDER", type="UNDER")
        self.invalidate()

    # -- the difference -------------------------------------------------------------------
    def snapshot(self) -> _Snapshot:
        return _Snapshot(
            documents=dict(self.documents), authorities=dict(self.authorities),
            citations=self._edges(), addressed={k: self.addressed.get(k, ())
                                                for k in self._addressed_loaded},
        )  # fmt: skip

    def _edges(self) -> dict[EdgeId, Citation]:
        return {(u, v, k): d["citation"] for u, v, k, d in self.graph.edges(keys=True, data=True)
                if "citation" in d}  # fmt: skip

    def delta(self, before: _Snapshot) -> Delta:
        out = Delta()
        out.delete_documents = sorted(set(before.documents) - set(self.documents))
        after_edges = self._edges()
        out.delete_citations = [c for e, c in before.citations.items() if e not in after_edges]
        out.citations = [c for e, c in after_edges.items() if before.citations.get(e) != c]
        out.authorities = [a for k, a in self.authorities.items() if before.authorities.get(k) != a]
        for k, d in self.documents.items():
            if before.documents.get(k) != d or k in self._texts:
                out.documents.append((d, self._issuer_name(d)))
        out.texts = dict(self._texts)
        touched = set(before.addressed) | set(self.addressed)
        for k in sorted(touched):
            now = self.addressed.get(k, ())
            if k in self.documents and now != before.addressed.get(k, ()):
                out.addressed[k] = now
        return out

    # -- applying -------------------------------------------------------------------------
    def apply(self, rec: LetterRecord, index: int) -> dict[str, Any]:
        """Validate and apply one record, exactly as the embedded store does."""
        validate_record(rec, self.authorities, index=index)
        key = key_of(rec.document, rec.text)
        self._addressed_loaded.add(key)
        return self._apply(rec)


@dataclass
class _Snapshot:
    documents: dict[str, Document]
    authorities: dict[str, Authority]
    citations: dict[EdgeId, Citation]
    addressed: dict[str, tuple[str, ...]]


def apply_records(
    loader: Loader, records: Sequence[LetterRecord], first_index: int = 0
) -> tuple[Delta, list[dict[str, Any]], BaseException | None]:
    """Apply ``records`` to a working set loaded from ``loader``.

    Returns the delta, one outcome per applied record, and the error that stopped the batch
    (``None`` when every record applied): as in the embedded store, the records before a bad
    one are kept.
    """
    ws = WorkingSet(loader)
    ws.load_for(records)
    before = ws.snapshot()
    outcomes: list[dict[str, Any]] = []
    error: BaseException | None = None
    for i, rec in enumerate(records):
        try:
            outcomes.append(ws.apply(rec, first_index + i))
        except Exception as e:  # InvalidRecordError (nothing of it applied) or a bug
            error = e
            break
    if error is not None and not _is_invalid_record(error):
        # half-applied: redo the records before it on a fresh working set, keep only those
        if not outcomes:
            return Delta(), [], error
        delta, outcomes, _ = apply_records(loader, records[: len(outcomes)], first_index)
        return delta, outcomes, error
    return ws.delta(before), outcomes, error


def _is_invalid_record(e: BaseException) -> bool:
    from graph.errors import InvalidRecordError

    return isinstance(e, InvalidRecordError)


def remove_source(loader: Loader, source: str) -> Delta | None:
    """The delta that forgets the letter ingested from ``source``; ``None`` when none was."""
    ws = WorkingSet(loader)
    ws.load_for((), sources=(source,))
    if source not in ws._sources:
        return None
    before = ws.snapshot()
    ws._remove_source(source)
    return ws.delta(before)


def full_delta(src: Any) -> Delta:
    """Everything in an embedded store (a :class:`GraphState`, e.g. a MemoryStore) as one
    delta: nodes, citations, addressed lists and letter texts, resolved exactly as they are."""
    names = {a.key: a.name for a in src.authorities.values()}
    return Delta(
        authorities=list(src.authorities.values()),
        documents=[(d, names.get(d.issuer_key) if d.issuer_key else None)
                   for d in src.documents.values()],
        texts={k: t for k in src.documents if (t := src.letter_text(k)) is not None},
        addressed={k: tuple(v) for k, v in src.addressed.items() if k in src.documents},
        citations=list(src.citations()),
    )  # fmt: skip


def copy_store(src: Any, dst: Any, *, rows_per_transaction: int = 20_000) -> dict[str, int]:
    """Copy an embedded store into a Neo4j store (``vanban load-neo4j --from DIR``).

    The graph is copied as resolved, not re-resolved; every statement is a MERGE, so copying
    again (or after an interruption) converges to the same graph. Returns the counts copied.
    """
    delta = full_delta(src)
    dst.write_delta(delta, rows_per_transaction=rows_per_transaction)
    sizes = delta.sizes()
    log.info("copied %s", sizes)
    return sizes

"""UNIT TESTS of the Neo4j store (marker ``neo4j_unit``) — no Neo4j server involved.

The store runs on :class:`RecordingDriver`, a driver double that records every call and
answers each *named* statement of ``graph/store/cypher.py`` with a small Python model of what
that statement does (a dict per node label and relationship type). It is not a database and
does not parse Cypher: an unknown statement fails the test. What these tests establish is the
Python side — batching, transaction shape, retry-safety, error translation, and that the
working-set resolution writes exactly the graph the embedded store builds. That the Cypher
itself does what the model says is checked only by the contract suite against a real server
(``tests/graph/test_contract.py``, run by ``make test`` against the in-process server of
``tools/neo4j-test-server/``) — which found a statement (``SEARCH``) that this double accepted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from neo4j import RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    ServiceUnavailable,
    TransientError,
)

from graph.errors import InvalidRecordError, KeyNotFoundError, StoreError, StoreUnavailableError
from graph.models import Authority, Level, PartialDate
from graph.store import cypher, open_store
from graph.store.base import GraphStore
from graph.store.memory.store import MemoryStore
from graph.store.neo4j import Neo4jStore, StoreAuthError, StoreConstraintError
from graph.testing import DIEN_BIEN, LAI_CHAU, MUONG_TE, Cascade, generate_cascade, letter, mention
from graph.testing import GOVERNMENT as GOV
from graph.testing import PRIME_MINISTER as TTG

pytestmark = pytest.mark.neo4j_unit

Row = dict[str, Any]
_DOC_FIELDS = cypher.DOCUMENT_FIELDS
_AUTH_FIELDS = cypher.AUTHORITY_FIELDS


class _Record(dict[str, Any]):
    def data(self) -> dict[str, Any]:
        return dict(self)


class _Result:
    def __init__(self, rows: list[Row]) -> None:
        self.records = [_Record(r) for r in rows]

    def consume(self) -> None:
        return None

    def single(self) -> _Record:
        assert len(self.records) == 1
        return self.records[0]


class GraphModel:
    """What each named statement reads or writes, on plain dicts (see the module docstring)."""

    def __init__(self) -> None:
        self.docs: dict[str, Row] = {}
        self.auths: dict[str, Row] = {}
        self.under: dict[str, str] = {}
        self.issued: dict[str, str] = {}  # document -> authority
        self.addressed: dict[tuple[str, str], int] = {}
        self.cites: dict[tuple[str, str, str, int, int], Row] = {}
        q = cypher
        self.handlers: dict[str, Callable[..., list[Row]]] = {
            q.DOCUMENTS_BY_KEYS: lambda keys: [self._doc(k) for k in keys if k in self.docs],
            q.DOCUMENTS_BY_NUMBER_KEYS: lambda number_keys: self._docs_where(
                lambda d: d["number_key"] in number_keys),
            q.DOCUMENTS_BY_ISSUER_YEARS: lambda pairs: self._docs_where(
                lambda d: {"issuer_key": d["issuer_key"], "year": d["year"]} in pairs),
            q.DRAFTS_BY_ISSUER_YEARS: lambda pairs: self._docs_where(
                lambda d: d["number"] is None
                and {"issuer_key": d["issuer_key"], "year": d["year"]} in pairs),
            q.DOCUMENTS_BY_SOURCES: lambda sources: self._docs_where(
                lambda d: d["source_id"] in sources),
            q.AUTHORITIES_BY_KEYS: lambda keys: [self._auth(k) for k in keys if k in self.auths],
            q.CITATIONS_OUT: lambda keys: [self._cite(e) for e in self.cites if e[1] in keys],
            q.CITATIONS_IN: lambda keys: [self._cite(e) for e in self.cites if e[2] in keys],
            q.FOLLOWED_IN: lambda keys: [self._followed(e, e[1]) for e in self.cites
                                         if e[2] in keys and e[0] != "CITES"],
            q.FOLLOWED_OUT: lambda keys: [self._followed(e, e[2]) for e in self.cites
                                          if e[1] in keys and e[0] != "CITES"],
            q.ADDRESSED_OF: lambda keys: [{"key": d, "authority": a, "rank": r}
                                          for (d, a), r in self.addressed.items() if d in keys],
            q.ISSUED_BY: lambda key: [self._doc(d) for d, a in self.issued.items() if a == key],
            q.ADDRESSED_BY: lambda key: [self._doc(d) for (d, a) in self.addressed if a == key],
            q.CHILD_AUTHORITIES: lambda key: [self._auth(c) for c, p in self.under.items() if p == key],
            q.LETTER_TEXT: lambda key: [{"text": self.docs[key].get("text")}] if key in self.docs else [],
            q.SOURCES: lambda full: [{"source": d["source_id"], "sha256": d["sha256"]}
                                     for d in self.docs.values() if d["status"] == full],
            q.SEARCH: self._search,
            q.COUNT_DOCUMENTS: self._count_documents,
            q.COUNT_CITATIONS: self._count_citations,
            q.COUNT_AUTHORITIES: lambda: [{"n": len(self.auths)}],
            q.COUNT_SOURCES: lambda full: [{"n": sum(d["status"] == full for d in self.docs.values())}],
            q.ALL_DOCUMENTS: lambda after, page_size: [
                self._doc(k) for k in sorted(self.docs) if k > after][:page_size],
            q.ALL_AUTHORITIES: lambda: [self._auth(k) for k in self.auths],
            q.DOCUMENT_KINDS: lambda: [{"kind": k} for k in {d["kind"] for d in self.docs.values()}
                                       if k is not None],
            q.AUTHORITY_NAMES: lambda: [{"key": k, "name": a["name"]} for k, a in self.auths.items()],
            q.LIST_DOCUMENTS: self._list_documents,
            q.COUNT_LISTED_DOCUMENTS: lambda **p: [{"n": len(self._listed_documents(**p))}],
            q.LIST_AUTHORITIES: self._list_authorities,
            q.COUNT_LISTED_AUTHORITIES: lambda **p: [{"n": len(self._listed_authorities(**p))}],
            q.AWAIT_INDEXES: lambda seconds: [],
            q.CLEAR_DOCUMENTS: lambda page_size: self._clear(self.docs, page_size),
            q.CLEAR_AUTHORITIES: lambda page_size: self._clear(self.auths, page_size),
            # writes
            q.DELETE_DOCUMENTS: self._delete_documents,
            q.MERGE_AUTHORITIES: self._merge_authorities,
            q.DROP_UNDER: self._drop_under,
            q.MERGE_UNDER: self._merge_under,
            q.MERGE_DOCUMENTS: self._merge_documents,
            q.DROP_ISSUED: self._drop_issued,
            q.MERGE_ISSUED: self._merge_issued,
            q.SET_TEXTS: self._set_texts,
            q.DROP_ADDRESSED: lambda keys: self._each(keys, self._drop_addressed),
            q.MERGE_ADDRESSED: self._merge_addressed,
        }  # fmt: skip
        for t in cypher.CITATION_TYPES:
            self.handlers[q.DELETE_CITATION[t]] = lambda rows, t=t: self._delete_cites(t, rows)
            self.handlers[q.MERGE_CITATION[t]] = lambda rows, t=t: self._merge_cites(t, rows)
        for statement in cypher.SCHEMA:
            self.handlers[statement] = lambda: []
        # the writer lock (graph.store.neo4j_lock): one row per lock name, times in ms
        self.locks: dict[str, Row] = {}
        self.handlers.update({
            q.ACQUIRE_LOCK: self._acquire_lock,
            q.TAKE_OVER_LOCK: self._take_over_lock,
            q.LOCK_HEARTBEAT: lambda name, owner: [{"n": int(
                self.locks.get(name, {}).get("owner") == owner)}],
            q.RELEASE_LOCK: lambda name, owner: (
                self.locks.pop(name) if self.locks.get(name, {}).get("owner") == owner else None,
                [])[1],
            q.LOCK_STATE: lambda name: [self._lock_row(name)] if name in self.locks else [],
        })  # fmt: skip

    def _lock_row(self, name: str) -> Row:
        lock = self.locks[name]
        return {"owner": lock["owner"], "holder": lock["holder"], "held_ms": 0, "idle_ms": 0}

    def _acquire_lock(self, name: str, owner: str, holder: str) -> list[Row]:
        self.locks.setdefault(name, {"owner": owner, "holder": holder})
        return [self._lock_row(name)]

    def _take_over_lock(self, name: str, previous: str, owner: str, holder: str) -> list[Row]:
        if self.locks.get(name, {}).get("owner") != previous:
            return []
        self.locks[name] = {"owner": owner, "holder": holder}
        return [self._lock_row(name)]

    # -- reads ------------------------------------------------------------------------------
    def _doc(self, k: str) -> Row:
        return {f: self.docs[k].get(f) for f in _DOC_FIELDS}

    def _listed_documents(self, keys: list[str] | None, kinds: list[str] | None, level: str | None,
                          status: str | None, issuers: list[str] | None, year: int | None,
                          year_prefix: str | None) -> list[str]:  # fmt: skip
        def keep(k: str, d: Row) -> bool:
            dated = (d["issued_year"] or 0) > 0
            return ((keys is None or k in keys) and (kinds is None or d["kind"] in kinds)
                    and (level is None or d["level"] == level)
                    and (status is None or d["status"] == status)
                    and (issuers is None or d["issuer_key"] in issuers)
                    and (year is None or (d["issued_year"] == year if dated
                                          else k.startswith(year_prefix or ""))))  # fmt: skip
        return [k for k, d in self.docs.items() if keep(k, d)]

    def _list_documents(self, empty: str, rows_before: int, max_rows: int, **p: Any) -> list[Row]:
        keys = sorted(self._listed_documents(**p),
                      key=lambda k: (self.docs[k]["issued_on"] or empty, k), reverse=True)  # fmt: skip
        return [self._doc(k) for k in keys[rows_before : rows_before + max_rows]]

    def _listed_authorities(self, level: str | None, q: str | None, under: str | None) -> list[str]:
        def chain(k: str) -> list[str]:
            out: list[str] = []
            while k in self.under and len(out) < 12:
                k = self.under[k]
                out.append(k)
            return out
        return [k for k, a in self.auths.items()
                if (level is None or a["level"] == level) and (q is None or q in k)
                and (under is None or under in chain(k))]  # fmt: skip

    def _list_authorities(self, ranks: dict[str, int], rows_before: int, max_rows: int,
                          **p: Any) -> list[Row]:  # fmt: skip
        keys = sorted(self._listed_authorities(**p),
                      key=lambda k: (ranks[self.auths[k]["level"]], self.auths[k]["name"], k))
        return [self._auth(k) for k in keys[rows_before : rows_before + max_rows]]

    def _docs_where(self, pred: Callable[[Row], bool]) -> list[Row]:
        return [self._doc(k) for k, d in self.docs.items() if pred(d)]

    def _auth(self, k: str) -> Row:
        return {f: self.auths[k].get(f) for f in _AUTH_FIELDS}

    def _cite(self, e: tuple[str, str, str, int, int]) -> Row:
        c = self.cites[e]
        return {"source": e[1], "target": e[2], "type": e[0],
                **{alias: c[f] for f, alias in cypher.CITATION_ALIASES.items()}}

    def _followed(self, e: tuple[str, str, str, int, int], found: str) -> Row:
        c = self.cites[e]
        return {"from_key": e[1], "to_key": e[2], "type": e[0], "start_offset": c["start"],
                "end_offset": c["end"], **self._doc(found)}  # fmt: skip

    def _search(self, index: str, lucene: str, words: list[str], full: str, max_rows: int) -> list[Row]:
        assert index == cypher.SEARCH_INDEX
        terms = [t.lstrip("+") for t in lucene.split()]
        out = []
        for k, d in self.docs.items():
            ws = d["words"].split()
            if all(t in ws for t in terms[:-1]) and any(w.startswith(terms[-1].rstrip("*")) for w in ws):
                score = (len(words) + sum(w in d["ident"] for w in words)) / len(words)
                score += 0.5 if d["status"] == full else 0.0
                out.append((-score, -(d["issued_year"] or 0), k, score))
        return [{**self._doc(k), "score": s} for _, _, k, s in sorted(out)[:max_rows]]

    def _count_documents(self) -> list[Row]:
        counts: dict[tuple[str, str], int] = {}
        for d in self.docs.values():
            counts[(d["status"], d["level"])] = counts.get((d["status"], d["level"]), 0) + 1
        return [{"status": s, "level": lv, "n": n} for (s, lv), n in counts.items()]

    def _count_citations(self) -> list[Row]:
        counts: dict[tuple[str, str], int] = {}
        for e, c in self.cites.items():
            counts[(e[0], c["resolution"])] = counts.get((e[0], c["resolution"]), 0) + 1
        return [{"type": t, "resolution": r, "n": n} for (t, r), n in counts.items()]

    # -- writes (MERGE creates or updates; MATCH of a missing node makes the row a no-op) ---
    @staticmethod
    def _each(items: list[Any], fn: Callable[[Any], None]) -> list[Row]:
        for item in items:
            fn(item)
        return []

    def _delete_documents(self, keys: list[str]) -> list[Row]:
        for k in keys:
            if self.docs.pop(k, None) is not None:
                self.cites = {e: c for e, c in self.cites.items() if k not in (e[1], e[2])}
                self.issued.pop(k, None)
                self._drop_addressed(k)
        return []

    def _clear(self, table: dict[str, Row], page_size: int) -> list[Row]:
        keys = sorted(table)[:page_size]
        if table is self.docs:
            self._delete_documents(keys)
        else:
            for k in keys:
                del self.auths[k]
                self.under = {c: p for c, p in self.under.items() if k not in (c, p)}
                self.issued = {d: a for d, a in self.issued.items() if a != k}
                self.addressed = {e: r for e, r in self.addressed.items() if e[1] != k}
        return [{"n": len(keys)}]

    def _drop_addressed(self, k: str) -> None:
        self.addressed = {e: r for e, r in self.addressed.items() if e[0] != k}

    def _merge_authorities(self, rows: list[Row]) -> list[Row]:
        for r in rows:
            self.auths[r["key"]] = dict(r)
        return []

    def _drop_under(self, rows: list[Row]) -> list[Row]:
        for r in rows:
            if self.under.get(r["key"]) not in (None, r["parent_key"]):
                del self.under[r["key"]]
        return []

    def _merge_under(self, rows: list[Row]) -> list[Row]:
        for r in rows:
            if r["key"] in self.auths and r["parent_key"] in self.auths:
                self.under[r["key"]] = r["parent_key"]
        return []

    def _merge_documents(self, rows: list[Row]) -> list[Row]:
        for r in rows:
            text = None if r["drop_text"] else self.docs.get(r["key"], {}).get("text")
            self.docs[r["key"]] = {**{k: v for k, v in r.items() if k != "drop_text"}, "text": text}
        return []

    def _drop_issued(self, rows: list[Row]) -> list[Row]:
        for r in rows:
            if self.issued.get(r["key"]) not in (None, r["issuer_key"]):
                del self.issued[r["key"]]
        return []

    def _merge_issued(self, rows: list[Row]) -> list[Row]:
        for r in rows:
            if r["key"] in self.docs and r["issuer_key"] in self.auths:
                self.issued[r["key"]] = r["issuer_key"]
        return []

    def _set_texts(self, rows: list[Row]) -> list[Row]:
        for r in rows:
            if r["key"] in self.docs:
                self.docs[r["key"]]["text"] = r["text"]
        return []

    def _merge_addressed(self, rows: list[Row]) -> list[Row]:
        for r in rows:
            if r["key"] in self.docs and r["authority"] in self.auths:
                self.addressed[(r["key"], r["authority"])] = r["rank"]
        return []

    def _delete_cites(self, t: str, rows: list[Row]) -> list[Row]:
        for r in rows:
            self.cites.pop((t, r["source"], r["target"], r["start"], r["end"]), None)
        return []

    def _merge_cites(self, t: str, rows: list[Row]) -> list[Row]:
        for r in rows:
            if r["source"] in self.docs and r["target"] in self.docs:
                props = {k: v for k, v in r.items() if k not in ("source", "target")}
                self.cites[(t, r["source"], r["target"], r["start"], r["end"])] = props
        return []

    def run(self, query: str, params: dict[str, Any] | None) -> list[Row]:
        handler = self.handlers.get(query)
        assert handler is not None, f"not a named statement of graph.store.cypher: {query}"
        return handler(**(params or {}))


class RecordingDriver:
    """The driver double: ``execute_query`` and ``session().execute_write`` like neo4j 5/6,
    every call recorded; ``fail`` injects errors; ``transient_failures`` makes the first
    attempts of write transactions fail midway (the real driver then retries the function)."""

    def __init__(self) -> None:
        self.model = GraphModel()
        self.calls: list[tuple[str, str, dict[str, Any], Any]] = []  # (kind, query, params, routing)
        self.transactions = 0
        self.transient_failures = 0
        self.fail: BaseException | None = None
        self.closed = False

    def execute_query(self, query: str, parameters_: dict[str, Any] | None = None,
                      routing_: Any = RoutingControl.WRITE, database_: str | None = None
                      ) -> _Result:  # fmt: skip
        self.calls.append(("query", query, dict(parameters_ or {}), routing_))
        if self.fail is not None:
            raise self.fail
        return _Result(self.model.run(query, parameters_))

    def session(self, database: str | None = None) -> _Session:
        return _Session(self)

    def close(self) -> None:
        self.closed = True


class _Tx:
    def __init__(self, driver: RecordingDriver, fail_after: int | None) -> None:
        self.driver = driver
        self.fail_after = fail_after
        self.runs = 0

    def run(self, query: str, parameters: dict[str, Any] | None = None) -> _Result:
        self.driver.calls.append(("tx", query, dict(parameters or {}), RoutingControl.WRITE))
        if self.fail_after is not None and self.runs >= self.fail_after:
            raise TransientError("deadlock detected (injected)")
        self.runs += 1
        return _Result(self.driver.model.run(query, parameters))


class _Session:
    def __init__(self, driver: RecordingDriver) -> None:
        self.driver = driver

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def execute_write(self, work: Callable[[_Tx], Any]) -> Any:
        d = self.driver
        if d.fail is not None:
            raise d.fail
        while True:  # the driver retries transient failures by running ``work`` again
            d.transactions += 1
            fail_after = 1 if d.transient_failures > 0 else None
            d.transient_failures -= 1
            try:
                return work(_Tx(d, fail_after))
            except TransientError:
                continue  # the model does not roll back: a retry must cope with half a run


# -- fixtures ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small() -> Cascade:
    return generate_cascade(roots=2, provinces=6, districts=(2, 4), seed=3)


def _store(batch_size: int = 2000) -> tuple[Neo4jStore, RecordingDriver]:
    driver = RecordingDriver()
    return Neo4jStore(driver, batch_size=batch_size, location="bolt://test:7687"), driver


def _state(store: GraphStore) -> tuple[Any, ...]:
    """Everything observable: nodes with attributes, edges with attributes, texts, sources."""
    g = store.subgraph()
    nodes = sorted((n, tuple(sorted(d.items()))) for n, d in g.nodes(data=True))
    edges = sorted((u, v, tuple(sorted((k, str(x)) for k, x in d.items())))
                   for u, v, d in g.edges(data=True))  # fmt: skip
    docs = [n for n, d in g.nodes(data=True) if d["label"] == "Document"]
    texts = {k: store.letter_text(k) for k in docs}
    return nodes, edges, texts, store.sources(), store.stats()


# -- no I/O before first use; open_store --------------------------------------------------
def test_constructor_and_open_store_do_no_io() -> None:
    store, driver = _store()
    assert driver.calls == []
    s = open_store("bolt://localhost:1", user="neo4j", password="x", database="vanban")
    assert isinstance(s, Neo4jStore) and isinstance(s, GraphStore)
    assert s.database == "vanban" and s.location == "bolt://localhost:1"
    s.close()


def test_schema_first_then_reads_with_read_routing(small: Cascade) -> None:
    store, driver = _store()
    store.add_letters(small.records)
    assert [c[1] for c in driver.calls[: len(cypher.SCHEMA)]] == list(cypher.SCHEMA)
    assert sum(c[1] in cypher.SCHEMA for c in driver.calls) == len(cypher.SCHEMA)  # once
    reads = [c for c in driver.calls if c[0] == "query" and c[1] not in cypher.SCHEMA
             and c[1] not in _LOCKING and c[1] != cypher.AWAIT_INDEXES]  # fmt: skip
    assert reads and all(c[3] == RoutingControl.READ for c in reads)
    writes = [c for c in driver.calls if c[0] == "tx" and c[1] not in _LOCKING]
    assert writes and all(c[1].startswith(("UNWIND $rows", "UNWIND $keys")) for c in writes)


_LOCKING = (cypher.ACQUIRE_LOCK, cypher.TAKE_OVER_LOCK, cypher.LOCK_HEARTBEAT, cypher.RELEASE_LOCK)


def test_writes_hold_the_writer_lock(small: Cascade) -> None:
    """The lock is taken before the working set is read and released at the end; every write
    transaction first renews its heartbeat (real-server behaviour: tests/graph/test_neo4j_server.py)."""
    store, driver = _store(7)
    store.add_letters(small.records)
    names = [c[1] for c in driver.calls if c[1] not in cypher.SCHEMA and c[1] != cypher.AWAIT_INDEXES]
    assert names[0] == cypher.ACQUIRE_LOCK and names[-1] == cypher.RELEASE_LOCK
    assert driver.model.locks == {}
    tx_calls = [c for c in driver.calls if c[0] == "tx"]
    assert tx_calls[0][1] == cypher.LOCK_HEARTBEAT
    assert sum(c[1] == cypher.LOCK_HEARTBEAT for c in tx_calls) == driver.transactions > 1


# -- batching ------------------------------------------------------------------------------
@pytest.mark.parametrize("batch_size", [1, 7, 2000], ids=["one", "seven", "default"])
def test_batches_of_rows_and_records(small: Cascade, batch_size: int) -> None:
    store, driver = _store(batch_size)
    store.add_letters(small.records)
    writes = [c for c in driver.calls if c[0] == "tx" and c[1] != cypher.LOCK_HEARTBEAT]
    for _, _, params, _ in writes:
        (rows,) = params.values()
        assert 1 <= len(rows) <= batch_size
    expected_tx = -(-len(small.records) // batch_size)
    assert driver.transactions == expected_tx  # one managed transaction per batch of letters


@pytest.mark.parametrize("batch_size", [1, 5, 2000], ids=["one", "five", "default"])
def test_same_graph_as_the_embedded_store(tmp_path: Path, small: Cascade, batch_size: int) -> None:
    memory = MemoryStore(tmp_path / "m")
    memory.add_letters(small.records)
    store, _ = _store(batch_size)
    summary = store.add_letters(small.records)
    assert summary.added == len(small.records)
    assert _state(store) == _state(memory)
    root = small.roots[0]
    assert store.trace_down(root) == memory.trace_down(root)
    assert store.trace_down(root, level="district", depth=1) == memory.trace_down(root, level="district", depth=1)
    leaf = small.implementers[root][0]
    assert store.trace_up(leaf) == memory.trace_up(leaf)
    assert store.gaps(root) == memory.gaps(root)
    assert store.timeline(root) == memory.timeline(root)
    for q in ("1000/CD-TTg", "dich", "tan 03 phong", "x"):
        assert store.search(q, limit=5) == memory.search(q, limit=5), q
    assert store.lookup("3000/UBND-VX", issuer="tỉnh Tân 02") == memory.lookup(
        "3000/UBND-VX", issuer="tỉnh Tân 02")
    for key in (root, "ubnd-tinh-t01", "thu-tuong-chinh-phu", small.implementers[root][0]):
        assert sorted(store.neighbors(key), key=repr) == sorted(memory.neighbors(key), key=repr)
    assert _graph(store.subgraph(root)) == _graph(memory.subgraph(root))
    for filters in ({}, {"level": "district", "limit": 7, "offset": 3}, {"kind": "cong dien"},
                    {"issuer": "tan 02"}, {"year": 2021, "status": "full"}, {"q": "1000 cd ttg"}):
        assert store.list_documents(**filters) == memory.list_documents(**filters), filters  # type: ignore[arg-type]
    for filters in ({}, {"level": "district", "limit": 5, "offset": 2},
                    {"under": "ubnd-tinh-t01", "limit": 100}, {"q": "tan 03"}):
        assert store.list_authorities(**filters) == memory.list_authorities(**filters), filters  # type: ignore[arg-type]
    again = store.add_letters(small.records)
    assert again.unchanged == len(small.records)


def _graph(g: Any) -> tuple[Any, ...]:
    return (sorted((n, sorted(d.items())) for n, d in g.nodes(data=True)),
            sorted((u, v, k, str(sorted(d.items()))) for u, v, k, d in g.edges(keys=True, data=True)))


# scenarios of tests/graph/test_resolve.py, replayed step by step on both stores
_LC = "2021/3542-ubnd-vx@ubnd-tinh-lai-chau"
_OTHER = Authority("ubnd-tinh-x", "UBND tỉnh X", Level.PROVINCE, "people_committee", GOV.key)
_X_LETTER = letter("3542", "UBND-VX", _OTHER, source="c")
_X_LETTER = replace(_X_LETTER, authorities=(*_X_LETTER.authorities, _OTHER))
_DRAFT_CITE = mention("3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 5),
                      subject="triển khai phòng, chống dịch COVID-19")  # fmt: skip
_DRAFT = letter(None, "UBND-VX", LAI_CHAU, date=PartialDate(2021, 8, 3), source="draft.txt",
                subject="V/v triển khai phòng, chống dịch COVID-19")  # fmt: skip
_SHARED = mention("1068", "CĐ-TTg", date=PartialDate(2021, 8, 5))
SCENARIOS: dict[str, list[Any]] = {
    "stub-then-letter": [
        [letter("12", "UBND", MUONG_TE, mentions=(mention("3542", "UBND-VX", issuer=LAI_CHAU.key,
                                                          date=PartialDate(2021, 8, 3)),))],
        [letter("3542", "UBND-VX", LAI_CHAU, date=PartialDate(2021, 8, 3))],
    ],
    "inferred-year": [
        [letter("1068", "CĐ-TTg", TTG, date=PartialDate(2021, 12, 28))],
        [letter("1", "UBND", MUONG_TE, date=PartialDate(2022, 1, 4),
                mentions=(mention("1068", "CĐ-TTg", context_year=2022),))],
    ],
    "ambiguous-then-clear": [
        [letter("3542", "UBND-VX", DIEN_BIEN, source="b"), _X_LETTER],
        [letter("9", "UBND", MUONG_TE, mentions=(mention("3542", "UBND-VX"),))],
        [letter("3542", "UBND-VX", LAI_CHAU, source="a")],
    ],
    "draft-after-mention": [
        [letter("12", "UBND", MUONG_TE, mentions=(_DRAFT_CITE,))],
        [_DRAFT],
        ["remove", "draft.txt"],
    ],
    "draft-before-mention": [[_DRAFT], [letter("12", "UBND", MUONG_TE, mentions=(_DRAFT_CITE,))]],
    "remove-keeps-cited-stubs": [
        [letter("1", "UBND", MUONG_TE, mentions=(_SHARED,), source="a.txt"),
         letter("2", "UBND-VX", LAI_CHAU, mentions=(_SHARED,), source="b.txt")],
        ["remove", "a.txt"], ["remove", "a.txt"], ["remove", "b.txt"],
    ],
    "cited-letter-removed": [
        [letter("3542", "UBND-VX", LAI_CHAU, source="p.txt")],
        [letter("12", "UBND", MUONG_TE, mentions=(mention("3542", "UBND-VX", issuer=LAI_CHAU.key,
                 date=PartialDate(2021, 8, 10)),), source="d.txt")],
        ["remove", "p.txt"],
        [letter("3542", "UBND-VX", LAI_CHAU, source="p.txt", sha="2")],
    ],
    "new-sha-replaces-edges": [
        [letter("12", "UBND", MUONG_TE, source="d.txt", sha="1", mentions=(_SHARED,))],
        [letter("12", "UBND", MUONG_TE, source="d.txt", sha="2",
                mentions=(mention("1069", "CĐ-TTg", date=PartialDate(2021, 8, 6)),))],
    ],
    "same-key-new-source": [
        [letter("12", "UBND", MUONG_TE, source="d1.txt", addressed=(LAI_CHAU.key,))],
        [letter("12", "UBND", MUONG_TE, source="d2.txt", sha="2", addressed=(DIEN_BIEN.key,))],
    ],
    "self-mention": [[letter("3542", "UBND-VX", LAI_CHAU, mentions=(mention(
        "3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 10)),))]],
}


@pytest.mark.parametrize("name", sorted(SCENARIOS), ids=sorted(SCENARIOS))
def test_resolution_scenarios_match_the_embedded_store(tmp_path: Path, name: str) -> None:
    memory = MemoryStore(tmp_path / "m")
    store, _ = _store()
    for step in SCENARIOS[name]:
        if step[0] == "remove":
            assert store.remove_source(step[1]) == memory.remove_source(step[1])
        else:
            got, want = store.add_letters(step), memory.add_letters(step)
            assert got == want
        assert _state(store) == _state(memory)


def test_remove_then_reingest_the_cascade(tmp_path: Path, small: Cascade) -> None:
    memory = MemoryStore(tmp_path / "m")
    store, _ = _store(batch_size=4)
    for s in (memory, store):
        s.add_letters(small.records)
        for rec in small.records[:9:2]:  # the national root and some provinces
            s.remove_source(rec.document.source or "")
    assert _state(store) == _state(memory)
    for s in (memory, store):
        s.add_letters(small.records[:9])
    assert _state(store) == _state(memory)


def test_bad_record_keeps_the_records_before_it(tmp_path: Path, small: Cascade) -> None:
    store, _ = _store(batch_size=3)
    memory = MemoryStore(tmp_path / "m")
    bad = replace(small.records[4], addressed_to=("nowhere",))
    for s in (store, memory):
        with pytest.raises(InvalidRecordError, match="nowhere"):
            s.add_letters([*small.records[:4], bad, small.records[5]])
    assert _state(store) == _state(memory)
    assert store.stats().documents == 4


# -- retries -------------------------------------------------------------------------------
def test_a_retried_transaction_writes_the_same_graph(small: Cascade) -> None:
    clean, _ = _store(batch_size=5)
    clean.add_letters(small.records)
    store, driver = _store(batch_size=5)
    driver.transient_failures = 3  # three batches fail midway once; the driver runs them again
    store.add_letters(small.records)
    assert driver.transactions == -(-len(small.records) // 5) + 3
    assert _state(store) == _state(clean)


# -- errors --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("error", "expected", "message"),
    [
        (ServiceUnavailable("Couldn't connect to test:7687"), StoreUnavailableError, "cannot reach"),
        (AuthError("The client is unauthorized"), StoreAuthError, "user and password"),
        (ConstraintError("already exists with label `Document`"), StoreConstraintError,
         "constraint was violated"),
        (ClientError("Invalid input"), StoreError, "Neo4j error"),
    ],
    ids=["unreachable", "auth", "constraint", "other"],
)
def test_driver_errors_become_store_errors(
    small: Cascade, error: Exception, expected: type[StoreError], message: str
) -> None:
    store, driver = _store()
    driver.fail = error
    for call in (lambda: store.stats(), lambda: store.add_letters(small.records[:1])):
        with pytest.raises(expected, match=message) as info:
            call()
        assert info.value.__cause__ is error
        assert info.value.location == "bolt://test:7687"


def test_unknown_keys_and_empty_store(small: Cascade) -> None:
    store, _ = _store()
    assert store.stats().documents == 0 and store.search("dich") == []
    store.add_letters(small.records)
    for query in (store.trace_down, store.trace_up, store.gaps, store.timeline, store.get,
                  store.neighbors):  # fmt: skip
        with pytest.raises(KeyNotFoundError):
            query("2021/1-nope")
    assert store.letter_text("2021/1-nope") is None
    assert store.remove_source("nothing.txt") is False
    store.batch_size = 50  # clear() deletes page by page
    store.clear()
    assert store.stats().documents == store.stats().authorities == 0


def test_close_closes_only_an_owned_driver(caplog: pytest.LogCaptureFixture) -> None:
    store, driver = _store()
    store.close()
    assert not driver.closed
    owned = Neo4jStore(driver, owns_driver=True)
    with caplog.at_level(logging.WARNING):
        owned.close()
    assert driver.closed


# -- copy and script -----------------------------------------------------------------------
def test_copy_store_gives_the_same_graph_and_is_repeatable(tmp_path: Path, small: Cascade) -> None:
    from graph.store.neo4j_write import copy_store

    memory = MemoryStore(tmp_path / "m")
    memory.add_letters(small.records)
    store, driver = _store(batch_size=50)
    sizes = copy_store(memory, store, rows_per_transaction=200)
    assert sizes["documents"] == len(small.records) and driver.transactions > 1
    assert _state(store) == _state(memory)
    copy_store(memory, store)  # again: MERGE converges
    assert _state(store) == _state(memory)


def test_write_cypher_script_uses_the_named_statements(tmp_path: Path, small: Cascade) -> None:
    from graph.export_cypher import write_cypher

    memory = MemoryStore(tmp_path / "m")
    memory.add_letters(small.records)
    path = tmp_path / "g.cypher"
    write_cypher(memory.subgraph(), path, batch_size=10)
    lines = path.read_text(encoding="utf-8").splitlines()
    statements = [line.rstrip(";") for line in lines if line.endswith(";")]
    named = set(cypher.STATEMENTS.values()) | set(cypher.SCHEMA) | {cypher.AWAIT_INDEXES}
    assert statements and all(s in named for s in statements)
    params = [line for line in lines if line.startswith(":param")]
    assert len(params) == len(statements) - len(cypher.SCHEMA)
    merges = [s for s in statements if s == cypher.MERGE_DOCUMENTS]
    assert len(merges) == -(-len(small.records) // 10)

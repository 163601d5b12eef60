"""The Neo4j store: the :class:`~graph.store.base.GraphStore` protocol on the official driver.

>>> from neo4j import GraphDatabase
>>> store = Neo4jStore(GraphDatabase.driver("neo4j://localhost:7687", auth=("neo4j", "x")))
>>> store.batch_size   # nothing was sent: the driver connects on first use
2000

- The driver is injected (:meth:`Neo4jStore.from_uri` builds one); constructors do no I/O.
- All Cypher lives in :mod:`graph.store.cypher`, with ``$parameters`` only.
- The schema (uniqueness constraints, range and full-text indexes) is created idempotently
  (``IF NOT EXISTS``) on first use.
- Writes: records are resolved in Python by the embedded store's own rules on a working set
  read from Neo4j (:mod:`graph.store.neo4j_write`); the resulting changes go in ``UNWIND $rows``
  batches of ``batch_size`` rows inside one managed transaction (``execute_write``) per batch
  of records. Every statement is a MERGE or a DELETE of what matches, so the driver's retries
  of a transaction are safe.
- Reads: ``execute_query(..., routing_=READ)``; answers are computed by :mod:`graph.queries`
  on views fetched by :mod:`graph.store.neo4j_read`.
- Driver errors become :class:`~graph.errors.StoreError` subclasses (``from e``):
  :class:`~graph.errors.StoreUnavailableError` (server unreachable),
  :class:`~graph.errors.StoreAuthError` (authentication failed),
  :class:`~graph.errors.StoreConstraintError` (a constraint was violated), :class:`~graph.errors.StoreError` (anything else).

One writer at a time: every write (``add_letters``, ``remove_source``, ``clear``, copies) holds
the database's writer lock (:mod:`graph.store.neo4j_lock`, a ``(:WriterLock)`` node), so two
processes ingesting into one database take turns batch by batch: each batch is resolved against
a graph no other writer is changing. A writer waits up to ``lock_timeout`` seconds, then fails
with :class:`~graph.store.neo4j_lock.Neo4jLockedError`; a lock left by a killed process is taken
over (at once on the same host, else after ``lock_stale_after`` seconds without a heartbeat).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import networkx as nx
from neo4j import RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConstraintError,
    DriverError,
    Forbidden,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import queries
from graph.errors import (
    KeyNotFoundError,
    StoreAuthError,
    StoreConstraintError,
    StoreError,
    StoreUnavailableError,
)
from graph.listing import matching_issuers
from graph.models import Authority, Document, DocumentStatus, LetterRecord, Level
from graph.normalize import fold, slugify
from graph.provenance import cascade_provenance
from graph.results import (
    Chain,
    Gap,
    IngestSummary,
    Neighbor,
    Page,
    Provenance,
    SearchHit,
    Stats,
    Timeline,
    TraceRow,
)
from graph.search import words
from graph.store import cypher
from graph.store.base import DEFAULT_DEPTH, DEFAULT_LIMIT
from graph.store.lookup import lookup_key
from graph.store.neo4j_codec import (
    authority_from_record,
    authority_row,
    citation_row,
    document_from_record,
    document_row,
    number_key,
)
from graph.store.neo4j_lock import WriterLock
from graph.store.neo4j_read import RemoteLoader, RemoteView
from graph.store.neo4j_write import Delta, apply_records, remove_source
from graph.view import neighbors as view_neighbors

__all__ = ["Neo4jStore", "StoreAuthError", "StoreConstraintError", "delta_statements"]

log = logging.getLogger(__name__)

Statement = tuple[str, dict[str, Any]]
MAX_LISTED = 100_000  # most search matches a listing with ``q`` filters


def _chunks(rows: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield list(rows[i : i + size])


def delta_statements(delta: Delta, batch_size: int) -> list[Statement]:
    """The named statements (with their ``$rows``/``$keys`` batches) that write ``delta``,
    deletions first, nodes before the relationships that need them."""
    out: list[Statement] = []

    def add(query: str, name: str, rows: Sequence[Any]) -> None:
        out.extend((query, {name: chunk}) for chunk in _chunks(rows, batch_size))

    for t in cypher.CITATION_TYPES:
        rows = [citation_row(c) for c in delta.delete_citations if c.relation.name == t]
        add(cypher.DELETE_CITATION[t], "rows", rows)
    add(cypher.DELETE_DOCUMENTS, "keys", delta.delete_documents)
    auths = [authority_row(a) for a in delta.authorities]
    add(cypher.MERGE_AUTHORITIES, "rows", auths)
    add(cypher.DROP_UNDER, "rows", auths)
    add(cypher.MERGE_UNDER, "rows", [a for a in auths if a["parent_key"]])
    docs = [document_row(d, name) for d, name in delta.documents]
    add(cypher.MERGE_DOCUMENTS, "rows", docs)
    issued = [{"key": r["key"], "issuer_key": r["issuer_key"]} for r in docs]
    add(cypher.DROP_ISSUED, "rows", issued)
    add(cypher.MERGE_ISSUED, "rows", [r for r in issued if r["issuer_key"]])
    add(cypher.SET_TEXTS, "rows", [{"key": k, "text": t} for k, t in sorted(delta.texts.items())])
    add(cypher.DROP_ADDRESSED, "keys", sorted(delta.addressed))
    addressed = [{"key": k, "authority": a, "rank": i}
                 for k, targets in sorted(delta.addressed.items()) for i, a in enumerate(targets)]  # fmt: skip
    add(cypher.MERGE_ADDRESSED, "rows", addressed)
    for t in cypher.CITATION_TYPES:
        rows = [citation_row(c) for c in delta.citations if c.relation.name == t]
        add(cypher.MERGE_CITATION[t], "rows", rows)
    return out


class _LookupIndex:
    """What :func:`graph.store.lookup.lookup_key` asks, answered from Neo4j."""

    def __init__(self, store: Neo4jStore, text: str) -> None:
        self._store = store
        t = text.strip()
        self.documents: dict[str, Document] = {d.key: d for d in store._loader.documents([t])}
        self.authorities: dict[str, Authority] = {}
        if not self.documents:
            self.authorities = {a.key: a for a in store._loader.authorities([t])}

    def numbered(self, number: str, symbol: str | None) -> list[Document]:
        found = self._store._loader.documents_numbered([number_key(number, symbol)])
        issuers = {d.issuer_key for d in found if d.issuer_key} - set(self.authorities)
        for a in self._store._loader.authorities(sorted(issuers)):
            self.authorities[a.key] = a
        return sorted(found, key=lambda d: d.key)


class Neo4jStore:
    """A :class:`~graph.store.base.GraphStore` on a Neo4j database (see the module docstring).

    ``batch_size`` is both the number of letters resolved per working set (and written per
    transaction) and the number of rows per ``UNWIND`` statement.
    """

    def __init__(
        self,
        driver: Any,
        *,
        database: str | None = None,
        location: str = "neo4j",
        batch_size: int = 2000,
        owns_driver: bool = False,
        await_index_seconds: int = 300,
        lock_timeout: float = 60.0,
        lock_stale_after: float = 120.0,
    ) -> None:
        self._driver = driver
        self.database = database
        self.location = location
        self.batch_size = max(1, batch_size)
        self._owns_driver = owns_driver
        self._await_seconds = await_index_seconds
        self._schema_ready = False
        self._loader = RemoteLoader(self._read, page=max(self.batch_size, 1000))
        self._lock = WriterLock(self._run_write, location, timeout=lock_timeout,
                                stale_after=lock_stale_after)  # fmt: skip

    @classmethod
    def from_uri(
        cls, uri: str, *, user: str | None = None, password: str | None = None,
        database: str | None = None, **options: Any,
    ) -> Neo4jStore:  # fmt: skip
        """A store on a new driver for ``uri`` (no connection is made until first use)."""
        from neo4j import GraphDatabase

        auth = (user, password or "") if user else None
        with _translated(uri):
            # UNRECOGNIZED: "property key does not exist" on a new or sparse database (e.g.
            # Authority.lat before any authority has one) is expected, not worth a warning
            driver = GraphDatabase.driver(uri, auth=auth,
                                          notifications_disabled_classifications=["UNRECOGNIZED"])
        return cls(driver, database=database, location=uri, owns_driver=True, **options)

    # -- plumbing -------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        """Create the constraints and indexes of :data:`graph.store.cypher.SCHEMA` (idempotent)
        and wait for them to come online."""
        if self._schema_ready:
            return
        with _translated(self.location):
            try:
                for statement in cypher.SCHEMA:
                    self._driver.execute_query(statement, database_=self.database)
                self._driver.execute_query(
                    cypher.AWAIT_INDEXES, {"seconds": self._await_seconds}, database_=self.database
                )
            except Forbidden as e:  # a read-only user: use the schema as it is
                log.warning("%s: cannot create the schema (%s); using it as it is",
                            self.location, _message(e))  # fmt: skip
        self._schema_ready = True

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        self.ensure_schema()
        with _translated(self.location):
            result = self._driver.execute_query(
                query, params, routing_=RoutingControl.READ, database_=self.database
            )
        return [r.data() for r in result.records]

    def _run_write(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """One statement in its own write transaction (auto-commit, routed to the leader)."""
        self.ensure_schema()
        with _translated(self.location):
            result = self._driver.execute_query(query, params, database_=self.database)
        return [r.data() for r in result.records]

    @contextlib.contextmanager
    def writing(self, wait_s: float | None = None) -> Iterator[None]:
        """Hold the database's writer lock for the block (re-entrant; released in ``finally``).

        ``wait_s`` (the embedded store's name for it) waits that long for another writer; not
        given or 0, the lock's own timeout applies (``lock_timeout``, 60 s by default): writers
        on a shared server take turns rather than refuse.
        """
        if self._lock.held:
            yield
            return
        if wait_s:
            self._lock.timeout = wait_s
        self._lock.acquire()
        try:
            yield
        finally:
            try:
                self._lock.release()
            except StoreError as e:  # e.g. the server went away: the lock goes stale
                log.warning("%s: could not release the writer lock: %s", self.location, e)

    def _write(self, statements: Sequence[Statement]) -> None:
        """Run ``statements`` in one managed write transaction (retried by the driver); under
        the writer lock, the transaction first renews its heartbeat (and fails if it was lost)."""
        if not statements:
            return
        self.ensure_schema()
        lock = self._lock

        def work(tx: Any) -> None:
            if lock.held:
                query, params = lock.heartbeat_statement()
                lock.check_heartbeat(tx.run(query, params).single()["n"])
            for query, params in statements:
                tx.run(query, params).consume()

        with _translated(self.location):
            with self._driver.session(database=self.database) as session:
                session.execute_write(work)

    def write_delta(self, delta: Delta, *, rows_per_transaction: int | None = None) -> None:
        """Write ``delta``: in one transaction, or (for bulk copies) in transactions of about
        ``rows_per_transaction`` rows, in order."""
        statements = delta_statements(delta, self.batch_size)
        with self.writing():
            if rows_per_transaction is None:
                self._write(statements)
                return
            group: list[Statement] = []
            rows = 0
            for st in statements:
                group.append(st)
                rows += sum(len(v) for v in st[1].values())
                if rows >= rows_per_transaction:
                    self._write(group)
                    group, rows = [], 0
            self._write(group)

    # -- writing --------------------------------------------------------------------------
    def add_letters(self, records: Iterable[LetterRecord]) -> IngestSummary:
        counts = dict.fromkeys(("added", "replaced", "unchanged", "citations", "stubs_created",
                                "ambiguous", "possible_matches"), 0)  # fmt: skip
        keys: list[str] = []
        batch: list[LetterRecord] = []
        done = 0

        def flush() -> None:
            nonlocal done
            delta, outcomes, error = apply_records(self._loader, batch, first_index=done)
            if delta:
                self._write(delta_statements(delta, self.batch_size))
            for outcome in outcomes:
                keys.append(outcome.pop("key"))
                for name, n in outcome.items():
                    counts[name] += n
            done += len(batch)
            batch.clear()
            if error is not None:
                raise error

        with self.writing():
            for rec in records:
                batch.append(rec)
                if len(batch) >= self.batch_size:
                    flush()
            if batch:
                flush()
        return IngestSummary(**counts, keys=tuple(keys))

    def remove_source(self, source: str) -> bool:
        with self.writing():
            delta = remove_source(self._loader, source)
            if delta is None:
                return False
            self._write(delta_statements(delta, self.batch_size))
        return True

    def clear(self) -> None:
        """Delete every Document and Authority node (and their relationships), page by page;
        other labels in the database are left alone. The schema stays."""
        with self.writing():
            for query in (cypher.CLEAR_DOCUMENTS, cypher.CLEAR_AUTHORITIES):
                while True:
                    rows = self._run_write(query, page_size=self.batch_size)
                    if not rows or rows[0]["n"] == 0:
                        break

    def close(self) -> None:
        if self._owns_driver:
            with _translated(self.location):
                self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- nodes ----------------------------------------------------------------------------
    def get(self, key: str) -> Document | Authority:
        docs = self._loader.documents([key])
        if docs:
            return docs[0]
        auths = self._loader.authorities([key])
        if auths:
            return auths[0]
        raise KeyNotFoundError(key)

    def neighbors(self, key: str) -> list[Neighbor]:
        view = self._loader.neighbors_view(key)
        if view is None:
            raise KeyNotFoundError(key)
        return view_neighbors(view, key)

    def lookup(self, text: str, issuer: str | None = None, year: int | None = None) -> list[str]:
        return lookup_key(_LookupIndex(self, text), text, issuer=issuer, year=year)

    def letter_text(self, key: str) -> str | None:
        rows = self._read(cypher.LETTER_TEXT, key=key)
        return rows[0]["text"] if rows else None

    def sources(self) -> dict[str, str]:
        rows = self._read(cypher.SOURCES, full=DocumentStatus.FULL.value)
        return {r["source"]: r["sha256"] or "" for r in rows}

    # -- queries --------------------------------------------------------------------------
    def trace_down(self, key: str, level: Level | str | None = None, depth: int | None = DEFAULT_DEPTH,
                   limit: int = DEFAULT_LIMIT) -> list[TraceRow]:  # fmt: skip
        view = self._loader.trace_view(key, depth, down=True)
        return queries.trace_down(view, key, level=level, depth=depth, limit=limit)

    def trace_up(self, key: str, depth: int | None = DEFAULT_DEPTH, limit: int = 100) -> list[Chain]:
        view = self._loader.trace_view(key, depth, down=False)
        return queries.trace_up(view, key, depth=depth, limit=limit)

    def gaps(self, key: str, level: Level | str | None = None,
             limit: int = DEFAULT_LIMIT) -> list[Gap]:  # fmt: skip
        return queries.gaps(self._loader.cascade_view(key), key, level=level, limit=limit)

    def timeline(self, key: str, limit: int = DEFAULT_LIMIT) -> Timeline:
        return queries.timeline(self._loader.trace_view(key), key, limit=limit)

    def provenance(self, key: str) -> Provenance:
        """On the cascade's view: "might belong" lists the doubtful citations among the
        documents fetched for it (the embedded store also sees letters outside the cascade)."""
        view = self._loader.cascade_view(key)
        self._loader.add_citations_within(view)
        return cascade_provenance(view, key)

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        qwords = words(text)
        if not qwords or limit <= 0:
            return []
        lucene = " ".join([*(f"+{w}" for w in qwords[:-1]), f"+{qwords[-1]}*"])
        rows = self._read(cypher.SEARCH, index=cypher.SEARCH_INDEX, lucene=lucene, words=qwords,
                          full=DocumentStatus.FULL.value, max_rows=limit)  # fmt: skip
        docs = [(document_from_record(r), r["score"]) for r in rows]
        names = {a.key: a.name for a in self._loader.authorities(
            sorted({d.issuer_key for d, _ in docs if d.issuer_key}))}  # fmt: skip
        return [SearchHit(
            key=d.key, score=round(score, 3), status=d.status.value, kind=d.kind,
            number=d.number, symbol=d.symbol, subject=d.subject, issuer_key=d.issuer_key,
            issuer_name=names.get(d.issuer_key) if d.issuer_key else None,
            issued_on=d.issued_on, level=d.level.value,
        ) for d, score in docs]  # fmt: skip

    # -- listings (graph.listing; paged in Cypher) -----------------------------------------
    def list_documents(
        self, q: str | None = None, kind: str | None = None, level: Level | str | None = None,
        issuer: str | None = None, year: int | None = None, status: str | None = None,
        limit: int = 50, offset: int = 0,
    ) -> Page[Document]:  # fmt: skip
        limit, offset = max(0, limit), max(0, offset)
        params: dict[str, Any] = {
            "keys": None, "kinds": None, "issuers": None, "year": year,
            "year_prefix": f"{year:04d}/" if year is not None else None,
            "level": Level(level).value if level is not None else None,
            "status": str(status) if status is not None else None,
        }  # fmt: skip
        if q is not None and q.strip():
            params["keys"] = [h.key for h in self.search(q, limit=MAX_LISTED)]
        if kind:
            wanted = fold(kind).strip()
            params["kinds"] = [r["kind"] for r in self._read(cypher.DOCUMENT_KINDS)
                               if fold(r["kind"]) == wanted]  # fmt: skip
        if issuer:
            names = ((r["key"], r["name"] or "") for r in self._read(cypher.AUTHORITY_NAMES))
            params["issuers"] = sorted(matching_issuers(issuer, names))
        total = self._read(cypher.COUNT_LISTED_DOCUMENTS, **params)[0]["n"]
        rows = self._read(cypher.LIST_DOCUMENTS, **params, empty="", rows_before=offset,
                          max_rows=limit)  # fmt: skip
        return Page(tuple(document_from_record(r) for r in rows), total, limit, offset)

    def list_authorities(
        self, level: Level | str | None = None, q: str | None = None, under: str | None = None,
        limit: int = 50, offset: int = 0,
    ) -> Page[Authority]:  # fmt: skip
        limit, offset = max(0, limit), max(0, offset)
        params: dict[str, Any] = {
            "level": Level(level).value if level is not None else None,
            "q": slugify(q) if q and q.strip() else None, "under": under,
        }  # fmt: skip
        total = self._read(cypher.COUNT_LISTED_AUTHORITIES, **params)[0]["n"]
        rows = self._read(cypher.LIST_AUTHORITIES, **params, rows_before=offset, max_rows=limit,
                          ranks={lvl.value: lvl.rank for lvl in Level})  # fmt: skip
        return Page(tuple(authority_from_record(r) for r in rows), total, limit, offset)

    def refresh(self) -> None:
        """Nothing to catch up with: every read goes to the server."""

    def stats(self) -> Stats:
        status: dict[str, int] = {}
        by_level: dict[str, int] = {}
        for r in self._read(cypher.COUNT_DOCUMENTS):
            status[r["status"]] = status.get(r["status"], 0) + r["n"]
            by_level[r["level"]] = by_level.get(r["level"], 0) + r["n"]
        relation: dict[str, int] = {}
        resolution: dict[str, int] = {}
        for r in self._read(cypher.COUNT_CITATIONS):
            rel = _RELATION_VALUE[r["type"]]
            relation[rel] = relation.get(rel, 0) + r["n"]
            resolution[r["resolution"]] = resolution.get(r["resolution"], 0) + r["n"]
        authorities = self._read(cypher.COUNT_AUTHORITIES)[0]["n"]
        sources = self._read(cypher.COUNT_SOURCES, full=DocumentStatus.FULL.value)[0]["n"]
        return Stats(
            documents=sum(status.values()), full=status.get("full", 0),
            stubs=status.get("stub", 0), authorities=authorities,
            citations=sum(relation.values()), sources=sources, by_relation=relation,
            by_resolution=resolution, by_level=by_level,
        )  # fmt: skip

    def subgraph(self, root: str | None = None) -> nx.MultiDiGraph:
        if root is None:
            return queries.subgraph(self._loader.whole_view())
        view: RemoteView = self._loader.cascade_view(root)
        self._loader.add_citations_within(view)
        return queries.subgraph(view, root)


_RELATION_VALUE = {"IMPLEMENTS": "implements", "BASED_ON": "based_on", "CITES": "cites"}


def _message(e: Neo4jError) -> str:
    text = str(e)
    return text if text and text != "None" else (e.message or "no message")


@contextlib.contextmanager
def _translated(location: str) -> Iterator[None]:
    """Driver errors as the store's own errors, with what to do about them."""
    try:
        yield
    except AuthError as e:
        raise StoreAuthError(
            location, f"authentication failed; check the user and password ({_message(e)})",
        ) from e  # fmt: skip
    except ConstraintError as e:
        raise StoreConstraintError(location, f"a constraint was violated: {_message(e)}") from e
    except (ServiceUnavailable, SessionExpired) as e:
        raise StoreUnavailableError(
            location, f"cannot reach the Neo4j server ({e}); is it running, and is the URI right?"
        ) from e
    except Neo4jError as e:
        raise StoreError(location, f"Neo4j error {e.code}: {_message(e)}") from e
    except DriverError as e:
        raise StoreError(location, f"Neo4j driver error: {e}") from e
    except ValueError as e:  # the driver's answer to a malformed URI
        raise StoreError(location, f"not a usable Neo4j URI: {e}") from e


"""Every Cypher statement of the Neo4j store, as named constants with ``$parameters``.

Nothing here (or anywhere else) formats user data into a query: values travel as parameters;
labels, relationship types and property names come from the allow-lists below (:data:`LABELS`,
:data:`RELATIONSHIP_TYPES`), which are also the declared schema the test suite validates every
statement against (``tests/graph/test_cypher_schema.py``).

Graph model (DESIGN.md §4)::

    (:Document {key, kind, number, symbol, year, issued_on, subject, level, issuer_key, status,
                source, sha256, year_inferred, text, number_key, source_id, issued_year,
                words, ident})
    (:Authority {key, name, level, kind, parent_key, admin_code, lat, lon})
    (:Authority)-[:UNDER]->(:Authority)      (:Authority)-[:ISSUED]->(:Document)
    (:Document)-[:ADDRESSED_TO {rank}]->(:Authority)
    (:Document)-[:IMPLEMENTS|BASED_ON|CITES {text, start, end, evidence, resolution,
                                             candidates, score}]->(:Document)

``number_key``, ``source_id``, ``issued_year``, ``words`` and ``ident`` are derived in Python
(:mod:`graph.store.neo4j_codec`) so lookups, re-ingest and search use indexes.
"""

from __future__ import annotations

__all__ = [
    "AUTHORITY_PROPERTIES",
    "CITATION_PROPERTIES",
    "CITATION_TYPES",
    "DOCUMENT_PROPERTIES",
    "LABELS",
    "RELATIONSHIP_TYPES",
    "SCHEMA",
    "SEARCH_INDEX",
    "STATEMENTS",
    "TEXT_INDEX",
]

# -- the declared schema (allow-lists) -----------------------------------------------------
DOCUMENT_FIELDS = ("key", "kind", "number", "symbol", "year", "issued_on", "subject", "level",
                   "issuer_key", "status", "source", "sha256", "year_inferred")  # fmt: skip
DOCUMENT_DERIVED = ("number_key", "source_id", "issued_year", "words", "ident")
DOCUMENT_PROPERTIES: dict[str, str] = {
    **dict.fromkeys(DOCUMENT_FIELDS, "STRING"),
    "year": "INTEGER",
    "issued_year": "INTEGER",
    "year_inferred": "BOOLEAN",
    "number_key": "STRING",
    "source_id": "STRING",
    "words": "STRING",
    "ident": "LIST",
    "text": "STRING",
}
AUTHORITY_FIELDS = ("key", "name", "level", "kind", "parent_key", "admin_code", "lat", "lon")
AUTHORITY_PROPERTIES: dict[str, str] = {
    **dict.fromkeys(AUTHORITY_FIELDS, "STRING"), "lat": "FLOAT", "lon": "FLOAT",
}  # fmt: skip
CITATION_FIELDS = ("text", "start", "end", "evidence", "resolution", "candidates", "score")
CITATION_PROPERTIES: dict[str, str] = {
    "text": "STRING", "start": "INTEGER", "end": "INTEGER", "evidence": "STRING",
    "resolution": "STRING", "candidates": "LIST", "score": "FLOAT",
}  # fmt: skip

#: the one-writer lock of graph.store.neo4j_lock (a node per lock name, never a graph node)
WRITER_LOCK_PROPERTIES: dict[str, str] = {
    "name": "STRING", "owner": "STRING", "holder": "STRING", "since": "INTEGER",
    "heartbeat": "INTEGER", "probe": "INTEGER",
}  # fmt: skip
LABELS: dict[str, dict[str, str]] = {"Document": DOCUMENT_PROPERTIES, "Authority": AUTHORITY_PROPERTIES,
                                     "WriterLock": WRITER_LOCK_PROPERTIES}  # fmt: skip
CITATION_TYPES = ("IMPLEMENTS", "BASED_ON", "CITES")  # Relation.name of graph.models.Relation
RELATIONSHIP_TYPES: dict[str, tuple[str, str, dict[str, str]]] = {
    **{t: ("Document", "Document", CITATION_PROPERTIES) for t in CITATION_TYPES},
    "ISSUED": ("Authority", "Document", {}),
    "ADDRESSED_TO": ("Document", "Authority", {"rank": "INTEGER"}),
    "UNDER": ("Authority", "Authority", {}),
}

SEARCH_INDEX = "document_words"  # whitespace analyzer over the folded words of graph.search
TEXT_INDEX = "document_text"  # standard-folding analyzer over subject, number, symbol

# -- schema: constraints and indexes, idempotent -------------------------------------------
SCHEMA: tuple[str, ...] = (
    "CREATE CONSTRAINT document_key IF NOT EXISTS FOR (d:Document) REQUIRE d.key IS UNIQUE",
    "CREATE CONSTRAINT authority_key IF NOT EXISTS FOR (a:Authority) REQUIRE a.key IS UNIQUE",
    "CREATE CONSTRAINT writer_lock_name IF NOT EXISTS FOR (l:WriterLock) REQUIRE l.name IS UNIQUE",
    "CREATE INDEX document_number_key IF NOT EXISTS FOR (d:Document) ON (d.number_key)",
    "CREATE INDEX document_issuer_year IF NOT EXISTS FOR (d:Document) ON (d.issuer_key, d.year)",
    "CREATE INDEX document_source_id IF NOT EXISTS FOR (d:Document) ON (d.source_id)",
    "CREATE INDEX document_status IF NOT EXISTS FOR (d:Document) ON (d.status)",
    f"CREATE FULLTEXT INDEX {SEARCH_INDEX} IF NOT EXISTS FOR (d:Document) ON EACH [d.words] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}",
    f"CREATE FULLTEXT INDEX {TEXT_INDEX} IF NOT EXISTS FOR (d:Document) "
    "ON EACH [d.subject, d.number, d.symbol] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
)
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# -- column lists (constants, never user data) ---------------------------------------------
_DOC_COLUMNS = ", ".join(f"d.{f} AS {f}" for f in DOCUMENT_FIELDS)
_AUTH_COLUMNS = ", ".join(f"a.{f} AS {f}" for f in AUTHORITY_FIELDS)
# ``end`` is a keyword (CASE … END): offsets come back as start_offset / end_offset
CITATION_ALIASES = {f: f if f not in ("start", "end") else f + "_offset" for f in CITATION_FIELDS}
_CITE_COLUMNS = ("a.key AS source, b.key AS target, type(r) AS type, "
                 + ", ".join(f"r.{f} AS {a}" for f, a in CITATION_ALIASES.items()))  # fmt: skip
_FOLLOWED = "IMPLEMENTS|BASED_ON"
_CITES = "|".join(CITATION_TYPES)

# -- reads ---------------------------------------------------------------------------------
DOCUMENTS_BY_KEYS = f"UNWIND $keys AS k MATCH (d:Document {{key: k}}) RETURN {_DOC_COLUMNS}"
DOCUMENTS_BY_NUMBER_KEYS = (
    f"UNWIND $number_keys AS nk MATCH (d:Document {{number_key: nk}}) RETURN {_DOC_COLUMNS}"
)
DOCUMENTS_BY_ISSUER_YEARS = (
    "UNWIND $pairs AS p MATCH (d:Document {issuer_key: p.issuer_key, year: p.year}) "
    f"RETURN {_DOC_COLUMNS}"
)
DRAFTS_BY_ISSUER_YEARS = (
    "UNWIND $pairs AS p MATCH (d:Document {issuer_key: p.issuer_key, year: p.year}) "
    f"WHERE d.number IS NULL RETURN {_DOC_COLUMNS}"
)
DOCUMENTS_BY_SOURCES = (
    f"UNWIND $sources AS s MATCH (d:Document {{source_id: s}}) RETURN {_DOC_COLUMNS}"
)
AUTHORITIES_BY_KEYS = f"UNWIND $keys AS k MATCH (a:Authority {{key: k}}) RETURN {_AUTH_COLUMNS}"
CITATIONS_OUT = (
    f"UNWIND $keys AS k MATCH (a:Document {{key: k}})-[r:{_CITES}]->(b:Document) "
    f"RETURN {_CITE_COLUMNS}"
)
CITATIONS_IN = (
    f"UNWIND $keys AS k MATCH (a:Document)-[r:{_CITES}]->(b:Document {{key: k}}) "
    f"RETURN {_CITE_COLUMNS}"
)
# one level of a trace down (who implements these documents) or up (what these documents
# implement), with the properties of the document found (``d``) so no second query fetches them
_FOLLOWED_COLUMNS = ("type(r) AS type, r.start AS start_offset, r.end AS end_offset, "
                     + _DOC_COLUMNS)  # fmt: skip
FOLLOWED_IN = (
    f"UNWIND $keys AS k MATCH (p:Document {{key: k}})<-[r:{_FOLLOWED}]-(d:Document) "
    f"RETURN d.key AS from_key, p.key AS to_key, {_FOLLOWED_COLUMNS}"
)
FOLLOWED_OUT = (
    f"UNWIND $keys AS k MATCH (c:Document {{key: k}})-[r:{_FOLLOWED}]->(d:Document) "
    f"RETURN c.key AS from_key, d.key AS to_key, {_FOLLOWED_COLUMNS}"
)
ADDRESSED_OF = (
    "UNWIND $keys AS k MATCH (d:Document {key: k})-[r:ADDRESSED_TO]->(a:Authority) "
    "RETURN d.key AS key, a.key AS authority, r.rank AS rank"
)
ISSUED_BY = f"MATCH (a:Authority {{key: $key}})-[:ISSUED]->(d:Document) RETURN {_DOC_COLUMNS}"
ADDRESSED_BY = (
    f"MATCH (d:Document)-[:ADDRESSED_TO]->(a:Authority {{key: $key}}) RETURN {_DOC_COLUMNS}"
)
CHILD_AUTHORITIES = (
    f"MATCH (a:Authority)-[:UNDER]->(p:Authority {{key: $key}}) RETURN {_AUTH_COLUMNS}"
)
LETTER_TEXT = "MATCH (d:Document {key: $key}) RETURN d.text AS text"
SOURCES = (
    "MATCH (d:Document) WHERE d.status = $full RETURN d.source_id AS source, d.sha256 AS sha256"
)
SEARCH = (
    "CALL db.index.fulltext.queryNodes($index, $lucene) YIELD node AS d "
    "WITH d, toFloat(size($words) + size([w IN $words WHERE w IN d.ident])) "
    "/ size($words) + CASE WHEN d.status = $full THEN 0.5 ELSE 0.0 END AS score "
    f"RETURN {_DOC_COLUMNS}, score "
    "ORDER BY score DESC, coalesce(d.issued_year, 0) DESC, d.key ASC LIMIT $max_rows"
)
COUNT_DOCUMENTS = (
    "MATCH (d:Document) RETURN d.status AS status, d.level AS level, count(*) AS n"
)
COUNT_CITATIONS = (
    f"MATCH (a:Document)-[r:{_CITES}]->(b:Document) "
    "RETURN type(r) AS type, r.resolution AS resolution, count(*) AS n"
)
COUNT_AUTHORITIES = "MATCH (a:Authority) RETURN count(a) AS n"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r) AS n"  # from the count store, no scan
COUNT_SOURCES = "MATCH (d:Document) WHERE d.status = $full RETURN count(d) AS n"
ALL_DOCUMENTS = (
    f"MATCH (d:Document) WHERE d.key > $after RETURN {_DOC_COLUMNS} "
    "ORDER BY d.key LIMIT $page_size"
)
ALL_AUTHORITIES = f"MATCH (a:Authority) RETURN {_AUTH_COLUMNS}"

CLEAR_DOCUMENTS = (  # in pages, so a big graph does not need one huge transaction
    "MATCH (d:Document) WITH d LIMIT $page_size DETACH DELETE d RETURN count(*) AS n"
)
CLEAR_AUTHORITIES = (
    "MATCH (a:Authority) WITH a LIMIT $page_size DETACH DELETE a RETURN count(*) AS n"
)

# -- the writer lock (graph.store.neo4j_lock); times are the server's, in ms ----------------
_LOCK_COLUMNS = ("l.owner AS owner, l.holder AS holder, timestamp() - l.since AS held_ms, "
                 "timestamp() - l.heartbeat AS idle_ms")  # fmt: skip
ACQUIRE_LOCK = (  # creates the lock for $owner when free; returns whoever holds it now
    "MERGE (l:WriterLock {name: $name}) ON CREATE SET l.owner = $owner, l.holder = $holder, "
    f"l.since = timestamp(), l.heartbeat = timestamp() RETURN {_LOCK_COLUMNS}"
)
TAKE_OVER_LOCK = (  # compare-and-set: the first SET write-locks the node before the owner is read
    "MATCH (l:WriterLock {name: $name}) SET l.probe = timestamp() WITH l "
    "WHERE l.owner = $previous SET l.owner = $owner, l.holder = $holder, l.since = timestamp(), "
    f"l.heartbeat = timestamp() RETURN {_LOCK_COLUMNS}"
)
LOCK_HEARTBEAT = (
    "MATCH (l:WriterLock {name: $name}) WHERE l.owner = $owner SET l.heartbeat = timestamp() "
    "RETURN count(l) AS n"
)
RELEASE_LOCK = "MATCH (l:WriterLock {name: $name}) WHERE l.owner = $owner DELETE l"
LOCK_STATE = f"MATCH (l:WriterLock {{name: $name}}) RETURN {_LOCK_COLUMNS}"

# -- writes (all idempotent: MERGE, or DELETE of what matches) -----------------------------
DELETE_DOCUMENTS = "UNWIND $keys AS k MATCH (d:Document {key: k}) DETACH DELETE d"
MERGE_AUTHORITIES = (
    "UNWIND $rows AS row MERGE (a:Authority {key: row.key}) SET "
    + ", ".join(f"a.{f} = row.{f}" for f in AUTHORITY_FIELDS if f != "key")
)
DROP_UNDER = (
    "UNWIND $rows AS row MATCH (a:Authority {key: row.key})-[u:UNDER]->(p:Authority) "
    "WHERE p.key <> coalesce(row.parent_key, '') DELETE u"
)
MERGE_UNDER = (
    "UNWIND $rows AS row MATCH (a:Authority {key: row.key}) "
    "MATCH (p:Authority {key: row.parent_key}) MERGE (a)-[:UNDER]->(p)"
)
MERGE_DOCUMENTS = (
    "UNWIND $rows AS row MERGE (d:Document {key: row.key}) SET "
    + ", ".join(f"d.{f} = row.{f}" for f in (*DOCUMENT_FIELDS, *DOCUMENT_DERIVED) if f != "key")
    + ", d.text = CASE WHEN row.drop_text THEN null ELSE d.text END"
)
DROP_ISSUED = (
    "UNWIND $rows AS row MATCH (a:Authority)-[i:ISSUED]->(d:Document {key: row.key}) "
    "WHERE a.key <> coalesce(row.issuer_key, '') DELETE i"
)
MERGE_ISSUED = (
    "UNWIND $rows AS row MATCH (d:Document {key: row.key}) "
    "MATCH (a:Authority {key: row.issuer_key}) MERGE (a)-[:ISSUED]->(d)"
)
SET_TEXTS = "UNWIND $rows AS row MATCH (d:Document {key: row.key}) SET d.text = row.text"
DROP_ADDRESSED = (
    "UNWIND $keys AS k MATCH (d:Document {key: k})-[r:ADDRESSED_TO]->(a:Authority) DELETE r"
)
MERGE_ADDRESSED = (
    "UNWIND $rows AS row MATCH (d:Document {key: row.key}) "
    "MATCH (a:Authority {key: row.authority}) MERGE (d)-[r:ADDRESSED_TO]->(a) SET r.rank = row.rank"
)
# one statement per citation type: a relationship type cannot be a parameter
DELETE_CITATION: dict[str, str] = {
    t: f"UNWIND $rows AS row MATCH (a:Document {{key: row.source}})-[r:{t} "
    "{start: row.start, end: row.end}]->(b:Document {key: row.target}) DELETE r"
    for t in CITATION_TYPES
}
MERGE_CITATION: dict[str, str] = {
    t: "UNWIND $rows AS row MATCH (a:Document {key: row.source}) "
    f"MATCH (b:Document {{key: row.target}}) MERGE (a)-[r:{t} {{start: row.start, end: row.end}}]->(b) "
    "SET " + ", ".join(f"r.{f} = row.{f}" for f in CITATION_FIELDS if f not in ("start", "end"))
    for t in CITATION_TYPES
}

# -- listings, paged (graph.listing says what the filters mean; a null parameter: no filter) ---
_listed_documents = (  # lower case: a fragment, not a statement of STATEMENTS
    "MATCH (d:Document) WHERE ($keys IS NULL OR d.key IN $keys) "
    "AND ($kinds IS NULL OR d.kind IN $kinds) AND ($level IS NULL OR d.level = $level) "
    "AND ($status IS NULL OR d.status = $status) "
    "AND ($issuers IS NULL OR d.issuer_key IN $issuers) AND ($year IS NULL OR CASE "
    "WHEN d.issued_year > 0 THEN d.issued_year = $year ELSE d.key STARTS WITH $year_prefix END) "
)
LIST_DOCUMENTS = (
    f"{_listed_documents}RETURN {_DOC_COLUMNS} "
    "ORDER BY coalesce(d.issued_on, $empty) DESC, d.key DESC SKIP $rows_before LIMIT $max_rows"
)
COUNT_LISTED_DOCUMENTS = f"{_listed_documents}RETURN count(d) AS n"
DOCUMENT_KINDS = "MATCH (d:Document) WHERE d.kind IS NOT NULL RETURN DISTINCT d.kind AS kind"
AUTHORITY_NAMES = "MATCH (a:Authority) RETURN a.key AS key, a.name AS name"
_listed_authorities = (
    "MATCH (a:Authority) WHERE ($level IS NULL OR a.level = $level) "
    "AND ($q IS NULL OR a.key CONTAINS $q) "
    "AND ($under IS NULL OR (a)-[:UNDER*1..12]->(:Authority {key: $under})) "
)
LIST_AUTHORITIES = (
    f"{_listed_authorities}RETURN {_AUTH_COLUMNS} "
    "ORDER BY $ranks[a.level], a.name, a.key SKIP $rows_before LIMIT $max_rows"
)
COUNT_LISTED_AUTHORITIES = f"{_listed_authorities}RETURN count(a) AS n"

#: every data statement by name (the schema statements are :data:`SCHEMA`)
STATEMENTS: dict[str, str] = {
    name: value
    for name, value in sorted(globals().items())
    if name.isupper() and isinstance(value, str) and value.split(" ", 1)[0] in
    ("MATCH", "UNWIND", "CALL", "MERGE")
}  # fmt: skip
STATEMENTS.update({f"DELETE_CITATION[{t}]": q for t, q in DELETE_CITATION.items()})
STATEMENTS.update({f"MERGE_CITATION[{t}]": q for t, q in MERGE_CITATION.items()})

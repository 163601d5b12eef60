"""Every statement of graph/store/cypher.py, parsed and checked against the declared schema.

Parser: ``antlr4-cypher`` (PyPI; the ANTLR grammars-v4 Cypher grammar, generated for Python) —
a DOCUMENTED FALLBACK, not the requested ``cypher-guard``. cypher-guard (3.0.0, the newest on
PyPI, and 1.0.0) rejects every statement here with ``NomParsingError``: its parser accepts no
``$parameter`` anywhere (``MATCH (d:Document {key: $key})``, ``WHERE d.key = $key``), no
``ORDER BY``/``SKIP``/``LIMIT``, no ``SET`` after ``MERGE``, no ``CALL`` procedure and no schema
command, and it prints Rust debug traces on stdout for each call (see docs/neo4j.md).

On the parse tree this module checks, against :data:`graph.store.cypher.LABELS` and
:data:`~graph.store.cypher.RELATIONSHIP_TYPES`: node labels, relationship types, the property
keys of node and relationship patterns, and every ``variable.property`` whose variable is bound
to a label or type. Schema commands (``CREATE CONSTRAINT`` / ``CREATE [FULLTEXT] INDEX``),
which that grammar does not cover, are checked by a strict pattern of their Neo4j 5 syntax plus
the same allow-lists. Neither check replaces running them on a server (the contract suite).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

antlr4 = pytest.importorskip("antlr4", reason="pip install antlr4-cypher (test dependency)")
antlr4_cypher = pytest.importorskip("antlr4_cypher", reason="pip install antlr4-cypher")

from antlr4 import CommonTokenStream, InputStream  # noqa: E402
from antlr4.error.ErrorListener import ErrorListener  # noqa: E402
from antlr4_cypher import CypherLexer, CypherParser  # noqa: E402

from graph.store import cypher  # noqa: E402


class _Errors(ErrorListener):
    def __init__(self) -> None:
        self.messages: list[str] = []

    def syntaxError(self, recognizer: Any, symbol: Any, line: int, column: int,
                    msg: str, e: Any) -> None:  # fmt: skip
        self.messages.append(f"{line}:{column} {msg}")


def parse(query: str) -> tuple[Any, list[str]]:
    errors = _Errors()
    lexer = CypherLexer(InputStream(query))
    lexer.removeErrorListeners()
    lexer.addErrorListener(errors)
    parser = CypherParser(CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(errors)
    return parser.script(), errors.messages


def _name(ctx: Any) -> str:
    return str(ctx.getText()).strip("`")


def _children(ctx: Any, kind: str) -> list[Any]:
    return [c for c in (ctx.getChildren() if ctx.getChildCount() else ())
            if type(c).__name__ == kind + "Context"]  # fmt: skip


def _walk(ctx: Any) -> Any:
    yield ctx
    for c in ctx.getChildren() if ctx.getChildCount() else ():
        yield from _walk(c)


def schema_problems(query: str) -> list[str]:
    """Syntax errors, then labels, types and properties outside the declared schema."""
    tree, errors = parse(query)
    if errors:
        return [f"syntax: {e}" for e in errors]
    problems: list[str] = []
    bound: dict[str, set[str]] = {}  # variable -> allowed property keys

    def check_props(ctx: Any, allowed: set[str], what: str) -> None:
        for props in _children(ctx, "Properties"):
            for node in _walk(props):
                if type(node).__name__ == "MapPairContext":
                    key = _name(_children(node, "Name")[0])
                    if key not in allowed:
                        problems.append(f"property {key!r} is not declared for {what}")

    for node in _walk(tree):
        kind = type(node).__name__
        if kind == "NodePatternContext":
            labels = [_name(n) for lbl in _children(node, "NodeLabels") for n in _children(lbl, "Name")]
            allowed: set[str] = set()
            for label in labels:
                if label not in cypher.LABELS:
                    problems.append(f"label {label!r} is not in the allow-list")
                else:
                    allowed |= set(cypher.LABELS[label])
            if labels:
                check_props(node, allowed, "/".join(labels))
                for sym in _children(node, "Symbol"):
                    bound.setdefault(_name(sym), set()).update(allowed)
        elif kind == "RelationDetailContext":
            types = [_name(n) for t in _children(node, "RelationshipTypes") for n in _children(t, "Name")]
            allowed = set()
            for t in types:
                if t not in cypher.RELATIONSHIP_TYPES:
                    problems.append(f"relationship type {t!r} is not in the allow-list")
                else:
                    allowed |= set(cypher.RELATIONSHIP_TYPES[t][2])
            if types:
                check_props(node, allowed, "|".join(types))
                for sym in _children(node, "Symbol"):
                    bound.setdefault(_name(sym), set()).update(allowed)
    for node in _walk(tree):
        if type(node).__name__ == "PropertyExpressionContext":
            atoms, names = _children(node, "Atom"), _children(node, "Name")
            if atoms and names:
                var = atoms[0].getText()
                if var in bound and _name(names[0]) not in bound[var]:
                    problems.append(f"property {var}.{_name(names[0])} is not declared")
    return problems


_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
# Neo4j 5 schema commands. Must match "CREATE INDEX i IF NOT EXISTS FOR (d:Document) ON (d.year)";
# must not match "CREATE INDEX ON :Document(year)" (the removed 3.x syntax) or a missing IF NOT EXISTS.
_SCHEMA_COMMAND = re.compile(
    rf"^CREATE (?:CONSTRAINT (?P<cname>{_IDENT}) IF NOT EXISTS FOR \((?P<cv>{_IDENT}):(?P<clabel>{_IDENT})\) "
    rf"REQUIRE (?P=cv)\.(?P<cprop>{_IDENT}) IS UNIQUE"
    rf"|INDEX (?P<iname>{_IDENT}) IF NOT EXISTS FOR \((?P<iv>{_IDENT}):(?P<ilabel>{_IDENT})\) "
    rf"ON \((?P<iprops>(?P=iv)\.{_IDENT}(?:, (?P=iv)\.{_IDENT})*)\)"
    rf"|FULLTEXT INDEX (?P<fname>{_IDENT}) IF NOT EXISTS FOR \((?P<fv>{_IDENT}):(?P<flabel>{_IDENT})\) "
    rf"ON EACH \[(?P<fprops>(?P=fv)\.{_IDENT}(?:, (?P=fv)\.{_IDENT})*)\] "
    r"OPTIONS \{indexConfig: \{`fulltext\.analyzer`: '(?P<analyzer>[a-z-]+)'\}\})$"
)
_ANALYZERS = {"whitespace", "standard-folding", "standard", "standard-no-stop-words", "simple"}


def schema_command_problems(statement: str) -> list[str]:
    m = _SCHEMA_COMMAND.match(statement)
    if m is None:
        return ["not a CREATE CONSTRAINT/INDEX … IF NOT EXISTS statement of Neo4j 5"]
    label = m["clabel"] or m["ilabel"] or m["flabel"]
    if label not in cypher.LABELS:
        return [f"label {label!r} is not in the allow-list"]
    props = [m["cprop"]] if m["cprop"] else re.findall(r"\.(\w+)", m["iprops"] or m["fprops"])
    out = [f"property {p!r} is not declared for {label}" for p in props if p not in cypher.LABELS[label]]
    if m["analyzer"] and m["analyzer"] not in _ANALYZERS:
        out.append(f"unknown analyzer {m['analyzer']!r}")
    return out


@pytest.mark.parametrize("name", sorted(cypher.STATEMENTS), ids=sorted(cypher.STATEMENTS))
def test_statement_parses_and_fits_the_schema(name: str) -> None:
    assert schema_problems(cypher.STATEMENTS[name]) == []


_SCHEMA_IDS = [re.findall(r"(?:CONSTRAINT|INDEX) (\w+)", s)[0] for s in cypher.SCHEMA]


@pytest.mark.parametrize("statement", cypher.SCHEMA, ids=_SCHEMA_IDS)
def test_schema_command_is_idempotent_and_fits_the_schema(statement: str) -> None:
    assert schema_command_problems(statement) == []


def test_every_statement_takes_its_values_as_parameters() -> None:
    for name, q in cypher.STATEMENTS.items():
        literals = re.findall(r"'[^']*'", q)
        assert literals in ([], ["''"]), f"{name} has literal values {literals}; use $parameters"


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("MATCH (d:Documnet {key: $key}) RETURN d.key", "label 'Documnet'"),
        ("MATCH (d:Document {kee: $key}) RETURN d.key", "property 'kee'"),
        ("MATCH (d:Document {key: $key}) RETURN d.titel", "d.titel"),
        ("MATCH (a:Document)-[r:IMPLEMENT]->(b:Document) RETURN a.key", "type 'IMPLEMENT'"),
        ("MATCH (a:Document)-[r:CITES]->(b:Document) RETURN r.offset", "r.offset"),
        ("MATCH (d:Document {key: $key}) RETRUN d", "syntax"),
    ],
    ids=["label", "node-property", "accessed-property", "type", "rel-property", "syntax"],
)
def test_the_checker_catches_mistakes(query: str, problem: str) -> None:
    assert any(problem in p for p in schema_problems(query))


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE INDEX ON :Document(year)",
        "CREATE INDEX document_year FOR (d:Document) ON (d.year)",
        "CREATE CONSTRAINT k IF NOT EXISTS FOR (d:Letter) REQUIRE d.key IS UNIQUE",
        "CREATE INDEX i IF NOT EXISTS FOR (d:Document) ON (d.title)",
    ],
    ids=["3x-syntax", "not-idempotent", "label", "property"],
)
def test_the_schema_command_check_catches_mistakes(statement: str) -> None:
    assert schema_command_problems(statement)

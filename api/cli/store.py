"""Commands that ask a store: trace, gaps, show, search, stats, export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import (
    DEFAULT_STORE,
    FormatOpt,
    IssuerOpt,
    LevelOpt,
    StoreOpt,
    YearOpt,
    err,
    fail,
    out,
)
from api.output import OutputFormat, render_rows


def open_store_or_fail(store: str, *, create: bool = False) -> Any:
    """The store at ``store`` (a directory, or a Neo4j URI with credentials from
    ``VANBAN_NEO4J_USER`` / ``VANBAN_NEO4J_PASSWORD`` / ``VANBAN_NEO4J_DATABASE``)."""
    from pydantic import ValidationError

    from api.config import Settings
    from api.errors import describe
    from graph.errors import GraphError
    from graph.store import open_store

    if not create and "://" not in store and not Path(store).is_dir():
        raise fail(f"no store at {store}; run `vanban ingest PATH --store {store}` first")
    try:
        options = Settings(store=store).store_options()
    except ValidationError as exc:
        raise fail(f"bad VANBAN_ setting: {exc}") from exc
    try:
        return open_store(store, **options)
    except GraphError as exc:
        raise fail(describe(exc)) from exc


@contextmanager
def store_session(store: str) -> Iterator[Any]:
    """An open store whose graph errors become clean CLI errors; closed on the way out."""
    from api.errors import describe
    from graph.errors import GraphError

    st = open_store_or_fail(store)
    try:
        yield st
    except GraphError as exc:
        raise fail(describe(exc)) from exc
    finally:
        st.close()


def _resolve_key(st: Any, key: str, issuer: str | None, year: int | None) -> str:
    """The one document key for what the analyst typed, or a clear error."""
    from graph.errors import AmbiguousKeyError, KeyNotFoundError

    try:
        keys = st.lookup(key, issuer=issuer, year=year)
    except AmbiguousKeyError as exc:
        listing = "\n".join(f"  {c}" for c in exc.candidates)
        raise fail(
            f"{key!r} matches several documents; narrow it with --issuer or --year, "
            f"or give one of these keys:\n{listing}"
        ) from exc
    except KeyNotFoundError as exc:
        raise fail(str(exc)) from exc
    if len(keys) != 1:
        raise fail(f"{key!r} matches {len(keys)} documents; narrow it with --issuer or --year")
    return str(keys[0])


_TRACE_COLUMNS = ["key", "level", "issuer_name", "issued_on", "lag_days", "relation", "subject"]


def _trace_rows(rows: list[Any]) -> list[dict[str, Any]]:
    return [r.to_json() for r in rows]


def _check_level(level: str | None) -> str | None:
    from graph.models import Level

    if level is None:
        return None
    try:
        return str(Level(level.lower()))
    except ValueError as exc:
        raise fail(
            f"unknown level {level!r}; use one of: " + ", ".join(lv.value for lv in Level)
        ) from exc


def trace(
    key: Annotated[str, typer.Argument(help="Document key or number/symbol, e.g. 1068/CĐ-TTg.")],
    down: Annotated[bool, typer.Option("--down", help="Documents implementing it.")] = False,
    up: Annotated[bool, typer.Option("--up", help="Chains up to the national roots.")] = False,
    level: LevelOpt = None,
    depth: Annotated[int | None, typer.Option(help="Maximum depth of the trace.")] = None,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = OutputFormat.TABLE,
) -> None:
    """Trace a document down its cascade (--down) or up to its roots (--up)."""
    if down == up:
        raise fail("give exactly one of --down or --up")
    lvl = _check_level(level)
    with store_session(store) as st:
        k = _resolve_key(st, key, issuer, year)
        if down:
            kwargs: dict[str, Any] = {"level": lvl}
            if depth is not None:
                kwargs["depth"] = depth
            rows = _trace_rows(st.trace_down(k, **kwargs))
            render_rows(rows, fmt, out, title=f"documents implementing {k}", columns=_TRACE_COLUMNS)
            _print_provenance(st.provenance(k))
        else:
            chains = st.trace_up(k, **({"depth": depth} if depth is not None else {}))
            rows = [
                {**step.to_json(), "chain": i + 1, "step": j + 1}
                for i, chain in enumerate(chains)
                for j, step in enumerate(chain.steps)
            ]
            render_rows(
                rows,
                fmt,
                out,
                title=f"chains from {k} to its roots",
                columns=["chain", "step", *_TRACE_COLUMNS],
            )


def _print_provenance(p: Any) -> None:
    """How the cascade answer was reached, on stderr (the rows on stdout stay data)."""
    drafts = ", ".join(f"{d.source_key} -> {d.target_key} ({d.score:.2f})" if d.score is not None
                       else f"{d.source_key} -> {d.target_key}" for d in p.draft_links[:5])  # fmt: skip
    err.print(
        f"how it was reached: {p.links} links, {p.exact} by the number written, "
        f"{p.draft_matches} to unsigned copies matched by issuer, month and subject"
        + (f" [{drafts}{', …' if p.draft_matches > 5 else ''}]" if drafts else "")
        + f", {p.ambiguous} ambiguous; {len(p.might_belong)} references might belong"
        + (" (ambiguous, possible matches, undated): " + "; ".join(
            f"{m.source_key} ({m.resolution}: {m.text!r})" for m in p.might_belong[:5])
           + (" …" if len(p.might_belong) > 5 else "") if p.might_belong else ""),
        highlight=False,
    )  # fmt: skip


def gaps(
    key: Annotated[str, typer.Argument(help="Document key or number/symbol.")],
    level: LevelOpt = None,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = OutputFormat.TABLE,
) -> None:
    """Authorities the cascade addressed that have issued no implementing document."""
    lvl = _check_level(level)
    with store_session(store) as st:
        k = _resolve_key(st, key, issuer, year)
        found = st.gaps(k, level=lvl)
        rows = [g.to_json() for g in found]
        render_rows(
            rows,
            fmt,
            out,
            title=f"not responded to {k}",
            columns=["authority_key", "name", "level", "parent_name", "addressed_by", "assumed",
                     "units_replied"],
        )  # fmt: skip
        assumed = sum(g.assumed for g in found)
        partial = sum(bool(g.units_replied) for g in found)
        if assumed or partial:
            err.print(
                f"{assumed} of {len(found)} were told only by an assumed audience (a national "
                f"document whose text is not in the store is taken to address every province); "
                f"{partial} have a unit of theirs that wrote instead (units_replied)",
                highlight=False,
            )
        _print_provenance(st.provenance(k))


def show(
    key: Annotated[str, typer.Argument(help="Document or authority key, or number/symbol.")],
    issuer: IssuerOpt = None,
    year: YearOpt = None,
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = OutputFormat.TABLE,
) -> None:
    """A document or authority with its edges."""
    from graph.errors import KeyNotFoundError
    from graph.results import to_jsonable

    with store_session(store) as st:
        try:
            node = st.get(key)
            k = key
        except KeyNotFoundError:
            k = _resolve_key(st, key, issuer, year)
            node = st.get(k)
        fields = to_jsonable(node)
        edges = [n.to_json() for n in st.neighbors(k)]
    if fmt is OutputFormat.JSON:
        out.print_json(json.dumps({"node": fields, "edges": edges}, ensure_ascii=False))
        return
    render_rows([{"field": f, "value": v} for f, v in fields.items()], fmt, out, title=k)
    render_rows(
        edges,
        fmt,
        out,
        title="edges",
        columns=["direction", "type", "key", "name", "resolution", "text"],
    )


def search(
    text: Annotated[str, typer.Argument(help="Number, symbol, subject words or issuer.")],
    limit: Annotated[int, typer.Option(help="Maximum results.")] = 20,
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = OutputFormat.TABLE,
) -> None:
    """Find documents by number/symbol, subject words or issuer (diacritics optional)."""
    with store_session(store) as st:
        rows = [h.to_json() for h in st.search(text, limit=limit)]
        render_rows(
            rows,
            fmt,
            out,
            title=f"search: {text}",
            columns=["key", "status", "kind", "issuer_name", "issued_on", "subject"],
        )


def stats(store: StoreOpt = DEFAULT_STORE, fmt: FormatOpt = OutputFormat.TABLE) -> None:
    """Counts of documents, stubs, authorities and edges."""
    with store_session(store) as st:
        data = st.stats().to_json()
    if fmt is OutputFormat.JSON:
        out.print_json(json.dumps(data, ensure_ascii=False))
        return
    flat: list[dict[str, Any]] = []
    for name, value in data.items():
        if isinstance(value, dict):
            flat.extend({"metric": f"{name}.{k}", "value": v} for k, v in value.items())
        else:
            flat.append({"metric": name, "value": value})
    render_rows(flat, fmt, out, title="store statistics")


class ExportFormat(StrEnum):
    GRAPHML = "graphml"
    GEXF = "gexf"
    JSON = "json"
    CYTOSCAPE = "cytoscape"
    CSV = "csv"
    XLSX = "xlsx"
    CYPHER = "cypher"
    HTML = "html"


def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")],
    output: Annotated[Path, typer.Option("--out", "-o", help="Output file (a folder for csv).")],
    root: Annotated[
        str | None, typer.Option(help="Only the cascade under this document (key or number).")
    ] = None,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Write the graph (or the subgraph under --root) for Gephi, spreadsheets or neo4j-admin;
    ``html`` is a standalone interactive page."""
    from graph.export import write_file

    with store_session(store) as st:
        root_key = _resolve_key(st, root, issuer, year) if root else None
        g = st.subgraph(root_key)
    try:
        if fmt is ExportFormat.CYPHER:
            from graph.export_cypher import write_cypher

            output.parent.mkdir(parents=True, exist_ok=True)
            write_cypher(g, output)
            written = [output]
        elif fmt is ExportFormat.HTML:
            from api.viewer import viewer_html

            output.parent.mkdir(parents=True, exist_ok=True)
            page = viewer_html(g, root_key, title=root or "vanban graph", inline=True)
            output.write_text(page, encoding="utf-8")
            written = [output]
        else:
            if fmt is not ExportFormat.CSV:
                output.parent.mkdir(parents=True, exist_ok=True)
            written = write_file(g, fmt.value, output, root=root_key)
    except OSError as exc:
        raise fail(f"{output}: {exc.strerror or exc}") from exc
    out.print(
        f"wrote {', '.join(map(str, written))} "
        f"({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)",
        highlight=False,
    )


def load_neo4j(
    source: Annotated[
        Path, typer.Option("--from", help="The embedded store (directory) to copy.")
    ] = Path(DEFAULT_STORE),
    store: Annotated[
        str,
        typer.Option(
            "--store", envvar="VANBAN_STORE", help="Target Neo4j URI (neo4j:// or bolt://)."
        ),
    ] = "neo4j://localhost:7687",
) -> None:
    """Copy an embedded store into Neo4j (MERGE only: safe to run again)."""
    from graph.store.memory.store import MemoryStore
    from graph.store.neo4j_write import copy_store

    if "://" not in store:
        raise fail(f"--store must be a neo4j:// or bolt:// URI, not {store!r}")
    if not source.is_dir():
        raise fail(f"no embedded store at {source}")
    src = MemoryStore(source)
    try:
        with store_session(store) as dst:
            sizes = copy_store(src, dst)
    finally:
        src.close()
    render_rows([sizes], OutputFormat.TABLE, out, title=f"copied {source} into {store}")


def register(app: typer.Typer) -> None:
    """Add the commands that ask a store to ``app``."""
    for command in (trace, gaps, show, search, stats, export):
        app.command()(command)
    app.command("load-neo4j")(load_neo4j)

"""Commands on a store: ingest, trace, gaps, show, search, stats, export."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli_common import DEFAULT_STORE, FormatOpt, StoreOpt, app, err, fail, out
from api.output import OutputFormat, render_rows


def _open(store: str, *, create: bool = False) -> Any:
    from graph.errors import GraphError
    from graph.store import open_store

    if not create and "://" not in store and not Path(store).is_dir():
        raise fail(f"no store at {store}; run `vanban ingest PATH --store {store}` first")
    try:
        return open_store(store)
    except GraphError as exc:
        raise fail(str(exc)) from exc


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


IssuerOpt = Annotated[
    str | None, typer.Option(help="Issuer (name or key) to pick among same-numbered documents.")
]
YearOpt = Annotated[int | None, typer.Option(help="Year, to pick among same-numbered documents.")]
LevelOpt = Annotated[
    str | None,
    typer.Option(help="Only this level: central, ministry, province, district or commune."),
]

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


def run_ingest(
    paths: list[Path],
    store: str,
    *,
    workers: int | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    report: Path | None = None,
    batch: int = 500,
) -> tuple[dict[str, int], list[dict[str, str]], Path]:
    """Ingest ``paths`` into ``store`` with a progress bar; the counts, per-file errors and the
    report file written."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from graph.errors import GraphError, InvalidRecordError
    from ingest.corpus import iter_letter_files, parse_files
    from ingest.errors import IngestError
    from ingest.records import to_record

    st = _open(store, create=True)
    total = sum(1 for _ in iter_letter_files(paths))
    errors: list[dict[str, str]] = []
    counts = {"files": 0, "added": 0, "replaced": 0, "unchanged": 0, "failed": 0, "citations": 0}
    pending: list[Any] = []

    def flush() -> None:
        batch_left = list(pending)
        pending.clear()
        while batch_left:
            try:
                summary = st.add_letters(batch_left)
            except InvalidRecordError as exc:
                # the records before the bad one are stored; report it and go on after it
                bad = exc.index if exc.index is not None else 0
                counts["added"] += bad
                counts["failed"] += 1
                errors.append({"file": exc.source or "?", "error": exc.reason})
                batch_left = batch_left[bad + 1 :]
                continue
            counts["added"] += summary.added
            counts["replaced"] += summary.replaced
            counts["unchanged"] += summary.unchanged
            counts["citations"] += summary.citations
            return

    columns = (
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>7.1f} letters/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    try:
        with Progress(*columns, console=err, transient=False) as progress:
            task = progress.add_task("ingest", total=total, rate=0.0)
            for res in parse_files(paths, workers=workers, max_bytes=max_bytes, known=st.sources()):
                counts["files"] += 1
                if res.error is not None:
                    counts["failed"] += 1
                    errors.append({"file": res.path, "error": res.error})
                elif res.unchanged:
                    counts["unchanged"] += 1
                elif res.letter is not None:
                    try:
                        pending.append(to_record(res.letter))
                    except IngestError as exc:
                        counts["failed"] += 1
                        errors.append({"file": res.path, "error": str(exc)})
                    if len(pending) >= batch:
                        flush()
                elapsed = progress.tasks[task].elapsed or 0.0
                progress.update(
                    task, advance=1, rate=counts["files"] / elapsed if elapsed > 0 else 0.0
                )
            flush()
    except GraphError as exc:
        raise fail(str(exc)) from exc
    finally:
        st.close()

    report_path = report or Path(store) / "ingest-report.json"
    if "://" not in str(report_path):
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(
            json.dumps({"counts": counts, "errors": errors}, ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
    return counts, errors, report_path


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Letter files or folders.")],
    store: StoreOpt = DEFAULT_STORE,
    workers: Annotated[
        int | None, typer.Option(help="Parallel processes (default: all cores).")
    ] = None,
    max_mb: Annotated[float, typer.Option(help="Refuse files larger than this (MB).")] = 20.0,
    report: Annotated[
        Path | None,
        typer.Option(
            help="Write the per-file report (JSON) here; default STORE/ingest-report.json."
        ),
    ] = None,
    batch: Annotated[int, typer.Option(help="Letters per store write.")] = 500,
) -> None:
    """Read letters into the store: fields, references, authorities, edges."""
    counts, errors, report_path = run_ingest(
        paths,
        store,
        workers=workers,
        max_bytes=int(max_mb * 1024 * 1024),
        report=report,
        batch=batch,
    )
    render_rows([counts], OutputFormat.TABLE, out, title="ingest summary")
    if errors:
        render_rows(errors, OutputFormat.TABLE, err, title=f"{len(errors)} files failed")
        err.print(f"report: {report_path}")
        raise typer.Exit(1)


@app.command()
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
    from graph.errors import GraphError

    if down == up:
        raise fail("give exactly one of --down or --up")
    lvl = _check_level(level)
    st = _open(store)
    try:
        k = _resolve_key(st, key, issuer, year)
        if down:
            kwargs: dict[str, Any] = {"level": lvl}
            if depth is not None:
                kwargs["depth"] = depth
            rows = _trace_rows(st.trace_down(k, **kwargs))
            render_rows(rows, fmt, out, title=f"documents implementing {k}", columns=_TRACE_COLUMNS)
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
    except GraphError as exc:
        raise fail(str(exc)) from exc
    finally:
        st.close()


@app.command()
def gaps(
    key: Annotated[str, typer.Argument(help="Document key or number/symbol.")],
    level: LevelOpt = None,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = OutputFormat.TABLE,
) -> None:
    """Authorities the cascade addressed that have issued no implementing document."""
    from graph.errors import GraphError

    lvl = _check_level(level)
    st = _open(store)
    try:
        k = _resolve_key(st, key, issuer, year)
        rows = [g.to_json() for g in st.gaps(k, level=lvl)]
        render_rows(
            rows,
            fmt,
            out,
            title=f"not responded to {k}",
            columns=["authority_key", "name", "level", "parent_name", "addressed_by"],
        )
    except GraphError as exc:
        raise fail(str(exc)) from exc
    finally:
        st.close()


@app.command()
def show(
    key: Annotated[str, typer.Argument(help="Document or authority key, or number/symbol.")],
    issuer: IssuerOpt = None,
    year: YearOpt = None,
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = OutputFormat.TABLE,
) -> None:
    """A document or authority with its edges."""
    from graph.errors import GraphError, KeyNotFoundError
    from graph.results import to_jsonable

    st = _open(store)
    try:
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
    except GraphError as exc:
        raise fail(str(exc)) from exc
    finally:
        st.close()


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Number, symbol, subject words or issuer.")],
    limit: Annotated[int, typer.Option(help="Maximum results.")] = 20,
    store: StoreOpt = DEFAULT_STORE,
    fmt: FormatOpt = OutputFormat.TABLE,
) -> None:
    """Find documents by number/symbol, subject words or issuer (diacritics optional)."""
    from graph.errors import GraphError

    st = _open(store)
    try:
        rows = [h.to_json() for h in st.search(text, limit=limit)]
        render_rows(
            rows,
            fmt,
            out,
            title=f"search: {text}",
            columns=["key", "status", "kind", "issuer_name", "issued_on", "subject"],
        )
    except GraphError as exc:
        raise fail(str(exc)) from exc
    finally:
        st.close()


@app.command()
def stats(store: StoreOpt = DEFAULT_STORE, fmt: FormatOpt = OutputFormat.TABLE) -> None:
    """Counts of documents, stubs, authorities and edges."""
    from graph.errors import GraphError

    st = _open(store)
    try:
        data = st.stats().to_json()
    except GraphError as exc:
        raise fail(str(exc)) from exc
    finally:
        st.close()
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


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")],
    output: Annotated[Path, typer.Option("--out", "-o", help="Output file (a directory for csv).")],
    root: Annotated[
        str | None, typer.Option(help="Only the cascade under this document (key or number).")
    ] = None,
    issuer: IssuerOpt = None,
    year: YearOpt = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Write the graph (or the subgraph under --root) for Gephi, spreadsheets or neo4j-admin."""
    from graph import export as ex
    from graph.errors import GraphError

    st = _open(store)
    try:
        root_key = _resolve_key(st, root, issuer, year) if root else None
        g = st.subgraph(root_key)
        if fmt is ExportFormat.CSV:
            written = ex.write_csv(g, output)
            out.print(f"wrote {written[0]} and {written[1]}")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        if fmt is ExportFormat.GRAPHML:
            ex.write_graphml(g, output)
        elif fmt is ExportFormat.GEXF:
            ex.write_gexf(g, output)
        elif fmt is ExportFormat.JSON:
            ex.write_json(g, output)
        elif fmt is ExportFormat.CYTOSCAPE:
            ex.write_cytoscape(g, output)
        else:
            ex.write_xlsx(g, output, root=root_key)
        out.print(
            f"wrote {output} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)",
            highlight=False,
        )
    except GraphError as exc:
        raise fail(str(exc)) from exc
    except OSError as exc:
        raise fail(f"{output}: {exc.strerror or exc}") from exc
    finally:
        st.close()

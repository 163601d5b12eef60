"""``vanban ingest``: letters in, graph out, with progress and a per-file report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli_common import DEFAULT_STORE, StoreOpt, app, err, fail, out
from api.cli_store import open_store_or_fail
from api.output import OutputFormat, render_rows

__all__ = ["run_ingest"]


def run_ingest(
    paths: list[Path],
    store: str,
    *,
    workers: int | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    report: Path | None = None,
    batch: int = 500,
) -> tuple[dict[str, int], list[dict[str, str]], Path | None]:
    """Ingest ``paths`` into ``store`` with a progress bar; the counts, per-file errors and the
    report file written (``None`` for a Neo4j store without ``report``)."""
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

    st = open_store_or_fail(store, create=True)
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

    # a Neo4j store has no directory for the report (Path("bolt://h:1") is "bolt:/h:1"): only
    # an explicit --report is written then
    report_path = report or (None if "://" in store else Path(store) / "ingest-report.json")
    if report_path is not None:
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
        if report_path is not None:
            err.print(f"report: {report_path}")
        raise typer.Exit(1)

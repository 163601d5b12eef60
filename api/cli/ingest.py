"""``vanban ingest``: letters in, graph out, with progress and a per-file report.

The work is :func:`ingest.pipeline.ingest_paths`; this module draws the progress (a rich bar on
a terminal, one log line every ``PROGRESS_EVERY`` files otherwise), prints the summary and
writes ``STORE/ingest-report.json``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.cli.common import DEFAULT_STORE, StoreOpt, err, fail, out
from api.cli.store import open_store_or_fail
from api.output import OutputFormat, render_rows

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport

__all__ = ["run_ingest"]

PROGRESS_EVERY = 500  # files per progress line when stderr is not a terminal


def _progress_columns() -> tuple[Any, ...]:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return (
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>7.1f} letters/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )


def run_ingest(
    paths: list[Path],
    store: str,
    *,
    workers: int | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    timeout_s: float | None = None,
    report: Path | None = None,
    batch: int = 500,
    lock_wait_s: float = 0.0,
) -> tuple[IngestReport, Path | None]:
    """Ingest ``paths`` into ``store`` with progress; the report and the report file written
    (``None`` for a Neo4j store without ``report``: it has no folder to hold one).

    The report file is written even when the run stops on a store error.
    """
    from rich.progress import Progress

    from api.config import Settings
    from graph.errors import GraphError
    from ingest.corpus import iter_letter_files
    from ingest.pipeline import IngestReport, ingest_paths

    if timeout_s is None:
        timeout_s = Settings(store=store).file_timeout
    st = open_store_or_fail(store, create=True)
    # Path("bolt://h:1") is "bolt:/h:1": a Neo4j store gets a report only with --report
    report_path = report or (None if "://" in store else Path(store) / "ingest-report.json")
    result = IngestReport()
    started = time.monotonic()
    try:
        if err.is_terminal:
            total = sum(1 for _ in iter_letter_files(paths))
            with Progress(*_progress_columns(), console=err, transient=False) as progress:
                task = progress.add_task("ingest", total=total, rate=0.0)

                def on_progress(seen: int, res: object) -> None:
                    if res is None:
                        return  # a skipped entry is not in the bar's total
                    elapsed = time.monotonic() - started
                    progress.update(task, advance=1, rate=seen / elapsed if elapsed else 0.0)

                result = _ingest(ingest_paths, paths, st, workers, max_bytes, timeout_s, batch,
                                 lock_wait_s, on_progress)  # fmt: skip
        else:

            def on_line(seen: int, res: object) -> None:
                if seen % PROGRESS_EVERY == 0:
                    elapsed = time.monotonic() - started
                    err.print(f"ingest: {seen:,} files, {seen / max(elapsed, 1e-9):.1f}/s",
                              highlight=False)  # fmt: skip

            result = _ingest(ingest_paths, paths, st, workers, max_bytes, timeout_s, batch,
                             lock_wait_s, on_line)  # fmt: skip
    except GraphError as exc:
        _write_report(report_path, result, error=str(exc))
        raise fail(str(exc)) from exc
    finally:
        st.close()
    _write_report(report_path, result)
    return result, report_path


def _ingest(verb: Any, paths: list[Path], st: Any, workers: int | None, max_bytes: int,
            timeout_s: float, batch: int, lock_wait_s: float, on_progress: Any) -> IngestReport:  # fmt: skip
    report: IngestReport = verb(
        paths, st, workers=workers, max_bytes=max_bytes, timeout_s=timeout_s, batch=batch,
        on_progress=on_progress, lock_wait_s=lock_wait_s,
    )  # fmt: skip
    return report


def _write_report(path: Path | None, report: IngestReport, error: str | None = None) -> None:
    if path is None:
        return
    body = report.to_json()
    if error is not None:
        body["stopped"] = error
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Letter files or folders.")],
    store: StoreOpt = DEFAULT_STORE,
    workers: Annotated[
        int | None, typer.Option(help="Parallel processes (default: all cores).")
    ] = None,
    max_mb: Annotated[float, typer.Option(help="Refuse files larger than this (MB).")] = 20.0,
    timeout: Annotated[
        float | None,
        typer.Option(
            help="Seconds one file may take to read and parse (env VANBAN_FILE_TIMEOUT, 60)."
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            help="Write the per-file report (JSON) here; default STORE/ingest-report.json."
        ),
    ] = None,
    batch: Annotated[int, typer.Option(help="Letters per store write.")] = 500,
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for another ingest to finish with the store.")
    ] = 0.0,
) -> None:
    """Read letters into the store: fields, references, authorities, edges."""
    result, report_path = run_ingest(
        paths,
        store,
        workers=workers,
        max_bytes=int(max_mb * 1024 * 1024),
        timeout_s=timeout,
        report=report,
        batch=batch,
        lock_wait_s=wait,
    )
    render_rows([result.counts()], OutputFormat.TABLE, out, title="ingest summary")
    if result.displaced:
        rows = [{"file": d.path, "key": d.key, "replaced the letter from": d.previous}
                for d in result.displaced]  # fmt: skip
        render_rows(rows, OutputFormat.TABLE, err,
                    title=f"{len(rows)} letters took the key of a letter from another file")  # fmt: skip
    if result.skipped:
        where = f" (listed in {report_path})" if report_path is not None else ""
        err.print(f"{len(result.skipped)} files skipped{where}", highlight=False)
    if result.failed:
        rows = [{"file": f.path, "error": f.reason} for f in result.failed]
        render_rows(rows, OutputFormat.TABLE, err, title=f"{len(rows)} files failed")
        if report_path is not None:
            err.print(f"report: {report_path}", highlight=False)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``ingest`` to ``app``."""
    app.command()(ingest)

"""Rendering of listings for the CLI: one option bundle, three formats (table, json, csv)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["OutputFormat", "render_rows"]


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " → ".join(str(v) for v in value)
    return str(value)


def render_rows(
    rows: Sequence[Mapping[str, Any]],
    fmt: OutputFormat,
    console: Console,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
) -> None:
    """Print ``rows`` (dicts) as a rich table, a JSON array or CSV with a header."""
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt is OutputFormat.JSON:
        console.print_json(json.dumps(list(rows), ensure_ascii=False, default=str))
        return
    if fmt is OutputFormat.CSV:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c)) for c in cols})
        console.out(buf.getvalue(), end="", highlight=False)
        return
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in cols))
    console.print(table)

"""``vanban extract``: a letter's fields and references, no store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.cli.common import err, fail, out
from api.output import OutputFormat, render_rows

if TYPE_CHECKING:
    from ingest.models import Letter


def _reference_rows(refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "offsets": f"{r['start']}-{r['end']}",
            "kind": r["kind"],
            "number": r["number"],
            "symbol": r["symbol"],
            "year": r["year"],
            "date": r["date"],
            "issuer": (r["issuer"] or {}).get("name"),
            "relation": r["relation"],
        }
        for r in refs
    ]


def _print_letter(name: str, payload: dict[str, Any]) -> None:
    letter = payload["letter"]
    out.rule(f"[bold]{name}")
    fields = [
        ("issuer", (letter.get("issuer") or {}).get("name") or letter.get("issuer_block")),
        ("number", letter.get("number") or "(blank)"),
        ("symbol", letter.get("symbol")),
        ("kind", letter.get("kind")),
        ("place, date", f"{letter.get('place') or ''}, {letter.get('date') or ''}"),
        ("subject", letter.get("subject")),
        ("recipients", "; ".join(letter.get("recipients") or [])),
        ("signer", f"{letter.get('signer_title') or ''} — {letter.get('signer_name') or ''}"),
        ("Nơi nhận", "; ".join(letter.get("cc") or [])),
    ]
    for label, value in fields:
        out.print(f"[cyan]{label:>12}[/] {value if value is not None else ''}", highlight=False)
    refs = payload["references"]
    render_rows(
        _reference_rows(refs),
        OutputFormat.TABLE,
        out,
        title=f"{len(refs)} references",
        columns=["offsets", "kind", "number", "symbol", "year", "date", "issuer", "relation"],
    )


def _payload(letter: Letter) -> dict[str, Any]:
    return {"letter": letter.to_json(), "references": [r.to_json() for r in letter.references]}


def _extract_text(text: str, source: str | None) -> dict[str, Any]:
    from ingest.letter.parse import parse_letter

    return _payload(parse_letter(text, source=source))


def extract(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Letter files or folders; '-' reads standard input.")
    ] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(help='Read {"id","text"} lines; write {"id","letter","references"} lines.'),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write JSON/JSONL here instead of stdout.")
    ] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table (default) or json.")
    ] = OutputFormat.TABLE,
) -> None:
    """Print a letter's fields and its references (no store involved)."""
    from ingest.corpus import parse_files
    from ingest.errors import IngestError

    sink = output.open("w", encoding="utf-8") if output else sys.stdout
    failed = 0
    try:
        if jsonl is not None:
            try:
                lines = jsonl.open(encoding="utf-8")
            except OSError as exc:
                raise fail(f"{jsonl}: {exc.strerror or exc}") from exc
            with lines:
                for lineno, line in enumerate(lines, 1):
                    if not line.strip():
                        continue
                    try:
                        row = json.loads(line)
                        text, rid = row["text"], row.get("id", lineno)
                        if not isinstance(text, str):
                            raise TypeError("'text' is not a string")
                    except (ValueError, KeyError, TypeError) as exc:
                        err.print(f"[red]{jsonl}:{lineno}:[/] not a {{id, text}} line ({exc})")
                        failed += 1
                        continue
                    payload = {"id": rid, **_extract_text(text, None)}
                    sink.write(json.dumps(payload, ensure_ascii=False) + "\n")
            if failed:
                raise typer.Exit(1)
            return
        if not paths:
            raise fail("give letter files or folders, '-' for standard input, or --jsonl FILE")
        results: list[dict[str, Any]] = []
        if paths == ["-"]:
            try:
                payload = _extract_text(sys.stdin.read(), "<stdin>")
            except IngestError as exc:
                raise fail(str(exc)) from exc
            results.append({"source": "<stdin>", **payload})
        else:
            for res in parse_files(paths, workers=1):
                if res.letter is None:
                    err.print(f"[red]{res.path}:[/] {res.error}", highlight=False)
                    failed += 1
                    continue
                results.append({"source": res.path, **_payload(res.letter)})
        if fmt is OutputFormat.TABLE and output is None:
            for r in results:
                _print_letter(r["source"], r)
        else:
            sink.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
        if failed:
            raise typer.Exit(1)
    finally:
        if output:
            sink.close()


def register(app: typer.Typer) -> None:
    """Add ``extract`` to ``app``."""
    app.command()(extract)

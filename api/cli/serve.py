"""Commands that generate and serve: ``synth``, ``serve`` and ``demo``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from api.cli.common import DEFAULT_STORE, HostOpt, PortOpt, StoreOpt, err, fail, out
from api.cli.ingest import run_ingest
from api.output import OutputFormat, render_rows

SAMPLE_LETTERS = Path(__file__).resolve().parents[2] / "examples" / "letters"


def synth(
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the corpus to.")],
    letters: Annotated[int, typer.Option(help="Number of letters.")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same corpus).")] = 0,
    roots: Annotated[int, typer.Option(help="National documents to start cascades from.")] = 2,
    docx_share: Annotated[float, typer.Option(help="Share of letters written as .docx.")] = 0.0,
    pdf_share: Annotated[float, typer.Option(help="Share of letters written as .pdf.")] = 0.0,
) -> None:
    """Generate a realistic cascade corpus with its ground truth (truth.json)."""
    from ingest.synth.generate import SynthConfig, generate_corpus

    try:
        config = SynthConfig(
            letters=letters, seed=seed, roots=roots, docx_share=docx_share, pdf_share=pdf_share
        )
    except ValueError as exc:
        raise fail(str(exc)) from exc
    summary = generate_corpus(out_dir, config)
    render_rows(
        [
            {
                "letters": summary.letters,
                "roots": summary.roots,
                "references": summary.references,
                "edges": summary.edges,
                "gaps": summary.gaps,
                "letters/s": round(summary.letters_per_second),
                "folder": summary.out_dir,
            }
        ],
        OutputFormat.TABLE,
        out,
        title="synthetic corpus",
    )


def serve(
    store: StoreOpt = DEFAULT_STORE,
    host: HostOpt = None,
    port: PortOpt = None,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the search page in a browser.")
    ] = False,
) -> None:
    """Serve the explorer: HTTP API (/docs), pages and the graph viewer.

    ``--host``/``--port`` win over ``VANBAN_HOST``/``VANBAN_PORT``, which win over the
    defaults of :class:`api.config.Settings` (127.0.0.1:8000).
    """
    from pydantic import ValidationError

    from api.config import Settings
    from api.serve import serve as run_server

    given: dict[str, Any] = {"store": store}
    if host is not None:
        given["host"] = host
    if port is not None:
        given["port"] = port
    try:
        settings = Settings(**given)  # the environment fills what is not given
    except ValidationError as exc:
        raise fail(str(exc)) from exc
    out.print(
        f"vanban: serving {store} on http://{settings.host}:{settings.port}/  (Ctrl-C to stop)"
    )
    run_server(settings, open_browser=open_browser)


def demo(
    store: Annotated[str, typer.Option(help="Store for the demo.")] = "./vanban-demo/store",
    corpus: Annotated[
        Path, typer.Option(help="Where the generated corpus is written (reused if present).")
    ] = Path("./vanban-demo/corpus"),
    letters: Annotated[int, typer.Option(help="Letters in the generated corpus.")] = 3000,
    seed: Annotated[int, typer.Option(help="Random seed of the corpus.")] = 7,
    host: HostOpt = None,
    port: PortOpt = None,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Stop after printing the summary.")
    ] = False,
) -> None:
    """Generate (or reuse) a cascade corpus, ingest it with the sample letters, and serve it."""
    import json

    from api.cli.store import open_store_or_fail
    from ingest.synth.generate import SynthConfig, generate_corpus

    truth = corpus / "truth.json"
    if not truth.exists():
        out.print(f"generating {letters} letters into {corpus} …")
        generate_corpus(corpus, SynthConfig(letters=letters, seed=seed, roots=3))
    result, report_path = run_ingest([SAMPLE_LETTERS, corpus / "letters"], store)
    render_rows([result.counts()], OutputFormat.TABLE, out, title="ingest summary")
    if result.failed:
        err.print(f"{len(result.failed)} files failed; see {report_path}")

    roots = json.loads(truth.read_text(encoding="utf-8")).get("roots", [])
    st = open_store_or_fail(store)
    try:
        rows = []
        for root in roots[:3]:
            doc = root.get("document", {})
            try:
                (key,) = st.lookup(f"{doc['number']}/{doc['symbol']}", year=doc.get("year"))
            except Exception:  # a root the corpus names differently: skip it in the summary
                continue
            down = st.trace_down(key)
            rows.append(
                {
                    "national document": key,
                    "implementing": len(down),
                    "districts": sum(1 for r in down if r.level == "district"),
                    "not responded": len(st.gaps(key)),
                }
            )
        if rows:
            render_rows(rows, OutputFormat.TABLE, out, title="cascades")
    finally:
        st.close()
    if no_serve or os.environ.get("VANBAN_DEMO_NO_SERVE"):
        return
    serve(store=store, host=host, port=port, open_browser=False)


def register(app: typer.Typer) -> None:
    """Add ``synth``, ``serve`` and ``demo`` to ``app``."""
    for command in (synth, serve, demo):
        app.command()(command)

"""Ask a store the analyst's two questions for every root of a generated corpus.

:func:`ingest_corpus` puts a corpus's letters into a store (the one ingest call of the cascade
bench and its test, kept small so that it can be swapped for a pipeline function);
:func:`observe_roots` looks each root of ``truth.json`` up (``store.lookup`` with the root's
number/symbol and year, then with its issuer if that is ambiguous) and records what
``trace_down`` and ``gaps`` answer, as plain :class:`~ingest.synth.scoring.Observed` records for
:func:`ingest.synth.scoring.score_cascades`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any

from graph.errors import AmbiguousKeyError, KeyNotFoundError
from graph.models import Authority, Document
from graph.store.base import GraphStore
from ingest.synth.scoring import Observed, ObservedGap

__all__ = ["ingest_corpus", "observe_roots", "root_key"]

log = logging.getLogger(__name__)

_NO_LIMIT = 10**7


def ingest_corpus(letters_dir: str | Path, store: GraphStore, *, workers: int | None = None,
                  batch: int = 500) -> list[str]:
    """Parse every letter under ``letters_dir`` and add it to ``store``; the files that failed."""
    from ingest.corpus import parse_files
    from ingest.records import to_record

    failed: list[str] = []
    pending = []
    for res in parse_files([letters_dir], workers=workers, chunksize=8):
        if res.letter is None:
            failed.append(f"{res.path}: {res.error}")
            continue
        pending.append(to_record(res.letter))
        if len(pending) >= batch:
            store.add_letters(pending)
            pending = []
    if pending:
        store.add_letters(pending)
    return failed


def root_key(store: GraphStore, root: Mapping[str, Any]) -> tuple[str | None, str]:
    """The store's key for a truth root, or ``None`` and why."""
    doc = root["document"]
    try:
        return store.lookup(root["numbered"], year=doc["year"])[0], ""
    except KeyNotFoundError as exc:
        return None, f"not found: {exc}"
    except AmbiguousKeyError:
        pass
    try:
        return store.lookup(root["numbered"], issuer=doc["issuer"], year=doc["year"])[0], ""
    except (KeyNotFoundError, AmbiguousKeyError) as exc:
        return None, f"ambiguous: {exc}"


def observe_roots(store: GraphStore, truth: Mapping[str, Any]) -> list[Observed]:
    """``trace_down`` (all levels, no depth limit) and ``gaps`` of every root of ``truth``."""
    out: list[Observed] = []
    for root in truth["roots"]:
        numbered, year = root["numbered"], root["document"]["year"]
        key, note = root_key(store, root)
        if key is None:
            log.warning("root %s (%s) %s", numbered, year, note)
            out.append(Observed(numbered, year, None, (), (), note))
            continue
        traced: set[str] = set()
        for row in store.trace_down(key, depth=None, limit=_NO_LIMIT):
            node = store.get(row.key)
            if isinstance(node, Document) and node.source:
                traced.add(PurePath(node.source).name)
        gaps = []
        for gap in store.gaps(key, limit=_NO_LIMIT):
            auth = store.get(gap.authority_key)
            code = auth.admin_code if isinstance(auth, Authority) else None
            kind = auth.kind if isinstance(auth, Authority) else "?"
            gaps.append(ObservedGap(gap.authority_key, gap.name, gap.level, code, kind))
        out.append(Observed(numbered, year, key, tuple(sorted(traced)), tuple(gaps)))
    return out

"""How a cascade answer was reached: the links it rests on and the references that might belong.

Every trace rests on citations, and citations are not all equally sure (:class:`Resolution`):

- ``exact``: linked by the number the citing letter wrote, to an ingested letter (``resolved``)
  or to a document known only from references (``stub``);
- ``draft_match``: the number cited was matched to an unsigned copy (``Số: /UBND-VX``, day
  blank) by issuer, month and subject; each with its score;
- ``ambiguous``: linked, but another document could be meant (an undated number that several
  years carry), with the candidates.

``might_belong`` lists the references outside the cascade that could be part of it: ambiguous
citations and possible matches of a document of the cascade, and citations of a document with
the root's number and symbol but no year. An analyst checks those by hand.

>>> from graph.testing import generate_cascade
>>> from graph.store.memory.store import MemoryStore
>>> import tempfile
>>> c = generate_cascade(roots=1, seed=1)
>>> store = MemoryStore(tempfile.mkdtemp())
>>> _ = store.add_letters(c.records)
>>> p = cascade_provenance(store, c.roots[0])
>>> p.links == p.exact + p.draft_matches + p.ambiguous and p.links > 0
True
"""

from __future__ import annotations

from graph.cascade import FOLLOWED, walk_down
from graph.keys import number_index_key
from graph.models import Citation, Resolution
from graph.results import Provenance, UncertainLink
from graph.view import GraphView

__all__ = ["LINK_RANK", "cascade_provenance", "link_kind"]

# the surest citation first when a letter cites its parent twice; Resolution is a StrEnum, so
# the exported graphs' plain "resolved", "stub" … look up the same table
LINK_RANK: dict[str, int] = {Resolution.RESOLVED: 0, Resolution.STUB: 1, Resolution.DRAFT_MATCH: 2,
                             Resolution.AMBIGUOUS: 3, Resolution.POSSIBLE_MATCH: 4}  # fmt: skip


def link_kind(resolution: str) -> str:
    """How a link was reached, as the answers name it: ``exact`` (by the number written, to a
    letter or a stub), or the resolution itself (``draft_match``, ``ambiguous`` …)."""
    return "exact" if resolution in (Resolution.RESOLVED, Resolution.STUB) else str(resolution)


def _link(view: GraphView, child: str, parent: str) -> Citation | None:
    data = view.graph.get_edge_data(child, parent) or {}
    cs = [d["citation"] for d in data.values() if d.get("type") in FOLLOWED and "citation" in d]
    return min(cs, key=lambda c: LINK_RANK.get(c.resolution, 9)) if cs else None


def cascade_provenance(view: GraphView, key: str, depth: int | None = None) -> Provenance:
    """How the cascade under ``key`` was reached (see the module docstring)."""
    view.require_document(key)
    steps = walk_down(view.graph, [key], depth)
    inside = set(steps)
    exact = ambiguous = 0
    drafts: list[UncertainLink] = []
    doubtful: list[UncertainLink] = []
    for step in steps.values():
        if step.parent is None:
            continue
        c = _link(view, step.key, step.parent)
        if c is None:
            continue
        if c.resolution is Resolution.DRAFT_MATCH:
            drafts.append(UncertainLink(step.key, step.parent, c.resolution.value, c.score,
                                        c.candidates, c.text))  # fmt: skip
        elif c.resolution is Resolution.AMBIGUOUS:
            ambiguous += 1
            doubtful.append(UncertainLink(step.key, step.parent, c.resolution.value, c.score,
                                          c.candidates, c.text))  # fmt: skip
        else:
            exact += 1
    might: list[UncertainLink] = []
    root = view.documents[key]
    undated = set()
    if root.number:
        nk = number_index_key(root.number, root.symbol)
        numbered = getattr(view, "numbered", None)  # the embedded store's index, when it has one
        pool = numbered(root.number, root.symbol) if callable(numbered) else view.documents.values()
        undated = {d.key for d in pool
                   if d.year is None and d.number and number_index_key(d.number, d.symbol) == nk}  # fmt: skip
    # only the citations into the cascade's documents and the root's undated twins are read:
    # the cost follows the cascade, not the store
    for v in sorted(inside | undated):
        if v not in view.graph:
            continue
        for u, _, data in view.graph.in_edges(v, data=True):
            c = data.get("citation")
            if c is None or u in inside:
                continue
            if v in undated:
                might.append(UncertainLink(u, v, "undated", None, (key,), c.text))
            elif c.resolution in (Resolution.AMBIGUOUS, Resolution.POSSIBLE_MATCH):
                might.append(UncertainLink(u, v, c.resolution.value, c.score, c.candidates, c.text))
    might.sort(key=lambda x: (x.resolution, x.source_key, x.target_key))
    drafts.sort(key=lambda x: x.source_key)
    return Provenance(
        root=key,
        links=exact + len(drafts) + ambiguous,
        exact=exact,
        draft_matches=len(drafts),
        ambiguous=ambiguous,
        draft_links=tuple(drafts),
        ambiguous_links=tuple(doubtful),
        might_belong=tuple(might),
    )

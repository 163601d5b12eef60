"""Frozen result types of the store's queries, each with a ``to_json()``.

Every store backend returns these, so the CLI and the HTTP API print one shape whatever the
backend.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, TypeVar

from graph.models import PartialDate

__all__ = [
    "Chain",
    "Gap",
    "IngestSummary",
    "LevelSummary",
    "Neighbor",
    "Page",
    "Provenance",
    "SearchHit",
    "Stats",
    "Timeline",
    "TraceRow",
    "UncertainLink",
    "to_jsonable",
]


T = TypeVar("T")


def to_jsonable(value: Any) -> Any:
    """Plain JSON types from dataclasses, enums, partial dates, tuples and dicts."""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


class _Json:
    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        out = to_jsonable(self)
        assert isinstance(out, dict)
        return out


@dataclass(frozen=True, slots=True)
class TraceRow(_Json):
    """One document reached by a trace; ``path`` runs from the trace's start to ``key``.

    ``lag_days`` is the number of days between this document and the one before it on the path
    (``None`` when either date is partial); ``relation`` is the edge that joined them.
    """

    key: str
    path: tuple[str, ...]
    depth: int
    level: str
    issuer_key: str | None
    issuer_name: str | None
    issued_on: PartialDate | None
    lag_days: int | None
    relation: str
    subject: str | None
    number: str | None = None
    symbol: str | None = None
    status: str = "full"


@dataclass(frozen=True, slots=True)
class Chain(_Json):
    """One chain from a letter up to a root: ``steps[0]`` is the letter's parent, the last a root."""

    start: str
    steps: tuple[TraceRow, ...]

    @property
    def root(self) -> str:
        return self.steps[-1].key if self.steps else self.start

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.start, *(s.key for s in self.steps))


@dataclass(frozen=True, slots=True)
class Gap(_Json):
    """An authority addressed by the cascade that issued no implementing document."""

    authority_key: str
    name: str
    level: str
    parent_key: str | None
    parent_name: str | None
    addressed_by: tuple[str, ...]
    assumed: bool = False  # addressed only by a document's assumed audience (no text of it)
    units_replied: tuple[str, ...] = ()  # letters its own units (Phòng, office) wrote instead


@dataclass(frozen=True, slots=True)
class LevelSummary(_Json):
    level: str
    documents: int
    first: PartialDate | None
    last: PartialDate | None
    median_lag_days: float | None  # from each document's parent
    median_days_from_root: float | None


@dataclass(frozen=True, slots=True)
class Timeline(_Json):
    """The cascade under ``root`` by date and level."""

    root: str
    rows: tuple[TraceRow, ...]  # sorted by date (undated last), then level
    levels: tuple[LevelSummary, ...]


@dataclass(frozen=True, slots=True)
class SearchHit(_Json):
    key: str
    score: float
    status: str
    kind: str | None
    number: str | None
    symbol: str | None
    subject: str | None
    issuer_key: str | None
    issuer_name: str | None
    issued_on: PartialDate | None
    level: str


@dataclass(frozen=True, slots=True)
class Neighbor(_Json):
    """One edge around a node, seen from it: ``direction`` is ``out`` or ``in``."""

    key: str
    label: str  # Document or Authority
    name: str | None  # subject or authority name
    direction: str
    type: str  # IMPLEMENTS, BASED_ON, CITES, ISSUED, ADDRESSED_TO, UNDER
    text: str | None = None
    start: int | None = None
    end: int | None = None
    evidence: str | None = None
    resolution: str | None = None
    candidates: tuple[str, ...] = ()
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Stats(_Json):
    documents: int
    full: int
    stubs: int
    authorities: int
    citations: int
    sources: int
    by_relation: dict[str, int] = field(default_factory=dict)
    by_resolution: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class IngestSummary(_Json):
    """What one ``add_letters`` call did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    citations: int = 0
    stubs_created: int = 0
    ambiguous: int = 0
    possible_matches: int = 0
    keys: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True, slots=True)
class Page(_Json, Generic[T]):
    """One page of a listing: ``items`` from ``offset`` on (at most ``limit``) of ``total``."""

    items: tuple[T, ...]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class UncertainLink(_Json):
    """A citation an analyst should check: from ``source_key`` to ``target_key``, how it was
    resolved (``draft_match``, ``ambiguous``, ``possible_match``, ``undated``), its score, the
    other documents it may mean, and the words of the letter that make it."""

    source_key: str
    target_key: str
    resolution: str
    score: float | None
    candidates: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Provenance(_Json):
    """How a cascade answer was reached (:mod:`graph.provenance`): ``links`` followed, of which
    ``exact`` by the number written, ``draft_matches`` to unsigned copies (``draft_links``, with
    scores) and ``ambiguous`` ones (``ambiguous_links``); ``might_belong``: references outside
    the cascade that could be part of it."""

    root: str
    links: int
    exact: int
    draft_matches: int
    ambiguous: int
    draft_links: tuple[UncertainLink, ...] = ()
    ambiguous_links: tuple[UncertainLink, ...] = ()
    might_belong: tuple[UncertainLink, ...] = ()

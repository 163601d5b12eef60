"""Pydantic models of the HTTP API (the only module of the project that uses pydantic models).

Output models are built from the graph's frozen results through their ``to_json()``; list
answers are wrapped in a ``{data, count}`` envelope (:class:`ListOf`), ``count`` being the number
of matches before ``limit``/``offset``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph.results import TraceRow, to_jsonable

__all__ = [
    "AuthorityDetail",
    "AuthorityOut",
    "ChainOut",
    "DocumentBrief",
    "DocumentDetail",
    "DocumentOut",
    "ErrorOut",
    "ExportFormat",
    "FileOutcome",
    "GapOut",
    "HealthOut",
    "IngestSummaryOut",
    "LevelName",
    "LevelSummaryOut",
    "ListOf",
    "NeighborOut",
    "SearchHitOut",
    "StatsOut",
    "TimelineOut",
    "TraceRowOut",
    "UploadOut",
    "as_model",
    "trace_row_json",
]

T = TypeVar("T")


class LevelName(StrEnum):
    """Tier of the administrative hierarchy (mirrors :class:`graph.models.Level`)."""

    central = "central"
    ministry = "ministry"
    province = "province"
    district = "district"
    commune = "commune"
    unknown = "unknown"


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ListOf(_Out, Generic[T]):
    data: list[T]
    count: int = Field(description="Matches before limit/offset were applied.")


class ErrorOut(_Out):
    ok: bool = False
    error: str
    status: int
    candidates: list[str] | None = None


class AuthorityOut(_Out):
    key: str
    name: str
    level: str
    kind: str = "other"
    parent_key: str | None = None
    admin_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    url: str | None = Field(None, description="The authority's page.")


class DocumentOut(_Out):
    key: str
    kind: str | None = None
    number: str | None = None
    symbol: str | None = None
    year: int | None = None
    issued_on: str | None = Field(None, description="ISO date, possibly partial (2021-08).")
    subject: str | None = None
    level: str = "unknown"
    issuer_key: str | None = None
    issuer_name: str | None = None
    status: str = "stub"
    source: str | None = None
    year_inferred: bool = False
    url: str | None = Field(None, description="The document's page.")


class NeighborOut(_Out):
    key: str
    label: str
    name: str | None = None
    direction: str
    type: str
    text: str | None = None
    start: int | None = None
    end: int | None = None
    evidence: str | None = None
    resolution: str | None = None
    candidates: list[str] = []
    score: float | None = None


class DocumentDetail(DocumentOut):
    has_text: bool = False
    references: list[NeighborOut] = Field(
        default_factory=list, description="Documents this one cites (out-going citations)."
    )
    cited_by: list[NeighborOut] = Field(
        default_factory=list, description="Documents citing this one (in-coming citations)."
    )
    addressed_to: list[NeighborOut] = Field(default_factory=list)


class DocumentBrief(_Out):
    key: str
    number: str | None = None
    symbol: str | None = None
    subject: str | None = None
    issued_on: str | None = None
    level: str = "unknown"
    url: str | None = None


class AuthorityDetail(AuthorityOut):
    issued: list[DocumentBrief] = Field(default_factory=list, description="Letters it issued.")
    received: list[DocumentBrief] = Field(
        default_factory=list, description="Letters addressed to it."
    )
    parent: AuthorityOut | None = None


class TraceRowOut(_Out):
    key: str
    path: list[str]
    depth: int
    level: str
    issuer_key: str | None = None
    issuer_name: str | None = None
    issued_on: str | None = None
    lag_days: int | None = None
    relation: str
    subject: str | None = None
    number: str | None = None
    symbol: str | None = None
    status: str = "full"


class ChainOut(_Out):
    start: str
    steps: list[TraceRowOut]


class GapOut(_Out):
    authority_key: str
    name: str
    level: str
    parent_key: str | None = None
    parent_name: str | None = None
    addressed_by: list[str]
    assumed: bool = False  # told only by a national document's assumed audience (no text of it)
    units_replied: list[str] = []  # letters its own units (Phòng, office) wrote instead


class LevelSummaryOut(_Out):
    level: str
    documents: int
    first: str | None = None
    last: str | None = None
    median_lag_days: float | None = None
    median_days_from_root: float | None = None


class UncertainLinkOut(_Out):
    source_key: str
    target_key: str
    resolution: str
    score: float | None = None
    candidates: list[str] = []
    text: str


class ProvenanceOut(_Out):
    """How a cascade answer was reached: links by the number written, to unsigned copies (with
    scores), ambiguous ones, and references that might belong."""

    root: str
    links: int
    exact: int
    draft_matches: int
    ambiguous: int
    draft_links: list[UncertainLinkOut] = []
    ambiguous_links: list[UncertainLinkOut] = []
    might_belong: list[UncertainLinkOut] = []


class TimelineOut(_Out):
    root: str
    rows: list[TraceRowOut]
    levels: list[LevelSummaryOut]


class SearchHitOut(_Out):
    key: str
    score: float
    status: str
    kind: str | None = None
    number: str | None = None
    symbol: str | None = None
    subject: str | None = None
    issuer_key: str | None = None
    issuer_name: str | None = None
    issued_on: str | None = None
    level: str = "unknown"
    url: str | None = None


class StatsOut(_Out):
    documents: int
    full: int
    stubs: int
    authorities: int
    citations: int
    sources: int
    by_relation: dict[str, int] = {}
    by_resolution: dict[str, int] = {}
    by_level: dict[str, int] = {}


class HealthOut(_Out):
    ok: bool
    store: str
    documents: int | None = None
    error: str | None = None


class IngestSummaryOut(_Out):
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    citations: int = 0
    stubs_created: int = 0
    ambiguous: int = 0
    possible_matches: int = 0
    keys: list[str] = []


class FileOutcome(_Out):
    filename: str
    ok: bool
    key: str | None = None
    error: str | None = None
    references: int = 0


class UploadOut(_Out):
    ok: bool = Field(description="True when every file was ingested.")
    files: list[FileOutcome]
    summary: IngestSummaryOut | None = None


def trace_row_json(r: TraceRow) -> dict[str, Any]:
    """A :class:`TraceRowOut` as plain JSON, field by field (a trace can have thousands of rows;
    this is several times faster than ``to_json()`` plus validation)."""
    return {
        "key": r.key, "path": list(r.path), "depth": r.depth, "level": r.level,
        "issuer_key": r.issuer_key, "issuer_name": r.issuer_name,
        "issued_on": r.issued_on.iso() if r.issued_on is not None else None,
        "lag_days": r.lag_days, "relation": r.relation, "subject": r.subject,
        "number": r.number, "symbol": r.symbol, "status": r.status,
    }  # fmt: skip


def as_model(model: type[_Out], row: Any, **extra: Any) -> Any:
    """``model`` from a graph result (``to_json()``) or a dict, plus ``extra`` fields."""
    data = dict(row) if isinstance(row, dict) else to_jsonable(row)
    data.update(extra)
    return model.model_validate(data)

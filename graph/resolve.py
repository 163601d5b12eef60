"""From a mention to a document node: keys, stubs, merging and how sure we are.

The rules, in order, for one :class:`~graph.models.Mention` in a citing letter:

1. Year: the one inside the symbol, else the mention's date, else the citing letter's year
   (``year_inferred=True``; if no node has that key but a dated one has last year's, that one).
2. Key: :func:`graph.keys.document_key`. A node with that key (stub or ingested) is the target;
   otherwise a stub is created. Two mentions of one document thus meet on one node, and a letter
   ingested later under the same key turns the stub into a full node.
3. A local symbol with no known issuer (``3542/UBND-VX`` in many provinces) gets the
   ``@unknown`` placeholder. If exactly one document with that number, symbol and year was issued
   by the citing letter's issuer or one it sits under, it is the target; if others exist, the
   citation is ``ambiguous`` and lists them.
   Among several, the candidates dated as the mention is dated win, then ingested letters
   over stubs, then the one nearest the citing letter in its chain.
4. Unsigned copies: the file an analyst holds is often the copy of a letter before its number
   was written (``Số: /UBND-VX``, day blank), while the letters below cite the number. A stub
   whose issuer and month match an unnumbered draft of that issuer, with a similar subject (the
   mention's ``về việc …``, or the citing letter's own subject), is that draft when the match
   is strong (:data:`DRAFT_MATCH_THRESHOLD`) and clearly better than any other draft: the
   citation then points to the draft, marked ``draft_match`` with the score and the number it
   was cited by. A weaker match keeps the stub, marked ``possible_match`` with the draft.

Nothing here does I/O; stores answer the questions of :class:`DocumentIndex`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from graph.keys import UNKNOWN_ISSUER, document_key, national_level, symbol_slug
from graph.models import (
    Authority,
    Citation,
    Document,
    DocumentStatus,
    Level,
    Mention,
    PartialDate,
    Resolution,
)
from graph.normalize import fold

__all__ = [
    "POSSIBLE_MATCH_THRESHOLD",
    "DocumentIndex",
    "Resolved",
    "choose_candidate",
    "draft_match_score",
    "is_unknown_issuer_key",
    "merge_documents",
    "mention_year",
    "resolve_mention",
    "resolution_for",
]

POSSIBLE_MATCH_THRESHOLD = 0.8
DRAFT_MATCH_THRESHOLD = 0.85  # strong enough to follow the citation to the draft
DRAFT_MATCH_MARGIN = 0.1  # ... and this far ahead of the next draft


class DocumentIndex(Protocol):
    """What resolution needs to ask a store."""

    def document(self, key: str) -> Document | None: ...

    def numbered(self, number: str, symbol: str | None) -> Sequence[Document]:
        """Every document with this number and symbol, any year and issuer."""
        ...

    def drafts(self, issuer_key: str, year: int) -> Sequence[Document]:
        """Unnumbered drafts of this issuer in this year."""
        ...

    def numbered_any(self, number: str) -> Sequence[Document]:
        """Every document with this number, whatever its symbol."""
        ...

    def authority_chain(self, key: str) -> Sequence[str]:
        """``key`` and every authority it sits UNDER, bottom up."""
        ...


@dataclass(frozen=True, slots=True)
class Resolved:
    """A mention resolved: the target node (new or updated stub, or existing) and the edge."""

    target: Document
    citation: Citation
    is_new: bool  # the target did not exist before
    # a citation followed to an unsigned copy: the stub it was known by, with this mention's
    # fields merged in (its other citations are then followed too)
    matched_stub: Document | None = None


def is_unknown_issuer_key(key: str) -> bool:
    return key.endswith("@" + UNKNOWN_ISSUER)


def mention_year(m: Mention) -> tuple[int | None, bool]:
    """The year of the cited document and whether it was inferred from the citing letter."""
    if m.year is not None:
        return m.year, False
    if m.date is not None and m.date.year is not None:
        return m.date.year, False
    if m.context_year is not None:
        return m.context_year, True
    return None, False


def resolution_for(target: Document) -> Resolution:
    return Resolution.RESOLVED if target.status is DocumentStatus.FULL else Resolution.STUB


def merge_documents(old: Document, new: Document) -> Document:
    """``old`` with its blank fields filled from ``new`` (two mentions of one stub)."""
    changes = {}
    for name in ("kind", "issued_on", "subject", "issuer_key"):
        if getattr(old, name) is None and getattr(new, name) is not None:
            changes[name] = getattr(new, name)
    if old.level is Level.UNKNOWN and new.level is not Level.UNKNOWN:
        changes["level"] = new.level
    if old.year_inferred and not new.year_inferred:
        changes["year_inferred"] = False  # a mention with its date or year confirms the year
    if old.issued_on is not None and new.issued_on is not None:
        if (new.issued_on.day is not None) and old.issued_on.day is None:
            changes["issued_on"] = new.issued_on
    return replace(old, **changes) if changes else old


# Words that say nothing about a subject: "V/v", "về việc". Must match "ve viec"; not "viec lam".
_SUBJECT_FILLER = re.compile(r"\b(?:v\s*/\s*v|ve viec|ve)\b")
# A folded word. Must match "covid" and "19"; must not match ",".
_WORD = re.compile(r"[a-z0-9]+")


def _subject_similarity(a: str | None, b: str | None) -> float:
    """Dice coefficient of the subjects' folded words (fillers dropped), 0..1."""
    if not a or not b:
        return 0.0
    wa = set(_WORD.findall(_SUBJECT_FILLER.sub(" ", fold(a))))
    wb = set(_WORD.findall(_SUBJECT_FILLER.sub(" ", fold(b))))
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


def draft_match_score(stub: Document, draft: Document, citing_subject: str | None = None) -> float:
    """How closely a stub (known from mentions) matches an unnumbered draft, 0..1.

    Issuer and month must both match for a score above zero (0.5); the symbol adds 0.1 and the
    subjects' word overlap up to 0.4 (the stub's subject, or the citing letter's own subject
    at 0.8 of its weight: a reply usually repeats it), so passing the 0.8 threshold takes a
    similar subject.
    """
    if not stub.issuer_key or stub.issuer_key != draft.issuer_key or draft.number:
        return 0.0
    a, b = stub.issued_on, draft.issued_on
    if a is None or b is None or a.year != b.year or a.month is None or a.month != b.month:
        return 0.0
    score = 0.5
    if stub.symbol and draft.symbol and symbol_slug(stub.symbol) == symbol_slug(draft.symbol):
        score += 0.1
    similarity = max(
        _subject_similarity(stub.subject, draft.subject),
        0.8 * _subject_similarity(citing_subject, draft.subject),
    )
    score += 0.4 * similarity
    return round(score, 3)


def best_draft(
    stub: Document, drafts: Iterable[Document], citing_subject: str | None = None
) -> tuple[Document, float, bool] | None:
    """The draft the stub most probably is, when it scores above the possible-match threshold,
    with its score and whether the match is strong and clear enough to follow (see the module
    docstring, rule 4)."""
    scored = sorted(
        ((draft_match_score(stub, d, citing_subject), d.key, d) for d in drafts),
        key=lambda s: (-s[0], s[1]),
    )
    if not scored or scored[0][0] < POSSIBLE_MATCH_THRESHOLD:
        return None
    score, _, draft = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    # a draft dated on another day than the one cited is another document, or a doubt
    same_day = draft.issued_on is None or draft.issued_on.day in (None, getattr(stub.issued_on, "day", None))
    strong = score >= DRAFT_MATCH_THRESHOLD and score - runner_up >= DRAFT_MATCH_MARGIN and same_day
    return draft, score, strong


def _same_date(issued: PartialDate | None, cited: PartialDate | None) -> bool:
    """The date a document was cited by is its own, or falls in the month of an unsigned copy
    (its day left blank)."""
    if issued is None or cited is None:
        return False
    if issued.day is None:
        return (issued.year, issued.month) == (cited.year, cited.month) and issued.month is not None
    return issued == cited


def choose_candidate(
    candidates: Sequence[Document], citing_chain: Sequence[str], date: PartialDate | None = None
) -> tuple[Document | None, tuple[str, ...]]:
    """For a mention without an issuer: the one candidate issued within the citing letter's
    chain of authorities, or ``None`` and every candidate (sorted) when that is not clear.

    Among several in the chain, those dated as the mention (``date``, when it has a day) win,
    then ingested letters over stubs, then the one nearest the citing letter. A citing letter
    of unknown issuer (empty chain) takes the one ingested letter dated as the mention.
    """
    rank = {key: i for i, key in enumerate(citing_chain)}
    local = [d for d in candidates if d.issuer_key in rank]
    full_date = date is not None and date.day is not None
    if not rank and full_date:
        local = [d for d in candidates if d.issued_on == date and d.status is DocumentStatus.FULL]
    if len(local) > 1 and full_date:
        local = [d for d in local if _same_date(d.issued_on, date)] or local
    if len(local) > 1:
        local = [d for d in local if d.status is DocumentStatus.FULL] or local
    if len(local) > 1:
        nearest = min(rank.get(d.issuer_key or "", len(rank)) for d in local)
        local = [d for d in local if rank.get(d.issuer_key or "", len(rank)) == nearest]
    if len(local) == 1:
        return local[0], ()
    return None, tuple(sorted(d.key for d in candidates))


def _stub_from(
    m: Mention, key: str, year: int | None, inferred: bool, authorities: Mapping[str, Authority]
) -> Document:
    issuer = authorities.get(m.issuer_key) if m.issuer_key else None
    level = issuer.level if issuer else (national_level(m.symbol) or Level.UNKNOWN)
    return Document(
        key=key,
        kind=m.kind,
        number=m.number,
        symbol=m.symbol,
        year=year,
        issued_on=m.date,
        subject=m.subject,
        level=level,
        issuer_key=m.issuer_key,
        status=DocumentStatus.STUB,
        year_inferred=inferred,
    )


def _dated_candidates(m: Mention, citing: Document, year: int, index: DocumentIndex) -> list[Document]:
    """Documents of a mention's number and symbol (and issuer, for a local symbol) whose year is
    known, no later than the citing letter's year and not issued after the citing letter,
    latest first: the ones an undated mention can mean."""
    cited_before = citing.issued_on
    out = []
    for d in index.numbered(m.number, m.symbol):
        dated = d.issued_on is not None and d.issued_on.year == d.year
        if d.year is None or d.year > year or (d.year_inferred and not dated):
            continue
        if document_key(m.number, m.symbol, d.year, m.issuer_key) != d.key:
            continue  # another issuer's document of the same number
        if cited_before is not None and d.issued_on is not None and d.issued_on.year is not None:
            if (d.issued_on.year, d.issued_on.month or 0, d.issued_on.day or 0) > (
                cited_before.year or 0, cited_before.month or 13, cited_before.day or 32
            ):
                continue  # issued after the letter that cites it
        out.append(d)
    out.sort(key=lambda d: (-(d.year or 0), d.key))
    return out


def resolve_mention(
    m: Mention,
    citing: Document,
    index: DocumentIndex,
    authorities: Mapping[str, Authority],
) -> Resolved:
    """Resolve one mention in ``citing`` against the graph (see the module docstring)."""
    year, inferred = mention_year(m)
    key = document_key(m.number, m.symbol, year, m.issuer_key)
    existing = index.document(key)
    if existing is None and m.symbol is None and m.issuer_key is not None:
        # "Công văn 3869 của Bộ Nông nghiệp …", "Công điện 763 Thủ tướng Chính phủ": no symbol
        # written; the one document of that number, issuer and year is the one meant
        same = [
            d for d in index.numbered_any(m.number)
            if d.issuer_key == m.issuer_key and d.year == year and d.symbol
            and (d.kind is None or m.kind is None or d.kind == m.kind)
        ]  # fmt: skip
        if len(same) == 1:
            existing, key = same[0], same[0].key
    years_apart: tuple[str, ...] = ()
    if inferred and year is not None:
        dated = _dated_candidates(m, citing, year, index)
        if len(dated) == 1:  # the one document of that number the letter can have meant
            existing, key, year, inferred = dated[0], dated[0].key, dated[0].year, False
        elif dated:
            # several years carry the number: linked to the latest one before the letter, and
            # marked ambiguous with every candidate, so that the answer says what to check
            years_apart = tuple(sorted(d.key for d in dated))
            existing, key, year, inferred = dated[0], dated[0].key, dated[0].year, False

    candidates: tuple[str, ...] = ()
    if is_unknown_issuer_key(key):
        others = [
            d
            for d in index.numbered(m.number, m.symbol)
            if d.year == year and not is_unknown_issuer_key(d.key)
        ]
        chain = index.authority_chain(citing.issuer_key) if citing.issuer_key else ()
        chosen, candidates = choose_candidate(others, chain, m.date)
        if chosen is not None and not chosen.number:  # an unsigned copy known by this number
            citation = Citation(
                source_key=citing.key, target_key=chosen.key, relation=m.relation, text=m.text,
                start=m.start, end=m.end, evidence=m.evidence, resolution=Resolution.DRAFT_MATCH,
                candidates=(key,), score=None,
            )  # fmt: skip
            return Resolved(target=chosen, citation=citation, is_new=False)
        if chosen is not None:
            existing, key = chosen, chosen.key

    stub = _stub_from(m, key, year, inferred, authorities)
    target = merge_documents(existing, stub) if existing is not None else stub
    resolution = resolution_for(target)
    score: float | None = None
    if years_apart and not candidates:
        candidates = years_apart
    if candidates:
        resolution = Resolution.AMBIGUOUS
    elif resolution is Resolution.STUB and target.issuer_key and year is not None:
        match = best_draft(target, index.drafts(target.issuer_key, year), citing.subject)
        if match is not None and match[2] and (existing is None or existing.status is DocumentStatus.STUB):
            # the unsigned copy is the document cited: follow the citation to it, no stub
            draft, score = match[0], match[1]
            citation = Citation(
                source_key=citing.key, target_key=draft.key, relation=m.relation, text=m.text,
                start=m.start, end=m.end, evidence=m.evidence, resolution=Resolution.DRAFT_MATCH,
                candidates=(key,), score=score,
            )  # fmt: skip
            return Resolved(target=draft, citation=citation, is_new=False, matched_stub=existing and target)
        if match is not None:
            resolution, candidates, score = Resolution.POSSIBLE_MATCH, (match[0].key,), match[1]
    citation = Citation(
        source_key=citing.key,
        target_key=key,
        relation=m.relation,
        text=m.text,
        start=m.start,
        end=m.end,
        evidence=m.evidence,
        resolution=resolution,
        candidates=candidates,
        score=score,
    )
    return Resolved(target=target, citation=citation, is_new=existing is None)

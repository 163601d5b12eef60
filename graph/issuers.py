"""Which of its candidate issuers wrote a letter whose header names a shared unit.

A ward's letter headed ``PHƯỜNG 1`` cites ``Công văn số 504/UBND-VP ngày 06/9/2022`` with no
issuer: the ward is the one whose city issued 504/UBND-VP on that day. The evidence, per
candidate (:class:`~graph.models.IssuerCandidate`), from the letter's mentions:

- a mention without an issuer whose number, symbol and year belong to a document issued by an
  authority the candidate sits UNDER: 2 points, 3 when the mention's full date is that
  document's date;
- a mention whose written issuer is the unit right above the candidate: 2 points; one higher
  up: 1 point.

The best candidate is taken when it leads the next one; otherwise the issuer stays unknown and
the store asks again when the documents it needs arrive (:mod:`graph.store.state`). Pure: the
store answers :class:`~graph.resolve.DocumentIndex` questions.
"""

from __future__ import annotations

from dataclasses import replace

from graph.models import IssuerCandidate, LetterRecord
from graph.resolve import DocumentIndex, mention_year

__all__ = ["candidate_chain", "pick_issuer", "score_candidates", "with_issuer"]


def candidate_chain(candidate: IssuerCandidate) -> tuple[str, ...]:
    """The candidate's key and the keys it sits UNDER, bottom up, from its own authorities."""
    by_key = {a.key: a for a in candidate.authorities}
    chain = [candidate.key]
    while (a := by_key.get(chain[-1])) is not None and a.parent_key and a.parent_key not in chain:
        chain.append(a.parent_key)
    return tuple(chain)


def score_candidates(rec: LetterRecord, index: DocumentIndex) -> list[tuple[float, str]]:
    """(score, candidate key) for every candidate, best first (ties by key)."""
    scored: list[tuple[float, str]] = []
    for cand in rec.issuer_candidates:
        chain = candidate_chain(cand)
        above = set(chain[1:])
        parent = chain[1] if len(chain) > 1 else None
        score = 0.0
        for m in rec.mentions:
            if m.issuer_key is not None:
                if m.issuer_key == parent:
                    score += 2.0  # "của Ủy ban nhân dân quận Quận 6": the unit right above it
                elif m.issuer_key in above:
                    score += 1.0
                continue
            year, _ = mention_year(m)
            issued = [
                d
                for d in index.numbered(m.number, m.symbol)
                if d.year == year and d.issuer_key in above
            ]
            if not issued:
                continue
            full_date = m.date is not None and m.date.day is not None
            score += 3.0 if full_date and any(d.issued_on == m.date for d in issued) else 2.0
        scored.append((score, cand.key))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return scored


def pick_issuer(rec: LetterRecord, index: DocumentIndex) -> IssuerCandidate | None:
    """The candidate the evidence points to, or ``None`` when it does not lead clearly.

    A lead needs a document found along the candidate's chain (2 points or more) and more
    points than any other candidate.
    """
    scored = score_candidates(rec, index)
    if not scored or scored[0][0] < 2.0:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0]:
        return None
    best = scored[0][1]
    return next(c for c in rec.issuer_candidates if c.key == best)


def with_issuer(rec: LetterRecord, cand: IssuerCandidate) -> LetterRecord:
    """``rec`` as if ``cand`` had been read from its header: its issuer, level and recipients.

    The candidates stay on the record, so that a store asked again (after a replay, or when
    the evidence changes) can reach the same answer from the same record.
    """
    own = next((a for a in cand.authorities if a.key == cand.key), None)
    authorities = {a.key: a for a in (*rec.authorities, *cand.authorities)}
    document = replace(
        rec.document,
        key="",
        issuer_key=cand.key,
        level=own.level if own is not None else rec.document.level,
    )
    addressed = tuple(dict.fromkeys((*cand.addressed_to, *rec.addressed_to)))
    return replace(rec, document=document, authorities=tuple(authorities.values()),
                   addressed_to=addressed)  # fmt: skip

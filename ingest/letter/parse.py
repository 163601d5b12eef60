"""The fields of one letter: header (issuer, số hiệu, place and date, trích yếu, Kính gửi) and
footer (Nơi nhận, signer), then its references in context.

Two stages: :func:`read_fields` (:mod:`ingest.letter.fields`) reads the fields as written (pure
text work, no gazetteer); :func:`parse_letter` resolves the issuer through the authority gazetteer
(:mod:`ingest.letter.issuer`), builds the :class:`~ingest.gazetteer.authorities.Context` and runs
:func:`~ingest.references.find.find_references`. The grammar is data in :mod:`ingest.letter.patterns`.
"""

from __future__ import annotations

from ingest.gazetteer.authorities import Context, Gazetteer, default_gazetteer
from ingest.letter.candidates import issuer_candidates
from ingest.letter.fields import LetterFields, read_fields
from ingest.letter.issuer import context_date, context_of, resolve_issuer
from ingest.models import Letter
from ingest.references.find import find_references

__all__ = ["LetterFields", "letter_context", "parse_letter", "read_fields"]


def parse_letter(text: str, *, source: str | None = None, gazetteer: Gazetteer | None = None) -> Letter:
    """Parse one letter: its fields, its issuer and the references it makes (pure, no I/O).

    Offsets of the references point into ``text`` exactly as given.
    """
    gazetteer = gazetteer or default_gazetteer()
    fields = read_fields(text)
    issuer, anchor = resolve_issuer(fields, gazetteer, source=source)
    on = context_date(fields.date)
    candidates = issuer_candidates(fields, gazetteer, on, anchor) if issuer is None else ()
    if len(candidates) == 1:  # the one unit of that name the evidence allows
        (issuer,) = candidates
        anchor, candidates = issuer, ()
    context = context_of(anchor, gazetteer, on)
    references = find_references(text, context=context, gazetteer=gazetteer)
    return Letter(
        text=text,
        fields=fields,
        issuer=issuer,
        references=tuple(references),
        source=source,
        issuer_candidates=candidates,
    )


def letter_context(letter: Letter, gazetteer: Gazetteer | None = None) -> Context:
    """The context a parsed letter gives its references: issuer, its province, date."""
    gazetteer = gazetteer or default_gazetteer()
    return context_of(letter.issuer, gazetteer, context_date(letter.date))

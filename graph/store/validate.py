"""Checks a :class:`~graph.models.LetterRecord` must pass before anything of it is stored."""

from __future__ import annotations

import re
from collections.abc import Mapping

from graph.errors import InvalidRecordError
from graph.keys import is_document_key
from graph.models import Authority, Document, LetterRecord, Level, Mention, Relation

__all__ = ["validate_record"]

# An authority key: a slug. Must match "ubnd-huyen-muong-te"; must not match "UBND huyện".
_AUTHORITY_KEY = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _check_mention(m: object, text_length: int, where: str) -> str | None:
    if not isinstance(m, Mention):
        return f"{where} is a {type(m).__name__}, not a Mention"
    if not isinstance(m.number, str) or not m.number.strip():
        return f"{where} has no number"
    if not isinstance(m.relation, Relation):
        return f"{where} has relation {m.relation!r}, not a Relation"
    if not (isinstance(m.start, int) and isinstance(m.end, int)):
        return f"{where} has non-integer offsets"
    if not 0 <= m.start <= m.end <= text_length:
        return f"{where} offsets {m.start}..{m.end} fall outside the text ({text_length} chars)"
    return None


def _check_document(d: object) -> str | None:
    if not isinstance(d, Document):
        return f"document is a {type(d).__name__}, not a Document"
    if d.key and not is_document_key(d.key):
        return f"document key {d.key!r} is not a canonical key"
    if d.number is not None and (not isinstance(d.number, str) or not d.number.strip()):
        return f"document number {d.number!r} is not a number"
    if d.year is not None and not (isinstance(d.year, int) and 1900 <= d.year <= 2200):
        return f"document year {d.year!r} is out of range"
    return None


def validate_record(
    rec: object, known: Mapping[str, Authority], index: int | None = None
) -> LetterRecord:
    """``rec`` when it can go into the graph; InvalidRecordError naming the problem otherwise.

    ``known`` are the authorities already in the store: a record may refer to those without
    repeating them.
    """
    if not isinstance(rec, LetterRecord):
        raise InvalidRecordError(None, f"expected a LetterRecord, got {type(rec).__name__}", index)
    source = rec.document.source if isinstance(rec.document, Document) else None

    def fail(reason: str) -> InvalidRecordError:
        return InvalidRecordError(source, reason, index)

    problem = _check_document(rec.document)
    if problem:
        raise fail(problem)
    if not isinstance(rec.text, str):
        raise fail("text is not a string")
    own: dict[str, Authority] = {}
    for a in rec.authorities:
        if not isinstance(a, Authority) or not _AUTHORITY_KEY.match(a.key or ""):
            raise fail(f"authority {a!r} has no slug key")
        if not isinstance(a.level, Level):
            raise fail(f"authority {a.key} has level {a.level!r}, not a Level")
        own[a.key] = a
    for a in own.values():
        if a.parent_key and a.parent_key not in own and a.parent_key not in known:
            raise fail(f"authority {a.key} sits under {a.parent_key}, which is unknown")
    for k in (rec.document.issuer_key, *rec.addressed_to):
        if k is not None and k not in own and k not in known:
            raise fail(f"authority {k!r} is neither in the record nor in the store")
    n = len(rec.text)
    for i, m in enumerate(rec.mentions):
        problem = _check_mention(m, n, f"mention #{i}")
        if problem:
            raise fail(problem)
    return rec

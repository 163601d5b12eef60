"""Turn a parsed :class:`~ingest.models.Letter` into the graph's :class:`~graph.models.LetterRecord`.

This is where the ingest stage hands over to the graph: the letter becomes a ``full`` Document,
its issuer and recipients become Authorities (with every authority they sit UNDER), group
recipients such as ``UBND các huyện, thành phố`` are expanded on the administrative map of the
letter's date, and each reference becomes a :class:`~graph.models.Mention` for
:mod:`graph.resolve` to turn into an edge.
"""

from __future__ import annotations

import logging
import re

from graph.codes import TYPE_CODES
from graph.keys import symbol_slug
from graph.models import (
    Authority,
    Document,
    DocumentStatus,
    IssuerCandidate,
    LetterRecord,
    Level,
    Mention,
    PartialDate,
)
from graph.normalize import fold
from ingest.gazetteer.authorities import Context, Gazetteer, default_gazetteer
from ingest.letter.issuer import context_date, context_of
from ingest.letter.parse import letter_context
from ingest.models import Letter, Reference

__all__ = ["expand_recipient", "inferred_symbol", "to_record"]

log = logging.getLogger(__name__)

# "UBND các huyện, thành phố", "Ủy ban nhân dân các huyện, thị xã, thành phố": every
# district-level unit of the province. Must not match "UBND huyện Mường Tè".
_ALL_DISTRICTS = re.compile(
    r"^(?:ubnd|uy ban nhan dan|chu tich ubnd)\s+cac\s+(?:huyen|quan|thi xa)\b"
)
# "UBND các xã, thị trấn", "Ủy ban nhân dân các xã, phường, thị trấn": every commune-level
# unit of the district (or of the province on the post-2025 map). Must not match "UBND xã Bình Lư".
_ALL_COMMUNES = re.compile(
    r"^(?:ubnd|uy ban nhan dan|chu tich ubnd)\s+cac\s+(?:xa|phuong|thi tran)\b"
)
# Nơi nhận / Kính gửi items that name nobody: "Như trên", "Lưu: VT", "Như kính gửi".
_NOBODY = re.compile(r"^(?:nhu tren|nhu kinh gui|luu\b)")


def expand_recipient(
    item: str, context: Context, gazetteer: Gazetteer | None = None
) -> list[Authority]:
    """The authorities one ``Kính gửi`` item names (several for a group like ``UBND các huyện``)."""
    gaz = gazetteer or default_gazetteer()
    folded = fold(item).strip(" -;.,+")
    folded = re.sub(r"\s+", " ", folded)
    if not folded or _NOBODY.match(folded):
        return []
    issuer = context.issuer
    if _ALL_DISTRICTS.match(folded) and context.province is not None:
        return gaz.children(context.province, Level.DISTRICT, on=context.on)
    if _ALL_COMMUNES.match(folded):
        within = None
        if issuer is not None and issuer.level is Level.DISTRICT:
            within = issuer
            # a district's department or command centre addresses the district's communes
            while within.kind != "people_committee" and within.parent_key:
                parent = gaz.get(within.parent_key)
                if parent is None or parent.level is not Level.DISTRICT:
                    break
                within = parent
        elif context.province is not None:
            within = context.province
        return gaz.children(within, Level.COMMUNE, on=context.on) if within is not None else []
    found = gaz.resolve(item.strip(" -;.,"), context)
    return [found] if found is not None else []


# National directives addressed to every province: a Prime Minister's Công điện or Chỉ thị, a
# Thông báo of VPCP (its conclusions go to "các Bộ, ngành, địa phương"). Must match "CĐ-TTg",
# "CT-TTg", "TB-VPCP"; must not match "QĐ-TTg" (a decision names its own addressees) or "TB-UBND".
_NATIONAL_AUDIENCE_RE = re.compile(r"^(?:cd-ttg|ct-ttg|tb-vpcp)$")


# The type code a symbol starts with, by kind (the first one the code table lists for it).
_TYPE_CODE_OF: dict[str, str] = {}
for _code, _kind in TYPE_CODES.items():
    if _kind not in ("Công văn", "Văn bản"):
        _TYPE_CODE_OF.setdefault(_kind, _code)


def inferred_symbol(ref: Reference, gaz: Gazetteer) -> str | None:
    """The symbol a bare reference to a national document leaves out, from its kind and its
    issuer's code: "Công điện 763 Thủ tướng Chính phủ" -> ``CĐ-TTg``. ``None`` for a công văn
    (its symbol ends with the issuer's unit, which the text does not give), a Party document (its
    symbols are written another way) or a local issuer.

    >>> from ingest.references.find import find_references
    >>> from ingest.gazetteer.authorities import default_gazetteer
    >>> (r,) = find_references("Thực hiện Công điện 763 Thủ tướng Chính phủ về việc …")
    >>> inferred_symbol(r, default_gazetteer())
    'CĐ-TTg'
    """
    if ref.symbol or not ref.kind or ref.issuer is None or ref.issuer.kind == "party":
        return ref.symbol
    if ref.issuer.level not in (Level.CENTRAL, Level.MINISTRY):
        return None
    type_code, issuer_code = _TYPE_CODE_OF.get(ref.kind), gaz.issuer_code(ref.issuer.key)
    return f"{type_code}-{issuer_code}" if type_code and issuer_code else None


def _assumed_audience(
    symbol: str | None, ref: Reference, letter: Letter, gaz: Gazetteer
) -> list[Authority]:
    """Whom a national directive is taken to address while its own text is not ingested: every
    province-level people's committee on the map of its date (or of the citing letter's)."""
    if not symbol or not _NATIONAL_AUDIENCE_RE.match(symbol_slug(symbol)):
        return []
    on = ref.date or context_date(letter.date)
    return gaz.province_committees(on)


def _mention_issuer_key(ref: Reference, letter_issuer: Authority | None) -> str | None:
    """The issuer the graph should file a mention under.

    An issuer that was only inferred from the citing letter's own context (``Công văn số
    465/UBND`` in a commune letter: the commune itself is the guess) is left unknown, so that
    :mod:`graph.resolve` picks the matching document along the citing issuer's chain (itself and
    the authorities it sits under) instead of filing it under the citing letter's issuer.
    """
    if ref.issuer is None:
        return None
    if ref.issuer_inferred and letter_issuer is None and ref.issuer.level in _LOCAL_LEVELS:
        return None  # a guess from a context that is itself a guess
    if ref.issuer_inferred and letter_issuer is not None and ref.issuer.key == letter_issuer.key:
        return None
    if letter_issuer is not None and ref.issuer.key == letter_issuer.key and ref.issuer_text:
        if _BARE_COMMITTEE_RE.match(fold(ref.issuer_text)):
            return None  # "của UBND thành phố" in a letter of thành phố Thủ Đức: which one?
    return ref.issuer.key


# A people's committee named by its level word alone. Must match "UBND thành phố", "Ủy ban nhân
# dân huyện"; must not match "UBND thành phố Vinh".
_BARE_COMMITTEE_RE = re.compile(
    r"^(?:ubnd|uy ban nhan dan)\s+(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)\s*$"
)


_LOCAL_LEVELS = frozenset({Level.PROVINCE, Level.DISTRICT, Level.COMMUNE})


def to_record(letter: Letter, gazetteer: Gazetteer | None = None) -> LetterRecord:
    """The graph's view of one parsed letter."""
    gaz = gazetteer or default_gazetteer()
    issuer = letter.issuer
    context = letter_context(letter, gaz)

    authorities: dict[str, Authority] = {}

    def add_chain(a: Authority | None) -> None:
        if a is None:
            return
        for link in gaz.chain_up(a):
            authorities.setdefault(link.key, link)

    add_chain(issuer)
    addressed: dict[str, None] = {}
    for item in letter.recipients:
        for a in expand_recipient(item, context, gaz):
            add_chain(a)
            addressed[a.key] = None

    context_year = letter.date.year if letter.date else None
    mentions = []
    for r in letter.references:
        add_chain(r.issuer)
        symbol = inferred_symbol(r, gaz)
        audience = _assumed_audience(symbol, r, letter, gaz)
        for a in audience:
            add_chain(a)
        mentions.append(
            Mention(
                number=r.number,
                kind=r.kind,
                symbol=symbol,
                year=r.year,
                date=PartialDate(r.date.year, r.date.month, r.date.day) if r.date else None,
                issuer_key=_mention_issuer_key(r, issuer),
                relation=r.relation,
                text=r.text,
                start=r.start,
                end=r.end,
                evidence=r.evidence,
                subject=r.subject,
                context_year=context_year,
                audience=tuple(a.key for a in audience),
            )
        )
    document = Document(
        key="",
        kind=letter.kind,
        number=letter.number,
        symbol=letter.symbol,
        year=letter.year or context_year,
        issued_on=letter.date,
        subject=letter.subject,
        level=issuer.level if issuer else Level.UNKNOWN,
        issuer_key=issuer.key if issuer else None,
        status=DocumentStatus.FULL,
        source=letter.source,
        sha256=letter.sha256,
    )
    return LetterRecord(
        document=document,
        text=letter.text,
        authorities=tuple(authorities.values()),
        addressed_to=tuple(addressed),
        mentions=tuple(mentions),
        issuer_candidates=tuple(_candidate(letter, c, gaz) for c in letter.issuer_candidates),
    )


def _candidate(letter: Letter, issuer: Authority, gaz: Gazetteer) -> IssuerCandidate:
    """What the letter contributes if ``issuer`` wrote it: its chain, and its recipients as that
    issuer's context expands them (``UBND các xã, thị trấn`` of that district)."""
    authorities: dict[str, Authority] = {a.key: a for a in gaz.chain_up(issuer)}
    context = context_of(issuer, gaz, context_date(letter.date))
    addressed: dict[str, None] = {}
    for item in letter.recipients:
        for a in expand_recipient(item, context, gaz):
            for link in gaz.chain_up(a):
                authorities.setdefault(link.key, link)
            addressed[a.key] = None
    return IssuerCandidate(issuer.key, tuple(authorities.values()), tuple(addressed))

"""Resolve a letter's issuer through the authority gazetteer: from its issuer block, or (a letter
without one) from the writer its body names and its place line; and the
:class:`~ingest.gazetteer.authorities.Context` the letter gives its references.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata

from graph.models import Authority, Level, PartialDate
from graph.normalize import fold
from ingest.gazetteer.authorities import Context, Gazetteer
from ingest.letter.fields import LetterFields
from ingest.letter.patterns import APOSTROPHE_RE, LEVEL_START_RE, WRITER_LEVELS
from ingest.letter.scope import evidence_scopes, scoped_issuers, units_named
from ingest.references.grammar import LEVEL_WORD_RE
from ingest.references.vocabulary import PARTY_HEADS

__all__ = ["context_date", "context_of", "level_word", "resolve_issuer"]

log = logging.getLogger(__name__)


def context_date(date: PartialDate | None) -> dt.date | None:
    """The letter's date for choosing the admin map: the full date, else the 1st of its month/year."""
    if date is None or date.year is None:
        return None
    return date.to_date() or dt.date(date.year, date.month or 1, 1)


def _province_of(authority: Authority | None, gazetteer: Gazetteer) -> Authority | None:
    if authority is None:
        return None
    chain = [a for a in gazetteer.chain_up(authority) if a.level == Level.PROVINCE]
    committees = [a for a in chain if a.kind == "people_committee"]
    return next(iter(committees or chain), None)


def context_of(issuer: Authority | None, gazetteer: Gazetteer, on: dt.date | None) -> Context:
    return Context(issuer=issuer, province=_province_of(issuer, gazetteer), on=on)


_PARTY_COMMITTEES = frozenset(PARTY_HEADS)
_LEVEL_WORDS = {Level.PROVINCE: "tỉnh", Level.DISTRICT: "huyện", Level.COMMUNE: "xã"}


def level_word(*texts: str | None) -> str | None:
    """The level word an authority phrase ends with: ``… Covid-19 huyện`` -> ``huyện``, ``UBND
    TỈNH`` -> ``tỉnh``; ``huyện Tam Đường`` -> ``None`` (the place is already named)."""
    for t in texts:
        if not t:
            continue
        last = None
        for last in LEVEL_WORD_RE.finditer(t):  # noqa: B007 - the last one is kept
            pass
        if last is not None and not t[last.end() :].strip():
            return last.group().lower()
    return None


def _hint_context(fields: LetterFields, gazetteer: Gazetteer, on: dt.date | None) -> Context:
    """Where the body places the letter: the first district it names (inside the first province
    it names), else that province."""
    base = Context(on=on)
    named = [a for h in fields.place_hints if (a := gazetteer.resolve(h, base))]
    province = next((a for a in named if a.level == Level.PROVINCE), None)
    if province is not None:
        inside = context_of(province, gazetteer, on)
        named = [a for h in fields.place_hints if (a := gazetteer.resolve(h, inside))]
    district = next((a for a in named if a.level == Level.DISTRICT), None)
    return context_of(district or province, gazetteer, on)


def _place_authority(fields: LetterFields, gazetteer: Gazetteer, base: Context) -> Authority | None:
    """The people's committee of the letter's place (``Tam Đường`` + ``huyện`` from the writer)."""
    if not fields.place:
        return None
    hint = level_word(fields.body_issuer, fields.signer_title)
    if hint is None and (level := _writer_level(fields.body_issuer)) is not None:
        named = units_named(fields.place, gazetteer, base.on)
        return _one_in_scope(named, level, base, gazetteer, fields.unit_words)
    place = APOSTROPHE_RE.sub(" ", fields.place)  # "B'lao": the gazetteer reads "B lao"
    found = [
        a for level_word in ([hint] if hint else ["tỉnh", "huyện"])  # "Lai Châu": the province first
        if (a := gazetteer.resolve(f"UBND {level_word} {place}", base))
    ]
    exact = [a for a in found if _nfc(a.name).endswith(" " + _nfc(fields.place))]  # not a typo fix
    return next(iter(exact or found), None)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _writer_level(writer: str | None) -> Level | None:
    """A writer's usual level: ``Phòng Tài chính - Kế hoạch`` works for a district."""
    folded = fold(writer) if writer else ""
    return next((level for head, level in WRITER_LEVELS if folded.startswith(head)), None)


def _one_in_scope(
    named: list[Authority], level: Level, base: Context, gazetteer: Gazetteer, unit_words: tuple[str, ...]
) -> Authority | None:
    """The one unit at ``level`` among ``named``: inside the context's unit when it has one, of
    the type the body calls its district by (``UBND huyện``: huyện Kỳ Anh, not thị xã Kỳ Anh)
    when that decides."""
    named = [a for a in named if a.level is level]
    around = {a.key for a in (base.issuer, base.province) if a is not None}
    named = [a for a in named if around & {c.key for c in gazetteer.chain_up(a)}] or named
    if len(named) > 1 and len(unit_words) == 1:
        named = [a for a in named if a.name.startswith(f"UBND {unit_words[0]} ")] or named
    return named[0] if len(named) == 1 else None


def _same_body(found: Authority | None, who: str) -> bool:
    """``found`` names the same kind of body as ``who`` (not just the place in it)."""
    if found is None:
        return False
    head = " ".join(fold(who).replace(",", " ").split()[:2])
    return head in fold(found.name).replace(",", " ")


def _block_issuer(
    lines: list[str], symbol: str | None, gazetteer: Gazetteer, base: Context
) -> tuple[Authority | None, Authority | None]:
    """The issuer an issuer block names, and the authority that places the letter.

    ``UBND TỈNH LAI CHÂU`` / ``SỞ Y TẾ``: the lines under the first lines that name an authority
    are a unit of it. A unit the gazetteer cannot resolve leaves the issuer unknown, but its
    parent still gives the references their context.
    """
    anchor = None
    for k in range(1, len(lines)):
        if LEVEL_START_RE.match(lines[k]):
            continue  # "HUYỆN MUỜNG TÈ" completes "ỦY BAN NHÂN DÂN"
        parent = gazetteer.resolve(" ".join(lines[:k]), base)
        if parent is None:
            continue
        unit, context = " ".join(lines[k:]), context_of(parent, gazetteer, base.on)
        if parent.kind == "party" and fold(unit) in _PARTY_COMMITTEES:
            return parent, parent  # "ĐẢNG BỘ TỈNH LAI CHÂU" / "TỈNH ỦY"
        for text in (unit, f"{unit} {_LEVEL_WORDS.get(parent.level, '')}"):
            if found := gazetteer.resolve(text, context):
                return found, found
        anchor = parent
        break
    if anchor is None and (found := gazetteer.resolve(" ".join(lines), base)):
        return found, found
    if anchor is None and base.issuer is not None:
        return None, None  # "UBND-VP" would only name the guessed context's UBND
    context = context_of(anchor, gazetteer, base.on) if anchor else base
    found = gazetteer.by_symbol(symbol, context) if symbol else None
    return found, found or anchor


def _headerless_issuer(
    fields: LetterFields, gazetteer: Gazetteer, base: Context
) -> tuple[Authority | None, Authority | None]:
    """The writer of a letter without an issuer block (named in the body, placed by the place
    line) and the authority that places the letter (the writer, its place, or what the body
    names: never the issuer by itself)."""
    local = _place_authority(fields, gazetteer, base)
    context = context_of(local, gazetteer, base.on) if local else base
    anchor = local or base.issuer
    if who := fields.body_issuer:
        texts = [who]
        if level_word(who) and fields.place:
            texts.insert(0, f"{who} {fields.place}")  # "UBND thành phố" + " Thủ Đức"
        elif local is not None and local.level in _LEVEL_WORDS:
            texts.append(f"{who} {_LEVEL_WORDS[local.level]}")  # "Ban Chỉ đạo …" + " huyện"
        for text in texts:
            if _same_body(found := gazetteer.resolve(text, context), who):
                return found, found
    if local is not None and fields.symbol and (found := gazetteer.by_symbol(fields.symbol, context)):
        return found, found
    return local, anchor


def _own_name(block: list[str]) -> str | None:
    """The name of the unit an issuer block names (``HUYỆN CHỢ MỚI`` -> ``CHỢ MỚI``)."""
    for line in block:
        if (m := LEVEL_START_RE.search(line)) and (name := line[m.end() :].strip()):
            return name
    return None


def _respelled(block: list[str], place: str | None) -> list[str] | None:
    """The block with its unit's name as the place line spells it, when the two differ only in
    marks (``XÃ HÒA LỌC`` above ``Hòa Lộc, ngày …``: the header is the damaged one)."""
    for i, line in enumerate(block):
        if (m := LEVEL_START_RE.search(line)) and (name := line[m.end() :].strip()):
            if not place or fold(place) != fold(name) or _nfc(place) == _nfc(name):
                return None
            return [*block[:i], f"{line[: m.end()]} {place}", *block[i + 1 :]]
    return None


def _inside_any(issuer: Authority, scopes: list[Authority], gazetteer: Gazetteer) -> bool:
    keys = {a.key for a in gazetteer.chain_up(issuer)}
    return any(s.key in keys for s in scopes)


def _issuer_in_scope(
    block: list[str], fields: LetterFields, gazetteer: Gazetteer, on: dt.date | None,
    anchor: Authority | None,
) -> tuple[Authority | None, Authority | None]:
    """The issuer the block names inside the scopes the letter's evidence allows: one answer is
    taken, several (conflicting evidence) leave the issuer unknown. With no answer at all, the
    first district or province the body names still places the references."""
    scopes = evidence_scopes(fields, gazetteer, on, _own_name(block))
    respelled = _respelled(block, fields.place)

    def resolve_in(scope: Authority) -> Authority | None:
        context = context_of(scope, gazetteer, on)
        found = _block_issuer(block, fields.symbol, gazetteer, context)[0]
        if found is None and respelled is not None:
            found = _block_issuer(respelled, fields.symbol, gazetteer, context)[0]
        return found

    found = scoped_issuers(scopes, resolve_in, gazetteer)
    if len(found) == 1:
        (issuer,) = found.values()
        return issuer, issuer
    if found:
        provinces = {_province_of(a, gazetteer) for a in found.values()}
        return None, provinces.pop() if len(provinces) == 1 else anchor
    if fields.place_hints:
        hinted = _hint_context(fields, gazetteer, on)
        if hinted.issuer is not None:
            return None, _block_issuer(block, fields.symbol, gazetteer, hinted)[1] or anchor
    return None, anchor


def _checked(
    issuer: Authority, anchor: Authority | None, block: list[str], fields: LetterFields,
    gazetteer: Gazetteer, on: dt.date | None,
) -> tuple[Authority | None, Authority | None]:
    """A header unit found by name alone, checked against the places the body names: when it sits
    in none of them but the block names exactly one unit inside them, that one is meant (``XÃ
    QUANG LÃNG`` under a letter of huyện Ân Thi is its Quảng Lãng, not Quang Lãng elsewhere)."""
    scopes = evidence_scopes(fields, gazetteer, on, _own_name(block))
    if not scopes or _inside_any(issuer, scopes, gazetteer):
        return issuer, anchor
    scoped, scoped_anchor = _issuer_in_scope(block, fields, gazetteer, on, anchor)
    return (scoped, scoped_anchor) if scoped is not None else (issuer, anchor)


def resolve_issuer(
    fields: LetterFields, gazetteer: Gazetteer, *, source: str | None = None
) -> tuple[Authority | None, Authority | None]:
    """The letter's issuer (``None`` when unsure) and the authority that places its references."""
    on = context_date(fields.date)
    if not fields.issuer_block:
        return _headerless_issuer(fields, gazetteer, _hint_context(fields, gazetteer, on))
    block = fields.issuer_block.split("\n")
    issuer, anchor = _block_issuer(block, fields.symbol, gazetteer, Context(on=on))
    if issuer is None:  # "PHƯỜNG NGỌC KHÁNH": which one? Ask the letter's own evidence.
        issuer, anchor = _issuer_in_scope(block, fields, gazetteer, on, anchor)
    elif issuer.level in (Level.COMMUNE, Level.DISTRICT) and fields.place_hints:
        issuer, anchor = _checked(issuer, anchor, block, fields, gazetteer, on)
    if issuer is None:
        log.info("issuer not resolved: %r (%s)", fields.issuer_block, source or "<text>")
    return issuer, anchor


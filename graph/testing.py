"""Record factories for tests and benchmarks (as eyecite ships ``test_factories``).

Two kinds: hand-built records around the sample letters' authorities (:func:`letter`,
:func:`mention`, :data:`LAI_CHAU` …), for tests that name each document, and a generated cascade
with known answers (:func:`generate_cascade`, :func:`iter_records`), for tests and benchmarks
that need many.

>>> rec = letter("3542", "UBND-VX", LAI_CHAU, mentions=(mention("1068", "CĐ-TTg"),))
>>> rec.document.issuer_key, rec.mentions[0].text
('ubnd-tinh-lai-chau', '1068/CĐ-TTg')

The generated cascade: one or more national Công điện of the Prime Minister (``CĐ-TTg``) go to every province; each
province that responds issues a ``UBND-VX`` letter implementing it, addressed to its districts;
each district that responds issues one implementing the province's letter. Some provinces and
districts never respond, some dates lack their day: the generator records what the answers
must be.

>>> c = generate_cascade(provinces=3, districts=(2, 2), seed=1)
>>> len(c.records) == 1 + len(c.responding_provinces[c.roots[0]]) + len(c.implementers[c.roots[0]])
True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from graph.keys import document_key
from graph.models import (
    Authority,
    Document,
    DocumentStatus,
    LetterRecord,
    Level,
    Mention,
    PartialDate,
    Relation,
)

__all__ = [
    "AUGUST_10",
    "DIEN_BIEN",
    "GOVERNMENT",
    "LAI_CHAU",
    "MUONG_TE",
    "PRIME_MINISTER",
    "SAMPLE_AUTHORITIES",
    "Cascade",
    "generate_cascade",
    "iter_records",
    "letter",
    "mention",
]

GOVERNMENT = Authority("chinh-phu", "Chính phủ", Level.CENTRAL, "government")
PRIME_MINISTER = Authority(
    "thu-tuong-chinh-phu", "Thủ tướng Chính phủ", Level.CENTRAL, "government", "chinh-phu"
)
LAI_CHAU = Authority("ubnd-tinh-lai-chau", "UBND tỉnh Lai Châu", Level.PROVINCE,
                     "people_committee", GOVERNMENT.key)  # fmt: skip
DIEN_BIEN = Authority("ubnd-tinh-dien-bien", "UBND tỉnh Điện Biên", Level.PROVINCE,
                      "people_committee", GOVERNMENT.key)  # fmt: skip
MUONG_TE = Authority("ubnd-huyen-muong-te", "UBND huyện Mường Tè", Level.DISTRICT,
                     "people_committee", LAI_CHAU.key)  # fmt: skip
SAMPLE_AUTHORITIES = (GOVERNMENT, PRIME_MINISTER, LAI_CHAU, DIEN_BIEN, MUONG_TE)
AUGUST_10 = PartialDate(2021, 8, 10)
_SUBJECTS = (
    "phòng, chống dịch COVID-19",
    "tăng cường công tác phòng chống thiên tai",
    "bảo đảm an toàn giao thông dịp Tết",
    "đẩy mạnh giải ngân vốn đầu tư công",
    "phòng cháy, chữa cháy rừng mùa khô",
)


@dataclass
class Cascade:
    """Generated records and, per national root key, the answers the queries must give."""

    records: list[LetterRecord] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)
    provinces: list[Authority] = field(default_factory=list)
    districts: dict[str, list[Authority]] = field(default_factory=dict)  # province -> districts
    responding_provinces: dict[str, list[str]] = field(default_factory=dict)  # root -> doc keys
    implementers: dict[str, list[str]] = field(default_factory=dict)  # root -> district doc keys
    gaps: dict[str, set[str]] = field(default_factory=dict)  # root -> authority keys
    lags: dict[str, int | None] = field(default_factory=dict)  # doc key -> days from its parent


# -- hand-built records ------------------------------------------------------------------------


def mention(
    number: str,
    symbol: str,
    *,
    issuer: str | None = None,
    date: PartialDate | None = None,
    year: int | None = None,
    context_year: int | None = 2021,
    relation: Relation = Relation.IMPLEMENTS,
    subject: str | None = None,
) -> Mention:
    """A mention of ``number/symbol`` as a letter's body would make it (``Thực hiện …``)."""
    text = f"{number}/{symbol}"
    return Mention(
        number=number, kind="Công văn", symbol=symbol, year=year, date=date, issuer_key=issuer,
        relation=relation, text=text, start=10, end=10 + len(text),
        evidence=f"Thực hiện {text} …", subject=subject, context_year=context_year,
    )  # fmt: skip


def letter(
    number: str | None,
    symbol: str,
    issuer: Authority,
    *,
    date: PartialDate = AUGUST_10,
    mentions: tuple[Mention, ...] = (),
    source: str | None = None,
    sha: str = "1",
    subject: str = "V/v phòng, chống dịch",
    addressed: tuple[str, ...] = (),
    body: str = "",
) -> LetterRecord:
    """An ingested letter of ``issuer`` making ``mentions`` (``number=None``: a draft)."""
    text = "Thực hiện " + " ".join(m.text for m in mentions) + " …\n" + body
    text = text.ljust(200)
    doc = Document(
        key="", kind="Công văn", number=number, symbol=symbol, year=date.year, issued_on=date,
        subject=subject, level=issuer.level, issuer_key=issuer.key, status=DocumentStatus.FULL,
        source=source or f"letters/{issuer.key}-{number}.txt", sha256=sha,
    )  # fmt: skip
    return LetterRecord(document=doc, text=text, authorities=SAMPLE_AUTHORITIES,
                        addressed_to=addressed, mentions=mentions)  # fmt: skip


# -- a generated cascade -----------------------------------------------------------------------


def _provinces(n: int, districts: tuple[int, int], rng: random.Random
               ) -> tuple[list[Authority], dict[str, list[Authority]]]:  # fmt: skip
    provinces, by_province = [], {}
    for p in range(1, n + 1):
        prov = Authority(f"ubnd-tinh-t{p:02d}", f"Ủy ban nhân dân tỉnh Tân {p:02d}",
                         Level.PROVINCE, "people_committee", GOVERNMENT.key,
                         admin_code=f"{p:02d}")  # fmt: skip
        provinces.append(prov)
        by_province[prov.key] = [
            Authority(f"ubnd-huyen-h{p:02d}-{d:02d}", f"Ủy ban nhân dân huyện Hòa {p:02d}-{d:02d}",
                      Level.DISTRICT, "people_committee", prov.key,
                      admin_code=f"{p:02d}{d:02d}")  # fmt: skip
            for d in range(1, rng.randint(*districts) + 1)
        ]
    return provinces, by_province


def _letter(doc: Document, subject: str, cited: Document | None, cited_issuer: str,
            addressed: list[Authority], chain: tuple[Authority, ...]) -> LetterRecord:  # fmt: skip
    mentions: tuple[Mention, ...] = ()
    head = f"V/v {subject}\n"
    if cited is not None:
        d = cited.issued_on
        when = f" ngày {d.day}/{d.month}/{d.year}" if d and d.day else f" tháng {d.month}" if d else ""
        ref = f"{cited.kind} số {cited.number}/{cited.symbol}"
        sentence = f"Thực hiện {ref}{when} của {cited_issuer} về {subject};"
        start = len(head) + len("Thực hiện ")
        mentions = (Mention(
            number=cited.number or "", kind=cited.kind, symbol=cited.symbol, year=None,
            date=cited.issued_on, issuer_key=cited.issuer_key, relation=Relation.IMPLEMENTS,
            text=ref, start=start, end=start + len(ref), evidence=sentence,
            context_year=doc.issued_on.year if doc.issued_on else None,
        ),)  # fmt: skip
        head += sentence + "\n"
    text = head + "Đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện.\n"
    return LetterRecord(document=doc, text=text, authorities=(*chain, *addressed),
                        addressed_to=tuple(a.key for a in addressed), mentions=mentions)  # fmt: skip


def _date(day: dt.date, partial: bool) -> PartialDate:
    return PartialDate(day.year, day.month, None if partial else day.day)


def generate_cascade(
    roots: int = 1,
    provinces: int = 63,
    districts: tuple[int, int] = (5, 17),
    province_silence: float = 0.08,
    district_silence: float = 0.15,
    partial_dates: float = 0.05,
    year: int = 2021,
    seed: int = 0,
) -> Cascade:
    """A cascade of ``roots`` national documents over ``provinces`` provinces (see module)."""
    return _fill(Cascade(), iter_records(roots, provinces, districts, province_silence,
                                         district_silence, partial_dates, year, seed))  # fmt: skip


def _fill(c: Cascade, it: Iterator[tuple[str, LetterRecord | None, dict[str, object]]]) -> Cascade:
    for kind, rec, info in it:
        if rec is None:
            c.gaps[c.roots[-1]].add(str(info["gap"]))
            continue
        c.records.append(rec)
        key = str(info["key"])
        c.lags[key] = info.get("lag")  # type: ignore[assignment]
        if kind == "root":
            c.roots.append(key)
            c.provinces, c.districts = info["provinces"], info["districts"]  # type: ignore[assignment]
            c.responding_provinces[key], c.implementers[key], c.gaps[key] = [], [], set()
        root = c.roots[-1]
        if kind == "province":
            c.responding_provinces[root].append(key)
        elif kind == "district":
            c.implementers[root].append(key)
    return c


def iter_records(
    roots: int = 1, provinces: int = 63, districts: tuple[int, int] = (5, 17),
    province_silence: float = 0.08, district_silence: float = 0.15, partial_dates: float = 0.05,
    year: int = 2021, seed: int = 0,
) -> Iterator[tuple[str, LetterRecord | None, dict[str, object]]]:  # fmt: skip
    """The records one by one, as (``root|province|district``, record, facts) — or
    (``gap``, ``None``, facts) for an authority that never responds — so benchmarks can stream
    a million of them."""
    rng = random.Random(seed)
    provs, by_province = _provinces(provinces, districts, rng)
    for r in range(roots):
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 300))
        subject = _SUBJECTS[r % len(_SUBJECTS)]
        national = Document(
            key="", kind="Công điện", number=str(1000 + r), symbol="CĐ-TTg", year=year,
            issued_on=_date(day, False), subject=f"Về việc {subject}", level=Level.CENTRAL,
            issuer_key=PRIME_MINISTER.key, status=DocumentStatus.FULL,
            source=f"synthetic/{year}/{r}/national.txt", sha256=f"{seed}-{r}-n",
        )  # fmt: skip
        nkey = document_key(national.number or "", national.symbol, year)
        yield "root", _letter(national, subject, None, "", provs,
                              (GOVERNMENT, PRIME_MINISTER)), {  # fmt: skip
            "key": nkey, "provinces": provs, "districts": by_province}
        for prov in provs:
            if rng.random() < province_silence:
                yield "gap", None, {"gap": prov.key}
                continue
            pday = day + dt.timedelta(days=rng.randint(1, 10))
            pdoc = Document(
                key="", kind="Công văn", number=str(3000 + r), symbol="UBND-VX", year=year,
                issued_on=_date(pday, rng.random() < partial_dates), subject=f"V/v {subject}",
                level=Level.PROVINCE, issuer_key=prov.key, status=DocumentStatus.FULL,
                source=f"synthetic/{year}/{r}/{prov.key}.txt", sha256=f"{seed}-{r}-{prov.key}",
            )  # fmt: skip
            pkey = document_key(pdoc.number or "", pdoc.symbol, year, prov.key)
            dists = by_province[prov.key]
            yield "province", _letter(pdoc, subject, national, PRIME_MINISTER.name, dists,
                                      (GOVERNMENT, prov)), {  # fmt: skip
                "key": pkey, "lag": _lag(national, pdoc)}
            for dist in dists:
                if rng.random() < district_silence:
                    yield "gap", None, {"gap": dist.key}
                    continue
                dday = pday + dt.timedelta(days=rng.randint(1, 12))
                ddoc = Document(
                    key="", kind="Công văn", number=str(500 + r), symbol="UBND-VX", year=year,
                    issued_on=_date(dday, rng.random() < partial_dates),
                    subject=f"V/v triển khai {subject}", level=Level.DISTRICT,
                    issuer_key=dist.key, status=DocumentStatus.FULL,
                    source=f"synthetic/{year}/{r}/{dist.key}.txt",
                    sha256=f"{seed}-{r}-{dist.key}",
                )  # fmt: skip
                dkey = document_key(ddoc.number or "", ddoc.symbol, year, dist.key)
                yield "district", _letter(ddoc, subject, replace(pdoc, key=pkey), prov.name, [],
                                          (GOVERNMENT, prov, dist)), {  # fmt: skip
                    "key": dkey, "lag": _lag(pdoc, ddoc)}


def _lag(parent: Document, child: Document) -> int | None:
    a = parent.issued_on.to_date() if parent.issued_on else None
    b = child.issued_on.to_date() if child.issued_on else None
    return (b - a).days if a and b else None

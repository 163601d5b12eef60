"""Small builders of LetterRecords for the graph tests."""

from __future__ import annotations

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

GOV = Authority("chinh-phu", "Chính phủ", Level.CENTRAL, "government")
TTG = Authority("thu-tuong-chinh-phu", "Thủ tướng Chính phủ", Level.CENTRAL, "government", GOV.key)
LAI_CHAU = Authority("ubnd-tinh-lai-chau", "UBND tỉnh Lai Châu", Level.PROVINCE,
                     "people_committee", GOV.key)  # fmt: skip
DIEN_BIEN = Authority("ubnd-tinh-dien-bien", "UBND tỉnh Điện Biên", Level.PROVINCE,
                      "people_committee", GOV.key)  # fmt: skip
MUONG_TE = Authority("ubnd-huyen-muong-te", "UBND huyện Mường Tè", Level.DISTRICT,
                     "people_committee", LAI_CHAU.key)  # fmt: skip
ALL = (GOV, TTG, LAI_CHAU, DIEN_BIEN, MUONG_TE)
AUGUST_10 = PartialDate(2021, 8, 10)


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
    text = "Thực hiện " + " ".join(m.text for m in mentions) + " …\n" + body
    text = text.ljust(200)
    doc = Document(
        key="", kind="Công văn", number=number, symbol=symbol, year=date.year, issued_on=date,
        subject=subject, level=issuer.level, issuer_key=issuer.key, status=DocumentStatus.FULL,
        source=source or f"letters/{issuer.key}-{number}.txt", sha256=sha,
    )  # fmt: skip
    return LetterRecord(document=doc, text=text, authorities=ALL, addressed_to=addressed,
                        mentions=mentions)  # fmt: skip

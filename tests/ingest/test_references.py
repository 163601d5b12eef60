"""find_references: every form of a document number, every distractor, relations, offsets."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.models import Level, Relation
from ingest.gazetteer.authorities import Context, default_gazetteer
from ingest.models import Reference
from ingest.references.find import find_references

LETTERS = Path(__file__).resolve().parents[2] / "examples" / "letters"


def _summary(r: Reference) -> dict[str, Any]:
    return {
        "text": r.text,
        "number": r.number,
        "kind": r.kind,
        "symbol": r.symbol,
        "year": r.year,
        "date": r.date.isoformat() if r.date else None,
        "issuer": r.issuer.name if r.issuer else r.issuer_text,
        "inferred": r.issuer_inferred,
        "relation": r.relation.value,
    }


def _check(text: str, expected: list[dict[str, Any]]) -> None:
    refs = find_references(text)
    got = [_summary(r) for r in refs]
    assert len(got) == len(expected), got
    for g, e in zip(got, expected, strict=True):
        assert {k: g[k] for k in e} == e, g
    for r in refs:
        assert text[r.start : r.end] == r.text


FORMS = [
    pytest.param(
        "Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ về tăng cường",
        [{"number": "1068", "kind": "Công điện", "symbol": "CĐ-TTg", "date": "2021-08-05",
          "issuer": "Thủ tướng Chính phủ", "inferred": False, "relation": "implements",
          "text": "Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ"}],
        id="cong-dien-full",
    ),
    pytest.param("theo Công điện số 778/CD-TTg ngày 05/9/2022.",
                 [{"symbol": "CD-TTg", "kind": "Công điện", "issuer": "Thủ tướng Chính phủ", "inferred": True}],
                 id="ascii-CD"),
    pytest.param("Thực hiện Công văn điện số 1102/CĐ-TTg ngày 23/8/2021",
                 [{"kind": "Công điện", "number": "1102"}], id="cong-van-dien"),
    pytest.param("Nghị định số 15/2021/NĐ-CP ngày 03/3/2021 của Chính phủ",
                 [{"number": "15", "year": 2021, "symbol": "NĐ-CP", "kind": "Nghị định",
                   "date": "2021-03-03", "issuer": "Chính phủ"}], id="normative-year"),
    pytest.param("Căn cứ Quyết định số 136/2001/QĐ.TTg ngày 17/9/2001 của Thủ tướng Chính Phủ;",
                 [{"number": "136", "year": 2001, "symbol": "QĐ.TTg", "issuer": "Thủ tướng Chính phủ"}],
                 id="dotted-symbol"),
    pytest.param("Thông báo số 279-TB/TU ngày 05/4/2021 của Tỉnh ủy",
                 [{"number": "279", "symbol": "TB/TU", "kind": "Thông báo", "date": "2021-04-05"}],
                 id="party-style"),
    pytest.param("Chỉ thị số 22/CT-TW ngày 23/01/2018 của Ban Bí thư",
                 [{"number": "22", "symbol": "CT-TW", "issuer": "Ban Bí thư"}], id="party-slash-hyphen"),
    pytest.param("Nghị quyết số 24-NQ/TW do ông Hà Ngọc Chiến làm Trưởng đoàn",
                 [{"symbol": "NQ/TW", "issuer": None}], id="party-TW-ambiguous"),
    pytest.param("Nghị Định 43/2014/NĐ-CP và Quyết Định 2555/QĐ-BTNMT",
                 [{"kind": "Nghị định", "year": 2014}, {"kind": "Quyết định", "issuer": "Bộ Tài nguyên và Môi trường"}],
                 id="mixed-case-no-so"),
    pytest.param("Quyết định số 101/QĐ-TTG ngày 23/01/2017", [{"symbol": "QĐ-TTG", "issuer": "Thủ tướng Chính phủ"}],
                 id="upper-TTG"),
    pytest.param("hướng dẫn theo quyết định số 4800/QĐ-BYT của Bộ Y tế",
                 [{"kind": "Quyết định", "issuer": "Bộ Y tế", "inferred": False}], id="lower-case-type"),
    pytest.param("Nghị định Số 104/2022/NĐ-CP", [{"number": "104", "year": 2022}], id="capital-So"),
    pytest.param("kèm theo Quyết định số: 59/QĐ-UBND\nNgày 22 tháng\n7 năm 2021 của Ủy ban nhân dân xã Xuân\nPhú)",
                 [{"number": "59", "date": "2021-07-22", "issuer": "Ủy ban nhân dân xã Xuân Phú",
                   "text": "Quyết định số: 59/QĐ-UBND\nNgày 22 tháng\n7 năm 2021 của Ủy ban nhân dân xã Xuân\nPhú"}],
                 id="so-colon-breaks-in-date-and-issuer"),
    pytest.param("Thực hiện Quyết định số\n765/QĐ-BTTTT ngày 28/4/2023 của Bộ Thông tin và Truyền thông về ban hành",
                 [{"number": "765", "issuer": "Bộ Thông tin và Truyền thông", "date": "2023-04-28"}],
                 id="break-after-so"),
    pytest.param("có Công văn số 3863 /UBND-ĐTXD về việc", [{"number": "3863", "symbol": "UBND-ĐTXD"}],
                 id="space-before-slash"),
    pytest.param("Công văn số 182/ PGDĐT ngày 01/9/2021 của Phòng Giáo dục và Đào tạo",
                 [{"symbol": "PGDĐT", "date": "2021-09-01"}], id="space-after-slash"),
    pytest.param("tại Tờ trình số 118/TTr- STTTT ngày 20/12/2023;", [{"symbol": "TTr-STTTT", "kind": "Tờ trình"}],
                 id="space-after-hyphen"),
    pytest.param("V/v thực hiện Công điện số 1068/CĐ-\nTTg của Thủ tướng Chính phủ về",
                 [{"symbol": "CĐ-TTg", "issuer": "Thủ tướng Chính phủ", "relation": "implements"}],
                 id="symbol-broken-across-lines"),
    pytest.param("Thực hiện Thông \n\nbáo số 07/TB-VPCP ngày 12/01/2023 của Văn phòng Chính phủ",
                 [{"kind": "Thông báo", "number": "07", "issuer": "Văn phòng Chính phủ"}], id="type-word-broken"),
    pytest.param("thay thế các quy định trong Chỉ thị 15, 16... Vậy",
                 [{"number": "15", "kind": "Chỉ thị", "symbol": None}, {"number": "16", "kind": "Chỉ thị"}],
                 id="two-numbers-one-type-word"),
    pytest.param("Thực hiện Phương án số 2 và 3/PA-UBND ngày 5 tháng 9 năm 2017 của Ủy ban nhân dân tỉnh Hậu Giang về",
                 [{"number": "2", "symbol": "PA-UBND", "date": "2017-09-05", "issuer": "UBND tỉnh Hậu Giang"},
                  {"number": "3", "symbol": "PA-UBND", "date": "2017-09-05", "issuer": "UBND tỉnh Hậu Giang"}],
                 id="two-numbers-one-symbol"),
    pytest.param("thực hiện nghiêm Công điện số 1099/CĐ-TTg ngày 22 tháng 8 năm 2021, Công điện số 1102/CĐ-TTg "
                 "ngày 23 tháng 8 năm 2021 của Thủ tướng Chính phủ và Công điện số 1409 ngày 15 tháng 9 năm 2021 "
                 "của Bộ Y tế.",
                 [{"number": "1099", "issuer": "Thủ tướng Chính phủ", "inferred": True, "date": "2021-08-22"},
                  {"number": "1102", "issuer": "Thủ tướng Chính phủ", "inferred": False},
                  {"number": "1409", "symbol": None, "issuer": "Bộ Y tế", "date": "2021-09-15"}],
                 id="list-sharing-trailing-issuer"),
    pytest.param("theo tinh thần Kết luận số 02 của Bộ Chính trị và Nghị quyết 11 của Chính phủ;",
                 [{"number": "02", "kind": "Kết luận", "issuer": "Bộ Chính trị"},
                  {"number": "11", "kind": "Nghị quyết", "issuer": "Chính phủ"}], id="bare-numbers-with-issuer"),
    pytest.param("Chính phủ đã ban hành Nghị quyết số 128 về quy định tạm thời",
                 [{"number": "128", "symbol": None, "issuer": "Chính phủ", "inferred": True}],
                 id="bare-number-sentence-subject"),
    pytest.param("tỉnh Nghệ An đã có công điện khẩn số 13. Nội dung", [{"number": "13", "kind": "Công điện"}],
                 id="cong-dien-khan"),
    pytest.param(">>> Xem thông tin chi tiết tại đây: 81/TB-UBND",
                 [{"number": "81", "kind": None, "symbol": "TB-UBND"}], id="bare-symbol-no-type-word"),
    pytest.param("Ngày 14-1, Thủ tướng Chính phủ đã có Công văn (số 73/TTg-CN) chỉ đạo các Bộ",
                 [{"number": "73", "symbol": "TTg-CN", "text": "Công văn (số 73/TTg-CN)", "issuer": "Thủ tướng Chính phủ"}],
                 id="number-in-parentheses"),
    pytest.param("Thông tư 02/2022/TT-BLĐTBXH ngày 30.3.2022 của Bộ Lao động, Thương binh và Xã hội thì",
                 [{"date": "2022-03-30", "issuer": "Bộ Lao động - Thương binh và Xã hội", "inferred": False}],
                 id="dotted-date-comma-ministry"),
    pytest.param("Công văn số 4913/VP-KT, ban hành ngày 15/6, UBND thành phố Hà Nội",
                 [{"number": "4913", "date": None}], id="date-without-year"),
    pytest.param("Nghị Quyết số 22/NQ-TU ngày 08/6/2022 ban hành bởi Tỉnh Ủy Kiên Giang về Chuyển đổi số",
                 [{"issuer": "Tỉnh ủy Kiên Giang", "inferred": False, "date": "2022-06-08"}], id="ban-hanh-boi"),
    pytest.param("Chương trình hành động số 16-CTr/TU ngày 25/3/2008 của Ban Thường vụ Thành ủy về",
                 [{"kind": "Chương trình", "symbol": "CTr/TU"}], id="chuong-trinh-hanh-dong"),
    pytest.param("Kế hoạch 42/KH-HĐBCQG. Kế hoạch này", [{"issuer": "Hội đồng bầu cử quốc gia", "inferred": True}],
                 id="no-so-issuer-code"),
    pytest.param("Luật số 47/2019/QH14 ngày 22/11/2019", [{"kind": "Luật", "symbol": "QH14", "issuer": "Quốc hội"}],
                 id="law-number"),
    pytest.param("Nghị đinh số 4010/QĐ-UBND https://docs.google.com/document/d/1Bp7/edit?ouid=105943102648330264264",
                 [{"kind": "Nghị định", "symbol": "QĐ-UBND", "issuer": None}], id="misspelled-type-url-after"),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_forms(text: str, expected: list[dict[str, Any]]) -> None:
    _check(text, expected)


NOT_REFERENCES = [
    pytest.param("đến hết ngày 15/8.", id="plain-date"),
    pytest.param("Ngày 10/10 hằng năm được chọn", id="recurring-day"),
    pytest.param("cả nước có 5.775/8.227 xã (chiếm 70,2%) đạt chuẩn", id="ratio-thousands"),
    pytest.param("Tổng tiêu chí đạt được: 1.286 tiêu chí/92 xã. 14 tiêu chí/1 xã", id="ratio-units"),
    pytest.param("đạt tỷ lệ 97,8% và 2,15%", id="percentages"),
    pytest.param("Điện thoại: 0231.3876.543 - 0912 345 678", id="phone-numbers"),
    pytest.param("https://docs.google.com/document/d/1jqDamugRe-AHVHo427rr4T/edit?ouid=105943102648330264264&sd=true",
                 id="url-digits"),
    pytest.param("ứng phó với cơn bão số 9 và bão số 13", id="storm-number"),
    pytest.param("đấu thầu gói thầu số 7 của dự án", id="tender-package"),
    pytest.param("theo quy định tại Điều 10 của Luật bầu cử", id="article"),
    pytest.param("hoàn thành việc công bố số đơn vị bầu cử", id="so-don-vi"),
    pytest.param("Số: …../TTr-UBND ngày …", id="template-dots"),
    pytest.param("Số: /UBND-VX\nLai Châu, ngày tháng 8 năm 2021", id="template-blank"),
    pytest.param("\n\nSố: 33/CV-TTCH\n\nTam Đường, ngày 02 tháng 11 năm 2021", id="own-number-line"),
    pytest.param("Kế hoạch 5 năm và Báo cáo 6 tháng đầu năm", id="quantities-after-type-word"),
    pytest.param("phòng, chống dịch Covid-19/SARS-CoV-2 trên địa bàn", id="covid-slash"),
    pytest.param("QUYẾT ĐỊNH:\n\nĐiều 1. Bổ sung 04 thủ tục hành chính", id="decision-heading"),
    pytest.param("Quyết định 3 nội dung quan trọng", id="strong-kind-quantity"),
]


@pytest.mark.parametrize("text", NOT_REFERENCES)
def test_not_references(text: str) -> None:
    assert find_references(text) == []


RELATIONS = [
    pytest.param("Căn cứ Công văn số 3375/UBND-VX ngày 19/10/2021 của UBND tỉnh Lai Châu về việc hướng dẫn,",
                 "implements", id="can-cu-opening-letter"),
    pytest.param("Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ;\n\nQUYẾT ĐỊNH:\n\nĐiều 1.",
                 "based_on", id="can-cu-decision-preamble"),
    pytest.param("Triển khai Kế hoạch số 42/KH-UBND của UBND tỉnh Lai Châu,", "implements", id="trien-khai"),
    pytest.param("Xét đề nghị của Giám đốc Sở Nội vụ tại văn bản số 1187/SNV-CCHC ngày 29 tháng 11 năm 2006,",
                 "cites", id="xet-de-nghi"),
    pytest.param("Đêm 22/9, UBND tỉnh ban hành Công văn số 13417/UBND-VP về việc", "cites", id="news-mention"),
]


@pytest.mark.parametrize(("text", "relation"), RELATIONS)
def test_relations(text: str, relation: str) -> None:
    refs = find_references(text)
    assert [r.relation.value for r in refs] == [relation]


def test_subject_and_evidence() -> None:
    text = ("Dịch bệnh vẫn diễn biến phức tạp. Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ "
            "tướng Chính phủ về tăng cường thực hiện các biện pháp phòng, chống dịch Covid-19, Chủ tịch "
            "UBND tỉnh yêu cầu. Câu sau.")
    (r,) = find_references(text)
    assert r.subject == "tăng cường thực hiện các biện pháp phòng, chống dịch Covid-19"
    assert r.evidence.startswith("Thực hiện Công điện") and r.evidence.endswith("yêu cầu.")
    assert text[r.evidence_start : r.evidence_end] == r.evidence


def test_same_document_keeps_its_written_issuer() -> None:
    text = ("Kết luận số 93-KL/TW, ngày 20/11/2020 của Ban Bí thư Trung ương Đảng về việc. "
            "Tuyên truyền về Kết luận số 93-KL/TW và Chỉ thị số 52-CT/TU.")
    first, second, third = find_references(text)
    assert first.issuer is not None and first.issuer.key == "ban-bi-thu" and not first.issuer_inferred
    assert second.issuer == first.issuer and second.issuer_inferred
    assert third.issuer is None and third.issuer_text == "Tỉnh ủy"


def test_context_resolves_local_symbols() -> None:
    gaz = default_gazetteer()
    on = dt.date(2021, 8, 1)
    province = gaz.resolve("UBND tỉnh Lai Châu", Context(on=on))
    ctx = Context(issuer=province, province=province, on=on)
    (a, b) = find_references("Kế hoạch số 12/KH-UBND; Công văn số 3078/SYT-NV ngày 31/8/2021.", context=ctx)
    assert a.issuer is not None and a.issuer.key == "ubnd-tinh-lai-chau" and a.issuer_inferred
    assert b.issuer is not None and b.issuer.key == "so-y-te-lai-chau"
    assert find_references("Kế hoạch số 12/KH-UBND.")[0].issuer is None


def test_province_named_in_text_is_the_context() -> None:
    text = ("UBND tỉnh Tuyên Quang có Công văn số 3863/UBND-ĐTXD. "
            "Chỉ đạo tại Văn bản số 3859/UBND-ĐTXD ngày 09/10/2021.")
    refs = find_references(text)
    assert [r.issuer.key if r.issuer else None for r in refs] == ["ubnd-tinh-tuyen-quang"] * 2


def test_decomposed_input_maps_back_to_raw_offsets() -> None:
    raw = unicodedata.normalize("NFD", "Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021 của Thủ tướng Chính phủ.")
    (r,) = find_references(raw)
    assert raw[r.start : r.end] == r.text
    assert unicodedata.normalize("NFC", r.text).startswith("Công điện số 1068/CĐ-TTg")
    assert r.symbol == "CĐ-TTg" and r.date == dt.date(2021, 8, 5)


ALPHABET = st.sampled_from(
    list("0123456789/-.,;:() \n") + list("sốSỐCĐTgQNPKHBYUVXđêệạảươơ") + ["Công điện ", "Quyết định ", "số ", "ngày ",
    "của ", "Thủ tướng Chính phủ", "UBND tỉnh ", "/CĐ-TTg", "-TB/TU", "/2021/NĐ-CP", "tháng ", "năm "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_never_raises_and_offsets_slice(text: str) -> None:
    for r in find_references(text):
        assert text[r.start : r.end] == r.text
        assert r.number.isdigit() or r.number[:-1].isdigit()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_on_any_text(text: str) -> None:
    for r in find_references(text):
        assert text[r.start : r.end] == r.text


# -- the five sample letters: 18 mentions of 15 documents --------------------------------------

LETTER_CONTEXT = {
    "000": ("UBND huyện Mường Tè", dt.date(2022, 9, 1)),
    "001": ("UBND tỉnh Lai Châu", dt.date(2021, 8, 1)),
    "002": ("UBND tỉnh Lai Châu", dt.date(2022, 9, 1)),
    "003": ("UBND tỉnh Lai Châu", dt.date(2023, 1, 1)),
    "004": ("Trung tâm chỉ huy phòng, chống dịch Covid-19 huyện Tam Đường", dt.date(2021, 11, 2)),
}
# (letter, number, symbol, kind, date, issuer key, relation) of every mention, in order.
LETTER_MENTIONS = [
    ("000", "3542", "UBND-VX", "Công văn", "2022-09-23", "ubnd-tinh-lai-chau", "implements"),
    ("000", "778", "CD-TTg", "Công điện", "2022-09-05", "thu-tuong-chinh-phu", "implements"),
    ("000", "3294", "UBND-VX", "Công văn", "2022-09-08", "ubnd-tinh-lai-chau", "implements"),
    ("001", "1068", "CĐ-TTg", "Công điện", None, "thu-tuong-chinh-phu", "implements"),
    ("001", "1068", "CĐ-TTg", "Công điện", "2021-08-05", "thu-tuong-chinh-phu", "implements"),
    ("002", "4968", "BYT-DP", "Công văn", "2022-09-13", "bo-y-te", "implements"),
    ("002", "246", "TB-VPCP", "Thông báo", "2022-08-12", "van-phong-chinh-phu", "implements"),
    ("002", "38", "NQ-CP", "Nghị quyết", None, "chinh-phu", "implements"),
    ("002", "680", "CD-TTg", "Công điện", "2022-08-01", "thu-tuong-chinh-phu", "implements"),
    ("002", "775", "CD-TTg", "Công điện", "2022-08-25", "thu-tuong-chinh-phu", "implements"),
    ("002", "4163", "BYT-DP", "Công văn", "2022-08-04", "bo-y-te", "implements"),
    ("002", "4619", "BYT-DP", "Công văn", "2022-08-25", "bo-y-te", "implements"),
    ("002", "2265", "QĐ-BYT", "Quyết định", "2022-08-22", "bo-y-te", "implements"),
    ("003", "07", "TB-VPCP", "Thông báo", "2023-01-12", "van-phong-chinh-phu", "implements"),
    ("004", "3375", "UBND-VX", "Công văn", "2021-10-19", "ubnd-tinh-lai-chau", "implements"),
    ("004", "3375", "UBND-VX", "Công văn", "2021-10-19", "ubnd-tinh-lai-chau", "implements"),
    ("004", "1392", "QĐ-UBND", "Quyết định", "2021-10-21", "ubnd-tinh-lai-chau", "implements"),
    ("004", "1392", "QĐ-UBND", "Quyết định", "2021-10-21", "ubnd-tinh-lai-chau", "cites"),
]


def _letter_references() -> list[tuple[str, Reference]]:
    gaz = default_gazetteer()
    out = []
    for path in sorted(LETTERS.glob("*.txt")):
        name, on = LETTER_CONTEXT[path.name[:3]]
        issuer = gaz.resolve(name, Context(on=on))
        province = next((a for a in gaz.chain_up(issuer) if a.level is Level.PROVINCE), None) if issuer else None
        text = path.read_text(encoding="utf-8")
        for r in find_references(text, context=Context(issuer=issuer, province=province, on=on)):
            assert text[r.start : r.end] == r.text
            out.append((path.name[:3], r))
    return out


def test_sample_letters() -> None:
    found = _letter_references()
    got = [
        (k, r.number, r.symbol, r.kind, r.date.isoformat() if r.date else None,
         r.issuer.key if r.issuer else None, r.relation.value)
        for k, r in found
    ]
    assert got == LETTER_MENTIONS
    assert len({(r.number, r.symbol) for _, r in found}) == 15
    assert all(r.year is None and r.evidence for _, r in found)
    assert found[3][1].text == "Công điện số 1068/CĐ-\nTTg của Thủ tướng Chính phủ"
    assert all(r.relation is not Relation.BASED_ON for _, r in found)


MORE_NOT_REFERENCES = [
    pytest.param("tại Quận 1/TP.HCM và Phường 3/Quận 5", id="address"),
    pytest.param("đạt QCVN 01:2021/BYT về nước sạch", id="technical-standard"),
]


@pytest.mark.parametrize("text", MORE_NOT_REFERENCES)
def test_more_not_references(text: str) -> None:
    assert find_references(text) == []


def test_issuer_stops_before_capitalised_khoa() -> None:
    (r,) = find_references("Nghị quyết số 15-NQ/TU ngày 22/3/2022 của Ban Chấp hành Đảng bộ thị xã Khóa XIV về")
    assert r.issuer_text == "Ban Chấp hành Đảng bộ thị xã"


def test_list_after_one_type_word_keeps_the_kind() -> None:
    refs = find_references("Thực hiện Chỉ thị số 15/CT-TTg, 16/CT-TTg và 19/CT-TTg của Thủ tướng Chính phủ.")
    assert [(r.number, r.kind, r.relation.value) for r in refs] == [
        ("15", "Chỉ thị", "implements"), ("16", "Chỉ thị", "implements"), ("19", "Chỉ thị", "implements")]
    assert all(r.issuer is not None and r.issuer.key == "thu-tuong-chinh-phu" for r in refs)


@pytest.mark.parametrize(("text", "kind", "issuer"), [
    pytest.param("Căn cứ Thông tư liên tịch số 01/2015/TTLT-BNV-BTC ngày 14/9/2015 của Bộ Nội vụ, Bộ Tài chính",
                 "Thông tư liên tịch", "Bộ Nội vụ", id="joint-circular"),
    pytest.param("Kế hoạch số 01/KH-BCĐ ngày 5/1/2022 của Ban Chỉ đạo tỉnh về", "Kế hoạch", "Ban Chỉ đạo tỉnh",
                 id="capitalised-name-word-is-no-stop"),
])
def test_kind_and_issuer_text(text: str, kind: str, issuer: str) -> None:
    (r,) = find_references(text)
    assert (r.kind, r.issuer_text) == (kind, issuer)


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_two_half_scan_agrees_with_the_grammar(text: str, expected: list[dict[str, Any]]) -> None:
    """The finder scans digits and reads the type word backwards; TYPED_RE is the same grammar
    written forwards: every typed mention with a symbol it matches starts where a reference does."""
    from ingest.references.grammar import TYPED_RE

    starts = {r.start for r in find_references(text)}
    for m in TYPED_RE.finditer(text):
        if m["symbol"] or m["party"]:
            assert m.start() in starts, m.group()


def test_central_name_ends_the_issuer_phrase() -> None:
    (r,) = find_references("Thông báo số 7/TB-VPCP ngày 3/3/2022 của Phó Thủ tướng Chính phủ Vũ Đức Đam về")
    assert r.issuer is not None and r.issuer.key == "thu-tuong-chinh-phu"
    assert r.text.endswith("của Phó Thủ tướng Chính phủ")

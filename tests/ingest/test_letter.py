"""Letter fields: the five sample letters, header shapes, garbage, golden files."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.models import Level, PartialDate, Relation
from ingest.gazetteer.authorities import default_gazetteer
from ingest.letter.parse import LetterFields, parse_letter, read_fields
from ingest.letter.scope import units_named
from ingest.models import Letter

LETTERS = Path(__file__).resolve().parents[2] / "examples" / "letters"
GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"
SEED_PATHS = sorted(LETTERS.glob("*.txt"))
KT_PCT = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
PROVINCE_RECIPIENTS = ("Các sở, ban, ngành, đoàn thể tỉnh", "UBND các huyện, thành phố")
DISTRICT_RECIPIENTS = ("Các cơ quan, ban, ngành, đoàn thể huyện", "Ủy ban nhân dân các xã, thị trấn")


def seed_text(prefix: str) -> str:
    (path,) = [p for p in SEED_PATHS if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_letters() -> dict[str, Letter]:
    return {p.name[:3]: parse_letter(p.read_text(encoding="utf-8"), source=p.name) for p in SEED_PATHS}


SEED_FIELDS = [
    pytest.param(
        "000",
        {
            "issuer_block": "ỦY BAN NHÂN DÂN\nHUYỆN MUỜNG TÈ",
            "number": None,
            "symbol": "UBND-VX",
            "kind": "Công văn",
            "place": "Mường Tè",
            "date": PartialDate(2022, 9, None),
            "subject": "thực hiện kết luận của Ban Chỉ đạo Quốc gia phòng, chống dịch Covid-19 "
            "Phiên họp thứ 17",
            "recipients": DISTRICT_RECIPIENTS,
            "signer_name": "Kiều Hải Nam",
            "signer_title": KT_PCT,
            "cc": ("Như trên", "CT, PCT UBND huyện (Đ/c Nam)", "Trang TTĐT huyện", "Lưu VT"),
        },
        id="000-muong-te-typo",
    ),
    pytest.param(
        "001",
        {
            "issuer_block": "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU",
            "number": None,
            "symbol": "UBND-VX",
            "kind": "Công văn",
            "place": "Lai Châu",
            "date": PartialDate(2021, 8, None),
            "subject": "thực hiện Công điện số 1068/CĐ-TTg của Thủ tướng Chính phủ về tăng cường "
            "thực hiện các biện pháp phòng, chống dịch Covid-19",
            "recipients": PROVINCE_RECIPIENTS,
            "signer_name": "Tổng Thanh Hải",
            "signer_title": KT_PCT,
        },
        id="001-subject-before-date",
    ),
    pytest.param(
        "002",
        {
            "issuer_block": "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU",
            "number": None,
            "symbol": "UBND-VX",
            "place": "Lai Châu",
            "date": PartialDate(2022, 9, None),
            "subject": "tăng cường công tác tiêm chủng vắc xin phòng Covid-19 và phòng, chống "
            "bệnh truyền nhiễm",
            "recipients": PROVINCE_RECIPIENTS,
            "signer_name": "Tổng Thanh Hải",
            "signer_title": KT_PCT,
        },
        id="002-plain",
    ),
    pytest.param(
        "003",
        {
            "issuer_block": "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU",
            "number": None,
            "symbol": "UBND-VX",
            "kind": "Công văn",
            "place": "Lai Châu",
            "date": PartialDate(2023, 1, None),
            "subject": "thực hiện kết luận của Ban Chỉ đạo Quốc gia phòng, chống dịch Covid-19 "
            "Phiên họp thứ 19",
            "recipients": PROVINCE_RECIPIENTS,
            "signer_name": None,
            "signer_title": KT_PCT,
        },
        id="003-interleaved-pdf",
    ),
    pytest.param(
        "004",
        {
            "issuer_block": None,
            "number": "33",
            "symbol": "CV-TTCH",
            "kind": "Công văn",
            "place": "Tam Đường",
            "date": PartialDate(2021, 11, 2),
            "subject": "thực hiện các biện pháp phòng, chống dịch Covid-19 trong tình hình mới",
            "recipients": DISTRICT_RECIPIENTS,
            "signer_name": "Sùng Lữ Páo",
            "signer_title": "CHỈ HUY TRƯỞNG\nCHỦ TỊCH UBND HUYỆN",
            "cc": ("Như kính gửi", "Sở Y tế (B/c)", "BCĐ huyện (B/c)", "Lưu: VT"),
            "body_issuer": "Trung tâm chỉ huy phòng, chống dịch Covid-19 huyện",
        },
        id="004-no-header",
    ),
]


@pytest.mark.parametrize(("seed", "expected"), SEED_FIELDS)
def test_seed_fields(seed: str, expected: dict[str, object]) -> None:
    fields = read_fields(seed_text(seed))
    assert {k: getattr(fields, k) for k in expected} == expected


def test_nfd_and_crlf_give_the_same_fields() -> None:
    text = seed_text("000")
    damaged = unicodedata.normalize("NFD", text).replace("\n", "\r\n")
    assert read_fields(damaged) == read_fields(text)


@pytest.mark.parametrize(
    ("seed", "key"),
    [
        pytest.param("000", "ubnd-huyen-muong-te-lai-chau", id="000-typo-muong-te"),
        pytest.param("001", "ubnd-tinh-lai-chau", id="001"),
        pytest.param("002", "ubnd-tinh-lai-chau", id="002"),
        pytest.param("003", "ubnd-tinh-lai-chau", id="003"),
    ],
)
def test_seed_issuer(seed_letters: dict[str, Letter], seed: str, key: str) -> None:
    issuer = seed_letters[seed].issuer
    assert issuer is not None and issuer.key == key


def test_headerless_issuer_is_the_district_command_centre(seed_letters: dict[str, Letter]) -> None:
    issuer = seed_letters["004"].issuer
    assert issuer is not None
    assert issuer.name.lower().startswith("trung tâm chỉ huy")
    assert "Tam Đường" in issuer.name
    assert issuer.level == Level.DISTRICT
    assert issuer.parent_key == "ubnd-huyen-tam-duong-lai-chau"


def test_seed_references(seed_letters: dict[str, Letter]) -> None:
    counts = {seed: len(letter.references) for seed, letter in seed_letters.items()}
    assert counts == {"000": 3, "001": 2, "002": 8, "003": 1, "004": 4}
    distinct = {(r.number, r.symbol) for letter in seed_letters.values() for r in letter.references}
    assert len(distinct) == 15
    for letter in seed_letters.values():
        assert all(letter.text[r.start : r.end] == r.text for r in letter.references)


def test_subject_reference_implements(seed_letters: dict[str, Letter]) -> None:
    letter = seed_letters["001"]
    in_subject = [r for r in letter.references if "1068/CĐ-\nTTg" in r.text]
    assert len(in_subject) == 1
    assert in_subject[0].relation == Relation.IMPLEMENTS


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param(
            "ỦY BAN NHÂN DÂN\nPHƯỜNG NGỌC KHÁNH\nSố: 92/UBND-VP\nNgọc Khánh, ngày 30 tháng 8 năm 2022\n"
            "V/v abc\n\nThực hiện Công văn số 458/UBND-VX của Ủy ban nhân dân quận Ba Đình về việc abc.",
            "ubnd-phuong-ngoc-khanh-ba-dinh-ha-noi",
            id="commune-block-placed-by-body",
        ),
        pytest.param(
            "Số: 103/UBND-VP\nV/v abc\nCống Vị, ngày tháng 8 năm 2022\n\nThực hiện Công văn số "
            "458/UBND-VX của UBND quận Ba Đình về việc abc, Chủ tịch UBND phường yêu cầu:",
            "ubnd-phuong-cong-vi-ba-dinh-ha-noi",
            id="headerless-commune",
        ),
        pytest.param(
            "UBND TỈNH ĐIỆN BIÊN\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 5/SGDĐT-VP\n",
            "so-giao-duc-va-dao-tao-dien-bien",
            id="department-under-province",
        ),
        pytest.param("TỈNH ỦY LAI CHÂU\nSố 279-TB/TU\n", "tinh-uy-lai-chau", id="party"),
    ],
)
def test_issuer_in_context(text: str, key: str) -> None:
    issuer = parse_letter(text).issuer
    assert issuer is not None and issuer.key == key


EVIDENCE_HEAD = "Số: 5/UBND-VP\n{place}, ngày 30 tháng 8 năm 2022\nV/v abc\n\n{body}\n"


def _block_letter(block: str, place: str, body: str = "Nội dung.") -> str:
    return f"ỦY BAN NHÂN DÂN\n{block}\n" + EVIDENCE_HEAD.format(place=place, body=body)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param(_block_letter("PHƯỜNG NGỌC HÀ", "Ba Đình"), "ubnd-phuong-ngoc-ha-ba-dinh-ha-noi",
                     id="place-line-names-the-district"),
        pytest.param(_block_letter("PHƯỜNG NGỌC HÀ", "Ngọc Hà"), None, id="ward-of-two-cities-no-evidence"),
        pytest.param(
            _block_letter("XÃ VĨNH THÁI", "Vĩnh Thái", "Thực hiện Công văn số 497/UBND ngày 20/8/2022 của Ủy ban "
                          "nhân dân huyện Vĩnh Linh về việc abc."),
            "ubnd-xa-vinh-thai-vinh-linh-quang-tri", id="implemented-document-issuer",
        ),
        pytest.param(_block_letter("XÃ VĨNH THÁI", "Vĩnh Thái"), None, id="same-commune-no-evidence"),
        pytest.param(
            _block_letter("XÃ PHƯỚC VINH", "Phước Vinh", "Thực hiện Công văn số 426/UBND-VP của UBND huyện "
                          "Châu Thành về việc abc."),
            "ubnd-xa-phuoc-vinh-chau-thanh-tay-ninh", id="district-of-many-provinces-narrows-the-commune",
        ),
        pytest.param(
            _block_letter("XÃ TÂN THÀNH", "Tân Thành", "Thực hiện Công văn số 1/UBND của UBND huyện Bắc Quang; "
                          "Công văn số 2/UBND của UBND huyện Hàm Yên về việc abc."),
            None, id="conflicting-districts",
        ),
        pytest.param(
            _block_letter("XÃ HÒA LỌC", "Hòa Lộc", "Triển khai Công văn số 514/UBND-VX của UBND huyện Hậu Lộc "
                          "về abc."),
            "ubnd-xa-hoa-loc-16075-hau-loc-thanh-hoa", id="damaged-header-spelled-by-place-line",
        ),
        pytest.param(
            _block_letter("XÃ QUANG LÃNG", "Quang Lãng", "Thực hiện Công văn số 514/UBND-VX của UBND huyện Ân Thi "
                          "về abc."),
            "ubnd-xa-quang-lang-an-thi-hung-yen", id="header-name-elsewhere-but-body-places-it",
        ),
        pytest.param(
            "Số: 136/TCKH\nV/v abc\nPhổ Yên, ngày 29 tháng 8 năm 2022\n\nThực hiện Công văn số 441/UBND-VX "
            "của Ủy ban nhân dân thành phố Phổ Yên về việc abc, Phòng Tài chính - Kế hoạch yêu cầu các đơn vị "
            "thực hiện.\n",
            "phong-tai-chinh-ke-hoach-pho-yen-thai-nguyen", id="district-office-not-a-province-typo",
        ),
        pytest.param(
            "Số: 136/NNPTNT\nV/v abc\nKỳ Anh, ngày 29 tháng 8 năm 2022\n\nCăn cứ Công văn số 520/UBND-VP của "
            "UBND huyện về việc abc, Phòng Nông nghiệp và Phát triển nông thôn yêu cầu các đơn vị thực hiện.\n",
            "phong-nong-nghiep-va-phat-trien-nong-thon-ky-anh-huyen-ha-tinh", id="huyen-not-thi-xa-of-one-name",
        ),
        pytest.param(
            "Số: 102/UBND-VP\nV/v abc\nB'lao, ngày 23 tháng 8 năm 2022\n\nThực hiện Công văn 477/UBND-VX của "
            "UBND thành phố Bảo Lộc về việc abc. Chủ tịch UBND phường có ý kiến chỉ đạo như sau:\n",
            "ubnd-phuong-b-lao-bao-loc-lam-dong", id="apostrophe-in-place",
        ),
    ],
)
def test_issuer_from_the_letters_evidence(text: str, key: str | None) -> None:
    issuer = parse_letter(text).issuer
    assert (issuer.key if issuer else None) == key


def test_units_named_lists_every_unit_of_the_name() -> None:
    gazetteer = default_gazetteer()
    keys = {a.key for a in units_named("Kỳ Anh", gazetteer, dt.date(2022, 8, 1))}
    assert keys == {"ubnd-huyen-ky-anh-huyen-ha-tinh", "ubnd-thi-xa-ky-anh-thi-xa-ha-tinh"}
    assert [a.key for a in units_named("Kỳ Anh", gazetteer, None, "thị xã")] == ["ubnd-thi-xa-ky-anh-thi-xa-ha-tinh"]
    assert len(units_named("Châu Thành", gazetteer, None, "huyện")) > 5
    assert units_named("Cát Tiến", gazetteer, None) == []  # not Cát Tiên: marks count


@pytest.mark.parametrize(
    ("body", "words"),
    [
        pytest.param("của UBND huyện về việc abc;\n- UBND huyện (b/c);", ("huyện",), id="huyen"),
        pytest.param("của UBND huyện Kỳ Anh về việc abc", (), id="named"),
        pytest.param("Ủy ban nhân dân thị xã yêu cầu; UBND tỉnh", ("thị xã",), id="thi-xa-not-province"),
    ],
)
def test_unit_words(body: str, words: tuple[str, ...]) -> None:
    assert read_fields("Số: 1/UBND\n\n" + body).unit_words == words


DRAFT = """ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số:          /UBND-VX
Lai Châu, ngày      tháng 8 năm 2021
V/v phòng, chống dịch
Kính gửi: Sở Y tế.

Nội dung.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            DRAFT,
            {"number": None, "symbol": "UBND-VX", "date": PartialDate(2021, 8), "recipients": ("Sở Y tế",)},
            id="blank-number-draft",
        ),
        pytest.param(
            "Số: 45/UBND-VX\nHà Nội, ngày 02 tháng 11 năm 2021\n",
            {"number": "45", "place": "Hà Nội", "date": PartialDate(2021, 11, 2), "kind": "Công văn"},
            id="full-date",
        ),
        pytest.param(
            "Số: 9/SYT-NVY\nLai Châu, ngày 02/11/2021\n",
            {"place": "Lai Châu", "date": PartialDate(2021, 11, 2), "kind": "Công văn"},
            id="numeric-date",
        ),
        pytest.param(
            "| **ỦY BAN NHÂN DÂN**<br>**HUYỆN TAM ĐƯỜNG** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |\n"
            "|---|---|\n| Số: 45/UBND-VX<br>V/v phòng dịch | Tam Đường, ngày 05 tháng 3 năm 2022 |\n\n"
            "Nội dung.\n\n| **Nơi nhận:**<br>- Như trên;<br>- Lưu: VT. | **CHỦ TỊCH**<br><br>**Lò Văn A** |\n",
            {"issuer_block": "ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG", "number": "45", "subject": "phòng dịch",
             "date": PartialDate(2022, 3, 5), "cc": ("Như trên", "Lưu: VT"), "signer_title": "CHỦ TỊCH",
             "signer_name": "Lò Văn A"},
            id="markdown-table-header",
        ),
        pytest.param(
            "Ký bởi: Ủy ban nhân dân tỉnh Lai Châu\nThời gian ký: 12.08.2022 10:30:00 +07:00\n"
            "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nSố: 3/UBND-VX\n",
            {"issuer_block": "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU", "number": "3"},
            id="signature-stamp-on-top",
        ),
        pytest.param(
            "Số: 1/UBND\nCổ Nhuế 1, ngày 03 tháng 10 năm 2022\nV/v abc\n",
            {"place": "Cổ Nhuế 1", "date": PartialDate(2022, 10, 3), "subject": "abc"},
            id="place-with-digit",
        ),
        pytest.param(
            "Số: 1/UBND\nEa H'leo, ngày 03 tháng 10 năm 2022\n",
            {"place": "Ea H'leo", "date": PartialDate(2022, 10, 3)},
            id="place-with-apostrophe",
        ),
        pytest.param(
            "Số: …../TTr-UBND\nngày …. tháng … năm 2024\n",
            {"number": None, "symbol": "TTr-UBND", "kind": "Tờ trình", "date": PartialDate(2024)},
            id="dotted-blanks",
        ),
        pytest.param(
            "CHÍNH PHỦ\nSố: 15/2021/NĐ-CP\nHà Nội, ngày 03 tháng 3 năm 2021\nNGHỊ ĐỊNH\n",
            {"number": "15", "year": 2021, "symbol": "NĐ-CP", "kind": "Nghị định"},
            id="normative-year",
        ),
        pytest.param(
            "TỈNH ỦY LAI CHÂU\nSố 279-TB/TU\n",
            {"issuer_block": "TỈNH ỦY LAI CHÂU", "number": "279", "symbol": "TB/TU", "kind": "Thông báo"},
            id="party-style",
        ),
        pytest.param(
            "UBND HUYỆN TAM ĐƯỜNG\nSố: 12/UBND-VX\nTam Đường, ngày 5 tháng 1 năm 2022\n\nKẾ HOẠCH\n"
            "Triển khai tiêm chủng\n",
            {"kind": "Kế hoạch", "issuer_block": "UBND HUYỆN TAM ĐƯỜNG", "subject": "Triển khai tiêm chủng"},
            id="title-wins",
        ),
        pytest.param(
            "ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "HUYỆN MƯỜNG TÈ       Độc lập - Tự do - Hạnh phúc\n"
            "Số: 12/UBND-VX       Mường Tè, ngày 5 tháng 1 năm 2022\n",
            {"issuer_block": "ỦY BAN NHÂN DÂN\nHUYỆN MƯỜNG TÈ", "number": "12", "symbol": "UBND-VX",
             "place": "Mường Tè", "date": PartialDate(2022, 1, 5)},
            id="two-columns-on-one-line",
        ),
        pytest.param(
            "UBND TỈNH LAI CHÂU\nSố: 05/CĐ-UBND\nLai Châu, ngày 3 tháng 8 năm 2021\nCÔNG ĐIỆN\n"
            "Về việc tăng cường phòng, chống dịch\n\nCHỦ TỊCH UBND TỈNH LAI CHÂU điện:\n"
            "- Giám đốc các sở, ban, ngành tỉnh;\n- Chủ tịch UBND các huyện, thành phố.\n\nNội dung.",
            {"kind": "Công điện", "subject": "tăng cường phòng, chống dịch",
             "recipients": ("Giám đốc các sở, ban, ngành tỉnh", "Chủ tịch UBND các huyện, thành phố")},
            id="telegram-addressees",
        ),
        pytest.param(
            "Số: 7/UBND\nKính gửi: Sở Y tế; Sở Tài chính.\n",
            {"recipients": ("Sở Y tế", "Sở Tài chính")},
            id="inline-recipients",
        ),
        pytest.param(
            "V/v a\nKính gửi:\n- Các sở, ban,\nngành tỉnh;\n- UBND các huyện.\n\nNội dung.",
            {"recipients": ("Các sở, ban, ngành tỉnh", "UBND các huyện")},
            id="wrapped-recipient",
        ),
        pytest.param(
            "Nội dung./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\n"
            "Nguyễn Văn A",
            {"cc": ("Như trên", "Lưu: VT"), "signer_title": "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
             "signer_name": "Nguyễn Văn A"},
            id="signer-after-cc",
        ),
        pytest.param(
            "Nội dung./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHồ Công Khánh\n"
            "Triển khai Công điện số 949/CĐ-TTg, Chủ tịch UBND tỉnh chỉ đạo như sau:\n",
            {"signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "signer_name": "Hồ Công Khánh"},
            id="pdf-paragraph-after-signer",
        ),
    ],
)
def test_header_shapes(text: str, expected: dict[str, object]) -> None:
    fields = read_fields(text)
    assert {k: getattr(fields, k) for k in expected} == expected


RECOVERY_HEAD = "Số: /UBND-VX\nV/v phòng dịch\nLai Châu, ngày tháng 8 năm 2021\n\nNội dung thứ nhất của\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(" - Các sở, ban, ngành tỉnh;\n\n- UBND các huyện, thành phố.\nvăn bản.",
                     ("Các sở, ban, ngành tỉnh", "UBND các huyện, thành phố"), id="two-items-mid-sentence"),
        pytest.param("văn bản.\n - Các cơ quan, đơn vị liên quan.\nTiếp theo.", ("Các cơ quan, đơn vị liên quan",),
                     id="one-item-alone"),
        pytest.param("văn bản gồm:\n- Sở Y tế;\n- Sở Tài chính.\n", (), id="list-after-colon"),
        pytest.param("văn bản.\n- Tăng cường kiểm tra;\n- Các sở thực hiện.\n", (), id="body-item-list"),
    ],
)
def test_recipients_recovered_from_the_body(body: str, expected: tuple[str, ...]) -> None:
    assert read_fields(RECOVERY_HEAD + body).recipients == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("abc", id="word"),
        pytest.param("\x00\x01***\n\n---\n", id="control-chars"),
        pytest.param("Số:\nV/v\nKính gửi:\nNơi nhận:\nngày tháng năm", id="bare-openers"),
        pytest.param("12/34/56 ;;; ///", id="punctuation"),
        pytest.param("Hà Nội, ngày 1 tháng 1 năm 0000\nSố: /", id="impossible-year"),
    ],
)
def test_garbage_gives_empty_fields(text: str) -> None:
    letter = parse_letter(text)
    assert letter.text == text
    assert (letter.issuer, letter.number, letter.symbol, letter.date) == (None, None, None, None)
    assert letter.recipients == () and letter.cc == () and letter.references == ()
    assert letter.signer_name is None and letter.signer_title is None


LETTERISH = st.text(alphabet=st.sampled_from(list("Sốố: /-UBNDVXv.ngàytháám2021 \n\tKínhgửi;ỦYBANHUYỆN*")), max_size=300)


@settings(max_examples=150, deadline=None)
@given(LETTERISH)
def test_read_fields_never_raises(text: str) -> None:
    assert isinstance(read_fields(text), LetterFields)


@settings(max_examples=60, deadline=None)
@given(st.one_of(LETTERISH, st.text(max_size=200)))
def test_parse_letter_never_raises(text: str) -> None:
    letter = parse_letter(text)
    assert letter.text == text
    assert all(text[r.start : r.end] == r.text for r in letter.references)


def _golden_payload(letter: Letter) -> dict[str, object]:
    fields = {k: v for k, v in letter.to_json().items() if k not in ("source", "sha256")}
    return {"letter": fields, "references": [r.to_json() for r in letter.references]}


@pytest.mark.parametrize("path", SEED_PATHS, ids=[p.stem[:3] for p in SEED_PATHS])
def test_golden(path: Path, update_golden: bool, seed_letters: dict[str, Letter]) -> None:
    payload = _golden_payload(seed_letters[path.name[:3]])
    golden = GOLDEN / f"{path.stem}.json"
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert golden.exists(), f"{golden.name} missing: run pytest --update-golden and review it"
    assert payload == json.loads(golden.read_text(encoding="utf-8"))

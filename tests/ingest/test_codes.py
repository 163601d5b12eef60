"""Every code of :mod:`graph.codes` read the same way by the keys and by the reference finder.

The keys decide whether a symbol's issuer is unique nationally (``2021/15-nd-cp``, no
``@issuer``); the reference finder infers the issuer of a symbol that names no one in words.
They used to read two tables (``NQLT-CP-UBTWMTTQVN`` was keyed ``…@unknown`` while its issuer
was inferred as the Government).
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from graph.codes import (
    NATIONAL_ISSUER_CODES,
    NATIONAL_WITHOUT_ONE_BODY,
    SHARED_WITH_LOCAL,
    TYPE_CODES,
    code_key,
)
from graph.keys import document_key, issuer_code, national_level
from graph.models import Authority, Level
from ingest.gazetteer.authorities import Gazetteer, default_gazetteer
from ingest.gazetteer.central import DATA_FILE, load_central_bodies
from ingest.letter.parse import parse_letter
from ingest.references.find import find_references

NATIONAL = sorted(NATIONAL_ISSUER_CODES)
TYPES = sorted(c for c in TYPE_CODES if "-" not in c)  # "L-CTN" carries its issuer: below


def _found(symbol: str, gazetteer: Gazetteer | None = None) -> Authority | None:
    """The issuer the finder infers for a bare ``12/{symbol}`` with no issuer written."""
    (ref,) = find_references(
        f"Thực hiện văn bản số 12/{symbol} ngày 05/8/2021.", gazetteer=gazetteer
    )
    assert ref.symbol == symbol, ref
    return ref.issuer


@pytest.mark.parametrize("code", NATIONAL, ids=NATIONAL)
def test_a_national_code_is_national_in_keys_and_in_the_finder(code: str) -> None:
    level = NATIONAL_ISSUER_CODES[code]
    for type_code in ("QĐ", "CV", "NQLT", "TB"):
        symbol = f"{type_code}-{code}"
        assert national_level(symbol) is level, symbol
        assert "@" not in document_key("12", symbol, 2021, issuer_key="someone"), symbol
        found = _found(symbol)
        if code in NATIONAL_WITHOUT_ONE_BODY:
            assert found is None, symbol
        else:
            assert found is not None and found.level is level, (symbol, found)


@pytest.mark.parametrize("type_code", TYPES, ids=TYPES)
def test_a_type_code_is_skipped_by_both(type_code: str) -> None:
    """Before a national code: national for both; before UBND: a local issuer for both."""
    symbol = f"{type_code}-CP"
    assert issuer_code(f"{type_code}-UBND") == "UBND"
    assert national_level(symbol) is Level.CENTRAL, symbol
    found = _found(symbol)
    assert found is not None and found.key == "chinh-phu", (symbol, found)
    assert "@" in document_key("12", f"{type_code}-UBND", 2021, issuer_key="ubnd-tinh-lai-chau")


def test_every_gazetteer_code_of_a_national_body_is_in_the_core_table() -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    table = load_central_bodies()
    for row in data["central"]:
        for code in row["codes"]:
            key = code_key(code)
            if key in SHARED_WITH_LOCAL:
                assert key not in NATIONAL_ISSUER_CODES
                continue
            assert national_level(f"QĐ-{code}") is Level(row["level"]), code  # QH14: QH
            assert table.by_code(code) is not None
    for code in data["ambiguous_codes"]:
        key = code_key(code)
        assert key not in NATIONAL_ISSUER_CODES or key in NATIONAL_WITHOUT_ONE_BODY, code


def test_a_type_code_with_its_issuer_inside() -> None:
    assert national_level("L-CTN") is Level.CENTRAL
    found = _found("L-CTN")
    assert found is not None and found.key == "chu-tich-nuoc"


def test_the_joint_resolution_of_2020_is_a_national_document() -> None:
    symbol = "NQLT-CP-UBTWMTTQVN"
    (ref,) = find_references(f"Căn cứ Nghị quyết liên tịch số 403/2017/{symbol}.")
    assert ref.issuer is not None and ref.issuer.key == "chinh-phu"
    assert document_key("403", symbol, 2017, ref.issuer.key) == "2017/403-nqlt-cp-ubtwmttqvn"


# -- the gazetteer a caller gives is the one used --------------------------------------------------

LETTER = """ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU

Số: 12/UBND-VX
Lai Châu, ngày 10 tháng 8 năm 2021

V/v triển khai Công điện

Kính gửi: UBND các huyện.

Thực hiện Công điện số 1068/CĐ-TTg ngày 05/8/2021, UBND tỉnh yêu cầu các huyện thực hiện.

CHỦ TỊCH
"""


def _renamed_prime_minister() -> Gazetteer:
    """The bundled table with ``TTg`` read as another body (a real gazetteer, not a double)."""
    table = load_central_bodies()
    other = Authority(key="thu-tuong-thu-nghiem", name="Thủ tướng thử nghiệm", level=Level.CENTRAL)
    return Gazetteer(
        dataclasses.replace(
            table,
            authorities={**table.authorities, other.key: other},
            codes={**table.codes, "TTG": other.key},
        )
    )


def test_parse_letter_finds_references_with_the_gazetteer_it_is_given() -> None:
    default = parse_letter(LETTER)
    given = parse_letter(LETTER, gazetteer=_renamed_prime_minister())
    (d,) = [r for r in default.references if r.symbol == "CĐ-TTg"]
    (g,) = [r for r in given.references if r.symbol == "CĐ-TTg"]
    assert d.issuer is not None and d.issuer.key == "thu-tuong-chinh-phu"
    assert g.issuer is not None and g.issuer.key == "thu-tuong-thu-nghiem"
    assert _found("CĐ-TTg", default_gazetteer()) == d.issuer

"""Canonical keys, and the doctests of the graph modules."""

from __future__ import annotations

import doctest
import importlib

import pytest

from graph.keys import document_key, draft_key, is_document_key, issuer_code, parse_number_text
from graph.models import PartialDate

KEYS = [
    ("1068", "CĐ-TTg", 2021, None, "2021/1068-cd-ttg"),
    ("1068", "CD-TTg", 2021, "thu-tuong-chinh-phu", "2021/1068-cd-ttg"),
    ("15", "NĐ-CP", 2021, None, "2021/15-nd-cp"),
    ("3542", "UBND-VX", 2022, "ubnd-tinh-lai-chau", "2022/3542-ubnd-vx@ubnd-tinh-lai-chau"),
    ("3542", "UBND - VX", 2022, "ubnd-tinh-dien-bien", "2022/3542-ubnd-vx@ubnd-tinh-dien-bien"),
    ("3542", "UBND-VX", 2022, None, "2022/3542-ubnd-vx@unknown"),
    ("279", "TB/TU", 2021, "tinh-uy-lai-chau", "2021/279-tb-tu@tinh-uy-lai-chau"),
    ("12", "NQ/TW", 2021, None, "2021/12-nq-tw"),
    ("07", "TB-VPCP", None, None, "undated/7-tb-vpcp"),
    ("2105", "BYT-DP", 2021, "bo-y-te", "2021/2105-byt-dp"),
    ("33", "CV-TTCH", 2021, "ttch-huyen-muong-te", "2021/33-cv-ttch@ttch-huyen-muong-te"),
]


@pytest.mark.parametrize(("number", "symbol", "year", "issuer", "key"), KEYS,
                         ids=[k[4] for k in KEYS])  # fmt: skip
def test_document_key(number: str, symbol: str, year: int | None, issuer: str | None,
                      key: str) -> None:  # fmt: skip
    assert document_key(number, symbol, year, issuer) == key
    assert is_document_key(key)


def test_draft_key_is_stable_and_content_addressed() -> None:
    a = draft_key("UBND-VX", "ubnd-huyen-muong-te", PartialDate(2021, 8), "Kính gửi:  các xã")
    b = draft_key("UBND-VX", "ubnd-huyen-muong-te", PartialDate(2021, 8), "Kính gửi: các xã\n")
    c = draft_key("UBND-VX", "ubnd-huyen-muong-te", PartialDate(2021, 8), "Kính gửi: các phòng")
    assert a == b != c and is_document_key(a)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1068/CĐ-TTg", ("1068", "CĐ-TTg", None)),
        ("Số: 3542/UBND-VX", ("3542", "UBND-VX", None)),
        ("15/2021/NĐ-CP", ("15", "NĐ-CP", 2021)),
        ("12-CT/TU", ("12", "CT/TU", None)),
        ("2021/1068-cd-ttg", None),
        ("hello", None),
    ],
    ids=["admin", "with-so", "normative", "party", "key-is-not-a-number", "words"],
)
def test_parse_number_text(text: str, expected: tuple | None) -> None:
    parsed = parse_number_text(text)
    assert (None if parsed is None else (parsed.number, parsed.symbol, parsed.year)) == expected


@pytest.mark.parametrize(
    ("symbol", "code"),
    [("CĐ-TTg", "TTG"), ("UBND-VX", "UBND"), ("TB/TU", "TU"), ("QĐ-UBND", "UBND"), ("TB", None)],
    ids=["type-issuer", "issuer-unit", "party", "decision", "type-only"],
)
def test_issuer_code(symbol: str, code: str | None) -> None:
    assert issuer_code(symbol) == code


@pytest.mark.parametrize(
    "module",
    ["graph.keys", "graph.search", "graph.cascade", "graph.testing", "graph.store",
     "graph.store.memory.codec"],  # fmt: skip
)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0

"""An undated mention of a number that several years carry ("Công điện số 763/CĐ-TTg" in a
letter of the next year): resolved against what the store knows, not guessed from the letter."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from graph.models import LetterRecord, Mention, PartialDate, Relation, Resolution
from graph.store.memory.store import MemoryStore
from graph.testing import LAI_CHAU, PRIME_MINISTER, letter, mention

FEB_2023 = PartialDate(2023, 2, 10)


@pytest.fixture
def store(tmp_path: Path) -> MemoryStore:
    return MemoryStore(tmp_path / "store")


def _cite(number: str = "763", **kw: Any) -> Mention:
    return mention(number, "CĐ-TTg", issuer=PRIME_MINISTER.key, **kw)


def _province_letter(number: str, date: PartialDate, *mentions: Mention, source: str) -> LetterRecord:
    ms = tuple(replace(m, start=10 + 30 * i, end=20 + 30 * i) for i, m in enumerate(mentions))
    return letter(number, "UBND-KT", LAI_CHAU, date=date, mentions=ms, source=source, body=source)


def test_the_one_earlier_document_is_meant(store: MemoryStore) -> None:
    store.add_letters([_province_letter("3143", PartialDate(2022, 8, 11),
        _cite(date=PartialDate(2022, 8, 5), context_year=2022), source="a.txt")])  # fmt: skip
    store.add_letters([_province_letter("478", FEB_2023, _cite(context_year=2023), source="b.txt")])
    targets = {c.target_key for c in store.citations() if c.source_key.startswith("2023/")}
    assert targets == {"2022/763-cd-ttg"}  # not a guessed 2023/763 stub
    assert "2023/763-cd-ttg" not in store.documents


def test_two_years_are_ambiguous_until_the_letter_says_which(store: MemoryStore) -> None:
    store.add_letters([
        _province_letter("3143", PartialDate(2022, 8, 11),
                         _cite(date=PartialDate(2022, 8, 5), context_year=2022), source="a.txt"),
        _province_letter("12", PartialDate(2023, 1, 20),
                         _cite(date=PartialDate(2023, 1, 5), context_year=2023), source="c.txt"),
    ])  # fmt: skip
    alone = _province_letter("478", FEB_2023, _cite(context_year=2023), source="b.txt")
    (key,) = store.add_letters([alone]).keys
    (c,) = [c for c in store.citations() if c.source_key == key]
    assert c.resolution is Resolution.AMBIGUOUS
    assert c.candidates == ("2022/763-cd-ttg", "2023/763-cd-ttg")
    # a follow-up that also cites the 2022 letter carrying out 763 of 2022 means that one
    follow = _province_letter("479", FEB_2023, _cite(context_year=2023),
                              mention("3143", "UBND-KT", issuer=LAI_CHAU.key, year=2022,
                                      relation=Relation.CITES), source="d.txt")  # fmt: skip
    (key,) = store.add_letters([follow]).keys
    cited = {c.target_key: c for c in store.citations() if c.source_key == key}
    assert "2022/763-cd-ttg" in cited and "2023/763-cd-ttg" not in cited
    assert cited["2022/763-cd-ttg"].resolution is Resolution.STUB


def test_a_document_issued_after_the_letter_is_not_meant(store: MemoryStore) -> None:
    store.add_letters([
        _province_letter("3143", PartialDate(2022, 8, 11),
                         _cite(date=PartialDate(2022, 8, 5), context_year=2022), source="a.txt"),
        _province_letter("12", PartialDate(2023, 3, 20),
                         _cite(date=PartialDate(2023, 3, 5), context_year=2023), source="c.txt"),
    ])  # fmt: skip
    (key,) = store.add_letters([_province_letter("478", FEB_2023, _cite(context_year=2023),
                                                 source="b.txt")]).keys  # fmt: skip
    (c,) = [c for c in store.citations() if c.source_key == key]
    assert (c.target_key, c.resolution) == ("2022/763-cd-ttg", Resolution.STUB)

"""Query rules the generated cascade does not exercise: relation kinds, sub-units, chains."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph.models import Authority, LetterRecord, Level, PartialDate, Relation
from graph.store.memory.store import MemoryStore
from graph.testing import DIEN_BIEN, LAI_CHAU, MUONG_TE, letter, mention
from graph.testing import PRIME_MINISTER as TTG

PHONG_YT = Authority("phong-y-te-huyen-muong-te", "Phòng Y tế huyện Mường Tè", Level.DISTRICT,
                     "department", MUONG_TE.key)  # fmt: skip
SIN_HO = Authority("ubnd-huyen-sin-ho", "UBND huyện Sìn Hồ", Level.DISTRICT, "people_committee",
                   LAI_CHAU.key)  # fmt: skip
ROOT = "2021/1068-cd-ttg"
PROVINCE = "2021/3542-ubnd-vx@ubnd-tinh-lai-chau"


def _with(rec: LetterRecord, *extra: Authority) -> LetterRecord:
    return replace(rec, authorities=(*rec.authorities, *extra))


@pytest.fixture
def store(tmp_path: Path) -> MemoryStore:
    s = MemoryStore(tmp_path)
    national = letter("1068", "CĐ-TTg", TTG, date=PartialDate(2021, 8, 5),
                      addressed=(LAI_CHAU.key, DIEN_BIEN.key))  # fmt: skip
    cite_root = mention("1068", "CĐ-TTg", date=PartialDate(2021, 8, 5))
    province = _with(letter("3542", "UBND-VX", LAI_CHAU, date=PartialDate(2021, 8, 9),
                            mentions=(cite_root,), addressed=(MUONG_TE.key, SIN_HO.key)), SIN_HO)  # fmt: skip
    cite_prov = mention("3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 9))
    # Mường Tè answers through its Phòng Y tế; it also merely mentions the national document
    phong = _with(letter("45", "PYT", PHONG_YT, date=PartialDate(2021, 8, 12),
                         mentions=(cite_prov, replace(cite_root, relation=Relation.CITES,
                                                      start=30, end=41))), PHONG_YT)  # fmt: skip
    # a decision based on the national document directly
    decision = letter("77", "QĐ-UBND", DIEN_BIEN, date=PartialDate(2021, 8, 20),
                      mentions=(replace(cite_root, relation=Relation.BASED_ON),))  # fmt: skip
    s.add_letters([national, province, phong, decision])
    return s


def test_trace_down_follows_implements_and_based_on_not_cites(store: MemoryStore) -> None:
    rows = {r.key: r for r in store.trace_down(ROOT)}
    assert set(rows) == {PROVINCE, "2021/45-pyt@phong-y-te-huyen-muong-te",
                         "2021/77-qd-ubnd@ubnd-tinh-dien-bien"}  # fmt: skip
    assert rows["2021/77-qd-ubnd@ubnd-tinh-dien-bien"].relation == "BASED_ON"
    assert rows["2021/45-pyt@phong-y-te-huyen-muong-te"].depth == 2  # via the province, not CITES
    assert rows[PROVINCE].lag_days == 4


def test_a_unit_writing_instead_of_its_committee_is_shown_not_counted(store: MemoryStore) -> None:
    gaps = {g.authority_key: g for g in store.gaps(ROOT)}
    assert sorted(gaps) == sorted([MUONG_TE.key, SIN_HO.key])
    # Mường Tè's Phòng wrote, the committee did not: told, silent, with the partial answer shown
    assert gaps[MUONG_TE.key].units_replied and not gaps[SIN_HO.key].units_replied
    assert gaps[SIN_HO.key].parent_key == LAI_CHAU.key and gaps[SIN_HO.key].addressed_by == (PROVINCE,)
    assert store.gaps(ROOT, level="province") == []


def test_trace_up_lists_every_chain(store: MemoryStore) -> None:
    extra = mention("77", "QĐ-UBND", issuer=DIEN_BIEN.key, date=PartialDate(2021, 8, 20),
                    relation=Relation.BASED_ON)  # fmt: skip
    cite_prov = mention("3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 9))
    store.add_letters([letter("9", "UBND", MUONG_TE, date=PartialDate(2021, 8, 25),
                              mentions=(cite_prov, replace(extra, start=40, end=50)))])  # fmt: skip
    chains = store.trace_up("2021/9-ubnd@ubnd-huyen-muong-te")
    assert sorted(c.keys for c in chains) == [
        ("2021/9-ubnd@ubnd-huyen-muong-te", PROVINCE, ROOT),
        ("2021/9-ubnd@ubnd-huyen-muong-te", "2021/77-qd-ubnd@ubnd-tinh-dien-bien", ROOT),
    ]
    assert {c.root for c in chains} == {ROOT}
    assert len(store.trace_up("2021/9-ubnd@ubnd-huyen-muong-te", limit=1)) == 1


def test_neighbors_of_an_authority(store: MemoryStore) -> None:
    around = {(n.type, n.direction, n.key) for n in store.neighbors(LAI_CHAU.key)}
    assert ("ISSUED", "out", PROVINCE) in around
    assert ("ADDRESSED_TO", "in", ROOT) in around
    assert ("UNDER", "in", MUONG_TE.key) in around
    assert ("UNDER", "out", "chinh-phu") in around

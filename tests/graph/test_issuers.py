"""A letter whose header names a shared unit: its issuer picked from what it cites, at once or
when the cited letters arrive, and the same answer after a reload."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph.issuers import pick_issuer, score_candidates
from graph.models import Authority, IssuerCandidate, LetterRecord, Level, PartialDate
from graph.store.memory.store import MemoryStore
from graph.testing import DIEN_BIEN, LAI_CHAU, letter, mention
from graph.testing import GOVERNMENT as GOV

# two districts, each with a "Phường 1"
TAM_DUONG = Authority("ubnd-huyen-tam-duong", "UBND huyện Tam Đường", Level.DISTRICT,
                      "people_committee", LAI_CHAU.key)  # fmt: skip
TUAN_GIAO = Authority("ubnd-huyen-tuan-giao", "UBND huyện Tuần Giáo", Level.DISTRICT,
                      "people_committee", DIEN_BIEN.key)  # fmt: skip
WARD_A = Authority("ubnd-phuong-1-tam-duong", "UBND phường 1", Level.COMMUNE,
                   "people_committee", TAM_DUONG.key)  # fmt: skip
WARD_B = Authority("ubnd-phuong-1-tuan-giao", "UBND phường 1", Level.COMMUNE,
                   "people_committee", TUAN_GIAO.key)  # fmt: skip
SEPT_6 = PartialDate(2021, 9, 6)


def _candidate(ward: Authority, district: Authority, province: Authority) -> IssuerCandidate:
    return IssuerCandidate(ward.key, (ward, district, province, GOV))


def _ward_letter(*, date: PartialDate | None = SEPT_6, source: str = "ward.txt") -> LetterRecord:
    """A ward letter of unknown issuer (two Phường 1) carrying out 504/UBND-VP of 6/9."""
    rec = letter("94", "UBND-VP", WARD_A, source=source, date=PartialDate(2021, 9, 10),
                 mentions=(mention("504", "UBND-VP", date=date),))  # fmt: skip
    doc = replace(rec.document, issuer_key=None, level=Level.UNKNOWN)
    return replace(rec, document=doc, authorities=(GOV,), issuer_candidates=(
        _candidate(WARD_A, TAM_DUONG, LAI_CHAU), _candidate(WARD_B, TUAN_GIAO, DIEN_BIEN)))  # fmt: skip


def _district_letter(district: Authority, *, date: PartialDate = SEPT_6) -> LetterRecord:
    rec = letter("504", "UBND-VP", district, date=date, source=f"{district.key}.txt")
    return replace(rec, authorities=(*rec.authorities, TAM_DUONG, TUAN_GIAO))


@pytest.fixture
def store(tmp_path: Path) -> MemoryStore:
    return MemoryStore(tmp_path / "store")


def test_no_evidence_leaves_the_issuer_unknown(store: MemoryStore) -> None:
    (key,) = store.add_letters([_ward_letter()]).keys
    assert "@unknown-" in key
    assert score_candidates(_ward_letter(), store) == [
        (0.0, WARD_A.key), (0.0, WARD_B.key)]  # fmt: skip


def test_cited_letter_already_stored_picks_the_issuer(store: MemoryStore) -> None:
    store.add_letters([_district_letter(TAM_DUONG)])
    (key,) = store.add_letters([_ward_letter()]).keys
    assert key == "2021/94-ubnd-vp@ubnd-phuong-1-tam-duong"
    assert store.documents[key].level is Level.COMMUNE
    assert [r.key for r in store.trace_down("2021/504-ubnd-vp@ubnd-huyen-tam-duong")] == [key]


def test_cited_letter_arriving_later_settles_the_issuer(store: MemoryStore, tmp_path: Path) -> None:
    (first,) = store.add_letters([_ward_letter()]).keys
    assert "@unknown-" in first
    store.add_letters([_district_letter(TUAN_GIAO)])
    settled = "2021/94-ubnd-vp@ubnd-phuong-1-tuan-giao"
    assert first not in store.documents and settled in store.documents
    assert [r.key for r in store.trace_down("2021/504-ubnd-vp@ubnd-huyen-tuan-giao")] == [settled]
    store.close()
    again = MemoryStore(tmp_path / "store")  # journal replay reaches the same answer
    assert settled in again.documents and first not in again.documents


def test_same_number_in_both_districts_needs_the_date(store: MemoryStore) -> None:
    store.add_letters([_district_letter(TAM_DUONG, date=PartialDate(2021, 9, 2)),
                       _district_letter(TUAN_GIAO)])  # fmt: skip
    (key,) = store.add_letters([_ward_letter()]).keys
    assert key.endswith("@ubnd-phuong-1-tuan-giao")  # 504 of 6/9 is Tuần Giáo's


def test_undated_mention_of_a_number_both_districts_issued_stays_unknown(store: MemoryStore) -> None:
    store.add_letters([_district_letter(TAM_DUONG), _district_letter(TUAN_GIAO)])
    assert pick_issuer(_ward_letter(date=None), store) is None
    (key,) = store.add_letters([_ward_letter(date=None)]).keys
    assert "@unknown-" in key


def test_pending_letter_survives_a_compaction(tmp_path: Path) -> None:
    store = MemoryStore(tmp_path / "store")
    store.add_letters([_ward_letter()])
    store.compact()
    store.close()
    store = MemoryStore(tmp_path / "store")
    store.add_letters([_district_letter(TAM_DUONG)])
    assert "2021/94-ubnd-vp@ubnd-phuong-1-tam-duong" in store.documents

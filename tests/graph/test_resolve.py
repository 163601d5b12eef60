"""Identity: stubs, merging, ambiguity, possible matches and inferred years."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph.models import Authority, DocumentStatus, Level, PartialDate, Resolution
from graph.store.memory.store import MemoryStore
from graph.testing import DIEN_BIEN, LAI_CHAU, MUONG_TE, letter, mention
from graph.testing import GOVERNMENT as GOV
from graph.testing import PRIME_MINISTER as TTG


def _citations(store: MemoryStore) -> list:
    return sorted(store.citations(), key=lambda c: (c.source_key, c.start))


@pytest.fixture
def store(tmp_path: Path) -> MemoryStore:
    return MemoryStore(tmp_path / "s")


def test_stub_then_letter_become_one_node(store: MemoryStore) -> None:
    cite = mention("3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 3))
    store.add_letters([letter("12", "UBND", MUONG_TE, mentions=(cite,))])
    key = "2021/3542-ubnd-vx@ubnd-tinh-lai-chau"
    stub = store.get(key)
    assert stub.status is DocumentStatus.STUB  # type: ignore[union-attr]
    assert [c.resolution for c in store.citations()] == [Resolution.STUB]
    summary = store.add_letters([letter("3542", "UBND-VX", LAI_CHAU, date=PartialDate(2021, 8, 3))])
    assert summary.keys == (key,)
    assert store.get(key).status is DocumentStatus.FULL  # type: ignore[union-attr]
    assert store.stats().documents == 2
    assert [(c.target_key, c.resolution) for c in store.citations()] == [(key, Resolution.RESOLVED)]


def test_two_mentions_from_two_letters_share_a_stub(store: MemoryStore) -> None:
    a = mention("1068", "CĐ-TTg", date=PartialDate(2021, 8, 5))
    b = mention("1068", "CD-TTg", context_year=2021, subject="về phòng chống dịch")
    store.add_letters([letter("1", "UBND", MUONG_TE, mentions=(a,)),
                       letter("2", "UBND-VX", LAI_CHAU, mentions=(b,))])  # fmt: skip
    assert {c.target_key for c in store.citations()} == {"2021/1068-cd-ttg"}
    stub = store.get("2021/1068-cd-ttg")
    assert stub.subject == "về phòng chống dịch"  # type: ignore[union-attr]
    assert stub.issued_on == PartialDate(2021, 8, 5)  # type: ignore[union-attr]
    assert stub.level.value == "central"


def test_year_inferred_from_the_citing_letter(store: MemoryStore) -> None:
    m = mention("1068", "CĐ-TTg", context_year=2021)
    store.add_letters([letter("1", "UBND", MUONG_TE, mentions=(m,))])
    stub = store.get("2021/1068-cd-ttg")
    assert stub.year_inferred  # type: ignore[union-attr]


def test_inferred_year_prefers_last_years_known_document(store: MemoryStore) -> None:
    store.add_letters([letter("1068", "CĐ-TTg", TTG, date=PartialDate(2021, 12, 28))])
    m = mention("1068", "CĐ-TTg", context_year=2022)
    store.add_letters([letter("1", "UBND", MUONG_TE, date=PartialDate(2022, 1, 4), mentions=(m,))])
    assert [c.target_key for c in store.citations()] == ["2021/1068-cd-ttg"]


def test_local_symbol_without_issuer_is_ambiguous(store: MemoryStore) -> None:
    store.add_letters([letter("3542", "UBND-VX", LAI_CHAU, source="a"),
                       letter("3542", "UBND-VX", DIEN_BIEN, source="b")])  # fmt: skip
    dien_bien_letter = letter("7", "UBND", DIEN_BIEN, mentions=(mention("3542", "UBND-VX"),))
    # the citing letter's own province issued one of them: that one is meant
    store.add_letters([dien_bien_letter])
    (c,) = store.citations()
    assert c.target_key == "2021/3542-ubnd-vx@ubnd-tinh-dien-bien"
    assert c.resolution is Resolution.RESOLVED


def test_ambiguous_lists_candidates_then_resolves_when_clear(store: MemoryStore) -> None:
    other = Authority("ubnd-tinh-x", "UBND tỉnh X", Level.PROVINCE, "people_committee", GOV.key)
    other_letter = letter("3542", "UBND-VX", other, source="c")
    other_letter = replace(other_letter, authorities=(*other_letter.authorities, other))
    store.add_letters([letter("3542", "UBND-VX", DIEN_BIEN, source="b"), other_letter])
    store.add_letters([letter("9", "UBND", MUONG_TE, mentions=(mention("3542", "UBND-VX"),))])
    (c,) = store.citations()
    assert c.resolution is Resolution.AMBIGUOUS
    assert c.target_key == "2021/3542-ubnd-vx@unknown"
    assert c.candidates == ("2021/3542-ubnd-vx@ubnd-tinh-dien-bien", "2021/3542-ubnd-vx@ubnd-tinh-x")
    # Mường Tè's own province letter arrives: the citation moves to it, the placeholder goes
    store.add_letters([letter("3542", "UBND-VX", LAI_CHAU, source="a")])
    (c,) = store.citations()
    assert (c.target_key, c.resolution) == ("2021/3542-ubnd-vx@ubnd-tinh-lai-chau", Resolution.RESOLVED)
    with pytest.raises(KeyError):
        store.get("2021/3542-ubnd-vx@unknown")


def test_unnumbered_draft_gets_a_possible_match_not_a_merge(store: MemoryStore) -> None:
    draft = letter(None, "UBND-VX", LAI_CHAU, date=PartialDate(2021, 8, 3),
                   subject="V/v triển khai phòng, chống dịch COVID-19", source="draft.txt")  # fmt: skip
    (draft_key,) = store.add_letters([draft]).keys
    assert draft_key.startswith("2021/draft-ubnd-vx-2021-08-03-")
    assert draft_key.endswith("@ubnd-tinh-lai-chau")
    cite = mention("3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 5),
                   subject="triển khai phòng, chống dịch COVID-19")  # fmt: skip
    other = mention("3600", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 6),
                    subject="bảo đảm an toàn giao thông")  # fmt: skip
    store.add_letters([letter("12", "UBND", MUONG_TE, mentions=(cite, other))])
    by_target = {c.target_key: c for c in store.citations()}
    c = by_target["2021/3542-ubnd-vx@ubnd-tinh-lai-chau"]
    assert c.resolution is Resolution.POSSIBLE_MATCH and c.candidates == (draft_key,)
    assert c.score is not None and 0.8 <= c.score <= 1
    assert by_target["2021/3600-ubnd-vx@ubnd-tinh-lai-chau"].resolution is Resolution.STUB
    assert store.stats().documents == 4  # the draft, the letter, two stubs: nothing merged


def test_draft_ingested_after_the_mention_is_found(store: MemoryStore) -> None:
    cite = mention("3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 5),
                   subject="triển khai phòng, chống dịch COVID-19")  # fmt: skip
    store.add_letters([letter("12", "UBND", MUONG_TE, mentions=(cite,))])
    store.add_letters([letter(None, "UBND-VX", LAI_CHAU, date=PartialDate(2021, 8),
                              subject="V/v triển khai phòng, chống dịch COVID-19")])  # fmt: skip
    (c,) = store.citations()
    assert c.resolution is Resolution.DRAFT_MATCH  # the unsigned copy is the document cited
    assert c.target_key.startswith("2021/draft-ubnd-vx-2021-08-")
    assert c.candidates == ("2021/3542-ubnd-vx@ubnd-tinh-lai-chau",)
    assert c.score is not None and c.score >= 0.85
    assert store.stats().documents == 2  # the letter and the draft: the stub is gone


def test_unsigned_copy_ingested_first_is_followed_by_number(store: MemoryStore) -> None:
    """Seeds 000/001: `Số: /UBND-VX`, blank day; the letter below cites 3542/UBND-VX."""
    (draft_key,) = store.add_letters([letter(None, "UBND-VX", LAI_CHAU, date=PartialDate(2021, 8),
        subject="V/v triển khai phòng, chống dịch COVID-19", source="copy.txt")]).keys  # fmt: skip
    cite = mention("3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 5))
    child = letter("12", "UBND", MUONG_TE, mentions=(cite,),
                   subject="V/v triển khai phòng, chống dịch COVID-19")  # fmt: skip
    (child_key,) = store.add_letters([child]).keys
    (c,) = store.citations()
    assert (c.target_key, c.resolution) == (draft_key, Resolution.DRAFT_MATCH)
    assert [r.key for r in store.trace_down(draft_key)] == [child_key]


def test_two_similar_drafts_are_not_merged(store: MemoryStore) -> None:
    for source in ("a.txt", "b.txt"):
        store.add_letters([letter(None, "UBND-VX", LAI_CHAU, date=PartialDate(2021, 8), source=source, body=source,
            subject="V/v triển khai phòng, chống dịch COVID-19")])  # fmt: skip
    cite = mention("3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 5),
                   subject="triển khai phòng, chống dịch COVID-19")  # fmt: skip
    store.add_letters([letter("12", "UBND", MUONG_TE, mentions=(cite,))])
    (c,) = store.citations()
    assert c.resolution is Resolution.POSSIBLE_MATCH  # which copy? an analyst decides
    assert c.target_key == "2021/3542-ubnd-vx@ubnd-tinh-lai-chau"


def test_self_mention_is_not_an_edge(store: MemoryStore) -> None:
    own = mention("3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 10))
    store.add_letters([letter("3542", "UBND-VX", LAI_CHAU, mentions=(own,))])
    assert store.stats().citations == 0


def test_remove_source_keeps_stubs_still_cited(store: MemoryStore) -> None:
    shared = mention("1068", "CĐ-TTg", date=PartialDate(2021, 8, 5))
    a = letter("1", "UBND", MUONG_TE, mentions=(shared,), source="a.txt")
    b = letter("2", "UBND-VX", LAI_CHAU, mentions=(shared,), source="b.txt")
    store.add_letters([a, b])
    assert store.remove_source("a.txt") is True
    assert store.remove_source("a.txt") is False
    assert store.get("2021/1068-cd-ttg").status is DocumentStatus.STUB  # type: ignore[union-attr]
    store.remove_source("b.txt")
    assert store.stats().documents == 0


def test_cited_letter_removed_becomes_a_stub(store: MemoryStore) -> None:
    store.add_letters([letter("3542", "UBND-VX", LAI_CHAU, source="p.txt")])
    cite = mention("3542", "UBND-VX", issuer=LAI_CHAU.key, date=PartialDate(2021, 8, 10))
    store.add_letters([letter("12", "UBND", MUONG_TE, mentions=(cite,), source="d.txt")])
    store.remove_source("p.txt")
    key = "2021/3542-ubnd-vx@ubnd-tinh-lai-chau"
    assert store.get(key).status is DocumentStatus.STUB  # type: ignore[union-attr]
    assert store.letter_text(key) is None
    assert [c.resolution for c in store.citations()] == [Resolution.STUB]


def test_new_sha_replaces_the_letters_edges(store: MemoryStore) -> None:
    old = letter("12", "UBND", MUONG_TE, source="d.txt", sha="1",
                 mentions=(mention("1068", "CĐ-TTg", date=PartialDate(2021, 8, 5)),))  # fmt: skip
    new = letter("12", "UBND", MUONG_TE, source="d.txt", sha="2",
                 mentions=(mention("1069", "CĐ-TTg", date=PartialDate(2021, 8, 6)),))  # fmt: skip
    store.add_letters([old])
    summary = store.add_letters([new])
    assert (summary.added, summary.replaced) == (0, 1)
    assert {c.target_key for c in store.citations()} == {"2021/1069-cd-ttg"}
    with pytest.raises(KeyError):
        store.get("2021/1068-cd-ttg")  # its only citation went with the old version
    assert store.sources() == {"d.txt": "2"}

"""Patterns the reference finder uses as cheap tests before dearer ones: each must match
wherever the ones it stands for do."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.references.grammar import (
    AFTER_CUE_RE,
    DATE_RE,
    ISSUER_CUE_RE,
    PROVINCE_UBND_CORES,
    REVERSED_CLAUSE_END_RE,
    REVERSED_SENTENCE_END_RE,
    SUBJECT_RE,
)


@pytest.mark.parametrize(("text", "matches"), [
    pytest.param(" ngày 05/8/2021", True, id="date"),
    pytest.param(", của Bộ Y tế", True, id="issuer"),
    pytest.param(" (ký ngày 5/8/2021)", True, id="signed"),
    pytest.param(" về việc tăng cường", True, id="subject"),
    pytest.param(" V/v triển khai", True, id="vv"),
    pytest.param(",\nban hành bởi Tỉnh ủy", True, id="issued-by"),
    pytest.param("; Công văn số 12", False, id="next-reference"),
    pytest.param(" tại Hà Nội", False, id="place"),
    pytest.param(" và 13/UBND-VX", False, id="list"),
    pytest.param(" cho các huyện", False, id="recipients"),
])
def test_after_cue(text: str, matches: bool) -> None:
    assert (AFTER_CUE_RE.match(text) is not None) is matches


_AFTER = st.lists(st.sampled_from([
    " ", "\t", "\n", ",", "(", "ngày", "Ngày", "ký", "ban", "hành", "được", "bởi", "của", "do",
    "về", "việc", "V/v", "v/v", "Thủ", "tướng", "UBND", "tỉnh", "05/8/2021", "5", "tháng", "8",
    "năm", "2021", "tăng", "cường", "x",
]), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(_AFTER)
def test_after_cue_matches_wherever_a_cue_does(text: str) -> None:
    if DATE_RE.match(text) or ISSUER_CUE_RE.match(text) or SUBJECT_RE.match(text):
        assert AFTER_CUE_RE.match(text) is not None


@pytest.mark.parametrize(("text", "core"), [
    pytest.param("UBND tỉnh Lai Châu", 0, id="ubnd"),
    pytest.param("UBND\nTP. Hải Phòng", 0, id="ubnd-tp"),
    pytest.param("Ủy ban nhân dân Thành phố Hà Nội", 1, id="committee"),
    pytest.param("ỦY BAN\nNHÂN DÂN TỈNH LAI CHÂU", 2, id="committee-upper"),
])
def test_province_cores_match(text: str, core: int) -> None:
    assert PROVINCE_UBND_CORES[core].search(text) is not None


@pytest.mark.parametrize("text", [
    pytest.param("Ủy ban về việc", id="uy-ban-alone"),
    pytest.param("UBND huyện Mường Tè", id="district"),
    pytest.param("ban nhân dân xã", id="commune"),
])
def test_province_cores_do_not_match(text: str) -> None:
    assert all(core.search(text) is None for core in PROVINCE_UBND_CORES)


_REVERSED = st.lists(st.sampled_from(
    [".", ";", "!", "?", "…", " ", "\n", "\t", "a", "b", "Đ", "1"]
), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(_REVERSED, st.integers(min_value=1, max_value=40))
def test_nearest_clause_end_that_is_no_semicolon_is_the_nearest_sentence_end(
    text: str, reach: int
) -> None:
    """The finder reuses a clause end found within ``reach`` as the sentence end."""
    clause = REVERSED_CLAUSE_END_RE.search(text, 0, reach)
    if clause is not None and text[clause.start()] != ";":
        sentence = REVERSED_SENTENCE_END_RE.search(text)
        assert sentence is not None
        assert (sentence.start(), sentence.group()[0]) == (clause.start(), clause.group()[0])

"""Group recipients expand on the administrative map of the letter's date."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.models import Level
from ingest.gazetteer.authorities import Context, default_gazetteer
from ingest.records import expand_recipient


@pytest.fixture(scope="module")
def lai_chau_context_on():  # type: ignore[no-untyped-def]
    gaz = default_gazetteer()
    province = gaz.resolve("UBND tỉnh Lai Châu")
    assert province is not None

    def make(on: dt.date) -> Context:
        return Context(issuer=province, province=province, on=on)

    return make


def test_districts_of_the_old_map_before_july_2025(lai_chau_context_on) -> None:  # type: ignore[no-untyped-def]
    found = expand_recipient(
        "- UBND các huyện, thành phố;", lai_chau_context_on(dt.date(2022, 9, 1))
    )
    assert len(found) == 8 and all(a.level is Level.DISTRICT for a in found)
    assert "ubnd-huyen-muong-te-lai-chau" in {a.key for a in found}


def test_no_districts_and_new_communes_after_july_2025(lai_chau_context_on) -> None:  # type: ignore[no-untyped-def]
    ctx = lai_chau_context_on(dt.date(2025, 9, 1))
    assert expand_recipient("- UBND các huyện, thành phố;", ctx) == []
    communes = expand_recipient("- UBND các xã, phường;", ctx)
    old = expand_recipient("- UBND các xã, phường;", lai_chau_context_on(dt.date(2022, 9, 1)))
    assert communes and all(a.level is Level.COMMUNE for a in communes)
    assert len(communes) < len(old)  # communes were merged on the new map


@pytest.mark.parametrize("item", ["- Như trên;", "- Lưu: VT, VX1.", "Như kính gửi"])
def test_items_that_name_nobody(item: str, lai_chau_context_on) -> None:  # type: ignore[no-untyped-def]
    assert expand_recipient(item, lai_chau_context_on(dt.date(2022, 9, 1))) == []

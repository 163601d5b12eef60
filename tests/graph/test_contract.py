"""The store contract: every backend answers the analysts' queries the same way, checked on a
generated cascade whose answers are known (graph.testing)."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from graph.errors import AmbiguousKeyError, KeyNotFoundError
from graph.models import Document, DocumentStatus, Level
from graph.store.base import GraphStore
from graph.testing import PRIME_MINISTER, Cascade


def test_counts_after_ingest(loaded: GraphStore, cascade: Cascade) -> None:
    s = loaded.stats()
    assert s.documents == s.full == len(cascade.records)
    assert s.stubs == 0
    assert s.citations == len(cascade.records) - len(cascade.roots)
    assert s.by_resolution == {"resolved": s.citations}
    assert s.sources == len(cascade.records)


@pytest.mark.parametrize("root_index", [0, 1], ids=["root0", "root1"])
def test_trace_down_finds_the_whole_cascade(
    loaded: GraphStore, cascade: Cascade, root_index: int
) -> None:
    root = cascade.roots[root_index]
    rows = loaded.trace_down(root)
    expected = set(cascade.responding_provinces[root]) | set(cascade.implementers[root])
    assert {r.key for r in rows} == expected
    assert len(rows) == len(expected)  # each document once
    for r in rows:
        assert r.path[0] == root and r.path[-1] == r.key and r.depth == len(r.path) - 1
        assert r.lag_days == cascade.lags[r.key]
        assert r.relation == "IMPLEMENTS"
    assert {r.level for r in rows if r.depth == 1} == {"province"}
    assert {r.level for r in rows if r.depth == 2} == {"district"}


def test_trace_down_caps(loaded: GraphStore, cascade: Cascade) -> None:
    root = cascade.roots[0]
    assert {r.depth for r in loaded.trace_down(root, depth=1)} == {1}
    assert len(loaded.trace_down(root, limit=5)) == 5
    provinces = loaded.trace_down(root, level="province")
    assert {r.key for r in provinces} == set(cascade.responding_provinces[root])


def test_implementers_at_district_level(loaded: GraphStore, cascade: Cascade) -> None:
    root = cascade.roots[1]
    rows = loaded.trace_down(root, level=Level.DISTRICT)
    assert {r.key for r in rows} == set(cascade.implementers[root])


def test_trace_up_reaches_the_national_root(loaded: GraphStore, cascade: Cascade) -> None:
    root = cascade.roots[0]
    district = cascade.implementers[root][0]
    chains = loaded.trace_up(district)
    assert len(chains) == 1
    assert chains[0].root == root
    assert [s.level for s in chains[0].steps] == ["province", "central"]
    assert chains[0].keys[0] == district
    assert loaded.trace_up(root) == []  # a root has nothing above it


@pytest.mark.parametrize("root_index", [0, 1], ids=["root0", "root1"])
def test_gaps_are_the_silent_authorities(
    loaded: GraphStore, cascade: Cascade, root_index: int
) -> None:
    root = cascade.roots[root_index]
    gaps = loaded.gaps(root)
    assert {g.authority_key for g in gaps} == cascade.gaps[root]
    assert cascade.gaps[root], "the generator should leave some authorities silent"
    for g in gaps:
        assert g.addressed_by and g.parent_key is not None
    districts = loaded.gaps(root, level="district")
    assert {g.level for g in districts} == {"district"}
    assert all(g.parent_name and g.parent_name.startswith("Ủy ban") for g in districts)


def test_timeline_orders_by_date_and_summarizes_levels(
    loaded: GraphStore, cascade: Cascade
) -> None:
    root = cascade.roots[0]
    tl = loaded.timeline(root)
    assert tl.rows[0].key == root
    dates = [r.issued_on.iso() for r in tl.rows if r.issued_on]
    assert [d for d in dates if d] == sorted(d for d in dates if d)
    levels = {s.level: s for s in tl.levels}
    assert set(levels) == {"central", "province", "district"}
    assert levels["province"].documents == len(cascade.responding_provinces[root])
    prov_lags = sorted(
        v for k, v in cascade.lags.items() if k in cascade.responding_provinces[root] and v
    )
    assert levels["province"].median_lag_days == pytest.approx(
        sorted(prov_lags)[len(prov_lags) // 2]
        if len(prov_lags) % 2
        else (prov_lags[len(prov_lags) // 2 - 1] + prov_lags[len(prov_lags) // 2]) / 2
    )
    json.dumps(tl.to_json())


@pytest.mark.parametrize(
    "query",
    ["1000/CĐ-TTg", "1000/CD-TTg", "cong dien 1000", "Công điện 1000", "THU TUONG 1000"],
    ids=["symbol", "folded-symbol", "folded-words", "diacritics", "issuer-upper"],
)
def test_search_with_or_without_diacritics(loaded: GraphStore, cascade: Cascade, query: str) -> None:
    hits = loaded.search(query)
    assert hits and hits[0].key == cascade.roots[0]


def test_search_by_subject_and_issuer(loaded: GraphStore) -> None:
    hits = loaded.search("Tân 07 phòng chống dịch", limit=50)
    assert hits and all(h.issuer_key and "t07" in h.issuer_key for h in hits)
    assert len(loaded.search("dich", limit=3)) == 3
    assert loaded.search("khong co gi ca") == []


@pytest.mark.parametrize(
    ("text", "issuer", "year"),
    [
        ("1000/CĐ-TTg", None, None),
        ("1000/CD-TTg", None, 2021),
        ("2021/1000-cd-ttg", None, None),
    ],
    ids=["as-written", "folded-with-year", "full-key"],
)
def test_lookup_national(
    loaded: GraphStore, cascade: Cascade, text: str, issuer: str | None, year: int | None
) -> None:
    assert loaded.lookup(text, issuer=issuer, year=year) == [cascade.roots[0]]


def test_lookup_local_needs_an_issuer(loaded: GraphStore) -> None:
    with pytest.raises(AmbiguousKeyError) as e:
        loaded.lookup("3000/UBND-VX")
    assert len(e.value.candidates) > 10
    assert loaded.lookup("3000/UBND-VX", issuer="ubnd-tinh-t05") == [
        "2021/3000-ubnd-vx@ubnd-tinh-t05"
    ]
    assert loaded.lookup("3000/UBND-VX", issuer="tỉnh Tân 05") == ["2021/3000-ubnd-vx@ubnd-tinh-t05"]
    with pytest.raises(KeyNotFoundError):
        loaded.lookup("3000/UBND-VX", issuer="ubnd-tinh-t05", year=2019)
    with pytest.raises(KeyNotFoundError):
        loaded.lookup("not a number")


def test_get_neighbors_and_text(loaded: GraphStore, cascade: Cascade) -> None:
    root = cascade.roots[0]
    doc = loaded.get(root)
    assert isinstance(doc, Document) and doc.status is DocumentStatus.FULL
    assert loaded.get(PRIME_MINISTER.key).name == "Thủ tướng Chính phủ"  # type: ignore[union-attr]
    with pytest.raises(KeyNotFoundError):
        loaded.get("2021/9999-cd-ttg")
    around = loaded.neighbors(root)
    types = {(n.type, n.direction) for n in around}
    assert ("ISSUED", "in") in types and ("ADDRESSED_TO", "out") in types
    implementing = [n for n in around if n.type == "IMPLEMENTS"]
    assert {n.key for n in implementing} == set(cascade.responding_provinces[root])
    assert all(n.evidence and n.text and n.resolution == "resolved" for n in implementing)
    text = loaded.letter_text(implementing[0].key)
    assert text is not None and text[implementing[0].start : implementing[0].end] == implementing[0].text


def test_subgraph_whole_and_under_root(loaded: GraphStore, cascade: Cascade) -> None:
    whole = loaded.subgraph()
    assert isinstance(whole, nx.MultiDiGraph)
    labels = nx.get_node_attributes(whole, "label")
    assert sum(1 for v in labels.values() if v == "Document") == len(cascade.records)
    types = {d["type"] for _, _, d in whole.edges(data=True)}
    assert types == {"IMPLEMENTS", "ISSUED", "ADDRESSED_TO", "UNDER"}
    root = cascade.roots[1]
    sub = loaded.subgraph(root)
    docs = {n for n, d in sub.nodes(data=True) if d["label"] == "Document"}
    assert docs == {root, *cascade.responding_provinces[root], *cascade.implementers[root]}


def test_unknown_key_errors(loaded: GraphStore) -> None:
    for query in (loaded.trace_down, loaded.trace_up, loaded.gaps, loaded.timeline):
        with pytest.raises(KeyNotFoundError):
            query("2021/1-nope")


def test_depth_none_means_unbounded(loaded: GraphStore, cascade: Cascade) -> None:
    root = cascade.roots[0]
    assert loaded.trace_down(root, depth=None) == loaded.trace_down(root)
    assert loaded.trace_down(root, depth=0) == []


# -- listings --------------------------------------------------------------------------------


def test_list_documents_pages_newest_first(loaded: GraphStore, cascade: Cascade) -> None:
    first = loaded.list_documents(limit=10)
    assert first.total == len(cascade.records) and (first.limit, first.offset) == (10, 0)
    assert len(first.items) == 10
    second = loaded.list_documents(limit=10, offset=10)
    assert not {d.key for d in first.items} & {d.key for d in second.items}
    both = [*first.items, *second.items]
    order = [((d.issued_on.iso() or "") if d.issued_on else "", d.key) for d in both]
    assert order == sorted(order, reverse=True)
    assert loaded.list_documents(limit=5, offset=first.total).items == ()


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param({"level": "province"}, "provinces", id="level"),
        pytest.param({"level": Level.DISTRICT}, "districts", id="level-enum"),
        pytest.param({"kind": "cong dien"}, "roots", id="kind-folded"),
        pytest.param({"issuer": PRIME_MINISTER.key}, "roots", id="issuer-key"),
        pytest.param({"issuer": "thu tuong"}, "roots", id="issuer-name-folded"),
        pytest.param({"year": 2021, "level": "central"}, "roots", id="year"),
        pytest.param({"year": 2020}, "none", id="other-year"),
        pytest.param({"status": "stub"}, "none", id="status"),
    ],
)
def test_list_documents_filters(
    loaded: GraphStore, cascade: Cascade, filters: dict[str, object], expected: str
) -> None:
    want = {
        "provinces": {k for ks in cascade.responding_provinces.values() for k in ks},
        "districts": {k for ks in cascade.implementers.values() for k in ks},
        "roots": set(cascade.roots),
        "none": set(),
    }[expected]
    page = loaded.list_documents(**filters, limit=10_000)  # type: ignore[arg-type]
    assert {d.key for d in page.items} == want and page.total == len(want)


def test_list_documents_with_words(loaded: GraphStore, cascade: Cascade) -> None:
    root = loaded.get(cascade.roots[0])
    assert isinstance(root, Document) and root.number
    page = loaded.list_documents(q=f"{root.number} cd ttg", limit=10)
    assert [d.key for d in page.items] == [root.key] and page.total == 1


def test_list_authorities(loaded: GraphStore, cascade: Cascade) -> None:
    provinces = loaded.list_authorities(level="province", limit=1000)
    assert {a.key for a in provinces.items} == {p.key for p in cascade.provinces}
    assert provinces.total == len(cascade.provinces)
    names = [a.name for a in provinces.items]
    assert names == sorted(names)
    top = loaded.list_authorities(limit=2)
    assert [a.level for a in top.items] == [Level.CENTRAL, Level.CENTRAL] and top.total > 2
    province = cascade.provinces[0]
    under = loaded.list_authorities(under=province.key, limit=1000)
    assert {a.key for a in under.items} == {d.key for d in cascade.districts[province.key]}
    found = loaded.list_authorities(q="Thủ tướng")
    assert [a.key for a in found.items] == [PRIME_MINISTER.key]
    assert loaded.list_authorities(q="no such body").total == 0


def test_refresh_keeps_the_answers(loaded: GraphStore, cascade: Cascade) -> None:
    before = loaded.stats()
    loaded.refresh()
    assert loaded.stats() == before


def test_provenance_counts_every_link_of_the_trace(loaded: GraphStore, cascade: Cascade) -> None:
    """Every link of a generated cascade is by the number written: nothing to check by hand."""
    root = cascade.roots[0]
    p = loaded.provenance(root)
    assert p.root == root and p.links == len(loaded.trace_down(root, depth=None, limit=10**6))
    assert (p.exact, p.draft_matches, p.ambiguous) == (p.links, 0, 0)
    assert p.might_belong == ()

"""The pyvis viewer: layout, styling, grouping and offline rendering, on synthetic graphs."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from api.viewer import (
    LEVEL_COLOURS,
    ViewerOptions,
    build_network,
    cascade_graph,
    group_leaves,
    viewer_html,
)

LEVELS = ["central", "province", "district", "commune"]


def store_like(n_districts: int = 3, communes_each: int = 2) -> nx.MultiDiGraph:
    """A subgraph shaped like ``GraphStore.subgraph()``: TTg → province → districts → communes."""
    g = nx.MultiDiGraph()
    auths = {"ttg": ("Thủ tướng Chính phủ", "central"), "lc": ("UBND tỉnh Lai Châu", "province")}
    for key, (name, level) in auths.items():
        g.add_node(key, label="Authority", key=key, name=name, level=level)

    def doc(key: str, level: str, issuer: str, date: str, kind: str = "Công văn") -> None:
        g.add_node(key, label="Document", key=key, level=level, issuer_key=issuer, kind=kind,
                   number=key.split("/")[-1], symbol="UBND-VX", issued_on=date, status="full",
                   subject=f"Thực hiện <b>{key}</b>")  # fmt: skip
        g.add_edge(issuer, key, "ISSUED", type="ISSUED")

    def cite(src: str, dst: str, rel: str = "IMPLEMENTS") -> None:
        g.add_edge(src, dst, f"{rel}:0:1", type=rel, relation=rel.lower(), evidence="…")

    doc("2021/1068", "central", "ttg", "2021-08-05", kind="Công điện")
    doc("2021/2000", "province", "lc", "2021-08-10")
    cite("2021/2000", "2021/1068")
    for d in range(n_districts):
        dk = f"h{d}"
        g.add_node(dk, label="Authority", key=dk, name=f"UBND huyện {d}", level="district")
        doc(f"2021/3{d:03d}", "district", dk, "2021-08-20")
        cite(f"2021/3{d:03d}", "2021/2000")
        for c in range(communes_each):
            ck = f"x{d}-{c}"
            g.add_node(ck, label="Authority", key=ck, name=f"UBND xã {d}-{c}", level="commune")
            doc(f"2021/4{d:03d}{c:03d}", "commune", ck, "2021-08")
            cite(f"2021/4{d:03d}{c:03d}", f"2021/3{d:03d}", "CITES" if c % 2 else "IMPLEMENTS")
    return g


def data_of(html: str) -> dict[str, object]:
    raw = html.split('<script id="graph-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    return json.loads(raw)  # type: ignore[no-any-return]


def test_cascade_graph_keeps_documents_and_flows_down() -> None:
    c = cascade_graph(store_like())
    assert all(a.get("label") == "Document" for _, a in c.nodes(data=True))
    assert c.has_edge("2021/1068", "2021/2000")  # cited → citing
    assert c.edges["2021/2000", "2021/3000"]["lag_days"] == 10
    assert c.nodes["2021/2000"]["issuer_name"] == "UBND tỉnh Lai Châu"


def test_from_the_input_graph_nothing_is_mutated() -> None:
    g = store_like()
    before = (nx.to_dict_of_dicts(g), dict(g.nodes(data=True)))
    build_network(g, "2021/1068", ViewerOptions(max_nodes=5))
    assert (nx.to_dict_of_dicts(g), dict(g.nodes(data=True))) == before


def test_nodes_coloured_by_level_shaped_by_kind_linked_and_titled() -> None:
    net = build_network(store_like(), "2021/1068")
    nodes = {n["id"]: n for n in net.nodes}
    root = nodes["2021/1068"]
    assert root["color"]["border"] == LEVEL_COLOURS["central"]
    assert root["shape"] == "diamond"  # công điện
    assert nodes["2021/2000"]["shape"] == "dot"
    assert nodes["2021/3000"]["url"] == "/documents/2021/3000"
    assert "Lag: 10 days" in nodes["2021/3000"]["title"]
    assert "UBND huyện 0" in nodes["2021/3000"]["title"]
    assert [nodes[k]["level"] for k in ("2021/1068", "2021/2000", "2021/3000")] == [0, 2, 3]


@pytest.mark.parametrize(
    ("n_districts", "physics"), [(3, True), (60, False)], ids=["small-physics", "large-fixed"]
)
def test_physics_off_with_positions_above_the_threshold(n_districts: int, physics: bool) -> None:
    net = build_network(store_like(n_districts, 5), None, ViewerOptions(physics_max_nodes=100))
    assert net.options["physics"]["enabled"] is physics
    has_xy = all("x" in n and "y" in n for n in net.nodes)
    assert has_xy is not physics
    if not physics:  # national on top, communes at the bottom
        y = {n["id"]: n["y"] for n in net.nodes}
        assert y["2021/1068"] < y["2021/2000"] < y["2021/3000"] < y["2021/4000000"]


def test_time_layout_puts_later_documents_to_the_right() -> None:
    net = build_network(store_like(), None, ViewerOptions(layout="time"))
    x = {n["id"]: n["x"] for n in net.nodes}
    assert x["2021/1068"] < x["2021/2000"] < x["2021/3000"]
    assert net.options["physics"]["enabled"] is False


def test_leaves_grouped_by_issuer_beyond_the_cap() -> None:
    c = cascade_graph(store_like(n_districts=4, communes_each=1))
    grouped = group_leaves(c, max_nodes=4)
    assert c.number_of_nodes() == 10  # input unchanged
    assert grouped.number_of_nodes() == 10  # each commune letter implements a different one
    c3 = cascade_graph(store_like(n_districts=1, communes_each=6))  # six communes, one parent
    g3 = group_leaves(c3, max_nodes=4)
    assert g3.number_of_nodes() == 3 + 1
    (group,) = (a for _, a in g3.nodes(data=True) if a.get("label") == "Group")
    assert group["count"] == 6 and group["issuer_name"] == "commune letters implementing 3000/UBND-VX"
    c2 = cascade_graph(store_like(n_districts=2, communes_each=30))
    g2 = group_leaves(c2, max_nodes=10)
    groups = [a for _, a in g2.nodes(data=True) if a.get("label") == "Group"]
    assert len(groups) == 2 and sorted(a["count"] for a in groups) == [30, 30]
    assert g2.number_of_nodes() == 2 + 2 + 2
    assert all(g2.in_degree(n) == 1 for n, a in g2.nodes(data=True) if a.get("label") == "Group")


def test_no_grouping_under_the_cap() -> None:
    c = cascade_graph(store_like())
    assert group_leaves(c, max_nodes=1000) is c


@pytest.mark.parametrize("inline", [False, True], ids=["served", "standalone"])
def test_rendered_page_is_offline(inline: bool) -> None:
    html = viewer_html(store_like(), "2021/1068", title="1068/CĐ-TTg", inline=inline)
    tags = re.findall(r"<(?:script|link)\b[^>]*>", html)
    for tag in tags:
        assert "http" not in tag, tag
    if inline:
        assert not any("src=" in t or "href=" in t for t in tags)
        assert len(html) > 400_000  # vis-network is inside
    else:
        assert '<script src="/static/vendor/vis-network/vis-network.min.js">' in html
    assert "bootstrap" not in html.lower()


def test_untrusted_text_cannot_close_the_script() -> None:
    g = store_like()
    g.nodes["2021/2000"]["subject"] = '</script><script>alert(1)</script> & "quotes"'
    html = viewer_html(g, None, title="<b>title</b>")
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;title&lt;/b&gt;" in html
    data = data_of(html)
    titles = [n["title"] for n in data["nodes"]]  # type: ignore[index, union-attr]
    assert any('</script><script>alert(1)</script> & "quotes"' in t for t in titles)


def test_options_reach_the_page_as_an_object() -> None:
    options = data_of(viewer_html(store_like(), None, title="t"))["options"]
    assert isinstance(options, dict) and options["physics"]["enabled"] is True


def test_empty_graph_renders() -> None:
    html = viewer_html(nx.MultiDiGraph(), None, title="empty")
    assert data_of(html)["nodes"] == []

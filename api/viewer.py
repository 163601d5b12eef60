"""The graph viewer: a cascade drawn with pyvis / vis-network, fully offline.

:func:`~api.viewer_graph.cascade_graph` keeps the documents of a store subgraph and turns citations into edges
that flow down (cited → citing); :func:`build_network` lays it out (by level, national at the
top, or by date on the x-axis), colours nodes by level and shapes them by kind, and groups the
leaves by issuer beyond ``max_nodes``; :func:`render_viewer` writes the page with the project's
own template (pyvis's templates link Bootstrap and vis-network from CDNs in every mode):
vis-network is either linked from ``/static`` or inlined for a standalone file.

Letter content reaches the page only as JSON inside a ``<script>`` (with ``<``, ``>`` and ``&``
escaped) and is shown by vis-network as canvas text or ``innerText`` tooltips, never as HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from api.viewer_graph import cascade_graph, group_leaves, label
from graph.models import Level, PartialDate
from graph.normalize import fold

__all__ = [
    "LEVEL_COLOURS",
    "ViewerOptions",
    "build_network",
    "cascade_graph",
    "group_leaves",
    "render_viewer",
    "viewer_html",
]

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATE_DIR = Path(__file__).parent / "templates"
VIS_DIR = STATIC_DIR / "vendor" / "vis-network"

LEVEL_COLOURS: dict[str, str] = {
    Level.CENTRAL: "#b91c1c",
    Level.MINISTRY: "#c2410c",
    Level.PROVINCE: "#1d4ed8",
    Level.DISTRICT: "#047857",
    Level.COMMUNE: "#7c3aed",
    Level.UNKNOWN: "#6b7280",
}
# Shape by kind (folded kind name -> vis-network shape); anything else is a dot.
KIND_SHAPES: dict[str, str] = {
    "cong dien": "diamond",
    "thong bao": "triangle",
    "ket luan": "triangle",
    "quyet dinh": "square",
    "nghi dinh": "square",
    "nghi quyet": "square",
    "thong tu": "square",
    "chi thi": "square",
    "luat": "square",
    "ke hoach": "star",
    "chuong trinh": "star",
    "phuong an": "star",
    "huong dan": "triangleDown",
}
GROUP_SHAPE = "box"
EDGE_COLOURS = {"IMPLEMENTS": "#374151", "BASED_ON": "#2563eb", "CITES": "#9ca3af"}
LEVEL_GAP = 220  # px between level bands
NODE_GAP = 150  # px between nodes of a band
ROW_GAP = 70  # px between rows inside a band


@dataclass(frozen=True, slots=True)
class ViewerOptions:
    """How to draw: ``layout`` ``level`` (bands) or ``time`` (x = date); caps; link target."""

    layout: Literal["level", "time"] = "level"
    max_nodes: int = 2000
    physics_max_nodes: int = 300
    link_base: str = "/documents/"  # a node's page is link_base + key; "" disables links
    height: str = "100%"


def _rank(level: Any) -> int:
    try:
        return Level(str(level)).rank
    except ValueError:
        return Level.UNKNOWN.rank


def _approx_date(iso: Any) -> dt.date | None:
    """A partial date's first day (``2021-08`` -> 2021-08-01), for placing on a time axis."""
    if not iso:
        return None
    try:
        p = PartialDate.from_iso(str(iso))
    except (TypeError, ValueError):
        return None
    if p.year is None:
        return None
    try:
        return dt.date(p.year, p.month or 1, p.day or 1)
    except ValueError:
        return None


def _tooltip(a: dict[str, Any], lag: int | None) -> str:
    if a.get("label") == "Group":
        return f"{a.get('count')} letters from {a.get('issuer_name')} (grouped)"
    lines = [
        " ".join(p for p in (a.get("kind"), label(a)) if p),
        f"Date: {a.get('issued_on') or 'unknown'}",
        f"Issuer: {a.get('issuer_name') or a.get('issuer_key') or 'unknown'}",
        f"Level: {a.get('level') or 'unknown'}",
    ]
    if lag is not None:
        lines.append(f"Lag: {lag} days after the document it implements")
    if a.get("status") == "stub":
        lines.append("(known only from references)")
    if a.get("subject"):
        subject = str(a["subject"])
        lines.append(subject if len(subject) <= 160 else subject[:157] + "…")
    return "\n".join(lines)


def _band_positions(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Bands by level (national on top); inside a band, rows sorted by issuer then date."""
    bands: dict[int, list[str]] = defaultdict(list)
    for n, a in g.nodes(data=True):
        bands[_rank(a.get("level"))].append(n)
    pos: dict[str, tuple[float, float]] = {}
    y = 0.0
    for rank in sorted(bands):
        members = sorted(
            bands[rank],
            key=lambda n: (
                str(g.nodes[n].get("issuer_name") or ""),
                str(g.nodes[n].get("issued_on") or ""),
                n,
            ),
        )
        per_row = max(8, math.ceil(math.sqrt(len(members) * 6)))
        rows = math.ceil(len(members) / per_row)
        for i, n in enumerate(members):
            row, col = divmod(i, per_row)
            width = min(per_row, len(members) - row * per_row)
            pos[n] = ((col - (width - 1) / 2) * NODE_GAP, y + row * ROW_GAP)
        y += (rows - 1) * ROW_GAP + LEVEL_GAP
    return pos


def _time_positions(g: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """x from the date (undated on the left), y from the level, stacked when crowded."""
    dates = {n: _approx_date(a.get("issued_on")) for n, a in g.nodes(data=True)}
    known = [d for d in dates.values() if d]
    first = min(known) if known else dt.date(2000, 1, 1)
    span = max(1, (max(known) - first).days) if known else 1
    scale = max(8.0, min(60.0, 3000 / span))
    stacks: dict[tuple[int, int], int] = defaultdict(int)
    pos: dict[str, tuple[float, float]] = {}
    for n in sorted(g, key=lambda n: (str(g.nodes[n].get("issued_on") or ""), n)):
        d = dates[n]
        x = (d - first).days * scale if d else -NODE_GAP * 2
        rank = _rank(g.nodes[n].get("level"))
        slot = (rank, int(x // NODE_GAP))
        k = stacks[slot]
        stacks[slot] += 1
        pos[n] = (x, rank * LEVEL_GAP * 2 + k * 45)
    return pos


def _options(hierarchical: bool, physics: bool) -> dict[str, Any]:
    opts: dict[str, Any] = {
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif"}, "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "smooth": False
            if not hierarchical
            else {"type": "cubicBezier", "forceDirection": "vertical"},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": not physics},
        "layout": {"improvedLayout": False},
        "physics": {"enabled": physics},
    }
    if hierarchical:
        opts["layout"]["hierarchical"] = {
            "enabled": True, "direction": "UD", "sortMethod": "directed",
            "levelSeparation": 160, "nodeSpacing": 170,
        }  # fmt: skip
        opts["physics"] = {"enabled": physics, "solver": "hierarchicalRepulsion",
                           "hierarchicalRepulsion": {"nodeDistance": 170},
                           "stabilization": {"iterations": 150, "fit": True}}  # fmt: skip
    return opts


def build_network(
    graph: nx.MultiDiGraph, root: str | None = None, options: ViewerOptions | None = None
) -> Network:
    """A pyvis network of the cascade in ``graph`` (a store subgraph), laid out and styled.

    The network's ``options`` attribute holds the vis-network options as a dict.
    """
    options = options or ViewerOptions()
    cascade = group_leaves(
        cascade_graph(graph, root), options.max_nodes, frozenset({root} if root else ())
    )
    n_nodes = cascade.number_of_nodes()
    physics = n_nodes <= options.physics_max_nodes and options.layout == "level"
    hierarchical = physics  # vis lays out small graphs itself; large ones get positions
    pos = {} if hierarchical else (
        _time_positions(cascade) if options.layout == "time" else _band_positions(cascade)
    )  # fmt: skip
    net = Network(height=options.height, width="100%", directed=True, cdn_resources="remote")
    for n, a in cascade.nodes(data=True):
        level = str(a.get("level") or "unknown")
        colour = LEVEL_COLOURS.get(level, LEVEL_COLOURS[Level.UNKNOWN])
        is_group = a.get("label") == "Group"
        shape = GROUP_SHAPE if is_group else KIND_SHAPES.get(fold(str(a.get("kind") or "")), "dot")
        node: dict[str, Any] = {
            "title": _tooltip(a, a.get("lag_days")),
            "shape": shape,
            "level": _rank(level),
            "color": {"background": colour if a.get("status") != "stub" else "#ffffff",
                      "border": colour, "highlight": {"background": "#facc15", "border": colour}},
            "size": 18 if n == root else (14 if is_group else 11),
            "borderWidth": 3 if n == root else (1 if a.get("status") != "stub" else 2),
        }  # fmt: skip
        if is_group:
            node["font"] = {"color": "#ffffff"}
            node["color"] = {"background": colour, "border": colour}
        elif options.link_base:
            node["url"] = options.link_base + _quote(n)
        if n in pos:
            node["x"], node["y"] = pos[n]
        net.add_node(n, label=label(a), **node)
    for u, v, a in cascade.edges(data=True):
        lag = a.get("lag_days")
        title = a["type"].lower().replace("_", " ") + (f" · {lag} days" if lag is not None else "")
        net.add_edge(u, v, title=title, color=EDGE_COLOURS.get(a["type"], "#9ca3af"),
                     dashes=a["type"] == "CITES")  # fmt: skip
    net.options = _options(hierarchical, physics)
    return net


def _quote(key: str) -> str:
    from urllib.parse import quote

    return quote(key, safe="/@")


def _script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(raw, esc)
    return text


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=select_autoescape())


@cache
def _vendor(name: str) -> str:
    return (VIS_DIR / name).read_text(encoding="utf-8")


def render_viewer(
    net: Network,
    *,
    title: str,
    inline: bool = False,
    static_url: str = "/static",
    layout: str = "level",
    switch_url: Callable[[str], str] | None = None,
) -> str:
    """The viewer page for ``net``: vis-network linked from ``static_url``, or inlined."""
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    if isinstance(options, str):  # pyvis hands dict options back as JSON text
        options = json.loads(options)
    data = {"nodes": nodes, "edges": edges, "options": options}
    counts = {
        "nodes": sum(1 for n in nodes if not str(n["id"]).startswith("group:")),
        "groups": sum(1 for n in nodes if str(n["id"]).startswith("group:")),
        "edges": len(edges),
    }
    template = _environment().get_template("viewer.html")
    return template.render(
        title=title,
        inline=inline,
        static_url=static_url,
        vis_js=_vendor("vis-network.min.js") if inline else "",
        vis_css=_vendor("vis-network.css") if inline else "",
        data_json=_script_json(data),
        counts=counts,
        layout=layout,
        switch_url=switch_url,
        level_colours=LEVEL_COLOURS,
    )


def viewer_html(
    graph: nx.MultiDiGraph,
    root: str | None,
    *,
    title: str,
    options: ViewerOptions | None = None,
    inline: bool = False,
    static_url: str = "/static",
    switch_url: Callable[[str], str] | None = None,
) -> str:
    """:func:`build_network` then :func:`render_viewer`."""
    options = options or ViewerOptions()
    net = build_network(graph, root, options)
    return render_viewer(
        net, title=title, inline=inline, static_url=static_url, layout=options.layout,
        switch_url=switch_url,
    )  # fmt: skip

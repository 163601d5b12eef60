"""Benchmark of the graph viewer: time to first paint in Chromium for 100, 1,000 and 5,000 nodes.

    .venv/bin/python bench/viewer.py [--sizes 100,1000,5000] [--runs 3]

For each size a cascade of about that many documents (national → provinces → districts →
communes) is drawn by :func:`api.viewer.viewer_html` as a standalone page (vis-network inlined,
no grouping so every node is drawn; physics on only up to ``physics_max_nodes``) and opened
from a file in Debian's Chromium (headless, via Playwright, no network). First paint is
vis-network's first ``afterDrawing`` event, measured from navigation start. The build time of the
page in Python is printed next to it. With ``--grouped`` the server's default cap (2,000 nodes,
leaves grouped by issuer) is used instead.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from api.viewer import ViewerOptions, viewer_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-gpu"]  # fmt: skip


def cascade_of(n: int) -> nx.MultiDiGraph:
    """About ``n`` documents: 1 national, n/60 provinces, n/6 districts, the rest communes."""
    g = nx.MultiDiGraph()

    def doc(key: str, level: str, date: str, parent: str | None) -> None:
        g.add_node(key, label="Document", key=key, level=level, kind="Công văn", number=key[-5:],
                   symbol="UBND-VX", issuer_key=f"a-{key}", issued_on=date, status="full",
                   subject="Thực hiện công điện về phòng, chống dịch")  # fmt: skip
        if parent:
            g.add_edge(key, parent, f"IMPLEMENTS:{key}", type="IMPLEMENTS", relation="implements")

    doc("2021/00001", "central", "2021-08-01", None)
    provinces = max(1, n // 60)
    districts = max(provinces, n // 6)
    for p in range(provinces):
        doc(f"2021/p{p:04d}", "province", f"2021-08-{2 + p % 20:02d}", "2021/00001")
    for d in range(districts):
        doc(f"2021/d{d:04d}", "district", f"2021-09-{1 + d % 28:02d}", f"2021/p{d % provinces:04d}")
    for c in range(max(0, n - 1 - provinces - districts)):
        doc(f"2021/c{c:05d}", "commune", f"2021-10-{1 + c % 28:02d}", f"2021/d{c % districts:04d}")
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--grouped", action="store_true", help="use the default 2,000-node cap")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is absent: apt-get install chromium")
    print(f"{'nodes':>7}{'drawn':>7}{'physics':>9}{'build ms':>10}{'html KB':>9}"
          f"{'first paint ms (median of ' + str(args.runs) + ')':>34}")  # fmt: skip
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in (int(s) for s in args.sizes.split(",")):
            graph = cascade_of(n)
            options = ViewerOptions(max_nodes=2000 if args.grouped else n + 10, link_base="")
            t0 = time.perf_counter()
            html = viewer_html(graph, "2021/00001", title=f"{n} nodes", options=options,
                               inline=True)  # fmt: skip
            build_ms = (time.perf_counter() - t0) * 1000
            path = Path(tmp) / f"viewer-{n}.html"
            path.write_text(html, encoding="utf-8")
            paints = []
            drawn = 0
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.route("http*://**", lambda route: route.abort())
                page.goto(path.as_uri())
                page.wait_for_function("window.vanbanFirstPaint !== undefined", timeout=120_000)
                paints.append(page.evaluate("window.vanbanFirstPaint"))
                drawn = page.evaluate("window.vanbanNodeIds.length")
                page.close()
            physics = drawn <= options.physics_max_nodes
            print(f"{graph.number_of_nodes():>7}{drawn:>7}{'on' if physics else 'off':>9}"
                  f"{build_ms:>10.0f}{len(html) / 1024:>9.0f}{statistics.median(paints):>34.0f}")  # fmt: skip
        browser.close()


if __name__ == "__main__":
    main()

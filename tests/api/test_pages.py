"""The pages in a real browser (Debian's Chromium driven by Playwright) against a real server.

Every request that does not go to the test server on 127.0.0.1 is blocked and recorded; each
test fails if any was attempted. Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import networkx as nx
import pytest

from tests.api.conftest import HOSTILE_LETTER, PROVINCE_KEY, ROOT, TOKEN, LiveServer

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason=f"{CHROMIUM} is absent (apt-get install chromium); Playwright must not download one",
    ),
]

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: object, live_server: LiveServer) -> Iterator[object]:
    """A page whose every non-local request is aborted and recorded."""
    attempted: list[str] = []
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="vi-VN"
    )
    context.set_default_timeout(15_000)

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        parts = urlsplit(url)
        local = parts.scheme in ("data", "blob", "about") or (
            parts.hostname == "127.0.0.1" and parts.port == live_server.port
        )
        if local:
            route.continue_()  # type: ignore[attr-defined]
        else:
            attempted.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", guard)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield pg
    finally:
        context.close()
    assert attempted == [], f"non-local requests were attempted: {attempted}"
    assert errors == [], f"JavaScript errors: {errors}"


def shot(pg: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=True)  # type: ignore[attr-defined]


def test_search_open_cascade_viewer_and_graphml(
    page: object, live_server: LiveServer, tmp_path: Path
) -> None:
    pg = page
    pg.goto(live_server.url + "/")  # type: ignore[attr-defined]
    pg.fill("#q", "3542")  # type: ignore[attr-defined]
    hit = pg.locator(f'#results a[href="/documents/{PROVINCE_KEY}"]')  # type: ignore[attr-defined]
    hit.wait_for()
    assert "3542/UBND-VX" in hit.inner_text()
    shot(pg, "search.png")

    hit.click()
    pg.wait_for_url(f"**/documents/{PROVINCE_KEY}")  # type: ignore[attr-defined]
    pg.click("#district-link")  # type: ignore[attr-defined]
    district = pg.locator("#implemented-district")  # type: ignore[attr-defined]
    assert "Implemented by — district" in district.inner_text()
    assert "UBND huyện Mường Tè" in district.inner_text()
    district_href = district.locator("tbody tr td a").first.get_attribute("href")
    district_key = district_href.removeprefix("/documents/")
    shot(pg, "document.png")

    with pg.expect_download() as info:  # type: ignore[attr-defined]
        pg.click("a.export:text-is('GraphML')")  # type: ignore[attr-defined]
    graphml = tmp_path / "cascade.graphml"
    info.value.save_as(graphml)
    g = nx.read_graphml(graphml)
    assert PROVINCE_KEY in g and district_key in g

    pg.click("a.button:text-is('Open graph')")  # type: ignore[attr-defined]
    pg.wait_for_url("**/graph")  # type: ignore[attr-defined]
    pg.wait_for_selector("body[data-painted='1']")  # type: ignore[attr-defined]
    ids = pg.evaluate("window.vanbanNodeIds")  # type: ignore[attr-defined]
    assert PROVINCE_KEY in ids and district_key in ids
    shot(pg, "viewer.png")

    # clicking the district node opens its page
    point = pg.evaluate(  # type: ignore[attr-defined]
        """key => { const n = window.vanbanNetwork; n.fit({animation: false});
                    const p = n.getPositions([key])[key]; return n.canvasToDOM(p); }""",
        district_key,
    )
    box = pg.locator("#graph").bounding_box()  # type: ignore[attr-defined]
    pg.mouse.click(box["x"] + point["x"], box["y"] + point["y"])  # type: ignore[attr-defined]
    pg.wait_for_url(f"**/documents/{district_key}")  # type: ignore[attr-defined]
    assert "UBND huyện Mường Tè" in pg.inner_text("body")  # type: ignore[attr-defined]


def test_letter_markup_is_shown_as_text(page: object, live_server: LiveServer) -> None:
    res = httpx.post(
        live_server.url + "/api/letters",
        files={"files": ("hostile.txt", HOSTILE_LETTER.encode("utf-8"), "text/plain")},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )
    assert res.status_code == 200, res.text
    key = res.json()["files"][0]["key"]
    pg = page
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    pg.goto(f"{live_server.url}/documents/{key}")  # type: ignore[attr-defined]
    letter = pg.inner_text("pre.letter")  # type: ignore[attr-defined]
    assert '<script>window.__pwned = 1; alert("body")</script>' in letter
    assert '<img src=x onerror="window.__pwned = 2">' in letter
    assert pg.evaluate("window.__pwned === undefined")  # type: ignore[attr-defined]
    assert pg.locator("pre.letter img, pre.letter script, pre.letter b").count() == 0  # type: ignore[attr-defined]
    pg.goto(f"{live_server.url}/?q=99")  # type: ignore[attr-defined]
    pg.fill("#q", "thử")  # type: ignore[attr-defined]
    pg.locator("#results li").first.wait_for()  # type: ignore[attr-defined]
    assert pg.locator("#results b, #results script").count() == 0  # type: ignore[attr-defined]
    pg.goto(f"{live_server.url}/documents/{PROVINCE_KEY}/graph")  # type: ignore[attr-defined]
    pg.wait_for_selector("body[data-painted='1']")  # type: ignore[attr-defined]
    assert dialogs == []
    assert pg.evaluate("window.__pwned === undefined")  # type: ignore[attr-defined]


def test_server_answers_only_on_loopback(live_server: LiveServer) -> None:
    assert urlsplit(live_server.url).hostname == "127.0.0.1"
    assert httpx.get(live_server.url + "/healthz", timeout=5).json()["ok"] is True

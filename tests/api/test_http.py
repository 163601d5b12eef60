"""The HTTP API and the server-rendered pages, in process, over the sample letters."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.deps import get_store
from api.main import create_app
from api.routes.letters import safe_name
from graph.store import open_store
from tests.api.conftest import HOSTILE_LETTER, PROVINCE_KEY, TOKEN

MUONG_TE = "ubnd-huyen-muong-te-lai-chau"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def assert_error(res: object, status: int) -> dict[str, object]:
    body = res.json()  # type: ignore[attr-defined]
    assert res.status_code == status, body  # type: ignore[attr-defined]
    assert body["ok"] is False
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    return body  # type: ignore[no-any-return]


def district_key(client: TestClient) -> str:
    rows = client.get(f"/api/documents/{PROVINCE_KEY}/downstream", params={"level": "district"})
    return str(rows.json()["data"][0]["key"])


# --------------------------------------------------------------------------- health, stats


def test_healthz_reports_documents(client: TestClient) -> None:
    res = client.get("/healthz")
    assert res.status_code == 200
    assert res.json()["ok"] is True
    assert res.json()["documents"] >= 5


def test_stats_counts_the_sample_letters(client: TestClient) -> None:
    body = client.get("/api/stats").json()
    assert body["full"] == 5
    assert body["sources"] == 5
    assert body["citations"] > 0


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize(
    ("params", "expected_key_part"),
    [
        ({"q": "3542"}, PROVINCE_KEY),
        ({"q": "3542/UBND-VX"}, PROVINCE_KEY),
        ({"q": "muong te"}, "muong-te"),
        ({"q": "Mường Tè"}, "muong-te"),
        ({"q": "1068"}, "1068-cd-ttg"),
        ({"level": "district"}, "muong-te"),
        ({"q": "ubnd", "issuer": "Mường Tè"}, "muong-te"),
        ({"q": "ubnd", "year": 2022, "level": "province"}, PROVINCE_KEY),
    ],
    ids=["number", "number-symbol", "folded", "diacritics", "national", "level-only",
         "issuer-name", "year-level"],  # fmt: skip
)
def test_search_finds(client: TestClient, params: dict[str, object], expected_key_part: str) -> None:
    res = client.get("/api/documents", params=params)
    assert res.status_code == 200
    body = res.json()
    assert body["count"] >= len(body["data"]) >= 1
    assert any(expected_key_part in h["key"] for h in body["data"]), body
    assert all(h["url"].startswith("/documents/") for h in body["data"])


def test_search_filters_exclude(client: TestClient) -> None:
    body = client.get("/api/documents", params={"q": "3542", "level": "commune"}).json()
    assert body == {"data": [], "count": 0}


def test_search_pages_with_limit_and_offset(client: TestClient) -> None:
    first = client.get("/api/documents", params={"limit": 2}).json()
    second = client.get("/api/documents", params={"limit": 2, "offset": 2}).json()
    assert first["count"] == second["count"] > 4
    assert len(first["data"]) == len(second["data"]) == 2
    assert {h["key"] for h in first["data"]}.isdisjoint(h["key"] for h in second["data"])


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": "many"}, {"level": "galaxy"}, {"year": 1200}, {"offset": -1},
     {"q": "x" * 500}],
    ids=["limit-zero", "limit-text", "bad-level", "bad-year", "negative-offset", "long-q"],
)  # fmt: skip
def test_search_rejects_bad_parameters(client: TestClient, params: dict[str, object]) -> None:
    body = assert_error(client.get("/api/documents", params=params), 422)
    assert body["error"].startswith("invalid")  # type: ignore[union-attr]


# --------------------------------------------------------------------------- one document


@pytest.mark.parametrize(
    "path",
    [
        PROVINCE_KEY,
        quote(PROVINCE_KEY, safe=""),
        "3542/UBND-VX",
        quote("3542/UBND-VX", safe=""),
    ],
    ids=["key", "key-encoded", "typed-number", "typed-number-encoded"],
)
def test_document_by_key_or_number(client: TestClient, path: str) -> None:
    res = client.get(f"/api/documents/{path}")
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["key"] == PROVINCE_KEY
    assert body["level"] == "province"
    assert body["issuer_name"] == "UBND tỉnh Lai Châu"
    assert any(n["direction"] == "in" and n["type"] == "IMPLEMENTS" for n in body["cited_by"])


def test_typed_number_with_diacritics(client: TestClient) -> None:
    res = client.get("/api/documents/" + quote("1068/CĐ-TTg"))
    assert res.status_code == 200
    assert res.json()["key"] == "2021/1068-cd-ttg"


def test_full_letter_lists_its_references_in_order(client: TestClient) -> None:
    body = client.get(f"/api/documents/{district_key(client)}").json()
    assert body["has_text"] is True
    starts = [r["start"] for r in body["references"]]
    assert starts == sorted(starts) and starts
    assert body["references"][0]["key"] == PROVINCE_KEY


@pytest.mark.parametrize(
    "path",
    ["2099/1-xx-yy", "nothing-here", "9999/ZZ-QQ", "ubnd-tinh-lai-chau", "%00", "a" * 300,
     "..%2F..%2Fetc%2Fpasswd", "%F0%9F%92%A9"],
    ids=["unknown-key", "word", "unknown-number", "authority-key", "nul", "long", "traversal",
         "emoji"],
)  # fmt: skip
def test_unknown_document_is_404(client: TestClient, path: str) -> None:
    for suffix in ("", "/downstream", "/upstream", "/gaps", "/timeline"):
        assert_error(client.get(f"/api/documents/{path}{suffix}"), 404)


# --------------------------------------------------------------------------- traces


def test_downstream_reaches_the_district_letter(client: TestClient) -> None:
    body = client.get(f"/api/documents/{PROVINCE_KEY}/downstream").json()
    district = [r for r in body["data"] if r["level"] == "district"]
    assert [r["issuer_name"] for r in district] == ["UBND huyện Mường Tè"]
    assert district[0]["path"][0] == PROVINCE_KEY
    assert body["count"] == len(body["data"])


def test_downstream_from_the_national_root_is_transitive(client: TestClient) -> None:
    body = client.get("/api/documents/2021/1068-cd-ttg/downstream").json()
    assert body["count"] >= 1
    assert all(r["path"][0] == "2021/1068-cd-ttg" for r in body["data"])


def test_fast_trace_rows_match_the_schema(client: TestClient, sample_store_dir: Path) -> None:
    from api.schemas import TraceRowOut, as_model, trace_row_json

    store = open_store(str(sample_store_dir))
    rows = store.trace_down("2021/1068-cd-ttg") + store.trace_down(PROVINCE_KEY)
    assert rows
    for r in rows:
        assert trace_row_json(r) == as_model(TraceRowOut, r).model_dump()
        assert trace_row_json(r) == r.to_json() | {"path": list(r.path)}


def test_one_click_from_a_national_document_to_district_letters(client: TestClient) -> None:
    html = client.get("/documents/2022/778-cd-ttg").text
    assert 'id="district-link" href="#implemented-district">District letters implementing it (1)' in html
    section = html.split('id="implemented-district"', 1)[1].split("</table>", 1)[0]
    assert "UBND huyện Mường Tè" in section


@pytest.fixture(scope="module")
def synthetic() -> Iterator[tuple[TestClient, object]]:
    """A generated cascade (national → provinces → districts) with known answers."""
    import tempfile

    from graph.testing import generate_cascade

    cascade = generate_cascade(provinces=6, districts=(3, 6), seed=3)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(tmp)
        store.add_letters(cascade.records)
        with TestClient(create_app(Settings(store=tmp))) as c:
            yield c, cascade


def test_downstream_and_gaps_match_the_generated_answers(synthetic: tuple[TestClient, object]) -> None:
    c, cascade = synthetic
    root = cascade.roots[0]  # type: ignore[attr-defined]
    rows = c.get(f"/api/documents/{root}/downstream", params={"level": "district"}).json()
    assert sorted(r["key"] for r in rows["data"]) == sorted(cascade.implementers[root])  # type: ignore[attr-defined]
    assert all(len(r["path"]) == 3 for r in rows["data"])  # national → province → district
    gaps = c.get(f"/api/documents/{root}/gaps").json()["data"]
    assert {g["authority_key"] for g in gaps} == cascade.gaps[root]  # type: ignore[attr-defined]
    html = c.get(f"/documents/{root}").text
    district = html.split('id="implemented-district"', 1)[1].split("</table>", 1)[0]
    assert district.count("<tr class=") == len(cascade.implementers[root])  # type: ignore[attr-defined]


def test_downstream_level_filter(client: TestClient) -> None:
    body = client.get(f"/api/documents/{PROVINCE_KEY}/downstream", params={"level": "commune"})
    assert body.json() == {"data": [], "count": 0}


def test_depth_above_the_server_limit_is_422(client: TestClient) -> None:
    body = assert_error(client.get(f"/api/documents/{PROVINCE_KEY}/downstream?depth=50"), 422)
    assert "at most" in str(body["error"])


def test_upstream_chain_reaches_the_province_letter(client: TestClient) -> None:
    body = client.get(f"/api/documents/{district_key(client)}/upstream").json()
    assert body["count"] >= 1
    assert any(s["key"] == PROVINCE_KEY for c in body["data"] for s in c["steps"])


def test_gaps_name_the_communes_that_did_not_respond(client: TestClient) -> None:
    body = client.get(f"/api/documents/{district_key(client)}/gaps", params={"level": "commune"})
    rows = body.json()["data"]
    assert rows and all(g["level"] == "commune" for g in rows)
    assert any("Bum Nưa" in g["name"] for g in rows)


def test_timeline_summarises_levels(client: TestClient) -> None:
    body = client.get(f"/api/documents/{PROVINCE_KEY}/timeline").json()
    assert body["root"] == PROVINCE_KEY
    assert {lv["level"] for lv in body["levels"]} >= {"district"}


# --------------------------------------------------------------------------- authorities


def test_authorities_by_level(client: TestClient) -> None:
    body = client.get("/api/authorities", params={"level": "district"}).json()
    assert body["count"] == len(body["data"]) > 0
    assert all(a["level"] == "district" for a in body["data"])
    assert MUONG_TE in {a["key"] for a in body["data"]}


def test_authority_letters_in_and_out(client: TestClient) -> None:
    body = client.get(f"/api/authorities/{MUONG_TE}").json()
    assert body["name"] == "UBND huyện Mường Tè"
    assert any("muong-te" in d["key"] for d in body["issued"])
    assert body["parent"]["key"] == "ubnd-tinh-lai-chau"
    received = client.get("/api/authorities/ubnd-tinh-lai-chau").json()["issued"]
    assert any(d["key"] == PROVINCE_KEY for d in received)


def test_unknown_authority_is_404(client: TestClient) -> None:
    assert_error(client.get("/api/authorities/nobody-at-all"), 404)
    assert_error(client.get(f"/api/authorities/{PROVINCE_KEY}"), 404)


# --------------------------------------------------------------------------- export


def _download(client: TestClient, fmt: str, root: str | None = PROVINCE_KEY) -> bytes:
    params = {"format": fmt, **({"root": root} if root else {})}
    res = client.get("/api/export", params=params)
    assert res.status_code == 200, res.text
    assert "attachment" in res.headers["content-disposition"]
    return res.content


@pytest.mark.parametrize("fmt", ["graphml", "gexf"], ids=["graphml", "gexf"])
def test_export_gephi_formats_load_with_networkx(client: TestClient, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(_download(client, fmt))
    g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert PROVINCE_KEY in g
    assert any("muong-te" in n for n in g)


def test_export_whole_graph_json(client: TestClient) -> None:
    data = json.loads(_download(client, "json", root=None))
    text = json.dumps(data)
    assert PROVINCE_KEY in text and "2021/1068-cd-ttg" in text


def test_export_csv_is_a_zip_of_nodes_and_edges(client: TestClient) -> None:
    with zipfile.ZipFile(io.BytesIO(_download(client, "csv"))) as zf:
        names = sorted(zf.namelist())
        nodes = zf.read(next(n for n in names if "node" in n)).decode()
    assert len(names) == 2
    assert PROVINCE_KEY in nodes


def test_export_xlsx_opens(client: TestClient) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(_download(client, "xlsx")))
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert any("3542" in c for c in cells)


def test_export_html_is_standalone(client: TestClient) -> None:
    html = _download(client, "html").decode()
    assert "vis.Network" in html and "new vis.DataSet" in html
    assert "<script src=" not in html and "<link rel=\"stylesheet\"" not in html
    for host in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com", "bootstrap"):
        assert host not in html, host
    assert 'src="http' not in html and 'href="http' not in html
    assert PROVINCE_KEY in html


def test_export_bad_format_and_root(client: TestClient) -> None:
    assert_error(client.get("/api/export", params={"format": "docx"}), 422)
    assert_error(client.get("/api/export", params={"format": "json", "root": "2099/1-x"}), 404)


# --------------------------------------------------------------------------- upload


LETTER = """ỦY BAN NHÂN DÂN
XÃ BUM NƯA

Số: 12/UBND
Bum Nưa, ngày 30 tháng 9 năm 2022

V/v thực hiện Công văn của UBND huyện

Kính gửi: Các thôn, bản.

Thực hiện Công văn số 3542/UBND-VX ngày 23/9/2022 của UBND tỉnh Lai Châu, UBND xã yêu cầu
các thôn, bản triển khai thực hiện.

CHỦ TỊCH
"""


def test_upload_is_disabled_without_a_token(client: TestClient) -> None:
    res = client.post("/api/letters", files={"files": ("a.txt", LETTER.encode())}, headers=AUTH)
    body = assert_error(res, 403)
    assert "VANBAN_TOKEN" in str(body["error"])


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": "Basic x"}],
    ids=["none", "wrong", "no-scheme", "basic"],
)
def test_upload_needs_the_bearer_token(writable_client: TestClient, headers: dict[str, str]) -> None:
    res = writable_client.post("/api/letters", files={"files": ("a.txt", b"x")}, headers=headers)
    assert_error(res, 401)


def test_upload_ingests_good_files_and_reports_bad_ones(writable_client: TestClient) -> None:
    before = writable_client.get("/api/stats").json()
    files = [
        ("files", ("bum-nua.txt", LETTER.encode("utf-8"), "text/plain")),
        ("files", ("scan.pdf", b"%PDF-1.4 not really a pdf", "application/pdf")),
        ("files", ("notes.exe", b"MZ", "application/octet-stream")),
        ("files", ("huge.txt", b"a" * (64 * 1024 + 1), "text/plain")),
    ]
    res = writable_client.post("/api/letters", files=files, headers=AUTH)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["ok"] is False
    outcome = {f["filename"]: f for f in body["files"]}
    assert outcome["bum-nua.txt"]["ok"] is True and outcome["bum-nua.txt"]["references"] >= 1
    for bad in ("scan.pdf", "notes.exe", "huge.txt"):
        assert outcome[bad]["ok"] is False and outcome[bad]["error"], bad
    after = writable_client.get("/api/stats").json()
    assert after["full"] == before["full"] + 1
    assert after["sources"] == before["sources"] + 1
    key = outcome["bum-nua.txt"]["key"]
    doc = writable_client.get(f"/api/documents/{key}").json()
    assert doc["references"][0]["key"] == PROVINCE_KEY


def test_upload_twice_is_idempotent(writable_client: TestClient) -> None:
    files = {"files": ("bum-nua.txt", LETTER.encode("utf-8"))}
    first = writable_client.post("/api/letters", files=files, headers=AUTH).json()
    second = writable_client.post("/api/letters", files=files, headers=AUTH).json()
    assert first["summary"]["added"] == 1
    assert second["summary"]["unchanged"] == 1
    assert writable_client.get("/api/stats").json()["full"] == 6


def test_upload_without_files_is_422(writable_client: TestClient) -> None:
    assert_error(writable_client.post("/api/letters", headers=AUTH, data={"x": "1"}), 422)
    assert_error(writable_client.post("/api/letters", headers=AUTH, json={"files": []}), 422)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("../../etc/passwd", "passwd"), ("a b.txt", "a_b.txt"), ("", "letter"), ("..", "letter")],
    ids=["traversal", "space", "empty", "dots"],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected


# --------------------------------------------------------------------------- app wiring


def test_dependency_override_swaps_the_store(sample_store_dir: Path, tmp_path: Path) -> None:
    app = create_app(Settings(store=str(sample_store_dir)))
    empty = open_store(str(tmp_path / "empty"))
    app.dependency_overrides[get_store] = lambda: empty
    with TestClient(app) as c:
        assert c.get("/api/stats").json()["documents"] == 0
        assert_error(c.get(f"/api/documents/{PROVINCE_KEY}"), 404)


def test_server_sees_letters_another_process_ingested(store_dir: Path) -> None:
    from graph.testing import generate_cascade

    app = create_app(Settings(store=str(store_dir), refresh_seconds=0))
    with TestClient(app) as c:
        before = c.get("/api/stats").json()["documents"]
        other = open_store(str(store_dir))  # as `vanban ingest` would, from another process
        other.add_letters(generate_cascade(provinces=2, districts=(2, 2), seed=5).records)
        assert c.get("/api/stats").json()["documents"] > before


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_STORE", "/tmp/somewhere")
    monkeypatch.setenv("VANBAN_MAX_DEPTH", "5")
    monkeypatch.setenv("VANBAN_PORT", "9001")
    s = Settings()
    assert (s.store, s.max_depth, s.port, s.host) == ("/tmp/somewhere", 5, 9001, "127.0.0.1")
    assert not s.uploads_enabled


def test_every_setting_is_documented() -> None:
    import api.config

    doc = api.config.__doc__ or ""
    for name, field in Settings.model_fields.items():
        assert field.description, name
        if name not in ("physics_max_nodes", "refresh_seconds"):
            assert f"VANBAN_{name.upper()}" in doc, name


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/documents", "/api/documents/{key}", "/api/documents/{key}/downstream",
              "/api/authorities", "/api/export", "/api/stats", "/api/letters", "/healthz"):  # fmt: skip
        assert p in paths, p


def test_unknown_api_path_has_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/nothing"), 404)
    assert_error(client.post("/api/stats"), 405)


# --------------------------------------------------------------------------- pages (HTML)


def test_search_page_renders_results_without_javascript(client: TestClient) -> None:
    res = client.get("/", params={"q": "3542"})
    assert res.status_code == 200
    assert f'href="/documents/{PROVINCE_KEY}"' in res.text
    assert "https://" not in res.text and "http://" not in res.text


def test_document_page_shows_the_cascade(client: TestClient) -> None:
    html = client.get(f"/documents/{PROVINCE_KEY}").text
    district = html.split('id="implemented-district"', 1)[1].split("</table>", 1)[0]
    assert "Implemented by — district" in district
    assert "UBND huyện Mường Tè" in district
    for label in ("GraphML", "GEXF", "CSV", "XLSX", "Standalone HTML"):
        assert label in html
    assert f"/documents/{PROVINCE_KEY}/graph" in html


def test_document_page_links_every_reference(client: TestClient) -> None:
    key = district_key(client)
    html = client.get(f"/documents/{key}").text
    source = html.split('<pre class="letter">', 1)[1].split("</pre>", 1)[0]
    assert f'href="/documents/{PROVINCE_KEY}"' in source
    assert source.count('class="ref ') == len(client.get(f"/api/documents/{key}").json()["references"])


def test_typed_number_redirects_to_the_canonical_page(client: TestClient) -> None:
    res = client.get("/documents/3542/UBND-VX", follow_redirects=False)
    assert res.status_code == 307
    assert res.headers["location"] == f"/documents/{PROVINCE_KEY}"


def test_unknown_page_is_a_404_page(client: TestClient) -> None:
    res = client.get("/documents/2099/nothing")
    assert res.status_code == 404
    assert res.headers["content-type"].startswith("text/html")
    assert "2099/nothing" in res.text


def test_authority_page(client: TestClient) -> None:
    html = client.get(f"/authorities/{MUONG_TE}").text
    assert "UBND huyện Mường Tè" in html and 'id="issued"' in html and 'id="received"' in html


def test_viewer_page_is_offline(client: TestClient) -> None:
    html = client.get(f"/documents/{PROVINCE_KEY}/graph").text
    assert '<script src="/static/vendor/vis-network/vis-network.min.js">' in html
    assert "https://" not in html.split('<script id="graph-data"', 1)[0]
    assert PROVINCE_KEY in html
    assert client.get("/static/vendor/vis-network/vis-network.min.js").status_code == 200
    assert client.get(f"/documents/{PROVINCE_KEY}/graph?layout=time").status_code == 200
    assert client.get(f"/documents/{PROVINCE_KEY}/graph?layout=spiral").status_code == 422




def test_letter_html_is_shown_as_text(writable_client: TestClient) -> None:
    res = writable_client.post(
        "/api/letters", files={"files": ("hostile.txt", HOSTILE_LETTER.encode())}, headers=AUTH
    )
    key = res.json()["files"][0]["key"]
    assert key, res.text
    html = writable_client.get(f"/documents/{key}").text
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned = 1;" in html
    assert "&lt;img src=x onerror=" in html
    assert 'href="javascript:' not in html
    assert html.count("</pre>") == 1 + html.count("&lt;/pre&gt;") * 0
    viewer = writable_client.get(f"/documents/{PROVINCE_KEY}/graph").text
    assert "<script>alert" not in viewer


# --------------------------------------------------------------------------- fuzzing

import schemathesis  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.api.conftest import LiveServer  # noqa: E402


@pytest.fixture(scope="module")
def fuzz_server(sample_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> object:
    """A real server over its own copy of the sample store (fuzzed uploads land there)."""
    import shutil

    work = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(sample_store_dir, work / "vanban-data")
    server = LiveServer(work / "vanban-data", work / "server.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.slow
def test_no_server_errors_on_any_input(fuzz_server: LiveServer) -> None:
    """Schemathesis against the running server's OpenAPI schema: never a 5xx (bounded)."""
    schema = schemathesis.openapi.from_url(fuzz_server.url + "/openapi.json")
    failures: list[str] = []
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=40, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            nonlocal calls
            calls += 1
            res = case.call(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
            if res.status_code >= 500:
                failures.append(f"{case.method} {res.request.url} -> {res.status_code}")
                return
            ctype = res.headers.get("content-type") or [""]
            if res.status_code >= 400 and "json" in (ctype[0] if isinstance(ctype, list) else ctype):
                body = res.json()
                if body.get("ok") is not False or body.get("status") != res.status_code:
                    failures.append(f"{case.method} {res.request.url}: error shape {body}")

        run()
    assert calls > 50
    assert failures == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.text(
        st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40
    ).filter(lambda s: not s.startswith(("/", "?", "#"))),
    page=st.sampled_from(["/documents/{}", "/documents/{}/graph", "/authorities/{}",
                          "/api/documents/{}", "/api/documents/{}/downstream"]),  # fmt: skip
)
def test_pages_never_fail_on_odd_keys(client: TestClient, key: str, page: str) -> None:
    res = client.get(page.format(quote(key, safe="/@")))
    assert res.status_code < 500, (key, res.text[:300])


def test_provenance_says_how_a_cascade_was_reached(client: TestClient) -> None:
    body = client.get("/api/documents/1068%2FCĐ-TTg/provenance").json()
    assert body["links"] == body["exact"] + body["draft_matches"] + body["ambiguous"] >= 1
    assert set(body) >= {"draft_links", "ambiguous_links", "might_belong"}
    html = client.get("/documents/2021/1068-cd-ttg").text
    assert "How it was reached" in html

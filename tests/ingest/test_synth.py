"""The synthetic cascade generator: determinism, truth consistent with the files, map eras,
formats and damage."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from graph.models import Level, Relation
from ingest.synth.generate import SynthConfig, SynthLetter, generate_corpus, iter_letters
from ingest.synth.layout import find_font, mark, resolve_markers, typo, wrap
from ingest.synth.text import DAMAGE_KINDS


def _letters(**kw: object) -> list[SynthLetter]:
    return list(iter_letters(SynthConfig(**kw)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def corpus() -> list[SynthLetter]:
    return _letters(letters=400, seed=11, roots=2)


def _tree(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    cfg = SynthConfig(letters=120, seed=5, reuse_rate=1.0, docx_share=0.1, pdf_share=0.1 if find_font() else 0.0)
    generate_corpus(tmp_path / "a", cfg)
    time.sleep(1.1)  # docx and pdf files must not carry the time they were written
    generate_corpus(tmp_path / "b", cfg)
    a, b = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert len(a) == 121  # 120 letters + truth.json
    assert a == b
    generate_corpus(tmp_path / "c", SynthConfig(letters=120, seed=6))
    assert _tree(tmp_path / "c")["truth.json"] != a["truth.json"]


@pytest.mark.parametrize("n", [1, 2, 17, 400, 2500], ids=["one", "two", "seventeen", "small", "demo"])
def test_exactly_n_letters(n: int) -> None:
    letters = _letters(letters=n, seed=n)
    assert len(letters) == n
    assert len({x.file for x in letters}) == n


def test_references_are_where_truth_says(corpus: list[SynthLetter]) -> None:
    n_refs = 0
    for letter in corpus:
        for ref in letter.references:
            assert letter.text[ref.start : ref.end] == ref.span
            assert ref.number in ref.span.replace("\n", "")
            n_refs += 1
        assert letter.edges, letter.file  # every letter implements (a decision: is based on) something
        wanted = Relation.BASED_ON if letter.kind == "Quyết định" else Relation.IMPLEMENTS
        assert any(e.relation == wanted for e in letter.edges)
    assert n_refs > len(corpus)


def test_edges_point_to_the_parent_letter(corpus: list[SynthLetter]) -> None:
    by_file = {x.file: x for x in corpus}
    for letter in corpus:
        targets = {e.target_file for e in letter.edges if e.relation != Relation.CITES}
        if letter.role in ("main", "department", "office") and letter.parent_file:
            parent = by_file[letter.parent_file]
            assert letter.parent_file in targets
            assert letter.true_date > parent.true_date
            edge = next(e for e in letter.edges if e.target_file == letter.parent_file)
            assert (edge.number, edge.symbol) == (parent.true_number, parent.symbol)


def test_gap_authorities_never_respond(tmp_path: Path) -> None:
    generate_corpus(tmp_path, SynthConfig(letters=300, seed=2, no_response_rate=0.3))
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert len(truth["letters"]) == 300
    responded = {(x["root"], x["issuer"]["admin_code"]) for x in truth["letters"] if x["role"] == "main"}
    files = {x["file"] for x in truth["letters"]}
    assert truth["gaps"]
    for gap in truth["gaps"]:
        assert (gap["root"], gap["authority"]["admin_code"]) not in responded
        assert gap["expected_by"] is None or gap["expected_by"] in files
    addressed = {(x["root"], c) for x in truth["letters"] for c in x["addressed"]}
    gap_codes = {(g["root"], g["authority"]["admin_code"]) for g in truth["gaps"] if g["expected_by"]}
    assert gap_codes <= addressed
    for letter in truth["letters"]:  # every addressed unit either responded or is a gap
        for code in letter["addressed"]:
            assert (letter["root"], code) in responded or (letter["root"], code) in gap_codes
    for letter in truth["letters"]:
        path = tmp_path / letter["file"]
        text = path.read_text(encoding="utf-8")
        for ref in letter["references"]:
            assert text[ref["start"] : ref["end"]] == ref["span"]


def test_no_gaps_when_everyone_responds(tmp_path: Path) -> None:
    summary = generate_corpus(tmp_path, SynthConfig(letters=200, seed=4, no_response_rate=0.0))
    assert summary.gaps == 0


def test_old_map_cascade_reaches_communes(corpus: list[SynthLetter]) -> None:
    levels = Counter(x.issuer.level for x in corpus)
    assert levels[Level.PROVINCE] and levels[Level.DISTRICT] and levels[Level.COMMUNE]
    province = next(x for x in corpus if x.issuer.level == Level.PROVINCE and x.addressed)
    assert "UBND các huyện" in province.text or "UBND các quận" in province.text or "thành phố" in province.text


def test_post_2025_cascades_have_no_district_level() -> None:
    letters = _letters(letters=300, seed=8, start=dt.date(2025, 8, 1))
    levels = Counter(x.issuer.level for x in letters)
    assert levels[Level.DISTRICT] == 0
    assert levels[Level.PROVINCE] and levels[Level.COMMUNE]
    commune = next(x for x in letters if x.issuer.level == Level.COMMUNE)
    parent = next(x for x in letters if x.file == commune.parent_file)
    assert parent.issuer.level == Level.PROVINCE
    assert all(x.true_date >= dt.date(2025, 7, 1) for x in letters)


def test_roots_never_straddle_the_map_change() -> None:
    letters = _letters(letters=200, seed=9, start=dt.date(2025, 6, 1), roots=1)
    assert min(x.true_date for x in letters) >= dt.date(2025, 7, 1)


def test_decisions_are_based_on_their_root() -> None:
    letters = _letters(letters=300, seed=12, decision_rate=1.0, damage_rate=0.0)
    decisions = [x for x in letters if x.kind == "Quyết định"]
    assert decisions and all(x.symbol == "QĐ-UBND" and not x.recipients for x in decisions)
    for x in decisions:
        assert "QUYẾT ĐỊNH:" in x.text
        assert {r.relation for r in x.references} == {Relation.BASED_ON}
        assert x.references[0].span.split(" số ")[0] in x.text
    children = [x for x in letters if x.parent_file in {d.file for d in decisions} and x.role == "main"]
    assert children and all(any(r.kind == "Quyết định" for r in x.references) for x in children)


@pytest.mark.parametrize(
    "bad",
    [{"damage_rate": 1.5}, {"docx_share": 0.6, "pdf_share": 0.6}, {"letters": -1}, {"province_lag": (5, 1)}],
    ids=["rate-above-one", "shares-above-one", "negative-letters", "inverted-lag"],
)
def test_bad_config_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        SynthConfig(**bad)  # type: ignore[arg-type]


def test_zero_letters_writes_an_empty_truth(tmp_path: Path) -> None:
    summary = generate_corpus(tmp_path, SynthConfig(letters=0))
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert summary.letters == 0 and truth["letters"] == [] and truth["gaps"] == []


def test_drafts_have_blank_number_and_day() -> None:
    letters = _letters(letters=40, seed=1, draft_rate=1.0, damage_rate=0.0)
    for x in letters:
        assert x.number is None and x.date.day is None
        assert re.search(r"Số: +/" + re.escape(x.symbol), x.text)
        assert re.search(r"ngày +tháng", x.text)


@pytest.mark.parametrize("kind", DAMAGE_KINDS, ids=DAMAGE_KINDS)
def test_damage_appears_at_rate_one(kind: str) -> None:
    letters = _letters(letters=80, seed=3, damage_rate=1.0)
    damaged = [x for x in letters if kind in x.damage]
    assert damaged, kind
    clean = {x.file: x for x in _letters(letters=80, seed=3, damage_rate=0.0)}
    for x in damaged[:10]:
        spans = [r.span for r in x.references]
        if kind == "ref_linebreak":
            assert any("-\n" in s for s in spans)
        elif kind == "cd_ascii":
            assert any(re.search(r"\d+/(?:\d+/)?[A-Z]*D-", s) for s in spans)
        elif kind == "missing_so":
            assert any(" số " not in s.split("/")[0] + " " for s in spans if not s.startswith("Thông báo kết"))
        elif kind == "blank_day":
            assert x.date.day is None
        elif kind == "two_column":
            assert "Kính gửi" not in x.text and " \n\n" in x.text
        elif kind == "missing_header":
            assert "ỦY BAN NHÂN DÂN\n" not in x.text.replace("  \n", "\n")
        elif kind == "typo":
            assert x.parts.header != clean[x.file].parts.header or x.parts.header == ()


def test_docx_and_pdf_files_open(tmp_path: Path) -> None:
    import docx
    from pypdf import PdfReader

    summary = generate_corpus(tmp_path, SynthConfig(letters=12, seed=21, docx_share=0.5, pdf_share=0.5))
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    assert summary.by_format["docx"] and (summary.by_format["pdf"] or find_font() is None)
    for letter in truth["letters"]:
        path = tmp_path / letter["file"]
        assert path.suffix == "." + letter["format"]
        if letter["format"] == "docx":
            d = docx.Document(str(path))
            header = d.tables[0].rows[0].cells
            assert letter["symbol"] in header[0].text and "Độc lập" in header[1].text
            text = "\n".join([c.text for t in d.tables for c in t.rows[0].cells] + [p.text for p in d.paragraphs])
        elif letter["format"] == "pdf":
            text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
        else:
            continue
        flat = " ".join(text.split())
        for ref in letter["references"]:
            assert " ".join(ref["span"].split()) in flat


@pytest.mark.parametrize(
    ("text", "pick", "expected"),
    [("MƯỜNG TÈ", 0.0, "MUỜNG TÈ"), ("MƯỜNG TÈ", 0.9, "MƯỜNG TÈ".replace("Ờ", "Ò")),
     ("ĐIỆN BIÊN", 0.0, "DIỆN BIÊN"), ("LAI CHAU", 0.0, "LAI CHAU"), ("SÌN HỒ", 0.0, "SÌN HÒ")],
    ids=["horn", "second-letter", "d-bar", "nothing-to-drop", "circumflex"],
)
def test_typo(text: str, pick: float, expected: str) -> None:
    assert typo(text, pick) == expected


def test_markers_survive_wrapping() -> None:
    raw = "Thực hiện " + mark(0, "Công điện số 1068/CĐ-TTg ngày 05/8/2021") + " của Thủ tướng"
    lines = wrap(raw, 20)
    assert all(len(resolve_markers(line.replace("\x03", ""))[0]) <= 40 for line in lines)
    text, spans = resolve_markers(" \n\n".join(lines))
    start, end = spans[0]
    assert " ".join(text[start:end].split()) == "Công điện số 1068/CĐ-TTg ngày 05/8/2021"


# -- the failure classes of issue 10 ---------------------------------------------------------
def _national(r: object) -> bool:
    return r.issuer_level in ("central", "ministry")


def test_drafts_are_at_least_five_percent() -> None:
    letters = _letters(letters=2000, seed=31)
    drafts = [x for x in letters if x.number is None]
    assert len(drafts) / len(letters) >= 0.05
    by_file = {x.file: x for x in letters}
    cited = [r for x in letters for r in x.references
             if r.target_file in by_file and by_file[r.target_file].number is None]
    assert cited  # unsigned copies cited by their signed number, with date and subject
    assert all(r.number == by_file[r.target_file].true_number for r in cited)  # type: ignore[index]


def test_undated_references_to_national_documents() -> None:
    letters = _letters(letters=300, seed=32, undated_rate=1.0, bare_rate=0.0)
    national = [r for x in letters for r in x.references
                if _national(r) and not r.in_subject and x.true_date.year == x.root_year]  # late ones: dated
    undated = [r for r in national if r.form == "undated"]
    assert undated and all(r.date is None for r in undated)
    assert all(r.date is None for r in national)
    no_year = [r for r in national if r.year is None]  # the others carry the year in the symbol
    assert len(undated) == len(no_year)


def test_reused_number_and_late_letters_citing_the_root_undated(tmp_path: Path) -> None:
    generate_corpus(tmp_path, SynthConfig(letters=600, seed=33, reuse_rate=1.0, late_rate=0.05, roots=2,
                                          topics=("storm", "public_investment")))
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    root = next(r for r in truth["roots"] if r["namesake"])
    namesake, doc = root["namesake"], root["document"]
    assert (namesake["number"], namesake["symbol"]) == (doc["number"], doc["symbol"])
    assert namesake["year"] == doc["year"] + 1
    late = [x for x in truth["letters"] if x["role"] == "followup" and x["true_date"][:4] == str(namesake["year"])]
    assert late
    undated = [r for x in late for r in x["references"]
               if (r["number"], r["symbol"]) == (doc["number"], doc["symbol"]) and r["date"] is None]
    assert undated and all(r["target_year"] == doc["year"] for r in undated)  # they mean the earlier one
    dated = [r for x in late for r in x["references"] if r["date"] and r["date"][:4] == str(namesake["year"])
             and r["number"] == doc["number"]]
    assert dated and all(r["target_year"] == namesake["year"] for r in dated)


@pytest.mark.parametrize("rate", [0.0, 1.0], ids=["never", "always"])
def test_header_drop(rate: float) -> None:
    letters = _letters(letters=60, seed=34, header_drop_rate=rate, damage_rate=0.0)
    dropped = [x for x in letters if "header_drop" in x.damage]
    assert (len(dropped) == len(letters)) if rate else not dropped
    for x in dropped:
        assert x.parts.header
        header = "\n".join(x.parts.header)
        assert "ỦY BAN NHÂN DÂN" not in header or display_upper(x) not in header


def display_upper(x: SynthLetter) -> str:
    return x.issuer.header[-1] if x.issuer.kind == "people_committee" else x.issuer.header[0]


def test_web_copies_have_pipe_tables_literal_crlf_and_bold() -> None:
    letters = _letters(letters=80, seed=35, web_rate=1.0, damage_rate=0.0)
    web = [x for x in letters if "web_copy" in x.damage]
    assert len(web) == len(letters)
    for x in web:
        assert "|---|---|" in x.text and x.text.lstrip().startswith("| **")
        assert "\\r\\n" in x.text
        for r in x.references:
            assert "\\r\\n" not in r.span


@pytest.mark.parametrize(("kind", "rate"), [("web_copy", "web_rate"), ("header_drop", "header_drop_rate")],
                         ids=["web-copy", "header-drop"])
def test_damage_share_is_the_configured_rate(kind: str, rate: str) -> None:
    letters = _letters(letters=1000, seed=36, **{rate: 0.3})
    share = sum(kind in x.damage for x in letters) / len(letters)
    assert 0.25 < share < 0.35


def test_plans_have_a_title_that_implements_and_a_can_cu_list() -> None:
    letters = _letters(letters=400, seed=37, plan_rate=1.0, decision_rate=0.0, bare_rate=0.0, damage_rate=0.0)
    plans = [x for x in letters if x.kind == "Kế hoạch"]
    assert plans and all(x.symbol == "KH-UBND" and not x.recipients for x in plans)
    for x in plans:
        assert "KẾ HOẠCH\n\nTriển khai thực hiện " in x.text
        relations = [r.relation for r in x.references]
        assert relations[0] == Relation.IMPLEMENTS and x.references[0].in_subject
        assert Relation.BASED_ON in relations[1:]
        for r in x.references[1:]:
            assert x.text[: r.start].rsplit("\n", 1)[-1] == "Căn cứ "


def test_theo_cues_mean_implements() -> None:
    letters = _letters(letters=1500, seed=38)
    theo = [r for x in letters for r in x.references
            if r.relation == Relation.IMPLEMENTS and x.text[max(0, r.start - 40) : r.start].rfind("Theo") >= 0]
    assert theo


def test_documents_named_inside_a_cited_subject_are_cites() -> None:
    letters = _letters(letters=800, seed=39)
    nested = [(x, r) for x in letters for r in x.references if r.form == "subject" and r.relation == Relation.CITES]
    assert nested
    for x, r in nested:
        assert "về việc thực hiện " in x.text[max(0, r.start - 200) : r.start] or "về thực hiện " in x.text[
            max(0, r.start - 200) : r.start]


def test_office_replies_implement_the_parent_and_leave_the_unit_silent(tmp_path: Path) -> None:
    generate_corpus(tmp_path, SynthConfig(letters=600, seed=40, office_reply_rate=0.5, no_response_rate=0.3))
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    by_file = {x["file"]: x for x in truth["letters"]}
    replies = [x for x in truth["letters"] if x["role"] == "office_reply"]
    assert replies
    for x in replies:
        parent = by_file[x["parent_file"]]
        assert parent["level"] == "province" and x["level"] == "district"
        assert x["issuer"]["kind"] in ("office", "command")
        assert any(e["target_file"] == parent["file"] and e["relation"] == "implements" for e in x["edges"])
    silent = [g for g in truth["gaps"] if g["office_replied"]]
    assert silent  # the UBND whose office answered is still a non-responder
    for g in silent:
        assert by_file[g["office_replied"]]["issuer"]["parent"] == g["authority"]["name"]


def test_pm_roots_address_every_province(tmp_path: Path) -> None:
    generate_corpus(tmp_path, SynthConfig(letters=400, seed=41, topics=("storm",)))
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    for root in truth["roots"]:
        assert root["audience"] == "all_provinces"
        wrote = {x["issuer"]["admin_code"] for x in truth["letters"]
                 if x["root"] == root["numbered"] and x["role"] == "main" and x["level"] == "province"}
        silent = {a["admin_code"] for a in root["non_responders"] if a["level"] == "province"}
        assert len(wrote) + len(silent) == 63 and not wrote & silent
        assert all(a["assumed"] and a["observable"] for a in root["non_responders"] if a["expected_by"] is None)


def test_bare_references_and_aliases() -> None:
    letters = _letters(letters=500, seed=42, bare_rate=0.5, alias_rate=1.0, damage_rate=0.0, cite_rate=1.0,
                       topics=("storm",))
    bare = [r for x in letters for r in x.references if r.form == "bare"]
    assert bare
    for r in bare:
        assert " số " not in r.span and "/" not in r.span and r.span.startswith(f"{r.kind} {r.number}")
    assert any(r.issuer == "Bộ Chính trị" and r.kind == "Chỉ thị" for r in bare)  # "Chỉ thị 16 Bộ Chính trị"
    aliased = [x for x in letters if any(r.form == "alias" for r in x.references)]
    assert aliased
    for x in aliased:
        alias = next(r for r in x.references if r.form == "alias")
        assert f"(sau đây gọi là {alias.span})" in x.text
        first = next(r for r in x.references if r.number == alias.number and r.form != "alias")
        assert first.start < alias.start and first.target_file == alias.target_file


def test_defaults_keep_every_class_in_a_3000_letter_corpus() -> None:
    letters = _letters(letters=3000, seed=1)
    forms = Counter(r.form for x in letters for r in x.references)
    damage = Counter(d for x in letters for d in x.damage)
    roles = Counter(x.role for x in letters)
    assert all(forms[f] for f in ("full", "undated", "bare", "alias", "subject")), forms
    assert all(damage[d] for d in (*DAMAGE_KINDS, "header_drop", "web_copy")), damage
    assert roles["office_reply"] and sum(x.number is None for x in letters) >= 150
    late = [x for x in letters if x.role == "followup" and x.true_date.year > x.root_year]
    assert late and any(r.form == "undated" and r.target_year == x.root_year for x in late for r in x.references)

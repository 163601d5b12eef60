"""The spaCy pipeline on the blank Vietnamese model (no model download, no pyvi)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from ingest.nlp import annotate, build_pipeline, render_spans

LETTERS = sorted((Path(__file__).resolve().parents[2] / "examples" / "letters").glob("*.txt"))
PASSAGE = (
    "Thực hiện Công điện số 1068/CĐ-TTg, ngày 05/8/2021 của Thủ tướng Chính phủ. "
    "Chủ tịch UBND tỉnh Lai Châu yêu cầu các sở thực hiện nghiêm."
)


def test_build_pipeline_is_cached_and_needs_no_pyvi() -> None:
    nlp = build_pipeline()
    assert isinstance(nlp, Language)
    assert nlp is build_pipeline()
    assert nlp.lang == "vi"
    assert getattr(nlp.tokenizer, "use_pyvi", None) is False
    assert nlp.pipe_names == ["vanban_references", "vanban_authorities", "vanban_sentences"]


@pytest.mark.parametrize("path", LETTERS, ids=[p.stem[:3] for p in LETTERS])
def test_reference_spans_match_the_references(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = annotate(text)
    refs = doc._.vanban_references
    spans = list(doc.spans["references"])
    assert refs and len(spans) == len(refs)
    for span, ref in zip(spans, refs, strict=True):
        assert (span.start_char, span.end_char) == (ref.start, ref.end)
        assert span.text == ref.text == text[ref.start : ref.end]
        assert span.label_ == str(ref.relation)
    assert doc.text == text  # splitting tokens never changes the text
    assert doc._.vanban_letter.text == text


def test_reference_followed_by_comma_is_split_out_of_its_token() -> None:
    doc = annotate(PASSAGE)
    (ref,) = doc._.vanban_references
    (span,) = doc.spans["references"]
    assert span.text == ref.text
    assert not span.text.endswith(",")
    assert doc[span.end - 1].text != "1068/CĐ-TTg,"


def test_sentences_give_the_evidence() -> None:
    doc = annotate(PASSAGE)
    sents = [s.text.strip() for s in doc.sents]
    assert sents == [
        "Thực hiện Công điện số 1068/CĐ-TTg, ngày 05/8/2021 của Thủ tướng Chính phủ.",
        "Chủ tịch UBND tỉnh Lai Châu yêu cầu các sở thực hiện nghiêm.",
    ]
    (span,) = doc.spans["references"]
    assert span.sent.text.strip() == sents[0]


@pytest.mark.parametrize("path", LETTERS, ids=[p.stem[:3] for p in LETTERS])
def test_a_references_sentence_is_its_evidence(path: Path) -> None:
    """One sentence rule: spaCy's ``span.sent`` and the finder's evidence are the same text."""
    doc = annotate(path.read_text(encoding="utf-8"))
    by_start = {s.start_char: s for s in doc.spans["references"]}
    checked = 0
    for ref in doc._.vanban_references:
        span = by_start[ref.start]
        # the same sentence; the evidence is capped at EVIDENCE_REACH characters either side
        assert ref.evidence in span.sent.text, ref.text
        checked += 1
    assert checked > 0


def test_sentences_in_a_sample_letter() -> None:
    doc = annotate(LETTERS[2].read_text(encoding="utf-8"))
    sents = list(doc.sents)
    assert len(sents) > 10
    assert all(s.text.strip() for s in sents)


def test_authority_spans_carry_gazetteer_keys() -> None:
    doc = annotate(PASSAGE)
    found = {s.text: s.label_ for s in doc.spans["authorities"]}
    assert found == {
        "Thủ tướng Chính phủ": "thu-tuong-chinh-phu",
        "Chủ tịch UBND tỉnh Lai Châu": "ubnd-tinh-lai-chau",  # the chair acts for the UBND
    }


def test_render_spans_highlights_references() -> None:
    doc = annotate(PASSAGE)
    html = render_spans(doc)
    assert isinstance(html, str)
    assert "1068/CĐ-TTg" in html and "implements" in html
    assert "<html" not in html.lower()  # a fragment, not a page


def test_extensions_are_registered_once() -> None:
    build_pipeline()
    assert Doc.has_extension("vanban_references") and Doc.has_extension("vanban_letter")
    assert annotate("")._.vanban_references == []

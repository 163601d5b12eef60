"""The spaCy side of ingest: a ``Language`` carrying the project's components.

Built on ``spacy.blank("vi")`` with its whitespace tokenizer (``use_pyvi = False``: pyvi is not
needed). Components, registered by name:

- ``vanban_references`` parses the text as a letter (:func:`ingest.letter.parse.parse_letter`) and puts
  each reference in ``doc.spans["references"]`` (label: its relation); the
  :class:`~ingest.models.Reference` records go on ``doc._.vanban_references`` and the letter on
  ``doc._.vanban_letter``.
- ``vanban_authorities`` puts the authority mentions the gazetteer resolves (in the letter's
  context) in ``doc.spans["authorities"]`` (label: the authority key): the longest name after a
  capitalised head word (``doc_types.AUTHORITY_HEADS``) that resolves.
- ``vanban_sentences`` sets sentence starts for evidence sentences. spaCy's stock sentencizer looks
  for punctuation *tokens*; the whitespace tokenizer keeps punctuation on its word (``hết.``), so
  boundaries come from the reference finder's sentence-end rule on the text (one rule: a
  reference's ``span.sent`` is its evidence sentence).

Regex character offsets stay the truth: a token that a reference or mention starts or ends inside
(``1068/CĐ-TTg,``) is split at that offset before the span is made, so every span's text equals
the record's text exactly.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable
from typing import Any, cast

import numpy
import spacy
from spacy import displacy
from spacy.attrs import IDX, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from graph.models import Authority
from graph.normalize import fold
from ingest.gazetteer.authorities import Context, Gazetteer, default_gazetteer
from ingest.letter.parse import letter_context, parse_letter
from ingest.references.find import sentence_starts
from ingest.references.vocabulary import AUTHORITY_HEADS, ISSUER_STOP_WORDS

__all__ = ["annotate", "build_pipeline", "render_spans"]

REFERENCES_KEY = "references"
AUTHORITIES_KEY = "authorities"

# Authority heads (doc_types.AUTHORITY_HEADS, longest first), as whole words. Matches "UBND" in
# "của UBND tỉnh Lai Châu", "Bộ" in "Bộ Y tế"; must not match "UBND" inside "3375/UBND-VX".
# A head counts only when written with a capital ("phòng, chống dịch" is a verb, not an office).
_AUTHORITY_HEAD_RE = re.compile(
    r"(?<![\w/-])(?:"
    + "|".join(re.escape(h) for h in sorted(AUTHORITY_HEADS, key=len, reverse=True))
    + r")(?![\w/-])",
    re.IGNORECASE,
)
# A word of an authority name, and the gap before it (no line break: names do not wrap in the
# layouts we read). Matches " Lai", " Covid-19"; must not match "\nSùng".
_NAME_WORD_RE = re.compile(r"[ \t]*([^\s.;:()\"“”]+)")
MAX_AUTHORITY_WORDS = 12
# Words that end a name ("Công an huyện chủ trì …", "Trung tâm Y tế, các đơn vị …"), folded.
NAME_STOP_WORDS = frozenset(
    fold(w) for w in (*ISSUER_STOP_WORDS, "các", "chủ trì", "phối hợp", "cơ quan", "đơn vị",
                      "lực lượng", "của", "có", "hướng", "tham mưu")
)
# Commas inside a name, as (word before, word after), folded: "phòng, chống", "Văn hóa, Thể thao".
NAME_COMMAS = frozenset({("phong", "chong"), ("hoa", "the")})


def _ensure_extensions() -> None:
    for name in ("vanban_references", "vanban_letter"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def _split_at(doc: Doc, offsets: Iterable[int]) -> None:
    """Split every token that one of ``offsets`` falls strictly inside."""
    starts = doc.to_array(IDX).tolist()
    cuts: dict[int, set[int]] = {}
    for off in offsets:
        i = bisect.bisect_right(starts, off) - 1
        if i >= 0 and starts[i] < off < starts[i] + len(doc[i].text):
            cuts.setdefault(i, set()).add(off - starts[i])
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, points in cuts.items():
            token = doc[i]
            bounds = [0, *sorted(points), len(token.text)]
            orths = [token.text[a:b] for a, b in itertools.pairwise(bounds)]
            retokenizer.split(token, orths, heads=[(token, k) for k in range(len(orths))])


def _spans(doc: Doc, items: list[tuple[int, int, str]], key: str) -> None:
    """Put ``items`` (start, end, label) in ``doc.spans[key]``, splitting tokens at their edges.

    Span groups made before are rebuilt from their character offsets after the split.
    """
    groups = {k: [(s.start_char, s.end_char, s.label_) for s in g] for k, g in doc.spans.items()}
    groups[key] = items
    _split_at(doc, (o for group in groups.values() for start, end, _ in group for o in (start, end)))
    for k, group in groups.items():
        spans = [doc.char_span(s, e, label=lab, alignment_mode="expand") for s, e, lab in group]
        doc.spans[k] = [span for span in spans if span is not None]


@Language.factory("vanban_references", default_config={"spans_key": REFERENCES_KEY})
def make_references(nlp: Language, name: str, spans_key: str) -> ReferenceAnnotator:
    return ReferenceAnnotator(spans_key)


class ReferenceAnnotator:
    """Parse ``doc.text`` as a letter; its references become spans (label: the relation)."""

    def __init__(self, spans_key: str = REFERENCES_KEY) -> None:
        self.spans_key = spans_key
        _ensure_extensions()

    def __call__(self, doc: Doc) -> Doc:
        letter = parse_letter(doc.text)
        doc._.vanban_letter = letter
        doc._.vanban_references = list(letter.references)
        items = [(r.start, r.end, str(r.relation)) for r in letter.references]
        _spans(doc, items, self.spans_key)
        return doc


@Language.factory("vanban_authorities", default_config={"spans_key": AUTHORITIES_KEY})
def make_authorities(nlp: Language, name: str, spans_key: str) -> AuthorityAnnotator:
    return AuthorityAnnotator(spans_key)


class AuthorityAnnotator:
    """Authority mentions as spans, labelled with the gazetteer key they resolve to."""

    def __init__(self, spans_key: str = AUTHORITIES_KEY, gazetteer: Gazetteer | None = None) -> None:
        self.spans_key = spans_key
        self.gazetteer = gazetteer
        _ensure_extensions()

    def __call__(self, doc: Doc) -> Doc:
        gazetteer = self.gazetteer or default_gazetteer()
        letter = doc._.vanban_letter
        context = letter_context(letter, gazetteer) if letter is not None else None
        items: list[tuple[int, int, str]] = []
        text, pos = doc.text, 0
        while m := _AUTHORITY_HEAD_RE.search(text, pos):
            pos = m.end()
            if not text[m.start()].isupper():
                continue
            if found := _longest_authority(text, m.start(), m.end(), gazetteer, context):
                end, authority = found
                items.append((m.start(), end, authority.key))
                pos = end
        _spans(doc, items, self.spans_key)
        return doc


def _longest_authority(
    text: str, start: int, head_end: int, gazetteer: Gazetteer, context: Context | None
) -> tuple[int, Authority] | None:
    """The longest name at ``start`` (head, then up to 12 name words) that resolves."""
    ends = [head_end]
    words = [fold(text[start:head_end]).split()[-1]]
    pos = head_end
    while len(ends) < MAX_AUTHORITY_WORDS and (w := _NAME_WORD_RE.match(text, pos)):
        word = w.group(1)
        folded = fold(word.rstrip(","))
        nxt = _NAME_WORD_RE.match(text, w.end())
        pair = f"{folded} {fold(nxt.group(1).rstrip(','))}" if nxt else ""
        if folded in NAME_STOP_WORDS or pair in NAME_STOP_WORDS:
            break
        if words[-1].endswith(",") and (words[-1][:-1], folded) not in NAME_COMMAS:
            break
        pos = w.end()
        ends.append(pos - len(word) + len(word.rstrip(",")))
        words.append(fold(word))
    for end in reversed(ends):
        if found := gazetteer.resolve(text[start:end], context):
            return end, found
    return None


@Language.factory("vanban_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSetter:
    return SentenceSetter()


class SentenceSetter:
    """Sentence starts at the first word after a sentence end: the reference finder's rule,
    :data:`ingest.references.grammar.SENTENCE_END_RE`, applied like the finder applies it
    (never inside a reference), so that a reference's sentence in ``doc.sents`` is its evidence
    sentence."""

    def __call__(self, doc: Doc) -> Doc:
        inside = [(s.start_char, s.end_char) for s in doc.spans.get(REFERENCES_KEY, ())]
        starts = {  # a reference broken over a blank line ("Thông \n\nbáo số 07") is one sentence
            at for at in sentence_starts(doc.text) if not any(s < at < e for s, e in inside)
        }
        idx = doc.to_array(IDX).tolist()
        spaces = doc.to_array(IS_SPACE).tolist()
        flags = numpy.full(len(idx), -1, dtype="int64").view("uint64")  # -1: not a start
        seen_words = False
        for i, (at, space) in enumerate(zip(idx, spaces, strict=True)):
            if i == 0 or (seen_words and not space and at in starts):
                flags[i] = 1
            seen_words = seen_words or not space
        if len(idx):
            doc.from_array([SENT_START], cast(Any, flags.reshape(-1, 1)))
        return doc


@functools.cache
def build_pipeline() -> Language:
    """The project's spaCy pipeline (built once): references, authorities, sentences."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vanban_references")
    nlp.add_pipe("vanban_authorities")
    nlp.add_pipe("vanban_sentences")
    return nlp


def annotate(text: str) -> Doc:
    """Run the pipeline over one letter's text."""
    return build_pipeline()(text)


def render_spans(doc: Doc, spans_key: str = REFERENCES_KEY) -> str:
    """The text as HTML with the spans under ``spans_key`` highlighted (displaCy, no page)."""
    return str(displacy.render(doc, style="span", options={"spans_key": spans_key}, page=False, jupyter=False))

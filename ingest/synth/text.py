"""The text of one planned synthetic letter, with the truth about every reference in it.

:func:`render_letter` turns a planned :class:`~ingest.synth.plan.Node` into a
:class:`SynthLetter`: header, motto, number, place-date, subject, recipients, body with the cue
sentence, tasks and passing citations, Nơi nhận and signer — and the damage real files have
(each kind drawn independently at ``damage_rate``):

``ref_linebreak``  a line break inside a reference (``1068/CĐ-\\nTTg``)
``two_column``     the interleaved two-column header and hard-wrapped lines of a PDF conversion
``cd_ascii``       ASCII ``CD`` for ``CĐ`` (any ``Đ`` in one symbol)
``missing_so``     ``Công văn 3542/UBND-VX`` without ``số``
``blank_day``      a blank day in the letter's date (``ngày   tháng 9 năm 2022``)
``typo``           one diacritic lost in the header's place name (``MUỜNG TÈ``)
``missing_header`` no issuer block (the issuer is only implied by body and signer)

Layout damage (``ref_linebreak``, ``two_column``, ``missing_header``) only applies to .txt.
Two more kinds have rates of their own (``header_drop_rate``, ``web_rate``; see
:mod:`ingest.synth.webcopy`):

``header_drop``    a character dropped from the letterhead (``Y BAN NHÂN DÂN``, ``TỈNH LAI CHU``)
``web_copy``       a web page's text copy: pipe-table header, literal ``\\r\\n``, ``**bold**`` (.txt only)

Every reference records its ``form``: ``full`` (kind, số, number/symbol, maybe date and issuer),
``undated`` (a national document with no date and no year in its symbol), ``bare`` (``Chỉ thị 16
Bộ Chính trị``: no số, no symbol), ``alias`` (``Kế hoạch 125``, the short name the letter gave its
parent with ``(sau đây gọi là …)``) or ``subject`` (named in the letter's own subject line, or
inside the subject of the document it cites: ``… về việc thực hiện Công điện số 763/CĐ-TTg …``,
relation ``cites``).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from graph.models import Level, PartialDate, Relation
from ingest.synth.layout import LetterParts, mark, render_txt, resolve_markers, typo, wrap
from ingest.synth.plan import Cascade, Node, SynthConfig, SynthDocument, display_name
from ingest.synth.plans import plan_body
from ingest.synth.records import SynthEdge, SynthLetter, SynthReference
from ingest.synth.templates import (
    ALIAS_SENTENCES,
    CITE_SENTENCES,
    CLOSINGS,
    CONTEXT_SENTENCES,
    CUES,
    CUES_MULTI,
    CUES_TB,
    CUES_TB_THEO,
    CUES_THEO,
    GENERIC_TASKS,
    SUB_TASKS,
    Topic,
    person_name,
)
from ingest.synth.webcopy import drop_header_char, render_web

__all__ = ["DAMAGE_KINDS", "EXTRA_DAMAGE_KINDS", "SUBJECT_REF", "SynthEdge", "SynthLetter", "SynthReference",
           "render_letter"]

DAMAGE_KINDS = ("ref_linebreak", "two_column", "cd_ascii", "missing_so", "blank_day", "typo", "missing_header")
EXTRA_DAMAGE_KINDS = ("header_drop", "web_copy")
SUBJECT_REF = "\x04root\x04"  # in a stored subject: the root, named there (rendered as a reference)
_NATIONAL = frozenset({Level.CENTRAL, Level.MINISTRY})
_LAYOUT_DAMAGE = frozenset({"ref_linebreak", "two_column", "missing_header"})
_RELATION_RANK = {Relation.IMPLEMENTS: 0, Relation.BASED_ON: 1, Relation.CITES: 2}
_DISTRICT_ORDER = ("quận", "huyện", "thị xã", "thành phố")
_COMMUNE_ORDER = ("xã", "phường", "thị trấn", "đặc khu")


def _date_words(d: dt.date, rng: random.Random) -> str:
    forms = (f"ngày {d.day}/{d.month}/{d.year}", f"ngày {d.day:02d}/{d.month}/{d.year}",
             f"ngày {d.day:02d}/{d.month:02d}/{d.year}", f"ngày {d.day:02d} tháng {d.month} năm {d.year}")
    return rng.choice(forms)


class _Writer:
    """Renders one letter: collects marked references and applies the damage drawn for it."""

    def __init__(self, node: Node, cascade: Cascade, rng: random.Random, damage: set[str],
                 files: dict[int, str], config: SynthConfig) -> None:
        self.node, self.cascade, self.rng, self.damage, self.files = node, cascade, rng, damage, files
        self.config = config
        self.refs: list[dict[str, Any]] = []
        self.applied: list[str] = []

    def _take(self, kind: str) -> bool:
        if kind in self.damage:
            self.damage.discard(kind)
            self.applied.append(kind)
            return True
        return False

    def _record(self, doc: SynthDocument, relation: Relation, text: str, *, date: str | None, issuer_inferred: bool,
                subject: bool, form: str) -> str:
        i = len(self.refs)
        self.refs.append({"kind": doc.kind, "number": doc.number, "symbol": doc.symbol, "year": doc.year,
                          "date": date, "issuer": doc.issuer.name, "issuer_level": str(doc.issuer.level),
                          "issuer_inferred": issuer_inferred, "relation": relation, "in_subject": subject,
                          "target_year": doc.date.year, "target_file": self.files.get(id(doc)), "form": form,
                          "doc": doc})
        return mark(i, text)

    def alias(self, doc: SynthDocument) -> str:
        """A later mention by the short name the letter defined: ``Kế hoạch 125`` (relation cites)."""
        return self._record(doc, Relation.CITES, f"{doc.kind} {doc.number}", date=None, issuer_inferred=True,
                            subject=False, form="alias")

    def _bare(self, doc: SynthDocument, relation: Relation) -> str:
        """``Chỉ thị 16 Bộ Chính trị``, ``Công điện 763 của Thủ tướng Chính phủ``, ``Nghị quyết 12``."""
        r = self.rng.random()
        # only a passing mention goes without its issuer ("Nghị quyết 12"); a carried-out one names it
        issuer = f" {doc.issuer.name}" if r < 0.45 else f" của {doc.issuer.name}" if r < 0.85 or \
            relation is not Relation.CITES else ""
        return self._record(doc, relation, f"{doc.kind} {doc.number}{issuer}", date=None,
                            issuer_inferred=not issuer, subject=False, form="bare")

    def ref(self, doc: SynthDocument, relation: Relation, *, subject: bool = False, outside: bool = False,
            dated: bool | None = None) -> str:
        """A marked reference to ``doc``: ``Công văn số 3542/UBND-VX ngày 23/9/2022 của UBND tỉnh Lai Châu``.

        ``dated``: ``True`` always writes the date, ``False`` never; ``None`` draws it (a national
        document is undated at ``undated_rate``, or bare at ``bare_rate``).
        """
        rng, writer, cfg = self.rng, self.node.authority, self.config
        national = doc.issuer.level in _NATIONAL
        if national and not subject and not outside and dated is None and rng.random() < cfg.bare_rate:
            return self._bare(doc, relation)
        if national and dated is None and rng.random() < cfg.undated_rate:
            dated = False
        numbered = doc.numbered
        if "Đ" in numbered and "cd_ascii" in self.damage:
            self._take("cd_ascii")
            numbered = numbered.replace("Đ", "D")
        if "-" in numbered and not subject and "ref_linebreak" in self.damage:
            self._take("ref_linebreak")
            numbered = numbered.replace("-", "-\n", 1)
        so = "số "
        if not subject and "missing_so" in self.damage:
            self._take("missing_so")
            so = ""
        kind_words = "Thông báo kết luận" if doc.kind == "Thông báo" and rng.random() < 0.3 else doc.kind
        text = f"{kind_words} {so}{numbered}"
        date_written = None
        if not subject and dated is not False and (dated or rng.random() < 0.85):
            sep = ", " if rng.random() < 0.15 else " "
            text += sep + _date_words(doc.date, rng)
            date_written = doc.date.isoformat()
        issuer, inferred = doc.issuer, True
        if not outside:
            mode = rng.random()
            same_province = issuer.province_code is not None and issuer.province_code == writer.province_code
            if issuer.kind == "people_committee" and same_province and mode < 0.25:
                text += f" của {issuer.body}"  # "của UBND tỉnh": named by context only
            elif mode < 0.55:
                text += f" của {issuer.name}"
                inferred = False
            elif mode < 0.85:
                text += f" của {issuer.full_name}"
                inferred = False
        form = "subject" if subject else "undated" if national and not date_written and doc.year is None else "full"
        return self._record(doc, relation, text, date=date_written, issuer_inferred=inferred, subject=subject,
                            form=form)


def _types(units: list[Any], order: tuple[str, ...]) -> str:
    present = {u.type for u in units}
    return ", ".join(t for t in order if t in present)


def _recipients(node: Node) -> tuple[list[str], str, str]:
    """(Kính gửi items, ``{units}`` wording, ``{addr}`` wording)."""
    a = node.authority
    if node.role == "department":
        return ["Các phòng, đơn vị thuộc Sở;", "Các đơn vị trực thuộc."], "các đơn vị", "các đơn vị trực thuộc"
    if node.role in ("office", "office_reply"):
        return ["Các cơ quan, đơn vị liên quan."], "các đơn vị", "các cơ quan, đơn vị liên quan"
    if node.role == "command":
        scope = node.unit.type if node.unit else "huyện"
        return (["Các thành viên " + a.body + ";", f"Các cơ quan, ban, ngành, đoàn thể {scope}."],
                "các cơ quan, đơn vị", f"các cơ quan, ban, ngành, đoàn thể {scope}")
    if a.level == Level.PROVINCE:
        items = [f"Các sở, ban, ngành, đoàn thể {a.scope};"]
        if node.addressed and node.role == "main":
            first = node.addressed[0]
            lower = _types(node.addressed, _DISTRICT_ORDER if first.level == Level.DISTRICT else _COMMUNE_ORDER)
            units = f"UBND các {lower}"
            return items + [f"{units}."], units, "các sở, ban, ngành, địa phương"
        return [items[0][:-1] + "."], "các địa phương", "các sở, ban, ngành"
    if a.level == Level.DISTRICT:
        scope = node.unit.type if node.unit else "huyện"
        items = [f"Các cơ quan, ban, ngành, đoàn thể {scope};"]
        if node.addressed:
            units = "UBND các " + _types(node.addressed, _COMMUNE_ORDER)
            return items + [f"Ủy ban nhân dân các {units[9:]}."], units, f"các cơ quan, đơn vị, {units}"
        return [items[0][:-1] + "."], "các cơ quan, đơn vị", "các cơ quan, đơn vị"
    scope = node.unit.type if node.unit else "xã"
    return ([f"Các ban, ngành, đoàn thể {scope};", "Trưởng các thôn, bản, tổ dân phố."],
            "Trưởng các thôn, bản, tổ dân phố", f"các ban, ngành, đoàn thể {scope}")


def _signer(node: Node, topic: Topic, rng: random.Random, seed: int) -> tuple[tuple[str, ...], str]:
    a = node.authority
    if a.kind == "people_committee":
        r = rng.random()
        title: tuple[str, ...] = (("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") if r < 0.6
                                  else ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH") if r < 0.85 else ("CHỦ TỊCH",))
    else:
        office = node.office or {"department": topic.department, "office": topic.office,
                                 "command": topic.command}.get(node.role)
        title = office.title if office else ("GIÁM ĐỐC",)
    name = person_name(random.Random(f"{seed}|{a.name}|{title[-1]}"))
    return title, name


def _cc(node: Node) -> tuple[str, ...]:
    """Nơi nhận items; ``{t}`` is the writer's unit type (tỉnh, huyện, thành phố, phường …)."""
    a = node.authority
    t = node.unit.type if node.unit else a.scope
    if node.doc is not None and node.doc.kind == "Quyết định":
        return ("Như Điều 3;", "TT Tỉnh ủy, HĐND tỉnh (b/c);", f"CT, các PCT UBND {t};", "Lưu: VT, VX1.")
    if node.doc is not None and node.doc.kind == "Kế hoạch":
        return ("TT Tỉnh ủy, HĐND tỉnh (b/c);", f"CT, các PCT UBND {t};", "Các sở, ban, ngành tỉnh;",
                "UBND các huyện, thành phố;", "Lưu: VT, VX1.")
    if a.kind != "people_committee":
        return ("Như trên;", f"UBND {t} (b/c);", "Lưu: VT.")
    if a.level == Level.PROVINCE:
        return ("Như trên;", "TT: Tỉnh ủy, HĐND tỉnh; (b/c)", f"UBND {t}: U;", "VPUBND: V, C, CB, HC;", "Lưu: VT, VX1.")
    if a.level == Level.DISTRICT:
        party = "Thành ủy" if t == "thành phố" else "Thị ủy" if t == "thị xã" else "Quận ủy" if t == "quận" else "Huyện ủy"
        return ("Như trên;", f"TT {party}, HĐND {t} (b/c);", f"CT, PCT UBND {t};", f"Trang TTĐT {t};", "Lưu: VT.")
    return ("Như trên;", f"TT Đảng ủy, HĐND {t} (b/c);", "Lưu: VP.")


def render_letter(node: Node, cascade: Cascade, rng: random.Random, *, config: SynthConfig,
                  files: dict[int, str]) -> SynthLetter:
    """The letter planned as ``node`` (``files`` maps ``id(document)`` to its file, if generated)."""
    doc = node.doc
    assert doc is not None
    seed = config.seed
    drawn = {k for k in DAMAGE_KINDS if rng.random() < config.damage_rate}
    if rng.random() < config.header_drop_rate:
        drawn.add("header_drop")
    if rng.random() < config.web_rate:
        drawn.add("web_copy")
    if node.fmt != "txt":
        drawn -= _LAYOUT_DAMAGE | {"web_copy"}
    if "web_copy" in drawn:
        drawn -= {"two_column"}
    w = _Writer(node, cascade, rng, drawn, files, config)
    a = node.authority
    topic, root = cascade.topic, cascade.root
    primary = node.implements[-1]
    items, units, addr = _recipients(node)
    chair = a.chair
    fmt = {"chair": chair, "chair_body": a.body, "addr": addr, "units": units, "scope": a.scope,
           "dept": {Level.PROVINCE: topic.department.name, Level.DISTRICT: topic.office.name}.get(
               a.level, "công chức chuyên môn"),
           "subj": cascade.subjects.get(id(primary), root.subject), "ref_issuer": primary.issuer.name}
    # subject line
    r = rng.random()
    plain = root.subject if r >= 0.75 or root.subject.startswith("thực hiện") else f"thực hiện {root.subject}"
    stored = plain
    if node.role == "followup":
        subject = plain = stored = f"đôn đốc thực hiện {root.subject}"
    elif primary is root and r < 0.4 and doc.kind not in ("Quyết định", "Kế hoạch"):
        subject = f"thực hiện {w.ref(root, Relation.IMPLEMENTS, subject=True)} về {root.subject}"
        if config.cue_variety:
            stored = f"thực hiện {SUBJECT_REF} về {root.subject}"  # letters below name the root inside it
    else:
        subject = plain
    cascade.subjects[id(doc)] = stored
    if doc.kind == "Quyết định":
        paragraphs = _decision_body(w, node, cascade, fmt)
        subject_lines: tuple[str, ...] = ()
        items, subject = [], f"ban hành Kế hoạch triển khai {plain}"
    elif doc.kind == "Kế hoạch":
        paragraphs = plan_body(w, node, cascade, fmt)
        subject_lines = ()
        items, subject = [], f"triển khai thực hiện {plain}"
    else:
        paragraphs = _letter_body(w, node, cascade, fmt)
        subject_lines = tuple(wrap("V/v " + subject, 34))
    paragraphs = [_name_root_in_subjects(w, p) for p in paragraphs]
    # header fields
    number = None if node.draft else doc.number
    blank_day = node.draft or w._take("blank_day")
    d = doc.date
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    day = rng.choice(("", "  ", "        ")) if blank_day else f"{d.day:02d}"
    place_date = f"{a.place}, ngày {day} tháng {month} năm {d.year}".replace("ngày  tháng", "ngày tháng")
    blanks = rng.choice(("", "          ")) if node.draft else ""
    number_line = f"Số: {blanks}{number or ''}/{doc.symbol}"
    header = a.header
    if "typo" in w.damage and node.unit is not None:
        w._take("typo")
        i_line = 1 if a.kind == "people_committee" else 0
        line = header[i_line]
        place = display_name(node.unit).upper()
        header = tuple(h if j != i_line else line.replace(place, typo(place, rng.random()))
                       for j, h in enumerate(header))
    if "header_drop" in w.damage and header:
        w._take("header_drop")
        place = display_name(node.unit).upper() if node.unit is not None else ""
        header = drop_header_char(header, place, rng)
    if w._take("missing_header"):
        header = ()
    title, signer_name = _signer(node, topic, rng, seed)
    parts = LetterParts(header=header, number_line=number_line, place_date=place_date,
                        subject_lines=subject_lines, recipients=tuple(items),
                        paragraphs=tuple(paragraphs), cc=_cc(node),
                        signer_title=title, signer_name=signer_name)
    two_column = w._take("two_column")
    raw = render_txt(parts, markdown=rng.random() < 0.5, subject_first=rng.random() < 0.5, two_column=two_column)
    if w._take("web_copy"):
        raw = render_web(parts, rng)
    text, spans = resolve_markers(raw)
    references, edges = _truth(w.refs, spans, text)
    plain_subject = resolve_markers(subject)[0].replace("-\n", "-").replace("\n", " ")
    return SynthLetter(
        file=node.file, format=node.fmt, text=text, parts=parts, issuer=a, role=node.role, number=number,
        true_number=doc.number, symbol=doc.symbol, kind=doc.kind,
        date=PartialDate(d.year, d.month, None if blank_day else d.day), true_date=d, place=a.place,
        subject=plain_subject, recipients=tuple(i.rstrip(";.") for i in items),
        addressed=tuple(u.code for u in node.addressed) if node.role == "main" else (),
        signer_name=signer_name if not two_column else None, signer_title="\n".join(title),
        references=references, edges=edges, damage=tuple(w.applied), root=root.numbered,
        root_year=root.date.year, parent_file=node.parent.file if node.parent else None,
    )


def _name_root_in_subjects(w: _Writer, paragraph: str) -> str:
    """Each :data:`SUBJECT_REF` (a cited letter's subject naming the root) as a reference (cites)."""
    while SUBJECT_REF in paragraph:
        paragraph = paragraph.replace(SUBJECT_REF, w.ref(w.cascade.root, Relation.CITES, subject=True), 1)
    return paragraph


def _letter_body(w: _Writer, node: Node, cascade: Cascade, fmt: dict[str, str]) -> list[str]:
    """Opening, cue sentence with the implemented documents, numbered tasks, closing."""
    rng, topic, a = w.rng, cascade.topic, node.authority
    primary = node.implements[-1]
    paragraphs: list[str] = []
    alias_of: SynthDocument | None = None
    # a late letter (the year after the root) cites the root undated, unless it also names the
    # root's namesake of its own year: then both carry their dates
    late_dated = (cascade.namesake in node.cites) if node.late else None
    opening = rng.choice(topic.context) + " " if rng.random() < 0.5 else ""
    if len(node.implements) > 1:
        template, joiner = rng.choice(CUES_MULTI)
        refs = joiner.join(w.ref(d, Relation.IMPLEMENTS) for d in node.implements)
        cue = template.format(refs=refs, **fmt)
    elif primary.kind == "Thông báo":
        cues_tb = CUES_TB + CUES_TB_THEO if w.config.cue_variety else CUES_TB
        cue = rng.choice(cues_tb).format(ref=w.ref(primary, Relation.IMPLEMENTS, dated=late_dated), **fmt)
    else:
        template = rng.choice(CUES + CUES_THEO if w.config.cue_variety else CUES)
        outside = "{ref_issuer}" in template
        ref = w.ref(primary, Relation.IMPLEMENTS, outside=outside, dated=late_dated)
        if primary.issuer.level not in _NATIONAL and rng.random() < w.config.alias_rate:
            alias_of = primary  # "(sau đây gọi là Kế hoạch 125)", used again in a task below
            ref += f" (sau đây gọi là {primary.kind} {primary.number})"
        cue = template.format(ref=ref, **fmt)
    paragraphs.append(opening + cue if not cue.startswith("Căn cứ") else cue)
    if node.role == "followup" and node.cites:
        own = node.cites[0]
        paragraphs.insert(0, f"Ngày {own.date.day:02d}/{own.date.month:02d}/{own.date.year}, {a.body} đã ban hành "
                          f"{w.ref(own, Relation.CITES)}. " + rng.choice(CONTEXT_SENTENCES))
    # tasks
    pool = list(topic.tasks) + list(GENERIC_TASKS)
    tasks = rng.sample(pool, k=min(len(pool), rng.randint(3, 5)))
    cites = [d for d in node.cites if node.role != "followup" or d is not node.cites[0]]
    for i, task in enumerate(tasks, 1):
        text = task.format(**fmt)
        text = text[0].upper() + text[1:]
        if cites and i == 2:
            text += " " + rng.choice(CITE_SENTENCES).format(
                ref=", ".join(w.ref(d, Relation.CITES, dated=True if d is cascade.namesake else None)
                              for d in cites))
        if alias_of is not None and i == len(tasks):
            text += " " + rng.choice(ALIAS_SENTENCES).format(alias=w.alias(alias_of))
        if rng.random() < 0.35:
            subs = rng.sample(SUB_TASKS, k=rng.randint(1, 3))
            text += "".join("\n\n- " + sub.format(**fmt) for sub in subs)
        paragraphs.append(f"{i}. {text}")
    paragraphs.append(rng.choice(CLOSINGS).format(**fmt))
    return paragraphs


def _decision_body(w: _Writer, node: Node, cascade: Cascade, fmt: dict[str, str]) -> list[str]:
    """A Quyết định: title, legal preamble (``Căn cứ`` -> based_on), articles."""
    a, unit = node.authority, node.unit
    place = f"{unit.type} {display_name(unit)}".upper() if unit else a.scope.upper()
    preamble = ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"]
    preamble += [f"Căn cứ {w.ref(d, Relation.BASED_ON)};" for d in node.implements]
    lower = "các huyện, thành phố" if a.level == Level.PROVINCE and node.addressed and \
        node.addressed[0].level == Level.DISTRICT else "các xã, phường"
    return [
        f"QUYẾT ĐỊNH\n\nVề việc ban hành Kế hoạch triển khai {cascade.subjects[id(node.doc)]}",
        f"CHỦ TỊCH ỦY BAN NHÂN DÂN {place}",
        *preamble,
        f"Theo đề nghị của Giám đốc {cascade.topic.department.name}.",
        "QUYẾT ĐỊNH:",
        f"Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai {fmt['subj']}.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        f"Điều 3. Chánh Văn phòng UBND {a.scope}, Giám đốc các sở, ban, ngành; Chủ tịch UBND {lower} và các "
        "cơ quan, đơn vị liên quan chịu trách nhiệm thi hành Quyết định này./.",
    ]


# The cue opening the clause just before a reference (diagnostic, for the bench's tags); matches
# "Theo yêu cầu của UBND huyện Yên Sơn tại " (-> "Theo yêu cầu"), not "Căn cứ nội dung này. ".
_CUE = re.compile(r"(Thực hiện chỉ đạo|Thực hiện|Triển khai thực hiện|Triển khai|Theo yêu cầu|Theo|Căn cứ|V/v"
                  r"|về việc|đã ban hành)(?=[\s,])[^.;:\n]*$")


def _truth(refs: list[dict[str, Any]], spans: dict[int, tuple[int, int]],
           text: str) -> tuple[tuple[SynthReference, ...], tuple[SynthEdge, ...]]:
    out: list[SynthReference] = []
    best: dict[tuple[str, str, int, str], tuple[Relation, dict[str, Any]]] = {}
    for i, r in enumerate(refs):
        start, end = spans[i]
        fields = {k: v for k, v in r.items() if k != "doc"}
        cue = _CUE.search(text, max(0, start - 200), start)
        out.append(SynthReference(start=start, end=end, span=text[start:end], cue=cue.group(1) if cue else "", **fields))
        key = (r["number"], r["symbol"], r["target_year"], r["issuer"])
        if key not in best or _RELATION_RANK[r["relation"]] < _RELATION_RANK[best[key][0]]:
            best[key] = (r["relation"], r)
    out.sort(key=lambda x: x.start)
    edges = tuple(SynthEdge(kind=r["kind"], number=r["number"], symbol=r["symbol"], year=r["target_year"],
                            issuer=r["issuer"], relation=rel, target_file=r["target_file"])
                  for rel, r in best.values())
    return tuple(out), edges

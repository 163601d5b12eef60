"""Planning one synthetic cascade: who responds to a national document, when, under which number.

The planner works on the real administrative map of the root's date and on a letter budget: it
picks a scope of provinces, lets each addressed unit respond or not (``no_response_rate``; the
silent ones are the expected gaps), then spends what is left of the budget on deeper cascades
(district → commune), extra letters of departments, offices and command centres, and finally
follow-up letters, so that a cascade holds exactly ``budget`` letters. Only the plan (small
records, no text) is held in memory.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from graph.models import Level
from ingest.gazetteer.admin_map import MAP_CHANGE, AdminMap, AdminUnit
from ingest.synth.config import SynthConfig
from ingest.synth.records import SynthAuthority, SynthDocument, SynthGap
from ingest.synth.templates import CENTRALS, OFFICE_REPLIERS, TOPICS, DocSpec, Office, Topic

__all__ = [
    "Cascade",
    "Node",
    "Numberer",
    "SynthAuthority",
    "SynthConfig",
    "SynthDocument",
    "SynthGap",
    "display_name",
    "plan_cascade",
]

# Roots a province-wide audience is assumed for when their text is absent (issue 10, class 4).
AUDIENCE_SYMBOLS = frozenset({"CĐ-TTg", "CT-TTg", "TB-VPCP"})
# Numbers used per day of the year by each kind of writer (3542/UBND-VX on 23 September).
_PER_DAY = {"province": 13.0, "department": 4.0, "district": 2.0, "office": 0.6, "command": 0.15,
            "commune": 0.4}
_AVG_DISTRICTS, _AVG_COMMUNES_OLD, _AVG_COMMUNES_NEW = 11.0, 14.5, 98.0


@dataclass(eq=False)
class Node:
    """One planned letter. ``implements`` holds the documents it carries out (primary first)."""

    authority: SynthAuthority
    role: str  # main, department, office, command, followup
    unit: AdminUnit | None
    parent: Node | None = None
    addressed: list[AdminUnit] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    implements: list[SynthDocument] = field(default_factory=list)
    cites: list[SynthDocument] = field(default_factory=list)
    doc: SynthDocument | None = None
    draft: bool = False
    fmt: str = "txt"
    file: str = ""
    office: Office | None = None  # the office writing (department, office, command, office_reply)
    late: bool = False  # written the year after the root (cites it undated)


@dataclass
class Cascade:
    root: SynthDocument
    topic: Topic
    background: list[SynthDocument]
    nodes: list[Node]  # depth-first, parents before children
    subjects: dict[int, str]  # id(document) -> its subject as the letter wrote it (filled when rendered)
    silent: list[tuple[Node | None, AdminUnit]]  # (who addressed it — None: the root, unit)
    audience: str = "scope"  # "all_provinces" (assumed for PM/VPCP roots) or "scope" (not observable)
    namesake: SynthDocument | None = None  # same number as the root, the next year
    office_replies: dict[tuple[int, str], Node] = field(default_factory=dict)  # (id(parent), unit code)

    def gaps(self) -> list[SynthGap]:
        """The expected gaps (call once the letters have their files)."""
        out = []
        for parent, unit in self.silent:
            auth = unit_authority(unit, parent.authority if parent else None)
            reply = self.office_replies.get((id(parent), unit.code)) if parent else None
            root_scope = parent is None
            out.append(SynthGap(self.root, auth, parent.file if parent else None,
                                observable=not root_scope or self.audience == "all_provinces",
                                assumed=root_scope and self.audience == "all_provinces",
                                office_replied=reply.file if reply else None))
        return out


class Numberer:
    """Numbers that grow with the day of the year and never repeat per issuer, symbol and year."""

    def __init__(self) -> None:
        self._used: dict[tuple[str, str, int], set[int]] = {}

    def reserve(self, issuer: str, symbol: str, year: int, n: int) -> bool:
        """Take exactly ``n``; ``False`` when it is already used."""
        used = self._used.setdefault((issuer, symbol, year), set())
        if n in used:
            return False
        used.add(n)
        return True

    def take(self, issuer: str, symbol: str, on: dt.date, per_day: float, rng: random.Random) -> int:
        used = self._used.setdefault((issuer, symbol, on.year), set())
        n = max(1, int(on.timetuple().tm_yday * per_day * rng.uniform(0.85, 1.1)))
        while n in used:
            n += 1
        used.add(n)
        return n


def _lag(on: dt.date, span: tuple[int, int], rng: random.Random) -> dt.date:
    day = on + dt.timedelta(days=rng.randint(*span))
    if day.weekday() == 6 or (day.weekday() == 5 and rng.random() < 0.8):
        day += dt.timedelta(days=7 - day.weekday())
    return day


# The map's disambiguating suffix; matches "Thới Bình (Xã)", not "Thới Bình".
_SUFFIX = re.compile(r"\s*\([^)]*\)$")


def display_name(unit: AdminUnit) -> str:
    """The name as letters write it: ``Thới Bình``, not the map's ``Thới Bình (Xã)``."""
    return _SUFFIX.sub("", unit.name)


def unit_authority(unit: AdminUnit, parent: SynthAuthority | None) -> SynthAuthority:
    """UBND of a province, district or commune: ``UBND huyện Mường Tè``."""
    named = f"{unit.type} {display_name(unit)}"
    level_kind = {Level.PROVINCE: "tỉnh", Level.DISTRICT: "huyện"}.get(unit.level, "xã")
    return SynthAuthority(
        name=f"UBND {named}", full_name=f"Ủy ban nhân dân {named}", level=unit.level,
        kind="people_committee", admin_code=unit.code, province_code=unit.province_code,
        parent=parent.name if parent else "Chính phủ", parent_code=parent.admin_code if parent else None,
        place=display_name(unit), header=("ỦY BAN NHÂN DÂN", named.upper()), chair=f"Chủ tịch UBND {unit.type}",
        body=f"UBND {unit.type}", scope=level_kind,
    )


def body_authority(office: Office, kind: str, under: SynthAuthority, unit: AdminUnit) -> SynthAuthority:
    """A department, office or command centre UNDER a UBND: ``Sở Y tế tỉnh Lai Châu``."""
    named = f"{unit.type} {display_name(unit)}"
    upper = office.name.upper()
    words = upper.split(" ")
    if "," in upper:  # "TRUNG TÂM CHỈ HUY PHÒNG," / "CHỐNG DỊCH COVID-19"
        head, tail = upper.split(",", 1)
        name_lines: tuple[str, ...] = (head + ",", tail.strip())
    elif len(words) > 6:
        name_lines = (" ".join(words[:4]), " ".join(words[4:]))
    else:
        name_lines = (upper,)
    return SynthAuthority(
        name=f"{office.name} {named}", full_name=f"{office.name} {named}", level=under.level, kind=kind,
        admin_code=unit.code, province_code=unit.province_code, parent=under.name,
        parent_code=under.admin_code, place=display_name(unit), header=(f"UBND {named}".upper(), *name_lines),
        chair=f"{office.name} {unit.type}" if kind == "command" else office.name,
        body=office.name, scope=under.scope,
    )


def central_authority(code: str) -> SynthAuthority:
    c = CENTRALS[code]
    parent = None if code == "CP" else "Chính phủ"
    return SynthAuthority(name=c.name, full_name=c.name, level=c.level,
                          kind="ministry" if c.level == Level.MINISTRY else "government",
                          parent=parent, place=c.place, header=c.header, chair=c.name, body=c.name)


def national_document(spec: DocSpec, on: dt.date, rng: random.Random, numberer: Numberer) -> SynthDocument:
    issuer = central_authority(spec.issuer)
    subject = spec.subject.format(k=rng.randint(3, 30))
    if spec.party:
        n = numberer.take(issuer.name, spec.symbol, on, spec.per_day, rng)
        return SynthDocument(spec.kind, f"{n:02d}", spec.symbol, None, on, issuer, subject, party=True)
    if spec.normative:
        n = max(1, int(on.timetuple().tm_yday * spec.per_day * rng.uniform(0.5, 1.0)))
        return SynthDocument(spec.kind, f"{n:02d}", spec.symbol, on.year, on, issuer, subject)
    n = numberer.take(issuer.name, spec.symbol, on, spec.per_day, rng)
    return SynthDocument(spec.kind, f"{n:02d}" if n < 10 else str(n), spec.symbol, None, on, issuer, subject)


def choose_topic(cfg: SynthConfig, new_map: bool, rng: random.Random) -> Topic:
    fits = [t for t in TOPICS if (t.new_map if new_map else t.key != "two_tier")]
    if cfg.topics:
        fits = [t for t in fits if t.key in cfg.topics] or fits
    return rng.choice(fits)


@dataclass
class _Planner:
    cfg: SynthConfig
    rng: random.Random
    amap: AdminMap
    topic: Topic
    root: SynthDocument
    remaining: int
    gap_nodes: list[tuple[Node | None, AdminUnit]] = field(default_factory=list)
    office_replies: dict[tuple[int, str], Node] = field(default_factory=dict)

    def group(self, unit: AdminUnit, parent: Node | None) -> list[Node]:
        """The main letter of ``unit`` plus the extra letters of its bodies."""
        auth = unit_authority(unit, parent.authority if parent else None)
        main = Node(auth, "main", unit, parent)
        out = [main]
        x = self.cfg.extra_rate
        if unit.level == Level.PROVINCE and self.rng.random() < x:
            out.append(Node(body_authority(self.topic.department, "department", auth, unit), "department", unit, main,
                            office=self.topic.department))
        if unit.level == Level.DISTRICT:
            if self.rng.random() < x:
                out.append(Node(body_authority(self.topic.office, "office", auth, unit), "office", unit, main,
                                office=self.topic.office))
            if self.topic.command and self.rng.random() < x / 2:
                out.append(Node(body_authority(self.topic.command, "command", auth, unit), "command", unit, main,
                                office=self.topic.command))
        return out

    def cascade(self, node: Node, units: list[AdminUnit]) -> list[Node]:
        """Address ``units`` from ``node`` if the responders fit the budget."""
        silent = [u for u in units if self.rng.random() < self.cfg.no_response_rate]
        groups = [g for u in units if u not in silent for g in self.group(u, node)]
        replies = [self.office_reply(u, node) for u in units
                   if u.level == Level.DISTRICT and self.rng.random() < self.cfg.office_reply_rate]
        if not units or len(groups) + len(replies) > self.remaining:
            return []
        self.remaining -= len(groups) + len(replies)
        node.addressed = list(units)
        node.children.extend(groups)
        node.children.extend(replies)
        self.gap_nodes += [(node, u) for u in silent]
        for r in replies:
            assert r.unit is not None
            self.office_replies[(id(node), r.unit.code)] = r
        return [g for g in groups if g.role == "main"]

    def office_reply(self, unit: AdminUnit, parent: Node) -> Node:
        """The Văn phòng, a Phòng or the command centre of ``unit`` answering ``parent`` itself."""
        auth = unit_authority(unit, parent.authority)
        offices = [*OFFICE_REPLIERS, self.topic.office] + ([self.topic.command] if self.topic.command else [])
        office = self.rng.choice(offices)
        kind = "command" if office is self.topic.command else "office"
        return Node(body_authority(office, kind, auth, unit), "office_reply", unit, parent, office=office)


def plan_cascade(cfg: SynthConfig, rng: random.Random, numberer: Numberer, *, root_date: dt.date,
                 budget: int, admin_maps: Callable[[dt.date], AdminMap]) -> Cascade:
    """Plan one cascade of exactly ``budget`` letters (``budget`` >= 1), dated and numbered."""
    amap = admin_maps(root_date)
    new_map = not any(amap.districts_of(p) for p in amap.provinces()[:3])
    topic = choose_topic(cfg, new_map, rng)
    root = national_document(rng.choice(topic.roots), root_date, rng, numberer)
    background = []
    for spec in rng.sample(topic.background, k=min(len(topic.background), 3)):
        on = root_date - dt.timedelta(days=rng.randint(10, 200))
        background.append(national_document(spec, on, rng, numberer))
    reuse = _reusable(root, root_date) and rng.random() < cfg.reuse_rate
    late = min(budget - 1, max(1, round(budget * cfg.late_rate))) if reuse and budget > 1 else 0
    plan = _Planner(cfg, rng, amap, topic, root, budget - late)
    nr, x, cr = cfg.no_response_rate, cfg.extra_rate, cfg.commune_rate
    live = 1.0 - nr
    if new_map:
        per_province = (1 + x) + cr * _AVG_COMMUNES_NEW * live
    else:
        per_province = (1 + x) + _AVG_DISTRICTS * live * ((1 + x) + cr * _AVG_COMMUNES_OLD * live)
    provinces = list(amap.provinces())
    rng.shuffle(provinces)
    k = max(1, min(len(provinces), round(budget / (per_province * live))))
    tops: list[Node] = []
    for unit in provinces[:k]:
        if plan.remaining < 1:
            break
        if rng.random() < nr and (tops or unit is not provinces[k - 1]):
            plan.gap_nodes.append((None, unit))
            continue
        group = plan.group(unit, None)[: plan.remaining]
        plan.remaining -= len(group)
        tops.append(group[0])
        tops[-1].children.extend(group[1:])
    mains = list(tops)
    if not new_map:
        districts = [d for p in tops for d in plan.cascade(p, amap.districts_of(p.unit))]  # type: ignore[arg-type]
        mains += districts
        lower = districts
    else:
        lower = tops
    for n in lower:
        if rng.random() < cr:
            mains += plan.cascade(n, amap.communes_of(n.unit))  # type: ignore[arg-type]
    _add_extras(plan, mains)
    for n in lower:
        if not n.addressed and plan.remaining:
            mains += plan.cascade(n, amap.communes_of(n.unit))  # type: ignore[arg-type]
    audience = "all_provinces" if cfg.assume_audience and root.symbol in AUDIENCE_SYMBOLS else "scope"
    if audience == "all_provinces":  # every province was told: those that never wrote are gaps too
        seen = {t.unit.code for t in tops if t.unit} | {u.code for p, u in plan.gap_nodes if p is None}
        plan.gap_nodes += [(None, u) for u in amap.provinces() if u.code not in seen]
    plan.remaining += late
    namesake = None
    if late and tops:
        namesake = _namesake(root, rng, numberer)
        for i in range(plan.remaining):
            top = tops[i % len(tops)]
            top.children.append(Node(top.authority, "followup", top.unit, top, late=True))
        plan.remaining = 0
    _add_followups(plan, tops)
    cascade = Cascade(root, topic, background, _depth_first(tops), {id(root): root.subject}, plan.gap_nodes,
                      audience=audience, namesake=namesake, office_replies=plan.office_replies)
    _date_and_number(cfg, rng, numberer, cascade)
    return cascade


def _reusable(root: SynthDocument, on: dt.date) -> bool:
    """Whether the root's number may be reused next year with late letters on the same map."""
    if root.year is not None or root.party:
        return False  # the year is in the symbol: no reuse to confuse
    nxt = dt.date(on.year + 1, 4, 1)
    return on >= MAP_CHANGE or nxt < MAP_CHANGE


def _namesake(root: SynthDocument, rng: random.Random, numberer: Numberer) -> SynthDocument | None:
    """A document of the next year with the root's number, symbol and issuer (another subject)."""
    year = root.date.year + 1
    if not numberer.reserve(root.issuer.name, root.symbol, year, int(root.number)):
        return None
    on = dt.date(year, 1, rng.randint(3, 14))
    while on.weekday() >= 5:
        on += dt.timedelta(days=1)
    subject = rng.choice(_NAMESAKE_SUBJECTS)
    return SynthDocument(root.kind, root.number, root.symbol, None, on, root.issuer, subject)


_NAMESAKE_SUBJECTS = (
    "tổ chức đón Tết Nguyên đán vui tươi, lành mạnh, an toàn, tiết kiệm",
    "chủ động ứng phó với rét đậm, rét hại",
    "tăng cường công tác bảo đảm trật tự, an toàn giao thông dịp Tết",
)



def _add_extras(plan: _Planner, mains: list[Node]) -> None:
    """Spend the rest of the budget on letters of departments and offices that did not write yet."""
    for n in mains:
        if plan.remaining < 1:
            return
        roles = {c.role for c in n.children}
        if n.authority.level == Level.PROVINCE and "department" not in roles:
            n.children.append(Node(body_authority(plan.topic.department, "department", n.authority, n.unit),  # type: ignore[arg-type]
                                   "department", n.unit, n, office=plan.topic.department))
            plan.remaining -= 1
        elif n.authority.level == Level.DISTRICT and "office" not in roles:
            n.children.append(Node(body_authority(plan.topic.office, "office", n.authority, n.unit),  # type: ignore[arg-type]
                                   "office", n.unit, n, office=plan.topic.office))
            plan.remaining -= 1


def _add_followups(plan: _Planner, tops: list[Node]) -> None:
    """Whatever budget is left: provinces urge their addressees again (đôn đốc)."""
    i = 0
    while plan.remaining > 0:
        top = tops[i % len(tops)]
        top.children.append(Node(top.authority, "followup", top.unit, top))
        plan.remaining -= 1
        i += 1


def _depth_first(tops: list[Node]) -> list[Node]:
    out: list[Node] = []
    stack = list(reversed(tops))
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(n.children))
    return out


def _date_and_number(cfg: SynthConfig, rng: random.Random, numberer: Numberer, cascade: Cascade) -> None:
    """Dates, numbers and implemented/cited documents, parents before children."""
    dept_lag = (1, 7)
    root, background = cascade.root, cascade.background
    for n in cascade.nodes:
        p = n.parent
        pdoc = p.doc if p else None
        level = n.authority.level
        if n.role == "main" and p is None:
            on, implements = _lag(root.date, cfg.province_lag, rng), [root]
            if rng.random() < 0.3 and background:
                implements.append(rng.choice(background))
        elif n.role == "followup" and n.late:
            assert pdoc is not None
            after = cascade.namesake.date if cascade.namesake else dt.date(root.date.year + 1, 1, 2)
            on, implements = min(_lag(after, (5, 60), rng), dt.date(after.year, 3, 31)), [root]
            n.cites.append(pdoc)
            if cascade.namesake is not None and rng.random() < 0.5:
                n.cites.append(cascade.namesake)
        elif n.role == "followup":
            assert pdoc is not None
            on, implements = _lag(pdoc.date, (10, 30), rng), [root]
            n.cites.append(pdoc)
        elif n.role == "command":
            assert p is not None and p.parent is not None and p.parent.doc is not None
            on, implements = _lag(p.parent.doc.date, cfg.district_lag, rng), [p.parent.doc]
        elif n.role == "office_reply":  # a district's office answering the province letter itself
            assert pdoc is not None
            on, implements = _lag(pdoc.date, cfg.district_lag, rng), [pdoc]
        elif n.role in ("department", "office"):
            assert pdoc is not None
            on, implements = _lag(pdoc.date, dept_lag, rng), [pdoc]
            if rng.random() < 0.4:
                implements.insert(0, root)
        else:  # a district or commune UBND implementing its parent's letter
            assert pdoc is not None and p is not None
            span = cfg.district_lag if level == Level.DISTRICT else cfg.commune_lag
            on, implements = _lag(pdoc.date, span, rng), [pdoc]
            grand = p.parent.doc if p.parent else root
            if grand is not None and rng.random() < 0.25:
                implements.insert(0, grand)
        n.implements = implements
        if rng.random() < cfg.cite_rate:
            n.cites += rng.sample(background, k=min(len(background), rng.randint(1, 2)))
        symbol, per_day = _symbol(n, cascade.topic)
        number = numberer.take(n.authority.name, symbol, on, per_day, rng)
        kind = "Công văn"
        pick = rng.random() if n.role == "main" and p is None else 1.0
        if pick < cfg.decision_rate:
            kind, symbol = "Quyết định", "QĐ-UBND"
        elif pick < cfg.decision_rate + cfg.plan_rate:
            kind, symbol = "Kế hoạch", "KH-UBND"
        n.doc = SynthDocument(kind, str(number), symbol, None, on, n.authority, root.subject)
        n.draft = rng.random() < cfg.draft_rate


def _symbol(n: Node, topic: Topic) -> tuple[str, float]:
    """The writer's symbol habit and numbering rate."""
    a = n.authority
    if n.role == "department":
        return topic.department.symbol, _PER_DAY["department"]
    if n.role == "office":
        return topic.office.symbol, _PER_DAY["office"]
    if n.role == "office_reply" and n.office is not None:
        return n.office.symbol, _PER_DAY["office"]
    if n.role == "command" and topic.command is not None:
        return topic.command.symbol, _PER_DAY["command"]
    if a.level == Level.PROVINCE:
        return topic.province_symbol, _PER_DAY["province"]
    habits = ("UBND-VP", "UBND-VX", "UBND") if a.level == Level.DISTRICT else ("UBND", "UBND-VP", "UBND-VX")
    code = a.admin_code or "0"
    return habits[int(code) % len(habits) if code.isdigit() else 0], _PER_DAY[str(a.level)]

"""Score a store's cascade answers against a generated corpus's ``truth.json``, per level.

The analyst's two questions, for every root (national document) of the truth:

- **trace**: the letters of the cascade (``root["cascade"]``) against the letters
  ``trace_down(root)`` returns. Letters are matched by their file's name (the store keeps each
  document's source path; file names are unique in a corpus). A returned document that is not a
  letter of the corpus (a stub known only from references) is not a letter: it is neither a hit
  nor a false one. A returned letter of another root's cascade is false.
- **gaps**: the authorities addressed and never responding (``root["non_responders"]``) against
  ``gaps(root)``. Authorities are matched by ``(level, admin_code)`` (the code of the
  administrative unit; the store and the generator need not spell keys alike). Only people's
  committees are scored: every non-responder of the truth is one, and a listed authority that
  is not an administrative unit (``Các ban, ngành, đoàn thể xã``: addressed, but nobody expects
  it to answer) is counted apart as ``other``, outside precision. A non-responder the truth marks
  ``observable: false`` (a province in a ministry root's scope: no letter of the corpus says it
  was addressed) is not scored either; listing it is not false. A UBND whose office answered in
  its place (``office_replied``) is still a non-responder.

A root the store cannot find scores zero recall on both questions. Levels are the truth's
(a letter's issuer level, an authority's level); a false trace hit takes the level of the letter
in the truth, a false gap the level the store gives it.

This module reads no store: the store's answers come in as :class:`Observed` records
(:mod:`ingest.synth.measure` makes them), so that a bench and a test score alike.

>>> truth = {"roots": [{"numbered": "1/CĐ-TTg", "document": {"year": 2022},
...     "cascade": [{"file": "letters/a.txt", "level": "province", "role": "main"}],
...     "non_responders": [{"name": "UBND tỉnh B", "level": "province", "admin_code": "02",
...                          "expected_by": None}]}],
...     "letters": [{"file": "letters/a.txt", "level": "province"}]}
>>> seen = Observed("1/CĐ-TTg", 2022, "2022/1-cd-ttg", traced=("a.txt",), gaps=())
>>> s = score_cascades(truth, [seen])
>>> s.levels["province"].trace.recall, s.levels["province"].gaps.recall
(1.0, 0.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

__all__ = [
    "LEVELS",
    "Counts",
    "LevelScore",
    "Miss",
    "Observed",
    "ObservedGap",
    "Score",
    "format_misses",
    "format_tags",
    "letter_tags",
    "format_table",
    "merge_scores",
    "score_cascades",
]

LEVELS = ("province", "district", "commune")
_EXAMPLES = 8  # misses kept per class and level


@dataclass(frozen=True, slots=True)
class ObservedGap:
    """One authority a store listed as addressed and silent."""

    key: str
    name: str
    level: str
    admin_code: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class Observed:
    """What a store answered for one root. ``key`` is ``None`` when the root was not found;
    ``traced`` holds the file names of the letters ``trace_down`` returned."""

    root: str
    root_year: int
    key: str | None
    traced: tuple[str, ...]
    gaps: tuple[ObservedGap, ...]
    note: str = ""  # why the root was not found


@dataclass(frozen=True, slots=True)
class Miss:
    """An example of what went wrong: a letter or an authority, and why it is here."""

    cls: str  # trace_missed, trace_false, gap_missed, gap_false
    level: str
    root: str
    what: str
    detail: str


@dataclass(slots=True)
class Counts:
    hit: int = 0
    missed: int = 0
    false: int = 0

    @property
    def recall(self) -> float:
        return self.hit / (self.hit + self.missed) if self.hit + self.missed else 1.0

    @property
    def precision(self) -> float:
        return self.hit / (self.hit + self.false) if self.hit + self.false else 1.0

    def add(self, other: Counts) -> None:
        self.hit += other.hit
        self.missed += other.missed
        self.false += other.false

    def to_json(self) -> dict[str, Any]:
        return {"hit": self.hit, "missed": self.missed, "false": self.false,
                "recall": round(self.recall, 4), "precision": round(self.precision, 4)}


@dataclass(slots=True)
class LevelScore:
    trace: Counts = field(default_factory=Counts)
    gaps: Counts = field(default_factory=Counts)
    other_gaps: int = 0  # listed recipients that are not administrative units (not scored)
    unobservable: int = 0  # truth non-responders no store can know were addressed (not scored)

    def add(self, other: LevelScore) -> None:
        self.trace.add(other.trace)
        self.gaps.add(other.gaps)
        self.other_gaps += other.other_gaps
        self.unobservable += other.unobservable

    def to_json(self) -> dict[str, Any]:
        return {"trace": self.trace.to_json(), "gaps": self.gaps.to_json(), "other_gaps": self.other_gaps,
                "unobservable": self.unobservable}


@dataclass(slots=True)
class Score:
    levels: dict[str, LevelScore] = field(default_factory=lambda: {lv: LevelScore() for lv in LEVELS})
    roots: int = 0
    roots_missing: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    # per tag of a cascade letter whose parent the trace found (or that has none): its damage,
    # role, the form of its reference up, a draft parent -> [such letters, of which the trace missed]
    tags: dict[str, list[int]] = field(default_factory=dict)

    @property
    def overall(self) -> LevelScore:
        total = LevelScore()
        for s in self.levels.values():
            total.add(s)
        return total

    def level(self, name: str) -> LevelScore:
        return self.levels.setdefault(name, LevelScore())

    def to_json(self) -> dict[str, Any]:
        return {"roots": self.roots, "roots_missing": self.roots_missing,
                "levels": {k: v.to_json() for k, v in self.levels.items()},
                "overall": self.overall.to_json(),
                "trace_misses_by_tag": {k: {"letters": v[0], "missed": v[1]} for k, v in sorted(self.tags.items())},
                "misses": [{"class": m.cls, "level": m.level, "root": m.root, "what": m.what,
                            "detail": m.detail} for m in self.misses]}


def _name(file: str) -> str:
    return PurePath(file).name


def _keep(score: Score, miss: Miss) -> None:
    if sum(m.cls == miss.cls and m.level == miss.level for m in score.misses) < _EXAMPLES:
        score.misses.append(miss)


def _letter_note(letter: Mapping[str, Any] | None,
                 letters: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    if letter is None:
        return "not a letter of the truth"
    bits = [letter.get("role", "?"), letter.get("issuer", {}).get("name", "?")]
    if letter.get("number") is None:
        bits.append("draft (blank number)")
    if letter.get("damage"):
        bits.append("damage=" + ",".join(letter["damage"]))
    parent = letter.get("parent_file")
    if parent:
        up = (letters or {}).get(_name(parent))
        bits.append("parent=" + _name(parent) + (" (draft)" if up is not None and up.get("number") is None else ""))
    return "; ".join(str(b) for b in bits)


def score_cascades(truth: Mapping[str, Any], observed: Iterable[Observed]) -> Score:
    """Per-level trace and gaps counts of ``observed`` against ``truth`` (a parsed truth.json)."""
    letters = {_name(x["file"]): x for x in truth.get("letters", ())}
    by_root = {(o.root, o.root_year): o for o in observed}
    score = Score()
    for root in truth["roots"]:
        numbered, year = root["numbered"], root["document"]["year"]
        label = f"{numbered} ({year})"
        score.roots += 1
        seen = by_root.get((numbered, year))
        if seen is None or seen.key is None:
            score.roots_missing.append(f"{label}: {seen.note if seen else 'not observed'}")
        _score_trace(score, label, root, seen, letters)
        _score_gaps(score, label, root, seen, letters)
    return score


def letter_tags(letter: Mapping[str, Any], letters: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """What may make a letter hard to place: ``role:office_reply``, ``damage:web_copy``,
    ``up:bare`` (the form of its reference to the letter above it, or to the root), ``cue:Theo
    yêu cầu`` (the words opening that reference's clause), ``parent:draft``,
    ``parent:damage:header_drop``."""
    tags = [f"role:{letter.get('role')}"] + [f"damage:{d}" for d in letter.get("damage", ())]
    parent = letter.get("parent_file")
    up = [r for r in letter.get("references", ())
          if r.get("relation") != "cites" and (r.get("target_file") == parent if parent else r.get("target_file") is None)]
    tags += sorted({f"up:{r.get('form', 'full')}" for r in up})
    tags += sorted({f"cue:{r['cue']}" for r in up if r.get("cue")})
    if parent:
        p = letters.get(_name(parent))
        if p is not None and p.get("number") is None:
            tags.append("parent:draft")
        tags += [f"parent:damage:{d}" for d in (p or {}).get("damage", ())]
    if letter.get("number") is None:
        tags.append("self:draft")
    return tags


def _score_trace(score: Score, label: str, root: Mapping[str, Any], seen: Observed | None,
                 letters: Mapping[str, Mapping[str, Any]]) -> None:
    want = {_name(x["file"]): x["level"] for x in root["cascade"]}
    got = set(seen.traced) if seen is not None and seen.key is not None else set()
    for name, level in sorted(want.items()):
        letter = letters.get(name)
        missed = name not in got
        parent = letter.get("parent_file") if letter is not None else None
        # tags count where the link breaks: letters whose parent was found (or that have none)
        local = letter is not None and (not parent or _name(parent) in got)
        for tag in letter_tags(letter, letters) if local and letter is not None else ():
            counts = score.tags.setdefault(tag, [0, 0])
            counts[0] += 1
            counts[1] += missed
        if not missed:
            score.level(level).trace.hit += 1
        else:
            score.level(level).trace.missed += 1
            _keep(score, Miss("trace_missed", level, label, name, _letter_note(letters.get(name), letters)))
    for name in sorted(got - set(want)):
        letter = letters.get(name)
        if letter is None:  # a file that is not a letter of this corpus: not scored
            continue
        level = letter["level"]
        score.level(level).trace.false += 1
        _keep(score, Miss("trace_false", level, label, name,
                          f"belongs to {letter.get('root')} ({letter.get('root_year')}); " + _letter_note(letter)))


def _score_gaps(score: Score, label: str, root: Mapping[str, Any], seen: Observed | None,
                letters: Mapping[str, Mapping[str, Any]]) -> None:
    responded = {}
    for x in root["cascade"]:
        letter = letters.get(_name(x["file"]))
        if letter is not None and letter.get("role") == "main":
            responded[(letter["level"], letter["issuer"].get("admin_code"))] = _name(x["file"])
    want = {(a["level"], a["admin_code"]): a for a in root["non_responders"] if a.get("observable", True)}
    hidden = {(a["level"], a["admin_code"]) for a in root["non_responders"] if not a.get("observable", True)}
    for level, _code in hidden:
        score.level(level).unobservable += 1
    got: dict[tuple[str, str | None], ObservedGap] = {}
    for g in seen.gaps if seen is not None and seen.key is not None else ():
        if g.kind != "people_committee" or g.admin_code is None:
            score.level(g.level).other_gaps += 1
        else:
            got[(g.level, g.admin_code)] = g
    for ident, a in sorted(want.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        level = ident[0]
        if ident in got:
            score.level(level).gaps.hit += 1
        else:
            score.level(level).gaps.missed += 1
            by = a.get("expected_by")
            traced = seen is not None and by is not None and _name(by) in seen.traced
            office = a.get("office_replied")
            _keep(score, Miss("gap_missed", level, label, a["name"],
                              ((f"addressed by {_name(by)}" + ("" if traced else " (not traced)")) if by
                               else "addressed by the national document" + (" (assumed)" if a.get("assumed") else ""))
                              + (f"; its office replied: {_name(office)}" if office else "")))
    for ident, g in sorted(got.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        if ident in want or ident in hidden:
            continue
        score.level(g.level).gaps.false += 1
        by = responded.get(ident)
        _keep(score, Miss("gap_false", g.level, label, f"{g.name} [{g.key}]",
                          f"responded: {by}" if by else "not addressed in this cascade"))


def merge_scores(scores: Sequence[Score]) -> Score:
    """The sum of several runs (seeds, formats); examples are kept from each."""
    total = Score()
    for s in scores:
        for name, lv in s.levels.items():
            total.level(name).add(lv)
        total.roots += s.roots
        total.roots_missing += s.roots_missing
        for m in s.misses:
            _keep(total, m)
        for tag, (n, missed) in s.tags.items():
            counts = total.tags.setdefault(tag, [0, 0])
            counts[0] += n
            counts[1] += missed
    return total


def format_tags(score: Score, min_letters: int = 10) -> str:
    """Trace misses per tag (see :func:`letter_tags`) among letters whose parent the trace found
    (where the link itself broke): letters, missed, miss rate; worst first. A miss is charged to
    every tag of the letter, so the rates overlap."""
    rows = ["| tag | letters | missed | miss rate |", "|---|---|---|---|"]
    items = [(k, n, m) for k, (n, m) in score.tags.items() if n >= min_letters]
    for k, n, m in sorted(items, key=lambda x: (-x[2] / x[1], x[0])):
        rows.append(f"| {k} | {n} | {m} | {m / n:.2f} |")
    return "\n".join(rows)


def _pair(c: Counts) -> str:
    return f"{c.recall:.3f} / {c.precision:.3f}"


def format_table(score: Score, title: str = "") -> str:
    """A Markdown table: per level, trace and gaps recall / precision with their counts."""
    rows = [f"**{title}**" if title else "",
            "| level | trace recall / precision | trace hit, missed, false | gaps recall / precision "
            "| gaps hit, missed, false | other listed | unobservable |",
            "|---|---|---|---|---|---|---|"]
    for name, lv in [*score.levels.items(), ("overall", score.overall)]:
        t, g = lv.trace, lv.gaps
        rows.append(f"| {name} | {_pair(t)} | {t.hit}, {t.missed}, {t.false} | {_pair(g)} "
                    f"| {g.hit}, {g.missed}, {g.false} | {lv.other_gaps} | {lv.unobservable} |")
    if score.roots_missing:
        rows.append(f"\nroots not found ({len(score.roots_missing)} of {score.roots}): "
                    + "; ".join(score.roots_missing))
    return "\n".join(r for r in rows if r != "" or False)


def format_misses(score: Score, per_class: int = 5) -> str:
    """A few example misses per class and level, for reading what fails."""
    out: list[str] = []
    for cls in ("trace_missed", "trace_false", "gap_missed", "gap_false"):
        for level in LEVELS:
            picked = [m for m in score.misses if m.cls == cls and m.level == level][:per_class]
            if picked:
                out.append(f"{cls} @ {level}:")
                out += [f"  {m.root}  {m.what}  -- {m.detail}" for m in picked]
    return "\n".join(out)

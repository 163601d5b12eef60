"""The national part of the gazetteer: central bodies, ministries, Party bodies and their codes.

Read from ``ingest/gazetteer/data/central_bodies.json``, which also lists the provincial departments
(Sở), district offices (Phòng) and other local bodies every unit may have, with the issuer codes
symbols use for them (``SYT-NV`` -> Sở Y tế).

>>> table = load_central_bodies()
>>> table.by_name("Bộ Y tế").key
'bo-y-te'
>>> table.by_code("TTg").name
'Thủ tướng Chính phủ'
>>> authority, end = table.find_prefix("Bộ Y tế về việc tiêm vắc xin")
>>> authority.key, end
('bo-y-te', 7)
"""

from __future__ import annotations

import dataclasses
import functools
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from graph.models import Authority, Level
from graph.normalize import fold, slugify
from ingest.references.grammar import WORD_RE

__all__ = [
    "DATA_FILE",
    "CentralBodies",
    "build_central_bodies",
    "code_key",
    "fast_fold",
    "load_central_bodies",
    "norm_name",
]

DATA_FILE = Path(__file__).parent / "data" / "central_bodies.json"


@functools.cache
def _fold_table() -> dict[int, str]:
    """``graph.normalize.fold`` of every Latin letter, as a ``str.translate`` table."""
    table: dict[int, str] = {}
    for cp in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        folded = fold(chr(cp))
        if len(folded) == 1 and folded != chr(cp):
            table[cp] = folded
    return table


def fast_fold(text: str) -> str:
    """``fold`` for NFC text at C speed (same result, same length)."""
    return text.translate(_fold_table())


def norm_name(text: str) -> str:
    """Folded words only: the lookup key of a name (``Bộ Y tế.`` -> ``bo y te``)."""
    return " ".join(WORD_RE.findall(fast_fold(unicodedata.normalize("NFC", text))))


def code_key(code: str) -> str:
    """An issuer code as looked up: folded, upper case, no ``&`` (``SNN&PTNT`` -> ``SNNPTNT``)."""
    return fast_fold(code).replace("&", "").upper()


@dataclass(frozen=True)
class CentralBodies:
    """Central authorities by key, name (and alias) and issuer code; local body templates."""

    authorities: Mapping[str, Authority]
    aliases: Mapping[str, str]  # normalized name -> key
    codes: Mapping[str, str]  # code_key -> key
    departments: Mapping[str, str] = field(default_factory=dict)  # normalized name -> Sở name
    department_codes: Mapping[str, str] = field(default_factory=dict)  # code_key -> Sở name
    offices: Mapping[str, str] = field(default_factory=dict)  # normalized name -> Phòng name
    office_codes: Mapping[str, str] = field(default_factory=dict)  # code_key -> Phòng name
    bodies: tuple[tuple[str, str], ...] = ()  # (name, kind) of other local bodies
    ambiguous_codes: frozenset[str] = frozenset()  # code_keys that never resolve alone
    own_codes: Mapping[str, str] = field(default_factory=dict)  # key -> its first code, as written

    @functools.cached_property
    def _alias_heads(self) -> frozenset[str]:
        return frozenset(a.split()[0] for a in self.aliases if a)

    @functools.cached_property
    def _max_alias_words(self) -> int:
        return max((len(a.split()) for a in self.aliases), default=1)

    def by_name(self, name: str) -> Authority | None:
        key = self.aliases.get(norm_name(name))
        return self.authorities[key] if key is not None else None

    def by_code(self, code: str) -> Authority | None:
        key = self.codes.get(code_key(code))
        return self.authorities[key] if key is not None else None

    def children(self, key: str, level: Level) -> list[Authority]:
        return [a for a in self.authorities.values() if a.parent_key == key and a.level is level]

    def find_prefix(self, text: str) -> tuple[Authority, int] | None:
        """The longest central body named at the start of ``text`` and the number of
        characters its name covers."""
        # cheap rejection on the first word before folding the whole window
        first = WORD_RE.search(fast_fold(text[:48]))
        if first is not None and first.end() < 48 and first.group() not in self._alias_heads:
            return None
        window = text[:200]
        words = list(islice(WORD_RE.finditer(fast_fold(window)), self._max_alias_words))
        if not words or words[0].group() not in self._alias_heads:
            return None
        keys = [words[0].group()]
        for w in words[1:]:
            keys.append(f"{keys[-1]} {w.group()}")
        for n in range(len(keys) - 1, -1, -1):
            key = self.aliases.get(keys[n])
            if key is not None:
                return self.authorities[key], words[n].end()
        return None


def build_central_bodies(
    central: Iterable[Authority],
    aliases: Mapping[str, str],
    codes: Mapping[str, str],
    departments: Iterable[tuple[str, tuple[str, ...]]] = (),
    district_offices: Iterable[tuple[str, tuple[str, ...]]] = (),
    ambiguous_codes: Iterable[str] = (),
    bodies: Iterable[tuple[str, str]] = (),
) -> CentralBodies:
    """A table from plain rows: ``aliases`` normalized name -> key, ``codes`` code -> key,
    departments and offices as (name, codes)."""
    departments, district_offices = list(departments), list(district_offices)
    return CentralBodies(
        authorities={a.key: a for a in central},
        aliases=dict(aliases),
        codes={code_key(c): k for c, k in codes.items()},
        departments={norm_name(n): n for n, _ in departments},
        department_codes={code_key(c): n for n, cs in departments for c in cs},
        offices={norm_name(n): n for n, _ in district_offices},
        office_codes={code_key(c): n for n, cs in district_offices for c in cs},
        bodies=tuple(bodies),
        ambiguous_codes=frozenset(code_key(c) for c in ambiguous_codes),
    )


def load_central_bodies(path: Path = DATA_FILE) -> CentralBodies:
    """The table in ``path`` (the bundled one by default)."""
    with path.open(encoding="utf-8") as f:
        data = json.load(f)
    central: list[Authority] = []
    aliases: dict[str, str] = {}
    codes: dict[str, str] = {}
    own_codes: dict[str, str] = {}
    for row in data["central"]:
        key = slugify(row["name"])
        central.append(
            Authority(
                key=key,
                name=row["name"],
                level=Level(row["level"]),
                kind=row.get("kind", "other"),
                parent_key=row.get("parent"),
            )
        )
        for alias in (row["name"], *row.get("aliases", ())):
            aliases.setdefault(norm_name(alias), key)
        for code in row.get("codes", ()):
            codes.setdefault(code, key)
            own_codes.setdefault(key, code)
    table = build_central_bodies(
        central,
        aliases,
        codes,
        departments=[(r["name"], tuple(r["codes"])) for r in data.get("departments", ())],
        district_offices=[(r["name"], tuple(r["codes"])) for r in data.get("district_offices", ())],
        ambiguous_codes=data.get("ambiguous_codes", ()),
        bodies=[(r["name"], r.get("kind", "other")) for r in data.get("local_bodies", ())],
    )
    return dataclasses.replace(table, own_codes=own_codes)

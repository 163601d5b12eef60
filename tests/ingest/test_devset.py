"""The hand-labeled dev set, scored exactly as ``tests/score_references.py`` scores it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.references.find import find_references

TESTS = Path(__file__).resolve().parents[1]
GOLD = TESTS / "fixtures" / "dev_references.jsonl"
SCORER = TESTS / "score_references.py"

BARS = {"precision": 0.97, "recall": 0.95, "symbol": 0.97, "date": 0.95, "issuer_explicit": 0.90,
        # strict: normalised names equal. Measured 0.933 (explicit) and 0.459 (inferred: the
        # name of an issuer inferred from a symbol or the context is often not the one the
        # labeller wrote, e.g. "UBND tỉnh" for "UBND tỉnh Lai Châu"); floors just under
        "issuer_explicit_strict": 0.90, "issuer_inferred_strict": 0.42}  # fmt: skip


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    pred = tmp_path_factory.mktemp("devset") / "pred.jsonl"
    with GOLD.open(encoding="utf-8") as gold, pred.open("w", encoding="utf-8") as out:
        for line in gold:
            if not line.strip():
                continue
            row = json.loads(line)
            refs = [r.to_json() for r in find_references(row["text"])]
            out.write(json.dumps({"id": row["id"], "references": refs}, ensure_ascii=False) + "\n")
    run = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), str(pred)],
        capture_output=True, text=True, check=True, timeout=60,
    )
    result: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(("field", "bar"), list(BARS.items()), ids=list(BARS))
def test_devset_bar(scores: dict[str, float], field: str, bar: float) -> None:
    assert scores[field] >= bar, scores


def test_devset_fields_all_scored(scores: dict[str, float]) -> None:
    assert scores["tp"] > 100 and all(scores[k] is not None for k in ("kind", "year", "issuer_inferred"))

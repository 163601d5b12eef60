"""The cascade corpus generator with ground truth."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.lazy import lazy_exports

if TYPE_CHECKING:
    from ingest.synth.generate import SynthConfig, SynthSummary, generate_corpus

__all__ = ["SynthConfig", "SynthSummary", "generate_corpus"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "SynthConfig": "ingest.synth.generate",
        "SynthSummary": "ingest.synth.generate",
        "generate_corpus": "ingest.synth.generate",
    },
)

"""Hostile files for the reliability tests and ``bench/reliability.py`` (written, not stored)."""

from __future__ import annotations

import zlib
from copy import deepcopy
from pathlib import Path

__all__ = ["write_paragraph_bomb", "write_slow_pdf"]


def write_paragraph_bomb(path: Path, paragraphs: int = 200_000) -> Path:
    """A small .docx of ``paragraphs`` empty paragraphs (python-docx's style lookup was
    quadratic in them)."""
    import docx

    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH LAI CHÂU")
    empty = document.add_paragraph("")._p
    body = document.element.body
    for _ in range(paragraphs):
        body.append(deepcopy(empty))
    document.save(str(path))
    return path


def write_slow_pdf(path: Path, glyphs: int = 30_000) -> Path:
    """A valid one-page PDF of ``glyphs`` separately placed strings: pdfminer's layout analysis
    takes many seconds on it."""
    ops = ["BT /F1 2 Tf"]
    ops += [f"1 0 0 1 {(i * 7) % 600} {(i * 13) % 800} Tm (a{i % 10}) Tj" for i in range(glyphs)]
    ops.append("ET")
    content = zlib.compress("\n".join(ops).encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]  # fmt: skip
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)  # fmt: skip
    path.write_bytes(bytes(out))
    return path

"""``POST /api/letters``: upload letters (.txt, .md, .docx, .pdf) and ingest them.

Requires ``Authorization: Bearer <VANBAN_TOKEN>``; with no token configured the route answers
403. The token is checked before the body is parsed. Every file gets its own outcome; a bad file
never stops the others, and nothing already stored is touched by a file that fails (each letter
goes into the store on its own).
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.config import Settings
from api.deps import SettingsDep, StoreDep
from api.errors import ApiError, UnauthorizedError, UploadsDisabledError
from api.schemas import ErrorOut, FileOutcome, IngestSummaryOut, UploadOut
from graph.errors import InvalidRecordError
from graph.results import IngestSummary
from graph.store import GraphStore

__all__ = ["router"]

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["letters"])

SUFFIXES = frozenset({".txt", ".md", ".docx", ".pdf"})
# Characters kept in a stored upload name; must keep "công văn 3542.pdf" readable as
# "công_văn_3542.pdf", must drop "/" and ".." from "../../etc/passwd".
_UNSAFE = re.compile(r"[^\w.-]+")

REQUEST_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["files"],
                "properties": {
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "Letters: .txt, .md, .docx or .pdf.",
                    }
                },
            }
        }
    },
}


def check_token(settings: Settings, authorization: str | None) -> None:
    """403 when uploads are disabled, 401 when the bearer token is missing or wrong."""
    if not settings.uploads_enabled or settings.token is None:
        raise UploadsDisabledError()
    scheme, _, given = (authorization or "").partition(" ")
    expected = settings.token.get_secret_value()
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        given.strip().encode(), expected.encode()
    ):
        raise UnauthorizedError()


def safe_name(name: str | None) -> str:
    """A file name without directories or odd characters.

    >>> safe_name("../../etc/passwd"), safe_name("công văn 3542.PDF")
    ('passwd', 'công_văn_3542.PDF')
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip("._") or "letter"
    return cleaned[-120:]


def _sum(summaries: list[IngestSummary]) -> IngestSummaryOut:
    total: dict[str, Any] = {}
    for s in summaries:
        for k, v in s.to_json().items():
            total[k] = total.get(k, [] if k == "keys" else 0) + v
    return IngestSummaryOut.model_validate(total)


def ingest_uploads(
    store: GraphStore, uploads: list[tuple[str, bytes | None]], settings: Settings
) -> UploadOut:
    """Parse each upload, then add each good letter on its own; ``None`` bytes = too large."""
    from ingest.corpus import parse_file
    from ingest.records import to_record

    outcomes: list[FileOutcome] = []
    summaries: list[IngestSummary] = []
    with tempfile.TemporaryDirectory(prefix="vanban-upload-") as tmp:
        for i, (filename, data) in enumerate(uploads):
            name = safe_name(filename)
            if data is None:
                limit = settings.max_upload_bytes
                outcomes.append(FileOutcome(filename=filename, ok=False,
                                            error=f"file is larger than {limit} bytes"))  # fmt: skip
                continue
            if Path(name).suffix.lower() not in SUFFIXES:
                kinds = ", ".join(sorted(SUFFIXES))
                outcomes.append(FileOutcome(filename=filename, ok=False,
                                            error=f"unsupported file type (supported: {kinds})"))  # fmt: skip
                continue
            path = Path(tmp) / f"{i:03d}-{name}"
            path.write_bytes(data)
            digest = hashlib.sha256(data).hexdigest()
            result = parse_file(path, max_bytes=settings.max_upload_bytes)
            if result.letter is None:
                outcomes.append(FileOutcome(filename=filename, ok=False, error=result.error))
                continue
            letter = replace(result.letter, source=f"upload/{digest[:12]}-{name}")
            try:
                record = to_record(letter)
                summary = store.add_letters([record])
            except InvalidRecordError as exc:
                outcomes.append(FileOutcome(filename=filename, ok=False, error=exc.reason))
                continue
            summaries.append(summary)
            key = summary.keys[0] if summary.keys else None
            outcomes.append(FileOutcome(filename=filename, ok=True, key=key,
                                        references=len(letter.references)))  # fmt: skip
    ok = all(o.ok for o in outcomes)
    return UploadOut(ok=ok, files=outcomes, summary=_sum(summaries) if summaries else None)


@router.post(
    "/letters",
    response_model=UploadOut,
    openapi_extra={"requestBody": REQUEST_BODY},
    responses={
        400: {"model": ErrorOut, "description": "Not a readable multipart body."},
        401: {"model": ErrorOut, "description": "Missing or wrong bearer token."},
        403: {"model": ErrorOut, "description": "Uploads are disabled (no VANBAN_TOKEN)."},
        413: {"model": ErrorOut, "description": "The request is too large."},
        422: {"model": ErrorOut, "description": "No files in the request."},
    },
)
async def upload_letters(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> UploadOut:
    """Ingest uploaded letters; the answer lists each file's outcome and the store's summary."""
    check_token(settings, authorization)
    limit = settings.max_upload_bytes * settings.max_upload_files + 64 * 1024
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise ApiError(413, f"the request is larger than {limit} bytes")
    form = await request.form(max_files=settings.max_upload_files, max_fields=20)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    if not files:
        raise ApiError(422, "invalid files: send one or more files in the 'files' form field")
    uploads: list[tuple[str, bytes | None]] = []
    for f in files:
        data = await f.read(settings.max_upload_bytes + 1)
        uploads.append(
            (f.filename or "letter", None if len(data) > settings.max_upload_bytes else data)
        )
        await f.close()
    await form.close()
    outcome = await run_in_threadpool(ingest_uploads, store, uploads, settings)
    log.info("upload: %d files, %d ingested", len(outcome.files), sum(o.ok for o in outcome.files))
    return outcome

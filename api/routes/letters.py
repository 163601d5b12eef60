"""``POST /api/letters``: upload letters (.txt, .md, .docx, .pdf) and ingest them.

Requires ``Authorization: Bearer <VANBAN_TOKEN>``; with no token configured the route answers
403. The token is checked before the body is parsed. Every file gets its own outcome; a bad file
never stops the others, and nothing already stored is touched by a file that fails (each letter
goes into the store on its own). Uploads go through :func:`ingest.pipeline.ingest_paths`, the
same verb as ``vanban ingest``, with the per-file time budget; the body is capped as it
arrives, with or without a Content-Length.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.types import Message, Receive

from api.config import Settings
from api.deps import SettingsDep, StoreDep
from api.errors import ApiError, UnauthorizedError, UploadsDisabledError
from api.schemas import ErrorOut, FileOutcome, IngestSummaryOut, UploadOut
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


def _scrub(message: str | None, tmp: str) -> str | None:
    """An error message without the server's temporary folder in it."""
    if message is None:
        return None
    return message.replace(tmp + "/", "").replace(tmp, "upload")


def ingest_uploads(
    store: GraphStore, uploads: list[tuple[str, bytes | None]], settings: Settings
) -> UploadOut:
    """Ingest the uploads with :func:`ingest.pipeline.ingest_paths`; ``None`` bytes = too large.

    Files are parsed in a worker process with the per-file time budget
    (``VANBAN_FILE_TIMEOUT``): a file that hangs is killed there, not in the server.
    """
    from ingest.corpus import display_name
    from ingest.pipeline import ingest_paths

    outcomes: dict[int, FileOutcome] = {}
    with tempfile.TemporaryDirectory(prefix="vanban-upload-") as tmp:
        paths: list[Path] = []
        names: dict[str, str] = {}
        index_of: dict[str, int] = {}
        for i, (filename, data) in enumerate(uploads):
            name = safe_name(filename)
            if data is None:
                limit = settings.max_upload_bytes
                outcomes[i] = FileOutcome(filename=filename, ok=False,
                                          error=f"file is larger than {limit} bytes")  # fmt: skip
                continue
            if Path(name).suffix.lower() not in SUFFIXES:
                kinds = ", ".join(sorted(SUFFIXES))
                outcomes[i] = FileOutcome(filename=filename, ok=False,
                                          error=f"unsupported file type (supported: {kinds})")  # fmt: skip
                continue
            path = Path(tmp) / f"{i:03d}-{name}"
            path.write_bytes(data)
            digest = hashlib.sha256(data).hexdigest()
            shown = display_name(path)
            names[shown] = f"upload/{digest[:12]}-{name}"
            index_of[shown] = i
            paths.append(path)
        report = None
        if paths:
            report = ingest_paths(
                paths, store, workers=1, in_process=False, max_bytes=settings.max_upload_bytes,
                timeout_s=settings.file_timeout, source_names=names,
            )  # fmt: skip
            for f in report.failed:
                i = index_of.get(f.path, -1)
                filename = uploads[i][0] if i >= 0 else "?"
                outcomes[i] = FileOutcome(filename=filename, ok=False, error=_scrub(f.reason, tmp))
            for letter in report.letters:
                i = index_of[letter.path]
                outcomes[i] = FileOutcome(filename=uploads[i][0], ok=True, key=letter.key,
                                          references=letter.references)  # fmt: skip
    files = [outcomes[i] for i in sorted(outcomes)]
    summary = None
    if report is not None and report.letters:
        summary = IngestSummaryOut(
            added=report.added, replaced=report.replaced, unchanged=report.unchanged,
            citations=report.citations, stubs_created=report.stubs_created,
            keys=[letter.key for letter in report.letters],
        )  # fmt: skip
    return UploadOut(ok=all(o.ok for o in files), files=files, summary=summary)


class _CappedBody:
    """The request's body stream, cut with a 413 once it passes ``limit`` bytes (whether or not
    the client sent a Content-Length: a chunked upload is counted as it arrives)."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self._receive = receive
        self._limit = limit
        self._seen = 0

    async def __call__(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self._seen += len(message.get("body", b""))
            if self._seen > self._limit:
                raise ApiError(413, f"the request is larger than {self._limit} bytes")
        return message


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
    capped = Request(request.scope, receive=_CappedBody(request.receive, limit))
    form = await capped.form(max_files=settings.max_upload_files, max_fields=20)
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

"""The organisation page: upload a roster, get the group report (``reelshift.batch``).

Nothing is stored: the upload is written to a temporary folder, run through the batch engine
with the same privacy rule as the command line (no group under ``min_group`` people, no free
text), and the folder is deleted before the report is sent. The report is the batch's own
self-contained HTML, sent as a download.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from reelshift.web.app import ctx, limit, page

router = APIRouter(include_in_schema=False)

MAX_ROWS = 5_000
"""The most rows the web page analyses; larger groups use ``reelshift batch``."""
FORMATS = {".csv": "csv", ".tsv": "tsv", ".xlsx": "xlsx", ".parquet": "parquet", ".jsonl": "jsonl"}


def _form(request: Request, errors: list[str], status: int = 200) -> HTMLResponse:
    return page(
        request,
        "organisation.html",
        {
            "nav": "organisation",
            "errors": errors,
            "max_rows": MAX_ROWS,
            "max_kb": ctx(request).settings.max_body_bytes // 1024,
        },
        status_code=status,
        private=True,
    )


@router.get("/organisation", response_class=HTMLResponse)
async def organisation(request: Request) -> Response:
    return _form(request, [])


@router.post("/organisation", response_class=HTMLResponse)
async def organisation_report(request: Request) -> Response:
    from reelshift.web.views import checked_form

    form = await checked_form(request)
    limit(request, "analyze")
    upload = form.get("roster")
    kind = form.get("kind")
    raw_group = form.get("min_group")
    errors: list[str] = []
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors.append("Choose a roster file to upload.")
    name = upload.filename if isinstance(upload, UploadFile) else None
    fmt = FORMATS.get(Path(name or "").suffix.casefold(), "")
    if name and not fmt:
        errors.append("Upload a .csv, .tsv, .xlsx, .parquet or .jsonl file.")
    try:
        min_group = int(raw_group) if isinstance(raw_group, str) and raw_group else 5
    except ValueError:
        min_group = 0
    if not 5 <= min_group <= 1000:
        errors.append("The smallest group shown must be between 5 and 1,000 people.")
    if errors or not isinstance(upload, UploadFile):
        return _form(request, errors, 422)
    data = await upload.read()
    html, problem = await run_in_threadpool(
        _report, data, fmt, "postings" if kind == "postings" else "roster", min_group
    )
    if problem:
        return _form(request, [problem], 422)
    # A download: the report is one self-contained file (its inline styles would be blocked by
    # the site's content security policy if it were shown as a page of the site).
    response = HTMLResponse(html)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = 'attachment; filename="group-report.html"'
    return response


def _report(data: bytes, fmt: str, kind: str, min_group: int) -> tuple[str, str]:
    """(report HTML, "") or ("", what went wrong), with every file removed afterwards."""
    try:
        import reelshift.batch as batch
        from reelshift.batch.io import open_source
        from reelshift.batch.run import estimate_rows
    except ImportError:
        return "", "Group reports need the batch extra on this server (reelshift[batch])."
    from reelshift.errors import InputError

    folder = Path(tempfile.mkdtemp(prefix="reelshift-org-"))
    try:
        path = folder / f"roster.{fmt}"
        path.write_bytes(data)
        try:
            rows = estimate_rows(open_source(path, fmt))
            if rows is not None and rows > MAX_ROWS + 10:
                return "", f"The file has more than {MAX_ROWS:,} rows; use `reelshift batch`."
            result = batch.run_batch(path, folder / "out", kind=kind, min_group=min_group)
        except InputError as exc:
            return "", str(exc)
        except Exception:  # a file the readers cannot parse at all
            return "", "The file could not be read as a table; check its format."
        if result.rows > MAX_ROWS:
            return "", f"The file has more than {MAX_ROWS:,} rows; use `reelshift batch`."
        return (folder / "out" / "report.html").read_text(encoding="utf-8"), ""
    finally:
        shutil.rmtree(folder, ignore_errors=True)

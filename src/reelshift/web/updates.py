"""What changed, on the web: a saved analysis made on an older pack offers the updated analysis
and its difference (its owner can update it in place, keeping the link), and the pack's history
is listed by craft on /updates and as an Atom feed on /updates.atom."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

import reelshift
from reelshift.changes import AnalysisDiff, changes_since, diff_analyses, read_history
from reelshift.models import Analysis, Profile
from reelshift.store import NewAnalysis, OwnerOutcome, SavedAnalysis, StoreError
from reelshift.web.app import ctx, error_page, find_saved, page, public_base

router = APIRouter(include_in_schema=False)
OWNER_COOKIE = "rs_owner"
MAX_TASKS_SHOWN = 6


def pack_label(a: Analysis) -> str:
    return f"{a.pack.name} {a.pack.version}"


def update_for(found: SavedAnalysis, current: Analysis) -> AnalysisDiff | None:
    """The difference between a saved analysis and the same profile on the current pack, when
    the saved one was made on another pack (None when it is current)."""
    if found.pack == pack_label(current):
        return None
    try:
        old = json.loads(found.analysis_json)
    except ValueError:
        old = {}
    if not isinstance(old, dict):
        old = {}
    return diff_analyses(old, current.model_dump(mode="json"), changes_since(found.pack))


def rerun(found: SavedAnalysis, pack: Any) -> Analysis:
    """The saved profile analysed again with the current pack."""
    raw = json.loads(found.profile_json)
    known = {k: v for k, v in raw.items() if k in Profile.model_fields}
    return reelshift.analyze(Profile.model_validate(known), pack)


def update_context(diff: AnalysisDiff, owner: bool) -> dict[str, Any]:
    return {
        "old_pack": diff.old_pack,
        "new_pack": diff.new_pack,
        "category_old": diff.category_old,
        "category_new": diff.category_new,
        "headline": diff.headline,
        "tasks": diff.tasks[:MAX_TASKS_SHOWN],
        "more_tasks": max(0, len(diff.tasks) - MAX_TASKS_SHOWN),
        "paths_added": diff.paths_added,
        "paths_removed": diff.paths_removed,
        "agreements_added": diff.agreements_added,
        "explained_by": diff.explained_by[:8],
        "more_changes": max(0, len(diff.explained_by) - 8),
        "unchanged": diff.unchanged,
        "owner": owner,
    }


@router.post("/a/{token}/update", response_class=HTMLResponse)
async def saved_update(request: Request, token: str) -> Response:
    from reelshift.web.views import _summary, checked_form

    c = ctx(request)
    form = await checked_form(request)
    typed = form.get("delete_key")
    key = (typed.strip() if isinstance(typed, str) else "") or request.cookies.get(OWNER_COOKIE, "")
    if not key:
        return error_page(request, 403, "Updating needs the delete key shown when it was saved.")
    found = await find_saved(request, token)
    if found is None:
        return error_page(request, 404, "This analysis does not exist (any more).")
    try:
        fresh = rerun(found, c.pack)
    except (ValueError, reelshift.InputError):
        return error_page(request, 409, "This saved profile cannot be analysed with this pack.")
    item = NewAnalysis(
        profile_json=fresh.profile.model_dump_json(),
        analysis_json=fresh.model_dump_json(),
        summary=_summary(fresh),
        pack=pack_label(fresh),
        schema_version=fresh.schema_version,
    )
    try:
        outcome = await run_in_threadpool(c.repo.update, token, key, item)
    except StoreError:
        return error_page(request, 503, "Updating is not available right now; nothing changed.")
    if outcome is OwnerOutcome.forbidden:
        return error_page(request, 403, "That delete key does not belong to this analysis.")
    if outcome is OwnerOutcome.not_found:
        return error_page(request, 404, "This analysis does not exist (any more).")
    return RedirectResponse(f"/a/{token}?updated=1", status_code=303)


def _history_for(role: str | None) -> list[dict[str, Any]]:
    releases = []
    for diff in reversed(read_history()):
        changes = [c for c in diff.changes if role is None or role in c.roles]
        if changes:
            releases.append({"diff": diff, "changes": changes})
    return releases


@router.get("/updates", response_class=HTMLResponse)
async def updates(request: Request, role: str | None = None) -> HTMLResponse:
    c = ctx(request)
    if role is not None and role not in c.pack.roles:
        raise HTTPException(404, "There is no such craft in the knowledge pack.")
    return page(
        request,
        "updates.html",
        {
            "nav": "updates",
            "releases": _history_for(role),
            "role": c.pack.roles[role] if role else None,
            "roles": sorted(c.pack.roles.values(), key=lambda r: r.title.casefold()),
        },
    )


@router.get("/updates.atom")
async def updates_feed(request: Request, role: str | None = None) -> Response:
    c = ctx(request)
    if role is not None and role not in c.pack.roles:
        raise HTTPException(404, "There is no such craft in the knowledge pack.")
    base = public_base(request)
    self_url = f"{base}/updates.atom" + (f"?role={role}" if role else "")
    title = "ReelShift knowledge-pack updates" + (f": {c.pack.roles[role].title}" if role else "")
    entries = []
    newest = "1970-01-01T00:00:00Z"
    for release in _history_for(role):
        diff = release["diff"]
        when = _atom_date(diff.new_as_of)
        newest = max(newest, when)
        items = "".join(f"<li>{escape(ch.text)}</li>" for ch in release["changes"])
        entries.append(
            "<entry>"
            f"<title>{escape(diff.new)} ({escape(diff.new_as_of)})</title>"
            f"<id>{escape(base)}/updates#{escape(diff.new.replace(' ', '-'))}"
            f"{'-' + escape(role) if role else ''}</id>"
            f"<updated>{when}</updated>"
            f'<link href="{escape(base)}/updates{"?role=" + escape(role) if role else ""}"/>'
            f'<content type="html">{escape("<ul>" + items + "</ul>")}</content>'
            "</entry>"
        )
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>{escape(self_url)}</id>"
        f'<link rel="self" href="{escape(self_url)}"/><updated>{newest}</updated>'
        "<author><name>ReelShift</name></author>" + "".join(entries) + "</feed>"
    )
    return Response(feed, media_type="application/atom+xml; charset=utf-8")


def _atom_date(text: str) -> str:
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return "1970-01-01T00:00:00Z"
    return f"{day.isoformat()}T00:00:00Z"

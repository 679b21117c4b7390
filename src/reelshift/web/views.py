"""HTML pages: the questionnaire, the report, saved analyses, industry, compare, method."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import urllib.parse
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

import reelshift
from reelshift import exposure
from reelshift.industry import industry_view
from reelshift.kb.schema import Seniority
from reelshift.kb.successors import retired_roles
from reelshift.migrate import read_analysis
from reelshift.models import Analysis, Profile
from reelshift.store import DeleteOutcome, NewAnalysis, SavedAnalysis, StoreError
from reelshift.web import charts, flowstate, forms, updates
from reelshift.web.app import (
    WebContext,
    check_quota,
    client_digest,
    ctx,
    error_page,
    find_saved,
    limit,
    page,
    public_base,
)
from reelshift.web.matcher import match_role
from reelshift.web.security import CSRF_FIELD, csrf_ok
from reelshift.web.templating import CATEGORIES, EMPLOYMENTS, SCENARIOS, SECTORS, SENIORITIES

router = APIRouter(include_in_schema=False)

OWNER_COOKIE = "rs_owner"
FORM_EXPIRED = (
    "This form has expired or did not come from this site. Go back, reload the page and try again."
)


# -- the questionnaire's state between steps (POST -> redirect -> GET) ---------------------------


def flow_token(c: WebContext, data: dict[str, Any]) -> str:
    return flowstate.sign(c.settings.secret_key, data)


def flow_state(request: Request) -> dict[str, Any] | None:
    return flowstate.unsign(ctx(request).settings.secret_key, request.query_params.get("s", ""))


def questionnaire_from(data: dict[str, Any]) -> forms.Questionnaire:
    """The answers a signed token holds (written by this server from a form it read)."""
    names = {f.name for f in dataclasses.fields(forms.Questionnaire)}
    raw = data.get("q")
    return forms.Questionnaire(
        **{k: v for k, v in (raw if isinstance(raw, dict) else {}).items() if k in names}
    )


def questionnaire_for(a: Analysis) -> forms.Questionnaire:
    """Answers that lead back to an analysis's profile, for "edit my answers"."""
    p = a.profile
    return forms.Questionnaire(
        describe=p.title or p.description or "",
        role=a.roles[0].id if a.roles else "",
        also_roles=[r.id for r in a.roles[1:]],
        seniority=p.seniority.value if p.seniority else a.roles[0].seniority_used.value,
        employment=p.employment or "",
        sector=p.sector or "",
        goal=p.goal or "",
        hours_per_week=f"{p.hours_per_week:g}",
        scenario=p.scenario,
        other_tools=", ".join(p.tools),
    )


def details_link(c: WebContext, q: forms.Questionnaire, **flags: Any) -> str:
    return "/start/details?s=" + flow_token(c, {"q": dataclasses.asdict(q), **flags})


async def checked_form(request: Request) -> FormData:
    form = await request.form()
    token = form.get(CSRF_FIELD)
    if not csrf_ok(
        ctx(request).settings.secret_key, request, token if isinstance(token, str) else None
    ):
        raise HTTPException(403, FORM_EXPIRED)
    return form


def profile_from_field(form: FormData) -> Profile:
    raw = form.get("profile")
    if not isinstance(raw, str) or not raw:
        raise HTTPException(422, "The form is missing the profile. Start the analysis again.")
    try:
        return Profile.model_validate_json(raw)
    except ValidationError:
        raise HTTPException(
            422, "The profile in this form is not valid. Start the analysis again."
        ) from None


def profile_json(profile: Profile) -> str:
    return profile.model_dump_json(exclude_defaults=True, exclude_none=True)


def run_analysis(c: WebContext, profile: Profile) -> Analysis:
    try:
        return reelshift.analyze(profile, c.pack)
    except reelshift.InputError as exc:
        raise HTTPException(422, str(exc)) from None


def report_context(c: WebContext, a: Analysis) -> dict[str, Any]:
    start_year = int(a.pack.as_of[:4])
    return {
        "a": a,
        "tasks_sorted": sorted(a.tasks, key=lambda t: -t.share),
        "task_by_id": {t.id: t for t in a.tasks},
        "charts": {
            "timeline": charts.timeline(a.headline, start_year),
            "hours": charts.hours(a.hours),
        },
        "role_ids": set(c.pack.roles),
        "profile_json": profile_json(a.profile),
        "nav": "report",
        "edit_link": details_link(c, questionnaire_for(a)) if a.roles else "",
    }


def _summary(a: Analysis) -> str:
    titles = " + ".join(r.title for r in a.roles)
    levels = ", ".join(r.seniority_used.value for r in a.roles)
    return f"{titles} ({levels})"


def _date(value: dt.datetime | None) -> str:
    return value.strftime("%-d %B %Y") if value else ""


# -- start and questionnaire ---------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
@router.get("/start", response_class=HTMLResponse)
def start(request: Request) -> HTMLResponse:
    c = ctx(request)
    return page(
        request,
        "start.html",
        {"nav": "start", "describe": "", "role": "", "role_groups": c.role_groups()},
    )


def details_page(
    request: Request,
    q: forms.Questionnaire,
    *,
    outcome: Any = None,
    errors: list[str] | None = None,
    reset: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    c = ctx(request)
    role = c.pack.roles.get(q.role)
    context: dict[str, Any] = {
        "nav": "start",
        "describe": q.describe,
        "form": q,
        "outcome": outcome,
        "errors": errors or [],
        "role": role,
        "role_groups": c.role_groups(),
        # Outside film and video, film roles are not offered as if they fitted.
        "candidates": outcome.candidates
        if outcome and outcome.reason not in ("outside-film", "unreadable")
        else [],
    }
    if role is not None:
        q.seniority = q.seniority or "mid"
        rows = forms.hybrid_rows(c.pack, q, reset)
        context["also_roles"] = [c.pack.roles[r] for r in q.also_roles if r in c.pack.roles]
        context.update(
            tasks=rows,
            share_total=forms.share_total(rows),
            tool_choices=forms.tool_choices(c.pack, role, q),
            role_levels={s.value for s in role.seniority},
        )
    return page(request, "details.html", context, status_code=status_code, private=True)


@router.post("/start", response_class=HTMLResponse)
async def start_post(request: Request) -> Response:
    c = ctx(request)
    form = await checked_form(request)
    q = forms.read_form(form, c.pack)
    action = form.get("action")
    if action == "match" and not q.role:
        if not q.describe:
            return page(
                request,
                "start.html",
                {
                    "nav": "start",
                    "describe": "",
                    "role": "",
                    "role_groups": c.role_groups(),
                    "errors": ["Describe what you do, or pick your role from the list."],
                },
                status_code=422,
                private=True,
            )
        outcome = match_role(c.pack, q.describe)
        # What the text said fills the confirm step, where the person can change it.
        q.seniority = q.seniority or (outcome.seniority or "")
        q.employment = q.employment or forms._one_of(outcome.employment or "", EMPLOYMENTS)
        q.sector = q.sector or forms._one_of(outcome.sector or "", SECTORS)
        q.region = q.region or (outcome.region or "")
        if outcome.tools and not q.other_tools:
            q.other_tools = ", ".join(outcome.tools)
        if outcome.status == "confident" and outcome.mix:
            q.role = outcome.mix[0][0]
            q.also_roles = [r for r, _ in outcome.mix[1:]][: forms.MAX_ROLES - 1]
        # Each step answers with a redirect to a page that GET can show again: Back, Forward
        # and reload work, and the answers travel signed in the link (nothing is stored).
        return RedirectResponse(details_link(c, q, matched=True, reset=True), status_code=303)
    if not q.role:
        error = "Choose the role closest to your work." if action == "refresh" else ""
        link = details_link(c, q, matched=bool(q.describe), error=error)
        return RedirectResponse(link, status_code=303)
    chosen = {q.role, *q.also_roles}
    changed_role = any(t and t.split(":", 1)[0] not in chosen for t in q.shares) or not any(
        t.startswith(f"{q.role}:") for t in q.shares
    )
    link = details_link(c, q, reset=changed_role or action == "refresh")
    return RedirectResponse(link, status_code=303)


@router.get("/start/details", response_class=HTMLResponse)
def details_get(request: Request) -> Response:
    """The confirm step, shown from the signed answers in the link."""
    state = flow_state(request)
    if state is None:  # altered or expired: start again rather than show someone's old answers
        return RedirectResponse("/start", status_code=303)
    c = ctx(request)
    q = questionnaire_from(state)
    outcome = match_role(c.pack, q.describe) if state.get("matched") and q.describe else None
    error = state.get("error")
    return details_page(
        request,
        q,
        outcome=outcome,
        errors=[error] if isinstance(error, str) and error else [],
        reset=bool(state.get("reset")),
    )


@router.post("/report", response_class=HTMLResponse)
async def report_post(request: Request) -> Response:
    c = ctx(request)
    form = await checked_form(request)
    q = forms.read_form(form, c.pack)
    if form.get("profile"):  # a report re-posted from elsewhere
        profile = profile_from_field(form)
        state: dict[str, Any] = {"profile": profile.model_dump(mode="json", exclude_unset=True)}
    else:
        profile_or_none, errors = forms.to_profile(c.pack, q)
        if profile_or_none is None:
            return details_page(request, q, errors=errors, status_code=422)
        state = {"q": dataclasses.asdict(q)}
    return RedirectResponse("/report/view?s=" + flow_token(c, state), status_code=303)


@router.get("/report/view", response_class=HTMLResponse)
def report_view(request: Request) -> Response:
    """The report of the questionnaire's answers, from the signed link the last step gave."""
    state = flow_state(request)
    if state is None:
        return RedirectResponse("/start", status_code=303)
    c = ctx(request)
    q = questionnaire_from(state) if "q" in state else None
    if q is not None:
        profile_or_none, errors = forms.to_profile(c.pack, q)
        if profile_or_none is None:
            return details_page(request, q, errors=errors, status_code=422)
        profile = profile_or_none
    else:
        try:
            profile = Profile.model_validate(state.get("profile"))
        except ValidationError:
            return RedirectResponse("/start", status_code=303)
    limit(request, "analyze")
    try:
        a = reelshift.analyze(profile, c.pack)
    except reelshift.InputError as exc:
        if q is None:
            raise HTTPException(422, str(exc)) from None
        return details_page(request, q, errors=[str(exc)], status_code=422)
    context = report_context(c, a)
    context.update(show_profile=True, from_questionnaire=q is not None)
    if q is not None:
        context["edit_link"] = details_link(c, q)
    return page(request, "report.html", context, private=True)


@router.get("/report", response_class=HTMLResponse)
def report_get(
    request: Request, role: str = "", seniority: str = "mid", scenario: str = "expected"
) -> HTMLResponse:
    c = ctx(request)
    # A retired id (a split or renamed role) is analysed as its successor, with a note.
    if role not in c.pack.roles and role not in retired_roles(c.pack):
        raise HTTPException(404, "There is no role with that id. Browse the industry view.")
    if seniority not in {v for v, _ in SENIORITIES}:
        seniority = "mid"
    if scenario not in {v for v, _ in SCENARIOS}:
        scenario = "expected"
    limit(request, "analyze")
    profile = Profile.model_validate(
        {"roles": [role], "seniority": seniority, "scenario": scenario}
    )
    a = run_analysis(c, profile)
    return page(request, "report.html", report_context(c, a))


# -- downloads ------------------------------------------------------------------------------------


def download_response(a: Analysis, fmt: str) -> Response:
    name = "reelshift-" + "-".join(r.id for r in a.roles)
    if fmt == "json":
        body: bytes = a.model_dump_json(indent=2).encode()
        media, ext = "application/json", "json"
    elif fmt == "md":
        from reelshift.render import markdown

        body, media, ext = markdown.render(a).encode(), "text/markdown; charset=utf-8", "md"
    elif fmt == "pdf":
        from reelshift.render import pdf

        try:
            body, media, ext = pdf.render(a), "application/pdf", "pdf"
        except pdf.PdfUnavailable as exc:
            raise HTTPException(503, str(exc)) from None
    else:
        raise HTTPException(404, "Downloads come as PDF, Markdown or JSON.")
    return Response(
        body,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{name}.{ext}"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/download")
async def download(request: Request) -> Response:
    c = ctx(request)
    form = await checked_form(request)
    profile = profile_from_field(form)
    limit(request, "analyze")
    fmt = form.get("format")
    a = run_analysis(c, profile)
    if fmt in ("pdf", "pdf-full"):
        return await pdf_response(request, a, full=fmt == "pdf-full")
    return await run_in_threadpool(download_response, a, fmt if isinstance(fmt, str) else "")


async def pdf_response(
    request: Request, a: Analysis, key: tuple[str, str, str] | None = None, full: bool = False
) -> Response:
    """A PDF through the bounded pool, limited per client; cached for saved analyses. The short
    PDF (at most four pages) by default; ``full`` adds the detail and the sources appendix."""
    from reelshift.render import pdf

    c = ctx(request)
    if key is None or c.pdf_pool.cached(key) is None:
        limit(request, "pdf")
    try:
        body = await c.pdf_pool.render(lambda: pdf.render(a, full=full), key)
    except pdf.PdfUnavailable as exc:
        raise HTTPException(503, str(exc)) from None
    name = "reelshift-" + "-".join(r.id for r in a.roles) + ("-full" if full else "")
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{name}.pdf"',
            "Cache-Control": "no-store",
        },
    )


# -- saved analyses ------------------------------------------------------------------------------


@router.post("/save")
async def save(request: Request) -> Response:
    c = ctx(request)
    form = await checked_form(request)
    profile = profile_from_field(form)
    limit(request, "save")
    a = run_analysis(c, profile)
    ttl = dt.timedelta(days=c.settings.save_ttl_days) if c.settings.save_ttl_days > 0 else None
    item = NewAnalysis(
        profile_json=a.profile.model_dump_json(),
        analysis_json=a.model_dump_json(),
        summary=_summary(a),
        pack=f"{a.pack.name} {a.pack.version}",
        schema_version=a.schema_version,
        client=client_digest(request),
    )
    try:
        await run_in_threadpool(check_quota, request)
        receipt = await run_in_threadpool(c.repo.save, item, ttl)
    except StoreError:
        return error_page(request, 503, "Saving is not available right now; nothing was stored.")
    response = RedirectResponse(f"/a/{receipt.token}?saved=1", status_code=303)
    response.set_cookie(
        OWNER_COOKIE,
        receipt.delete_token,
        max_age=int(ttl.total_seconds()) if ttl else 10 * 365 * 86400,
        path=f"/a/{receipt.token}",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


async def load_saved(request: Request, token: str) -> SavedAnalysis:
    found = await find_saved(request, token)
    if found is None:
        raise HTTPException(
            404,
            "This analysis does not exist: the link may be mistyped, or the analysis was deleted "
            "or has expired.",
        )
    return found


def saved_analysis(c: WebContext, found: SavedAnalysis) -> tuple[Analysis, bool]:
    """The stored analysis; if it was saved under an older schema, the stored profile analysed
    again with the current pack (and ``True``)."""
    try:
        return Analysis.model_validate_json(found.analysis_json), False
    except ValidationError:
        pass
    try:
        # Saved under an earlier schema: read it as it was saved (reelshift.migrate).
        return read_analysis(json.loads(found.analysis_json))[0], False
    except (ValidationError, ValueError, TypeError, AttributeError):
        pass
    try:
        profile = Profile.model_validate_json(found.profile_json)
        return reelshift.analyze(profile, c.pack), True
    except (ValidationError, reelshift.InputError):
        raise HTTPException(
            404, "This saved analysis was made with an older version and can no longer be read."
        ) from None


@router.get("/a/{token}", response_class=HTMLResponse)
async def saved_page(request: Request, token: str) -> HTMLResponse:
    c = ctx(request)
    found = await load_saved(request, token)
    a, recomputed = saved_analysis(c, found)
    owner_key = request.cookies.get(OWNER_COOKIE)
    update = None
    try:
        fresh = a if recomputed else None
        if found.pack != f"{c.pack.meta.name} {c.pack.meta.version}":
            fresh = fresh or updates.rerun(found, c.pack)
        if fresh is not None:
            diff = updates.update_for(found, fresh)
            update = updates.update_context(diff, bool(owner_key)) if diff else None
    except (ValidationError, ValueError, reelshift.InputError):
        update = None  # the saved profile no longer fits this pack: show the analysis as saved
    context = report_context(c, a)
    context.update(
        show_profile=True,
        saved={
            "token": token,
            "link": f"{public_base(request)}/a/{token}",
            "created": _date(found.created_at),
            "expires": _date(found.expires_at),
            "pack": found.pack,
            "owner": bool(owner_key),
            "delete_token": owner_key or "",
            "just_saved": request.query_params.get("saved") == "1",
            "just_updated": request.query_params.get("updated") == "1",
            "recomputed": recomputed,
            "pack_update": update,
        },
    )
    return page(request, "report.html", context, private=True)


@router.get("/a/{token}/{name}")
async def saved_download(request: Request, token: str, name: str) -> Response:
    formats = {"report.pdf": "pdf", "report.md": "md", "analysis.json": "json"}
    if name not in formats:
        raise HTTPException(404, "Downloads are report.pdf, report.md and analysis.json.")
    found = await load_saved(request, token)
    a, _ = saved_analysis(ctx(request), found)
    if formats[name] == "pdf":
        full = request.query_params.get("full") == "1"
        version = a.schema_version + (":full" if full else "")
        return await pdf_response(request, a, key=(found.id, a.pack.version, version), full=full)
    return await run_in_threadpool(download_response, a, formats[name])


@router.post("/a/{token}/delete", response_class=HTMLResponse)
async def saved_delete(request: Request, token: str) -> HTMLResponse:
    c = ctx(request)
    form = await checked_form(request)
    typed = form.get("delete_key")
    key = (typed.strip() if isinstance(typed, str) else "") or request.cookies.get(OWNER_COOKIE, "")
    if not key:
        return error_page(request, 403, "Deleting needs the delete key shown when it was saved.")
    if form.get("confirm") != "yes":
        # Asked on a page of its own, so it works without JavaScript; nothing is deleted yet.
        return page(
            request,
            "delete_confirm.html",
            {"token": token, "typed_key": typed.strip() if isinstance(typed, str) else ""},
            private=True,
        )
    try:
        outcome = await run_in_threadpool(c.repo.delete, token, key)
    except StoreError:
        return error_page(request, 503, "Deleting is not available right now; try again later.")
    if outcome == DeleteOutcome.not_found:
        return error_page(request, 404, "This analysis does not exist (any more).")
    if outcome == DeleteOutcome.forbidden:
        return error_page(request, 403, "That delete key does not belong to this analysis.")
    response = page(request, "deleted.html", private=True)
    response.delete_cookie(OWNER_COOKIE, path=f"/a/{token}")
    return response


# -- industry, compare, method -------------------------------------------------------------------

COLUMNS = [
    ("title", "Role", False),
    ("department", "Department", False),
    ("people", "People (est.)", True),
    ("exposure_now", "Exposed now", True),
    ("exposure_5y", "Exposed in 5 years", True),
    ("automation_5y", "Automated in 5 years", True),
    ("category", "Category", False),
]
CATEGORY_ORDER = {"high_risk": 0, "adaptive": 1, "resilient": 2}
DEPARTMENT_SORTS: dict[str, Any] = {
    "people": lambda d: d.people_mid,
    "high_risk_5y": lambda d: d.in_5y.high_risk,
    "adaptive_5y": lambda d: d.in_5y.adaptive,
    "exposure_5y": lambda d: d.exposure_5y,
    "name": lambda d: 0,
}
"""How the department summary can be sorted (?dsort=...), largest first except by name."""


@router.get("/industry", response_class=HTMLResponse)
def industry_page(
    request: Request,
    q: str = "",
    department: str = "",
    category: str = "",
    seniority: str = "mid",
    scenario: str = "expected",
    sort: str = "department",
    dir: str = "asc",
    dsort: str = "people",
) -> HTMLResponse:
    c = ctx(request)
    seniority = seniority if seniority in {v for v, _ in SENIORITIES} else "mid"
    scenario = scenario if scenario in {v for v, _ in SCENARIOS} else "expected"
    keys = {k for k, _, _ in COLUMNS}
    sort = sort if sort in keys else "department"
    dsort = dsort if dsort in DEPARTMENT_SORTS else "people"
    dir = "desc" if dir == "desc" else "asc"
    q = q[:100]
    labels = dict(CATEGORIES)
    order = list(c.pack.departments)
    all_rows = []
    for r in c.industry(seniority, scenario):
        all_rows.append(
            {
                "role": r.role,
                "title": r.title,
                "kind": r.kind,
                "department": r.department,
                "department_name": c.pack.departments[r.department].name
                if r.department in c.pack.departments
                else r.department,
                "dept_order": order.index(r.department) if r.department in order else 99,
                "exposure_now": r.exposure.now,
                "exposure_5y": r.exposure.in_5y,
                "automation_5y": r.automation.in_5y,
                # Estimated people (midpoint); roles without a headcount sort below every craft.
                "people": (r.headcount[0] + r.headcount[1]) / 2 if r.headcount else -1,
                "people_label": f"{r.headcount[0]:,}–{r.headcount[1]:,}" if r.headcount else "—",
                "category": r.category,
                "label": labels.get(r.category, r.category),
                "mini": charts.mini(r.exposure.now, r.exposure.in_5y),
                "link": "/report?"
                + urllib.parse.urlencode(
                    {"role": r.role, "seniority": seniority, "scenario": scenario}
                ),
            }
        )
    needle = q.casefold().strip()
    rows = [
        r
        for r in all_rows
        if (not department or r["department"] == department)
        and (not category or r["category"] == category)
        and (not needle or needle in f"{r['title']} {r['role']} {r['department_name']}".casefold())
    ]

    def key(r: dict[str, Any]) -> Any:
        if sort == "department":
            return (r["dept_order"], r["title"].casefold())
        if sort == "title":
            return r["title"].casefold()
        if sort == "category":
            return (CATEGORY_ORDER.get(r["category"], 9), -r["automation_5y"])
        return r[sort]

    rows.sort(key=key, reverse=dir == "desc")
    base = {"q": q, "department": department, "category": category}
    base.update(seniority=seniority, scenario=scenario, dsort=dsort)
    sort_links = {}
    for k, _, numeric in COLUMNS:
        next_dir = (
            ("asc" if dir == "desc" else "desc") if k == sort else ("desc" if numeric else "asc")
        )
        params = {**{p: v for p, v in base.items() if v}, "sort": k, "dir": next_dir}
        sort_links[k] = "/industry?" + urllib.parse.urlencode(params)
    view = industry_view(c.pack, Seniority(seniority), scenario)  # type: ignore[arg-type]
    depts = sorted(
        view.departments,
        key=lambda d: d.name.casefold() if dsort == "name" else -DEPARTMENT_SORTS[dsort](d),
    )
    dept_links = {
        k: "/industry?"
        + urllib.parse.urlencode(
            {**{p: v for p, v in base.items() if v}, "sort": sort, "dir": dir, "dsort": k}
        )
        for k in DEPARTMENT_SORTS
    }
    return page(
        request,
        "industry.html",
        {
            "nav": "industry",
            "view": view,
            "depts": [d for d in depts if not department or d.department == department],
            "dsort": dsort,
            "dept_links": dept_links,
            "rows": rows,
            "total": len(all_rows),
            "columns": COLUMNS,
            "sort": sort,
            "dir": dir,
            "sort_links": sort_links,
            "grouped": sort == "department" and dir == "asc",
            "departments": [
                d
                for d in c.pack.departments.values()
                if any(r["department"] == d.id for r in all_rows)
            ],
            "q": q,
            "department": department,
            "category": category,
            "seniority": seniority,
            "seniority_label": dict(SENIORITIES)[seniority],
            "scenario": scenario,
        },
    )


def _side(c: WebContext, a: Analysis, label: str, link: str | None) -> dict[str, Any]:
    return {
        "a": a,
        "label": label,
        "link": link,
        "tasks": sorted(a.tasks, key=lambda t: -t.share * t.automation.in_5y),
        "timeline": charts.timeline(a.headline, int(a.pack.as_of[:4])),
    }


@router.get("/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    a: str = "rotoscope-artist",
    b: str = "compositor",
    a_seniority: str = "mid",
    b_seniority: str = "mid",
    a_scenario: str = "expected",
    b_scenario: str = "expected",
) -> HTMLResponse:
    c = ctx(request)
    levels, paces = {v for v, _ in SENIORITIES}, {v for v, _ in SCENARIOS}
    picks = {
        "a": {"role": a, "seniority": a_seniority, "scenario": a_scenario},
        "b": {"role": b, "seniority": b_seniority, "scenario": b_scenario},
    }
    errors = []
    sides = []
    for side, pick in picks.items():
        if pick["role"] not in c.pack.roles:
            errors.append(f"Choose a role for the {'left' if side == 'a' else 'right'} side.")
            continue
        pick["seniority"] = pick["seniority"] if pick["seniority"] in levels else "mid"
        pick["scenario"] = pick["scenario"] if pick["scenario"] in paces else "expected"
    if not errors:
        limit(request, "analyze")
        for pick in picks.values():
            profile = Profile.model_validate(
                {
                    "roles": [pick["role"]],
                    "seniority": pick["seniority"],
                    "scenario": pick["scenario"],
                }
            )
            analysis = run_analysis(c, profile)
            title = c.pack.roles[pick["role"]].title
            label = f"{title} · {pick['seniority']} · {pick['scenario']}"
            link = "/report?" + urllib.parse.urlencode(pick)
            sides.append(_side(c, analysis, label, link))
    return page(
        request,
        "compare.html",
        {
            "nav": "compare",
            "heading": "Two roles side by side",
            "picks": picks,
            "sides": sides,
            "errors": errors,
            "role_groups": c.role_groups(),
        },
        status_code=422 if errors else 200,
    )


@router.post("/compare", response_class=HTMLResponse)
async def compare_scenarios(request: Request) -> HTMLResponse:
    c = ctx(request)
    form = await checked_form(request)
    profile = profile_from_field(form)
    limit(request, "analyze")
    sides = []
    for pace in ("slow", "fast"):
        analysis = run_analysis(c, profile.model_copy(update={"scenario": pace}))
        sides.append(_side(c, analysis, f"{pace.capitalize()} adoption", None))
    first = profile.roles[0] if profile.roles else "rotoscope-artist"
    default = {"role": first, "seniority": profile.seniority or "mid", "scenario": "expected"}
    return page(
        request,
        "compare.html",
        {
            "nav": "compare",
            "heading": "Your profile under slow and fast adoption",
            "picks": {"a": default, "b": {**default, "role": "compositor"}},
            "sides": sides,
            "role_groups": c.role_groups(),
        },
        private=True,
    )


@router.get("/method", response_class=HTMLResponse)
def method(request: Request) -> HTMLResponse:
    c = ctx(request)
    settings = c.pack.meta.model or exposure.DEFAULT_SETTINGS
    return page(
        request,
        "method.html",
        {
            "nav": "method",
            "readiness": [(lv.value, v) for lv, v in settings.readiness.items()],
            "readiness_reasoning": " ".join(settings.readiness_reasoning.split()),
            "pace": list(settings.years_per_level.items()),
            "pace_reasoning": " ".join(settings.years_per_level_reasoning.split()),
            "thresholds": {
                "high": f"{exposure.HIGH_RISK_AUTOMATION:.2f}",
                "adaptive_a": f"{exposure.ADAPTIVE_AUTOMATION:.2f}",
                "adaptive_e": f"{exposure.ADAPTIVE_EXPOSURE:.2f}",
            },
            "counts": {
                "roles": len(c.pack.roles),
                "tasks": sum(len(r.tasks) for r in c.pack.roles.values()),
                "capabilities": len(c.pack.capabilities),
                "tools": len(c.pack.tools),
            },
            "sources": sorted(c.pack.sources.values(), key=lambda s: s.id),
        },
    )


@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    endpoints = []
    for path, methods in spec.get("paths", {}).items():
        for method_name, op in methods.items():
            body = None
            content = (op.get("requestBody") or {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            if "$ref" in schema:
                body = schema["$ref"].rsplit("/", 1)[-1]
            endpoints.append(
                {
                    "method": method_name.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": op.get("parameters", []),
                    "body": body,
                    "responses": [
                        (code, r.get("description", ""))
                        for code, r in op.get("responses", {}).items()
                    ],
                }
            )
    return page(
        request,
        "api_docs.html",
        {
            "nav": "api",
            "spec": spec,
            "endpoints": endpoints,
            "max_body": ctx(request).settings.max_body_bytes,
            "base": public_base(request),
        },
    )


@router.get("/healthz")
def healthz() -> JSONResponse:
    return JSONResponse({"status": "ok", "version": reelshift.__version__})

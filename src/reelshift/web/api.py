"""The JSON API under /api/v1: the same analysis schema as ``reelshift analyze --json``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

import reelshift
from reelshift.industry import IndustryRow, role_summaries
from reelshift.kb.loader import KnowledgePack
from reelshift.models import Analysis, Profile, RoleSummary
from reelshift.store import DeleteOutcome, NewAnalysis, StoreError
from reelshift.web.app import check_quota, client_digest, ctx, find_saved, limit, public_base
from reelshift.web.matcher import match_role

router = APIRouter(prefix="/api/v1", tags=["analysis"])


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MatchRequest(_Out):
    text: str = Field(min_length=1, max_length=5000, description="A job title or description")


class MatchCandidate(_Out):
    role: str
    title: str
    department: str
    score: float
    why: str


class MatchResponse(_Out):
    status: Literal["confident", "ambiguous", "unknown"]
    candidates: list[MatchCandidate]
    seniority: str | None
    employment: str | None
    sector: str | None


class SaveRequest(_Out):
    profile: Profile


class SaveResponse(_Out):
    id: str
    token: str = Field(description="Private: anyone with it can read the analysis")
    delete_token: str = Field(description="Private: needed to delete the analysis")
    link: str
    api: str
    created_at: dt.datetime
    expires_at: dt.datetime | None


class SavedOut(_Out):
    id: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    pack: str
    analysis: Analysis


class ErrorOut(BaseModel):
    detail: Any


class AmbiguousOut(BaseModel):
    status: Literal["ambiguous"]
    detail: str
    candidates: list[dict[str, Any]]


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": ErrorOut,
        "description": "The body is not JSON that can be read: not UTF-8, nested too deeply, "
        "or a Content-Length that is not a number",
    },
    408: {"model": ErrorOut, "description": "The request body did not arrive in time"},
    413: {"model": ErrorOut, "description": "Body too large"},
    422: {
        "model": ErrorOut,
        "description": "Invalid input; `detail` says what and where. A profile must describe "
        "the work: an empty profile (no title, description, roles or tasks) is refused here "
        "even though every field is optional on its own",
    },
    429: {"model": ErrorOut, "description": "Rate limit; see the Retry-After header"},
    503: {"model": ErrorOut, "description": "Temporarily unavailable; try again later"},
}
SAVE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    429: {
        "model": ErrorOut,
        "description": "Rate limit, or this client already keeps the most saved analyses one "
        "client may; see Retry-After",
    },
    507: {"model": ErrorOut, "description": "The server's storage for saved analyses is full"},
}


def _input_error(exc: reelshift.InputError, pack: KnowledgePack) -> JSONResponse:
    if isinstance(exc, reelshift.AmbiguousRoleError):
        return JSONResponse(
            {
                "status": "ambiguous",
                "detail": str(exc),
                "candidates": [
                    {"role": c, "title": pack.roles[c].title, "soc": list(pack.roles[c].soc.codes)}
                    for c in exc.choices
                    if c in pack.roles
                ],
            },
            status_code=409,
        )
    return JSONResponse(
        {
            "detail": [{"loc": ["body"], "msg": str(exc), "type": "input_error"}],
            "choices": exc.choices,
        },
        status_code=422,
    )


@router.post(
    "/analyze",
    summary="Analyse a profile",
    description="A profile in, the analysis out: the same JSON as `reelshift analyze --json`. "
    "A title that fits several roles answers 409 with the candidates to choose from.",
    response_model=Analysis,
    responses={**ERRORS, 409: {"model": AmbiguousOut, "description": "Choose a role"}},
)
async def analyze(request: Request, profile: Profile) -> Response:
    # CPU-bound and a few milliseconds: run it on the event loop rather than hop to a thread
    # (the GIL would serialise the threads anyway); workers give the parallelism.
    limit(request, "analyze")
    try:
        analysis = reelshift.analyze(profile, ctx(request).pack)
    except reelshift.InputError as exc:
        return _input_error(exc, ctx(request).pack)
    return Response(analysis.model_dump_json(), media_type="application/json")


@router.post(
    "/match",
    summary="Match a job title to roles",
    response_model=MatchResponse,
    responses=ERRORS,
)
def match(request: Request, body: MatchRequest) -> MatchResponse:
    limit(request, "analyze")
    found = match_role(ctx(request).pack, body.text)
    return MatchResponse(
        status=found.status,
        candidates=[MatchCandidate(**c.__dict__) for c in found.candidates],
        seniority=found.seniority,
        employment=found.employment,
        sector=found.sector,
    )


@router.get("/roles", summary="Every role in the knowledge pack", response_model=list[RoleSummary])
def roles(request: Request) -> list[RoleSummary]:
    return role_summaries(ctx(request).pack)


@router.get(
    "/industry",
    summary="Every role's exposure now, in 2 and in 5 years",
    response_model=list[IndustryRow],
    responses=ERRORS,
)
def industry(
    request: Request,
    seniority: Annotated[Literal["junior", "mid", "senior", "head"], Query()] = "mid",
    scenario: Annotated[Literal["slow", "expected", "fast"], Query()] = "expected",
) -> list[IndustryRow]:
    return ctx(request).industry(seniority, scenario)


@router.post(
    "/analyses",
    summary="Save an analysis behind a private link",
    description="Analyses the profile and stores the result. The answer holds the only copy of "
    "the two tokens: `token` reads the analysis, `delete_token` deletes it.",
    status_code=201,
    response_model=SaveResponse,
    responses={**SAVE_ERRORS, 409: {"model": AmbiguousOut, "description": "Choose a role"}},
)
async def save(request: Request, body: Annotated[SaveRequest, Body()]) -> Response:
    c = ctx(request)
    limit(request, "save")
    try:
        analysis = reelshift.analyze(body.profile, c.pack)
    except reelshift.InputError as exc:
        return _input_error(exc, c.pack)
    ttl = dt.timedelta(days=c.settings.save_ttl_days) if c.settings.save_ttl_days > 0 else None
    titles = " + ".join(r.title for r in analysis.roles)
    levels = ", ".join(r.seniority_used.value for r in analysis.roles)
    item = NewAnalysis(
        profile_json=analysis.profile.model_dump_json(),
        analysis_json=analysis.model_dump_json(),
        summary=f"{titles} ({levels})",
        pack=f"{analysis.pack.name} {analysis.pack.version}",
        schema_version=analysis.schema_version,
        client=client_digest(request),
    )
    try:
        await run_in_threadpool(check_quota, request)
        receipt = await run_in_threadpool(c.repo.save, item, ttl)
    except StoreError:
        raise HTTPException(503, "Saving is not available right now; nothing was stored.") from None
    base = public_base(request)
    out = SaveResponse(
        id=receipt.id,
        token=receipt.token,
        delete_token=receipt.delete_token,
        link=f"{base}/a/{receipt.token}",
        api=f"{base}/api/v1/analyses/{receipt.token}",
        created_at=receipt.created_at,
        expires_at=receipt.expires_at,
    )
    return Response(
        out.model_dump_json(),
        status_code=201,
        media_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


@router.get(
    "/analyses/{token}",
    summary="Read a saved analysis",
    response_model=SavedOut,
    responses={
        404: {"model": ErrorOut, "description": "Unknown, deleted or expired"},
        503: ERRORS[503],
    },
)
async def get_saved(request: Request, token: str) -> Response:
    found = await find_saved(request, token)
    if found is None:
        raise HTTPException(404, "No analysis with this token: unknown, deleted or expired.")
    expires = f'"{found.expires_at.isoformat()}"' if found.expires_at else "null"
    body = (
        f'{{"id":{_json_str(found.id)},"created_at":"{found.created_at.isoformat()}",'
        f'"expires_at":{expires},"pack":{_json_str(found.pack)},"analysis":{found.analysis_json}}}'
    )
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})


def _json_str(text: str) -> str:
    return json.dumps(text)


@router.delete(
    "/analyses/{token}",
    summary="Delete a saved analysis",
    description="Needs the `delete_token` from the save answer in the `X-Delete-Token` header.",
    status_code=204,
    responses={
        403: {"model": ErrorOut, "description": "Wrong delete token"},
        404: {"model": ErrorOut, "description": "Unknown, deleted or expired"},
        422: ERRORS[422],
        503: ERRORS[503],
    },
)
async def delete_saved(
    request: Request,
    token: str,
    x_delete_token: Annotated[str, Header(max_length=200)] = "",
) -> Response:
    if not x_delete_token:
        raise HTTPException(403, "Send the delete token in the X-Delete-Token header.")
    try:
        outcome = await run_in_threadpool(ctx(request).repo.delete, token, x_delete_token)
    except StoreError:
        raise HTTPException(503, "Deleting is not available right now.") from None
    if outcome == DeleteOutcome.not_found:
        raise HTTPException(404, "No analysis with this token: unknown, deleted or expired.")
    if outcome == DeleteOutcome.forbidden:
        raise HTTPException(403, "The delete token does not belong to this analysis.")
    return Response(status_code=204)

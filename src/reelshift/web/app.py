"""The FastAPI application: ``create_app()`` builds it; ``reelshift serve`` runs it with uvicorn.

Layout: ``views`` (HTML pages), ``api`` (JSON under /api/v1), ``forms`` (the questionnaire),
``charts`` (inline SVG), ``security`` (limits, headers, CSRF, rate limits), ``matcher`` (the
title-matcher adapter). Storage is reached only through ``reelshift.store``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Match
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from reelshift import __version__
from reelshift.industry import IndustryRow, industry
from reelshift.kb.loader import KnowledgePack, builtin_pack
from reelshift.kb.schema import Seniority
from reelshift.store import Repository, SavedAnalysis, StoreError, open_repository
from reelshift.web.pdfpool import PdfPool
from reelshift.web.security import (
    CSRF_COOKIE,
    Guard,
    RateLimited,
    RateLimiter,
    client_key,
    csrf_token_for,
    new_csrf_cookie,
)
from reelshift.web.settings import Settings
from reelshift.web.templating import STATIC, make_env, render

log = logging.getLogger("reelshift.web")

HEADINGS = {
    400: "Bad request",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    409: "Please choose",
    413: "Too large",
    422: "Please check your input",
    429: "Slow down",
    500: "Something went wrong",
    503: "Unavailable",
}


@dataclass
class WebContext:
    settings: Settings
    pack: KnowledgePack
    repo: Repository
    env: jinja2.Environment
    analyze_limit: RateLimiter
    save_limit: RateLimiter
    pdf_limit: RateLimiter
    pdf_pool: PdfPool
    _industry: dict[tuple[str, str], list[IndustryRow]] = field(default_factory=dict)

    def industry(self, seniority: str, scenario: str) -> list[IndustryRow]:
        key = (seniority, scenario)
        if key not in self._industry:
            self._industry[key] = industry(self.pack, Seniority(seniority), scenario)  # type: ignore[arg-type]
        return self._industry[key]

    def role_groups(self) -> list[tuple[str, list[Any]]]:
        groups: dict[str, list[Any]] = {}
        for role in sorted(self.pack.roles.values(), key=lambda r: r.title.casefold()):
            groups.setdefault(role.department, []).append(role)
        order = list(self.pack.departments)
        return [
            (self.pack.departments[d].name if d in self.pack.departments else d, roles)
            for d, roles in sorted(
                groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99
            )
        ]


def ctx(request: Request) -> WebContext:
    context: WebContext = request.app.state.web
    return context


async def find_saved(request: Request, token: str) -> SavedAnalysis | None:
    """A saved analysis by its token, or None; a storage failure is a clean 503."""
    try:
        return await run_in_threadpool(ctx(request).repo.get, token)
    except StoreError:
        raise StarletteHTTPException(503, "Saved analyses are not available right now.") from None


LIMIT_WORDS = {"analyze": "analyses", "save": "saves", "pdf": "PDF reports"}


def limit(request: Request, which: str) -> None:
    c = ctx(request)
    limiter = {"analyze": c.analyze_limit, "save": c.save_limit, "pdf": c.pdf_limit}[which]
    wait = limiter.check(client_key(request))
    if wait > 0:
        raise RateLimited(wait, LIMIT_WORDS[which])


def client_digest(request: Request) -> str:
    """A stable, non-reversible name for the client, for storage quotas (never the address)."""
    key = ctx(request).settings.secret_key
    return hmac.new(key, b"client:" + client_key(request).encode(), hashlib.sha256).hexdigest()


class QuotaExceeded(StarletteHTTPException):
    pass


def check_quota(request: Request) -> None:
    """429 when this client already has its share of live saved analyses; 507 when the store as
    a whole is full. Nothing is stored in either case."""
    c = ctx(request)
    s = c.settings
    if s.max_saves_per_client > 0:
        mine = c.repo.usage(client_digest(request))
        if mine.records >= s.max_saves_per_client:
            raise QuotaExceeded(
                429,
                f"You already have {mine.records} saved analyses here, the most one address may "
                "keep; delete some (with their delete keys) or wait for them to expire.",
                headers={"Retry-After": "3600"},
            )
    if s.max_store_bytes > 0 and c.repo.usage().bytes >= s.max_store_bytes:
        raise QuotaExceeded(
            507, "This server's storage for saved analyses is full; nothing was stored."
        )


def public_base(request: Request) -> str:
    """The base of share links: the configured public URL, never a Host header taken on trust
    (unless the operator restricted hosts, which makes the Host header one of theirs)."""
    s = ctx(request).settings
    if s.public_url:
        return s.public_url
    return str(request.base_url).rstrip("/")


def csrf_for(request: Request) -> tuple[str, str | None]:
    """The form token for this request, and a new cookie to set if the browser has none."""
    cookie = request.cookies.get(CSRF_COOKIE)
    fresh = None
    if not cookie or len(cookie) > 100:
        cookie = fresh = new_csrf_cookie()
    return csrf_token_for(ctx(request).settings.secret_key, cookie), fresh


def page(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    private: bool = False,
) -> HTMLResponse:
    c = ctx(request)
    token, fresh = csrf_for(request)
    full: dict[str, Any] = {
        "pack": c.pack,
        "nav": "",
        "csrf": token,
        "errors": [],
        "saved": None,
        "show_profile": False,
        "from_questionnaire": False,
        "compact": False,
        "open_sources": False,
        "ttl_days": c.settings.save_ttl_days,
    }
    full.update(context or {})
    response = HTMLResponse(render(c.env, template, full), status_code=status_code)
    if fresh:
        response.set_cookie(
            CSRF_COOKIE,
            fresh,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )
    response.headers["Cache-Control"] = "no-store" if private else "no-cache"
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(
        request,
        "error.html",
        {"status": status, "heading": HEADINGS.get(status, "Error"), "message": message},
        status_code=status,
        private=True,
    )


class _Static(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


def create_app(
    settings: Settings | None = None,
    pack: KnowledgePack | None = None,
    repository: Repository | None = None,
) -> FastAPI:
    """Build the app. With no arguments it reads ``REELSHIFT_*`` settings from the environment."""
    settings = settings or Settings.from_env()
    pack = pack or builtin_pack()
    repo = repository or open_repository(settings.database_url)
    env = make_env()

    async def purge_now() -> None:
        try:
            purged = await run_in_threadpool(repo.purge_expired)
        except StoreError:
            log.warning("could not purge expired analyses; will try again")
            return
        if purged:
            log.info("purged %d expired analysis(es)", purged)

    async def purge_periodically() -> None:
        while True:
            await asyncio.sleep(max(1, settings.purge_every_minutes) * 60)
            await purge_now()

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_startup:
            repo.migrate()
        await purge_now()
        task = (
            asyncio.create_task(purge_periodically()) if settings.purge_every_minutes > 0 else None
        )
        yield
        if task is not None:
            task.cancel()
        app.state.web.pdf_pool.close()
        repo.close()

    app = FastAPI(
        title="ReelShift API",
        version=__version__,
        description="How AI is changing work in film and video, task by task.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = WebContext(
        settings=settings,
        pack=pack,
        repo=repo,
        env=env,
        analyze_limit=RateLimiter(settings.rate_analyze_per_minute),
        save_limit=RateLimiter(settings.rate_save_per_minute),
        pdf_limit=RateLimiter(settings.rate_pdf_per_minute),
        pdf_pool=PdfPool(settings.pdf_workers, settings.pdf_queue),
    )

    def guard_error(status: int, message: str, is_api: bool) -> tuple[bytes, bytes]:
        if is_api:
            return json.dumps({"detail": message}).encode(), b"application/json"
        html = render(
            env,
            "error.html",
            {
                "pack": pack,
                "nav": "",
                "status": status,
                "heading": HEADINGS.get(status, "Error"),
                "message": message,
            },
        )
        return html.encode(), b"text/html; charset=utf-8"

    def allowed_methods(path: str) -> set[str]:
        """Methods some route accepts at ``path`` (for Allow headers and OPTIONS)."""
        probe: dict[str, Any] = {"type": "http", "path": path, "method": "GET", "root_path": ""}
        found: set[str] = set()
        # The included routers' own routes: FastAPI wraps included routers in objects whose
        # routes are not public, so the routers are asked directly.
        from reelshift.web.api import router as api_routes
        from reelshift.web.organisation import router as org_routes
        from reelshift.web.updates import router as update_routes
        from reelshift.web.views import router as page_routes

        routers = (api_routes, page_routes, update_routes, org_routes)
        for route in [*app.router.routes, *(r for router in routers for r in router.routes)]:
            if not hasattr(route, "path_regex"):
                continue
            match, _ = route.matches(probe)
            if match != Match.NONE:
                methods = getattr(route, "methods", None)
                found.update(methods or {"GET"})
        return found

    # Pages and JSON compressed for slow phone connections; small bodies are not worth it.
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(
        Guard,
        max_body=settings.max_body_bytes,
        error_page=guard_error,
        allowed_methods=allowed_methods,
        allowed_hosts=settings.allowed_hosts,
        body_timeout=settings.body_timeout_seconds,
    )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        message = str(exc.detail) if exc.detail else HEADINGS.get(exc.status_code, "Error")
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = "There is no page at this address."
        if exc.status_code == 405:
            message = "This address does not accept that kind of request."
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=exc.status_code, headers=headers)
        response = error_page(request, exc.status_code, message)
        response.headers.update(headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        detail = []
        for err in exc.errors():
            item: dict[str, Any] = {
                "loc": [str(p) for p in err.get("loc", ())],
                "msg": err.get("msg", "invalid"),
                "type": err.get("type", "value_error"),
            }
            reason = (err.get("ctx") or {}).get("error")
            if isinstance(reason, str):
                item["reason"] = reason
            detail.append(item)
        return JSONResponse({"detail": detail}, status_code=422)

    from reelshift.web.api import router as api_router
    from reelshift.web.updates import router as updates_router
    from reelshift.web.views import router as page_router

    app.include_router(api_router)
    app.include_router(page_router)
    app.include_router(updates_router)
    from reelshift.web.organisation import router as organisation_router

    app.include_router(organisation_router)
    app.mount("/static", _Static(directory=STATIC), name="static")
    return app

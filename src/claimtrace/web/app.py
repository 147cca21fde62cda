"""The FastAPI application: JSON API under /api, HTML pages elsewhere, one service layer.

``create_app(settings)`` checks the settings and the database before anything
listens, so ``claimtrace serve`` fails with one line instead of serving a
broken or exposed corpus. Models load once at start-up (warm-up), so the first
claim check is as fast as the rest.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.responses import Response

from claimtrace.errors import UserError
from claimtrace.service import Workbench
from claimtrace.web.errors import ApiError, error_response
from claimtrace.web.guard import BodyTimeout, RequestGuard, SecurityHeaders, too_large_message
from claimtrace.web.jobs import IngestJobs
from claimtrace.web.paths import ScrubberContext, for_server
from claimtrace.web.pool import WorkbenchPool
from claimtrace.web.ratelimit import RateLimiter
from claimtrace.web.settings import WebSettings, validate

log = logging.getLogger("claimtrace.web")
STATIC_DIR = Path(__file__).resolve().parent / "static"
WARM_UP_CLAIM = "The two governments signed an agreement."


@dataclass
class WebState:
    """What the routes share: settings, the connection pool, the ingest queue."""

    settings: WebSettings
    pool: WorkbenchPool
    jobs: IngestJobs | None
    check_ready: bool = False
    check_problem: str | None = "the claim-check models are still loading"
    # The model2vec tokenizers behind retrieval and stance are not thread-safe ("Already borrowed"),
    # and two checks at once only share the same 2 cores: checks run one at a time.
    check_lock: threading.Lock = field(default_factory=threading.Lock)


def open_database(settings: WebSettings) -> None:
    """Create (or migrate) the database now, or fail with a UserError a person can act on."""
    with Workbench(settings.db, readonly=settings.read_only):
        pass


def warm_up(state: WebState) -> None:
    """Load the retrieval and verification models once, and answer one claim so caches are filled.

    The check itself decides which models it needs; answering one claim loads
    exactly those (and the pooled connection's sentence-vector cache).
    """
    try:
        from claimtrace.retrieve.embedder import embed_static
        from claimtrace.verify.verifier import Verifier

        embed_static([WARM_UP_CLAIM])
        Verifier.load()
        with state.pool.lease() as bench:
            if bench.counts()["documents"]:
                with state.check_lock:
                    bench.check(WARM_UP_CLAIM)
        state.check_ready, state.check_problem = True, None
    except Exception as exc:  # the rest of the app still works; the check page says why it cannot
        state.check_ready, state.check_problem = False, f"{type(exc).__name__}: {exc}"
        log.warning("claim check unavailable: %s", state.check_problem)


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The whole app for one database; raises UserError for bad settings or an unusable database."""
    settings = validate(settings or WebSettings())
    open_database(settings)
    pool = WorkbenchPool(settings.db, settings.pool_size, readonly=settings.read_only)
    jobs = None if settings.read_only else IngestJobs(settings.db, settings.uploads_path, list(settings.ingest_roots),
                                                      settings.upload_retention_s)
    state = WebState(settings, pool, jobs)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:
            from starlette.concurrency import run_in_threadpool

            await run_in_threadpool(warm_up, state)
        else:
            state.check_ready, state.check_problem = False, None  # models load on the first check
        yield
        if jobs is not None:
            jobs.shutdown()
        pool.close()

    app = FastAPI(
        title="claimtrace",
        summary="Who said what, when, and is the claim true: a JSON API over a corpus of news articles.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,  # Swagger UI loads its script from a CDN; the CSP forbids that
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = state

    from claimtrace.web.api import router as api_router
    from claimtrace.web.pages import router as page_router

    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _install_error_handlers(app)
    # Added first, so innermost: a stalled body and one sent without a declared size are cut off while read
    # (the guard refuses declared sizes over the limit).
    app.add_middleware(BodyTimeout, seconds=settings.body_timeout_s)
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=settings.max_upload_bytes)
    app.add_middleware(RequestGuard, settings=settings, limiter=RateLimiter(settings.rate_per_second, settings.rate_burst))
    app.add_middleware(SecurityHeaders)
    # Outermost, so error pages and JSON errors see it too.
    app.add_middleware(ScrubberContext, scrubber=for_server(settings.ingest_roots, settings.uploads_path, settings.db))
    return app


def settings_of(request: Request) -> WebSettings:
    return request.app.state.web.settings


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request.url.path, exc.status, exc.message, exc.details)

    @app.exception_handler(UserError)
    async def user_error(request: Request, exc: UserError) -> Response:
        return error_response(request.url.path, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        summary = "; ".join(f"{d['where']}: {d['problem']}" for d in details[:3])
        return error_response(request.url.path, 422, f"invalid request: {summary}", details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = {
            404: "no such page or endpoint",
            405: "this method is not allowed here",
            413: too_large_message(settings_of(request)),
        }.get(exc.status_code, str(exc.detail))
        return error_response(request.url.path, exc.status_code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)
        return error_response(request.url.path, 500, f"internal error ({type(exc).__name__}); the server log has details")

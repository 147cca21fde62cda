"""The JSON API: each route parses its input, calls the Workbench, returns a ``views`` shape.

Responses are exactly what ``claimtrace COMMAND --format json`` prints for
the same question. Routes are plain ``def``: FastAPI runs them in worker
threads, and each borrows one Workbench (one SQLite connection) from the pool.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from starlette.responses import JSONResponse, Response

from claimtrace import views
from claimtrace.errors import UserError
from claimtrace.service import Workbench
from claimtrace.web import schemas
from claimtrace.web.errors import ApiError
from claimtrace.web.export import csv_response
from claimtrace.web.paths import public
from claimtrace.web.render import facet_counts, filter_documents, filter_hits

router = APIRouter(prefix="/api", tags=["api"])
FACET_POOL = 200
MAX_UPLOAD_FILES = 500


def web_state(request: Request):
    return request.app.state.web


def lease_bench(request: Request) -> Iterator[Workbench]:
    with request.app.state.web.pool.lease() as bench:
        yield bench


Bench = Annotated[Workbench, Depends(lease_bench)]
Text = Annotated[str | None, Query(max_length=500)]
# "stated dates only", the CLI's --stated-only; the pages keep it in the URL as stated_only=1 so a link reproduces the view
StatedOnly = Annotated[bool, Query(description="leave out what is dated only by an estimated publication date "
                                               "(the CLI's --stated-only; for a check, with as_of)")]


def ok(payload: dict[str, Any], status: int = 200) -> JSONResponse:
    """The payload as JSON, with server folders in it shown as the client may see them (web.paths)."""
    return JSONResponse(public(payload), status_code=status)


def not_found(call, *args: Any) -> Any:
    """Run a lookup; its UserError (unknown id) becomes a 404."""
    try:
        return call(*args)
    except UserError as exc:
        raise ApiError(404, str(exc)) from exc


# -- shared with the pages -------------------------------------------------------
def attributions(bench: Workbench, hits: list[Any]) -> dict[int, dict[str, Any]]:
    """Who said each hit sentence and when."""
    return bench.attributions([h.sentence.id for h in hits]) if hits else {}


def faceted_search(bench: Workbench, query: str, limit: int, outlet: str | None = None,
                   speaker: str | None = None, year: str | None = None) -> tuple[list[Any], dict[str, Any], int]:
    """The best ``limit`` hits under the chosen facets, with facet counts over the top FACET_POOL hits."""
    pool = bench.search(query, FACET_POOL)
    said = attributions(bench, pool)
    hits = filter_hits(pool, said, outlet, speaker, year)[:limit]
    return hits, {"counts": facet_counts(pool, said), "speakers": said}, len(pool)


def job_or_404(state, job_id: str):
    job = state.jobs.get(job_id) if state.jobs is not None else None
    if job is None:
        raise ApiError(404, f"no ingest job {job_id!r}")
    return job


def require_writable(state) -> None:
    if state.jobs is None:
        raise ApiError(403, "this server is read-only (--read-only); ingest is switched off")


# -- routes -------------------------------------------------------------------------
@router.get("/health", summary="Is the server up, and what does the corpus hold",
            responses={200: {"model": schemas.Health}, **schemas.error_responses()})
def health(request: Request, bench: Bench) -> JSONResponse:
    state = web_state(request)
    return ok(views.envelope("health", status="ok", read_only=state.settings.read_only, counts=bench.counts(),
                             check_ready=state.check_ready, check_problem=state.check_problem))


@router.get("/documents", summary="Documents, optionally filtered (like `claimtrace docs`)",
            responses={200: {"model": schemas.DocumentList}, **schemas.error_responses()})
def documents(bench: Bench, outlet: Text = None, year: Annotated[str | None, Query(max_length=10)] = None,
              q: Text = None) -> JSONResponse:
    return ok(views.documents(filter_documents(bench.documents(), outlet, year, q)))


@router.get("/documents/{doc_id}", summary="One document with its text and sentences (like `claimtrace show`)",
            responses={200: {"model": schemas.DocumentOut}, **schemas.error_responses(404)})
def document(doc_id: str, bench: Bench) -> JSONResponse:
    return ok(views.document_detail(not_found(bench.document, doc_id)))


@router.get("/documents/{doc_id}/annotations", summary="Quote and date spans of a document, for highlighting",
            responses={200: {"model": schemas.Annotations}, **schemas.error_responses(404)})
def annotations(doc_id: str, bench: Bench) -> JSONResponse:
    detail = not_found(bench.document, doc_id)
    spans = bench.annotations(detail.document.id)
    return ok(views.envelope("annotations", document_id=detail.document.id, **spans))


@router.get("/search", summary="Best-matching sentences (like `claimtrace search`), optionally within facets",
            responses={200: {"model": schemas.SearchOut}, **schemas.error_responses(400)})
def search(bench: Bench, q: Annotated[str, Query(min_length=1, max_length=500)],
           limit: Annotated[int, Query(ge=1, le=200)] = 10, outlet: Text = None, speaker: Text = None,
           year: Annotated[str | None, Query(max_length=10)] = None) -> JSONResponse:
    if outlet or speaker or year:
        hits, _, _ = faceted_search(bench, q, limit, outlet, speaker, year)
    else:
        hits = bench.search(q, limit)
    return ok(views.search_hits(q, hits))


@router.get("/search/facets", summary="How the best hits of a search split by outlet, speaker and year",
            responses={200: {"model": schemas.SearchFacets}, **schemas.error_responses(400)})
def search_facets(bench: Bench, q: Annotated[str, Query(min_length=1, max_length=500)]) -> JSONResponse:
    _, facets, pool = faceted_search(bench, q, 0)
    counts = {name: [{"value": f.value, "key": f.key, "count": f.count} for f in values]
              for name, values in facets["counts"].items()}
    return ok(views.envelope("search_facets", query=q, pool=pool, **counts))


@router.post("/check", summary="Check a claim: verdict, evidence for and against, positions over time",
             responses={200: {"model": schemas.CheckOut}, **schemas.error_responses(400, 503)})
def check(body: schemas.CheckRequest, request: Request, bench: Bench) -> JSONResponse:
    return ok(views.check_result(run_check(web_state(request), bench, body.claim, body.as_of, body.stated_only)))


@router.get("/check", include_in_schema=False)
def check_get(request: Request, bench: Bench, claim: Annotated[str, Query(min_length=1, max_length=1000)],
              as_of: Annotated[str | None, Query(max_length=10)] = None, stated_only: StatedOnly = False) -> JSONResponse:
    """The same answer as POST /api/check, so the check page can link its JSON."""
    return ok(views.check_result(run_check(web_state(request), bench, claim, as_of, stated_only)))


def run_check(state, bench: Workbench, claim: str, as_of: str | None, stated_only: bool = False):
    """The claim check, one at a time, with a missing model reported as 503 instead of a crash."""
    try:
        with state.check_lock:
            return bench.check(claim, as_of or None, stated_only)
    except (FileNotFoundError, ImportError) as exc:
        raise ApiError(503, f"the claim check is unavailable on this server: {exc}") from exc


@router.get("/speakers", summary="Speakers with roles and counts (like `claimtrace speakers`)",
            responses={200: {"model": schemas.SpeakerList}, **schemas.error_responses()})
def speakers(bench: Bench) -> JSONResponse:
    return ok(views.speakers(bench.speakers()))


@router.get("/speakers/{speaker_id}", summary="A speaker's profile and all their statements in date order",
            responses={200: {"model": schemas.SpeakerDetail}, **schemas.error_responses(404)})
def speaker(speaker_id: str, bench: Bench) -> JSONResponse:
    profile, said = not_found(bench.speaker, speaker_id)
    return ok(views.envelope("speaker", speaker=views.speaker(profile), count=len(said),
                             quotes=[views.quote(q) for q in said]))


@router.get("/quotes", summary="Who said what (like `claimtrace quotes`)",
            responses={200: {"model": schemas.QuoteList}, **schemas.error_responses(404)})
def quotes(bench: Bench, speaker: Text = None, about: Text = None,
           doc: Annotated[str | None, Query(max_length=64)] = None) -> JSONResponse:
    return ok(views.quotes(not_found(bench.quotes, speaker, about, doc)))


@router.get("/timeline", summary="Dated statements and events in order (like `claimtrace timeline`)",
            responses={200: {"model": schemas.TimelineOut}, **schemas.error_responses(400)})
def timeline(bench: Bench, about: Text = None, speaker: Text = None,
             date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
             date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
             stated_only: StatedOnly = False) -> JSONResponse:
    return ok(views.timeline(*bench.timeline_counted(about, speaker, date_from, date_to, stated_only)))


@router.post("/ingest", status_code=202, summary="Ingest files or folders on the server (inside --ingest-root)",
             responses={202: {"model": schemas.Job}, **schemas.error_responses(400, 403)})
def ingest_paths(body: schemas.IngestPaths, request: Request) -> JSONResponse:
    state = web_state(request)
    require_writable(state)
    try:
        job = state.jobs.submit_paths(body.paths)
    except PermissionError as exc:
        raise ApiError(403, str(exc)) from exc
    return ok(job.to_dict(), 202)


@router.post("/upload", status_code=202, summary="Upload article files and ingest them",
             responses={202: {"model": schemas.Job}, **schemas.error_responses(400, 403, 413)})
async def upload(request: Request, files: Annotated[list[UploadFile], File(description="article files")]) -> JSONResponse:
    state = web_state(request)
    require_writable(state)
    job = await save_upload(state, files)
    return ok(job.to_dict(), 202)


async def save_upload(state, files: list[UploadFile]):
    if len(files) > MAX_UPLOAD_FILES:
        raise ApiError(400, f"at most {MAX_UPLOAD_FILES} files per upload")
    contents = [(f.filename or "upload", await f.read()) for f in files if f.filename or f.size]
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(state.jobs.submit_upload, contents)


@router.get("/jobs", summary="Recent ingest jobs, newest first",
            responses={200: {"model": schemas.JobList}, **schemas.error_responses()})
def jobs(request: Request) -> JSONResponse:
    state = web_state(request)
    items = state.jobs.all() if state.jobs is not None else []
    return ok(views.envelope("jobs", count=len(items), jobs=[j.to_dict() for j in items]))


@router.get("/jobs/{job_id}", summary="One ingest job's progress and, when done, its report",
            responses={200: {"model": schemas.Job}, **schemas.error_responses(404)})
def job(job_id: str, request: Request) -> JSONResponse:
    return ok(job_or_404(web_state(request), job_id).to_dict())


# -- CSV twins of the list answers (not in the OpenAPI schema: they are not JSON) --------------------
@router.get("/documents.csv", include_in_schema=False)
def documents_csv(bench: Bench, outlet: Text = None, year: Annotated[str | None, Query(max_length=10)] = None,
                  q: Text = None) -> Response:
    return csv_response(documents(bench, outlet, year, q), "documents", "documents.csv")


@router.get("/search.csv", include_in_schema=False)
def search_csv(bench: Bench, q: Annotated[str, Query(min_length=1, max_length=500)],
               limit: Annotated[int, Query(ge=1, le=200)] = 200, outlet: Text = None, speaker: Text = None,
               year: Annotated[str | None, Query(max_length=10)] = None) -> Response:
    return csv_response(search(bench, q, limit, outlet, speaker, year), "hits", "search.csv")


@router.get("/speakers.csv", include_in_schema=False)
def speakers_csv(bench: Bench) -> Response:
    return csv_response(speakers(bench), "speakers", "speakers.csv")


@router.get("/quotes.csv", include_in_schema=False)
def quotes_csv(bench: Bench, speaker: Text = None, about: Text = None,
               doc: Annotated[str | None, Query(max_length=64)] = None) -> Response:
    return csv_response(quotes(bench, speaker, about, doc), "quotes", "quotes.csv")


@router.get("/timeline.csv", include_in_schema=False)
def timeline_csv(bench: Bench, about: Text = None, speaker: Text = None,
                 date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
                 date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
                 stated_only: StatedOnly = False) -> Response:
    return csv_response(timeline(bench, about, speaker, date_from, date_to, stated_only), "entries", "timeline.csv")


@router.get("/check.csv", include_in_schema=False)
def check_csv(request: Request, bench: Bench, claim: Annotated[str, Query(min_length=1, max_length=1000)],
              as_of: Annotated[str | None, Query(max_length=10)] = None, stated_only: StatedOnly = False) -> Response:
    return csv_response(check_get(request, bench, claim, as_of, stated_only), "evidence", "check.csv")

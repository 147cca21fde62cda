"""The HTML pages: the same Workbench calls as the API, rendered with Jinja2.

Everything a page prints from an article goes through autoescaping; links
are built here from ids, and an article's own URL is shown as a link only
when it is plain http(s).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from starlette.responses import HTMLResponse, RedirectResponse

from claimtrace.errors import UserError
from claimtrace.web import charts, render
from claimtrace.web.api import (
    FACET_POOL,
    Bench,
    StatedOnly,
    faceted_search,
    job_or_404,
    not_found,
    require_writable,
    run_check,
    save_upload,
    web_state,
)
from claimtrace.web.errors import ApiError
from claimtrace.web.templating import render_page

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=500)]
PageNumber = Annotated[int | None, Query(alias="page", ge=1, le=1_000_000)]
Sort = Annotated[str | None, Query(max_length=20)]
Order = Annotated[str | None, Query(pattern="^(asc|desc)$")]
SEARCH_PAGE = 25
CORPUS_PAGE = 100
TIMELINE_PAGE = 50
DOCUMENT_SORTS = {
    "published": lambda d: d.published, "outlet": lambda d: d.outlet, "author": lambda d: d.author,
    "title": lambda d: d.title, "words": lambda d: d.word_count,
}
SPEAKER_SORTS = {
    "name": lambda s: s.canonical_name, "type": lambda s: s.type, "quotes": lambda s: s.quotes,
    "documents": lambda s: s.documents,
}


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    state = web_state(request)
    html = render_page(template, read_only=state.settings.read_only, render=render, **context)
    return HTMLResponse(html, status_code=status)


# -- corpus and ingest ---------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def corpus(request: Request, bench: Bench, outlet: Text = None, year: Annotated[str | None, Query(max_length=10)] = None,
           q: Text = None, sort: Sort = None, order: Order = None, page_number: PageNumber = None) -> HTMLResponse:
    everything = bench.documents()
    filtered = render.filter_documents(everything, outlet, year, q)
    ordered = render.sort_rows(filtered, DOCUMENT_SORTS, sort, order == "desc")
    shown = render.paginate(ordered, page_number, CORPUS_PAGE)
    outlets = sorted({d.outlet or "unknown outlet" for d in everything}, key=str.lower)
    years = sorted({(d.published or "")[:4] or "undated" for d in everything})
    state = web_state(request)
    recent_jobs = state.jobs.all()[:5] if state.jobs is not None else []
    return page(request, "corpus.html", nav="corpus", documents=shown.items, pages=shown, total=len(everything),
                outlets=outlets, years=years, sort=sort or "", order=order or "",
                filters={"outlet": outlet or "", "year": year or "", "q": q or ""},
                counts=bench.counts(), jobs=recent_jobs, max_upload_mb=state.settings.max_upload_bytes / 1048576,
                roots=state.settings.ingest_roots)


@router.post("/upload")
async def upload_form(request: Request, files: Annotated[list[UploadFile], File()]) -> RedirectResponse:
    state = web_state(request)
    require_writable(state)
    job = await save_upload(state, files)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.post("/ingest")
def ingest_form(request: Request, paths: Annotated[str, Form(max_length=10_000)]) -> RedirectResponse:
    state = web_state(request)
    require_writable(state)
    try:
        job = state.jobs.submit_paths([line.strip() for line in paths.splitlines() if line.strip()])
    except PermissionError as exc:
        raise ApiError(403, str(exc)) from exc
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    return page(request, "job.html", nav="corpus", job=job_or_404(web_state(request), job_id))


# -- search ----------------------------------------------------------------------------
@router.get("/search", response_class=HTMLResponse)
def search(request: Request, bench: Bench, q: Text = None, outlet: Text = None, speaker: Text = None,
           year: Annotated[str | None, Query(max_length=10)] = None,
           page_number: PageNumber = None) -> HTMLResponse:
    hits: list[Any] = []
    facets: dict[str, Any] = {"counts": {}, "speakers": {}}
    pool = 0
    if q and q.strip():
        hits, facets, pool = faceted_search(bench, q, FACET_POOL, outlet, speaker, year)
    shown = render.paginate(hits, page_number, SEARCH_PAGE)
    return page(request, "search.html", nav="search", q=q or "", hits=shown.items, pages=shown, facets=facets["counts"],
                said=facets["speakers"], pool=pool, pool_cap=FACET_POOL,
                filters={"outlet": outlet or "", "speaker": speaker or "", "year": year or ""})


# -- claim check -------------------------------------------------------------------------
@router.get("/check", response_class=HTMLResponse)
def check(request: Request, bench: Bench, claim: Annotated[str | None, Query(max_length=1000)] = None,
          as_of: Annotated[str | None, Query(max_length=10)] = None,
          zoom_from: Annotated[str | None, Query(max_length=10)] = None,
          zoom_to: Annotated[str | None, Query(max_length=10)] = None,
          stated_only: StatedOnly = False) -> HTMLResponse:
    state = web_state(request)
    flag = "1" if stated_only else None  # how the switch travels in every link the page builds
    context: dict[str, Any] = {"claim": claim or "", "as_of": as_of or "", "result": None, "error": None, "positions": [],
                               "chart": None, "sentence_index": {}, "check_problem": state.check_problem,
                               "zoomed": bool(zoom_from or zoom_to), "stated_only": flag}
    status = 200
    if claim and claim.strip():
        try:
            result = run_check(state, bench, claim, as_of, stated_only)
        except UserError as exc:
            context["error"], status = str(exc), 400
        except ApiError as exc:
            context["error"], status = exc.message, exc.status
        else:
            index = {e.sentence_id: (e.doc_id, e.sentence_index) for e in result.evidence}
            ordered = sorted(result.positions, key=lambda p: (p.date is None, p.date or "", p.actor))

            def zoom_href(low: date, high: date) -> str:
                return render.query_url("/check", claim=claim, as_of=as_of, stated_only=flag, zoom_from=low.isoformat(),
                                        zoom_to=high.isoformat()) + "#pos-h"

            chart = positions_chart(ordered, index, zoom_window(zoom_from, zoom_to), zoom_href)
            context.update(result=result, positions=ordered, sentence_index=index, chart=chart,
                           groups_for=render.group_evidence(result.evidence_for),
                           groups_against=render.group_evidence(result.evidence_against),
                           explanation=render.explanation_rest(result.explanation, result.claim, result.verdict.reasons))
    return page(request, "check.html", status=status, nav="check", **context)


def zoom_window(low: str | None, high: str | None) -> tuple[date, date] | None:
    """The chart range a zoom link asked for (either end may be open); None for the whole, or a bad date."""
    from claimtrace.time.timeline import parse_date_bound

    if not (low or high):
        return None
    try:
        start = parse_date_bound(low) if low else date.min
        end = parse_date_bound(high, end=True) if high else date.max
    except ValueError:
        return None
    return None if end < start else (start, end)


def positions_chart(positions: list[Any], index: dict[int, tuple[str, int]], window: tuple[date, date] | None = None,
                    zoom_href: charts.ZoomHref | None = None) -> charts.Chart:
    """Each actor's dated stances as one lane of dots; ``pos-N`` ties a dot to row N of the table."""
    items = []
    for n, p in enumerate(positions):
        doc_id, sentence = index.get(p.sentence_id, (p.doc_id, None))
        items.append(charts.ChartItem(
            lane=p.actor, when=p.date, css=render.stance_class(p.stance) + coarse(p.date),
            title=f"{p.actor} · {p.date or 'undated'} · {p.stance} ({render.percent(p.probability)}): {p.text[:240]}",
            href=render.doc_link(doc_id, sentence), key=f"pos-{n}",
        ))
    return charts.build_chart(items, window=window, zoom_href=zoom_href)


def coarse(when: str | None, range_end: str | None = None) -> str:
    """A hollow dot for a date known only to the month or year, or a span (drawn at its first day)."""
    return " coarse" if (when and len(when) < 10) or range_end else ""


# -- speakers ------------------------------------------------------------------------------
@router.get("/speakers", response_class=HTMLResponse)
def speakers(request: Request, bench: Bench, sort: Sort = None, order: Order = None) -> HTMLResponse:
    ordered = render.sort_rows(bench.speakers(), SPEAKER_SORTS, sort, order == "desc")
    return page(request, "speakers.html", nav="speakers", speakers=ordered, sort=sort or "", order=order or "")


@router.get("/speakers/{speaker_id}", response_class=HTMLResponse)
def speaker(request: Request, bench: Bench, speaker_id: str) -> HTMLResponse:
    profile, said = not_found(bench.speaker, speaker_id)
    return page(request, "speaker.html", nav="speakers", speaker=profile, quotes=said)


# -- document ---------------------------------------------------------------------------------
@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, bench: Bench, doc_id: str) -> HTMLResponse:
    detail = not_found(bench.document, doc_id)
    spans = bench.annotations(detail.document.id)
    layers = render.annotation_layers(spans, detail.sentences)
    paragraphs = render.document_paragraphs(detail.text, detail.sentences, layers)
    said = bench.quotes(doc_id=detail.document.id)
    voices: dict[str, tuple[str, str | None, int]] = {}
    for q in said:
        key = q.speaker_id or q.speaker_name
        name, sid, n = voices.get(key, (q.speaker_name, q.speaker_id, 0))
        voices[key] = (name, sid, n + 1)
    dates = [t for t in spans.get("time_expressions", []) if t.get("value")]
    return page(request, "document.html", nav="corpus", detail=detail, d=detail.document, paragraphs=paragraphs,
                voices=sorted(voices.values(), key=lambda v: -v[2]), quote_count=len(said), dates=dates,
                entity_count=sum(len(s.entities) for s in detail.sentences))


# -- timeline ----------------------------------------------------------------------------------
@router.get("/timeline", response_class=HTMLResponse)
def timeline(request: Request, bench: Bench, about: Text = None, speaker: Text = None,
             date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
             date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
             page_number: PageNumber = None, stated_only: StatedOnly = False) -> HTMLResponse:
    error = None
    status = 200
    flag = "1" if stated_only else None
    left_out = 0
    try:
        entries, left_out = bench.timeline_counted(about or None, speaker or None, date_from or None, date_to or None,
                                                   stated_only)
    except UserError as exc:
        entries, error, status = [], str(exc), 400
    items = [
        charts.ChartItem(
            lane=(e.speaker or "events (article text)"), when=e.date,
            css=("statement" if e.kind == "statement" else "event") + coarse(e.date, getattr(e, "range_end", None)),
            title=f"{e.date} · {e.speaker or 'event'} · {e.document.outlet or ''}: {e.text[:240]}",
            href=render.doc_link(e.doc_id, e.sentence_index), key=f"entry-{n}",
        )
        for n, e in enumerate(entries)
    ]

    def zoom_href(low: date, high: date) -> str:
        return render.query_url("/timeline", about=about, speaker=speaker, stated_only=flag, from_=low.isoformat(),
                                to=high.isoformat())

    chart = charts.build_chart(items, window=zoom_window(date_from, date_to) if not error else None, zoom_href=zoom_href)
    shown = render.paginate(list(enumerate(entries)), page_number, TIMELINE_PAGE)
    return page(request, "timeline.html", status=status, nav="timeline", entries=shown.items, pages=shown, chart=chart,
                speakers=bench.speakers(), error=error, total=len(entries), left_out=left_out,
                estimated_kept=sum(1 for e in entries if e.estimated_base),
                filters={"about": about or "", "speaker": speaker or "", "from": date_from or "", "to": date_to or "",
                         "stated_only": flag or ""})


# -- API reference -------------------------------------------------------------------------------
@router.get("/api-reference", response_class=HTMLResponse)
def api_reference(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    operations = [
        (method.upper(), path, op.get("summary", ""))
        for path, methods in schema.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return page(request, "api.html", nav="api", operations=operations)

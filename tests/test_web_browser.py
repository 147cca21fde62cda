"""End to end in real headless Chromium against a live server on loopback.

One server and one browser for the module (bounded: CI has 2 cores): ingest
the demo corpus through the upload form, search, check a claim, open a
speaker and a document, walk the timeline; then ingest hostile articles and
show that no script from them runs and no markup from them reaches the DOM.
Screenshots of every page go to .cache/screenshots/ for a person to look at.
The whole sequence runs once per store backend ([sqlite], then [postgres];
the PostgreSQL run's screenshots go to .cache/screenshots/postgres/).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import BACKENDS, DEMO_CORPUS, FIXTURES, REPO, new_store_url

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = REPO / ".cache" / "screenshots"
HOSTILE = [FIXTURES / "web" / "hostile" / "hostile_export.json", FIXTURES / "web" / "hostile" / "hostile_note.txt"]
VERDICTS = {"Supported", "Refuted", "Not enough evidence", "Conflicting"}
TIMEOUT_MS = 120_000
CONSOLE_ERRORS: list[str] = []  # script errors and CSP reports the pages caused
SHOTS = {"folder": SCREENSHOTS}  # where shot() writes: set per backend by the server fixture

playwright_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium", pytrace=False)
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory):
    from claimtrace.web.app import create_app
    from claimtrace.web.live import serve_in_thread
    from claimtrace.web.settings import WebSettings

    folder = tmp_path_factory.mktemp("browser")
    db = new_store_url(request, request.param, folder)
    SHOTS["folder"] = SCREENSHOTS if request.param == "sqlite" else SCREENSHOTS / request.param
    app = create_app(WebSettings(db=db, rate_per_second=0, ingest_roots=(str(folder),), upload_dir=str(folder / "uploads")))
    live = serve_in_thread(app)  # returns after the warm-up has loaded the models
    yield live
    live.stop()


@pytest.fixture(scope="module")
def page(server, tmp_path_factory):
    SHOTS["folder"].mkdir(parents=True, exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with playwright_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900}, base_url=server.url,
        )
        context.set_default_timeout(30_000)
        tab = context.new_page()
        tab.on("console", lambda m: CONSOLE_ERRORS.append(m.text) if m.type == "error" else None)
        yield tab
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS["folder"] / f"{name}.png"), full_page=True)


def upload(page, files: list[Path]) -> None:
    page.goto("/")
    page.set_input_files("#upload-files", [str(f) for f in files])
    page.click("text=Upload and ingest")
    page.wait_for_url("**/jobs/*")
    page.wait_for_selector("#job[data-state=done], #job[data-state=failed]", timeout=TIMEOUT_MS)


def test_ingest_the_demo_corpus_through_the_upload_form(page):
    files = sorted(DEMO_CORPUS.iterdir())
    upload(page, files)
    assert page.inner_text("#job-state") == "done"
    assert page.get_attribute("#job-progress", "value") == str(len(files))
    assert "12 new documents" in page.inner_text("#job-counts")
    shot(page, "01-ingest-job")
    page.click("text=Open the corpus")
    page.wait_for_selector("table.docs")
    rows = page.locator("table.docs tbody tr")
    assert rows.count() == 12
    assert page.locator("table.docs .date.estimated").count() >= 1, "an estimated date is marked as such"
    shot(page, "02-corpus")
    page.select_option("select[name=outlet]", "Kestran Daily Wire")
    page.click("text=Filter")
    page.wait_for_url("**/?outlet=*")
    assert 0 < rows.count() < 12
    assert all("Kestran Daily Wire" in t for t in page.locator("table.docs tbody td:nth-child(2)").all_inner_texts())


def test_search_highlights_and_filters_by_facet(page):
    page.goto("/search")
    page.fill("input[name=q]", "secret defence pact")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("ol.hits li")
    assert page.locator("ol.hits mark").count() > 0
    marks = {t.lower() for t in page.locator("ol.hits mark").all_inner_texts()}
    assert marks & {"secret", "pact", "defence"}
    shot(page, "03-search")
    before = page.locator("ol.hits > li").count()
    facet = page.locator("aside.facets ul").first.locator("li a").first
    outlet = facet.inner_text()
    facet.click()
    page.wait_for_selector("aside.facets li.chosen")
    after = page.locator("ol.hits > li")
    assert 0 < after.count() <= before
    assert all(outlet in t for t in page.locator("ol.hits p.meta").all_inner_texts())


def test_claim_check_shows_verdict_evidence_and_positions(page):
    page.goto("/check")
    page.fill("textarea[name=claim]", "Valdoria and Kestrania have signed a mutual defence treaty.")
    page.fill("input[name=as_of]", "2025-01-31")
    page.click("#check-submit")
    page.wait_for_selector("#verdict-label", timeout=TIMEOUT_MS)
    assert page.inner_text("#verdict-label") in VERDICTS
    evidence = page.locator("article.evidence")
    assert evidence.count() > 0
    assert page.locator("article.evidence .meta").first.inner_text().count("·") >= 2, "speaker · outlet · date"
    assert page.locator("#provenance").count() == 1
    shot(page, "04-check")
    if page.locator("figure.chart circle").count():
        page.hover("figure.chart .point-link >> nth=-1")  # the last drawn is on top of any overlap
        assert "·" in page.inner_text("figure.chart figcaption")
    link = page.locator("article.evidence a", has_text="open in").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/documents/*")
    sentence = target.split("#", 1)[1]
    assert page.locator(f"#{sentence}").count() == 1
    assert page.evaluate("location.hash") == f"#{sentence}"
    shot(page, "05-check-evidence-in-document")


def test_speaker_page_lists_statements_in_date_order(page):
    page.goto("/speakers")
    shot(page, "06-speakers")
    page.click("table.speakers a >> text=Tomas Reyvik")
    page.wait_for_selector("ol.statements")
    assert page.inner_text("h1") == "Tomas Reyvik"
    assert "Defence Minister" in page.inner_text("dl.profile")
    dates = [d for d in page.locator("ol.statements .when").all_inner_texts() if d != "undated"]
    assert len(dates) > 3 and dates == sorted(dates)
    shot(page, "07-speaker")
    page.locator("ol.statements a").first.click()
    page.wait_for_url("**/documents/*")


def test_document_page_highlights_quotes_speakers_and_dates(page):
    page.goto("/")
    page.click("table.docs a >> text=Marenko and Harsk sign border memorandum")
    page.wait_for_selector("#doc-text")
    assert page.locator("#doc-text .hl-quote").count() > 0
    assert page.locator("#doc-text a.hl-speaker").count() > 0, "speakers link to their pages"
    assert page.locator("#doc-text .hl-time").count() > 0
    assert "stated" in page.inner_text("aside.doc-meta")
    shot(page, "08-document")
    page.uncheck("input[data-layer=quote]")
    assert "show-quote" not in page.get_attribute("#doc-text", "class")


def test_timeline_is_interactive(page):
    page.goto("/timeline")
    page.wait_for_selector("figure.chart circle")
    before = page.inner_text("figure.chart figcaption")
    # The earliest entry is on the list's first page (the list is paged, the chart shows everything);
    # a dot drawn over it at the same spot is an entry of about the same date, on this page too.
    page.hover("figure.chart .point-link[data-entry=entry-0]")
    assert page.inner_text("figure.chart figcaption") != before
    assert page.locator(".timeline-list li.active").count() == 1
    shot(page, "09-timeline")
    page.select_option("select[name=speaker]", "tomas-reyvik")
    page.click("text=Show")
    page.wait_for_url("**/timeline?*speaker=tomas-reyvik*")
    whos = page.locator(".timeline-list .who").all_inner_texts()
    assert whos and set(whos) == {"Tomas Reyvik"}
    assert not CONSOLE_ERRORS, CONSOLE_ERRORS


def test_hostile_articles_run_no_script_and_add_no_markup(page):
    upload(page, HOSTILE)
    assert page.inner_text("#job-state") == "done"
    visited = []
    page.goto("/")
    urls = ["/", "/speakers", "/timeline", "/search?q=budget+harbour+pwned",
            "/check?claim=The+Valdorian+Assembly+delayed+its+budget+vote"]
    urls += [a.get_attribute("href") for a in page.locator("table.docs tbody a").all()]
    page.goto("/speakers")
    urls += [a.get_attribute("href") for a in page.locator("table.speakers tbody a").all()
             if any(n in a.inner_text() for n in ("Velk", "Sorn", "Ekdal", "Critics", "Shippers"))]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("load")
        for selector in ("figure.chart .point-link", "a.hl-speaker", "#doc-text .seg"):
            if page.locator(selector).count():
                page.hover(f"{selector} >> nth=-1", force=True)  # fire any mouse handler an article smuggled in
        report = page.evaluate("""() => ({
            pwned: typeof window.__pwned !== 'undefined',
            scripts: [...document.scripts].map(s => s.getAttribute('src')),
            foreign: [...document.querySelectorAll('img, iframe, style, marquee, b, i, object, embed, svg [onload], body [style]')].length,
            handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
            jsLinks: [...document.querySelectorAll('[href], [src], [action]')].filter(e => /^\\s*(javascript|data|vbscript):/i.test(
                e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))).length,
            hidden: getComputedStyle(document.body).display,
        })""")
        assert not report["pwned"], url
        assert report["scripts"] == ["/static/app.js"], url
        assert report["foreign"] == 0 and report["handlers"] == 0 and report["jsLinks"] == 0, (url, report)
        assert report["hidden"] != "none", f"{url}: CSS from an article took effect"
        visited.append(url)
    page.goto("/")
    budget = page.locator("table.docs a", has_text="Valdoria budget vote delayed")
    assert "<img src=x onerror=" in budget.inner_text(), "the markup is shown as text"
    budget.click()
    page.wait_for_selector("#doc-text")
    assert "<script>window.__pwned='text'</script>" in page.inner_text("#doc-text")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    shot(page, "10-hostile-document")
    assert len(visited) >= 8

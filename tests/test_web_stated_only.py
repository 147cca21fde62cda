"""The web UI's "stated dates only" switch: the CLI's --stated-only on the check and timeline pages.

Over the dates corpus (tests/fixtures/dates: two articles dated only by an estimate), in-process
with FastAPI's TestClient and end to end in headless Chromium. The switch passes through the
same Workbench option as the CLI, the page says how much it left out, the setting lives in the
URL (stated_only=1) so a link reproduces the view, and nothing from the URL runs as markup.
SQLite only: the switch is a filter in the service, above the store.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimtrace.service import Workbench  # noqa: E402
from claimtrace.web.app import create_app  # noqa: E402
from claimtrace.web.settings import WebSettings  # noqa: E402

from conftest import FIXTURES  # noqa: E402

DATES = FIXTURES / "dates"
CLAIM = "The Dravian parliament voted to review the Lessel Treaty"
AS_OF = "2024-12-31"
CHROMIUM = "/usr/bin/chromium"
HOSTILE = '"><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("stated-only") / "dates.db")
    with Workbench(path) as bench:
        report = bench.ingest([str(p) for p in sorted(DATES.glob("*.txt"))])
        assert report.skipped == [] and len(report.ingested) == 6
    return path


@pytest.fixture(scope="module")
def bench(db: str):
    with Workbench(db, readonly=True) as b:
        yield b


@pytest.fixture(scope="module")
def client(db: str, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("stated-only-web")
    app = create_app(WebSettings(db=db, warm_up=False, rate_per_second=0, read_only=True, upload_dir=str(folder)))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:  # the host guard wants loopback
        yield c


def entries_on(page: str) -> int:
    return len(re.findall(r'<li id="entry-\d+"', page))


def excluded_on(page: str) -> int:
    return int(re.search(r'<span id="excluded-estimated">(\d+)</span>', page).group(1))


def test_timeline_switch_leaves_out_estimated_entries_and_says_how_many(client, bench):
    everything = bench.timeline()
    kept, left_out = bench.timeline_counted(stated_only=True)
    assert left_out > 0 and len(kept) + left_out == len(everything)
    assert kept == bench.timeline(stated_only=True)  # the CLI's call

    plain = client.get("/timeline").text
    assert entries_on(plain) == len(everything)
    assert 'id="stated-only"' in plain and not re.search(r'id="stated-only"[^>]*checked', plain)
    assert f"{left_out} entries rest on an estimated publication date" in plain

    switched = client.get("/timeline", params={"stated_only": "1"})
    assert switched.status_code == 200
    page = switched.text
    assert re.search(r'id="stated-only" checked', page)
    assert entries_on(page) == len(kept) and excluded_on(page) == left_out
    assert "/api/timeline?stated_only=1" in page and "/api/timeline.csv?stated_only=1" in page  # exports keep it
    assert 'href="/timeline">include them</a>' in page

    api = client.get("/api/timeline", params={"stated_only": "true"}).json()
    assert api["count"] == len(kept) and not any(e["estimated_base"] for e in api["entries"])
    assert api["excluded"] == {"estimated": left_out} and left_out > 0  # the JSON says what it left out too
    unswitched = client.get("/api/timeline").json()
    assert unswitched["count"] == len(everything) and unswitched["excluded"] == {"estimated": 0}
    csv_rows = client.get("/api/timeline.csv", params={"stated_only": "1"}).text.strip().splitlines()
    assert len(csv_rows) == len(kept) + 1


def test_timeline_switch_counts_only_what_the_other_filters_keep(client, bench):
    kept, left_out = bench.timeline_counted(date_from="2023-01-01", stated_only=True)
    assert [i for i in bench.timeline(date_from="2023-01-01") if not i.estimated_base] == kept
    page = client.get("/timeline", params={"from": "2023-01-01", "stated_only": "1"}).text
    assert entries_on(page) == len(kept) and excluded_on(page) == left_out
    assert "from=2023-01-01" in page and "stated_only=1" in page


def test_check_switch_passes_through_to_the_service_and_shows_the_count(client, bench):
    expected = bench.check(CLAIM, AS_OF, stated_only=True)
    assert expected.excluded_estimated > 0

    page = client.get("/check", params={"claim": CLAIM, "as_of": AS_OF, "stated_only": "1"})
    assert page.status_code == 200, page.text[:500]
    assert re.search(r'id="stated-only" checked', page.text)
    assert excluded_on(page.text) == expected.excluded_estimated
    assert "stated_only=1" in re.search(r'href="(/api/check\?[^"]*)"', page.text).group(1)

    api = client.get("/api/check", params={"claim": CLAIM, "as_of": AS_OF, "stated_only": "1"}).json()
    posted = client.post("/api/check", json={"claim": CLAIM, "as_of": AS_OF, "stated_only": True}).json()
    for answer in (api, posted):
        assert answer["excluded"]["estimated"] == expected.excluded_estimated
        assert len(answer["evidence"]) == len(expected.evidence)
    assert client.get("/api/check", params={"claim": CLAIM, "as_of": AS_OF}).json()["excluded"]["estimated"] == 0

    plain = client.get("/check", params={"claim": CLAIM, "as_of": AS_OF}).text
    assert 'id="excluded-estimated"' not in plain and not re.search(r'id="stated-only"[^>]*checked', plain)


def test_check_switch_without_an_as_of_date_says_it_does_nothing(client):
    page = client.get("/check", params={"claim": CLAIM, "stated_only": "1"}).text
    assert 'id="stated-only-idle"' in page and re.search(r'id="stated-only" checked', page)


def test_markup_in_the_url_is_shown_never_run(client):
    for path, params in (("/check", {"claim": HOSTILE + " Dravia signed the treaty", "stated_only": "1"}),
                         ("/timeline", {"about": HOSTILE, "stated_only": "1"})):
        page = client.get(path, params=params).text
        assert "<script>window.pwned" not in page and "<img src=x" not in page
        assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page  # shown as text
    bad = client.get("/timeline", params={"stated_only": "<b>yes</b>"})
    assert bad.status_code in (400, 422) and "<b>yes</b>" not in bad.text


# -- in a real browser ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser_page(db: str, tmp_path_factory: pytest.TempPathFactory):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing", pytrace=False)
        pytest.skip(f"{CHROMIUM} not installed")
    from claimtrace.web.live import serve_in_thread

    folder = tmp_path_factory.mktemp("stated-only-browser")
    live = serve_in_thread(create_app(WebSettings(db=db, rate_per_second=0, read_only=True, upload_dir=str(folder))))
    profile = folder / "profile"
    try:
        with sync_api.sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(profile), executable_path=CHROMIUM, headless=True, base_url=live.url,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
            )
            context.set_default_timeout(60_000)
            tab = context.new_page()
            errors: list[str] = []
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            yield tab, errors
            context.close()
    finally:
        live.stop()
        shutil.rmtree(profile, ignore_errors=True)


def test_browser_switch_is_kept_in_the_url_and_a_link_reproduces_the_view(browser_page, bench):
    tab, errors = browser_page
    kept, left_out = bench.timeline_counted(stated_only=True)
    tab.goto("/timeline")
    assert tab.locator("ol.timeline-list > li").count() == len(bench.timeline())
    tab.check("#stated-only")
    tab.click("form.filters button[type=submit]")
    tab.wait_for_url(re.compile(r"stated_only=1"))
    link = tab.url
    assert tab.locator("ol.timeline-list > li").count() == len(kept)
    assert tab.locator("#excluded-estimated").inner_text() == str(left_out)

    tab.goto("/")
    tab.goto(link)  # the link alone reproduces the view
    assert tab.locator("#stated-only").is_checked()
    assert tab.locator("ol.timeline-list > li").count() == len(kept)

    expected = bench.check(CLAIM, AS_OF, stated_only=True).excluded_estimated
    tab.goto("/check")
    tab.fill("textarea[name=claim]", CLAIM + " " + HOSTILE)
    tab.fill("input[name=as_of]", AS_OF)
    tab.check("#stated-only")
    tab.click("#check-submit")
    tab.wait_for_url(re.compile(r"stated_only=1"), timeout=120_000)
    tab.wait_for_selector("#verdict-label")
    assert tab.locator("#excluded-estimated").inner_text() == str(expected)
    assert tab.locator("#stated-only").is_checked()
    assert tab.evaluate("window.pwned === undefined") and tab.locator("img[src=x]").count() == 0
    assert not errors, errors

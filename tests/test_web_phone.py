"""The UI at phone width (390 px) in real headless Chromium (issue 16, point 5).

On a 2,500-article corpus the screenshots at 390 px showed no page wider than
the window, but sortable column headers broke their sort arrow onto a line of
its own ("PUBLISHED" / "↕"), at 1280 px too. Here, over the demo corpus: no page
is wider than a phone's window, and every sortable header keeps its label and
arrow on one line.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import DEMO_CORPUS

CHROMIUM = "/usr/bin/chromium"
playwright_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium", pytrace=False)
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)

PAGES = [
    "/",
    "/search?" + urlencode({"q": "secret defence pact"}),
    "/check?" + urlencode({"claim": "Valdoria and Kestrania signed a secret mutual defence pact in 2023."}),
    "/timeline",
    "/speakers",
]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    from claimtrace.service import Workbench
    from claimtrace.web.app import create_app
    from claimtrace.web.live import serve_in_thread
    from claimtrace.web.settings import WebSettings

    db = tmp_path_factory.mktemp("phone") / "corpus.db"
    with Workbench(db) as bench:
        assert bench.ingest([str(DEMO_CORPUS)]).ingested
    server = serve_in_thread(create_app(WebSettings(db=str(db), read_only=True, rate_per_second=0)))
    yield server
    server.stop()


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_fit_the_window_and_sort_headers_stay_on_one_line(live, width: int) -> None:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page(viewport={"width": width, "height": 900}, base_url=live.url)
            tab.set_default_timeout(120_000)
            headers = 0
            for url in PAGES:
                tab.goto(url)
                assert tab.evaluate("document.documentElement.scrollWidth") <= width, f"{url} is wider than {width} px"
                for link in tab.locator("th a.sort").all():
                    box = link.bounding_box()
                    if box is None:  # a column hidden at this width
                        continue
                    line = tab.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 1.2 * parseFloat(getComputedStyle(e).fontSize)", link.element_handle())
                    assert box["height"] < 1.5 * line, f"{url}: header {link.inner_text()!r} wraps at {width} px"
                    headers += 1
            assert headers >= 4
        finally:
            browser.close()

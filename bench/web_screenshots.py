"""Screenshots of the web UI over a real corpus, at desktop and phone widths, for a person to look at.

    python bench/web_screenshots.py --db /tmp/emergent.db [--out /tmp/shots] [--claim TEXT] [--query TEXT]

Starts the server read-only on a free loopback port (models warmed up, as ``claimtrace serve``
does), opens the corpus, search, claim check and timeline pages in headless Chromium
(``/usr/bin/chromium``) at 1280 px and 390 px wide, and saves full-page PNGs named
``PAGE-WIDTH.png``. Prints each file with the page's height and how long it took to load,
and whether the page is wider than the window (a horizontal scroll bar on a phone).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from urllib.parse import urlencode

CHROMIUM = "/usr/bin/chromium"
WIDTHS = (1280, 390)
CLAIM = "A 113-year-old time capsule was found hidden inside a lion statue in Boston"
QUERY = "time capsule lion statue"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default="/tmp/claimtrace-shots")
    parser.add_argument("--claim", default=CLAIM)
    parser.add_argument("--query", default=QUERY)
    parser.add_argument("--timeline", default="", help="query string for the timeline page, e.g. 'about=capsule'")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from claimtrace.web.app import create_app
    from claimtrace.web.live import serve_in_thread
    from claimtrace.web.settings import WebSettings

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = {
        "corpus": "/",
        "search": "/search?" + urlencode({"q": args.query}),
        "check": "/check?" + urlencode({"claim": args.claim}),
        "timeline": "/timeline" + (f"?{args.timeline}" if args.timeline else ""),
    }
    from claimtrace.service import Workbench

    with Workbench(args.db):  # bring the schema up to date once; the server then opens it read-only
        pass
    app = create_app(WebSettings(db=args.db, read_only=True, rate_per_second=0))
    with serve_in_thread(app, startup_timeout=1200) as live, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live.url)
            context.set_default_timeout(300_000)
            tab = context.new_page()
            for name, url in pages.items():
                started = time.perf_counter()
                tab.goto(url)
                seconds = time.perf_counter() - started
                height = tab.evaluate("document.documentElement.scrollHeight")
                overflow = tab.evaluate("document.documentElement.scrollWidth") > width
                path = out / f"{name}-{width}.png"
                tab.screenshot(path=str(path), full_page=True)
                print(f"{path}  {height} px tall  {seconds:.2f} s" + ("  WIDER THAN THE WINDOW" if overflow else ""))
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

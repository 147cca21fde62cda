"""Web security: hostile articles render as inert text, and the server's own guards hold.

The hostile fixtures put script, event handlers, javascript: URLs and CSS in
every field a page shows. Each page is parsed and must contain no element or
attribute that came from an article. The browser test (test_web_browser.py)
checks the same in real Chromium, where a script that ran would be seen.
The hostile corpus is stored once per backend, so these run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimtrace.errors import UserError  # noqa: E402
from claimtrace.service import Workbench  # noqa: E402
from claimtrace.web import render  # noqa: E402
from claimtrace.web.app import create_app  # noqa: E402
from claimtrace.web.guard import TOKEN_COOKIE  # noqa: E402
from claimtrace.web.ratelimit import RateLimiter  # noqa: E402
from claimtrace.web.settings import WebSettings, is_loopback, validate  # noqa: E402

from conftest import BACKENDS, FIXTURES, new_store_url  # noqa: E402

HOSTILE = FIXTURES / "web" / "hostile"
HOSTILE_FILES = [HOSTILE / "hostile_export.json", HOSTILE / "hostile_note.txt"]
BASE = "http://127.0.0.1:8000"
TOKEN = "correct-horse-battery"
# Tags and attributes our own templates use; anything else in a page came from an article.
OUR_TAGS = {
    "html", "head", "meta", "title", "link", "script", "body", "header", "nav", "a", "span", "main", "footer", "h1", "h2",
    "h3", "p", "form", "label", "select", "option", "input", "button", "table", "thead", "tbody", "tr", "th", "td", "section",
    "ul", "li", "ol", "div", "aside", "article", "fieldset", "legend", "dl", "dt", "dd", "code", "blockquote", "mark",
    "strong", "textarea", "details", "summary", "figure", "figcaption", "svg", "line", "text", "circle", "noscript",
    "progress", "meter", "bdi", "rect",
}


class PageScan(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def scan(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = PageScan()
    parser.feed(html)
    return parser.tags


def assert_inert(html: str, where: str) -> None:
    for tag, attrs in scan(html):
        assert tag in OUR_TAGS, f"{where}: <{tag}> came from an article"
        assert not any(name.startswith("on") for name in attrs), f"{where}: event handler on <{tag}>"
        assert "style" not in attrs, f"{where}: inline style on <{tag}>"
        if tag == "script":
            assert attrs.get("src") == "/static/app.js", f"{where}: a script that is not ours"
        if tag == "link":
            assert attrs.get("href", "").startswith("/static/"), f"{where}: a stylesheet that is not ours"
        if tag == "meta":
            assert "http-equiv" not in attrs, f"{where}: a meta refresh/CSP from an article"
        for name in ("href", "src", "action"):
            value = attrs.get(name)
            if value is not None:
                scheme = urlsplit(value).scheme.lower()
                assert scheme in {"", "http", "https"}, f"{where}: {name}={value!r} on <{tag}>"


@dataclass(frozen=True)
class Hostile:
    """The hostile articles in one backend's store, and a folder for the server's files."""

    db: str  # a SQLite path or a PostgreSQL URL
    folder: Path


@pytest.fixture(scope="module", params=BACKENDS)
def hostile_db(request: pytest.FixtureRequest, tmp_path_factory) -> Hostile:
    """The hostile corpus, ingested once per backend (test ids end in [sqlite] / [postgres])."""
    folder = tmp_path_factory.mktemp("hostile")
    db = new_store_url(request, request.param, folder, "hostile.db")
    with Workbench(db) as bench:
        report = bench.ingest([str(p) for p in HOSTILE_FILES])
    assert len(report.ingested) == 3, report
    return Hostile(db, folder)


def client_for(hostile: Hostile, **overrides) -> TestClient:
    settings = dict(db=hostile.db, warm_up=False, rate_per_second=0, ingest_roots=(str(hostile.folder),),
                    upload_dir=str(hostile.folder / "uploads"))
    settings.update(overrides)
    return TestClient(create_app(WebSettings(**settings)), base_url=overrides.pop("base_url", BASE))


@pytest.fixture(scope="module")
def client(hostile_db: Hostile):
    with client_for(hostile_db) as c:
        yield c


def page_urls(client) -> list[str]:
    docs = client.get("/api/documents").json()["documents"]
    speakers = client.get("/api/speakers").json()["speakers"]
    urls = ["/", "/speakers", "/timeline", "/search?q=budget+harbour+script", "/search?q=pwned",
            "/check?claim=The+Valdorian+Assembly+delayed+its+budget+vote", "/api-reference"]
    urls += [f"/documents/{d['id']}" for d in docs]
    urls += [render.speaker_link(s["id"]) for s in speakers]
    urls += [render.query_url("/", outlet=d["outlet"]) for d in docs if d["outlet"]]
    return urls


def test_hostile_fields_are_stored_verbatim(client):
    """The test is only meaningful if the markup really reaches the pages."""
    docs = {d["title"]: d for d in client.get("/api/documents").json()["documents"]}
    title = next(t for t in docs if t and "Valdoria budget" in t)
    assert "onerror=" in title and docs[title]["url"].startswith("javascript:")
    assert "<script>" in docs[title]["author"] and "<style>" in docs[title]["outlet"]


def test_every_page_renders_article_markup_as_inert_text(client):
    urls = page_urls(client)
    escaped_seen = False
    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 503}, (url, response.status_code)  # 503: check models absent
        assert_inert(response.text, url)
        escaped_seen |= "&lt;script&gt;" in response.text
    assert escaped_seen, "the markup should be visible as text somewhere"


def test_javascript_urls_are_never_links(client):
    for d in client.get("/api/documents").json()["documents"]:
        html = client.get(f"/documents/{d['id']}").text
        hrefs = {a.get("href") or "" for tag, a in scan(html) if tag == "a"}
        assert not any(h.lower().lstrip().startswith(("javascript:", "data:")) for h in hrefs)
        if d["url"] and render.safe_href(d["url"]):
            assert d["url"] in hrefs, "a plain http(s) source URL stays a link"


@pytest.mark.parametrize("url,safe", [
    ("https://news.example/a?b=1", True), ("http://news.example", True), ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False), ("java\tscript:alert(1)", False), ("data:text/html,<script>", False),
    ("vbscript:msgbox", False), ("//evil.example/x", False), ("/relative", False), ("https:///nohost", False),
    ("", False), (None, False),
])
def test_safe_href(url, safe):
    assert (render.safe_href(url) is not None) is safe


def test_document_segments_cover_the_text_exactly():
    text = 'Minister Ardo Velk said "we <b>deny</b> it" on Friday.'
    layers = [render.Layer(24, 41, "quote", "quote by Ardo Velk"), render.Layer(0, 18, "speaker", "speaker", "/speakers/velk"),
              render.Layer(45, 51, "time", "date"), render.Layer(9, 18, "entity", "PERSON")]
    segments = render.split_sentence(text, 0, len(text), layers)
    assert "".join(s.text for s in segments) == text
    velk = next(s for s in segments if s.text == "Ardo Velk")
    assert velk.kinds == ("speaker", "entity") and velk.href == "/speakers/velk"
    assert next(s for s in segments if "<b>" in s.text).kinds == ("quote",)


def test_search_highlight_marks_whole_words_only():
    pieces = render.highlight("The pact, the impact and the pacts.", "pact")
    assert "".join(p.text for p in pieces) == "The pact, the impact and the pacts."
    assert [p.text for p in pieces if p.mark] == ["pact", "pacts"]


def test_search_highlight_marks_inflections_not_words_sharing_a_prefix():
    # seen on a 2,500-article corpus: 'statue' lit up 'State' (a shared four-letter prefix)
    marked = [p.text for p in render.highlight("The statue atop the Old State House; statues, statements.", "statue") if p.mark]
    assert marked == ["statue", "statues"]
    assert [p.text for p in render.highlight("He denied it, she denies it: a denial.", "deny") if p.mark] == ["denied", "denies"]
    assert [p.text for p in render.highlight("They signed, are signing: a signal.", "signs") if p.mark] == ["signed", "signing"]


# -- headers -------------------------------------------------------------------------------------
def test_every_response_sends_a_content_security_policy(client):
    for url in ["/", "/api/health", "/static/app.css", "/static/app.js", "/nope", "/api/nope", "/api/openapi.json"]:
        response = client.get(url)
        csp = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "object-src 'none'" in csp and "unsafe-inline" not in csp, url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


# -- token -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def locked(hostile_db: Hostile):
    with client_for(hostile_db, token=TOKEN) as c:
        yield c


def test_token_is_required_on_api_ui_and_static(locked):
    for url in ["/api/health", "/api/documents"]:
        response = locked.get(url)
        assert response.status_code == 401 and response.json()["error"] == "unauthorized", url
        assert response.headers["www-authenticate"] == "Bearer"
    assert locked.get("/static/app.css").status_code == 401
    page = locked.get("/")
    assert page.status_code == 401 and page.headers["content-type"].startswith("text/html") and "token" in page.text
    assert locked.get("/api/health", headers={"Authorization": "Bearer wrong-token-x"}).status_code == 401
    assert locked.get("/api/health", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_token_in_the_address_sets_a_cookie_and_is_dropped(hostile_db):
    with client_for(hostile_db, token=TOKEN) as c:
        first = c.get(f"/search?q=budget&token={TOKEN}", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/search?q=budget"
        cookie = first.headers["set-cookie"]
        assert cookie.startswith(f"{TOKEN_COOKIE}=") and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
        assert c.get("/search?q=budget").status_code == 200, "the cookie now opens every page"
        assert c.get("/api/documents").status_code == 200, "and the API the page scripts call"
    with client_for(hostile_db, token=TOKEN) as c:
        assert c.get("/?token=not-the-token", follow_redirects=False).status_code == 401


def test_public_address_needs_a_token():
    with pytest.raises(UserError, match="--token"):
        validate(WebSettings(host="0.0.0.0"))
    with pytest.raises(UserError, match="too short"):
        validate(WebSettings(host="0.0.0.0", token="short"))
    assert validate(WebSettings(host="0.0.0.0", token=TOKEN)).token == TOKEN
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.1.2.3")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4") and not is_loopback("example.org")


# SQLite only: "nothing is created" is checked on the file; the refusal itself comes before any store is opened.
def test_serve_refuses_a_public_address_without_a_token(tmp_path):
    env = {k: v for k, v in __import__("os").environ.items() if k != "CLAIMTRACE_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-c", "from claimtrace.cli import main; main()", "serve", "--host", "0.0.0.0",
         "--db", str(tmp_path / "x.db")],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: refusing to listen on 0.0.0.0"), result.stderr
    assert not (tmp_path / "x.db").exists(), "nothing is created before the check"


# One backend is enough: this is about where the token comes from; the store is incidental.
def test_serve_takes_the_token_from_the_environment(tmp_path, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from claimtrace.cli import app

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda web_app, **kw: started.update(kw, app=web_app))
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "8123", "--db", str(tmp_path / "c.db")],
                                env={"CLAIMTRACE_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    assert started["host"] == "0.0.0.0" and started["port"] == 8123
    assert started["app"].state.web.settings.token == TOKEN


# -- host, origin, rate, size, read-only -------------------------------------------------------------
def test_foreign_host_header_is_refused_on_loopback(client):
    assert client.get("/api/health", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/health", headers={"Host": "localhost:8000"}).status_code == 200
    assert client.get("/api/health", headers={"Host": "[::1]:8000"}).status_code == 200


def test_cross_site_posts_are_refused(client):
    claim = {"claim": "The budget vote was delayed."}
    assert client.post("/api/check", json=claim, headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.post("/api/check", json=claim, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    page = client.post("/ingest", data={"paths": "x"}, headers={"Origin": "http://evil.example"})
    assert page.status_code == 403 and page.headers["content-type"].startswith("text/html")
    assert client.post("/api/check", json=claim, headers={"Origin": BASE}).status_code != 403


def test_rate_limit_answers_429_with_retry_after(hostile_db):
    with client_for(hostile_db, rate_per_second=0.5, rate_burst=3) as c:
        codes = [c.get("/api/health").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = c.get("/api/health")
        assert limited.json()["error"] == "rate_limited" and int(limited.headers["retry-after"]) >= 1
        page = c.get("/")
        assert page.status_code == 429 and page.headers["content-type"].startswith("text/html")
        assert c.get("/static/app.css").status_code == 200, "static files are not counted"


def test_token_bucket_refills_at_the_set_rate():
    now = [0.0]
    limiter = RateLimiter(rate=2.0, burst=2, clock=lambda: now[0])
    assert [limiter.check("a"), limiter.check("a")] == [0.0, 0.0]
    assert limiter.check("a") == pytest.approx(0.5)
    assert limiter.check("b") == 0.0, "clients have their own buckets"
    now[0] = 0.5
    assert limiter.check("a") == 0.0
    assert RateLimiter(rate=0, burst=1).check("a") == 0.0, "0 switches the limit off"


def test_upload_limit_answers_413(hostile_db):
    with client_for(hostile_db, max_upload_bytes=1000) as c:
        big = [("files", ("big.txt", b"x" * 5000, "text/plain"))]
        response = c.post("/api/upload", files=big)
        assert response.status_code == 413 and response.json()["error"] == "payload_too_large"
        assert "--max-upload-mb" in response.json()["message"]
        page = c.post("/upload", files=big)
        assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
        chunks = (b"y" * 400 for _ in range(10))  # no Content-Length: the limit applies while reading
        streamed = c.post("/api/check", content=chunks, headers={"content-type": "application/json"})
        assert streamed.status_code == 413 and streamed.json()["schema"] == "claimtrace.error"


def test_read_only_server_refuses_ingest(hostile_db):
    with client_for(hostile_db, read_only=True) as c:
        assert c.get("/api/health").json()["read_only"] is True
        assert c.post("/api/ingest", json={"paths": [str(hostile_db.folder)]}).status_code == 403
        upload = c.post("/api/upload", files=[("files", ("a.txt", b"Some text.", "text/plain"))])
        assert upload.status_code == 403 and "read-only" in upload.json()["message"]
        assert c.post("/upload", files=[("files", ("a.txt", b"Some text.", "text/plain"))]).status_code == 403
        corpus = c.get("/")
        assert corpus.status_code == 200 and 'action="/upload"' not in corpus.text and "read-only" in corpus.text
        assert c.get("/api/documents").json()["count"] == 3


def test_read_only_needs_an_existing_database(store_url):
    """A missing SQLite file, or a PostgreSQL database nothing was ingested into."""
    with pytest.raises(UserError, match="no database|has no claimtrace schema"):
        create_app(WebSettings(db=store_url, read_only=True, warm_up=False))


def test_ui_errors_are_pages(client):
    response = client.get("/documents/ffffffffffff")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "no document with id" in response.text
    assert client.get("/timeline?from=tomorrow").status_code == 400


def test_server_database_uploads_never_put_the_password_in_a_path(tmp_path, monkeypatch) -> None:
    from claimtrace.web.settings import WebSettings

    monkeypatch.setenv("CLAIMTRACE_CACHE_DIR", str(tmp_path / "ann"))
    url = "postgresql://editor:hunter2@db.example:5432/news"
    path = WebSettings(db=url).uploads_path
    assert "hunter2" not in str(path)
    assert path.is_absolute() and path.is_relative_to(tmp_path)
    assert WebSettings(db="postgresql://editor:other@db.example:5432/news").uploads_path == path
    assert WebSettings(db=str(tmp_path / "c.db")).uploads_path == tmp_path / "c-uploads"

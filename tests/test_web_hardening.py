"""Web hardening (issue 16, point 4): each item with a test that would fail without it.

Bidi controls never reach a page; no redirect leaves the site; the rate limit is keyed by the
real peer; a link out of an ingested folder is not followed; no absolute server path is shown;
uploads are deleted after ingest (kept a bounded time on failure); stalled headers and bodies
are cut off by a real uvicorn server. SQLite only: nothing here depends on the backend.
"""

from __future__ import annotations

import json
import os
import re
import socket
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimtrace.service import Workbench  # noqa: E402
from claimtrace.web.app import create_app  # noqa: E402
from claimtrace.web.guard import local_location  # noqa: E402
from claimtrace.web.live import serve_in_thread  # noqa: E402
from claimtrace.web.render import BIDI_CONTROLS  # noqa: E402
from claimtrace.web.settings import WebSettings  # noqa: E402

BASE = "http://127.0.0.1:8000"
TOKEN = "correct-horse-battery"
RLO = "\u202e"
BIDI_EXPORT = [
    {"title": f"Harbour tariff {RLO}sdrawkcab si siht", "outlet": f"Porta Vel Courier{RLO}", "author": "Edda \u2067Lind\u2069",
     "date": "2024-03-05",
     "text": "The Valdorian harbour board raised the tariff on Monday.\n\n"
             f"\"The tariff {RLO}rises by four percent,\" said harbour master Edda Lind."},
]
ARTICLE = "Kestrania opens a ferry line\n\nThe Kestranian transport ministry opened a ferry line on Monday.\n"


@pytest.fixture(scope="module")
def server_files(tmp_path_factory) -> tuple[Path, Path]:
    """A corpus holding the bidi article, ingested from inside the server's ingest root."""
    root = tmp_path_factory.mktemp("root")
    (root / "inbox").mkdir()
    (root / "inbox" / "bidi.json").write_text(json.dumps(BIDI_EXPORT), encoding="utf-8")
    db = root / "data" / "corpus.db"
    db.parent.mkdir()
    with Workbench(str(db)) as bench:
        assert len(bench.ingest([str(root / "inbox")]).ingested) == 1
    return root, db


def app_for(root: Path, db: Path, **overrides):
    settings = dict(db=str(db), warm_up=False, rate_per_second=0, ingest_roots=(str(root),))
    settings.update(overrides)
    return create_app(WebSettings(**settings))


@pytest.fixture(scope="module")
def client(server_files):
    root, db = server_files
    with TestClient(app_for(root, db), base_url=BASE) as c:
        yield c


def pages(client) -> list[str]:
    doc = client.get("/api/documents").json()["documents"][0]
    return ["/", "/search?q=tariff", f"/documents/{doc['id']}", "/timeline", "/speakers",
            "/check?claim=The+harbour+board+raised+the+tariff"]


def test_pages_print_no_bidi_controls_and_isolate_article_fields(client):
    assert RLO in client.get("/api/documents").json()["documents"][0]["title"], "the data keeps what the article said"
    for url in pages(client):
        html = client.get(url).text
        assert not any(c in html for c in BIDI_CONTROLS), f"{url} prints a bidi control"
    search = client.get("/search?q=tariff").text
    assert "<bdi>Harbour tariff sdrawkcab si siht</bdi>" in search, "the title is isolated from the outlet and date beside it"
    assert "<bdi>Porta Vel Courier</bdi>" in search


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example/x", "///evil.example/x"])
def test_token_redirect_never_leaves_the_site(server_files, target):
    root, db = server_files
    with TestClient(app_for(root, db, token=TOKEN), base_url=BASE) as c:
        response = c.get(f"{target}?token={TOKEN}&q=1", follow_redirects=False)
    location = response.headers["location"]
    assert response.status_code == 303 and location.startswith("/") and not location.startswith(("//", "/\\"))
    assert location.endswith("?q=1")


def test_local_location_keeps_paths_and_drops_hosts():
    assert local_location("/search?q=a") == "/search?q=a"
    assert local_location("//evil.example/x") == "/evil.example/x"
    assert local_location("http://evil.example/x?y=1") == "/x?y=1"
    assert local_location("\\\\evil.example") == "/evil.example"
    assert local_location("/\t/evil.example") == "/evil.example", "browsers drop tabs and newlines from URLs"


def test_rate_limit_is_keyed_by_the_peer_unless_behind_a_trusted_proxy(server_files):
    root, db = server_files
    limited = dict(rate_per_second=0.01, rate_burst=2)
    with TestClient(app_for(root, db, **limited), base_url=BASE, client=("127.0.0.1", 5000)) as c:
        codes = [c.get("/api/health", headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code for n in range(4)]
    assert codes == [200, 200, 429, 429], "a new X-Forwarded-For from a client that is not a proxy buys nothing"
    with TestClient(app_for(root, db, trusted_proxies=("127.0.0.1",), **limited), base_url=BASE,
                    client=("127.0.0.1", 5000)) as c:
        one = [c.get("/api/health", headers={"X-Forwarded-For": "198.51.100.7"}).status_code for _ in range(3)]
        other = c.get("/api/health", headers={"X-Forwarded-For": "198.51.100.8"}).status_code
        spoofed = c.get("/api/health", headers={"X-Forwarded-For": "203.0.113.1, 198.51.100.7"}).status_code
    assert one == [200, 200, 429] and other == 200, "behind the proxy each real client has its own bucket"
    assert spoofed == 429, "entries the client wrote itself (left of the proxy's) are not believed"


def test_links_out_of_an_ingested_folder_are_not_followed(server_files, tmp_path):
    root, _ = server_files
    db = tmp_path / "links.db"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(ARTICLE.replace("ferry", "secret tunnel"), encoding="utf-8")
    folder = root / "linked"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(outside / "secret.txt", folder / "escape.txt")
    os.symlink(outside, folder / "escape-dir")
    with TestClient(app_for(root, db), base_url=BASE) as c:
        job_id = c.post("/api/ingest", json={"paths": ["linked"]}).json()["id"]
        job = wait_for(c, job_id)
        titles = [d["title"] for d in c.get("/api/documents").json()["documents"]]
    assert job["state"] == "done" and job["ingested"] == 1 and job["skipped"] == 2, job
    assert all("not followed" in s["reason"] for s in job["skip_reasons"])
    assert titles == ["Kestrania opens a ferry line"]


def test_no_absolute_server_path_in_pages_or_api(client, server_files):
    root, db = server_files
    doc = client.get("/api/documents").json()["documents"][0]
    assert doc["source"] == "inbox/bidi.json#0" or doc["source"].startswith("inbox/bidi.json"), doc["source"]
    answers = [client.get(url).text for url in pages(client)]
    answers += [client.get(url).text for url in ["/api/documents", f"/api/documents/{doc['id']}", "/api/search?q=tariff",
                                                 "/api/quotes", "/api/timeline"]]
    for text in answers:
        for private in (str(root), str(db.parent), str(Path.home()), os.getcwd()):
            assert private not in text


def test_uploads_are_deleted_after_ingest_and_kept_a_bounded_time_on_failure(server_files, tmp_path):
    root, _ = server_files
    uploads = tmp_path / "uploads"
    with TestClient(app_for(root, tmp_path / "up.db", upload_dir=str(uploads)), base_url=BASE) as c:
        good = wait_for(c, c.post("/api/upload", files=[("files", ("ferry.txt", ARTICLE.encode(), "text/plain"))]).json()["id"])
        assert good["state"] == "done" and good["ingested"] == 1
        assert not (uploads / good["id"]).exists(), "an upload that went in is deleted"
        doc = c.get("/api/documents").json()["documents"][0]
        assert doc["source"] == "upload:ferry.txt"
        bad = wait_for(c, c.post("/api/upload", files=[("files", ("tool.exe", b"MZ\x00\x01", "application/octet-stream"))]).json()["id"])
        assert bad["skipped"] == 1 and (uploads / bad["id"] / "tool.exe").exists(), "a failed upload is kept for a look"
        jobs = c.app.state.web.jobs
        assert jobs.purge_old_uploads(now=time.time() + 3600) == [], "within the retention time it stays"
        assert jobs.purge_old_uploads(now=time.time() + 25 * 3600) == [bad["id"]]
        assert not (uploads / bad["id"]).exists()


def test_uvicorn_cuts_off_stalled_headers_and_bodies(server_files, tmp_path):
    root, db = server_files
    app = app_for(root, db, header_timeout_s=0.5, body_timeout_s=0.5)
    with serve_in_thread(app) as live:
        host, port = live.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as slow:
            slow.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
            started = time.monotonic()
            answer = read_all(slow)
            assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5
        with socket.create_connection((host, int(port)), timeout=10) as slow:
            slow.sendall(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100\r\n\r\n{\"claim\": ")
            answer = read_all(slow)
            assert answer.startswith(b"HTTP/1.1 408") and b"request_timeout" in answer


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        chunks.append(chunk)
        if b"\r\n\r\n" in b"".join(chunks) and b"content-length" in b"".join(chunks).lower():
            head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
            length = next(int(line.split(b":")[1]) for line in head.lower().split(b"\r\n") if line.startswith(b"content-length"))
            if len(body) >= length:
                break
    return b"".join(chunks)


def wait_for(client, job_id: str, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in {"done", "failed"}:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


# -- the UI at corpus scale (issue 16, point 5): downloads on every list page, the verdict once -----------
def test_every_list_page_links_its_json_and_csv(client):
    lists = ["/", "/search?q=tariff", "/speakers", "/check?claim=The+harbour+board+raised+the+tariff"]
    if client.get("/api/timeline").json()["count"]:
        lists.append("/timeline")
    for url in lists:
        html = client.get(url).text
        json_href = re.search(r'href="([^"]+)" class="export-json"', html)
        csv_href = re.search(r'href="([^"]+)" class="export-csv"', html)
        assert json_href and csv_href, f"{url} links no download"
        answer = client.get(json_href.group(1).replace("&amp;", "&"))
        assert answer.status_code == 200 and answer.json()["schema"].startswith("claimtrace."), url
        table = client.get(csv_href.group(1).replace("&amp;", "&"))
        assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv"), url
        assert len(table.text.splitlines()) >= 2, f"{url}: the CSV has a header and rows"


def test_the_check_page_prints_the_verdict_once(client):
    html = client.get("/check?claim=The+harbour+board+raised+the+tariff").text
    label = re.search(r'id="verdict-label">([^<]+)<', html).group(1)
    assert "Verdict:" not in html and html.count(f"{label} (confidence") == 0
    assert html.count("The harbour board raised the tariff") == 3, "the form, the title and the card, not the explanation"


def test_a_document_named_by_its_file_in_a_trace_shows_no_server_path(tmp_path):
    # A trace names a document without title by its file ('FILE — outlet — date'); the check page and API
    # showed that absolute path for a corpus ingested from a folder no server root holds (found in the
    # issue 16 screenshots, a 2,507-document corpus ingested by the CLI).
    from claimtrace.web.paths import PathScrubber, current_scrubber
    from claimtrace.web.templating import environment

    scrubber = PathScrubber([tmp_path / "root"], tmp_path / "uploads")
    named = "/srv/feeds/drop/ferry.txt \u2014 Dravsk Herald \u2014 2024-03-05"
    trace = {"provenance": {"origins": [{"name": named, "kind": "document"}, {"name": "Edda Lind", "kind": "person"}]}}
    shown = scrubber.payload(trace)["provenance"]["origins"]
    assert [o["name"] for o in shown] == ["\u2026/drop/ferry.txt \u2014 Dravsk Herald \u2014 2024-03-05", "Edda Lind"]
    token = current_scrubber.set(scrubber)
    try:
        html = environment.from_string("<li>{{ name|source_name }}</li>").render(name=named)
    finally:
        current_scrubber.reset(token)
    assert "/srv/feeds" not in html and "\u2026/drop/ferry.txt" in html
    template = (Path(__file__).resolve().parents[1] / "src" / "claimtrace" / "web" / "templates" / "_provenance.html").read_text()
    assert template.count("|source_name") == 5, "every source name the trace prints goes through the filter"

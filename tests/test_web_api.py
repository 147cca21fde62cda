"""The JSON API: every endpoint's status codes, shapes and errors, and a bounded schemathesis run.

The app runs in-process (no network) over the demo corpus, ingested once for
the module on each store backend (SQLite and PostgreSQL: test ids end in
[sqlite] / [postgres]). API answers must equal the CLI's ``--format json`` for
the same question, because both render through ``claimtrace.views``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402

from claimtrace import views  # noqa: E402
from claimtrace.service import Workbench  # noqa: E402
from claimtrace.web.app import create_app  # noqa: E402
from claimtrace.web.live import serve_in_thread  # noqa: E402
from claimtrace.web.paths import for_server  # noqa: E402
from claimtrace.web.settings import WebSettings  # noqa: E402

from conftest import BACKENDS, DEMO_CORPUS, clone_store, is_postgres, new_store_url  # noqa: E402

BASE = "http://127.0.0.1:8000"
VERDICTS = {"Supported", "Refuted", "Not enough evidence", "Conflicting"}
ARTICLE = """Kestrania opens new ferry line to Valdoria

Posted on 3 June 2024

The Kestranian transport ministry opened a ferry line between Halvik and Porta Vel on Monday.
"The line will carry four hundred passengers a day," said harbour master Edda Lind.
"""


@dataclass(frozen=True)
class Corpus:
    """The demo corpus in one backend's store, a pristine copy of it for fuzzing, and a folder for files."""

    db: str  # a SQLite path or a PostgreSQL URL, as --db takes it
    fuzz_db: str
    folder: Path


@pytest.fixture(scope="module", params=BACKENDS)
def corpus(request: pytest.FixtureRequest, tmp_path_factory) -> Corpus:
    """The demo corpus, ingested once per backend; tests that ingest use their own store."""
    folder = tmp_path_factory.mktemp("web-api")
    db = new_store_url(request, request.param, folder, "demo.db")
    with Workbench(db) as bench:
        report = bench.ingest([str(DEMO_CORPUS)])
    assert report.ingested, "the demo corpus should ingest"
    fuzz = tmp_path_factory.mktemp("fuzz")
    # Copied now, while nothing holds the store open (PostgreSQL copies a database only then).
    return Corpus(db, clone_store(request, db, fuzz), folder)


@pytest.fixture(scope="module")
def client(corpus: Corpus):
    app = create_app(WebSettings(db=corpus.db, warm_up=False, rate_per_second=0, ingest_roots=(str(corpus.folder),),
                                 upload_dir=str(corpus.folder / "uploads")))
    with TestClient(app, base_url=BASE) as c:
        yield c


@pytest.fixture(scope="module")
def bench(corpus: Corpus):
    with Workbench(corpus.db, readonly=True) as b:
        yield b


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["schema"] == "claimtrace.error" and body["status"] == status and body["error"] == code
    assert body["message"]
    return body


def as_served(client, payload: dict) -> dict:
    """The CLI's JSON as the server shows it: the same, with server paths shown relative (web.paths)."""
    settings = client.app.state.web.settings
    return for_server(settings.ingest_roots, settings.uploads_path, settings.db).payload(payload)


def cli_json(*args: str) -> dict:
    from typer.testing import CliRunner

    from claimtrace.cli import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- corpus -----------------------------------------------------------------------------
def test_health_reports_counts_and_mode(client):
    body = client.get("/api/health").json()
    assert body["schema"] == "claimtrace.health" and body["status"] == "ok"
    assert body["read_only"] is False
    assert body["counts"]["documents"] >= 10


def test_documents_equal_the_cli_json(client, corpus):
    api = client.get("/api/documents").json()
    assert api == as_served(client, cli_json("docs", "--db", corpus.db, "--format", "json"))
    assert api["count"] == len(api["documents"]) >= 10


def test_document_filters_narrow_the_list(client):
    everything = client.get("/api/documents").json()["documents"]
    outlet = everything[0]["outlet"]
    by_outlet = client.get("/api/documents", params={"outlet": outlet}).json()["documents"]
    assert by_outlet and all(d["outlet"] == outlet for d in by_outlet) and len(by_outlet) < len(everything)
    year = everything[0]["published"]["date"][:4]
    by_year = client.get("/api/documents", params={"year": year}).json()["documents"]
    assert by_year and all(d["published"]["date"].startswith(year) for d in by_year)
    word = everything[0]["title"].split()[0]
    assert any(d["id"] == everything[0]["id"] for d in client.get("/api/documents", params={"q": word}).json()["documents"])
    assert client.get("/api/documents", params={"q": "zzzznotaword"}).json()["count"] == 0


def test_document_detail_and_unknown_id(client, bench):
    doc_id = bench.documents()[0].id
    body = client.get(f"/api/documents/{doc_id}").json()
    assert body == as_served(client, views.document_detail(bench.document(doc_id)))
    assert body["sentences"] and body["text"][body["sentences"][0]["start"]: body["sentences"][0]["end"]]
    assert_error(client.get("/api/documents/ffffffffffff"), 404, "not_found")
    assert_error(client.get("/api/documents/ab"), 404, "not_found")


def test_annotations_point_inside_the_text(client, bench):
    doc_id = max(bench.documents(), key=lambda d: d.word_count).id
    text = client.get(f"/api/documents/{doc_id}").json()["text"]
    body = client.get(f"/api/documents/{doc_id}/annotations").json()
    assert body["schema"] == "claimtrace.annotations" and body["document_id"] == doc_id
    for span in body["quotes"] + body["time_expressions"]:
        assert 0 <= span["start"] < span["end"] <= len(text)
    assert_error(client.get("/api/documents/ffffffffffff/annotations"), 404, "not_found")


# -- search ------------------------------------------------------------------------------
def test_search_equals_the_cli_json(client, corpus):
    api = client.get("/api/search", params={"q": "secret defence pact", "limit": 5}).json()
    assert api == as_served(client, cli_json("search", "secret defence pact", "--db", corpus.db, "--format", "json", "--limit", "5"))
    assert 0 < api["count"] <= 5


def test_search_facets_and_filters_agree(client):
    facets = client.get("/api/search/facets", params={"q": "pact"}).json()
    assert facets["schema"] == "claimtrace.search_facets" and facets["pool"] > 0
    assert sum(f["count"] for f in facets["outlet"]) == facets["pool"]
    assert sum(f["count"] for f in facets["year"]) == facets["pool"]
    outlet = facets["outlet"][0]
    hits = client.get("/api/search", params={"q": "pact", "outlet": outlet["key"], "limit": 200}).json()["hits"]
    assert len(hits) == outlet["count"] and all(h["document"]["outlet"] == outlet["key"] for h in hits)
    year = facets["year"][0]
    hits = client.get("/api/search", params={"q": "pact", "year": year["key"], "limit": 200}).json()["hits"]
    assert len(hits) == year["count"]


def test_search_speaker_facet_filters_by_speaker(client):
    facets = client.get("/api/search/facets", params={"q": "alliance pact treaty"}).json()
    assert facets["speaker"], "demo articles quote people about the pact"
    who = facets["speaker"][0]
    hits = client.get("/api/search", params={"q": "alliance pact treaty", "speaker": who["key"], "limit": 200}).json()
    assert hits["count"] == who["count"]


def test_search_rejects_bad_input(client):
    assert_error(client.get("/api/search"), 422, "invalid_input")
    assert_error(client.get("/api/search", params={"q": "pact", "limit": 0}), 422, "invalid_input")
    assert_error(client.get("/api/search", params={"q": "   "}), 400, "bad_request")


# -- claim check ---------------------------------------------------------------------------
def test_check_returns_the_check_view(client, bench):
    response = client.post("/api/check", json={"claim": "Valdoria and Kestrania signed a mutual defence treaty."})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["schema"] == "claimtrace.check" and body["verdict"]["label"] in VERDICTS
    assert 0.0 <= body["verdict"]["confidence"] <= 1.0
    ids = {d.id for d in bench.documents()}
    for e in body["evidence_for"] + body["evidence_against"]:
        assert e["document"]["id"] in ids and e["text"]
    assert body["evidence"], "the demo corpus has evidence about the treaty"


def test_check_as_of_leaves_out_later_articles(client):
    body = client.post("/api/check", json={"claim": "Valdoria and Kestrania signed a mutual defence treaty.",
                                           "as_of": "2024-06-30"}).json()
    assert body["as_of"] == "2024-06-30"
    assert all(e["document"]["published"] <= "2024-06-30" for e in body["evidence"])
    assert body["excluded"]["published_after_as_of"] > 0


def test_check_errors_are_clear(client):
    assert_error(client.post("/api/check", json={"claim": "ab"}), 400, "bad_request")
    assert_error(client.post("/api/check", json={"claim": "The pact was signed.", "as_of": "31/12/2024"}), 400, "bad_request")
    assert_error(client.post("/api/check", json={"claim": "The pact was signed.", "extra": 1}), 422, "invalid_input")
    assert_error(client.post("/api/check", json={}), 422, "invalid_input")
    assert_error(client.post("/api/check", content=b"not json", headers={"content-type": "application/json"}), 422, "invalid_input")
    assert_error(client.get("/api/check"), 422, "invalid_input")  # GET takes ?claim= (for links), else as the POST
    assert_error(client.put("/api/check", json={"claim": "The pact was signed."}), 405, "method_not_allowed")


# -- speakers, quotes, timeline ------------------------------------------------------------------
def test_speakers_and_one_speaker(client, bench):
    listing = client.get("/api/speakers").json()
    assert listing == views.speakers(bench.speakers()) and listing["count"] > 0
    top = listing["speakers"][0]
    body = client.get(f"/api/speakers/{top['id']}").json()
    assert body["schema"] == "claimtrace.speaker" and body["speaker"]["id"] == top["id"]
    assert body["count"] == len(body["quotes"]) == top["quotes"]
    ids = {d.id for d in bench.documents()}
    assert all(q["document"]["id"] in ids for q in body["quotes"]), "quotes must link to real documents"
    dates = [q["said_on"]["date"] or q["document"]["published"] for q in body["quotes"]]
    known = [d for d in dates if d]
    assert known == sorted(known), "statements come in date order"
    assert_error(client.get("/api/speakers/no-such-person"), 404, "not_found")


def test_quotes_filter_by_speaker_and_document(client, bench):
    speaker = bench.speakers()[0]
    body = client.get("/api/quotes", params={"speaker": speaker.id}).json()
    assert body["count"] == speaker.quotes and all(q["speaker"]["id"] == speaker.id for q in body["quotes"])
    doc_id = body["quotes"][0]["document"]["id"]
    in_doc = client.get("/api/quotes", params={"doc": doc_id}).json()["quotes"]
    assert in_doc and all(q["document"]["id"] == doc_id for q in in_doc)
    assert_error(client.get("/api/quotes", params={"speaker": "Nobody Atall"}), 404, "not_found")
    assert_error(client.get("/api/quotes", params={"doc": "ffffffffffff"}), 404, "not_found")


def test_timeline_in_date_order_and_filtered(client, bench):
    body = client.get("/api/timeline").json()
    assert body == as_served(client, views.timeline(bench.timeline())) and body["count"] > 0
    dates = [e["date"] for e in body["entries"]]
    assert dates == sorted(dates)
    ids = {d.id for d in bench.documents()}
    assert all(e["document"]["id"] in ids for e in body["entries"])
    window = client.get("/api/timeline", params={"from": "2024-01-01", "to": "2024-12-31"}).json()
    assert window == as_served(client, views.timeline(bench.timeline(None, None, "2024-01-01", "2024-12-31")))
    assert window["count"] < body["count"] and any(e["date"].startswith("2024") for e in window["entries"])
    assert all(e["date"] <= "2024-12-31" for e in window["entries"]), "nothing starts after the window"
    assert_error(client.get("/api/timeline", params={"from": "June 2024"}), 400, "bad_request")


# -- ingest and jobs ----------------------------------------------------------------------------
@pytest.fixture
def fresh(tmp_path: Path, store_url: str):
    """An empty corpus on each backend whose ingest root is a folder holding one new article."""
    root = tmp_path / "inbox"
    root.mkdir()
    (root / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    # A SQLite store keeps its uploads beside the file by default ("fresh-uploads" here); a URL has no folder.
    db = str(tmp_path / "fresh.db") if not is_postgres(store_url) else store_url
    uploads = None if not is_postgres(store_url) else str(tmp_path / "fresh-uploads")
    app = create_app(WebSettings(db=db, warm_up=False, rate_per_second=0, ingest_roots=(str(root),), upload_dir=uploads))
    with TestClient(app, base_url=BASE) as c:
        yield c, root, tmp_path


def wait_for(client, job_id: str, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in {"done", "failed"}:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish")


def test_ingest_by_path_runs_a_job(fresh):
    client, root, _ = fresh
    response = client.post("/api/ingest", json={"paths": [str(root)]})
    assert response.status_code == 202, response.text
    job = wait_for(client, response.json()["id"])
    assert job["state"] == "done" and job["ingested"] == 1 and job["files_seen"] == job["files_total"] == 1
    assert job["report"]["schema"] == "claimtrace.ingest" and job["report"]["totals"]["documents"] == 1
    docs = client.get("/api/documents").json()["documents"]
    assert [d["title"] for d in docs] == ["Kestrania opens new ferry line to Valdoria"]
    assert client.get("/api/jobs").json()["jobs"][0]["id"] == job["id"]
    again = wait_for(client, client.post("/api/ingest", json={"paths": [str(root / "ferry.txt")]}).json()["id"])
    assert again["ingested"] == 0 and again["duplicates"] == 1


def test_ingest_refuses_paths_outside_the_root(fresh, tmp_path):
    client, root, _ = fresh
    outside = tmp_path / "elsewhere.txt"
    outside.write_text(ARTICLE, encoding="utf-8")
    assert_error(client.post("/api/ingest", json={"paths": [str(outside)]}), 403, "forbidden")
    assert_error(client.post("/api/ingest", json={"paths": [str(root / ".." / "elsewhere.txt")]}), 403, "forbidden")
    assert_error(client.post("/api/ingest", json={"paths": [str(root / "missing.txt")]}), 400, "bad_request")
    assert_error(client.post("/api/ingest", json={"paths": []}), 422, "invalid_input")


def test_upload_ingests_files_saved_inside_the_upload_folder(fresh):
    client, _, tmp = fresh
    files = [("files", ("../../escape.txt", ARTICLE.encode(), "text/plain")),
             ("files", (".hidden.md", ARTICLE.replace("ferry", "bridge").encode(), "text/markdown"))]
    response = client.post("/api/upload", files=files)
    assert response.status_code == 202, response.text
    job = wait_for(client, response.json()["id"])
    assert job["state"] == "done" and job["ingested"] == 2, job
    assert job["inputs"] == ["escape.txt", ".hidden.md"]
    assert not (tmp / "escape.txt").exists() and not (tmp.parent / "escape.txt").exists()
    sources = sorted(d["source"] for d in client.get("/api/documents").json()["documents"])
    assert sources == ["upload:escape.txt", "upload:hidden.md"], "saved under cleaned names"
    assert not any(p.is_file() for p in (tmp / "fresh-uploads").rglob("*")), "and deleted once ingested"
    assert str(tmp) not in json.dumps(job), "server paths are not shown to the client"


def test_upload_without_files_and_unknown_job(fresh):
    client, _, _ = fresh
    assert_error(client.post("/api/upload"), 422, "invalid_input")
    assert_error(client.get("/api/jobs/nope"), 404, "not_found")


# -- the schema ------------------------------------------------------------------------------------
def test_openapi_lists_every_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/health", "/api/documents", "/api/documents/{doc_id}", "/api/documents/{doc_id}/annotations",
        "/api/search", "/api/search/facets", "/api/check", "/api/speakers", "/api/speakers/{speaker_id}",
        "/api/quotes", "/api/timeline", "/api/ingest", "/api/upload", "/api/jobs", "/api/jobs/{job_id}",
    } <= paths
    assert not any(p.startswith("/api") is False for p in paths), "pages stay out of the API schema"
    assert client.get("/docs").status_code == 404, "no Swagger UI: it would load a CDN script"


# -- chart geometry (pure) ---------------------------------------------------------------------------
def test_partial_dates_and_ticks():
    from datetime import date

    from claimtrace.web.charts import month_ticks, parse_partial_date

    assert parse_partial_date("2024") == date(2024, 1, 1) and parse_partial_date("2024-10") == date(2024, 10, 1)
    assert parse_partial_date("2024-SU") == date(2024, 1, 1) and parse_partial_date("soon") is None
    ticks = month_ticks(date(2023, 2, 10), date(2025, 1, 5))
    assert 2 <= len(ticks) <= 8 and all(t.day == 1 for t in ticks) and ticks == sorted(ticks)
    assert month_ticks(date(2024, 1, 1), date(2024, 3, 1)) == [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]


def test_chart_keeps_the_busiest_lanes_and_places_points_by_date():
    from claimtrace.web.charts import ChartItem, build_chart

    items = [ChartItem(f"speaker {i % 15}", f"2024-{1 + i % 12:02d}-01", "supports", "t", None, f"k{i}") for i in range(60)]
    items.append(ChartItem("nobody", None, "refutes", "undated", None, "u"))
    chart = build_chart(items, max_lanes=5)
    assert len(chart.lanes) == 5 and chart.lanes[-1][1] == "others"
    assert chart.undated == 1 and len(chart.points) == 60
    january = [p for p in chart.points if p.key == "k0"][0]
    december = [p for p in chart.points if p.key == "k11"][0]
    assert chart.plot_left < january.x < december.x < chart.plot_right


def test_provenance_chains_are_distinct_and_link_to_the_evidence():
    from types import SimpleNamespace as NS

    from claimtrace.web.render import provenance_chains

    nodes = {"doc:a": NS(name="Wire story"), "outlet:n": NS(name="Northgate Review"), "anon": NS(name="an official")}
    chain = NS(nodes=["doc:a", "outlet:n", "anon"], evidence=NS(doc_id="a", sentence_index=3))
    trace = NS(chains=[chain, chain, NS(nodes=["doc:a", "ghost"], evidence=NS(doc_id="a", sentence_index=None))], nodes=nodes)
    views_ = provenance_chains(trace)
    assert [v.names for v in views_] == [("Wire story", "Northgate Review", "an official"), ("Wire story", "ghost")]
    assert views_[0].href == "/documents/a#s-3" and views_[1].href == "/documents/a"


# -- the OpenAPI schema, fuzzed with schemathesis -------------------------------------------------------
OPERATIONS = [
    ("GET", "/api/health"), ("GET", "/api/documents"), ("GET", "/api/documents/{doc_id}"),
    ("GET", "/api/documents/{doc_id}/annotations"), ("GET", "/api/search"), ("GET", "/api/search/facets"),
    ("POST", "/api/check"), ("GET", "/api/speakers"), ("GET", "/api/speakers/{speaker_id}"), ("GET", "/api/quotes"),
    ("GET", "/api/timeline"), ("POST", "/api/ingest"), ("POST", "/api/upload"), ("GET", "/api/jobs"),
    ("GET", "/api/jobs/{job_id}"),
]
EXAMPLES = {"POST /api/check": 6}  # each check runs the models: keep that one short
# An uploaded file may hold any bytes (ingest reports what it cannot read), so there is no invalid upload body.
NO_NEGATIVE = {"POST /api/upload"}


@pytest.fixture(scope="module")
def api_schema(corpus: Corpus):
    """The schema as served by a live loopback server over a copy of the demo corpus (fuzzed ingests stay there)."""
    import schemathesis

    folder = corpus.folder / "fuzz"
    inbox = folder / "inbox"
    inbox.mkdir(parents=True)
    app = create_app(WebSettings(db=corpus.fuzz_db, warm_up=False, rate_per_second=0, ingest_roots=(str(inbox),),
                                 upload_dir=str(folder / "uploads")))
    with serve_in_thread(app) as live:
        yield schemathesis.openapi.from_url(f"{live.url}/api/openapi.json")


@pytest.mark.parametrize("method,path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_api_conforms_to_its_openapi_schema(api_schema, method: str, path: str):
    """Bounded fuzzing, valid and invalid input: no 5xx; statuses, content types and bodies as documented.

    Schema-valid input may still get a documented 400 (a claim of two letters,
    a path that does not exist, 30 February), so that one check is left out.
    """
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    operation = api_schema[path][method]
    modes = [GenerationMode.POSITIVE] + ([] if f"{method} {path}" in NO_NEGATIVE else [GenerationMode.NEGATIVE])
    for mode in modes:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES.get(f"{method} {path}", 15), deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def run(case) -> None:
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        try:
            run()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE, "valid input can always be generated"  # nothing to break


def test_echoed_rumour_rests_on_one_source_in_the_api_and_the_page(client):
    """CLAIMS.md C01: five outlets echo one anonymous official; the answer must say one source."""
    claim = "Valdoria and Kestrania signed a secret mutual defence pact in March 2023."
    body = client.post("/api/check", json={"claim": claim}).json()
    assert body["verdict"]["label"] != "Supported"
    assert body["provenance"]["claim_rests_on"] == 1
    assert body["provenance"]["carrying_sources"][0]["anonymous"] is True
    page = client.get("/check", params={"claim": claim})
    assert page.status_code == 200
    assert "The claim itself rests on 1 independent source(s)" in page.text

"""Distributed ingest on a real local Ray cluster (2 workers) into a real PostgreSQL server.

A corpus built with ``--engine ray`` must read back exactly like one built by the
local engine into the same kind of store (PostgreSQL): documents, sentences,
quotes with their speakers, dates and claim-check verdicts. (The two backends
rank full-text hits differently, so verdicts are compared on one backend; that
the backends store the same corpus is tests/test_store_backends.py's job.) A partition whose worker raises or dies is
retried and leaves no duplicate; a write that fails mid-partition leaves none
of that partition. Without Ray or PostgreSQL the tests are skipped with the
reason, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrace.service import Workbench
from conftest import DEMO_CORPUS, REPO, SEEDS

CLAIMS_FILE = REPO / "examples" / "demo_corpus" / "CLAIMS.md"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Ray Data's own, on every context copy

DEMO_CLAIMS = ("C01", "C04", "C07", "C12", "C17", "C23")  # rumour, dated support, changed position, speakers, conflict


@pytest.fixture(scope="module")
def ray_cluster():
    """A local Ray cluster with two worker CPUs for this module; the engine joins it instead of starting its own."""
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - ray is a pinned dependency
        _unavailable(f"ray is not installed ({exc})")
    if ray.is_initialized():
        ray.shutdown()
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="WARNING")
    except Exception as exc:  # noqa: BLE001 - any start failure means no cluster here
        _unavailable(f"cannot start a local Ray cluster: {exc}")
    assert ray.cluster_resources().get("CPU") == 2
    yield ray
    ray.shutdown()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Ray tests cannot be skipped in CI: {reason}")
    pytest.skip(reason)


def ray_ingest(folder: Path, url: str, **ray_options):
    from claimtrace.engines.ray_engine import RayOptions, ingest_ray

    with Workbench(url) as wb:
        return ingest_ray([str(folder)], wb.store, None, RayOptions(workers=2, **ray_options))


def demo_claims() -> list[tuple[str, str | None]]:
    claims = {}
    for line in CLAIMS_FILE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 3 and re.fullmatch(r"C\d\d", cells[0]):
            claims[cells[0]] = (cells[1], None if cells[2] in {"—", "-", ""} else cells[2])
    return [claims[c] for c in DEMO_CLAIMS]


def corpus_view(url: str, claims: list[tuple[str, str | None]]) -> dict[str, object]:
    """What a reader sees, keyed by content (database row ids differ between backends)."""
    with Workbench(url, readonly=True) as wb:
        store = wb.store
        docs = wb.documents()
        return {
            "documents": [(d.id, Path(d.source).name, d.title, d.outlet, d.author, d.published, d.sentence_count)
                          for d in docs],
            "text": {d.id: wb.document(d.id).text for d in docs},
            "sentences": {d.id: [(s.index, s.start, s.end, s.paragraph, s.text) for s in wb.document(d.id).sentences]
                          for d in docs},
            "quotes": sorted((q.doc_id, q.sentence_index, q.content_start, q.content_end, q.text, q.kind, q.speaker_id,
                              q.speaker_name, q.said_on, q.said_on_basis) for q in store.list_quotes()),
            "speakers": [(s.id, s.canonical_name, s.quotes, s.documents, s.aliases) for s in store.list_speakers()],
            "dated": sorted((d.kind, d.doc_id, d.sentence_index, d.date, d.basis, d.speaker_id)
                            for d in store.dated_sentences()),
            "verdicts": [(claim, as_of, wb.check(claim, as_of).verdict.label) for claim, as_of in claims],
            "counts": store.counts(),
        }


@pytest.fixture(scope="module")
def demo_reference(pg_server) -> dict[str, object]:
    """The demo corpus through the local engine into PostgreSQL: what every Ray run must match."""
    url = pg_server.create_database()
    try:
        with Workbench(url) as wb:
            report = wb.ingest([str(DEMO_CORPUS)])
        assert len(report.ingested) == 12 and not report.skipped
        return corpus_view(url, demo_claims())
    finally:
        pg_server.drop_database(url)


def assert_same(view: dict[str, object], reference: dict[str, object]) -> None:
    for key in reference:
        assert view[key] == reference[key], key


# -- the same corpus as the local engine ------------------------------------------------
def test_demo_corpus_on_ray_matches_the_local_engine(ray_cluster, pg_url: str, demo_reference):
    report = ray_ingest(DEMO_CORPUS, pg_url)
    assert len(report.ingested) == 12 and not report.skipped and not report.duplicates
    view = corpus_view(pg_url, demo_claims())
    assert view["counts"]["quotes"] > 50 and len(view["speakers"]) > 10  # the comparison is not vacuous
    assert_same(view, demo_reference)
    again = ray_ingest(DEMO_CORPUS, pg_url)  # re-running skips everything before the NLP
    assert (len(again.ingested), len(again.duplicates)) == (0, 12)
    assert corpus_view(pg_url, [])["counts"] == demo_reference["counts"]


def test_seed_articles_on_ray_match_the_local_engine(ray_cluster, pg_server, pg_url: str):
    if not SEEDS.is_dir():
        _unavailable(f"no seed articles at {SEEDS}")
    db = pg_server.create_database()
    with Workbench(db) as wb:
        local = wb.ingest([str(SEEDS)])
        claims = [(d.title, None) for d in wb.documents() if d.title and len(d.title) > 10][:3]
    assert local.ingested and claims
    # Through the command line, as a user runs it (the engine joins the test's cluster).
    from claimtrace.cli import app

    result = CliRunner().invoke(app, ["ingest", str(SEEDS), "--engine", "ray", "--workers", "2", "--db", pg_url])
    assert result.exit_code == 0, result.output
    assert f"Ingested {len(local.ingested)} document(s)" in result.output
    try:
        assert_same(corpus_view(pg_url, claims), corpus_view(db, claims))
    finally:
        pg_server.drop_database(db)


def test_ray_refuses_a_sqlite_target_before_creating_it(tmp_path: Path):
    db = tmp_path / "corpus.db"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "200"}
    for args, message in (
        (["--engine", "ray"], "--engine ray writes to PostgreSQL"),
        (["--address", "ray://nowhere:10001"], "--address needs --engine ray"),
    ):
        cli = [sys.executable, "-m", "claimtrace.cli", "ingest", str(DEMO_CORPUS), "--db", str(db), *args]
        result = subprocess.run(cli, capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert not db.exists()


# -- failures: retried, never half-written ----------------------------------------------------
@pytest.mark.parametrize("mode", ["raise", "crash"])
def test_a_failed_partition_is_retried_without_duplicates(ray_cluster, pg_url: str, tmp_path: Path, demo_reference, mode):
    from claimtrace.engines.ray_engine import Fault

    marker = tmp_path / "failed-once"
    report = ray_ingest(DEMO_CORPUS, pg_url, fault=Fault(str(marker), partition=1, mode=mode))
    assert marker.exists()  # the first attempt at partition 1 did fail
    assert len(report.ingested) == len(set(report.ingested)) == 12
    view = corpus_view(pg_url, [])
    assert view["counts"] == demo_reference["counts"]
    assert view["quotes"] == demo_reference["quotes"] and view["speakers"] == demo_reference["speakers"]


def test_a_write_failing_mid_partition_leaves_none_of_it(ray_cluster, pg_url: str, demo_reference, monkeypatch):
    from claimtrace.engines import ray_engine
    from claimtrace.store.postgres import PostgresStore

    armed: dict[str, int] = {}  # set on the first partition after the first holding two or more new documents
    real_commit = ray_engine._Writer.commit
    real_add = PostgresStore.add_document

    def commit(self, partition, result):
        if not armed and partition > 0 and sum(e[0] == "annotated" for e in result.entries) >= 2:
            armed.update(partition=partition, before=len(self.report.ingested), adds=0)
        real_commit(self, partition, result)

    def add_document(self, annotated, prepare=None):
        if armed:
            armed["adds"] += 1
            if armed["adds"] == 2:
                raise OSError("disk full")  # the partition's second document: its first is already written
        return real_add(self, annotated, prepare)

    monkeypatch.setattr(ray_engine._Writer, "commit", commit)
    monkeypatch.setattr(PostgresStore, "add_document", add_document)
    with pytest.raises(OSError, match="disk full"):
        ray_ingest(DEMO_CORPUS, pg_url)
    with Workbench(pg_url, readonly=True) as wb:
        assert wb.counts()["documents"] == armed["before"]  # the partitions before it whole, nothing of it
    monkeypatch.undo()
    report = ray_ingest(DEMO_CORPUS, pg_url)  # the re-run completes the corpus
    assert len(report.duplicates) == armed["before"] and armed["partition"] > 0
    view = corpus_view(pg_url, demo_claims())
    assert_same(view, demo_reference)


def test_partitions_keep_input_order_and_balance_size(tmp_path: Path):
    from claimtrace.engines.ray_engine import plan_partitions

    files = []
    for i, size in enumerate([5000] * 3 + [100] * 30 + [20000]):
        path = tmp_path / f"{i:03d}.txt"
        path.write_text("x" * size)
        files.append(path)
    parts = plan_partitions(files, workers=2, partition_bytes=1 << 20)
    assert [f for part in parts for f in part] == files  # every file once, in order
    assert len(parts) == 8 and all(parts)  # four per worker
    assert parts[-1] == [files[-1]]  # the big file alone, not piled onto a full partition
    assert len(plan_partitions(files, workers=2, partition_bytes=4000)) == 10  # capped by bytes (34 KB / 4 KB)

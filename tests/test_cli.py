"""The CLI as a user runs it: a real subprocess, real files, exit codes, one-line errors.

Tests that use a store run on both backends (``store_url``: a SQLite file or a PostgreSQL URL as ``--db``).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import is_postgres
from pg_server import free_port

CLI = [sys.executable, "-m", "claimtrace.cli"]
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "200"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=ENV, cwd=cwd, timeout=300)


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        paragraphs = "\n\n".join(
            f"Item {i}.{p}: deputies in the Kestranian parliament argued about clause {p * 7 + i} of the draft "
            f"treaty with Valdoria, and minister Tomas Reyvik said the text would be published in full."
            for p in range(4)
        )
        (folder / f"article_{i:03d}.txt").write_text(f"Treaty debate number {i}\n\n{paragraphs}\n", encoding="utf-8")


def query(db: str, sql: str) -> list[tuple]:
    """Rows of a read-only query on either backend, read the way any other client would."""
    if is_postgres(db):
        import psycopg

        with psycopg.connect(db, connect_timeout=5) as conn:
            return [tuple(r) for r in conn.execute(sql).fetchall()]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return [tuple(r) for r in conn.execute(sql).fetchall()]
    finally:
        conn.close()


def doc_count(db: str) -> int:
    """Documents stored so far; 0 before the ingest has created the schema."""
    if not is_postgres(db) and not Path(db).exists():
        return 0
    try:
        return query(db, "SELECT COUNT(*) FROM documents")[0][0]
    except Exception as exc:  # no documents table yet (either backend's error)
        if "documents" in str(exc) or "no such table" in str(exc) or "does not exist" in str(exc):
            return 0
        raise


def test_ingest_docs_show_search_round_trip(tmp_path: Path, store_url: str) -> None:
    write_corpus(tmp_path / "in", 3)
    db = store_url
    first = run("ingest", str(tmp_path / "in"), "--db", db)
    assert first.returncode == 0, first.stderr
    assert "Ingested 3 document(s)" in first.stdout
    again = run("ingest", str(tmp_path / "in"), "--db", db, "--format", "json")
    payload = json.loads(again.stdout)
    assert (payload["ingested"], payload["duplicates"], payload["totals"]["documents"]) == (0, 3, 3)
    listing = json.loads(run("docs", "--db", db, "--format", "json").stdout)
    assert listing["schema"] == "claimtrace.documents" and listing["count"] == 3
    doc_id = listing["documents"][0]["id"]
    shown = run("show", doc_id[:6], "--db", db)
    assert shown.returncode == 0 and "Treaty debate number" in shown.stdout
    hits = json.loads(run("search", "published in full", "--db", db, "-f", "json").stdout)
    assert hits["count"] > 0 and "published in full" in hits["hits"][0]["text"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "zzzz"), "no document with id"),
        (("docs",), {"sqlite": "no database at", "postgres": "has no claimtrace schema"}),
        (("search", "  "), "empty search"),
    ],
    ids=["unknown-id", "no-corpus", "empty-search"],
)
def test_user_errors_are_one_line_without_traceback(
    tmp_path: Path, store_url: str, args: tuple[str, ...], message: str | dict[str, str]
) -> None:
    db = store_url
    if args[0] != "docs":
        from claimtrace.service import Workbench

        write_corpus(tmp_path / "in", 1)
        with Workbench(db) as bench:  # set up in-process: only the failing command needs a subprocess
            assert bench.ingest([str(tmp_path / "in")]).ingested
    result = run(*args, "--db", db)
    assert result.returncode == 2
    if isinstance(message, dict):
        message = message["postgres" if is_postgres(db) else "sqlite"]
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


# SQLite only: a file that is not a SQLite database; the PostgreSQL counterpart is the next test.
def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 50)
    result = run("docs", "--db", str(bogus))
    assert result.returncode == 2 and "not a claimtrace SQLite database" in result.stderr
    assert bogus.read_text().startswith("these are my notes")


def test_unreachable_server_is_a_clear_error_without_the_password() -> None:
    url = f"postgresql://editor:hunter2@127.0.0.1:{free_port()}/newsroom"  # nothing listens there
    result = run("docs", "--db", url)
    assert result.returncode == 2
    assert "cannot connect to postgresql://editor:***@127.0.0.1" in result.stderr
    assert "hunter2" not in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_skips_are_reported_and_exit_non_zero(tmp_path: Path, store_url: str) -> None:
    write_corpus(tmp_path / "in", 1)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    result = run("ingest", str(tmp_path / "in"), str(tmp_path / "missing"), "--db", store_url)
    assert result.returncode == 1
    assert "1 document(s)" in result.stdout and "2 skipped" in result.stdout
    assert "empty.txt: empty file" in result.stderr
    assert "missing: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_ingest(folder: Path, db: str) -> subprocess.Popen[str]:
    # SIGINT as a terminal's foreground job has it. A test runner started in the background without job
    # control (``make test &`` in a script) ignores SIGINT, its children inherit that, and Python then never
    # turns SIGINT into KeyboardInterrupt: the ingest would ignore the Ctrl-C and finish with exit 0.
    return subprocess.Popen(
        [*CLI, "ingest", str(folder), "--db", db],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, preexec_fn=_default_sigint,
    )


def _wait_for_documents(db: str, proc: subprocess.Popen[str], at_least: int) -> None:
    deadline = time.monotonic() + 240
    while doc_count(db) < at_least:
        assert proc.poll() is None, "ingest finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_interrupted_ingest_resumes_with_nothing_lost_or_doubled(tmp_path: Path, store_url: str) -> None:
    total = 60
    write_corpus(tmp_path / "in", total)
    db = store_url

    # Ctrl-C: a clean stop with a message and exit code 130.
    proc = _start_ingest(tmp_path / "in", db)
    _wait_for_documents(db, proc, 3)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert err.strip().splitlines() == [
        "Interrupted: every stored document is complete; run the same command again to continue."
    ]
    after_sigint = doc_count(db)
    assert 3 <= after_sigint < total

    # kill -9: no chance to clean up at all (the SQLite file is left as is; PostgreSQL loses the client mid-transaction).
    proc = _start_ingest(tmp_path / "in", db)
    _wait_for_documents(db, proc, after_sigint + 3)
    proc.kill()
    proc.wait(timeout=60)
    after_kill = doc_count(db)
    assert after_sigint < after_kill < total

    if not is_postgres(db):  # SQLite only: the file itself must still be sound after the kill
        assert query(db, "PRAGMA integrity_check")[0][0] == "ok"
    # Every stored document is complete: each has all of its sentences.
    incomplete = query(
        db, "SELECT COUNT(*) FROM documents d WHERE (SELECT COUNT(*) FROM sentences s WHERE s.doc_id = d.id) < 5"
    )[0][0]
    assert incomplete == 0

    resumed = run("ingest", str(tmp_path / "in"), "--db", db, "--format", "json")
    assert resumed.returncode == 0, resumed.stderr
    payload = json.loads(resumed.stdout)
    assert payload["ingested"] == total - after_kill
    assert payload["duplicates"] == after_kill
    assert query(db, "SELECT COUNT(*) FROM documents")[0][0] == total
    assert query(db, "SELECT COUNT(DISTINCT source) FROM documents")[0][0] == total
    assert query(db, "SELECT COUNT(*) FROM sentences")[0][0] == query(
        db, "SELECT COUNT(*) FROM (SELECT DISTINCT doc_id, idx FROM sentences) AS u")[0][0]
    if is_postgres(db):  # every sentence is searchable: its tsvector is filled in
        assert query(db, "SELECT COUNT(*) FROM sentences WHERE tsv IS NULL")[0][0] == 0
    else:
        assert query(db, "SELECT COUNT(*) FROM sentences_fts")[0][0] == query(db, "SELECT COUNT(*) FROM sentences")[0][0]


def test_psycopg_rollback_warnings_after_an_interrupt_are_not_printed() -> None:
    # Ctrl-C in the middle of a PostgreSQL query: psycopg's rollback on the way out fails ("another command
    # is already in progress") and it logged that to stderr above our one "Interrupted: ..." line (seen once
    # in CI's test_interrupted_ingest_resumes_with_nothing_lost_or_doubled[postgres]).
    import logging

    import claimtrace.store.postgres  # noqa: F401  (installs the filter)

    for name in ("psycopg", "psycopg.transaction"):
        logger = logging.getLogger(name)
        noise = logging.LogRecord(name, logging.WARNING, __file__, 1, "error ignored in rollback of %s: %s",
                                  ("<Transaction>", "sending query failed: another command is already in progress"), None)
        other = logging.LogRecord(name, logging.WARNING, __file__, 1, "connection %s lost", ("x",), None)
        assert not logger.filter(noise) and logger.filter(other)

"""The CLI as a user runs it: a real subprocess, real files, exit codes, one-line errors."""

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


def doc_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def test_ingest_docs_show_search_round_trip(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 3)
    db = tmp_path / "c.db"
    first = run("ingest", str(tmp_path / "in"), "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "Ingested 3 document(s)" in first.stdout
    again = run("ingest", str(tmp_path / "in"), "--db", str(db), "--format", "json")
    payload = json.loads(again.stdout)
    assert (payload["ingested"], payload["duplicates"], payload["totals"]["documents"]) == (0, 3, 3)
    listing = json.loads(run("docs", "--db", str(db), "--format", "json").stdout)
    assert listing["schema"] == "claimtrace.documents" and listing["count"] == 3
    doc_id = listing["documents"][0]["id"]
    shown = run("show", doc_id[:6], "--db", str(db))
    assert shown.returncode == 0 and "Treaty debate number" in shown.stdout
    hits = json.loads(run("search", "published in full", "--db", str(db), "-f", "json").stdout)
    assert hits["count"] > 0 and "published in full" in hits["hits"][0]["text"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "zzzz"), "no document with id"),
        (("docs",), "no database at"),
        (("search", "  "), "empty search"),
    ],
)
def test_user_errors_are_one_line_without_traceback(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    db = tmp_path / "c.db"
    if args[0] != "docs":
        write_corpus(tmp_path / "in", 1)
        assert run("ingest", str(tmp_path / "in"), "--db", str(db)).returncode == 0
    result = run(*args, "--db", str(db))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 50)
    result = run("docs", "--db", str(bogus))
    assert result.returncode == 2 and "not a claimtrace SQLite database" in result.stderr
    assert bogus.read_text().startswith("these are my notes")


def test_skips_are_reported_and_exit_non_zero(tmp_path: Path) -> None:
    write_corpus(tmp_path / "in", 1)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    result = run("ingest", str(tmp_path / "in"), str(tmp_path / "missing"), "--db", str(tmp_path / "c.db"))
    assert result.returncode == 1
    assert "1 document(s)" in result.stdout and "2 skipped" in result.stdout
    assert "empty.txt: empty file" in result.stderr
    assert "missing: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def _start_ingest(folder: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, "ingest", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
    )


def _wait_for_documents(db: Path, proc: subprocess.Popen[str], at_least: int) -> None:
    deadline = time.monotonic() + 240
    while doc_count(db) < at_least:
        assert proc.poll() is None, "ingest finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_interrupted_ingest_resumes_with_nothing_lost_or_doubled(tmp_path: Path) -> None:
    total = 60
    write_corpus(tmp_path / "in", total)
    db = tmp_path / "c.db"

    # Ctrl-C: a clean stop with a message and exit code 130.
    proc = _start_ingest(tmp_path / "in", db)
    _wait_for_documents(db, proc, 3)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "run the same command again to continue" in err
    after_sigint = doc_count(db)
    assert 3 <= after_sigint < total

    # kill -9: no chance to clean up at all.
    proc = _start_ingest(tmp_path / "in", db)
    _wait_for_documents(db, proc, after_sigint + 3)
    proc.kill()
    proc.wait(timeout=60)
    after_kill = doc_count(db)
    assert after_sigint < after_kill < total

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Every stored document is complete: each has all of its sentences.
    incomplete = conn.execute(
        "SELECT COUNT(*) FROM documents d WHERE (SELECT COUNT(*) FROM sentences s WHERE s.doc_id = d.id) < 5"
    ).fetchone()[0]
    assert incomplete == 0
    conn.close()

    resumed = run("ingest", str(tmp_path / "in"), "--db", str(db), "--format", "json")
    assert resumed.returncode == 0, resumed.stderr
    payload = json.loads(resumed.stdout)
    assert payload["ingested"] == total - after_kill
    assert payload["duplicates"] == after_kill
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == total
    assert conn.execute("SELECT COUNT(DISTINCT source) FROM documents").fetchone()[0] == total
    assert conn.execute("SELECT COUNT(*) FROM sentences").fetchone()[0] == conn.execute(
        "SELECT COUNT(*) FROM (SELECT DISTINCT doc_id, idx FROM sentences)").fetchone()[0]
    assert conn.execute("SELECT COUNT(*) FROM sentences_fts").fetchone()[0] == conn.execute(
        "SELECT COUNT(*) FROM sentences").fetchone()[0]

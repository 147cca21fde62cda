"""Seeded fuzz: folder ingests mixing hostile and good files, on SQLite and PostgreSQL.

Every input must end stored or reported (file and reason); no input may break
the batch or be caught only by the ingest's safety net (an "internal error");
no good file may be lost; no file may take 10 s of CPU; the stored corpus must be
consistent. bench/fuzz.py runs the same generator on a larger campaign.
"""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

import pytest
from conftest import BACKENDS, new_store_url
from fuzz_corpus import FUZZ_MAX_DOC_CHARS, RUN_WORD, build, unlock, warm_up

from claimtrace.clean.normalise import scrub
from claimtrace.pipeline import IngestOptions
from claimtrace.service import Workbench

FILES_PER_BACKEND = 260  # 520 generated inputs in all, plus the special entries of each run
SEEDS = {"sqlite": 16, "postgres": 61}
MARKER = re.compile(r"Fuzzmark\d+x\w+")


@pytest.mark.parametrize("backend", BACKENDS)
def test_fuzzed_folder_ingest(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = new_store_url(request, backend, tmp_path)
    corpus = build(tmp_path / "in", FILES_PER_BACKEND, SEEDS[backend])
    gaps: list[tuple[float, str]] = []
    last = [time.process_time()]  # CPU time: other jobs on a shared CI machine must not fail the test

    def on_progress(source: str, status: str, detail: str) -> None:
        now = time.process_time()
        gaps.append((now - last[0], source))
        last[0] = now

    try:
        with Workbench(url) as bench:
            warm_up(bench, tmp_path / "warm")
            last[0] = time.process_time()
            # batch_size 1: the time between two progress events is one document's
            options = IngestOptions(max_doc_chars=FUZZ_MAX_DOC_CHARS, batch_size=1)
            report = bench.ingest([str(corpus.folder)], options, on_progress)
            docs = bench.documents()
            details = [bench.document(d.id) for d in docs]
            run_hits = bench.search(RUN_WORD)
    finally:
        unlock(corpus.folder)

    internal = [s for s in report.skipped if s.reason.startswith("failed while")]
    assert internal == [], f"{len(internal)} input(s) reached the safety net: {internal[:3]}"
    slowest = max(gaps)
    assert slowest[0] < 10, f"{slowest[1]} took {slowest[0]:.1f} s of CPU"

    stored_markers = {m for d in details for m in MARKER.findall(f"{d.document.title} {d.text}")}
    stored_sources = {d.source for d in docs}
    details = [d for d in details if "Warmup" not in (d.document.title or "")]
    root = str(corpus.folder) + "/"
    for skip in report.skipped:
        assert skip.source.startswith(root) and len(skip.reason) > 10, skip
    for expected in corpus.expected:
        path = scrub(root + expected.name)
        mine = [s for s in report.skipped if s.source == path or s.source.startswith(path + "#")]
        stored = any(s == path or s.startswith(path + "#") for s in stored_sources)
        if expected.outcome == "good":
            assert expected.marker in stored_markers, f"good file lost: {expected.name} {mine}"
        elif expected.outcome == "skip":
            assert mine, f"{expected.name} was neither reported nor expected to be stored"
            assert all(word in mine[0].reason for word in expected.reason), (expected, mine[0].reason)
        else:
            assert stored or mine or path in report.duplicates, f"{expected.name} vanished without a word"

    for detail in details:  # offsets, text and metadata survived both backends whole
        assert all(detail.text[s.start : s.end] == s.text for s in detail.sentences)
        for value in (detail.text, detail.document.title or "", detail.document.author or "", detail.document.url or ""):
            assert "\x00" not in value and scrub(value) == value
        published = detail.document.published
        assert published is None or 1000 <= int(published[:4]) <= 2100
    assert run_hits == [], "a run without sentence structure was used as evidence"
    if backend == "sqlite":
        conn = sqlite3.connect(url)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")
        conn.close()

"""Concurrent and resumed ingests on one corpus (SQLite file and PostgreSQL database).

Four ``claimtrace ingest`` processes over the same files, each in another
order: every one exits 0 or 1, and documents and speakers equal one clean
ingest (each document stored once, each speaker created once). A resumed
ingest gives the same speakers as a clean one. bench/concurrent_ingest.py
repeats the four-way run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from concurrency_corpus import concurrent_ingests, speaker_table, write_corpus
from conftest import BACKENDS, new_store_url

from claimtrace.pipeline import IngestOptions
from claimtrace.service import Workbench

OPTIONS = IngestOptions(stages=("quotes", "time"))


def clean_ingest(url: str, paths: list[Path]) -> tuple[set[str], list[tuple[str, str, int]]]:
    with Workbench(url) as bench:
        bench.ingest([str(p) for p in paths], OPTIONS)
        return {d.id for d in bench.documents()}, speaker_table(bench)


@pytest.mark.parametrize("backend", BACKENDS)
def test_four_concurrent_ingests_store_each_document_and_speaker_once(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    paths = write_corpus(tmp_path / "in")
    clean_docs, clean_speakers = clean_ingest(new_store_url(request, backend, tmp_path, "clean.db"), paths)
    assert len(clean_docs) == len(paths)
    assert any(name.startswith("Ana Brel") for _, name, _ in clean_speakers)
    assert not any(sid == "brel" for sid, _, _ in clean_speakers)  # "Brel said" joined Ana Brel

    url = new_store_url(request, backend, tmp_path, "shared.db")
    results = concurrent_ingests(url, paths, processes=4)
    assert all(code in (0, 1) for code, _ in results), results
    assert not any("internal error" in err for _, err in results), results
    with Workbench(url) as bench:
        assert {d.id for d in bench.documents()} == clean_docs
        assert bench.counts()["documents"] == len(paths)
        assert speaker_table(bench) == clean_speakers


def test_resumed_ingest_gives_the_speakers_of_a_clean_one(store_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    paths = write_corpus(tmp_path / "in")
    backend = "postgres" if store_url.startswith("postgres") else "sqlite"
    _docs, clean_speakers = clean_ingest(new_store_url(request, backend, tmp_path, "clean.db"), paths)
    with Workbench(store_url) as bench:  # stopped after a third, then run again over everything
        bench.ingest([str(p) for p in paths[: len(paths) // 3]], OPTIONS)
    with Workbench(store_url) as bench:
        report = bench.ingest([str(p) for p in paths], OPTIONS)
        assert len(report.duplicates) == len(paths) // 3
        assert speaker_table(bench) == clean_speakers

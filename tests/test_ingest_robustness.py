"""Ingest against hostile inputs and a hostile environment: one line per problem, the batch goes on.

Readers (no spaCy): JSON nesting and field types, U+2028 in JSONL, UTF-16
without BOM, blank and header-only inputs, symbolic link loops, FIFOs.
Pipeline: a document that breaks spaCy costs only itself, even inside a batch.
SQLite environment: disk full, a lock held too long, a read-only corpus, and
``--db`` paths with ``?``, ``#`` and ``%``.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from claimtrace.clean.metadata import given_date
from claimtrace.clean.normalise import plausible_iso_date, scrub
from claimtrace.errors import UserError
from claimtrace.ingest.readers import read_inputs
from claimtrace.nlp.pipeline import load_nlp
from claimtrace.pipeline import IngestOptions
from claimtrace.records import RawDocument, Skip
from claimtrace.service import Workbench

REPO = Path(__file__).resolve().parent.parent
BARE = IngestOptions(stages=())  # spaCy only: these tests are about reading and storing
TEXT = "Valdoria report {n}\n\nThe Valdorian ministry said on Monday that talks with Kestrania would resume.\n"


def items(path: Path) -> list[RawDocument | Skip]:
    return list(read_inputs([str(path)]))


def reasons(found: list[RawDocument | Skip]) -> list[str]:
    return [i.reason for i in found if isinstance(i, Skip)]


def test_json_nesting_and_field_types_are_named(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 50_000 + "]" * 50_000)
    (tmp_path / "types.jsonl").write_text(
        "\n".join(json.dumps(r) for r in [
            {"text": ["not", "text"]},
            {"text": "Body one.", "author": {"first": "Ana"}},
            {"text": "Body two.", "author": [{"name": "Ana Brel"}, {"name": "Ivo Marek"}], "date": 20240301},
            7,
        ])
    )
    assert reasons(items(tmp_path / "deep.json")) == [
        "JSON nested too deeply (hundreds of levels); an article export needs only a list of objects"
    ]
    found = items(tmp_path / "types.jsonl")
    assert reasons(found) == [
        "field 'text' must be text, not a list; fix the export",
        "field 'author' must be text, not an object; fix the export",
        "record is a number, not a JSON object with a text field; fix the export",
    ]
    good = [i for i in found if isinstance(i, RawDocument)]
    assert [g.given for g in good] == [{"author": "Ana Brel, Ivo Marek", "date": "20240301"}]


def test_line_separator_inside_a_jsonl_record_is_text(tmp_path: Path) -> None:
    record = json.dumps({"text": "First line.\u2028Second line."}, ensure_ascii=False)
    (tmp_path / "a.jsonl").write_text(record + "\n" + record.replace("First", "Other") + "\n", encoding="utf-8")
    found = items(tmp_path / "a.jsonl")
    assert [i.text for i in found] == ["First line.\u2028Second line.", "Other line.\u2028Second line."]


def test_utf16_without_bom_is_text_and_blank_inputs_are_reported(tmp_path: Path) -> None:
    (tmp_path / "u16.txt").write_bytes("Kestrania weighs the treaty, \u201cslowly\u201d.\n".encode("utf-16-le"))
    (tmp_path / "blank.jsonl").write_bytes(b" \n\n")
    (tmp_path / "one.jsonl").write_bytes(b"\n")
    (tmp_path / "header.csv").write_bytes(b"title,text\n")
    (tmp_path / "list.json").write_bytes(b"[]")
    found = {Path(i.source).name: i for i in items(tmp_path)}
    from claimtrace.clean.repair import decode_bytes

    assert decode_bytes(found["u16.txt"].data) == ("Kestrania weighs the treaty, \u201cslowly\u201d.\n", "utf-16-le")
    assert "no JSON records" in found["blank.jsonl"].reason and "no JSON records" in found["one.jsonl"].reason
    assert found["header.csv"].reason == "CSV has a header but no rows"
    assert found["list.json"].reason == "empty JSON list: no records to ingest"


def test_link_loops_fifos_and_broken_links_are_named(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("text", encoding="utf-8")
    os.symlink("..", tmp_path / "sub" / "up")
    os.symlink("self", tmp_path / "self")
    os.symlink("missing.txt", tmp_path / "broken.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    found = {i.source.removeprefix(str(tmp_path) + "/"): i for i in items(tmp_path)}
    assert isinstance(found["sub/a.txt"], RawDocument)
    assert "symbolic link loop" in found["self"].reason
    assert "symbolic link loop" in found["sub/up"].reason
    assert "broken symbolic link" in found["broken.txt"].reason
    assert "not a regular file" in found["pipe.txt"].reason


def test_impossible_dates_are_rejected_as_dates() -> None:
    assert [plausible_iso_date(v) for v in ("2024-02-29", "2023-13", "0000", "9999", "0001-01-01")] == [
        True, False, False, False, False]
    assert given_date("2024-03").value == "2024-03"
    for bad in ("2023-13", "0000", "9999-12-31", "0001-01-01"):
        assert given_date(bad).value is None and "impossible" in given_date(bad).evidence
    assert scrub("a\x00b\ud800") == "ab\ufffd"


@Language.component("explode_on_marker")
def _explode(doc):  # type: ignore[no-untyped-def]
    if "EXPLODE" in doc.text:
        raise ValueError("spaCy fell over")
    return doc


def test_a_document_that_breaks_spacy_costs_only_itself(tmp_path: Path, workbench: Workbench) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(10):
        (inputs / f"{n:02d}.txt").write_text(TEXT.format(n=n) + ("EXPLODE\n" if n == 3 else ""), encoding="utf-8")
    nlp = load_nlp()
    nlp.add_pipe("explode_on_marker", last=True)
    try:
        report = workbench.ingest([str(inputs)], IngestOptions(stages=(), batch_size=8))
    finally:
        nlp.remove_pipe("explode_on_marker")
    assert len(report.ingested) == 9  # the batch that held 03.txt was parsed again, one by one
    assert [Path(s.source).name for s in report.skipped] == ["03.txt"]
    assert "failed while parsing" in report.skipped[0].reason and "spaCy fell over" in report.skipped[0].reason


@Language.component("interrupt_on_marker")
def _interrupt(doc):  # type: ignore[no-untyped-def]
    if "INTERRUPT" in doc.text:
        raise KeyboardInterrupt
    return doc


@pytest.mark.parametrize("where", ["reading", "parsing", "storing"])
def test_ctrl_c_anywhere_stops_the_batch_and_is_not_a_skip(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The per-document safety nets catch Exception: Ctrl-C (KeyboardInterrupt) on document 03 passes them,
    stops the batch with what was stored before it complete, and a re-run stores the rest."""
    import claimtrace.pipeline as pipeline

    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(8):
        (inputs / f"{n:02d}.txt").write_text(TEXT.format(n=n) + ("INTERRUPT\n" if n == 3 else ""), encoding="utf-8")
    with Workbench(db_path) as bench:
        if where == "reading":
            clean = pipeline.clean_document

            def clean_or_stop(item, *args):  # type: ignore[no-untyped-def]
                if item.source.endswith("03.txt"):
                    raise KeyboardInterrupt
                return clean(item, *args)

            monkeypatch.setattr(pipeline, "clean_document", clean_or_stop)
        elif where == "parsing":
            load_nlp().add_pipe("interrupt_on_marker", last=True)
        else:  # inside the document's write transaction (the net around stages and storing): nothing of it may stay
            add = bench.store.add_document

            def add_or_stop(annotated, prepare=None):  # type: ignore[no-untyped-def]
                def stop() -> None:
                    raise KeyboardInterrupt

                return add(annotated, stop if "INTERRUPT" in annotated.document.text else prepare)

            monkeypatch.setattr(bench.store, "add_document", add_or_stop)
        try:
            report = bench.ingest([str(inputs)], IngestOptions(stages=(), batch_size=1))
        finally:
            if "interrupt_on_marker" in load_nlp().pipe_names:
                load_nlp().remove_pipe("interrupt_on_marker")
        assert report.interrupted and not report.skipped
        assert sorted(Path(bench.document(i).document.source).name for i in report.ingested) == ["00.txt", "01.txt", "02.txt"]
        assert bench.counts()["documents"] == 3
    monkeypatch.undo()
    with Workbench(db_path) as bench:
        resumed = bench.ingest([str(inputs)], BARE)
        assert not resumed.interrupted and not resumed.skipped
        assert (len(resumed.ingested), len(resumed.duplicates)) == (5, 3)
        assert bench.counts()["documents"] == 8


def _article(tmp_path: Path, n: int = 1, repeat: int = 1) -> str:
    path = tmp_path / f"article{n}.txt"
    path.write_text(TEXT.format(n=n) * repeat, encoding="utf-8")
    return str(path)


def test_full_disk_locked_and_read_only_corpus_are_named(tmp_path: Path, db_path: Path) -> None:
    with Workbench(db_path) as bench:
        bench.store.conn.execute("PRAGMA busy_timeout = 200")
        holder = sqlite3.connect(db_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(UserError, match="another process has held its write lock"):
            bench.ingest([_article(tmp_path, 1)], BARE)
        holder.execute("ROLLBACK")
        holder.close()

        pages = bench.store.conn.execute("PRAGMA page_count").fetchone()[0]
        bench.store.conn.execute(f"PRAGMA max_page_count = {pages + 1}")
        with pytest.raises(UserError, match="the disk is full; free some space and run the same command again"):
            bench.ingest([_article(tmp_path, 2, repeat=200)], BARE)
        bench.store.conn.execute("PRAGMA max_page_count = 1073741823")

        bench.store.conn.execute("PRAGMA query_only = 1")
        with pytest.raises(UserError, match="read-only"):
            bench.ingest([_article(tmp_path, 3)], BARE)
        bench.store.conn.execute("PRAGMA query_only = 0")
        assert bench.ingest([_article(tmp_path, 4)], BARE).ingested  # nothing half-written blocks the next run
        assert bench.counts()["documents"] == 1


def test_read_only_corpus_with_odd_characters_in_its_path_is_readable(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "c?x#y%z.db"
    with Workbench(db) as bench:
        bench.ingest([_article(tmp_path, 1)], BARE)
    script = (
        "import sys\nfrom claimtrace.service import Workbench\n"
        "with Workbench(sys.argv[1], readonly=True) as bench:\n    print(len(bench.documents()))\n"
    )
    if os.geteuid() == 0:  # root writes anywhere: read as an unprivileged user from a folder it cannot write
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv")
        shared = Path("/tmp") / f"claimtrace-ro-{os.getpid()}"
        shutil.rmtree(shared, ignore_errors=True)
        shutil.copytree(folder, shared)
        shared.chmod(0o755)
        command = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", sys.executable, "-c", script,
                   str(shared / db.name)]
    else:
        shared = folder
        folder.chmod(0o555)
        command = [sys.executable, "-c", script, str(db)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)
    finally:
        shared.chmod(0o755)
        if shared != folder:
            shutil.rmtree(shared, ignore_errors=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    assert not (shared / (db.name + "-shm")).exists()


def test_cli_prints_each_skip_once_with_markup_in_paths(tmp_path: Path) -> None:
    inputs = tmp_path / "in [" / "x] [bold]"  # the path holds "[/x]", which Rich would read as a closing tag
    inputs.mkdir(parents=True)
    (inputs / "good [red].txt").write_text(TEXT.format(n=1), encoding="utf-8")
    (inputs / "bad [i].json").write_text("[" * 5000 + "]" * 5000)
    (inputs / "empty [b].jsonl").write_text("  \n")
    db = tmp_path / "c#1?.db"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "claimtrace.cli", "ingest", str(inputs), "--db", str(db), "--stages", ""],
        capture_output=True, text=True, timeout=300, env=env, cwd=REPO,
    )
    assert done.returncode == 1, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("skipped")]
    assert len(lines) == 2 and "internal error" not in done.stderr
    assert any("[/x] [bold]/bad [i].json: JSON nested too deeply" in ln for ln in lines)
    assert "Ingested 1 document(s)" in done.stdout
    shown = subprocess.run([sys.executable, "-m", "claimtrace.cli", "docs", "--db", str(db)],
                           capture_output=True, text=True, timeout=300, env=env, cwd=REPO)
    assert shown.returncode == 0 and "1 document(s)" in shown.stdout, shown.stderr


def test_claims_in_other_scripts_or_with_undecodable_bytes_get_a_clear_message(store_url: str) -> None:
    with Workbench(store_url) as bench:
        with pytest.raises(UserError, match="written in English .* no Latin letters"):
            bench.check("Валдория и Кестрания подписали пакт")
        with pytest.raises(UserError, match="not UTF-8 text \\(at character 9\\)"):
            bench.check("Valdoria\udcff signed a pact")  # how argv hands over an invalid byte
        with pytest.raises(UserError, match="too short"):
            bench.check("ok?!")
        with pytest.raises(UserError, match="is empty; ingest articles first"):
            bench.check("Valdoria and Kestrania signed a pact")  # a valid claim gets as far as the corpus

"""Ingest end to end into a real store, SQLite and PostgreSQL (``workbench`` runs each test on both).

Formats, dedup, bad input, search. Resume after an interrupted ingest is in test_cli.py.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from claimtrace.pipeline import IngestOptions
from claimtrace.service import Workbench

ARTICLE = (
    "{title}\n\nBy Anna Petrov | 2024-0{month}-1{day}\n\n"
    "The Valdorian defence ministry said on Monday that no secret pact with Kestrania exists. "
    "\u201cThere is no such agreement,\u201d spokeswoman Lena Vossberg told reporters in Marrow. "
    "Analysts at the Halden Institute were not convinced by the denial.\n"
)


def article(i: int) -> str:
    return ARTICLE.format(title=f"Valdoria denies pact, report {i}", month=1 + i % 9, day=i % 9)


def write_formats(folder: Path) -> None:
    folder.mkdir()
    (folder / "a.txt").write_text(article(1), encoding="utf-8")
    (folder / "b.md").write_text("# Markdown report\n\n" + article(2), encoding="utf-8")
    (folder / "c.html").write_text(
        "<html><head><title>Kestrania weighs treaty</title><meta name='author' content='Tomas Hale'>"
        "<meta property='article:published_time' content='2024-05-06'>"
        "<meta property='og:site_name' content='Marrow Gazette'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Kestrania weighs treaty</h1>"
        + "".join(f"<p>Paragraph {i}: the Kestranian parliament debated the draft defence treaty at length, "
                  f"with deputies from three parties raising objections about its secret annex.</p>" for i in range(4))
        + "</article><footer>Copyright Marrow Gazette. Back to Top</footer></body></html>",
        encoding="utf-8",
    )
    (folder / "d.json").write_text(json.dumps({"title": "JSON one", "body": article(4), "published": "2024-03-02", "source": "VBN"}))
    (folder / "e.json").write_text(json.dumps([{"content": article(5)}, {"text": article(6), "author": "Ana Brel"}]))
    (folder / "f.jsonl").write_text(json.dumps({"text": article(7), "outlet": "CPA"}) + "\n" + json.dumps({"text": article(8)}) + "\n")
    with (folder / "g.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["title", "text", "date", "outlet", "url"])
        writer.writeheader()
        writer.writerow({"title": "CSV one", "text": article(9) + "\nSecond paragraph, quoted, with a comma.", "date": "2024-07-08", "outlet": "Northgate Review", "url": "https://example.org/csv1"})
        writer.writerow({"title": "CSV two", "text": article(10), "date": "", "outlet": "", "url": ""})


def test_every_format_is_ingested_with_metadata(tmp_path: Path, workbench: Workbench) -> None:
    write_formats(tmp_path / "in")
    report = workbench.ingest([str(tmp_path / "in")])
    assert report.skipped == []
    assert len(report.ingested) == 10
    docs = {d.title: d for d in workbench.documents()}
    html = docs["Kestrania weighs treaty"]
    assert (html.format, html.author, html.outlet, html.published, html.published_source) == (
        "html", "Tomas Hale", "Marrow Gazette", "2024-05-06", "stated")
    assert docs["JSON one"].outlet == "VBN" and docs["JSON one"].published == "2024-03-02"
    assert docs["CSV one"].url == "https://example.org/csv1"
    assert {d.format for d in docs.values()} == {"txt", "md", "html", "json", "jsonl", "csv"}
    detail = workbench.document(html.id)
    assert "Home" not in detail.text.split("\n")[0]
    assert all(detail.text[s.start:s.end] == s.text for s in detail.sentences)


def test_sentences_have_offsets_and_entities(tmp_path: Path, workbench: Workbench) -> None:
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    workbench.ingest([str(tmp_path / "a.txt")])
    detail = workbench.document(workbench.documents()[0].id)
    assert len(detail.sentences) >= 4
    for s in detail.sentences:
        assert detail.text[s.start:s.end] == s.text
        for e in s.entities:
            assert detail.text[e["start"]:e["end"]] == e["text"]
    labels = {(e["text"], e["label"]) for s in detail.sentences for e in s.entities}
    assert ("Lena Vossberg", "PERSON") in labels


def test_reingesting_adds_nothing(tmp_path: Path, workbench: Workbench) -> None:
    write_formats(tmp_path / "in")
    first = workbench.ingest([str(tmp_path / "in")])
    second = workbench.ingest([str(tmp_path / "in")])
    assert len(first.ingested) == 10
    assert second.ingested == [] and len(second.duplicates) == 10
    assert workbench.counts()["documents"] == 10


def test_same_text_with_other_whitespace_is_a_duplicate(tmp_path: Path, workbench: Workbench) -> None:
    (tmp_path / "one.txt").write_text(article(3), encoding="utf-8")
    (tmp_path / "two.txt").write_text(article(3).replace(". ", ".  ").replace("\n", "\r\n"), encoding="utf-8")
    report = workbench.ingest([str(tmp_path / "one.txt"), str(tmp_path / "two.txt")])
    assert len(report.ingested) == 1 and len(report.duplicates) == 1


def test_escape_repair_happens_before_nlp(tmp_path: Path, workbench: Workbench) -> None:
    text = article(2).replace("\u201c", "xe2x80x9c").replace("\u201d", "xe2x80x9d") + "Kestraniaxe2x80x99s navy sailed.xc2xa0\n"
    (tmp_path / "m.txt").write_text(text, encoding="ascii")
    workbench.ingest([str(tmp_path / "m.txt")])
    detail = workbench.document(workbench.documents()[0].id)
    assert "xe2x80" not in detail.text and "xc2xa0" not in detail.text
    assert "Kestrania\u2019s" in detail.text
    assert not any("xe2" in e["text"] for s in detail.sentences for e in s.entities)


BAD_CASES = {
    "empty.txt": (b"", "empty"),
    "binary.txt": (b"\x00\x01\x02\xff" * 64, "binary"),
    "image.png": (b"\x89PNG\r\n\x1a\n", "unsupported file type"),
    "notext.json": (json.dumps({"title": "no body"}).encode(), "no text"),
    "broken.json": (b'{"text": "unterminated', "invalid JSON"),
}


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_each_bad_input_is_skipped_with_a_reason(tmp_path: Path, workbench: Workbench, name: str) -> None:
    data, reason = BAD_CASES[name]
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / name).write_bytes(data)
    (inputs / "good.txt").write_text(article(1), encoding="utf-8")
    report = workbench.ingest([str(inputs)])
    assert len(report.ingested) == 1
    assert len(report.skipped) == 1
    assert name in report.skipped[0].source and reason in report.skipped[0].reason


def test_malformed_jsonl_line_and_csv_row_skip_only_that_record(tmp_path: Path, workbench: Workbench) -> None:
    (tmp_path / "x.jsonl").write_text(json.dumps({"text": article(1)}) + "\n{not json\n" + json.dumps({"text": article(2)}) + "\n")
    (tmp_path / "y.csv").write_text('title,text\nEmpty one,\n"Good one","' + article(3) + '"\n', encoding="utf-8")
    report = workbench.ingest([str(tmp_path / "x.jsonl"), str(tmp_path / "y.csv")])
    assert len(report.ingested) == 3
    reasons = {s.source.split("/")[-1]: s.reason for s in report.skipped}
    assert "invalid JSON on line 2" in reasons["x.jsonl#line=2"]
    assert "no text" in reasons["y.csv#row=2"]


def test_missing_path_and_oversized_file(tmp_path: Path, workbench: Workbench) -> None:
    big = tmp_path / "big.txt"
    big.write_text(article(1) * 400, encoding="utf-8")
    options = IngestOptions(max_file_bytes=10_000)
    report = workbench.ingest([str(tmp_path / "nowhere"), str(big)], options)
    reasons = [s.reason for s in report.skipped]
    assert any("no such file" in r for r in reasons)
    assert any("over the" in r and "limit" in r for r in reasons)
    assert report.ingested == []


# SQLite only: this is about the SQLite file itself (its FTS5 table, PRAGMA integrity_check, readable by any
# SQLite tool); PostgreSQL's schema and full-text search are covered in test_store_backends.py.
def test_database_is_plain_sqlite_with_fts_and_migrations(tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    with Workbench(db_path) as bench:
        bench.ingest([str(tmp_path / "a.txt")])
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] >= 1
    assert conn.execute("SELECT COUNT(*) FROM sentences_fts WHERE sentences_fts MATCH 'denial'").fetchone()[0] == 1
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_search_finds_stemmed_words_and_ignores_fts_syntax(tmp_path: Path, workbench: Workbench) -> None:
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    workbench.ingest([str(tmp_path / "a.txt")])
    hits = workbench.search("secret agreements exist")
    assert hits and "no secret pact with Kestrania exists" in hits[0].sentence.text
    assert hits[0].document.title.startswith("Valdoria denies pact")
    assert hits[0].context_after.startswith("\u201cThere is no such agreement")
    # FTS operators in user input are searched as words, never parsed as syntax.
    assert workbench.search('NEAR( " OR * -') == []
    assert workbench.search('"unbalanced AND ( Marrow')[0].sentence.text.endswith("told reporters in Marrow.")

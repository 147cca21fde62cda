"""The written ingest fixtures (tests/fixtures/ingest, see its README) through the real clean stage and store."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrace.clean import clean_document
from claimtrace.ingest.readers import read_file
from claimtrace.records import RawDocument, Skip
from claimtrace.service import Workbench

from conftest import FIXTURES

INGEST = FIXTURES / "ingest"


def cleaned(path: Path):
    items = list(read_file(path))
    assert len(items) == 1 and isinstance(items[0], RawDocument), items
    return clean_document(items[0])


def test_formats_folder_gives_ten_documents_with_their_fields(workbench: Workbench) -> None:
    names = ["a.txt", "b.md", "c.html", "d.json", "e.json", "f.jsonl", "g.csv"]
    report = workbench.ingest([str(INGEST / "formats" / n) for n in names])
    assert report.skipped == [] and len(report.ingested) == 10
    docs = workbench.documents()
    by_format: dict[str, list] = {}
    for d in docs:
        by_format.setdefault(d.format, []).append(d)
    assert {k: len(v) for k, v in by_format.items()} == {"txt": 1, "md": 1, "html": 1, "json": 3, "jsonl": 2, "csv": 2}
    assert all(d.published_source == "stated" for d in docs), [(d.source, d.published_source) for d in docs]
    html = by_format["html"][0]
    assert (html.published, html.outlet, html.author) == ("2023-09-18", "Northgate Review", "Piet Oosterhuis")
    md = by_format["md"][0]
    assert (md.author, md.outlet, md.published) == ("Minna Sarro", "Kestran Daily Wire", "2023-05-02")
    assert sorted(d.published for d in by_format["jsonl"]) == ["2023-04-23", "2023-09-04"]
    assert any(d.author == "Jonas Feld, Ilya Semyr" for d in by_format["json"])


def test_escapes_fixture_is_repaired_exactly() -> None:
    doc = cleaned(INGEST / "repair" / "escapes.txt")
    for expected in [
        "Kestrania\u2019s interior ministry",
        "on Monday \u2014 the first",
        "\u201cWe want the rules to be boring,\u201d",
        "the ministry\u2019s spokesman, R\u00e9mi Aalto.",
        "on 1\u00a0July",
        "Kestrania\u2019s opposition said the draft \u201cchanges nothing\u201d.",
    ]:
        assert expected in doc.text
    for untouched in ["xenon", "0xc3", "xe2 unit", "x80"]:
        assert untouched in doc.text
    assert any("decoded 10 written-out" in r for r in doc.repairs), doc.repairs


def test_cp1252_fixture_is_decoded_as_western_european() -> None:
    doc = cleaned(INGEST / "repair" / "cp1252.txt")
    for expected in ["Valdorian caf\u00e9 owners protest new rules", "at ten o\u2019clock.",
                     "\u201cA caf\u00e9 without a terrace is just a kitchen,\u201d said Ren\u00e9e Lef\u00e8vre",
                     "reviewed \u00e0 la rentr\u00e9e"]:
        assert expected in doc.text
    assert "\u0155" not in doc.text  # cp1250 would give ŕ for à


def test_mojibake_fixture_is_fixed_by_ftfy() -> None:
    doc = cleaned(INGEST / "repair" / "mojibake.txt")
    for expected in ["Kestrania\u2019s minister visits Halvik", "Kestrania\u2019s trade minister",
                     "\u201cWe don\u2019t expect miracles,\u201d she said.", "Valdoria\u2019s caf\u00e9 owners"]:
        assert expected in doc.text


def test_cjk_and_russian_pass_unchanged() -> None:
    path = INGEST / "repair" / "cjk_ru.txt"
    doc = cleaned(path)
    assert doc.text == path.read_text(encoding="utf-8").strip()


def test_boilerplate_fixture_drops_furniture_and_keeps_prose() -> None:
    doc = cleaned(INGEST / "boilerplate" / "article.txt")
    lines = {ln.strip() for ln in doc.text.split("\n")}
    for furniture in ["Language : English 简体 繁體 Русский", "Listen to this article", "Marta Kell shared this story",
                      "Advertisement", "Watch more on VBN Plus", "Share this article", "Sign up for our newsletter",
                      "You might also like", "Back to Top"]:
        assert furniture not in lines
    assert "does not necessarily" not in doc.text
    for prose in ["Share prices of the two largest hauliers", "Advertisement spending by the transport ministry",
                  "Viewers can watch the full Assembly debate", "Back to school also means back to the border",
                  "Language was a sticking point in the talks", "\u201cWe share a river, a market and now a rulebook,\u201d"]:
        assert prose in doc.text
    assert doc.title == "Border towns count the cost of the new crossing rules"
    assert (doc.author, doc.outlet, doc.published.value, doc.published.source) == (
        "Anna Petrov", "Valdorian Broadcasting (VBN)", "2023-09-14", "stated")


@pytest.mark.parametrize(
    ("name", "ingested", "skipped", "reason"),
    [
        ("empty.txt", 0, 1, "empty file"),
        ("binary.txt", 0, 1, "binary"),
        ("broken.jsonl", 2, 1, "invalid JSON on line 2"),
        ("norows.csv", 1, 1, "no text"),
        ("notext.json", 0, 1, "no text"),
        ("image.png", 0, 1, "unsupported file type '.png'"),
    ],
)
def test_bad_fixtures(workbench: Workbench, name: str, ingested: int, skipped: int, reason: str) -> None:
    report = workbench.ingest([str(INGEST / "bad" / name)])
    assert len(report.ingested) == ingested
    assert len(report.skipped) == skipped
    assert reason in report.skipped[0].reason
    assert all(isinstance(s, Skip) and name in s.source for s in report.skipped)

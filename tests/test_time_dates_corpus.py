"""The dates corpus (tests/fixtures/dates, see its README): statement dates and publication estimates
through the real ingest into a SQLite file."""

from __future__ import annotations

import pytest

from claimtrace.service import Workbench

from conftest import FIXTURES

DATES = FIXTURES / "dates"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("dates") / "corpus.db"
    with Workbench(str(path)) as bench:
        report = bench.ingest([str(p) for p in sorted(DATES.glob("*.txt"))])
        assert report.skipped == [] and len(report.ingested) == 6
        yield bench


def document(bench: Workbench, name: str):
    (found,) = [d for d in bench.documents() if d.source.endswith(name)]
    return found


def said_on(bench: Workbench, name: str) -> list[tuple[str, str | None, str | None, str | None]]:
    doc = document(bench, name)
    return [(q.text[:24], q.said_on, q.said_on_basis, q.said_on_text) for q in bench.quotes(doc_id=doc.id)]


def test_a_citation_beside_the_statement_does_not_date_it(corpus):
    found = said_on(corpus, "citation.txt")
    assert ("his country is building ", "2023-10-03", "stated in text", "October 3") in found
    assert ("talks with Dravia would ", "2023-10-17", "stated in text", "Tuesday") in found
    assert not any(when == "2023-10-15" for _, when, _, _ in found)


def test_a_year_inside_the_quote_dates_the_event_not_the_saying(corpus):
    found = said_on(corpus, "year_in_quote.txt")
    assert [when for _, when, _, _ in found] == ["2021-03-01", "2021-03-01"], found
    assert all(text == "Monday" for _, _, _, text in found)


def test_a_1957_event_and_a_scheduled_date_do_not_date_the_article(corpus):
    doc = document(corpus, "event_1957.txt")
    assert (doc.published, doc.published_source) == ("2023-10-09", "estimated")
    assert "October 9, 2023" in doc.published_evidence


def test_an_article_whose_only_full_date_is_history_stays_unknown(corpus):
    doc = document(corpus, "history_only.txt")
    assert (doc.published, doc.published_source) == (None, "unknown")
    assert "1957" in doc.published_evidence and "2014" in doc.published_evidence


def test_an_article_with_no_date_at_all(corpus):
    doc = document(corpus, "no_date.txt")
    assert (doc.published, doc.published_source) == (None, "unknown")
    found = said_on(corpus, "no_date.txt")
    assert found and all(when is None and basis == "unknown" for _, when, basis, _ in found)


def test_a_recent_anchor_fixes_the_estimate(corpus):
    doc = document(corpus, "anchored.txt")
    assert (doc.published, doc.published_source) == ("2022-06-12", "estimated")


def test_as_of_says_what_it_left_out_as_undated(corpus):
    from claimtrace.cli import as_of_note

    result = corpus.check("Kestran farmers want a new border crossing into Dravia", as_of="2023-12-31")
    assert result.excluded_undated >= 1  # no_date.txt has no date: left out, and said so
    note = as_of_note(result)
    assert f"{result.excluded_undated} from undated documents" in note and "As of 2023-12-31" in note


def test_as_of_counts_estimated_dates_unless_told_to_leave_them_out(corpus):
    from claimtrace.cli import as_of_note

    claim = "The Lessel bridge reopened to traffic"
    bridge = document(corpus, "anchored.txt")  # dated only by estimate (2022-06-12)
    with_estimates = corpus.check(claim, as_of="2023-12-31")
    assert any(e.doc_id == bridge.id for e in with_estimates.evidence)
    assert with_estimates.excluded_estimated == 0 and "--stated-only leaves them out" in as_of_note(with_estimates)
    stated = corpus.check(claim, as_of="2023-12-31", stated_only=True)
    assert not any(e.published_source == "estimated" for e in stated.evidence)
    assert stated.excluded_estimated >= 1 and stated.excluded_undated == with_estimates.excluded_undated
    assert f"Also left out {stated.excluded_estimated} from documents dated only by estimate" in as_of_note(stated)
    assert corpus.check(claim, stated_only=True).excluded_estimated == 0  # without --as-of nothing is left out


def test_the_timeline_shows_estimated_dates_unless_told_not_to(corpus):
    bridge = document(corpus, "anchored.txt")
    shown = corpus.timeline()
    assert any(i.document.id == bridge.id and i.estimated_base for i in shown)
    stated = corpus.timeline(stated_only=True)
    assert stated and not any(i.estimated_base for i in stated)
    assert len(stated) < len(shown)

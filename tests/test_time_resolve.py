"""Dating statements and events; estimating a missing publication date."""

from __future__ import annotations

import pytest

from claimtrace.records import PublicationDate
from claimtrace.time.expressions import find_time_expressions
from claimtrace.time.resolve import date_statement, estimate_publication_date

PUBLISHED = PublicationDate("2021-03-03", "stated", "day", "test")  # a Wednesday


@pytest.fixture(scope="module")
def nlp():
    from claimtrace.nlp.pipeline import load_nlp

    return load_nlp()


def dated(text: str, sentence: str, publication: PublicationDate, nlp=None, **kwargs):
    doc = nlp(text) if nlp is not None else None
    expressions = find_time_expressions(text, publication, doc)
    start = text.index(sentence)
    return date_statement(text, (start, start + len(sentence)), expressions, publication, doc, **kwargs)


@pytest.mark.parametrize("use_parse", [True, False])
def test_said_on_monday_dates_the_quote(nlp, use_parse):
    text = "Valdoria has no plans for an alliance, the defence ministry said on Monday. Talks continue."
    when = dated(text, text.split(". ")[0], PUBLISHED, nlp if use_parse else None, kind="quote")
    assert (when.value, when.granularity, when.basis, when.expression_text) == ("2021-03-01", "day", "stated in text", "Monday")


@pytest.mark.parametrize("use_parse", [True, False])
def test_event_sentence_takes_its_stated_month(nlp, use_parse):
    text = "In mid-August, Valdoria and Kestrania conducted their first joint exercise."
    when = dated(text, text, PUBLISHED, nlp if use_parse else None)
    assert (when.value, when.granularity, when.basis) == ("2020-08", "month", "stated in text")


def test_quote_falls_back_to_publication_as_upper_bound(nlp):
    text = "“We will never join a bloc,” Velk said."
    when = dated(text, text, PUBLISHED, nlp, kind="quote")
    assert (when.value, when.basis, when.expression_text) == ("2021-03-03", "publication upper bound", None)
    assert not when.estimated_base


def test_upper_bound_from_an_estimated_date_is_flagged(nlp):
    estimated = PublicationDate("2019-10-18", "estimated", "day", "estimated")
    text = "“We will never join a bloc,” Velk said."
    when = dated(text, text, estimated, nlp, kind="quote")
    assert (when.basis, when.estimated_base) == ("publication upper bound", True)


def test_unknown_publication_and_no_date_is_unknown(nlp):
    text = "“We will never join a bloc,” Velk said."
    when = dated(text, text, PublicationDate(), nlp, kind="quote")
    assert (when.value, when.basis) == (None, "unknown")


def test_dates_inside_the_quoted_words_do_not_date_the_saying(nlp):
    text = "“Our ties broke in 1969,” Velk said."
    content = (text.index("Our"), text.index(",”"))
    when = dated(text, text, PUBLISHED, nlp, kind="quote", content_span=content)
    assert when.basis == "publication upper bound"
    without_content = dated(text, text, PUBLISHED, nlp, kind="quote")
    assert without_content.value == "1969"


def test_a_quote_cannot_be_dated_after_publication(nlp):
    text = "Velk said the summit will open on March 20."
    assert dated(text, text, PUBLISHED, nlp, kind="quote").basis == "publication upper bound"
    assert dated(text, text, PUBLISHED, nlp, kind="event").value == "2021-03-20"


def test_attributive_year_is_not_the_statement_date(nlp):
    text = "Velk said the 2001 treaty still binds Kestrania."
    assert dated(text, text, PUBLISHED, nlp, kind="quote").basis == "publication upper bound"
    assert dated(text, text, PUBLISHED, None, kind="quote").basis == "publication upper bound"


def test_date_in_the_same_sentence_outside_the_span_counts(nlp):
    text = "On Monday, Velk told reporters: “We will not sign.”"
    start = text.index("We will")
    doc = nlp(text)
    expressions = find_time_expressions(text, PUBLISHED, doc)
    when = date_statement(text, (start, start + len("We will not sign.")), expressions, PUBLISHED, doc, kind="quote")
    assert when.value == "2021-03-01"


def test_estimate_uses_latest_fully_dated_reference():
    text = "The accord was signed on August 1, 2021. A follow-up came on September 3, 2021. Trade fell in 2016."
    estimate = estimate_publication_date(text)
    assert (estimate.value, estimate.source, estimate.granularity) == ("2021-09-03", "estimated", "day")
    assert "September 3, 2021" in estimate.evidence and "not stated" in estimate.evidence


def test_estimate_combines_month_year_with_later_month_days():
    text = (
        "Velk's announcement earlier this month (October 3) drew attention (Orvik Daily, October 15). "
        "The June 2019 agreement and the talks of August 2018 were cited (Kestria Times, October 18)."
    )
    estimate = estimate_publication_date(text)
    assert (estimate.value, estimate.source, estimate.granularity) == ("2019-10-18", "estimated", "day")
    assert "June 2019" in estimate.evidence and "October 18" in estimate.evidence
    expressions = find_time_expressions(text, estimate)
    october_3 = next(e for e in expressions if e.text == "October 3")
    assert (october_3.value, october_3.estimated_base) == ("2019-10-03", True)


def test_estimate_ignores_month_days_before_the_month_year_reference():
    text = "The June 2019 agreement was signed. On March 4, the talks resumed."
    assert estimate_publication_date(text).source == "unknown"


def test_estimate_is_unknown_without_a_dated_reference():
    text = "Xi met Putin on Wednesday, the second time this year. Valdoria has wanted to join since 2002."
    estimate = estimate_publication_date(text)
    assert (estimate.value, estimate.source) == (None, "unknown")
    assert estimate.evidence


def test_a_recency_anchor_with_a_month_year_dates_the_writing_to_that_month():
    text = "Earlier this month, in June 2022, the Lessel bridge reopened. Repairs began in May 2021."
    estimate = estimate_publication_date(text)
    assert (estimate.value, estimate.source, estimate.granularity) == ("2022-06", "estimated", "month")
    assert "'Earlier this month'" in estimate.evidence
    # 'this month' beside an open range ('since May 2014') or in another sentence dates nothing
    assert estimate_publication_date("The vote is due later this month, the first since May 2014.").source == "unknown"
    assert estimate_publication_date("Repairs began in May 2021. The bridge reopens later this month.").source == "unknown"


def test_a_weekday_written_with_the_latest_date_is_named_as_its_recency_anchor():
    anchored = estimate_publication_date("On Monday, October 9, 2023, the Dravian parliament voted to review the treaty.")
    assert anchored.value == "2023-10-09" and "recency anchor 'Monday'" in anchored.evidence
    plain = estimate_publication_date("The Lessel Treaty was renewed on October 9, 2023, after long talks.")
    assert plain.value == "2023-10-09" and "recency anchor" not in plain.evidence


def test_estimate_skips_future_dates():
    text = "The accord was signed on August 1, 2021. The summit will be held on March 3, 2025."
    assert estimate_publication_date(text).value == "2021-08-01"


def quote_dated(text: str, cue: str, content: str, publication: PublicationDate, nlp):
    from claimtrace.time.resolve import date_quote

    doc = nlp(text)
    expressions = find_time_expressions(text, publication, doc)
    c, q = text.index(cue), text.index(content)
    return date_quote(text, (c, c + len(cue)), (q, q + len(content)), expressions, publication, doc)


def test_a_fronted_participle_clause_dates_the_saying(nlp):
    text = "Marking the anniversary of the navy on August 1, 2020, Deputy Minister Ivo Osk observed that ties were growing."
    when = quote_dated(text, "observed", "ties were growing", PUBLISHED, nlp)
    assert (when.value, when.basis) == ("2020-08-01", "stated in text")


def test_a_date_in_another_clause_of_the_sentence_does_not_date_the_saying(nlp):
    text = "Velk said that talks would resume, a week after the ministry that was founded in March 2019 objected."
    when = quote_dated(text, "said", "talks would resume", PUBLISHED, nlp)
    assert (when.value, when.basis) == ("2021-03-03", "publication upper bound")


def test_a_parenthetical_aside_does_not_date_the_saying(nlp):
    text = "According to Osk, Marshal Ivo Brandt (in power from 1949 to 1976) said that Dravia could intervene."
    when = quote_dated(text, "said", "Dravia could intervene", PUBLISHED, nlp)
    assert (when.value, when.basis) == ("2021-03-03", "publication upper bound")
    text = "Velk’s announcement earlier this month (March 1) that talks would resume drew attention."
    assert quote_dated(text, "announcement", "talks would resume", PUBLISHED, nlp).value == "2021-03-01"

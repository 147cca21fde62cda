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


def test_estimate_uses_latest_of_dated_references_that_vouch_for_each_other():
    text = "Talks opened on August 30, 2021. The accord was signed on September 3, 2021. Trade fell in 2016."
    estimate = estimate_publication_date(text)
    assert (estimate.value, estimate.source, estimate.granularity) == ("2021-09-03", "estimated", "day")
    assert "September 3, 2021" in estimate.evidence and "not stated" in estimate.evidence
    assert "'August 30, 2021', falls within 7 days" in estimate.evidence


def test_a_lone_date_of_a_past_event_is_not_the_estimate():
    # one full date with nothing tying it to the writing may be centuries old: unknown, not ~1789
    text = (
        "Crowds filled the squares of Varenne for the national holiday, which marks the storming of the "
        "Orsay fortress on July 14, 1789. A lorry drove into the crowd on Thursday night, officials said."
    )
    estimate = estimate_publication_date(text)
    assert (estimate.value, estimate.source) == (None, "unknown")
    assert "July 14, 1789" in estimate.evidence and "past event" in estimate.evidence
    # the same for a date repeated: several mentions of one day are one event, not a cluster
    repeated = (
        "Senator Brell said the attacks of Sept. 11, 2001, changed Kestrania. "
        "Since the Sept. 11, 2001, attacks, he added, the border had closed. The vote is on Monday."
    )
    assert estimate_publication_date(repeated).source == "unknown"


def test_a_forward_deictic_word_in_its_sentence_anchors_a_date_to_the_writing():
    # 'next month' counts from the writer's day, as 'last week' does: the announcement is recent news
    text = "On 3 April 2031 the Ostrian port authority announced a ferry line to Varenne, to open next month."
    estimate = estimate_publication_date(text)
    assert (estimate.value, estimate.source) == ("2031-04-03", "estimated")
    assert "next month" in estimate.evidence
    # without it the same sentence may report a past event: unknown
    assert estimate_publication_date(text.replace(", to open next month", "")).source == "unknown"


def test_a_weekday_the_calendar_refutes_or_one_elsewhere_in_the_sentence_does_not_anchor():
    # 2001-09-11 was a Tuesday; a weekday elsewhere in the sentence dates something else
    wrong_day = estimate_publication_date("On Saturday, Sept. 11, 2001, the Dravian fleet sailed.")
    assert wrong_day.source == "unknown"
    elsewhere = estimate_publication_date(
        "In Saturday's debate, Governor Osk blamed the attacks of Sept. 11, 2001, on the previous cabinet."
    )
    assert elsewhere.source == "unknown"


def test_a_later_unanchored_reference_far_past_the_anchor_leaves_the_estimate_unknown():
    text = (
        "On Friday, March 4, 2016, Velk entered the race for the Dravian presidency. "
        "He withdrew from it on May 3, 2016."
    )
    estimate = estimate_publication_date(text)
    assert estimate.source == "unknown" and "span too wide" in estimate.evidence


def test_dates_inside_quote_marks_or_after_since_do_not_date_the_writing():
    quoted = estimate_publication_date("“On November 8, 2016, this vote will be stolen,” Velk said yesterday.")
    assert quoted.source == "unknown"
    since = estimate_publication_date("Ratings are the highest since Jan. 7, 2012, the network said this week.")
    assert since.source == "unknown"


def test_a_planned_date_after_would_does_not_date_the_writing():
    # a future-in-the-past plan: 'this month' dates the announcement, not January 2025
    text = "The Orvik bank announced this month that it would end the levy, beginning in January 2025."
    assert estimate_publication_date(text).source == "unknown"
    day = "The Orvik bank said yesterday it would close the branch, starting on March 3, 2025."
    assert estimate_publication_date(day).source == "unknown"


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


def test_a_weekday_written_with_the_latest_date_anchors_it_and_a_plain_date_does_not():
    anchored = estimate_publication_date("On Monday, October 9, 2023, the Dravian parliament voted to review the treaty.")
    assert anchored.value == "2023-10-09" and "weekday 'Monday', which the calendar confirms" in anchored.evidence
    trailing = estimate_publication_date("The Dravian parliament adjourned.\n\nOctober 9, 2023, Monday.")
    assert trailing.value == "2023-10-09"
    plain = estimate_publication_date("The Lessel Treaty was renewed on October 9, 2023, after long talks.")
    assert plain.source == "unknown"
    recent = estimate_publication_date("Yesterday, October 9, 2023, the Lessel Treaty was renewed after long talks.")
    assert recent.value == "2023-10-09" and "recency anchor 'Yesterday'" in recent.evidence


def test_estimate_skips_future_dates():
    text = "The accord was signed last week, on August 1, 2021. The summit will be held on March 3, 2025."
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

"""Temporal expressions: the fixture set's accuracy and one test per normalisation rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimtrace.records import PublicationDate
from claimtrace.time.calendar import granularity_of, interval
from claimtrace.time.expressions import TimeExpression, find_time_expressions, normalise_span
from claimtrace.time.rules import NOT_A_YEAR, YEAR, not_a_year

FIXTURES = Path(__file__).parent / "fixtures" / "time" / "expressions.jsonl"
REQUIRED_ACCURACY = 0.9


@pytest.fixture(scope="module")
def nlp():
    from claimtrace.nlp.pipeline import load_nlp

    return load_nlp()


def stated(value: str) -> PublicationDate:
    return PublicationDate(value, "stated", granularity_of(value), "test")


def find(text: str, publication: PublicationDate | None, nlp=None) -> list[TimeExpression]:
    return find_time_expressions(text, publication, nlp(text) if nlp is not None else None)


def expression_at(text: str, phrase: str, publication: PublicationDate | None, nlp=None) -> TimeExpression | None:
    """The expression found over the first occurrence of ``phrase``."""
    start = text.index(phrase)
    end = start + len(phrase)
    return next((e for e in find(text, publication, nlp) if e.start < end and start < e.end), None)


# ---------------------------------------------------------------- the fixture set
def _fixture_rows() -> list[dict]:
    return [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]


def _publication(row: dict) -> PublicationDate:
    if row["publication"] is None:
        return PublicationDate()
    return PublicationDate(row["publication"], row["source"], granularity_of(row["publication"]), "fixture")


def _judge(row: dict, found: TimeExpression | None) -> bool:
    if row["value"] is None:
        return found is None or found.value is None
    if found is None or (found.value, found.granularity) != (row["value"], row["granularity"]):
        return False
    for optional in ("range_end", "estimated_base", "timeml", "period"):
        if optional in row and getattr(found, optional) != row[optional]:
            return False
    return True


def _accuracy(nlp=None) -> tuple[float, list[str]]:
    rows = _fixture_rows()
    failures = []
    for row in rows:
        found = expression_at(row["text"], row["expression"], _publication(row), nlp)
        if not _judge(row, found):
            got = None if found is None else (found.text, found.value, found.granularity, found.range_end, found.estimated_base)
            failures.append(f"{row['rule']}: {row['expression']!r} expected {row['value']} ({row['granularity']}), got {got}")
    return 1 - len(failures) / len(rows), failures


def test_fixture_set_is_large_and_covers_every_rule():
    rows = _fixture_rows()
    assert len(rows) >= 60
    rules = " ".join(r["rule"] for r in rows)
    for needed in ("weekday", "month-day", "future", "year boundary", "last year", "this month", "earlier this month", "bare year", "range", "estimated", "unknown"):
        assert needed in rules, needed
    for row in rows:
        assert row["expression"] in row["text"]


def test_fixture_accuracy_with_parse(nlp):
    accuracy, failures = _accuracy(nlp)
    assert accuracy >= REQUIRED_ACCURACY, "\n".join(failures)


def test_fixture_accuracy_without_parse():
    accuracy, failures = _accuracy(None)
    assert accuracy >= REQUIRED_ACCURACY, "\n".join(failures)


# ---------------------------------------------------------------- rules
def test_offsets_point_at_the_expression_text():
    text = "Ardin met Velk on Monday, and again on March 3, 2021, in Orvik."
    for e in find(text, stated("2021-03-10")):
        assert text[e.start : e.end] == e.text


def test_weekday_is_most_recent_before_publication():
    # 2022-12-13 is a Tuesday.
    assert expression_at("Velk said on Monday that talks stalled.", "Monday", stated("2022-12-13")).value == "2022-12-12"
    assert expression_at("Velk said on Wednesday that talks stalled.", "Wednesday", stated("2022-12-13")).value == "2022-12-07"


def test_weekday_equal_to_publication_weekday_is_publication_day():
    assert expression_at("Velk said on Tuesday that talks stalled.", "Tuesday", stated("2022-12-13")).value == "2022-12-13"


def test_weekday_crosses_year_boundary():
    # 2023-01-02 is a Monday; the Friday before is in 2022.
    assert expression_at("The talks collapsed on Friday.", "Friday", stated("2023-01-02")).value == "2022-12-30"


def test_weekday_future_tense_points_forward(nlp):
    found = expression_at("Ardin will travel to Valdoria on Friday.", "Friday", stated("2022-12-13"), nlp)
    assert found.value == "2022-12-16"


def test_reporting_verb_keeps_weekday_in_the_past(nlp):
    text = "The ministry said on Monday it will hold talks with Kestrania."
    assert expression_at(text, "Monday", stated("2022-12-13"), nlp).value == "2022-12-12"


def test_last_and_next_weekday():
    assert expression_at("They met last Tuesday.", "last Tuesday", stated("2022-12-13")).value == "2022-12-06"
    assert expression_at("They meet next Tuesday.", "next Tuesday", stated("2022-12-13")).value == "2022-12-20"


def test_month_day_without_year_december_article_keeps_same_year():
    found = expression_at("Velk visited Kestria on February 4.", "February 4", stated("2022-12-13"))
    assert (found.value, found.granularity, found.kind) == ("2022-02-04", "day", "relative")


def test_month_day_without_year_january_article_goes_to_last_year():
    assert expression_at("Ardin spoke on December 13.", "December 13", stated("2023-01-05")).value == "2022-12-13"


def test_month_day_future_tense_crosses_into_next_year(nlp):
    found = expression_at("Parliament will vote on the pact on February 20.", "February 20", stated("2022-12-13"), nlp)
    assert found.value == "2023-02-20"


def test_abbreviated_and_day_first_month_days():
    assert expression_at("Ardin spoke on Dec. 2 in Orvik.", "Dec. 2", stated("2022-12-13")).value == "2022-12-02"
    assert expression_at("Ardin spoke on 4 February in Orvik.", "4 February", stated("2022-12-13")).value == "2022-02-04"


def test_weekday_and_month_day_pick_the_matching_year():
    found = expression_at("Velk spoke on Monday, Oct. 26, in Orvik.", "Oct. 26", stated("2020-11-10"))
    assert found.value == "2020-10-26"


def test_bare_month_before_publication_and_in_the_future(nlp):
    assert expression_at("The navy doubled patrols in November.", "November", stated("2023-02-01")).value == "2022-11"
    assert expression_at("The navy doubled patrols in January.", "January", stated("2023-02-01")).value == "2023-01"
    assert expression_at("The president will visit in March.", "March", stated("2022-12-13"), nlp).value == "2023-03"


def test_bare_month_needs_context():
    assert expression_at("June Arvel chaired the session.", "June", stated("2022-12-13")) is None
    assert expression_at("May I ask a question, said Velk.", "May", stated("2022-12-13")) is None
    assert expression_at("The talks ended in May.", "May", stated("2022-12-13")).value == "2022-05"


def test_month_modifiers_keep_month_granularity():
    for phrase in ("mid-August", "late November", "early June", "the end of December"):
        found = expression_at(f"The drills took place in {phrase}.", phrase, stated("2022-12-13"))
        assert found.granularity == "month", phrase


def test_relative_year_and_month_expressions():
    pub = stated("2023-01-02")
    assert expression_at("Last year was calm.", "Last year", pub).value == "2022"
    assert expression_at("This year will be hard.", "This year", pub).value == "2023"
    assert expression_at("Last month, Velk resigned.", "Last month", pub).value == "2022-12"
    assert expression_at("Earlier this month, Velk resigned.", "Earlier this month", pub).value == "2023-01"
    assert expression_at("Next month parliament reconvenes.", "Next month", pub).value == "2023-02"


def test_yesterday_today_tomorrow_cross_year_boundary():
    pub = stated("2023-01-01")
    assert expression_at("Yesterday, the border reopened.", "Yesterday", pub).value == "2022-12-31"
    assert expression_at("Today, the border reopened.", "Today", pub).value == "2023-01-01"
    assert expression_at("Tomorrow, the border reopens.", "Tomorrow", pub).value == "2023-01-02"


def test_ago_expressions():
    pub = stated("2022-12-13")
    assert expression_at("Two days ago the envoy left.", "Two days ago", pub).value == "2022-12-11"
    weeks = expression_at("Three weeks ago the envoy left.", "Three weeks ago", pub)
    assert (weeks.value, weeks.granularity, weeks.range_end, weeks.timeml) == ("2022-11-21", "day", "2022-11-27", "2022-W47")
    assert expression_at("Four months ago the envoy left.", "Four months ago", pub).value == "2022-08"
    assert expression_at("A year ago the envoy left.", "A year ago", pub).value == "2021"
    assert expression_at("Several years ago the envoy left.", "Several years ago", pub).kind == "past_ref"


def test_bare_years_and_the_filters_on_four_digit_numbers():
    pub = stated("2022-12-13")
    assert expression_at("The 2001 treaty still holds.", "2001", pub).value == "2001"
    assert expression_at("Trade fell in 2016.", "2016", pub).value == "2016"
    assert expression_at("Valdoria sent 2000 troops.", "2000", pub) is None
    assert expression_at("Flight 1549 landed safely.", "1549", pub) is None


def test_decades_are_not_read_as_years():
    found = expression_at("The pact collapsed in the 1960s.", "the 1960s", stated("2022-12-13"))
    assert (found.value, found.granularity, found.range_end) == ("1960", "year", "1969")
    assert (found.period, found.timeml) == ("decade", "196")
    assert interval(found.value) is not None and interval(found.value)[0].year == 1960


def test_ranges():
    pub = stated("2022-12-13")
    found = expression_at("Mao ruled from 1949 to 1976.", "1949", pub)
    assert (found.kind, found.value, found.range_end) == ("range", "1949", "1976")
    found = expression_at("Talks ran between March 3 and March 7.", "March 3", pub)
    assert (found.value, found.range_end) == ("2022-03-03", "2022-03-07")
    found = expression_at("Talks ran March 3-7 in Orvik.", "March 3-7", pub)
    assert (found.value, found.range_end) == ("2022-03-03", "2022-03-07")
    found = expression_at("The 2019-20 budget passed.", "2019-20", pub)
    assert (found.value, found.range_end) == ("2019", "2020")


def test_since_runs_to_publication_and_is_open_without_a_date():
    found = expression_at("Valdoria has wanted to join since 2002.", "since 2002", stated("2022-12-13"))
    assert (found.kind, found.value, found.range_end) == ("range", "2002", "2022-12-13")
    found = expression_at("Valdoria has wanted to join since 2002.", "since 2002", PublicationDate())
    assert (found.value, found.range_end) == ("2002", None)


def test_full_dates_in_several_formats():
    pub = stated("2024-02-29")
    for text, phrase in (
        ("Signed on August 1, 2021.", "August 1, 2021"),
        ("Signed on 1 August 2021.", "1 August 2021"),
        ("Signed on Aug. 1, 2021.", "Aug. 1, 2021"),
        ("Signed on 2021-08-01.", "2021-08-01"),
        ("Signed on 01-08-2021.", "01-08-2021"),
        ("Signed on 8/1/2021.", "8/1/2021"),
    ):
        found = expression_at(text, phrase, pub)
        assert (found.value, found.kind) == ("2021-08-01", "date"), text


def test_estimated_base_flags_only_values_that_rest_on_it():
    pub = PublicationDate("2019-10-18", "estimated", "day", "estimated")
    text = "Earlier this month (October 3) Ardin spoke, as he had in June 2019."
    by_text = {e.text: e for e in find(text, pub)}
    assert by_text["October 3"].value == "2019-10-03" and by_text["October 3"].estimated_base
    assert by_text["Earlier this month"].estimated_base
    assert by_text["June 2019"].value == "2019-06" and not by_text["June 2019"].estimated_base


def test_unknown_base_resolves_absolute_dates_only():
    text = "The accord of August 1, 2021 was broken on Monday, and last year trade fell."
    by_text = {e.text: e for e in find(text, PublicationDate())}
    assert by_text["August 1, 2021"].value == "2021-08-01"
    assert by_text["Monday"].value is None and by_text["Monday"].granularity is None
    assert by_text["last year"].value is None


def test_month_precise_publication_resolves_months_but_not_weekdays():
    pub = PublicationDate("2022-12", "stated", "month", "test")
    assert expression_at("In June the talks failed.", "June", pub).value == "2022-06"
    assert expression_at("On Monday the talks failed.", "Monday", pub).value is None


def test_quarters_seasons_centuries_and_holidays(nlp):
    pub = stated("2024-01-04")
    q4 = expression_at("Growth slowed in the fourth quarter.", "the fourth quarter", pub)
    assert (q4.value, q4.granularity, q4.range_end, q4.timeml) == ("2023-10", "month", "2023-12", "2023-Q4")
    assert expression_at("Growth will pick up in the second quarter.", "the second quarter", pub, nlp).timeml == "2024-Q2"
    summer = expression_at("The navy was on alert last summer.", "last summer", pub)
    assert (summer.value, summer.range_end, summer.timeml) == ("2023-06", "2023-08", "2023-SU")
    century = expression_at("The border was drawn in the 19th century.", "the 19th century", pub)
    assert (century.value, century.range_end, century.timeml) == ("1800", "1899", "18")
    assert expression_at("A truce began on Christmas Eve.", "Christmas Eve", pub).value == "2023-12-24"


def test_vague_references_have_no_value():
    found = find("Relations are now warm; recently they were cold.", stated("2022-12-13"))
    assert {e.text: (e.kind, e.value, e.timeml) for e in found} == {
        "now": ("present_ref", None, "PRESENT_REF"),
        "recently": ("past_ref", None, "PAST_REF"),
    }


def test_every_value_is_plain_iso():
    """Consumers sort and compare values as ISO strings; TimeML forms live in ``timeml`` only."""
    import re

    text = (
        "Last week, in the third quarter, last summer, in the 1960s and the 19th century, "
        "on Monday, in June 2019, on March 3-7 and from 1949 to 1976."
    )
    iso = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
    found = find(text, stated("2022-12-13"))
    assert len(found) >= 8
    for e in found:
        assert iso.match(e.value), e
        assert e.range_end is None or iso.match(e.range_end), e
        assert e.granularity in {"day", "month", "year"}


def test_dateparser_reads_a_date_entity_the_grammar_misses(nlp):
    from spacy.tokens import Span

    text = "The vote took place on Feb the 4th in Orvik."
    doc = nlp(text)
    start = text.index("Feb")
    entity = doc.char_span(start, start + len("Feb the 4th"))
    doc.ents = [Span(doc, entity.start, entity.end, label="DATE")]
    found = next(e for e in find_time_expressions(text, stated("2022-12-13"), doc) if e.start == start)
    assert (found.value, found.granularity, found.rule) == ("2022-02-04", "day", "dateparser")


def test_normalise_span_accepts_a_gold_span_without_context():
    text = "Profits rose in November, the company said."
    start = text.index("November")
    found = normalise_span(text, start, start + len("November"), stated("2022-12-13"))
    assert (found.value, found.start, found.text) == ("2022-11", start, "November")
    assert normalise_span("abc", 0, 3, stated("2022-12-13")) is None


def test_scheduled_participle_follows_the_sentence_tense(nlp):
    pub = stated("2022-12-13")  # a Tuesday
    text = "The issue is expected to dominate a summit set for April."
    assert expression_at(text, "April", pub, nlp).value == "2023-04"
    text = "A memorial service planned for Saturday was canceled."
    assert expression_at(text, "Saturday", pub, nlp).value == "2022-12-10"


def test_deadline_words_point_forward(nlp):
    pub = stated("1989-10-27")
    assert expression_at("The dividend is payable Dec. 7 to holders.", "Dec. 7", pub, nlp).value == "1989-12-07"
    assert expression_at("The offer was extended to Nov. 16 by the board.", "Nov. 16", pub, nlp).value == "1989-11-16"
    assert expression_at("The truce held until March 3, both sides said.", "March 3", pub, nlp).value == "1989-03-03"


def test_case_insensitive_rules_have_no_upper_case_literals():
    """They run on the lower-cased text; an upper-case letter in the pattern could never match there."""
    import re

    from claimtrace.time.rules import RULES

    for rule in RULES:
        if not rule.folded:
            continue
        literal = re.sub(r"\\[A-Za-z]|\(\?P<\w+>|\(\?P=\w+\)", "", rule.pattern.pattern)
        assert literal == literal.lower(), rule.name
        if rule.trigger is not None and rule.trigger.flags & re.IGNORECASE:
            trigger = re.sub(r"\\[A-Za-z]", "", rule.trigger.pattern)
            assert trigger == trigger.lower(), rule.name


def test_upper_case_text_still_matches_case_insensitive_rules():
    found = expression_at("LAST WEEK THE ENVOY LEFT.", "LAST WEEK", stated("2022-12-13"))
    assert found.timeml == "2022-W49"


# ---------------------------------------------------------------- numbers that are not years
def _years_found(text: str, nlp) -> set[str]:
    return {e.text for e in find(text, stated("2016-03-03"), nlp) if e.period == "year"}


@pytest.mark.parametrize("use_parse", [True, False])
@pytest.mark.parametrize("check", NOT_A_YEAR, ids=lambda c: c.name)
def test_each_not_a_year_check_fires_on_its_example(nlp, check, use_parse):
    hits = list(re.finditer(rf"(?P<y>{YEAR})", check.example))
    assert hits, check.example
    assert check.name in {not_a_year(m) for m in hits}
    assert not _years_found(check.example, nlp if use_parse else None), check.example


@pytest.mark.parametrize("use_parse", [True, False])
@pytest.mark.parametrize(
    "text",
    [
        "Of the ballots cast in Marlow County, 1128 were for Tessel and 900 for Brell.",  # a vote count
        "The Kestrel firm leases 1400 and 1500 Harbour Blvd in Norvale.",  # house numbers
        "The Orvel tablet has a 2560 x 1600 screen; the Lumo has 1920×1080.",  # resolutions
        "Follow the minister at @vandra1613 and @osk_2015 for updates.",  # a year inside a handle
        "The Orvel panel draws 1600mAh and runs at 2000rpm.",  # a number fused with its unit
    ],
)
def test_numbers_that_are_not_years(nlp, text, use_parse):
    assert not _years_found(text, nlp if use_parse else None)


@pytest.mark.parametrize("use_parse", [True, False])
def test_years_beside_the_excluded_contexts_still_count(nlp, use_parse):
    text = "In 1999 the Velk family moved to 12 Harbour Blvd; by 2004 they had 1600 acres, and 1998 was their best year."
    assert _years_found(text, nlp if use_parse else None) == {"1999", "2004", "1998"}


@pytest.mark.parametrize("use_parse", [True, False])
def test_a_title_after_a_year_is_not_a_street(nlp, use_parse):
    text = "In 2005 Health Minister Dr. Osk resigned, and in 2006 Vell moved to 40 Ocean Dr."
    assert _years_found(text, nlp if use_parse else None) == {"2005", "2006"}

"""Quote-mark pairing: by context, so machine-translated mismatches still pair."""

from __future__ import annotations

from claimtrace.quotes.marks import closing_cost, find_quote_spans, opening_cost


def contents(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text) if not s.single]


def test_straight_and_curly_quotes_pair() -> None:
    text = 'He said "we will stay" and later “we will not leave,” she added.'
    assert contents(text) == ["we will stay", "we will not leave,"]


def test_guillemets_and_low_high_quotes_pair() -> None:
    assert contents("Elle a dit « nous restons » hier.") == ["nous restons"]
    assert contents("„Wir bleiben“, sagte er.") == ["Wir bleiben"]


def test_mismatched_machine_translated_marks_pair_by_position() -> None:
    text = "he signed a memorandum ” that their grids would be joined «. The institute quotes ” an engineer “."
    assert contents(text) == ["that their grids would be joined", "an engineer"]


def test_same_glyph_used_to_open_and_close() -> None:
    text = "She told the paper that “ no application is being prepared “. Then she left."
    assert contents(text) == ["no application is being prepared"]


def test_nested_single_quotes_stay_inside_the_double_quote() -> None:
    text = "“Both leaders called each other ‘best friend’,” the expert said."
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["Both leaders called each other ‘best friend’,"]


def test_apostrophes_do_not_close_single_quotes() -> None:
    text = "‘No plans for an alliance’ as Valdoria’s minister won’t comment"
    spans = find_quote_spans(text)
    assert [(text[s.start : s.end], s.single) for s in spans] == [("No plans for an alliance", True)]


def test_quote_reopened_in_next_paragraph_is_one_quote() -> None:
    text = '"We are buying time.\n\n"Every year we delay, the bill grows."\n\nThe vote followed.'
    spans = find_quote_spans(text)
    assert len(spans) == 1
    assert len(spans[0].segments) == 2
    assert text[spans[0].start : spans[0].end].endswith("the bill grows.")


def test_unclosed_quote_runs_to_the_end_of_its_paragraph() -> None:
    text = "It states that “When a crisis arises, the parties consult.\n\nRegardless, nothing changed."
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["When a crisis arises, the parties consult."]
    assert spans[0].close_mark is None


def test_mark_before_full_stop_never_opens() -> None:
    # a dangling closer: ignoring it is better than opening a quote over the next sentence
    text = "it may turn out true or false “. He also said that officials agreed."
    assert contents(text) == []


def test_costs_prefer_textbook_positions() -> None:
    text = 'say "yes" now'
    assert opening_cost(text, 4) < closing_cost(text, 4)
    assert closing_cost(text, 8) < opening_cost(text, 8)

"""A statement's date comes from the time expression that governs its own clause (issue 14, point 3).

The path from the date up the parse to the speech cue may not cross another clause: 'said on Monday',
'said Monday', 'told reporters last week' and 'On Tuesday, X said' date the saying; a year in a clause of
its own ('since the accord fell apart in the 1970s', 'the plant that opened in 1998') dates that clause's
event, and 'said after the vote on Friday' dates the vote: the saying came after it, on a day the
sentence does not give, so the publication date stays its upper bound.

Both readings are checked: the quote's ``stated_date_text`` (the rules' and the trained extractor's
``_stated_date``) and the ``said_on`` date the time stage gives it (``date_quote``). Fictional sentences.
"""

from __future__ import annotations

import pytest

from claimtrace.nlp.pipeline import load_nlp
from claimtrace.quotes import Quote, extract_quotes, extractor
from claimtrace.records import PublicationDate
from claimtrace.time.expressions import find_time_expressions
from claimtrace.time.resolve import date_quote

PUBLISHED = PublicationDate("2031-05-07", "stated", "day", "test")  # a Wednesday
POLICIES = ["rules", pytest.param("model", marks=pytest.mark.skipif(not extractor.available(), reason="no trained extractor"))]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


@pytest.fixture(params=POLICIES)
def policy(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The rules alone, or the trained extractor first (its own ``_stated_date``)."""
    monkeypatch.setenv("CLAIMTRACE_ATTRIBUTION", request.param)
    return request.param


def dated(nlp, text: str, fragment: str) -> tuple[Quote, str | None, str | None]:  # type: ignore[no-untyped-def]
    """The quote holding ``fragment``, its stated date text, and its said_on date as the time stage reads it
    (None where only the publication bounds it)."""
    doc = nlp(text)
    matches = [q for q in extract_quotes(doc) if fragment in q.text]
    assert matches, f"no quote containing {fragment!r}"
    quote = matches[0]
    expressions = find_time_expressions(text, PUBLISHED, doc)
    when = date_quote(text, (quote.cue_start, quote.cue_end), (quote.content_start, quote.content_end), expressions,
                      PUBLISHED, doc)
    said_on = when.value if when.basis == "stated in text" else None
    return quote, quote.stated_date_text, said_on


@pytest.mark.parametrize(
    ("text", "stated", "said_on"),
    [
        ("Mayor Oren Talvik said on Monday that the harbour at Pellstrand would reopen within a month.", "Monday", "2031-05-05"),
        ("Mayor Oren Talvik said Monday that the harbour at Pellstrand would reopen within a month.", "Monday", "2031-05-05"),
        ("Mayor Oren Talvik told reporters last week that the harbour at Pellstrand would reopen within a month.",
         "last week", "2031-04-28"),
        ("On Tuesday, Mayor Oren Talvik said the harbour at Pellstrand would reopen within a month.", "Tuesday", "2031-05-06"),
        ("Foreign Minister Dalia Renko told reporters in Orlan on Thursday that Kestrania would not join the customs union.",
         "Thursday", "2031-05-01"),
    ],
)
def test_a_date_on_the_cue_dates_the_saying(nlp, policy, text: str, stated: str, said_on: str) -> None:  # type: ignore[no-untyped-def]
    fragment = "harbour" if "harbour" in text else "customs union"
    _, found_stated, found_said_on = dated(nlp, text, fragment)
    assert (found_stated, found_said_on) == (stated, said_on)


def test_a_date_after_after_dates_the_vote_not_the_saying(nlp, policy) -> None:  # type: ignore[no-untyped-def]
    """'on Friday' hangs from 'the vote', under 'after': the saying is later, on a day not given. (The
    trained extractor reads the cue as 'said after the vote'; the path still runs through 'after'.)"""
    text = "Foreign Minister Dalia Renko said after the vote on Friday that Kestrania would not join the customs union."
    _, stated, said_on = dated(nlp, text, "customs union")
    assert (stated, said_on) == (None, None)


def test_a_trailing_cue_after_the_vote_is_undated_too(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Kestrania will not join the customs union, Foreign Minister Dalia Renko said after the vote on Friday."
    _, stated, said_on = dated(nlp, text, "customs union")
    assert (stated, said_on) == (None, None)


def test_a_date_on_the_cue_before_after_still_dates_the_saying(nlp, policy) -> None:  # type: ignore[no-untyped-def]
    text = "Foreign Minister Dalia Renko said on Friday after the vote that Kestrania would not join the customs union."
    _, stated, said_on = dated(nlp, text, "customs union")
    assert (stated, said_on) == ("Friday", "2031-05-02")


@pytest.mark.parametrize("policy", POLICIES[1:], indirect=True)  # the rules read no quote here
def test_a_year_in_a_relative_clause_under_the_cue_is_not_the_saying(nlp, policy) -> None:  # type: ignore[no-untyped-def]
    """'at the plant that opened in 1998': the trained extractor's stated date once read 1998 here."""
    text = "Mayor Oren Talvik said at the plant that opened in 1998 that the harbour at Pellstrand would reopen within a month."
    _, stated, said_on = dated(nlp, text, "harbour")
    assert (stated, said_on) == (None, None)


def test_a_year_in_a_relative_clause_in_the_content_is_not_the_saying(nlp, policy) -> None:  # type: ignore[no-untyped-def]
    text = "Mayor Oren Talvik said the plant that opened in 1998 would close before the winter."
    _, stated, said_on = dated(nlp, text, "plant that opened")
    assert (stated, said_on) == (None, None)


def test_a_year_in_a_clause_on_the_cue_is_not_the_saying(nlp, policy) -> None:  # type: ignore[no-untyped-def]
    text = "Mayor Oren Talvik said in a letter that was published in 2024 that the harbour at Pellstrand would reopen within a month."
    _, stated, said_on = dated(nlp, text, "harbour")
    assert (stated, said_on) == (None, None)


def test_a_decade_in_a_since_clause_before_a_conjoined_cue_is_not_the_saying(nlp) -> None:  # type: ignore[no-untyped-def]
    """The cue 'prompted' shares the clause of 'raised' (conj); 'fell apart in the 1970s' is a clause of its
    own under 'raised', with its own subject and 'since'; it was read as a fronted scene-setter and dated
    the saying 1970."""
    text = (
        "It was the first time a Valdorian minister had raised such an idea since the accord between the two "
        "republics fell apart in bitterness in the 1970s, and prompted fears that Valdoria might seek a pact with Dravia."
    )
    doc = nlp(text)
    cue = text.index("prompted")
    content = (text.index("that Valdoria"), text.index("Dravia.") + len("Dravia"))
    when = date_quote(text, (cue, cue + len("prompted")), content, find_time_expressions(text, PUBLISHED, doc), PUBLISHED, doc)
    assert (when.value, when.basis, when.expression_text) == ("2031-05-07", "publication upper bound", None)


def test_a_year_in_a_when_clause_on_the_cue_dates_the_saying(nlp, policy) -> None:  # type: ignore[no-untyped-def]
    """'When the flood struck the valley in 2019, X warned': a clause of the same time sets the saying's."""
    text = "When the flood struck the valley in 2019, Mayor Oren Talvik warned that the dam at Pellstrand was too weak."
    _, _, said_on = dated(nlp, text, "dam at Pellstrand")
    assert said_on == "2019"


def test_a_fronted_participle_dates_the_saying(nlp, policy) -> None:  # type: ignore[no-untyped-def]
    text = "Speaking to reporters on Monday, Mayor Oren Talvik said the harbour at Pellstrand would reopen within a month."
    _, _, said_on = dated(nlp, text, "harbour")
    assert said_on == "2031-05-05"


def test_a_year_inside_the_quote_dates_the_event_quoted(nlp, policy) -> None:  # type: ignore[no-untyped-def]
    text = "“Our ties with Dravia broke in 1969,” Foreign Minister Dalia Renko said on Monday."
    _, stated, said_on = dated(nlp, text, "Our ties")
    assert (stated, said_on) == ("Monday", "2031-05-05")


def test_the_shared_clause_of_a_conjoined_cue_dates_the_saying(nlp, policy) -> None:  # type: ignore[no-untyped-def]
    """'met ... on Tuesday and said': the cue shares its clause with the verb it is conjoined to."""
    text = "Foreign Minister Dalia Renko met her Dravian counterpart on Tuesday and said that trade had fallen by half."
    _, _, said_on = dated(nlp, text, "trade had fallen")
    assert said_on == "2031-05-06"

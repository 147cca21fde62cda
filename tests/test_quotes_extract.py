"""Extraction on short fictional passages: one behaviour per test."""

from __future__ import annotations

import pytest

from claimtrace.nlp.pipeline import load_nlp, sentences_from_doc
from claimtrace.quotes import Quote, extract_quotes


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


def run(nlp, text: str) -> list[Quote]:  # type: ignore[no-untyped-def]
    return extract_quotes(nlp(text))


def by_text(quotes: list[Quote], fragment: str) -> Quote:
    matches = [q for q in quotes if fragment in q.text]
    assert matches, f"no quote containing {fragment!r} in {[q.text for q in quotes]}"
    return matches[0]


def test_direct_quote_with_name_after_cue_and_apposition(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“The harbour will reopen next week,” said Hanna Roos, chief engineer at the Port Authority of Calder. "
        "Nobody else commented."
    )
    quote = by_text(run(nlp, text), "harbour will reopen")
    assert quote.kind == "direct"
    assert quote.speaker.canonical == "Hanna Roos"
    assert quote.speaker.type == "person"
    assert quote.speaker.role == "chief engineer"
    assert quote.speaker.affiliation == "Port Authority of Calder"
    assert quote.cue == "say"


def test_offsets_point_into_the_text(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Kestrania will not sign the treaty, Foreign Minister Dalia Renko said on Monday."
    doc = nlp(text)
    (quote,) = extract_quotes(doc)
    assert text[quote.content_start : quote.content_end] == quote.text == "Kestrania will not sign the treaty"
    assert text[quote.speaker.start : quote.speaker.end] == quote.speaker.text
    assert text[quote.cue_start : quote.cue_end] == "said"
    assert quote.kind == "indirect"
    assert quote.stated_date_text == "Monday"
    sentences = sentences_from_doc(doc)
    assert sentences[quote.sentence_index].start <= quote.content_start < sentences[quote.sentence_index].end


def test_pronoun_and_surname_resolve_to_the_full_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Deputy Finance Minister Jorin Abel presented the budget on Tuesday.\n\n"
        "“We will not raise taxes this year,” he said.\n\n"
        "Abel said the deficit would fall below three per cent by 2027."
    )
    quotes = run(nlp, text)
    direct = by_text(quotes, "raise taxes")
    indirect = by_text(quotes, "deficit would fall")
    assert (direct.speaker.text, direct.speaker.canonical) == ("he", "Jorin Abel")
    assert (indirect.speaker.text, indirect.speaker.canonical) == ("Abel", "Jorin Abel")
    assert indirect.kind == "indirect"
    assert direct.speaker.role == "Deputy Finance Minister"


def test_quote_only_paragraph_inherits_the_previous_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "“Our crews are working around the clock,” said Gridline chief executive Hanna Roos.\n\n"
        "“We will not send people into floodwater, whatever the pressure.”\n\n"
        "The storm moved east overnight."
    )
    carried = by_text(run(nlp, text), "floodwater")
    assert carried.carried
    assert carried.speaker.canonical == "Hanna Roos"
    assert carried.kind == "direct"


def test_speaker_in_the_paragraph_after_the_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“A treaty that nobody has read cannot be ratified in a week.”\n\nSo said Senator Ivo Halvorsen on Monday."
    quote = by_text(run(nlp, text), "nobody has read")
    assert quote.speaker.canonical == "Ivo Halvorsen"
    assert quote.stated_date_text == "Monday"


def test_paragraph_spanning_quote_is_one_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        'Governor Sofia Lind spoke after the decision. "We have seen this film before," she said. "Prices rise first.\n\n'
        '"Then wages follow, and it is too late."\n\nMarkets rose.'
    )
    quotes = run(nlp, text)
    spanning = by_text(quotes, "Prices rise first")
    assert "it is too late" in spanning.text
    assert spanning.speaker.canonical == "Sofia Lind"


def test_partial_quote_makes_a_mixed_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Opposition leader Mirela Voss said the budget was “a gift to arms dealers” and would be challenged."
    quote = by_text(run(nlp, text), "gift to arms dealers")
    assert quote.kind == "mixed"
    assert quote.text.startswith("the budget was")
    assert quote.speaker.canonical == "Mirela Voss"


def test_according_to_and_told(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "According to the Ostrelian Meteorological Office, wind speeds reached 160 kilometres an hour. "
        "Petra Lindqvist told the daily Vesti Nord that the forecast had been accurate."
    )
    quotes = run(nlp, text)
    according = by_text(quotes, "wind speeds reached")
    told = by_text(quotes, "forecast had been accurate")
    assert according.cue == "according to"
    assert according.speaker.canonical == "Ostrelian Meteorological Office"
    assert according.speaker.type == "government"
    assert told.cue == "tell"
    assert told.speaker.canonical == "Petra Lindqvist"


def test_anonymous_source_is_never_named(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Defence Minister Aurel Dascu visited the base on Friday.\n\n"
        "A senior officer, who asked not to be named because he was not authorised to speak, "
        "said the exercise had been cancelled. The officer said the order came late at night."
    )
    quotes = run(nlp, text)
    first = by_text(quotes, "exercise had been cancelled")
    second = by_text(quotes, "order came late")
    for quote in (first, second):
        assert quote.speaker.type == "anonymous"
        assert "Dascu" not in quote.speaker.canonical
        assert quote.speaker.scope is not None
    assert first.speaker.canonical == second.speaker.canonical


def test_organisation_and_its_short_form(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Valdoria has no plans to close the border, the defence ministry said on Monday.\n\n"
        "“Our troops remain in their barracks,” the ministry said."
    )
    quotes = run(nlp, text)
    long_form = by_text(quotes, "no plans to close")
    short_form = by_text(quotes, "troops remain")
    assert long_form.speaker.type == "government"
    assert short_form.speaker.canonical == long_form.speaker.canonical == "defence ministry"
    assert short_form.speaker.text == "the ministry"


def test_warned_and_denied_are_cues(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Radu Petrescu warned that the levy would hurt investment. "
        "The Kestranian health ministry denied that the country was running out of vaccine."
    )
    quotes = run(nlp, text)
    assert by_text(quotes, "levy would hurt").cue == "warn"
    denied = by_text(quotes, "running out of vaccine")
    assert denied.cue == "deny"
    assert denied.speaker.type == "government"


def test_scare_quotes_and_titles_are_not_statements(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The pact is often described as a “mini-alliance”, and the minister appeared on “Morning Desk Live” on Friday."
    assert run(nlp, text) == []


def test_quote_round_trips_through_a_dict(nlp) -> None:  # type: ignore[no-untyped-def]
    (quote,) = run(nlp, "“We are ready,” said Oskar Fenwald.")
    assert Quote.from_dict(quote.to_dict()) == quote


def test_empty_document_has_no_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    assert run(nlp, "   \n") == []


def test_a_part_of_a_text_is_not_a_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The harbour accord runs to six articles. "
        "Its core, Article 2, states that \"each port shall remain open to the other's ships\". "
        "Mayor Ilse Varga said the accord was \"long overdue\"."
    )
    quotes = run(nlp, text)
    assert all(q.speaker is None or "core" not in q.speaker.canonical.lower() for q in quotes)
    assert by_text(quotes, "long overdue").speaker.canonical == "Ilse Varga"

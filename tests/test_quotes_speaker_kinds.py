"""Speakers are people or organisations: documents resolve to who issued or wrote them, datelines and
places holding an idea never speak, named people stay people, descriptions and pronouns find their person."""

from __future__ import annotations

import pytest

from claimtrace.nlp.pipeline import load_nlp
from claimtrace.quotes import extract_quotes


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


def speakers(nlp, text: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(q.speaker.canonical, q.speaker.type, q.text) for q in extract_quotes(nlp(text))]


def test_the_statement_speaks_for_whoever_issued_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ivo Osk and Mara Lind issued a joint declaration on Monday. "
        "The statement argued that the two countries are not allies."
    )
    ((name, kind, _),) = speakers(nlp, text)
    assert (name, kind) == ("Ivo Osk and Mara Lind", "organisation")


def test_the_article_speaks_for_its_author(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Calder Courier gave weight to the story in a Dec. 2 opinion piece by Tomas Wendt. "
        "The article said that every day there is a risk of a wider war."
    )
    ((name, kind, _),) = speakers(nlp, text)
    assert (name, kind) == ("Tomas Wendt", "person")


def test_a_document_nobody_is_named_for_is_an_unnamed_source(nlp) -> None:  # type: ignore[no-untyped-def]
    ((name, kind, _),) = speakers(nlp, "The article said that the border would stay closed for a year.")
    assert (name, kind) == ("unnamed source of the article", "anonymous")


def test_a_dateline_is_never_the_speaker_nor_the_content(nlp) -> None:  # type: ignore[no-untyped-def]
    found = speakers(nlp, "DRAVSK - The minister said on Monday that talks would resume next week.")
    assert [(n, t) for n, t, _ in found] == [("minister", "person")]
    ((name, _, content),) = speakers(nlp, "DRAVSK — Kestrania will reopen the border to grain trucks, Interior Minister Ivo Osk said.")
    assert name == "Ivo Osk" and not content.startswith("DRAVSK")


def test_a_place_holding_an_idea_is_not_a_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    found = speakers(nlp, "Officials have continued to insist that Kestrania rejects the notion of alliances as such.")
    assert "Kestrania" not in {name for name, _, _ in found}


def test_a_surname_opening_a_sentence_stays_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Owen Marrick is a writer. Marrick then reported in a November 26 article that the appendix was secret."
    assert speakers(nlp, text) == [("Owen Marrick", "person", "the appendix was secret")]


def test_a_description_resolves_to_the_person_named_nearby(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ruth Amsel, a historian at the University of Dravsk, said the treaty was old. "
        "The Dravian historian says that the treaty still binds both sides."
    )
    assert [(n, t) for n, t, _ in speakers(nlp, text)] == [("Ruth Amsel", "person"), ("Ruth Amsel", "person")]


def test_she_never_resolves_to_a_man(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Mr Ivo Osk met Mara Lind in Dravsk on Monday. She said the talks had failed."
    assert [(n, t) for n, t, _ in speakers(nlp, text)] == [("Mara Lind", "person")]


def test_a_statement_asked_for_is_not_a_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    found = speakers(nlp, "Deputies demanded on Thursday that the foreign ministry explain what it knows about the pact.")
    assert "foreign ministry" not in {name for name, _, _ in found}

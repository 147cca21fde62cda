"""Learned cue frames (``lexicon.LEARNED_CUE_FRAMES``) on short fictional passages."""

from __future__ import annotations

import re

import pytest

from claimtrace.nlp.pipeline import load_nlp
from claimtrace.quotes import Quote, extract_quotes
from claimtrace.quotes import lexicon as lx


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_nlp()


def run(nlp, text: str) -> list[Quote]:  # type: ignore[no-untyped-def]
    return extract_quotes(nlp(text))


def test_every_learned_frame_is_a_clause_or_a_preposition_object() -> None:
    assert lx.LEARNED_CUE_FRAMES
    for lemma, frames in lx.LEARNED_CUE_FRAMES.items():
        assert lemma == lemma.lower() and re.fullmatch(r"[a-z]+", lemma), lemma
        assert frames and len(set(frames)) == len(frames), lemma
        for frame in frames:
            assert frame == "ccomp" or re.fullmatch(r"prep:[a-z]+", frame), (lemma, frame)


def test_a_belief_clause_is_reported(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = run(nlp, "Senator Mara Voss believes that the new tariff will hurt farmers in the north.")
    found = [q for q in quotes if "tariff will hurt farmers" in q.text]
    assert found and found[0].speaker.canonical == "Mara Voss" and found[0].speaker.type == "person"
    assert found[0].cue == "believe" and found[0].kind == "indirect"


def test_what_someone_spoke_about_is_reported(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = run(nlp, "Governor Alan Pike spoke about the flooding in the Tesk valley at length.")
    found = [q for q in quotes if "flooding in the Tesk valley" in q.text]
    assert found and found[0].speaker.canonical == "Alan Pike" and found[0].cue == "speak"
    assert not found[0].text.startswith("about")


def test_a_negated_frame_reports_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not [q for q in run(nlp, "Governor Alan Pike did not speak about the flooding in the Tesk valley.") if "flooding" in q.text]


def test_declining_to_comment_on_something_reports_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not [q for q in run(nlp, "A spokesman for the Tesk water board declined to comment on the audit.") if "audit" in q.text]


def test_a_frame_never_takes_an_anonymity_condition_as_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "An official, who spoke on condition of anonymity, thinks that the board will resign."
    quotes = run(nlp, text)
    assert not [q for q in quotes if "anonymity" in q.text]


def test_a_document_nobody_issued_does_not_open_a_frame(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = run(nlp, "The editorial of the Tesk Courier refers to the same report by Ilse Vance.")
    assert not [q for q in quotes if q.speaker.canonical.casefold() in {"editorial", "report"}]

"""Shared readings of claims and sentences (claim_match): speech claims, coverage, numbers, tense.

Every sentence here is invented for the test.
"""

from __future__ import annotations

import pytest

from claimtrace.verify.claim_match import (
    by_claimed_speaker,
    coverage,
    positive_form,
    quantities,
    speech_claim,
    state_of_affairs,
)


def test_speech_claims_split_speaker_and_tense():
    now = speech_claim("Anna Brekke says a customs union is out of the question.")
    assert now is not None and now.surname == "Brekke" and now.present
    then = speech_claim("Anna Brekke said on 3 May that the union was premature.")
    assert then is not None and not then.present
    body = speech_claim("The Norland trade ministry denied that a quota exists.")
    assert body is not None and body.surname is None
    assert speech_claim("Norland and Ostmark signed a customs union.") is None

    assert by_claimed_speaker(now, "Anna Brekke", None, "She repeated it.")
    assert by_claimed_speaker(now, None, None, "Trade Minister Brekke called it premature.")
    assert not by_claimed_speaker(now, "Lars Vinter", None, "Vinter called it premature.")
    assert by_claimed_speaker(body, "Pia Holm", "spokeswoman", "Norland trade ministry spokeswoman Pia Holm said no quota exists.")
    assert not by_claimed_speaker(body, "Pia Holm", "spokeswoman", "Pia Holm of the harbour authority said no quota exists.")


def test_a_body_of_another_kind_is_not_the_claimed_speaker():
    """The kind of body ("trade ministry") must match; its country may be left out ("the ministry")."""
    body = speech_claim("Norland's trade ministry denied that a quota exists.")
    assert body is not None and body.kind_stems == {"trade", "ministr"}
    # Shares "Norland" and "ministry" (two words of three) but is another ministry.
    assert not by_claimed_speaker(body, "Norland's foreign ministry", None, "Norland's foreign ministry said no quota exists.")
    assert not by_claimed_speaker(body, None, None, "Releases from Norland's foreign ministry did not mention a quota.")
    assert by_claimed_speaker(body, "trade ministry", None, "No quota exists, the ministry said on Monday.")
    assert by_claimed_speaker(body, None, None, "A spokesman for Norland's Ministry of Trade said no quota exists.")
    # British and American spellings of the kind are one kind.
    defence = speech_claim("Ostmark's defence ministry said the drill was routine.")
    assert defence is not None and defence.kind_stems == {"defense", "ministr"}
    assert not by_claimed_speaker(defence, None, None, "Releases from Ostmark's foreign ministry called the drill routine.")
    assert by_claimed_speaker(defence, None, None, "Ostmark's Ministry of Defense called the drill routine.")


def test_a_clause_describing_the_speaker_is_not_part_of_their_name_or_kind():
    """"A lighthouse keeper who was rescued at sea says ...": reports call him "the lighthouse keeper"."""
    speech = speech_claim("A lighthouse keeper who was rescued at sea says he saw a whale.")
    assert speech is not None and speech.kind_stems == {"lighthouse", "keeper"}
    assert "rescu" not in " ".join(speech.speaker_stems)
    assert by_claimed_speaker(speech, None, None, "The lighthouse keeper's story of a whale was made up, the coastguard said.")
    assert not by_claimed_speaker(speech, None, None, "A fisherman rescued at sea says he saw a whale.")


def test_coverage_counts_near_synonyms_and_borrows_context_only_for_anaphora():
    claim = "About 900 sailors joined the Grey Gull drill."
    exact = coverage(claim, "About 900 people joined the Grey Gull drill.")
    soft = coverage(claim, "About 900 seamen joined the Grey Gull drill.")
    assert soft > exact - 0.01 and soft < 1.0
    context = "About 900 sailors joined the Grey Gull drill on Monday."
    leaning = coverage(claim, "The navy put the figure at 600.", context)
    standalone = coverage(claim, "The navy reported a calm week.", context)
    assert leaning > standalone
    # Dates in the claim are for the time rules, not for word overlap.
    assert coverage("Norland published the report on 8 March 2024.", "Norland published the report.") == 1.0


def test_quantities_leave_dates_and_years_out():
    assert quantities("About 3,400 troops and 12 ships took part in 2023.") == frozenset({3400.0, 12.0})
    assert quantities("Norland signed the accord on 8 March 2024.") == frozenset()


def test_state_of_affairs_versus_past_event():
    assert state_of_affairs("Norland and Ostmark have signed a customs union.")
    assert state_of_affairs("The text of the union has been kept secret.")
    assert not state_of_affairs("Norland took part in the Grey Gull drill.")
    assert not state_of_affairs("The assembly rejected the union.")


@pytest.mark.parametrize(
    ("text", "positive"),
    [
        ("the Borvian memorandum was not a military alliance", "the Borvian memorandum was a military alliance"),
        ("The plant won't close.", "The plant will close."),
        ("The pact was never signed.", "The pact was signed."),
        ("the accord contains no defence commitments", "the accord contains defence commitments"),
        ("Borvia has no border with Tessaly.", "Borvia has a border with Tessaly."),
        ("No agreement was signed.", "An agreement was signed."),
        ("Nobody signed the pact.", None),  # dropping "nobody" is no positive claim
        ("No Man's Sky sold two million copies.", None),  # "No" inside a name is no negation
        ("The ministry did not say that the pact does not exist.", None),  # two negations: left alone
        ("Borvia and Tessaly signed a naval pact in 2031.", None),
    ],
)
def test_positive_form_takes_out_the_one_negation_of_the_predicate(text: str, positive: str | None) -> None:
    assert positive_form(text) == positive


def test_parse_texts_batches_parses_that_parse_text_then_reuses(monkeypatch):
    from claimtrace.verify import claim_match

    texts = ["Minister Arvo Lind said the bridge would reopen.", "The Lund port authority denied the report."]
    claim_match.parse_texts(texts)
    made = [claim_match.parse_text(t) for t in texts]
    assert [d.text for d in made] == texts and all(len(d) > 3 and any(t.dep_ == "ROOT" for t in d) for d in made)

    def no_parsing():  # every text is parsed already: the pipeline must not be asked again
        raise AssertionError("parsed twice")

    monkeypatch.setattr("claimtrace.nlp.pipeline.load_nlp", no_parsing)
    assert claim_match.parse_text(texts[0]) is made[0]
    claim_match.parse_texts(texts)  # nothing missing: no pipeline call

"""The claim-matching rules the claim check applies on top of the stance model.

Each rule names a way the FNC-trained model goes wrong on sentences from a
single-topic corpus; every sentence here is invented for the test.
"""

from __future__ import annotations

import pytest

from claimtrace.verify.claim_match import (
    agent_mismatch,
    by_claimed_speaker,
    claim_names,
    coverage,
    names_missing,
    opposed_predicate,
    plain_assertion,
    position_changed,
    predicate_irrealis,
    predicate_polarity,
    quantities,
    quantity_agreement,
    speech_claim,
    state_of_affairs,
)


def test_a_promise_is_not_the_event():
    claim = "Norland has published the harbour agreement."
    assert predicate_irrealis(claim, "The ministry said the agreement would be published before the summer.")
    assert predicate_irrealis(claim, "Officials promised to publish the agreement within a month.")
    assert predicate_irrealis(claim, "If it is published, the debate will end.")
    assert not predicate_irrealis(claim, "Norland published the agreement on 2 May.")
    # No predicate in the sentence: nothing to call unrealised.
    assert not predicate_irrealis(claim, "The agreement runs to nine pages.")


def test_plain_assertion_needs_no_hedge_and_no_negation():
    claim = "The two trade ministers met in Porvik on 4 April."
    assert plain_assertion(claim, "The two trade ministers met in Porvik on Tuesday to settle the quota.")
    assert not plain_assertion(claim, "The two trade ministers reportedly met in Porvik.")
    assert not plain_assertion(claim, "The two trade ministers did not meet in Porvik.")
    assert not plain_assertion(claim, "Did the two trade ministers meet in Porvik?")
    sentence = "The ministers met in Porvik, according to the trade ministry."
    assert not plain_assertion(claim, sentence)
    assert plain_assertion(claim, sentence, official_source=True)


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


def test_position_change_cues():
    assert position_changed("Asked whether her position had changed, the minister said the facts had.")
    assert position_changed("I called it impossible, and at the time it was.")
    assert position_changed("She no longer opposes the union.")
    assert position_changed("The minister changed his mind after the vote.")
    assert not position_changed("The minister repeated that the union was impossible.")


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


def test_quantities_and_disputed_counts():
    assert quantities("About 3,400 troops and 12 ships took part in 2023.") == frozenset({3400.0, 12.0})
    claim = "About 900 sailors joined the Grey Gull drill."
    assert quantity_agreement(claim, "The navy said 900 sailors took part.") == "same"
    assert quantity_agreement(claim, "The coastguard put the figure at 600.", "The navy said 900 sailors took part.") == "different"
    assert quantity_agreement(claim, "The coastguard put the figure at 600.") is None
    assert quantity_agreement("Norland joined the drill.", "900 sailors took part.") is None


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Norland and Ostmark signed a customs union in June.", "asserted"),
        ("Despite their lack of a customs union, trade grew.", "negated"),
        ("Norland does not want a customs union with Ostmark.", "negated"),
        ("The port is far from a customs union.", "negated"),
        ("Norland would have to pay a high price for a customs union.", "irrealis"),
        ("Their customs-union talks resumed.", None),
        ("The weather was mild.", None),
    ],
)
def test_predicate_polarity_reads_the_parse(sentence, expected):
    assert predicate_polarity("Norland and Ostmark have a customs union.", sentence) == expected


def test_state_of_affairs_versus_past_event():
    assert state_of_affairs("Norland and Ostmark have signed a customs union.")
    assert state_of_affairs("The text of the union has been kept secret.")
    assert not state_of_affairs("Norland took part in the Grey Gull drill.")
    assert not state_of_affairs("The assembly rejected the union.")


def test_named_things_must_be_named():
    claim = "Norland took part in the Grey Gull drill."
    assert claim_names(claim) == frozenset({"grey", "gull"})
    assert names_missing(claim, "Norland took part in the Blue Heron drill in May.")
    assert not names_missing(claim, "Norland sent two ships to Grey Gull.")
    # "during ..." sets the scene, like a date.
    assert claim_names("Two aircraft entered Norland airspace during the Grey Gull drill.") == frozenset({"norland"})
    # What a speaker said may name things loosely.
    assert claim_names("Anna Brekke says Ostmark is a partner.") == frozenset()


def test_agent_mismatch_tells_partner_from_doer():
    claim = "Ostmark's parliament has ratified the customs union."
    assert agent_mismatch(claim, "The Diet of Norland ratified the customs union with Ostmark on Friday.")
    assert agent_mismatch(claim, "Norland's Diet ratified the customs union with Ostmark on Friday.")
    assert agent_mismatch(claim, "The Diet on Friday ratified the customs union with Ostmark.")
    assert not agent_mismatch(claim, "The Ostmark parliament ratified the union on Friday.")
    assert not agent_mismatch("Norland and Ostmark ratified the union.", "The Diet ratified the union with Ostmark.")


def test_rejecting_claims_is_not_rejecting_the_treaty():
    claim = "Ostmark's parliament has ratified the customs union."
    assert opposed_predicate(claim, "The Ostmark parliament rejected the customs union.")
    assert not opposed_predicate(claim, "The spokeswoman welcomed the vote and rejected claims that it was rushed.")


def test_a_verb_predicate_must_come_as_a_verb():
    from claimtrace.verify.claim_match import asserts_predicate

    claim = "Norland and Ostmark signed a customs union."
    assert asserts_predicate(claim, "The two republics signed the union in Porvik.")
    assert not asserts_predicate(claim, "The talks are the clearest sign yet of a thaw.")


def test_a_denial_must_name_what_the_claim_says():
    from claimtrace.verify.claim_match import denies_the_claim

    claim = "Grey Gull patrol boats entered Ostmark waters during the drill."
    context = "The navy said two Grey Gull patrol boats had entered Ostmark waters on Monday."
    # Other words for the predicate, the object borrowed from the sentence before "its".
    assert denies_the_claim(claim, "The coastguard denied that any of its boats had crossed the line.", context)
    treaty = "Norland and Ostmark have signed a customs union."
    assert not denies_the_claim(treaty, "She said no earlier arrangement had bound Ostmark to anything.")
    assert denies_the_claim(treaty, "Norland denied that any customs union had been signed.")
    assert not denies_the_claim(treaty, "Norland and Ostmark signed the customs union on Friday.")  # not a denial

"""What a sentence passes on from others, and the trace following relays of a claim (verify/relay.py)."""

from __future__ import annotations

import pytest

from claimtrace.verify.frame import parse_claim
from claimtrace.verify.judge import Candidate, judge
from claimtrace.verify.relay import claim_without_time, relayed_content


@pytest.mark.parametrize(
    ("sentence", "clause"),
    [
        ("A Brennik column claimed that Ostria and Tavel had signed a secret naval pact.",
         "Ostria and Tavel had signed a secret naval pact"),
        ("In May, reports that Ostria and Tavel had signed a secret naval pact began to circulate.",
         "Ostria and Tavel had signed a secret naval pact"),
        ("According to the Tavel Courier, the two navies signed the pact in a harbour office.",
         "the two navies signed the pact in a harbour office."),
    ],
)
def test_relayed_clauses_are_found(sentence: str, clause: str) -> None:
    assert clause in relayed_content(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Ostria and Tavel held a naval exercise in the strait on Tuesday.",  # no one is relayed
        "The minister's statement ran to four pages.",  # a speech noun, no clause
    ],
)
def test_plain_statements_relay_nothing(sentence: str) -> None:
    assert relayed_content(sentence) == ()


def test_claim_without_time_drops_the_date_and_its_preposition() -> None:
    assert claim_without_time("Ostria and Tavel signed a naval pact in March 2031.") == "Ostria and Tavel signed a naval pact."
    assert "2031" not in claim_without_time("On 4 March 2031, Ostria and Tavel signed a naval pact.")


def _candidate(k: int, text: str) -> Candidate:
    return Candidate(sentence_id=k, text=text)


def test_the_judge_scores_relays_of_the_claim_and_not_of_other_events() -> None:
    frame = parse_claim("Ostria and Tavel signed a secret naval pact in March 2031.")
    relay = "A Brennik column claimed that Ostria and Tavel had signed a secret naval pact."
    other = "Officials said that Ostria and Tavel were negotiating a public fisheries treaty."
    plain = "Ostria and Tavel signed a secret naval pact."
    judgements = judge(frame, [_candidate(1, relay), _candidate(2, other), _candidate(3, plain)])
    assert judgements[0].relays >= 0.8  # the hedge makes it neutral evidence, yet it passes the claim on
    assert judgements[1].relays < 0.5
    assert judgements[2].relays == 0.0  # says it in its own voice: judged as evidence, not a relay
    assert [j.passes_on for j in judgements] == [True, True, False]

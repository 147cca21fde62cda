"""The judge's rule table, one test per rule, with a stub model so each rule is tested on its own.

The stub says "supports" with 0.9 for every pair: whatever changes that label
is a rule, and the judgement must name it. Invented sentences throughout.
"""

from __future__ import annotations

import numpy as np
import pytest

from claimtrace.verify.frame import parse_claim
from claimtrace.verify.judge import (
    RULES,
    RULES_BY_NAME,
    Candidate,
    hypothesis_for,
    judge,
    names_an_actor,
    premise_for,
    swaps_labels,
)


class SaysSupports:
    """Stands in for the verifier: P(supports) 0.9 for every pair, and remembers what it read."""

    def __init__(self, row=(0.9, 0.05, 0.05)):
        self.row = row
        self.premises: list[str] = []

    def probabilities(self, evidence, claims):
        self.premises.extend(evidence)
        return np.tile(np.asarray(self.row, dtype=np.float32), (len(evidence), 1))


def judged(claim: str, cand: Candidate, row=(0.9, 0.05, 0.05)):
    return judge(parse_claim(claim), [cand], SaysSupports(row))[0]


def test_every_rule_has_a_name_a_reason_and_a_test() -> None:
    source = open(__file__, encoding="utf-8").read()
    for rule in RULES:
        assert rule.reason and rule.name in RULES_BY_NAME
        assert f'"{rule.name}"' in source, f"rule {rule.name} has no test here"


def test_the_model_label_stands_when_no_rule_applies() -> None:
    j = judged("The Borvian navy seized a cargo ship off Tessaly.",
               Candidate(1, "The Borvian navy seized the cargo ship on Tuesday, officials in Tessaly said."))
    assert j.label == "supports" and j.rules_fired == [] and j.probabilities["supports"] == pytest.approx(0.9)


def test_names_no_actor_sets_aside_a_sentence_about_other_people() -> None:
    claim = "The Borvian navy seized a cargo ship off Tessaly."
    j = judged(claim, Candidate(1, "A Marenese patrol boat seized a fishing vessel in the strait."))
    assert j.label == "neutral" and j.rules_fired == ["names_no_actor"]
    # "Borvia" and "Borvian" are one actor; a pronoun borrows the sentence before.
    assert names_an_actor(parse_claim(claim), Candidate(2, "Borvia confirmed the seizure."))
    pointing_back = Candidate(3, "It seized the ship at dawn.", context_before="The Borvian navy patrols the coast.")
    assert judged(claim, pointing_back).label == "supports"
    assert premise_for(pointing_back).startswith("The Borvian navy patrols")


def test_an_unnamed_subject_is_an_actor_beside_the_claims_names() -> None:
    """"A ferryman found ... near Tessaly": reports name him by the noun, not by the place."""
    claim = "A ferryman found a bronze helmet near Tessaly."
    frame = parse_claim(claim)
    assert "ferryman" in frame.actor_words
    assert names_an_actor(frame, Candidate(1, "The ferryman who claimed the find has never existed."))
    assert not names_an_actor(frame, Candidate(2, "A diver found a coin in the harbour."))
    # A named or definite subject adds nothing: the names stand for it.
    assert "navy" not in parse_claim("The Borvian navy seized a cargo ship off Tessaly.").actor_words


def test_not_the_claimed_speaker_keeps_others_out_of_a_claim_about_what_someone_said() -> None:
    claim = "Mira Castell said the plant would close in May."
    other = Candidate(1, "The plant in Tessaly would close in May, a union leader said.", speaker="Odo Venn", speaker_type="person")
    j = judged(claim, other)
    assert j.label == "neutral" and "not_the_claimed_speaker" in j.rules_fired
    hers = Candidate(2, "The plant would close in May, Castell said.", speaker="Mira Castell", speaker_type="person")
    assert judged(claim, hers).label == "supports"


def test_dated_to_another_time_sets_aside_support_for_another_event() -> None:
    claim = "Borvia and Tessaly signed a fisheries accord in March 2021."
    text = "Borvia and Tessaly signed a fisheries accord on 4 June 2019."
    start = text.index("4 June 2019")
    later = Candidate(1, text, times=((start, start + len("4 June 2019"), "2019-06-04"),))
    j = judged(claim, later)
    assert j.label == "neutral" and j.rules_fired == ["dated_to_another_time"]
    same = Candidate(2, text.replace("4 June 2019", "2 March 2021"), times=((start, start + 12, "2021-03-02"),))
    assert judged(claim, same).label == "supports"
    # A refutation is not another event: the rule only sets aside support.
    assert judged(claim, later, row=(0.05, 0.9, 0.05)).label == "refutes"


def test_not_article_text_is_never_evidence() -> None:
    claim = "The Borvian navy seized a cargo ship off Tessaly."
    caption = Candidate(1, "Photo: the Borvian navy seized a cargo ship off Tessaly.", usable=False)
    j = judged(claim, caption)
    assert j.label == "neutral" and j.rules_fired == ["not_article_text"]


def test_neutral_judgements_are_left_alone() -> None:
    j = judged("The Borvian navy seized a cargo ship off Tessaly.",
               Candidate(1, "A Marenese patrol boat seized a fishing vessel."), row=(0.1, 0.1, 0.8))
    assert j.label == "neutral" and j.rules_fired == []


def test_a_claim_that_someone_denied_p_is_judged_on_p_with_the_labels_swapped() -> None:
    claim = "The Borvian navy denied that it seized a cargo ship."
    frame = parse_claim(claim)
    assert frame.speech is not None and frame.speech.denies and frame.speech.content == "it seized a cargo ship"
    stub = SaysSupports(row=(0.05, 0.9, 0.05))  # the model: the sentence refutes "it seized a cargo ship"
    denial = Candidate(1, "\u201cWe seized nothing,\u201d a Borvian navy spokesman said.", speaker="Borvian navy", speaker_type="organisation")
    j = judge(frame, [denial], stub)[0]
    assert j.label == "supports" and j.probabilities["supports"] == pytest.approx(0.9)


class Remembers(SaysSupports):
    """The stub verifier, remembering the claim text it was asked about."""

    def probabilities(self, evidence, claims):
        self.claims = claims
        return super().probabilities(evidence, claims)


def test_a_negated_claim_is_asked_in_its_positive_form_with_the_labels_swapped() -> None:
    """The verifier reads a negation in the claim as contradiction whatever the evidence says, so
    "Mira Castell said the plant would not close" is asked as "the plant would close", and evidence
    the model reads as refuting that supports the claim."""
    frame = parse_claim("Mira Castell said the plant would not close.")
    assert hypothesis_for(frame) == "the plant would close" and swaps_labels(frame)
    stub = Remembers(row=(0.05, 0.9, 0.05))  # the model: the sentence refutes "the plant would close"
    said = Candidate(1, "\u201cThe plant stays open,\u201d Castell told reporters.", speaker="Mira Castell", speaker_type="person")
    j = judge(frame, [said], stub)[0]
    assert stub.claims == "the plant would close"
    assert j.label == "supports" and j.probabilities["supports"] == pytest.approx(0.9)
    world = parse_claim("Borvia has no border with Tessaly.")
    assert hypothesis_for(world) == "Borvia has a border with Tessaly." and swaps_labels(world)
    plain = parse_claim("Borvia shares a border with Tessaly.")
    assert hypothesis_for(plain) == plain.text and not swaps_labels(plain)


def test_a_denial_of_a_negated_claim_is_not_swapped_twice() -> None:
    frame = parse_claim("The Borvian navy denied that it did not seize the ship.")
    assert hypothesis_for(frame) == "it did seize the ship"
    assert not swaps_labels(frame)  # denied that not-P: P itself


def test_a_claim_that_someone_said_p_is_judged_on_p() -> None:
    frame = parse_claim("Mira Castell said that the plant would close in May.")
    assert frame.speech is not None and not frame.speech.denies
    assert frame.speech.content == "the plant would close in May"


def test_the_model_reads_relative_dates_resolved_against_the_article() -> None:
    text = "Borvian troops began the drill on Monday, a week after talks in Tessaly (October 3)."
    monday = text.index("on Monday")
    october = text.index("October 3")
    cand = Candidate(1, text, times=((monday, monday + 9, "2024-06-03"), (october, october + 9, "2024-10-03")))
    assert premise_for(cand) == "Borvian troops began the drill on 3 June 2024, a week after talks in Tessaly (3 October 2024)."
    assert premise_for(Candidate(2, "It rained in 2019.", times=((12, 16, "2019"),))) == "It rained in 2019."

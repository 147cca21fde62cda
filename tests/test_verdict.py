"""Verdict aggregation on hand-built evidence: weights, supersession, independence, anonymity."""

from __future__ import annotations

from itertools import count

from claimtrace.verify.verdict import Evidence, decide, explain, positions, strongest

_ids = count(1)


def ev(stance: str, p: float = 0.97, *, outlet: str = "Marrow Gazette", speaker: str | None = None,
       speaker_type: str = "article", said_on: str = "2024-01-01", doc: str | None = None, related: float = 0.9) -> Evidence:
    i = next(_ids)
    return Evidence(
        sentence_id=i, doc_id=doc or f"doc{i}", sentence_index=0, text=f"sentence {i}", context_before="", context_after="",
        title="t", outlet=outlet, source="s.txt", url=None, published=said_on, published_source="stated",
        stance=stance, stance_probability=p, related=related, relevance=0.8,
        speaker=speaker, speaker_id=speaker.lower().replace(" ", "-") if speaker else None, speaker_type=speaker_type,
        said_on=said_on,
    )


def test_no_relevant_stance_is_not_enough_evidence() -> None:
    verdict = decide([ev("neutral"), ev("supports", p=0.6), ev("refutes", p=0.3)])
    assert verdict.label == "Not enough evidence"


def test_official_denials_from_two_sources_refute() -> None:
    verdict = decide([
        ev("refutes", speaker="Valdorian defence ministry", speaker_type="government", outlet="VBN"),
        ev("refutes", speaker="Lena Vossberg", speaker_type="person", outlet="Kestran Daily Wire"),
        ev("supports", p=0.5, outlet="Northgate Review", related=0.4),
    ])
    assert verdict.label == "Refuted"
    assert len(verdict.refuting_sources) == 2
    assert verdict.confidence > 0.3


def test_one_anonymous_source_echoed_by_many_outlets_is_never_supported() -> None:
    echoes = [ev("supports", 0.95, speaker="senior official", speaker_type="anonymous", outlet=o)
              for o in ["Northgate Review", "CPA", "Kestran Daily Wire", "Marrow Gazette", "Ostrian Herald"]]
    verdict = decide(echoes)
    assert verdict.label == "Not enough evidence"
    assert verdict.supporting_sources == ["anonymous source(s)"]
    assert "anonymous" in verdict.reasons[0]


def test_named_independent_sources_support() -> None:
    verdict = decide([
        ev("supports", speaker="Ilse Marenko", speaker_type="person", outlet="Marrow Gazette"),
        ev("supports", speaker="Valdorian Assembly", speaker_type="government", outlet="VBN"),
    ])
    assert verdict.label == "Supported"


def test_balanced_independent_disagreement_is_conflicting() -> None:
    verdict = decide([
        ev("supports", speaker="Kestranian army", speaker_type="government", outlet="Kestran Daily Wire"),
        ev("refutes", speaker="Ostrian foreign ministry", speaker_type="government", outlet="Ostrian Herald"),
    ])
    assert verdict.label == "Conflicting"


def test_a_speakers_later_statement_supersedes_the_earlier_one() -> None:
    early = ev("supports", speaker="Tomas Reyvik", speaker_type="person", said_on="2023-03-06", outlet="VBN")
    late = ev("refutes", speaker="Tomas Reyvik", speaker_type="person", said_on="2024-11-04", outlet="Kestran Daily Wire")
    verdict = decide([early, late])
    assert early.superseded_by == late.sentence_id and late.superseded_by is None
    assert verdict.label == "Refuted"
    assert any("superseded" in r for r in verdict.reasons)
    table = positions([early, late])
    assert [(p.date, p.stance) for p in table] == [("2023-03-06", "supports"), ("2024-11-04", "refutes")]


def test_many_sentences_of_one_outlet_count_as_one_source() -> None:
    same_outlet = [ev("supports", outlet="Northgate Review") for _ in range(6)]
    verdict = decide(same_outlet)
    assert verdict.supporting_sources == ["outlet:northgate review"]


def test_strongest_caps_items_per_document_and_explanation_cites_them() -> None:
    items = [ev("refutes", doc="same", speaker="Lena Vossberg", speaker_type="person") for _ in range(4)]
    items.append(ev("refutes", doc="other", outlet="CPA"))
    decided = decide(items)
    top = strongest(items, "refutes")
    assert sum(1 for e in top if e.doc_id == "same") == 2 and any(e.doc_id == "other" for e in top)
    text = explain("a claim", decided, [], top)
    assert "Lena Vossberg" in text and text.startswith("Verdict: Refuted")


def test_later_reports_overtake_earlier_ones_only_for_state_claims() -> None:
    def items():
        return [
            ev("refutes", speaker="Valdorian defence ministry", speaker_type="government", outlet="VBN", said_on="2023-12-14"),
            ev("refutes", speaker="Lena Vossberg", speaker_type="person", outlet="CPA", said_on="2023-12-15"),
            ev("supports", speaker="Valdorian Assembly", speaker_type="government", outlet="Marrow Gazette", said_on="2025-01-14"),
            ev("supports", speaker="Rémi Castellane", speaker_type="person", outlet="Kestran Daily Wire", said_on="2024-11-04"),
        ]

    state = decide(items(), state_claim=True)
    assert state.label == "Supported"
    assert any("later reports" in r for r in state.reasons)
    dated = decide(items(), state_claim=False)
    assert dated.label == "Conflicting"


def test_statements_made_before_the_claimed_date_do_not_count() -> None:
    from datetime import date

    items = [
        ev("refutes", speaker="Valdorian defence ministry", speaker_type="government", said_on="2023-12-14"),
        ev("supports", speaker="Rémi Castellane", speaker_type="person", outlet="VBN", said_on="2025-01-15"),
        ev("supports", speaker="Kestrania", speaker_type="government", outlet="Kestran Daily Wire", said_on="2024-11-04"),
    ]
    verdict = decide(items, claim_from=date(2024, 10, 31))
    assert items[0].weight == 0.0
    assert verdict.label == "Supported"
    assert any("before the date the claim names" in r for r in verdict.reasons)


def test_judgements_the_model_is_unsure_of_weigh_nothing_and_name_no_source() -> None:
    strong = ev("refutes", speaker="Valdorian defence ministry", speaker_type="government", outlet="VBN")
    unsure = ev("supports", p=0.45, outlet="Northgate Review")
    firm = ev("supports", speaker="Lena Vossberg", speaker_type="person", outlet="Kestran Daily Wire")
    verdict = decide([strong, unsure, firm])
    assert unsure.weight == 0.0 < firm.weight
    assert verdict.supporting_sources == ["speaker:lena-vossberg"]


def test_reprints_word_for_word_count_as_one_report() -> None:
    line = "The harbour authority of Tessaly confirmed that the cargo ship was seized on Tuesday."
    copies = [ev("supports", 0.97, outlet=o, said_on=d) for o, d in
              [("Borvian Wire", "2024-03-01"), ("Tessaly Post", "2024-03-02"), ("Coastline Daily", "2024-03-02")]]
    for e in copies:
        e.text = line
    verdict = decide(copies)
    assert {e.independent_source for e in copies} == {"outlet:borvian wire"}
    assert any("reprints" in r for r in verdict.reasons)
    # The same words in different outlets would otherwise be three sources; one is not enough to call it.
    assert verdict.label == "Supported" and len(verdict.supporting_sources) == 1


def test_name_variants_of_one_outlet_are_one_source() -> None:
    from claimtrace.verify.verdict import outlet_key

    assert outlet_key("The Tessaly Post (online edition)") == outlet_key("Tessaly Post") == "tessaly post"
    verdict = decide([ev("supports", outlet="The Tessaly Post"), ev("supports", outlet="Tessaly Post (print)")])
    assert len(verdict.supporting_sources) == 1


def test_a_wire_copy_and_its_reprints_are_one_report_whatever_the_dateline() -> None:
    """The agency's copy opens with its dateline; the papers reprinting it drop it: still one source."""
    from dataclasses import replace

    from claimtrace.verify.verdict import merge_reprints

    body = "The governments of Ostria and Tavel on Thursday denied that a naval pact was signed in secret."
    wire = replace(ev("refutes", outlet="Continental Wire", said_on="2031-05-01"), text="PORT AVEL, May 1 (CW) - " + body,
                   independent_source="outlet:cw")
    reprints = [replace(ev("refutes", outlet=o, said_on="2031-05-02"), text=body, independent_source=f"outlet:{o}")
                for o in ("Tavel Courier", "Ostrian Herald")]
    other = replace(ev("refutes", outlet="Brennik Ledger"), text="Tavel's navy said no pact with Ostria had ever been signed.",
                    independent_source="outlet:ledger")
    assert merge_reprints([wire, *reprints, other]) == 2
    assert {e.independent_source for e in reprints} == {"outlet:cw"}
    assert other.independent_source == "outlet:ledger"


def test_the_explanation_names_a_reprinted_report_once_with_its_other_outlets() -> None:
    from dataclasses import replace

    copies = [replace(ev("refutes", outlet=o, speaker="Ostrian government", speaker_type="government"),
                      independent_source="source:org:ostria") for o in ("Continental Wire", "Tavel Courier", "Ostrian Herald")]
    other = replace(ev("refutes", outlet="Brennik Ledger", speaker="Ilo Vask", speaker_type="person"), independent_source="source:person:ilo-vask")
    verdict = decide([*copies, other])
    text = explain("Ostria and Tavel signed a naval pact", verdict, [], [*copies, other])
    assert "Against it: Ostrian government in Continental Wire (2024-01-01), also in Tavel Courier and Ostrian Herald; Ilo Vask in Brennik Ledger" in text
    assert text.count("Ostrian government") == 1


def test_the_explanation_credits_a_fact_stated_beside_another_story_to_the_article() -> None:
    """'Shares rose 9 percent after the Brennik Ledger reported that <a bid>': the attribution credits the
    sentence to the Ledger, but the share move is the wire's own statement, so the wire is named for it."""
    from dataclasses import replace

    item = replace(ev("supports", outlet="Continental Wire", speaker="Brennik Ledger", speaker_type="media"),
                   passes_on=True, relays=0.02)
    assert item.relays_other_story
    verdict = decide([item])
    assert "For it: Continental Wire" in explain("Tavel shares rose 9 percent", verdict, [item], [])
    relay_of_claim = replace(item, relays=0.93)  # 'the Ledger reported that Tavel shares rose 9 percent'
    assert not relay_of_claim.relays_other_story
    assert "For it: Brennik Ledger" in explain("Tavel shares rose 9 percent", decide([relay_of_claim]), [relay_of_claim], [])

"""Tracing claims through the fixture corpus, the demo corpus and (when present) the seed articles."""

from __future__ import annotations

import json

import pytest

from claimtrace.evaluate.provenance import annotate_corpus, check_claim
from claimtrace.provenance.graph import EvidenceRef, ProvenanceGraph, trace_claim

from conftest import DEMO_CORPUS, FIXTURES, SEEDS

GOLD = json.loads((FIXTURES / "provenance" / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def fixture_corpus():
    return annotate_corpus(FIXTURES / "provenance" / "corpus")


@pytest.mark.parametrize("claim", GOLD["claims"], ids=[c["id"] for c in GOLD["claims"]])
def test_gold_claims_origins_counts_and_chains(fixture_corpus, claim) -> None:  # type: ignore[no-untyped-def]
    graph = ProvenanceGraph(fixture_corpus.all_edges())
    result, trace = check_claim(claim, fixture_corpus, graph)
    assert result.origins_found == result.origins_expected
    assert result.sources_found == result.sources_expected
    assert result.chains_missing == []
    assert trace.origins[0].date is not None


def refs(corpus, spec: list[tuple[str, str, str]]) -> list[EvidenceRef]:  # type: ignore[no-untyped-def]
    out = []
    for name, needle, stance in spec:
        annotated = corpus.documents[name]
        index = next(s.index for s in annotated.sentences if needle in s.text)
        out.append(EvidenceRef(annotated.document.id, index, stance))
    return out


@pytest.fixture(scope="module")
def demo_corpus():
    return annotate_corpus(DEMO_CORPUS)


def test_demo_secret_pact_rests_on_one_anonymous_source(demo_corpus) -> None:  # type: ignore[no-untyped-def]
    """CLAIMS.md: the secret-pact claim has one independent origin, the column's anonymous official."""
    evidence = refs(demo_corpus, [
        ("northgate_oosterhuis_column.txt", "told me this autumn that the memorandum", "supports"),
        ("northgate_oosterhuis_column.txt", "There is an annex", "supports"),
        ("cpa_wire_denials.json", "As first reported by the Northgate Review", "neutral"),
        ("cpa_wire_denials.json", "There is no secret pact, and there is no annex", "refutes"),
        ("kestran_daily_wire_export.jsonl#line=1", "As first reported by the Northgate Review", "neutral"),
        ("kestran_daily_wire_export.jsonl#line=1", "There is no secret pact, and there is no annex", "refutes"),
        ("marrow_gazette_export.csv#row=2", "As first reported by the Northgate Review", "neutral"),
        ("ostrian_herald_translated_reprint.txt", "According to Piet Oosterhuis's column", "supports"),
        ("halden_institute_brief.md", "claimed that Valdoria and Kestrania had signed", "neutral"),
        ("halden_institute_brief.md", "columnist Piet Oosterhuis reported, citing one anonymous official", "neutral"),
        ("halden_institute_brief.md", "There is no proof of a secret pact.", "refutes"),
    ])
    trace = trace_claim(ProvenanceGraph(demo_corpus.all_edges()), evidence)
    supporting = [s for s in trace.sources if any(e.stance in {"supports", "neutral"} for e in s.evidence)]
    assert [s.origins for s in supporting] == [["anonymous:person:piet-oosterhuis/official"]]
    refuting = {s.key for s in trace.sources if any(e.stance == "refutes" for e in s.evidence)}
    assert refuting == {"source:person:lena-vossberg", "source:outlet:halden-institute"}
    herald = next(c for c in trace.chains if c.evidence.stance == "supports" and "outlet:northgate-review" in c.nodes)
    assert herald.origin == "anonymous:person:piet-oosterhuis/official"


@pytest.mark.skipif(not (SEEDS / "000_f5f65e572bd338b5.txt").exists(), reason="seed articles not available")
def test_seed_chain_from_the_translation_back_to_the_anonymous_source() -> None:
    corpus = annotate_corpus(SEEDS)
    name = "000_f5f65e572bd338b5.txt"
    annotated = corpus.documents[name]
    keys = {(e.source_node.key, e.relation, e.target_node.key) for e in corpus.edges[name]}
    doc_key = f"document:{annotated.document.id}"
    assert (doc_key, "translates", "outlet:responsible-statecraft") in keys
    assert ("outlet:les-crises", "publishes", doc_key) in keys
    assert ("outlet:russian-matters", "quotes", "person:owen-matthews") in keys
    assert ("person:owen-matthews", "quotes", "anonymous:person:owen-matthews/source") in keys
    assert ("outlet:washington-post", "cites", "person:owen-matthews") in keys
    assert ("person:robert-wright", "writes_for", "outlet:washington-post") in keys
    claim_sentences = [s.index for s in annotated.sentences if "secret" in s.text.lower() and ("pact" in s.text or "agreement" in s.text)]
    evidence = [EvidenceRef(annotated.document.id, i, "supports") for i in claim_sentences]
    evidence += [EvidenceRef(annotated.document.id, s.index, "neutral") for s in annotated.sentences if s.text.startswith(("An article published", "Matthews then reported"))]
    trace = trace_claim(ProvenanceGraph(corpus.all_edges()), evidence)
    assert [o.node.key for o in trace.origins] == ["anonymous:person:owen-matthews/source"]
    assert trace.independent_count == 1
    chains = {tuple(c.nodes) for c in trace.chains}
    assert (doc_key, "outlet:russian-matters", "person:owen-matthews", "anonymous:person:owen-matthews/source") in chains
    assert (doc_key, "outlet:washington-post", "person:owen-matthews", "anonymous:person:owen-matthews/source") in chains


def test_a_sentence_passing_on_the_claim_puts_it_forward_whatever_it_says_of_it() -> None:
    """"Since a column claimed that P, the ministry denied it": the column's source carries the claim,
    though the sentence's own stance refutes it; a plain refutation carries nothing."""
    from claimtrace.provenance.graph import EvidenceRef, IndependentSource, Trace

    relayed = EvidenceRef("d1", 3, "refutes", relays_claim=True)
    refuting = EvidenceRef("d2", 5, "refutes")
    trace = Trace("P", [relayed, refuting], [], [], [
        IndependentSource("source:column", "a column", ["person:columnist"], [relayed]),
        IndependentSource("source:ministry", "the ministry", ["org:ministry"], [refuting]),
    ], {}, [])
    assert [s.key for s in trace.carrying_sources()] == ["source:column"]

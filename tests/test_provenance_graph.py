"""The citation graph and the trace, on hand-built edges (no parsing): identities, chains, origins, counts."""

from __future__ import annotations

import pytest

from claimtrace.provenance.graph import (
    ANONYMOUS_POOL,
    EvidenceRef,
    ProvenanceGraph,
    assign_independent_sources,
    graph_summary,
    trace_claim,
)
from claimtrace.provenance.model import CitationEdge, Node
from claimtrace.verify.verdict import Evidence, decide

ANON = Node("anonymous:person:ada-vell/official", "a senior official who asked not to be named", "anonymous")
VELL = Node("person:ada-vell", "Ada Vell", "person")
RIVER = Node("outlet:river-times", "River Times", "outlet")
WIRE = Node("outlet:north-press-agency", "North Press Agency", "outlet")
MINISTER = Node("person:oren-dask", "Oren Dask", "person")


def doc(doc_id: str, date: str) -> Node:
    return Node(f"document:{doc_id}", f"article {doc_id}", "document", date)


PUBLISHED = {"col": "2030-01-01", "wire": "2030-01-02", "p1": "2030-01-03", "p2": "2030-01-03"}


def edge(source: Node, target: Node, relation: str, doc_id: str, sentence: int | None, date: str | None = None) -> CitationEdge:
    """An edge dated, like the extractor's, by its document's publication unless told otherwise."""
    date = date or PUBLISHED.get(doc_id, "2030-01-01")
    return CitationEdge(source, target, relation, doc_id, sentence, 0, 10, f"{source.name} {relation} {target.name}", date, "publication")  # type: ignore[arg-type]


def echo_corpus(column_date: str = "2030-01-01") -> list[CitationEdge]:
    """A column quotes an anonymous official; a wire reports the column; two papers report the wire."""
    col, wire, p1, p2 = doc("col", column_date), doc("wire", "2030-01-02"), doc("p1", "2030-01-03"), doc("p2", "2030-01-03")
    return [
        edge(RIVER, col, "publishes", "col", None),
        edge(VELL, col, "publishes", "col", None),
        edge(col, ANON, "quotes", "col", 3),
        edge(WIRE, wire, "publishes", "wire", None),
        edge(wire, RIVER, "reports", "wire", 1),
        edge(wire, MINISTER, "quotes", "wire", 2),
        edge(Node("outlet:paper-one", "Paper One", "outlet"), p1, "publishes", "p1", None),
        edge(p1, WIRE, "reports", "p1", 0),
        edge(Node("outlet:paper-two", "Paper Two", "outlet"), p2, "publishes", "p2", None),
        edge(p2, WIRE, "cites", "p2", 4),
    ]


ECHO_EVIDENCE = [
    EvidenceRef("col", 3, "supports"),
    EvidenceRef("wire", 1, "supports"),
    EvidenceRef("wire", 2, "refutes"),
    EvidenceRef("p1", 0, "supports"),
    EvidenceRef("p2", 4, "supports"),
]


def test_echoes_of_one_anonymous_source_are_one_source() -> None:
    trace = trace_claim(echo_corpus(), ECHO_EVIDENCE)
    assert trace.count_by_stance() == {"refutes": 1, "supports": 1}
    supporting = [s for s in trace.sources if any(e.stance == "supports" for e in s.evidence)]
    assert supporting[0].key == ANONYMOUS_POOL and supporting[0].anonymous
    assert len(supporting[0].evidence) == 4


def test_chain_runs_from_each_echo_back_to_the_anonymous_origin() -> None:
    trace = trace_claim(echo_corpus(), ECHO_EVIDENCE)
    p2_chains = [c.nodes for c in trace.chains if c.evidence.doc_id == "p2"]
    assert ["document:p2", WIRE.key, "document:wire", RIVER.key, "document:col", ANON.key] in p2_chains
    origins = [o.node.key for o in trace.origins]
    assert origins[0] == ANON.key  # the earliest origin comes first
    assert MINISTER.key in origins


def test_an_outlet_is_only_followed_into_documents_published_before_the_citation() -> None:
    # The column now appears after the wire cites the River Times: the wire cannot rely on it.
    graph = ProvenanceGraph(echo_corpus(column_date="2030-02-01"))
    trace = trace_claim(graph, [EvidenceRef("wire", 1, "supports"), EvidenceRef("col", 3, "supports")])
    wire_chain = next(c for c in trace.chains if c.evidence.doc_id == "wire")
    assert wire_chain.origin == RIVER.key


def test_refuting_sentence_in_own_voice_does_not_inherit_the_rumour() -> None:
    edges = echo_corpus() + [edge(Node("outlet:paper-one", "Paper One", "outlet"), doc("p1", "2030-01-03"), "publishes", "p1", None)]
    evidence = [EvidenceRef("p1", 0, "supports"), EvidenceRef("p1", 5, "refutes"), EvidenceRef("wire", 1, "neutral"), EvidenceRef("col", 3, "supports")]
    trace = trace_claim(edges, evidence)
    own = next(c for c in trace.chains if c.evidence == EvidenceRef("p1", 5, "refutes"))
    assert own.origin == "document:p1"
    supporting_own = trace_claim(edges, [EvidenceRef("p1", 0, "supports"), EvidenceRef("p1", 6, "supports"), EvidenceRef("wire", 1, "neutral"), EvidenceRef("col", 3, "supports")])
    inherited = next(c for c in supporting_own.chains if c.evidence.sentence_index == 6)
    assert inherited.origin == ANON.key


def test_named_quotes_are_not_inherited_by_the_articles_own_voice() -> None:
    trace = trace_claim(echo_corpus(), [EvidenceRef("wire", 2, "supports"), EvidenceRef("wire", 9, "supports")])
    own = {c.origin for c in trace.chains if c.evidence.sentence_index == 9}
    assert MINISTER.key not in own  # Dask speaks for himself, not for the wire's own sentence
    assert own == {RIVER.key}  # what the wire relays near its claim (the column itself is not among the evidence)
    far = trace_claim(echo_corpus(), [EvidenceRef("wire", 20, "supports"), EvidenceRef("wire", 30, "supports")])
    assert {c.origin for c in far.chains} == {"document:wire"}  # nothing relayed near: the wire is its own source


def test_documents_of_one_outlet_speak_as_one_voice() -> None:
    a, b = doc("a", "2030-03-01"), doc("b", "2030-03-02")
    edges = [edge(RIVER, a, "publishes", "a", None), edge(RIVER, b, "publishes", "b", None)]
    trace = trace_claim(edges, [EvidenceRef("a", 0, "supports"), EvidenceRef("b", 2, "supports")])
    assert trace.independent_count == 1
    assert trace.sources[0].key == f"source:{RIVER.key}"


def test_identities_merge_acronyms_surnames_and_org_outlet_twins() -> None:
    d1, d2 = doc("d1", "2030-01-01"), doc("d2", "2030-01-02")
    edges = [
        edge(d1, Node("outlet:npa", "NPA", "outlet"), "cites", "d1", 0),
        edge(d1, WIRE, "reports", "d1", 1),
        edge(d2, Node("person:vell", "Vell", "person"), "quotes", "d2", 0),
        edge(d2, VELL, "quotes", "d2", 1),
        edge(Node("person:vell", "Vell", "person"), Node("anonymous:person:vell/source", "a source", "anonymous"), "quotes", "d2", 2),
        edge(d2, Node("org:river-times", "river times", "organisation"), "cites", "d2", 3),
        edge(d2, RIVER, "cites", "d2", 4),
    ]
    graph = ProvenanceGraph(edges)
    assert graph.key_for("outlet:npa") == WIRE.key
    assert graph.key_for("person:vell") == VELL.key
    assert graph.key_for("anonymous:person:vell/source") == "anonymous:person:ada-vell/source"
    assert graph.key_for("org:river-times") == RIVER.key
    assert graph.nodes[RIVER.key].name == "River Times"  # the capitalised spelling wins
    assert {e.target_node.key for e in graph.out_edges("document:d2")} == {VELL.key, RIVER.key}


def test_cycles_end_the_walk() -> None:
    d1, d2 = doc("d1", "2030-01-01"), doc("d2", "2030-01-01")
    a, b = Node("outlet:a-news", "A News", "outlet"), Node("outlet:b-news", "B News", "outlet")
    edges = [edge(d1, a, "cites", "d1", 0), edge(a, b, "cites", "d1", 1), edge(b, a, "cites", "d1", 2)]
    trace = trace_claim(edges, [EvidenceRef("d1", 0)])
    assert [c.nodes for c in trace.chains] == [["document:d1", a.key, b.key]]


def test_origin_dates_are_no_later_than_the_citations_that_relay_them() -> None:
    col = doc("col", "2030-01-10")
    stated = CitationEdge(col, VELL, "reports", "col", 1, 0, 5, "Vell reported on 2 January", "2030-01-02", "stated")
    relay = CitationEdge(VELL, ANON, "quotes", "col", 2, 0, 5, "Vell quoted a source", "2030-01-10", "publication")
    trace = trace_claim([stated, relay], [EvidenceRef("col", 1)])
    assert trace.origins[0].node.key == ANON.key
    assert trace.origins[0].date == "2030-01-02"


def make_evidence(doc_id: str, index: int, stance: str, outlet: str, speaker_type: str = "article") -> Evidence:
    return Evidence(
        sentence_id=hash((doc_id, index)) % 10_000, doc_id=doc_id, sentence_index=index, text="the claim",
        context_before="", context_after="", title=None, outlet=outlet, source=f"{doc_id}.txt", url=None,
        published="2030-01-05", published_source="stated", stance=stance, stance_probability=0.97, related=0.9,
        relevance=0.9, speaker_type=speaker_type,
    )


def test_verdict_counts_an_echoed_rumour_once() -> None:
    evidence = [
        make_evidence("col", 3, "supports", "River Times", "anonymous"),
        make_evidence("wire", 1, "supports", "North Press Agency"),
        make_evidence("p1", 0, "supports", "Paper One"),
        make_evidence("p2", 4, "supports", "Paper Two"),
    ]
    interim = decide([make_evidence(e.doc_id, e.sentence_index, e.stance, e.outlet or "", e.speaker_type) for e in evidence])
    assert len(interim.supporting_sources) == 4  # without provenance every outlet looks independent
    trace = assign_independent_sources(evidence, ProvenanceGraph(echo_corpus()), "claim")
    assert {e.independent_source for e in evidence} == {ANONYMOUS_POOL}
    verdict = decide(evidence)
    assert verdict.supporting_sources == [ANONYMOUS_POOL]
    assert verdict.label == "Not enough evidence"
    assert trace.count_by_stance() == {"supports": 1}


def test_evidence_from_unknown_documents_keeps_the_interim_rule() -> None:
    evidence = [make_evidence("elsewhere", 0, "supports", "Other Paper")]
    assign_independent_sources(evidence, ProvenanceGraph(echo_corpus()))
    assert evidence[0].independent_source == ""
    assert decide(evidence).supporting_sources == ["outlet:other paper"]


def test_graph_summary_ranks_the_most_cited_first() -> None:
    rows = graph_summary(ProvenanceGraph(echo_corpus()))
    assert rows[0]["key"] == WIRE.key and rows[0]["cited_by"] == 2


@pytest.mark.parametrize("evidence", [["col"], [("col", 3)]])
def test_evidence_may_be_a_document_or_a_sentence(evidence) -> None:  # type: ignore[no-untyped-def]
    trace = trace_claim(echo_corpus(), evidence)
    assert [o.node.key for o in trace.origins] == [ANON.key]


def test_verdict_suite_holds_when_provenance_runs_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every scenario of the verdict tests, with the provenance assignment inserted before decide()."""
    import test_verdict as suite

    graph = ProvenanceGraph(echo_corpus())

    def decide_with_provenance(evidence: list[Evidence], **options):  # type: ignore[no-untyped-def]
        assign_independent_sources(evidence, graph)
        return decide(evidence, **options)

    monkeypatch.setattr(suite, "decide", decide_with_provenance)
    scenarios = [getattr(suite, n) for n in dir(suite) if n.startswith("test_")]
    assert len(scenarios) >= 5
    for scenario in scenarios:
        scenario()


def market_corpus() -> list[CitationEdge]:
    """A wire's opening states a market move 'after the River Times reported that <a takeover bid>'; the
    next sentence says the Times cited an anonymous official for the bid. A paper reprints the wire."""
    wire, paper = doc("wire", "2030-01-02"), doc("p1", "2030-01-03")
    return [
        edge(WIRE, wire, "publishes", "wire", None),
        edge(wire, RIVER, "reports", "wire", 0),
        edge(RIVER, ANON, "quotes", "wire", 1),
        edge(paper, wire, "reprints", "p1", None),
    ]


def test_a_sentence_relaying_another_story_rests_on_its_own_article_not_on_that_storys_sources() -> None:
    plain = trace_claim(market_corpus(), [EvidenceRef("wire", 0, "supports"), EvidenceRef("p1", 0, "supports")])
    assert {s.key for s in plain.sources} == {ANONYMOUS_POOL}  # without knowing what it relays: the bid's source
    refs = [EvidenceRef("wire", 0, "supports", relays_other=True), EvidenceRef("p1", 0, "supports", relays_other=True)]
    trace = trace_claim(market_corpus(), refs)
    assert len(trace.sources) == 1  # the reprint still pools with the wire it copies
    assert not trace.sources[0].anonymous and trace.sources[0].key != ANONYMOUS_POOL
    assert all(ANON.key not in c.nodes for c in trace.chains)


def test_a_denial_relaying_other_words_keeps_its_speaker() -> None:
    """'The minister said the reports were false' passes on words that are not the claim, yet the minister
    is who refutes it: a refuting sentence keeps its own citations."""
    d = doc("d1", "2030-01-05")
    edges = [edge(d, MINISTER, "quotes", "d1", 2)]
    trace = trace_claim(edges, [EvidenceRef("d1", 2, "refutes", relays_other=True)])
    assert [c.nodes for c in trace.chains] == [["document:d1", MINISTER.key]]

"""The provenance stage: who cites whom, where a claim came from, how many independent sources.

``extract_citations(annotated)`` finds citation, attribution and republication
edges in one document at ingest; ``ProvenanceGraph(edges)`` joins them across
the corpus; ``trace_claim(graph, evidence)`` gives the chains behind a claim's
evidence, its earliest origins and its independent sources, and
``assign_independent_sources(evidence, graph)`` hands that count to the verdict.
"""

from claimtrace.provenance.extract import extract_citations
from claimtrace.provenance.graph import (
    Chain,
    EvidenceRef,
    IndependentSource,
    Origin,
    ProvenanceGraph,
    Trace,
    assign_independent_sources,
    evidence_refs,
    graph_summary,
    trace_claim,
)
from claimtrace.provenance.model import CitationEdge, Node
from claimtrace.provenance.render import render_svg, to_dot, to_json, to_text

__all__ = [
    "Chain",
    "CitationEdge",
    "EvidenceRef",
    "IndependentSource",
    "Node",
    "Origin",
    "ProvenanceGraph",
    "Trace",
    "assign_independent_sources",
    "evidence_refs",
    "extract_citations",
    "graph_summary",
    "render_svg",
    "to_dot",
    "to_json",
    "to_text",
    "trace_claim",
]

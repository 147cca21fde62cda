"""The provenance stage: who cites whom, where a claim came from, how many independent sources.

``extract_citations(annotated)`` finds citation, attribution and republication
edges in one document at ingest; ``ProvenanceGraph(edges)`` joins them across
the corpus; ``trace_claim(graph, evidence)`` gives the chains behind a claim's
evidence, its earliest origins and its independent sources, and
``assign_independent_sources(evidence, graph)`` hands that count to the verdict.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Names load on first use (PEP 562): a claim check needs the graph but not the ingest-side
# extractor, whose patterns take about 0.1 s to compile in a fresh process.
_HOME = {
    "extract_citations": "extract",
    **dict.fromkeys(
        ("Chain", "EvidenceRef", "IndependentSource", "Origin", "ProvenanceGraph", "Trace",
         "assign_independent_sources", "evidence_refs", "graph_summary", "trace_claim"),
        "graph",
    ),
    "CitationEdge": "model",
    "Node": "model",
    **dict.fromkeys(("render_svg", "to_dot", "to_json", "to_text"), "render"),
}

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))


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

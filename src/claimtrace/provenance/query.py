"""Provenance questions asked of a store: the graph, and the trace of one claim.

These are what `claimtrace trace` and `claimtrace sources` call. The evidence
for a claim comes from the claim check (retrieval plus stance);
``retrieved_evidence`` (retrieval alone, no stance) is kept for the
evaluation command's ``--min-similarity`` diagnostic.
"""

from __future__ import annotations

from typing import Any

from claimtrace.provenance.graph import EvidenceRef, ProvenanceGraph, Trace
from claimtrace.provenance.storage import edges_from_rows

MIN_SIMILARITY = 0.45  # retrieval-only diagnostic: MiniLM cosine a sentence needs to count as evidence
EVIDENCE_POOL = 40


def load_graph(store: Any) -> ProvenanceGraph:
    """The corpus graph from the store's ``provenance_edges()`` rows."""
    return ProvenanceGraph(edges_from_rows(store.provenance_edges()))


def retrieved_evidence(store: Any, claim: str, pool: int = EVIDENCE_POOL, min_similarity: float = MIN_SIMILARITY) -> list[EvidenceRef]:
    """Evidence without stance: the retrieved sentences close enough to the claim."""
    from claimtrace.retrieve.hybrid import retrieve

    retrieved, _ = retrieve(store, claim, limit=pool)
    return [
        EvidenceRef(r.hit.document.id, r.hit.sentence.index, None)
        for r in retrieved
        if r.similarity >= min_similarity
    ]


def trace_claim_in_store(store: Any, claim: str, as_of: str | None = None) -> Trace:
    """Chains, origins and independent sources behind the claim check's evidence."""
    from claimtrace.verify.check import check_claim

    return check_claim(store, claim, as_of=as_of).provenance

"""Provenance questions asked of a store: the graph, and the trace of one claim.

These are what `claimtrace trace` and `claimtrace sources` call. The evidence
for a claim comes from the claim check (retrieval plus stance);
``retrieved_evidence`` (retrieval alone, no stance) is kept for the
evaluation command's ``--min-similarity`` diagnostic.
"""

from __future__ import annotations

from typing import Any

from claimtrace.provenance.graph import EvidenceRef, ProvenanceGraph
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


_GRAPHS: dict[int, tuple[tuple[object, ...], ProvenanceGraph]] = {}


def cached_graph(store: Any) -> ProvenanceGraph:
    """The corpus graph, rebuilt only when the store's documents or edges changed since the last call.

    Building it reads every edge of the corpus (about a second at 2,500
    documents); a warm claim check should pay that once, not per check.
    """
    version = store.graph_version()
    cached = _GRAPHS.get(id(store))
    if cached is None or cached[0] != version:
        cached = (version, load_graph(store))
        _GRAPHS.clear()  # one store per process in practice; never hold old graphs alive
        _GRAPHS[id(store)] = cached
    return cached[1]

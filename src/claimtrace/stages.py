"""The enrichment stages that run at ingest after spaCy, registered in pipeline order.

Each adapter turns a stage's library API into an in-place update of the
AnnotatedDocument; the store then persists whatever the stages attached.
"""

from __future__ import annotations

from claimtrace.pipeline import register_stage
from claimtrace.records import AnnotatedDocument


@register_stage("embed")
def embed_stage(annotated: AnnotatedDocument) -> None:
    """Dense vectors for every sentence, for the hybrid retrieval of the claim check."""
    from claimtrace.retrieve.embedder import embed_static

    annotated.embeddings = embed_static([s.text for s in annotated.sentences])

"""The ingest adapter: citation edges for each document, after the quotes and time stages.

The lead registers it in ``claimtrace.stages`` (``@register_stage("provenance")``,
after "time"); the store persists ``annotated.citations``.
"""

from __future__ import annotations

from claimtrace.pipeline import StageContext
from claimtrace.provenance.extract import extract_citations
from claimtrace.records import AnnotatedDocument


def provenance_stage(annotated: AnnotatedDocument, context: StageContext) -> None:
    """Attach the document's citation edges; needs the quotes and their dates already attached."""
    annotated.citations = extract_citations(annotated)  # type: ignore[attr-defined]  # field to be added to AnnotatedDocument

"""The ingest adapter: citation edges for each document, after the quotes and time stages.

Registered in ``claimtrace.stages`` (``@register_stage("provenance")``, after
"time"), which declares what it requires: the quote spans and speaker index
the quotes stage hands forward, and the time stage's dates. The store persists
``annotated.citations``.
"""

from __future__ import annotations

from claimtrace.provenance.extract import extract_citations
from claimtrace.records import AnnotatedDocument


def provenance_stage(annotated: AnnotatedDocument) -> None:
    """Attach the document's citation edges."""
    annotated.citations = extract_citations(annotated)

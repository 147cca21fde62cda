"""The enrichment stages that run at ingest after spaCy, registered in pipeline order.

Each adapter turns a stage's library API into an in-place update of the
AnnotatedDocument; the store then persists whatever the stages attached.
"""

from __future__ import annotations

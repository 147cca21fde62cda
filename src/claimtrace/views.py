"""The documented JSON shape of every output (see docs/json-schema.md).

CLI ``--format json`` and the HTTP API both render through these functions,
so the two can never drift apart. Bump SCHEMA_VERSION on any breaking change.
"""

from __future__ import annotations

from typing import Any

from claimtrace.records import IngestReport
from claimtrace.store import DocumentDetail, DocumentSummary, SentenceHit

SCHEMA_VERSION = 1


def envelope(kind: str, **payload: Any) -> dict[str, Any]:
    return {"schema": f"claimtrace.{kind}", "schema_version": SCHEMA_VERSION, **payload}


def document_summary(d: DocumentSummary) -> dict[str, Any]:
    return {
        "id": d.id,
        "title": d.title,
        "outlet": d.outlet,
        "author": d.author,
        "url": d.url,
        "source": d.source,
        "format": d.format,
        "language": d.language,
        "published": {
            "date": d.published,
            "source": d.published_source,
            "granularity": d.published_granularity,
            "evidence": d.published_evidence,
        },
        "words": d.word_count,
        "sentences": d.sentence_count,
    }


def documents(items: list[DocumentSummary]) -> dict[str, Any]:
    return envelope("documents", count=len(items), documents=[document_summary(d) for d in items])


def document_detail(detail: DocumentDetail) -> dict[str, Any]:
    return envelope(
        "document",
        document=document_summary(detail.document),
        text=detail.text,
        repairs=detail.repairs,
        removed_lines=detail.removed_lines,
        sentences=[
            {
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "paragraph": s.paragraph,
                "text": s.text,
                "entities": s.entities,
            }
            for s in detail.sentences
        ],
    )


def search_hits(query: str, hits: list[SentenceHit]) -> dict[str, Any]:
    return envelope(
        "search",
        query=query,
        count=len(hits),
        hits=[
            {
                "score": round(h.score, 4),
                "text": h.sentence.text,
                "sentence_index": h.sentence.index,
                "start": h.sentence.start,
                "end": h.sentence.end,
                "context_before": h.context_before,
                "context_after": h.context_after,
                "document": {
                    "id": h.document.id,
                    "title": h.document.title,
                    "outlet": h.document.outlet,
                    "published": h.document.published,
                    "published_source": h.document.published_source,
                    "source": h.document.source,
                },
            }
            for h in hits
        ],
    )


def ingest_report(report: IngestReport, counts: dict[str, int]) -> dict[str, Any]:
    return envelope("ingest", **report.to_dict(), totals=counts)

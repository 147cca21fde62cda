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
        "translation": d.translation,
    }


def trace(claim: str, as_of: str | None, provenance: dict[str, Any]) -> dict[str, Any]:
    """``claimtrace trace --format json``: the whole trace (``provenance.render.to_json``), with the
    claim as asked and the ``as_of`` date it was traced at."""
    return envelope("trace", **{**provenance, "claim": claim, "as_of": as_of})


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


def quote(q) -> dict[str, Any]:
    d = q.document
    return {
        "id": q.id,
        "speaker": {"id": q.speaker_id, "name": q.speaker_name, "as_written": q.speaker_text, "type": q.speaker_type,
                    "role": q.speaker_role, "affiliation": q.speaker_affiliation,
                    "start": q.speaker_start, "end": q.speaker_end},
        "text": q.text,
        "kind": q.kind,
        "cue": {"text": q.cue, "start": q.cue_start, "end": q.cue_end},
        "start": q.content_start,
        "end": q.content_end,
        "sentence_index": q.sentence_index,
        "said_on": {"date": q.said_on, "granularity": q.said_on_granularity, "basis": q.said_on_basis,
                    "expression": q.said_on_text, "estimated_base": q.said_on_estimated},
        "document": None if d is None else {"id": d.id, "title": d.title, "outlet": d.outlet, "published": d.published,
                                            "published_source": d.published_source, "source": d.source, "url": d.url,
                                            "translation": d.translation},
        # a quote from a translated document is not in the speaker's own words
        "translated": d is not None and d.translation is not None,
    }


def quotes(items) -> dict[str, Any]:
    return envelope("quotes", count=len(items), quotes=[quote(q) for q in items])


def speaker(s) -> dict[str, Any]:
    return {"id": s.id, "name": s.canonical_name, "type": s.type, "roles": s.roles, "affiliations": s.affiliations,
            "aliases": s.aliases, "quotes": s.quotes, "documents": s.documents}


def speakers(items) -> dict[str, Any]:
    return envelope("speakers", count=len(items), speakers=[speaker(s) for s in items])


def timeline(items, left_out_estimated: int = 0) -> dict[str, Any]:
    """``left_out_estimated``: entries matching the filters that --stated-only left out (0 without it)."""
    return envelope(
        "timeline",
        count=len(items),
        excluded={"estimated": left_out_estimated},
        entries=[
            {"kind": i.kind, "date": i.date, "range_end": i.range_end, "granularity": i.granularity, "basis": i.basis,
             "estimated_base": i.estimated_base, "expression": i.expression_text, "text": i.text,
             "speaker": i.speaker, "speaker_id": i.speaker_id, "sentence_index": i.sentence_index,
             "document": {"id": i.document.id, "title": i.document.title, "outlet": i.document.outlet,
                          "published": i.document.published, "source": i.document.source}}
            for i in items
        ],
    )


def evidence(e) -> dict[str, Any]:
    return {
        "sentence_id": e.sentence_id,
        "text": e.text,
        "context_before": e.context_before,
        "context_after": e.context_after,
        "stance": e.stance,
        "stance_probability": round(e.stance_probability, 3),
        "related": round(e.related, 3),
        "relevance": round(e.relevance, 3),
        "model_probabilities": {k: round(v, 4) for k, v in e.probabilities.items()},
        "rules_fired": list(e.rules_fired),
        "relays_claim": round(e.relays, 3),
        "passes_on": e.passes_on,
        "weight": round(e.weight, 3),
        "speaker": {"name": e.speaker, "id": e.speaker_id, "type": e.speaker_type, "role": e.speaker_role},
        "quote_kind": e.quote_kind,
        "said_on": {"date": e.said_on, "basis": e.said_on_basis},
        "independent_source": e.independent_source,
        "superseded_by": e.superseded_by,
        "document": {"id": e.doc_id, "title": e.title, "outlet": e.outlet, "published": e.published,
                     "published_source": e.published_source, "source": e.source, "url": e.url,
                     "sentence_index": e.sentence_index},
    }


def check_result(r) -> dict[str, Any]:
    v = r.verdict
    return envelope(
        "check",
        claim=r.claim,
        as_of=r.as_of,
        verdict={"label": v.label, "confidence": v.confidence, "support": v.support, "refute": v.refute,
                 "supporting_sources": v.supporting_sources, "refuting_sources": v.refuting_sources,
                 "reasons": v.reasons},
        explanation=r.explanation,
        evidence_for=[evidence(e) for e in r.evidence_for],
        evidence_against=[evidence(e) for e in r.evidence_against],
        positions=[{"actor": p.actor, "actor_type": p.actor_type, "date": p.date, "stance": p.stance,
                    "probability": p.probability, "sentence_id": p.sentence_id, "document_id": p.doc_id, "text": p.text}
                   for p in r.positions],
        evidence=[evidence(e) for e in r.evidence],
        excluded={"published_after_as_of": r.excluded_after_as_of, "undated": r.excluded_undated,
                  "estimated": getattr(r, "excluded_estimated", 0)},
        provenance=_provenance_summary(r.provenance),
        timing=r.timing,
    )


def _provenance_summary(trace) -> dict[str, Any] | None:
    """How many independent sources the claim rests on, and its origins (`claimtrace trace` has the chains)."""
    if trace is None:
        return None
    carrying = trace.carrying_sources()
    return {
        "claim_rests_on": len(carrying),
        "carrying_sources": [{"name": s.name, "anonymous": s.anonymous} for s in carrying],
        "independent_sources": trace.independent_count,
        "origins": [{"name": o.node.name, "kind": o.node.kind, "date": o.date} for o in trace.origins],
    }

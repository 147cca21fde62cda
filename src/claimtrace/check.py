"""The claim check, composed: retrieve -> claim frame -> judge -> provenance -> verdict.

Each step takes the last one's record. Only this module and ``retrieve``
read the store on the query side; ``verify`` judges what it is handed and
``provenance`` groups evidence by independent source. Every statement in the
result points at one stored sentence, so a reader can open it in context.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from claimtrace.retrieve.hybrid import Retrieved, retrieve
from claimtrace.verify.claim_match import coverage
from claimtrace.verify.frame import ClaimFrame, parse_claim
from claimtrace.verify.judge import Candidate, Judgement, judge
from claimtrace.verify.verifier import load_in_background
from claimtrace.verify.verdict import Evidence, Position, Verdict, decide, explain, positions, strongest, weigh

EVIDENCE_POOL = 40
# What the trace follows: evidence that moves the verdict, and sentences that pass the claim on
# ("a column claimed that P", "reports that P") whatever their own stance: how a rumour travels.
# Topical sentences about other things, or about another event, are not sources.
MIN_TRACE_WEIGHT = 0.15
RELAYS_CLAIM = 0.8


@dataclass
class CheckResult:
    claim: str
    as_of: str | None
    verdict: Verdict
    evidence_for: list[Evidence]
    evidence_against: list[Evidence]
    evidence: list[Evidence]
    positions: list[Position]
    explanation: str
    excluded_after_as_of: int = 0
    excluded_undated: int = 0
    excluded_estimated: int = 0  # left out under ``stated_only``: their publication date is only estimated
    stated_only: bool = False
    timing: dict[str, float] = field(default_factory=dict)
    provenance: Any = None  # claimtrace.provenance Trace: chains, origins, independent sources
    frame: ClaimFrame | None = None


def check_claim(store, claim: str, as_of: str | None = None, pool: int = EVIDENCE_POOL,  # type: ignore[no-untyped-def]
                stated_only: bool = False) -> CheckResult:
    """Check one claim against the corpus in ``store``, optionally as of a date (ISO).

    With ``as_of``, a document whose publication date is only estimated counts at its estimate
    unless ``stated_only``, which leaves it out (and counts it) like an undated one."""
    started = time.perf_counter()
    load_in_background()  # a cold check: the verifier loads while retrieval and the claim's parse run
    retrieved, timing = retrieve(store, claim, limit=pool * 2 if as_of else pool)
    retrieved, excluded_late, excluded_undated, excluded_estimated = _published_by(retrieved, as_of, pool, stated_only)

    frame = parse_claim(claim)
    candidates = candidates_from_store(store, retrieved, with_times=frame.time_span is not None)
    judge_start = time.perf_counter()
    judgements = judge(frame, candidates)
    judge_s = time.perf_counter() - judge_start
    evidence = [to_evidence(frame, r, c, j) for r, c, j in zip(retrieved, candidates, judgements)]

    provenance_start = time.perf_counter()
    trace = attach_sources(store, evidence, claim)
    provenance_s = time.perf_counter() - provenance_start

    past_speech = frame.speech is not None and not frame.speech.present
    verdict = decide(evidence, state_claim=frame.starts is None and frame.state_claim, claim_from=frame.starts,
                     supersede=not past_speech)
    evidence_for = strongest(evidence, "supports")
    evidence_against = strongest(evidence, "refutes")
    return CheckResult(
        claim=claim,
        as_of=as_of,
        verdict=verdict,
        evidence_for=evidence_for,
        evidence_against=evidence_against,
        evidence=evidence,
        positions=positions(evidence),
        explanation=explain(claim, verdict, evidence_for, evidence_against),
        excluded_after_as_of=excluded_late,
        excluded_undated=excluded_undated,
        excluded_estimated=excluded_estimated,
        stated_only=bool(as_of) and stated_only,
        timing={
            "bm25_s": round(timing.bm25_s, 4),
            "vectors_s": round(timing.vectors_s, 4),
            "retrieval_s": round(timing.total_s, 4),
            "judge_s": round(judge_s, 4),
            "provenance_s": round(provenance_s, 4),
            "total_s": round(time.perf_counter() - started, 4),
        },
        provenance=trace,
        frame=frame,
    )


def _published_by(
    retrieved: list[Retrieved], as_of: str | None, pool: int, stated_only: bool = False
) -> tuple[list[Retrieved], int, int, int]:
    """Only what was published by ``as_of``; counts of what was left out as later, as undated and
    (``stated_only``) as dated only by an estimate."""
    if not as_of:
        return retrieved, 0, 0, 0
    kept, late, undated, estimated = [], 0, 0, 0
    for r in retrieved:
        published = r.hit.document.published
        if not published:
            undated += 1
        elif stated_only and r.hit.document.published_source == "estimated":
            estimated += 1
        elif published[: len(as_of)] > as_of:
            late += 1
        else:
            kept.append(r)
    return kept[:pool], late, undated, estimated


def candidates_from_store(store, retrieved: list[Retrieved], with_times: bool) -> list[Candidate]:  # type: ignore[no-untyped-def]
    """What the ingest stored about each retrieved sentence, as the judge's input records."""
    attributions = store.attributions_for([r.hit.sentence.id for r in retrieved]) if retrieved else {}
    times: dict[str, list[dict]] = {}
    if with_times:
        for doc_id in {r.hit.document.id for r in retrieved}:
            times[doc_id] = store.document_annotations(doc_id)["time_expressions"]
    out = []
    for r in retrieved:
        s = r.hit.sentence
        attr = attributions.get(s.id, {})
        inside = tuple(
            (int(e["start"]) - s.start, int(e["end"]) - s.start, str(e["value"] or ""))
            for e in times.get(r.hit.document.id, [])
            if s.start <= int(e["start"]) and int(e["end"]) <= s.end
        )
        out.append(
            Candidate(
                sentence_id=s.id,
                text=s.text,
                context_before=r.hit.context_before,
                context_after=r.hit.context_after,
                speaker=attr.get("speaker"),
                speaker_id=attr.get("speaker_id"),
                speaker_type=attr.get("speaker_type") or "article",
                speaker_role=attr.get("role"),
                quote_kind=attr.get("kind"),
                said_on=attr.get("said_on") or r.hit.document.published,
                said_on_basis=attr.get("said_on_basis") or ("publication date" if r.hit.document.published else "unknown"),
                times=inside,
                usable=True,  # search and vectors hold body text only (sentences.role, overlong): marked text never gets here
            )
        )
    return out


def to_evidence(frame: ClaimFrame, r: Retrieved, cand: Candidate, j: Judgement) -> Evidence:
    """One judged sentence with everything needed to cite it."""
    hit, doc = r.hit, r.hit.document
    return Evidence(
        sentence_id=hit.sentence.id,
        doc_id=doc.id,
        sentence_index=hit.sentence.index,
        text=hit.sentence.text,
        context_before=hit.context_before,
        context_after=hit.context_after,
        title=doc.title,
        outlet=doc.outlet,
        source=doc.source,
        url=doc.url,
        published=doc.published,
        published_source=doc.published_source,
        stance=j.label,
        stance_probability=j.probability,
        related=j.bears_on_claim,
        relevance=r.similarity,
        coverage=coverage(frame.text, hit.sentence.text, hit.context_before),
        probabilities=dict(j.probabilities),
        rules_fired=list(j.rules_fired),
        relays=j.relays,
        passes_on=j.passes_on,
        speaker=cand.speaker,
        speaker_id=cand.speaker_id,
        speaker_type=cand.speaker_type,
        speaker_role=cand.speaker_role,
        quote_kind=cand.quote_kind,
        said_on=cand.said_on,
        said_on_basis=cand.said_on_basis,
    )


def attach_sources(store, evidence: list[Evidence], claim: str):  # type: ignore[no-untyped-def]
    """Group evidence by independent source (echoes count once) and trace what carries the claim."""
    from claimtrace.provenance.graph import EvidenceRef, assign_independent_sources, evidence_refs, trace_claim
    from claimtrace.provenance.query import cached_graph

    graph = cached_graph(store)
    assign_independent_sources([e for e in evidence if weigh(e) > 0], graph, claim)
    counted = [e for e in evidence if weigh(e) >= MIN_TRACE_WEIGHT]
    relaying = [e for e in evidence if e.relays >= RELAYS_CLAIM and not e.rules_fired and weigh(e) < MIN_TRACE_WEIGHT]
    # A relay puts the claim forward whatever its own hedge ("a column claimed that P" reads as doubt):
    # in the trace it is a report of the claim.
    refs = evidence_refs(counted) + [EvidenceRef(e.doc_id, e.sentence_index, "neutral") for e in relaying]
    return trace_claim(graph, refs, claim)

"""The claim check: retrieve evidence, judge its stance, attribute and date it, decide.

Every statement in the result points at one stored sentence, so a reader
can open the document and read it in context.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from claimtrace.retrieve.hybrid import RetrievalTiming, retrieve
from claimtrace.verify.claim_match import (
    asserts_predicate,
    claim_predicate,
    agent_mismatch,
    coverage,
    denies_the_claim,
    is_denial,
    names_missing,
    opposed_predicate,
    parse_text,
    predicate_phrase,
    by_claimed_speaker,
    plain_assertion,
    position_changed,
    predicate_irrealis,
    predicate_polarity,
    quantity_agreement,
    speech_claim,
    state_of_affairs,
)
from claimtrace.verify.verdict import Evidence, Position, Verdict, decide, explain, positions, strongest, weigh

EVIDENCE_POOL = 40
# What the trace follows: evidence that moves the verdict, and sentences that report the claim
# without taking sides (how a rumour travels). Topical sentences with a sliver of weight are not sources.
MIN_TRACE_WEIGHT = 0.15
REPORTS_CLAIM_COVERAGE = 0.5
MIN_QUANTITY_COVERAGE = 0.3  # a sentence stating a number must share this much of the claim to be about it
PLAIN_ASSERTION_COVERAGE = 0.7
DENIAL_COVERAGE = 0.5  # a denial sharing this much of the claim denies it even in other words  # a flat statement must carry this share of the claim's words to assert it
OPPOSED_PROBABILITY = 0.8  # a sentence stating the opposite predicate ("absence from" for "took part") refutes firmly


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
    timing: dict[str, float] = field(default_factory=dict)
    provenance: Any = None  # claimtrace.provenance Trace: chains, origins, independent sources


def check_claim(store, claim: str, as_of: str | None = None, pool: int = EVIDENCE_POOL) -> CheckResult:
    """Check one claim against the corpus in ``store``, optionally as of a date (ISO)."""
    from claimtrace.verify.stance import StanceModel

    started = time.perf_counter()
    retrieved, timing = retrieve(store, claim, limit=pool * 2 if as_of else pool)
    excluded_late = excluded_undated = 0
    if as_of:
        kept = []
        for r in retrieved:
            published = r.hit.document.published
            if not published:
                excluded_undated += 1
            elif published[: len(as_of)] > as_of:
                excluded_late += 1
            else:
                kept.append(r)
        retrieved = kept[:pool]

    attributions = store.attributions_for([r.hit.sentence.id for r in retrieved]) if retrieved else {}
    stance_start = time.perf_counter()
    model = StanceModel.load()
    stances = model.predict(claim, [r.hit.sentence.text for r in retrieved]) if retrieved else []
    stance_s = time.perf_counter() - stance_start

    speech = speech_claim(claim)
    claim_time = claim_span(claim)
    # The ingest already found and resolved each document's time expressions: read them, don't redo them.
    stored_times = (
        {d: store.document_annotations(d)["time_expressions"] for d in {r.hit.document.id for r in retrieved}}
        if claim_time
        else {}
    )
    other_time: set[int] = set()  # sentences dated outside the claim's time: other events
    negated_claim = is_denial(claim)
    evidence: list[Evidence] = []
    for r, stance in zip(retrieved, stances):
        hit = r.hit
        doc = hit.document
        attr = attributions.get(hit.sentence.id, {})
        label, probability = stance.label, stance.probability
        covered = coverage(claim, hit.sentence.text, hit.context_before)
        opposed = opposed_predicate(claim, hit.sentence.text)
        if opposed:
            # The opposite predicate stands in for the claim's own ("absence" for "took part"),
            # so the claim's predicate words are not missing from the sentence.
            covered = coverage(claim, hit.sentence.text + " " + predicate_phrase(claim), hit.context_before)
            if covered >= 0.3:
                # "ratified" against a claim of "rejected": the model sees agreement in the shared words.
                label, probability = relabel(stance, "refutes", probability, OPPOSED_PROBABILITY)
        speaker_type = attr.get("speaker_type") or "article"
        on_quantity = False
        related = stance.related
        counted_as = quantity_agreement(claim, hit.sentence.text, hit.context_before)
        about_it = covered if counted_as != "different" else max(covered, coverage(claim, hit.context_before))
        if counted_as and about_it >= MIN_QUANTITY_COVERAGE:
            # The claim's number is its most specific word: stating it asserts the claim, another refutes it.
            on_quantity = True
            covered = max(covered, 0.6)
            related = max(related, 0.6)  # the model, reading one sentence, cannot see what "the figure" is
            if counted_as == "different":
                label, probability = relabel(stance, "refutes", 0.7)
            elif label != "refutes":
                label, probability = relabel(stance, "supports", 0.7)
        if label in {"supports", "refutes"} and not opposed and predicate_irrealis(claim, hit.sentence.text):
            # "would be published" is a promise, not a publication.
            label, probability = relabel(stance, "neutral", probability)
        elif (
            label == "neutral"
            and covered >= PLAIN_ASSERTION_COVERAGE
            and stance.related >= 0.5
            and speaker_type != "anonymous"
            and plain_assertion(claim, hit.sentence.text, official_source=speaker_type in {"government", "organisation"})
        ):
            # The model reads a flat statement of the event as "discusses"; it asserts it.
            label, probability = relabel(stance, "supports", 0.6 * stance.related)
        if speech is None and label in {"supports", "refutes"} and not opposed and not on_quantity and not negated_claim:
            # The model hears agreement in shared words; the parse tells what a negation or a
            # modal governs ("lack of an alliance", "would have to pay a price for an alliance").
            polarity = predicate_polarity(claim, hit.sentence.text)
            if label == "supports" and polarity == "negated":
                label, probability = relabel(stance, "refutes", 0.6)
            elif polarity == "irrealis":
                label, probability = relabel(stance, "neutral", probability)
        off_time = bool(claim_time) and dated_elsewhere(claim, claim_time, hit.sentence, stored_times[doc.id])
        if off_time:
            other_time.add(hit.sentence.id)
        if label == "supports" and off_time:
            label, probability = relabel(stance, "neutral", probability)
        if label == "supports" and speech is None and agent_mismatch(claim, hit.sentence.text):
            label, probability = relabel(stance, "neutral", probability)
        if speech is not None:
            # "X says P" is evidenced by X's statements and reports of them, not by others on P.
            if not by_claimed_speaker(speech, attr.get("speaker"), attr.get("role"), hit.sentence.text):
                label, probability = relabel(stance, "neutral", probability)
            elif speech.present and position_changed(hit.sentence.text):
                # "says" is the speaker's current position; their saying it has moved on refutes it.
                label, probability = relabel(stance, "refutes", 0.8)
                covered = max(covered, 0.6)
        evidence.append(
            Evidence(
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
                stance=label,
                stance_probability=probability,
                related=related,
                coverage=covered,
                asserts_predicate=opposed
                or on_quantity
                or (asserts_predicate(claim, hit.sentence.text) and not names_missing(claim, hit.sentence.text, hit.context_before))
                # A denial often words the predicate its own way ("crossed the border" for "entered airspace").
                or (label == "refutes" and covered >= DENIAL_COVERAGE and denies_the_claim(claim, hit.sentence.text, hit.context_before)),
                relevance=r.similarity,
                speaker=attr.get("speaker"),
                speaker_id=attr.get("speaker_id"),
                speaker_type=speaker_type,
                speaker_role=attr.get("role"),
                quote_kind=attr.get("kind"),
                said_on=attr.get("said_on") or doc.published,
                said_on_basis=attr.get("said_on_basis") or ("publication date" if doc.published else "unknown"),
            )
        )
    from claimtrace.provenance.graph import assign_independent_sources, evidence_refs, trace_claim
    from claimtrace.provenance.query import load_graph

    provenance_start = time.perf_counter()
    graph = load_graph(store)
    # Every weighed sentence gets its independent source, so the verdict pools echoes once...
    assign_independent_sources([e for e in evidence if weigh(e) > 0], graph, claim)
    # ...while the trace shown follows what carries the claim, not every topical sentence.
    carried = [
        e for e in evidence
        if (weigh(e) >= MIN_TRACE_WEIGHT and (e.asserts_predicate or e.stance == "refutes"))
        or (e.stance == "neutral" and e.coverage >= REPORTS_CLAIM_COVERAGE and e.related >= 0.5 and e.sentence_id not in other_time)
    ]
    trace = trace_claim(graph, evidence_refs(carried), claim)
    provenance_s = time.perf_counter() - provenance_start
    claim_from = claim_start(claim)
    verdict = decide(evidence, state_claim=claim_from is None and state_of_affairs(claim), claim_from=claim_from)
    evidence_for = strongest(evidence, "supports")
    evidence_against = strongest(evidence, "refutes")
    total = time.perf_counter() - started
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
        timing={**_timing(timing, stance_s, total), "provenance_s": round(provenance_s, 4)},
        provenance=trace,
    )


def relabel(stance, label: str, *floors: float) -> tuple[str, float]:  # type: ignore[no-untyped-def]
    """A rule's label for a sentence, with at least the model's own probability for it (and the floors)."""
    return label, max(stance.probs.get(label, 0.0), *floors)


def claim_start(claim: str):
    """First day of the time the claim pins itself to ("in March 2023", "on 3 June 2024"), else None."""
    span = claim_span(claim)
    return span[0] if span else None


def dated_elsewhere(claim: str, claim_time: tuple, sentence, expressions: list[dict]) -> bool:  # type: ignore[no-untyped-def]
    """The sentence dates what it says to a day or month outside the claim's time ("signed on 31 October 2024"
    against "signed in March 2023"): it reports another event, not this one.

    ``expressions`` are the time expressions the ingest stored for the sentence's document (resolved
    against its publication date), with offsets into the document.
    """
    from claimtrace.time.calendar import interval
    from claimtrace.verify.claim_match import dates_the_predicate

    spans = []
    for e in expressions:
        if not (sentence.start <= e["start"] and e["end"] <= sentence.end):
            continue
        value = e["value"]
        span = interval(value) if value and len(value) >= 7 else None  # a day or a month, not a bare year
        # "a column in December claimed they had signed" dates the column, not the signing.
        if span and dates_the_predicate(claim, sentence.text, e["start"] - sentence.start, e["end"] - sentence.start):
            spans.append(span)
    return bool(spans) and not any(a <= claim_time[1] and claim_time[0] <= b for a, b in spans)


@lru_cache(maxsize=64)
def claim_span(claim: str):
    """The time the claim pins itself to, as (first day, last day), else None."""
    from claimtrace.time.calendar import interval
    from claimtrace.time.expressions import find_time_expressions

    doc = parse_text(claim)
    starts = []
    for e in find_time_expressions(claim, None):
        span = interval(e.value) if e.value else None
        tokens = [t for t in doc if e.start <= t.idx < e.end]
        heads = [t.head for t in tokens if not (e.start <= t.head.idx < e.end)]
        # "the March 2023 memorandum" names a thing; "signed in March 2023" dates the claim.
        if span and not any(h.pos_ in {"NOUN", "PROPN"} and t.dep_ in {"compound", "nmod", "amod", "nummod"}
                            for t in tokens for h in [t.head] if h in heads):
            starts.append(span)
    return (min(a for a, _ in starts), max(b for _, b in starts)) if starts else None


def _timing(t: RetrievalTiming, stance_s: float, total: float) -> dict[str, float]:
    return {
        "bm25_s": round(t.bm25_s, 4),
        "vectors_s": round(t.vectors_s, 4),
        "retrieval_s": round(t.total_s, 4),
        "stance_s": round(stance_s, 4),
        "total_s": round(total, 4),
    }

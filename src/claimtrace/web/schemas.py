"""OpenAPI descriptions of the JSON the API returns (and the bodies it takes).

The routes return ``claimtrace.views`` output unchanged, so the API and the
CLI's ``--format json`` cannot drift; these models only *describe* those
shapes for the OpenAPI schema, which the tests check responses against.
Extra fields are allowed: a view may add a field within a schema_version.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Shape(BaseModel):
    model_config = ConfigDict(extra="allow")


class Envelope(Shape):
    schema_: str = Field(alias="schema", description="which view this is, e.g. claimtrace.documents")
    schema_version: int


class Published(Shape):
    date: str | None
    source: str = Field(description="stated | estimated | unknown")
    granularity: str | None
    evidence: str | None


class DocumentSummary(Shape):
    id: str
    title: str | None
    outlet: str | None
    author: str | None
    url: str | None
    source: str
    format: str
    language: str | None
    published: Published
    words: int
    sentences: int


class DocumentList(Envelope):
    count: int
    documents: list[DocumentSummary]


class Entity(Shape):
    start: int
    end: int
    label: str
    text: str


class SentenceOut(Shape):
    index: int
    start: int
    end: int
    paragraph: int
    text: str
    entities: list[Entity]


class DocumentOut(Envelope):
    document: DocumentSummary
    text: str
    repairs: list[str]
    removed_lines: list[str]
    sentences: list[SentenceOut]


class QuoteSpan(Shape):
    start: int
    end: int
    speaker: str | None
    speaker_id: str | None
    speaker_start: int
    speaker_end: int
    cue_start: int
    cue_end: int
    kind: str
    said_on: str | None


class TimeSpan(Shape):
    start: int
    end: int
    text: str
    value: str | None
    granularity: str | None
    estimated_base: bool


class Annotations(Envelope):
    document_id: str
    quotes: list[QuoteSpan]
    time_expressions: list[TimeSpan]


class HitDocument(Shape):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    published_source: str
    source: str


class SearchHit(Shape):
    score: float
    text: str
    sentence_index: int
    start: int
    end: int
    context_before: str
    context_after: str
    document: HitDocument


class SearchOut(Envelope):
    query: str
    count: int
    hits: list[SearchHit]


class FacetValue(Shape):
    value: str
    key: str
    count: int


class SearchFacets(Envelope):
    query: str
    pool: int = Field(description="how many best hits the counts are over")
    outlet: list[FacetValue]
    speaker: list[FacetValue]
    year: list[FacetValue]


class QuoteSpeaker(Shape):
    id: str | None
    name: str | None
    as_written: str | None
    type: str | None
    role: str | None
    affiliation: str | None
    start: int
    end: int


class Cue(Shape):
    text: str | None
    start: int
    end: int


class SaidOn(Shape):
    date: str | None
    granularity: str | None
    basis: str | None
    expression: str | None
    estimated_base: bool


class QuoteDocument(Shape):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    published_source: str
    source: str
    url: str | None


class QuoteOut(Shape):
    id: int
    speaker: QuoteSpeaker
    text: str
    kind: str
    cue: Cue
    start: int
    end: int
    sentence_index: int
    said_on: SaidOn
    document: QuoteDocument | None


class QuoteList(Envelope):
    count: int
    quotes: list[QuoteOut]


class SpeakerOut(Shape):
    id: str
    name: str
    type: str
    roles: list[str]
    affiliations: list[str]
    aliases: list[str]
    quotes: int
    documents: int


class SpeakerList(Envelope):
    count: int
    speakers: list[SpeakerOut]


class SpeakerDetail(Envelope):
    speaker: SpeakerOut
    count: int
    quotes: list[QuoteOut]


class TimelineDocument(Shape):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    source: str


class TimelineEntry(Shape):
    kind: str = Field(description="statement | event")
    date: str | None
    granularity: str | None
    basis: str
    estimated_base: bool
    expression: str | None
    text: str
    speaker: str | None
    speaker_id: str | None
    sentence_index: int
    document: TimelineDocument


class TimelineExcluded(Shape):
    estimated: int = Field(description="entries matching the filters that stated_only left out, dated from an estimated publication date")


class TimelineOut(Envelope):
    count: int
    excluded: TimelineExcluded
    entries: list[TimelineEntry]


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim: str = Field(min_length=1, max_length=1000, description="the claim, written as a sentence")
    as_of: str | None = Field(default=None, max_length=10, description="use only what was published by this date (YYYY-MM-DD, YYYY-MM or YYYY)")
    stated_only: bool = Field(default=False, description="with as_of: leave out documents whose publication date is only estimated (CLI --stated-only); excluded.estimated counts them")


class VerdictOut(Shape):
    label: str = Field(description="Supported | Refuted | Not enough evidence | Conflicting")
    confidence: float
    support: float
    refute: float
    supporting_sources: list[str]
    refuting_sources: list[str]
    reasons: list[str]


class EvidenceSpeaker(Shape):
    name: str | None
    id: str | None
    type: str | None
    role: str | None


class EvidenceSaidOn(Shape):
    date: str | None
    basis: str | None


class EvidenceDocument(QuoteDocument):
    sentence_index: int


class EvidenceOut(Shape):
    sentence_id: int
    text: str
    context_before: str
    context_after: str
    stance: str = Field(description="supports | refutes | neutral")
    stance_probability: float
    related: float
    relevance: float
    model_probabilities: dict[str, float] = Field(description="the verification model's P(supports), P(refutes), P(neutral)")
    rules_fired: list[str] = Field(description="names of the judge's rules that changed the model's label")
    relays_claim: float = Field(description="the model's P(supports) for what the sentence passes on from others "
                                "('X claimed that P': P), against the claim without its dates; the trace follows "
                                "sentences that relay the claim, the verdict does not count them")
    passes_on: bool = Field(description="whether the sentence passes on anyone's statement at all; with relays_claim "
                            "low it passes on something else, and the trace does not follow its citations for this claim")
    weight: float
    speaker: EvidenceSpeaker
    quote_kind: str | None
    said_on: EvidenceSaidOn
    independent_source: str | None
    superseded_by: int | None
    document: EvidenceDocument


class PositionOut(Shape):
    actor: str
    actor_type: str
    date: str | None
    stance: str
    probability: float
    sentence_id: int
    document_id: str
    text: str


class Excluded(Shape):
    published_after_as_of: int
    undated: int
    estimated: int = Field(default=0, description="documents dated only by an estimate, left out by stated_only (CLI --stated-only)")


class CarryingSource(Shape):
    name: str
    anonymous: bool


class OriginOut(Shape):
    name: str
    kind: str
    date: str | None


class ProvenanceSummary(Shape):
    claim_rests_on: int  # independent sources that support or report the claim
    carrying_sources: list[CarryingSource]
    independent_sources: int
    origins: list[OriginOut]


class CheckOut(Envelope):
    claim: str
    as_of: str | None
    verdict: VerdictOut
    explanation: str
    evidence_for: list[EvidenceOut]
    evidence_against: list[EvidenceOut]
    positions: list[PositionOut]
    evidence: list[EvidenceOut]
    excluded: Excluded
    provenance: ProvenanceSummary | None = None
    timing: dict[str, float]


class IngestPaths(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paths: list[str] = Field(min_length=1, max_length=100, description="files or folders on the server, inside an --ingest-root")


class SkipReason(Shape):
    source: str
    reason: str


class IngestReport(Envelope):
    ingested: int
    duplicates: int
    skipped: int
    skip_reasons: list[SkipReason]
    documents: list[str]
    words: int
    seconds: float
    interrupted: bool
    totals: dict[str, int]


class Job(Envelope):
    id: str
    origin: str = Field(description="upload | paths")
    inputs: list[str]
    state: str = Field(description="queued | running | done | failed")
    files_total: int
    files_seen: int
    ingested: int
    duplicates: int
    skipped: int
    skip_reasons: list[SkipReason]
    current: str | None
    error: str | None
    report: IngestReport | None
    created_at: float
    finished_at: float | None


class JobList(Envelope):
    count: int
    jobs: list[Job]


class Health(Envelope):
    status: str
    read_only: bool
    counts: dict[str, int]
    check_ready: bool = Field(description="whether the claim-check models loaded")
    check_problem: str | None


class ErrorOut(Envelope):
    status: int
    error: str = Field(description="a stable code, e.g. not_found, rate_limited")
    message: str
    details: list[Any]


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The documented error answers of a route (all share the error envelope)."""
    descriptions = {
        400: "bad input (the message says what to change)",
        401: "the server needs its token",
        403: "not allowed (read-only server, cross-site request, or a path outside --ingest-root)",
        404: "no such document, speaker or job",
        409: "the corpus is not ready for this (e.g. empty)",
        413: "the request body is over the upload limit",
        422: "the request does not match the schema",
        429: "too many requests; see Retry-After",
        503: "the claim-check models could not be loaded",
    }
    common = (401, 422, 429)
    return {s: {"model": ErrorOut, "description": descriptions[s]} for s in sorted(set(statuses) | set(common))}

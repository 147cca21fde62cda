"""The enrichment stages that run at ingest after spaCy, registered in pipeline order.

Each adapter turns a stage's library API into an in-place update of the
AnnotatedDocument; the store then persists whatever the stages attached.
Order matters: quotes first (time dates them), then time, then embed.
"""

from __future__ import annotations

from claimtrace.pipeline import StageContext, register_stage
from claimtrace.records import AnnotatedDocument


@register_stage("quotes")
def quotes_stage(annotated: AnnotatedDocument, context: StageContext) -> None:
    """Direct and reported speech, with speakers resolved across the whole corpus."""
    from claimtrace.quotes import extract_quotes

    registry = context.state.get("speakers")
    if registry is None:
        registry = context.state["speakers"] = stored_speaker_registry(context.store)
    annotated.quotes = extract_quotes(annotated.doc, sentences=annotated.sentences, document_id=annotated.document.id)
    resolve_speakers(annotated, registry)


def stored_speaker_registry(store):  # type: ignore[no-untyped-def]
    """A speaker registry seeded with the stored speakers, so a later ingest keeps their ids."""
    from claimtrace.quotes import SpeakerRegistry
    from claimtrace.quotes.model import SpeakerProfile

    return SpeakerRegistry.from_profiles([SpeakerProfile.from_dict(p) for p in store.speaker_profiles()])


def resolve_speakers(annotated: AnnotatedDocument, registry) -> None:  # type: ignore[no-untyped-def]
    """Give each quote's speaker its corpus-wide id; the Ray engine calls this on its driver, in input order."""
    touched: dict[str, None] = {}
    for quote in annotated.quotes:
        quote.speaker_id = registry.resolve(quote.speaker)
        touched[quote.speaker_id] = None
    annotated.speakers = [p for sid in touched if (p := registry.profile(sid)) is not None]


@register_stage("time")
def time_stage(annotated: AnnotatedDocument, context: StageContext) -> None:
    """Temporal expressions resolved against the publication date; a date for each quote and event."""
    from claimtrace.time.expressions import find_time_expressions
    from claimtrace.time.resolve import date_quote, date_statement

    document = annotated.document
    text = document.text
    expressions = find_time_expressions(text, document.published, annotated.doc)
    annotated.time_expressions = expressions
    annotated.quote_dates = [
        # the expression that governs the cue's own clause; a date inside the quoted words is not when it was said
        date_quote(text, (q.cue_start, q.cue_end), (q.content_start, q.content_end), expressions, document.published, annotated.doc)
        for q in annotated.quotes
    ]
    placed = [e for e in expressions if e.value]
    if not placed:
        return
    quoted = {q.sentence_index for q in annotated.quotes}
    i = 0
    for sentence in annotated.sentences:
        while i < len(placed) and placed[i].end <= sentence.start:
            i += 1
        if sentence.index in quoted or i >= len(placed) or placed[i].start >= sentence.end:
            continue
        when = date_statement(text, (sentence.start, sentence.end), expressions, document.published, annotated.doc)
        if when.basis == "stated in text":
            annotated.sentence_dates[sentence.index] = when


@register_stage("provenance")
def provenance_stage(annotated: AnnotatedDocument, context: StageContext) -> None:
    """Who this article cites, quotes, reprints or translates, for tracing a claim to its origin."""
    from claimtrace.provenance.stage import provenance_stage as run

    run(annotated, context)


@register_stage("embed")
def embed_stage(annotated: AnnotatedDocument, context: StageContext) -> None:
    """Dense vectors for every sentence, for the hybrid retrieval of the claim check."""
    from claimtrace.retrieve.embedder import embed_static

    annotated.embeddings = embed_static([s.text for s in annotated.sentences])

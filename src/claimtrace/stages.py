"""The enrichment stages that run at ingest after spaCy, registered in pipeline order.

Each adapter turns a stage's library API into an in-place update of the
AnnotatedDocument; the store then persists whatever the stages attached.
Order matters: quotes first (time dates them), then time, then embed.
"""

from __future__ import annotations

from itertools import islice

from claimtrace.pipeline import StageContext, register_stage
from claimtrace.records import AnnotatedDocument


@register_stage("quotes")
def quotes_stage(annotated: AnnotatedDocument, context: StageContext) -> None:
    """Direct and reported speech; speakers get their corpus-wide ids when the document is stored.

    Resolving speakers against the corpus waits for the store's write lock
    (``speaker_preparer``), so concurrent ingests see each other's speakers and
    never create one twice.
    """
    from claimtrace.quotes import extract_quotes

    annotated.quotes = extract_quotes(annotated.doc, sentences=annotated.sentences, document_id=annotated.document.id)


def speaker_preparer(annotated: AnnotatedDocument, context: StageContext):  # type: ignore[no-untyped-def]
    """What the store runs inside the document's write transaction: bring the registry up to date, resolve speakers.

    Every writer bumps the store's registry version under its write lock; a
    version this process did not leave means another ingest stored speakers
    since, so the registry is reloaded from the store before resolving.
    """

    def prepare() -> None:
        store = context.store
        found = store.lock_speaker_registry()  # type: ignore[attr-defined]
        registry = context.state.get("speakers")
        if registry is None or context.state.get("speaker_version") != found:
            registry = context.state["speakers"] = stored_speaker_registry(store)
        context.state["speaker_version"] = found + 1
        resolve_speakers(annotated, registry)

    return prepare


def forget_speakers(context: StageContext) -> None:
    """After a failed write the in-memory registry may hold what was rolled back: reload it next time."""
    context.state.pop("speakers", None)
    context.state.pop("speaker_version", None)


def stored_speaker_registry(store):  # type: ignore[no-untyped-def]
    """A speaker registry seeded with the stored speakers and name keys, so a later ingest keeps their ids.

    With the stored keys the registry is exactly the one that wrote them, so a
    resumed ingest resolves names as a clean one would; a corpus stored before
    keys were kept falls back to keys rebuilt from names and aliases.
    """
    from claimtrace.quotes import SpeakerRegistry
    from claimtrace.quotes.model import SpeakerProfile

    profiles = [SpeakerProfile.from_dict(p) for p in store.speaker_profiles()]
    keys = store.speaker_keys() if hasattr(store, "speaker_keys") else []
    if not keys:
        return SpeakerRegistry.from_profiles(profiles)
    by_id = {p.id: p for p in profiles}
    return SpeakerRegistry(_profiles=by_id, _by_key={key: sid for key, sid in keys if sid in by_id})


def resolve_speakers(annotated: AnnotatedDocument, registry) -> None:  # type: ignore[no-untyped-def]
    """Give each quote's speaker its corpus-wide id; the Ray engine calls this on its driver, in input order.

    The name keys the registry learns here are kept on the document, for the store.
    """
    known = len(registry._by_key)  # keys are only ever added, in order
    touched: dict[str, None] = {}
    for quote in annotated.quotes:
        quote.speaker_id = registry.resolve(quote.speaker)
        touched[quote.speaker_id] = None
    annotated.speakers = [p for sid in touched if (p := registry.profile(sid)) is not None]
    annotated.speaker_keys = list(islice(registry._by_key.items(), known, None))


@register_stage("time")
def time_stage(annotated: AnnotatedDocument, context: StageContext) -> None:
    """Temporal expressions resolved against the publication date; a date for each quote and event."""
    from claimtrace.clean.normalise import years_in_range
    from claimtrace.time.expressions import find_time_expressions
    from claimtrace.time.resolve import date_quote, date_statement

    document = annotated.document
    text = document.text
    # A resolved date outside years 1000-2100 ("in 3000 years") is dropped as a date; the document stays.
    expressions = [
        e for e in find_time_expressions(text, document.published, annotated.doc)
        if years_in_range(e.value, e.range_end)
    ]
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

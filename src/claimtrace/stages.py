"""The built-in enrichment stages that run at ingest after spaCy, registered in pipeline order.

Each registration declares what the stage requires and assigns (fields of
``AnnotatedDocument``); ``claimtrace.annotate`` refuses a stage registered
before one it requires and checks the selected stages when an ingest starts:

    quotes      requires doc, sentences      assigns quotes, quote_spans, speaker_index
                corpus-wide, in the write:   speakers, speaker_keys (the speaker registry)
    time        requires quotes              assigns document.published (estimated when not stated),
                                                     time_expressions, quote_dates, sentence_dates
    provenance  requires quote_spans, speaker_index, quote_dates, ...   assigns citations
    embed       requires sentences           assigns embeddings

Each per-document step sees one document and nothing shared, so the local
engine and the Ray workers run the same steps (``annotate_document``); only the
speaker registry is corpus-wide, and runs inside each document's write.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from claimtrace.annotate import StageContext, register_stage
from claimtrace.records import AnnotatedDocument

if TYPE_CHECKING:
    from claimtrace.quotes import SpeakerRegistry
    from claimtrace.store.base import Store


# -- quotes: the corpus-wide step ---------------------------------------------------------
def resolve_speakers_in_write(annotated: AnnotatedDocument, context: StageContext) -> None:
    """Inside the document's write transaction: bring the registry up to date, resolve speakers.

    Every writer bumps the store's registry version under its write lock; a
    version this process did not leave means another ingest stored speakers
    since, so the registry is reloaded from the store before resolving. A
    document without quotes leaves the registry (and its version) alone.
    """
    if not annotated.quotes:
        return
    store = context.store
    found = store.lock_speaker_registry()  # type: ignore[attr-defined]
    registry = context.state.get("speakers")
    if registry is None or context.state.get("speaker_version") != found:
        registry = context.state["speakers"] = stored_speaker_registry(store)
    context.state["speaker_version"] = found + 1
    resolve_speakers(annotated, registry)


def forget_speakers(context: StageContext) -> None:
    """After a failed write the in-memory registry may hold what was rolled back: reload it next time."""
    context.state.pop("speakers", None)
    context.state.pop("speaker_version", None)


def stored_speaker_registry(store: Store) -> SpeakerRegistry:
    """A speaker registry seeded with the stored speakers and name keys, so a later ingest keeps their ids.

    With the stored keys the registry is exactly the one that wrote them, so a
    resumed ingest resolves names as a clean one would; a corpus stored before
    keys were kept falls back to keys rebuilt from names and aliases.
    """
    from claimtrace.quotes import SpeakerRegistry
    from claimtrace.quotes.model import SpeakerProfile

    profiles = [SpeakerProfile.from_dict(p) for p in store.speaker_profiles()]  # type: ignore[attr-defined]
    keys = store.speaker_keys() if hasattr(store, "speaker_keys") else []
    if not keys:
        return SpeakerRegistry.from_profiles(profiles)
    by_id = {p.id: p for p in profiles}
    return SpeakerRegistry(_profiles=by_id, _by_key={key: sid for key, sid in keys if sid in by_id})


def resolve_speakers(annotated: AnnotatedDocument, registry: SpeakerRegistry) -> None:
    """Give each quote's speaker its corpus-wide id; the name keys the registry learns are kept on the document."""
    known = len(registry._by_key)  # keys are only ever added, in order
    touched: dict[str, None] = {}
    for quote in annotated.quotes:
        quote.speaker_id = registry.resolve(quote.speaker)
        touched[quote.speaker_id] = None
    annotated.speakers = [p for sid in touched if (p := registry.profile(sid)) is not None]
    annotated.speaker_keys = list(islice(registry._by_key.items(), known, None))


# -- the stages, in pipeline order ----------------------------------------------------------
@register_stage(
    "quotes",
    requires=("doc", "sentences", "document"),
    assigns=("quotes", "quote_spans", "speaker_index"),
    corpus_step=resolve_speakers_in_write,
    corpus_assigns=("speakers", "speaker_keys"),
    rollback=forget_speakers,
)
def quotes_stage(annotated: AnnotatedDocument) -> None:
    """Direct and reported speech, with the quote spans and speaker index found on the way (for provenance).

    Speakers get their corpus-wide ids when the document is stored
    (``resolve_speakers_in_write``), under the store's write lock, so concurrent
    ingests see each other's speakers and never create one twice.
    """
    from claimtrace.quotes import find_quotes

    assert annotated.doc is not None
    found = find_quotes(annotated.doc, sentences=annotated.sentences, document_id=annotated.document.id)
    annotated.quotes = found.quotes
    annotated.quote_spans = found.spans
    annotated.speaker_index = found.speakers


@register_stage(
    "time",
    requires=("doc", "sentences", "document", "quotes"),
    assigns=("document.published", "time_expressions", "quote_dates", "sentence_dates"),
)
def time_stage(annotated: AnnotatedDocument) -> None:
    """The publication date when the article does not state one, then temporal expressions resolved
    against it; a date for each quote and for each sentence that states one."""
    from claimtrace.clean.normalise import years_in_range
    from claimtrace.time.expressions import find_time_expressions
    from claimtrace.time.resolve import date_quote, date_statement, estimate_if_unstated

    document = annotated.document
    document.published = estimate_if_unstated(document.published, document.text)
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


@register_stage(
    "provenance",
    requires=("doc", "sentences", "document.published", "quotes", "quote_spans", "speaker_index", "quote_dates", "time_expressions"),
    assigns=("citations",),
)
def provenance_stage(annotated: AnnotatedDocument) -> None:
    """Who this article cites, quotes, reprints or translates, for tracing a claim to its origin."""
    from claimtrace.provenance.stage import provenance_stage as run

    run(annotated)


@register_stage("embed", requires=("sentences",), assigns=("embeddings",))
def embed_stage(annotated: AnnotatedDocument) -> None:
    """Dense vectors for every sentence, for the hybrid retrieval of the claim check."""
    from claimtrace.retrieve.embedder import embed_static

    annotated.embeddings = embed_static([s.text for s in annotated.sentences])
